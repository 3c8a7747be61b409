"""Approval chains, enforced: whose turn it is, who may take it, and each step's record.

This is the one place an approval goes through (``actions.approve`` calls ``approve``
here, and the form, the API, bulk approval and ``bursar inbox approve`` call that):

* The rule pack's ``approval_chains`` (``rules.chains``) choose the chain by the amount a
  limit compares with (``actions.against_limit``: the largest the document ever stood at,
  in the limit currency, a currency correction never lowering it), the cost centre and
  the vendor. Without a matching chain an item takes one approval, as before.
* Steps go in order, one approval each. Every step but the last is recorded as
  ``inbox.step_approved``; the last is the item's approval with every control of
  ``actions.check_approval`` (limit, override policy, two-person sign-off).
* Segregation of duties: nobody fills two steps, neither as the one acting nor as the one
  acted for; nobody who corrected the document or submitted it fills any step. Steps
  approved before the document's latest correction, or under another chain (the amount
  moved it to another tier), no longer count.
* Delegation (``bursar.inbox.delegation``): a delegate acts with the delegator's
  authority (role, limit, named steps, assignment) for the steps the delegator could
  fill, on the days the delegation runs; the delegate must still be someone whose own
  role may approve. The audit records both: ``actor`` the delegate, ``on_behalf_of``
  the delegator.
* Escalation (``bursar.inbox.escalation``): a step escalated after its wait may also be
  taken by its ``escalate_to`` target.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from bursar import audit
from bursar.fx import InLimitCurrency
from bursar.inbox import actions, authority
from bursar.inbox.users import Person
from bursar.inbox.users import person as person_of
from bursar.records import (
    ApprovalEscalation,
    ApprovalStep,
    Correction,
    Delegation,
    Document,
    Extraction,
    InboxItem,
    User,
)
from bursar.types import utcnow
from rules.chains import Chain, Step, Target
from rules.overrides import rank
from rules.packs import RulePack

ANY_APPROVER = Step(role="approver")  # the one step of an item without a chain


@dataclass(frozen=True)
class Done:
    no: int
    step: str
    actor: str
    on_behalf_of: str | None
    at: datetime | None
    escalated: bool = False

    def who(self) -> str:
        return f"{self.actor} for {self.on_behalf_of}" if self.on_behalf_of else self.actor


@dataclass(frozen=True)
class ChainState:
    """Where an item stands in its chain; ``chain`` None: one approval, as without chains."""

    item_id: int
    chain: Chain | None
    owner: str | None = None
    cost_centre: str | None = None
    done: tuple[Done, ...] = ()
    since: datetime | None = None  # when the current step began to wait
    escalated_to: Target | None = None
    amount: InLimitCurrency | None = None
    problem: str | None = None  # why no chain could be chosen

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.chain.steps if self.chain else (ANY_APPROVER,)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def current_no(self) -> int:
        return len(self.done) + 1

    @property
    def current(self) -> Step | None:
        return self.steps[len(self.done)] if len(self.done) < self.total else None

    @property
    def last(self) -> bool:
        return self.current_no >= self.total

    def step_name(self) -> str:
        """Return the current step in words, e.g. ``controller`` or ``budget owner (olga)``."""
        step = self.current
        if step is None:
            return "nobody"
        return step.name(self.owner) if self.chain else "an approver"

    def waiting_for(self) -> str:
        """Return the current step in words, and who else may take it after an escalation."""
        text = self.step_name()
        return text + (
            f" (escalated: or {self.escalated_to.describe()})" if self.escalated_to else ""
        )

    def describe(self) -> str:
        """Return e.g. ``step 1 of 2 done by olga; waiting for: controller``."""
        if self.problem:
            return self.problem
        if self.chain is None:
            return "one approval: waiting for an approver"
        done = "; ".join(f"step {d.no} of {self.total} done by {d.who()}" for d in self.done)
        return f"{done + '; ' if done else ''}waiting for: {self.waiting_for()}"

    def short(self) -> str:
        """Return the list column: ``1/2 · controller``; empty without a chain."""
        if self.problem:
            return "chain unknown"
        if self.chain is None:
            return ""
        step = self.current
        who = step.name(self.owner) if step else "—"
        return f"{len(self.done)}/{self.total} · {who}" + (" ↑" if self.escalated_to else "")

    def people(self) -> set[str]:
        """Return everyone who filled a step, acting or acted for."""
        return {n for d in self.done for n in (d.actor, d.on_behalf_of) if n}

    def to_json(self) -> dict[str, Any]:
        return {
            "chain": self.chain.name if self.chain else None,
            "steps": self.total,
            "done": [
                {"step": d.no, "name": d.step, "actor": d.actor, "on_behalf_of": d.on_behalf_of,
                 "escalated": d.escalated, "at": d.at.isoformat() if d.at else None}
                for d in self.done
            ],
            "waiting_for": self.waiting_for() if not self.problem else None,
            "since": self.since.isoformat() if self.since else None,
            "escalated_to": self.escalated_to.to_json() if self.escalated_to else None,
            "cost_centre": self.cost_centre,
            "summary": self.describe(),
        }  # fmt: skip


# --- reading the state ----------------------------------------------------------------------------


@dataclass
class _Facts:
    """What the chain states of some items read, fetched in a few queries for all of them
    (the list shows a page of states at once)."""

    steps: dict[int, list[ApprovalStep]] = field(default_factory=dict)
    escalations: dict[int, list[ApprovalEscalation]] = field(default_factory=dict)
    corrected: dict[int, datetime] = field(default_factory=dict)  # document -> latest
    centres: dict[int, str] = field(default_factory=dict)  # document -> cost centre named


def _centre_named(result: Any) -> str | None:
    fields = (result or {}).get("fields") or {}
    raw = fields.get("cost_centre") or fields.get("cost_center")
    value = raw.get("value") if isinstance(raw, dict) else raw
    return str(value).strip() if value else None


def _facts(session: Session, items: list[InboxItem], centres: bool) -> _Facts:
    ids = [i.id for i in items]
    docs = [i.document_id for i in items]
    out = _Facts()
    steps = select(ApprovalStep).where(col(ApprovalStep.item_id).in_(ids))
    for row in session.exec(steps.order_by(col(ApprovalStep.step_no), col(ApprovalStep.id))):
        out.steps.setdefault(row.item_id, []).append(row)
    for esc in session.exec(
        select(ApprovalEscalation).where(col(ApprovalEscalation.item_id).in_(ids))
    ):
        out.escalations.setdefault(esc.item_id, []).append(esc)
    fixes = select(Correction.document_id, func.max(Correction.at)).where(
        col(Correction.document_id).in_(docs)
    )
    for doc_id, at in session.exec(fixes.group_by(col(Correction.document_id))):
        if at is not None:
            out.corrected[doc_id] = at
    if centres:  # the newest extraction may name the cost centre
        newest = (
            select(func.max(Extraction.id))
            .where(col(Extraction.document_id).in_(docs))
            .group_by(col(Extraction.document_id))
        )
        for ext in session.exec(select(Extraction).where(col(Extraction.id).in_(newest))):
            named = _centre_named(ext.result)
            if named:
                out.centres[ext.document_id] = named
    return out


def state(
    session: Session, item: InboxItem, pack: RulePack | None = None, facts: _Facts | None = None
) -> ChainState:
    """Return where ``item`` stands in its approval chain."""
    config = (pack or authority.current_pack()).approval_chains
    item_id = item.id or 0
    if not config.chains:
        return ChainState(item_id, None)
    try:
        compared, _ = actions.against_limit(session, item)
    except actions.Refused as exc:  # unknown amount, no rate: never guessed
        return ChainState(item_id, None, problem=f"cannot choose the approval chain: {exc}")
    facts = facts or _facts(session, [item], config.uses_cost_centres)
    vendor = item.vendor_id
    if vendor is None:
        doc = session.get(Document, item.document_id)
        vendor = doc.vendor_id if doc else None
    centre = config.cost_centre(facts.centres.get(item.document_id), vendor)
    owner = config.owners.get(centre or "")
    chain = config.choose(compared.value, vendor, centre)
    if chain is None:
        return ChainState(item_id, None, owner, centre, amount=compared)
    corrected = facts.corrected.get(item.document_id)
    done: list[Done] = []
    for row in facts.steps.get(item_id, []):
        stale = corrected is not None and row.at is not None and row.at <= corrected
        if row.chain_sig == chain.sig and not stale and row.step_no == len(done) + 1:
            done.append(Done(row.step_no, row.step, row.actor, row.on_behalf_of, row.at,
                             row.escalated))  # fmt: skip
    since = done[-1].at if done else item.created_at
    if corrected is not None and since is not None and corrected > since:
        since = corrected  # a correction restarted the chain: the wait starts again
    target = None
    for esc in facts.escalations.get(item_id, []):
        if esc.chain_sig == chain.sig and esc.step_no == len(done) + 1:
            kind, _, who = esc.target.partition(":")
            target = Target(role=who) if kind == "role" else Target(user=who)
    return ChainState(item_id, chain, owner, centre, tuple(done), since, target, compared)


def turns(session: Session, item_ids: list[int]) -> dict[int, str]:
    """Return the list column (whose turn) for the given items; empty without chains."""
    pack = authority.current_pack()
    if not item_ids or not pack.approval_chains.chains:
        return {}
    stmt = select(InboxItem).where(col(InboxItem.id).in_(item_ids))
    items = [i for i in session.exec(stmt).all() if i.status in ("open", "hold")]
    facts = _facts(session, items, pack.approval_chains.uses_cost_centres)
    return {i.id or 0: state(session, i, pack, facts).short() for i in items}


# --- who may take the current step ---------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One way the signed-in person could take the step."""

    authority: Person  # name: the person acting; role and limit: whose authority is used
    on_behalf_of: str | None = None
    escalated: bool = False
    completes_signoff: bool = False  # the second person of a two-person override
    note: list[str] = field(default_factory=list)


def _user(session: Session, name: str) -> User | None:
    user = session.exec(select(User).where(User.name == name)).first()
    return user if user is not None and user.active else None


def fills(user_name: str, role: str, target: Target) -> bool:
    """True when a user of ``role`` called ``user_name`` is who ``target`` names."""
    if target.user:
        return user_name == target.user
    return rank(role) >= rank(target.role or "approver") > 0


def active_delegations(
    session: Session, delegate: str, today: date | None = None
) -> list[Delegation]:
    """Return the delegations ``delegate`` holds today (inclusive dates, not revoked)."""
    day = today or utcnow().date()
    stmt = select(Delegation).where(
        Delegation.delegate == delegate,
        col(Delegation.revoked_at).is_(None),
        col(Delegation.starts_on) <= day,
        col(Delegation.ends_on) >= day,
    )
    return list(session.exec(stmt.order_by(col(Delegation.id))).all())


def _signed_now(item: InboxItem, st: ChainState) -> bool:
    """True when the item's sign-off was given while its last step waited: only that step's
    person can have given it then (an older one, from before the chain reached its last
    step or before a correction, completes nothing)."""
    if st.chain is None or st.since is None:
        return True
    return item.signoff_at is not None and item.signoff_at >= st.since


def candidates(session: Session, item: InboxItem, st: ChainState, me: Person) -> list[Candidate]:
    """Return the ways ``me`` may take the current step: in their own right, as its
    escalation target, for a delegator who could take it, or as the second person
    completing a two-person override the step's person signed off."""
    step = st.current
    if step is None:
        return []
    target = step.target(st.owner)
    out = []
    if fills(me.name, me.role, target):
        out.append(Candidate(me))
    if st.escalated_to and fills(me.name, me.role, st.escalated_to):
        out.append(Candidate(me, escalated=True))
    if me.can("approve"):  # a delegate must be someone whose own role may approve
        for grant in active_delegations(session, me.name):
            boss = _user(session, grant.delegator)
            if boss is not None and boss.name != me.name and fills(boss.name, boss.role, target):
                p = person_of(boss)
                out.append(Candidate(replace(me, role=p.role, limit=p.limit), boss.name))
    if st.last and item.signoff_by and item.signoff_by != me.name and _signed_now(item, st):
        out.append(Candidate(me, completes_signoff=True))
    return out


# --- approving ------------------------------------------------------------------------------------


def _submitter(session: Session, document_id: int) -> str | None:
    for ev in audit.events_for(session, f"document/{document_id}"):
        if ev.action == "document.received":
            return ev.actor
    return None


def _check_people(session: Session, item: InboxItem, st: ChainState, c: Candidate) -> None:
    names = {c.authority.name, c.on_behalf_of} - {None}
    again = names & st.people()
    if again:
        who = sorted(again)[0]
        you = "you" if who == c.authority.name else who
        raise actions.Refused(
            f"{you} already approved a step of item {item.id}: step {st.current_no} of "
            f"{st.total} needs another person (segregation of duties)"
        )
    if _submitter(session, item.document_id) in names:
        raise actions.Refused(
            "the person who submitted this document cannot approve it (segregation of duties)"
        )


def check_step(session: Session, item: InboxItem, st: ChainState, c: Candidate) -> None:
    """Raise unless ``c`` may approve a step before the last one."""
    me = c.authority
    actions.check_basics(session, item, me, c.on_behalf_of)
    _check_people(session, item, st, c)


def _refuse_turn(item: InboxItem, st: ChainState, me: Person) -> actions.Refused:
    return actions.Refused(
        f"item {item.id} waits for step {st.current_no} of {st.total}: {st.waiting_for()}; "
        f"you ({me.name}, {me.role}) are not that step's approver, nor hold a delegation "
        "from them today"
    )


def approve(
    session: Session,
    item: InboxItem,
    me: Person,
    comment: str | None,
    reason_code: str | None = None,
    reason_codes: dict[str, str] | None = None,
) -> actions.Outcome:
    """Take the current step of ``item`` for ``me``; the last step approves the item."""
    actions.need_open(item)
    st = state(session, item)
    if st.problem:
        raise actions.Refused(st.problem)
    options = candidates(session, item, st, me)
    if not options and (st.chain is None or not me.can("approve")):
        options = [Candidate(me)]  # refused as before: role, limit, assignment ...
    if not options:
        raise _refuse_turn(item, st, me)
    first_error: actions.BursarError | None = None
    for c in options:
        try:
            if not st.last:
                check_step(session, item, st, c)
                return _record_step(session, item, st, c, comment)
            approval = actions.check_approval(
                session, item, c.authority, comment, reason_code, reason_codes,
                on_behalf_of=c.on_behalf_of,
            )  # fmt: skip
            _check_people(session, item, st, c)
            if c.completes_signoff and approval.signoff_only:
                raise _refuse_turn(item, st, me)
        except actions.BursarError as exc:
            first_error = first_error or exc
            continue
        return _finish(session, item, st, c, approval)
    assert first_error is not None
    raise first_error


def _chain_json(st: ChainState) -> dict[str, Any]:
    return {"summary": st.describe(), "step": st.current_no, "of": st.total,
            "name": st.chain.name if st.chain else None}  # fmt: skip


def _record_step(
    session: Session, item: InboxItem, st: ChainState, c: Candidate, comment: str | None
) -> actions.Outcome:
    text = " ".join((comment or "").split())[:2000] or None
    row = ApprovalStep(
        item_id=item.id or 0, chain=st.chain.name if st.chain else "", chain_sig=st.chain.sig
        if st.chain else "", step_no=st.current_no, step=st.step_name(),
        actor=c.authority.name, on_behalf_of=c.on_behalf_of, escalated=c.escalated, comment=text,
    )  # fmt: skip
    session.add(row)
    session.flush()
    after = state(session, item)
    audit.append(
        session, c.authority.name, "inbox.step_approved", f"inbox/{item.id}",
        {"document": item.document_id, "on_behalf_of": c.on_behalf_of, "escalated": c.escalated,
         "comment": text, "authority": {"role": c.authority.role},
         "step": {"no": st.current_no, "of": st.total, "name": row.step},
         "before": {**actions.snapshot(item), "chain": _chain_json(st)},
         "after": {**actions.snapshot(item), "chain": _chain_json(after)},
         **(st.amount.to_json() if st.amount else {})},
    )  # fmt: skip
    who = f"{c.authority.name} for {c.on_behalf_of}" if c.on_behalf_of else c.authority.name
    return actions.Outcome(
        item.id or 0, item.document_id, item.status,
        f"step {st.current_no} of {st.total} approved by {who}; waiting for: {after.waiting_for()}",
    )  # fmt: skip


def _finish(
    session: Session, item: InboxItem, st: ChainState, c: Candidate, approval: actions.Approval
) -> actions.Outcome:
    extra = {"on_behalf_of": c.on_behalf_of, "escalated": c.escalated}
    if st.chain is not None:
        extra["chain"] = _chain_json(st)
    approval = replace(approval, authority={**approval.authority, **extra})
    if approval.signoff_only:
        return actions.sign_off(session, item, c.authority, approval)
    if st.chain is not None:
        session.add(ApprovalStep(
            item_id=item.id or 0, chain=st.chain.name, chain_sig=st.chain.sig,
            step_no=st.current_no, step=st.step_name(), actor=c.authority.name,
            on_behalf_of=c.on_behalf_of, escalated=c.escalated, comment=approval.comment,
        ))  # fmt: skip
    return actions.decide(session, item, c.authority, "approved", approval.comment, approval, extra)

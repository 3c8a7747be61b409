"""``bursar inbox approve|chain|delegate|delegations|undelegate|escalate`` (issue 26).

The command line acts as a named inbox user (``--as``): whoever runs it holds the
database, like ``bursar users``, so the name is trusted; every control of the inbox
(chain order, segregation of duties, limits, delegations) is still applied to that user,
by the same function the form and the API call, and a refusal is audited.
"""

from __future__ import annotations

import json

import typer

from bursar.cli.output import console, emit_json, table
from bursar.errors import InputError


def _person(name: str):  # type: ignore[no-untyped-def]
    from bursar import db
    from bursar.inbox.users import active_user, person

    with db.session_scope(write=False) as session:
        user = active_user(session, name)
        if user is None:
            raise InputError(f"--as {name!r} is not an active user", code="not_found")
        return person(user)


def register_chains(group: typer.Typer) -> None:
    @group.command("approve")
    def approve(
        item: int = typer.Argument(..., min=1, help="Inbox item id."),
        as_: str = typer.Option(..., "--as", help="The inbox user who approves."),
        comment: str | None = typer.Option(None, "--comment"),
        reason_code: str | None = typer.Option(None, "--reason-code"),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Approve an item, or the current step of its approval chain."""
        from bursar import audit, db
        from bursar.inbox import actions, refusals

        me = _person(as_)
        with refusals.audited(item, me, "approve", "cli"), db.session_scope() as session:
            out = actions.approve(session, item, me, comment, reason_code).to_json()
        audit.checkpoint_after_batch("inbox cli")
        emit_json(out) if json_out else console.print(f"item {item}: {out['message']}")

    @group.command("chain")
    def show_chain(
        item: int = typer.Argument(..., min=1, help="Inbox item id."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Say whose turn it is on an item, and which steps are done by whom."""
        from bursar import db
        from bursar.inbox import actions, chain

        with db.session_scope(write=False) as session:
            st = chain.state(session, actions.load_item(session, item))
            out = st.to_json()
        emit_json(out) if json_out else console.print(out["summary"], markup=False)

    @group.command("delegate")
    def delegate(
        delegator: str = typer.Argument(..., help="Who delegates (on leave)."),
        delegate: str = typer.Argument(..., help="Who acts for them."),
        starts_on: str = typer.Option(..., "--from", help="First day, YYYY-MM-DD (UTC)."),
        ends_on: str = typer.Option(..., "--to", help="Last day, YYYY-MM-DD (included)."),
        reason: str | None = typer.Option(None, "--reason"),
        actor: str = typer.Option("cli", help="Who records it (in the audit trail)."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Let DELEGATE act for DELEGATOR between two dates."""
        from bursar import db
        from bursar.inbox import delegation

        with db.session_scope() as session:
            row = delegation.create(session, delegator, delegate, starts_on, ends_on,
                                    actor=actor, reason=reason)  # fmt: skip
            out = delegation.to_json(row)
        if json_out:
            emit_json(out)
        else:
            console.print(f"delegation {out['id']}: {delegate} acts for {delegator} "
                          f"from {out['starts_on']} to {out['ends_on']}")  # fmt: skip

    @group.command("delegations")
    def delegations(
        user: str | None = typer.Option(None, "--user", help="Only those given or held."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """List delegations, newest first."""
        from bursar import db
        from bursar.inbox import delegation

        with db.session_scope(write=False) as session:
            rows = [delegation.to_json(d) for d in delegation.listing(session, user)]
        if json_out:
            emit_json(rows)
            return
        cols = ["id", "delegator", "delegate", "starts_on", "ends_on", "active", "revoked"]
        table("Delegations", cols, [[r[c] for c in cols] for r in rows])

    @group.command("undelegate")
    def undelegate(
        delegation_id: int = typer.Argument(..., min=1),
        actor: str = typer.Option("cli", help="Who revokes it (in the audit trail)."),
    ):
        """Revoke a delegation now."""
        from bursar import db
        from bursar.inbox import delegation

        with db.session_scope() as session:
            delegation.revoke(session, delegation_id, actor=actor)
        console.print(f"delegation {delegation_id} revoked")

    @group.command("escalate")
    def escalate(json_out: bool = typer.Option(False, "--json")):
        """Escalate chain steps waiting past their wait (idempotent; run it periodically)."""
        from bursar.inbox.escalation import escalate_due

        done = escalate_due()
        if json_out:  # the scheduler reads the last line (``inbox = "escalate"`` jobs)
            answer = {"status": "succeeded", "items": {"escalated": len(done)}, "escalated": done}
            typer.echo(json.dumps(answer))  # one line: the scheduler reads the last one
        else:
            console.print(f"escalated {len(done)} item(s)")

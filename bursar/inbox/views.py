"""Server-rendered pages: the inbox list, one document, the dashboard, and the form actions.

Form actions answer with a redirect (post/redirect/get) and a flash message; a refused
action (limit, segregation of duties, missing comment) flashes the reason and goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool

from bursar.db import session_scope
from bursar.errors import BursarError
from bursar.inbox import actions, authority, bulk, chain, corrections, metrics, refusals
from bursar.inbox.claimlines import DENIAL_CODES
from bursar.inbox.detail import HEADER_FIELDS, INVOICE_LINE_FIELDS, document_view
from bursar.inbox.pages import page_png
from bursar.inbox.queries import SLA_VIEWS, SORTS, ListQuery, inbox, neighbours, reason_counts
from bursar.inbox.users import Person, parse_limit
from bursar.inbox.web import render, require_person, set_flash
from bursar.records import Document, InboxItem, User, Vendor

Id = Annotated[int, Path(ge=1, le=2**62)]
PER_PAGE = 50
router = APIRouter(dependencies=[Depends(require_person)], include_in_schema=False)


def _amount(text: str | None) -> Decimal | None:
    try:
        return parse_limit(text)
    except BursarError:
        return None


@router.get("/")
def home() -> Response:
    return RedirectResponse("/inbox", status_code=303)


@router.get("/inbox")
def inbox_page(
    request: Request,
    status: str = "open",
    reason: str | None = None,
    vendor: str | None = None,
    min: str | None = None,  # noqa: A002 - query parameter names the user sees
    max: str | None = None,  # noqa: A002
    sort: str = "-age",
    assigned: str | None = None,
    page: int = 1,
    search: str | None = None,
    sla: str | None = None,
    cursor: str | None = None,
) -> Response:
    params = {"status": status, "reason": reason, "vendor": vendor, "min": min, "max": max,
              "sort": sort, "assigned": assigned, "page": str(page), "search": search,
              "sla": sla, "cursor": cursor}  # fmt: skip
    q = list_query(params, per_page=PER_PAGE)
    sla_hours = request.app.state.settings.sla_hours
    with session_scope(write=False) as session:
        listing = inbox(session, q, sla_hours)
        turns = chain.turns(session, [r.id for r in listing.rows])  # issue 26: whose turn
    state = _state(q, min, max)
    at = lambda c: "/inbox?" + urlencode({**state, "cursor": c}) if c else None  # noqa: E731
    ctx = {
        "turns": turns,
        "listing": listing, "q": q, "sla_hours": sla_hours, "min": min or "", "max": max or "",
        "ls": list_state(q, min, max), "next_url": at(listing.next_cursor),
        "prev_url": at(listing.prev_cursor),
        "bulk_codes": authority.needed([q.reason]).coded().get(q.reason, ()) if q.reason else (),
    }  # fmt: skip
    return render(request, "inbox.html", ctx)


def _state(q: ListQuery, lo: str | None, hi: str | None) -> dict[str, str]:
    raw = {"status": q.status, "reason": q.reason, "vendor": q.vendor, "min": lo, "max": hi,
           "sort": q.sort, "assigned": q.assigned, "search": q.search, "sla": q.sla}  # fmt: skip
    return {k: str(v) for k, v in raw.items() if v}


def list_state(q: ListQuery, lo: str | None = None, hi: str | None = None) -> str:
    """Return the list's filter as a query string a document page carries along."""
    return urlencode(_state(q, lo, hi))


def list_query(params: Any, per_page: int = 5000) -> ListQuery:
    """Return the ListQuery for inbox page parameters (a mapping or a query string)."""
    if isinstance(params, str):
        params = {k: v[-1] for k, v in parse_qs(params[:2000]).items()}
    get = lambda k: params.get(k) or None  # noqa: E731
    status, sort, page = get("status") or "open", get("sort") or "-age", get("page") or "1"
    search, cursor = (get("search") or "")[:200].strip() or None, get("cursor")
    return ListQuery(
        status=status if status in ("open", "hold", "decided", "all") else "open",
        reason=get("reason"), vendor=get("vendor"), assigned=get("assigned"),
        min_amount=_amount(get("min")), max_amount=_amount(get("max")),
        sort=sort if sort in SORTS else "-age", limit=per_page,
        page=int(page) if str(page).isdigit() and 0 < int(page) < 100000 else 1,
        search=search, sla=get("sla") if get("sla") in SLA_VIEWS else None,
        cursor=cursor[:1000] if cursor else None,
    )  # fmt: skip


def _neighbours(document_id: int, ls: str) -> tuple[int | None, int | None]:
    """Return the previous and next documents of the same list, for j/k and after a decision."""
    with session_scope(write=False) as session:
        return neighbours(session, list_query(ls), document_id)


def doc_url(document_id: int | None, ls: str) -> str:
    if document_id is None:
        return "/inbox" + (f"?{ls}" if ls else "")
    return f"/documents/{document_id}" + (f"?{urlencode({'ls': ls})}" if ls else "")


@router.get("/documents/{document_id}")
def document_page(
    request: Request, document_id: Id, ls: str = "", me: Person = Depends(require_person)
) -> Response:
    with session_scope(write=True) as session:
        view = document_view(session, document_id)
        if view.item is not None:
            actions.mark_opened(session, view.item, me)
        pending = (
            corrections.pending_bank_change(session, view.document.vendor_id)
            if view.document.vendor_id
            else None
        )
        users = session.exec(select(User).where(User.active == True).order_by(col(User.name))).all()  # noqa: E712
        assignees = [u.name for u in users if u.role != "auditor"]
        blocked_by_me = me.name in actions.correctors(session, document_id)
        blocks = [f for f in view.findings if f.severity == "block"]
        need = authority.needed([f.rule for f in blocks]) if blocks else None
        amount_notes = authority.amount_corrections(session, document_id)
        turn = chain.state(session, view.item) if view.item is not None else None
        picker = list(
            session.exec(select(Vendor.vendor_id, Vendor.name).order_by(col(Vendor.name))).all()
        )
    ls = ls if ls else list_state(list_query({}))
    prev_id, next_id = _neighbours(document_id, ls)
    ctx = {
        "need": need,
        "turn": turn,
        "amount_notes": amount_notes,
        "vendor_choices": picker,
        "ls": ls,
        "doc_url": doc_url,
        "line_fields": INVOICE_LINE_FIELDS,
        "denial_codes": DENIAL_CODES,
        "v": view,
        "pending_bank": pending,
        "assignees": assignees,
        "header_fields": HEADER_FIELDS,
        "corrected_by_me": blocked_by_me,
        "prev_id": prev_id,
        "next_id": next_id,
        "blocks": blocks,
    }
    return render(request, "document.html", ctx)


@router.get("/documents/{document_id}/pages/{page}.png")
def page_image(document_id: Id, page: Id) -> Response:
    with session_scope(write=False) as session:
        doc = session.get(Document, document_id)
    if doc is None:
        raise actions.NotFound(f"no document {document_id}")
    path = page_png(doc.sha256, page)
    return FileResponse(
        path, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"}
    )


def _act(request: Request, back: str, work: Callable[[], str], ok: str | None = None) -> Response:
    """Run one action; flash its outcome (or why it was refused) and redirect (to ``ok`` when
    it succeeded and one is given)."""
    try:
        message = work()
    except BursarError as exc:
        return set_flash(request, RedirectResponse(back, status_code=303), "error", exc.one_line())
    return set_flash(request, RedirectResponse(ok or back, status_code=303), "ok", message)


def _doc_of(item_id: int) -> int | None:
    with session_scope(write=False) as session:
        item = session.get(InboxItem, item_id)
    return item.document_id if item else None


def _reason_codes(form: Any) -> tuple[str | None, dict[str, str]]:
    """Return the form's reason code and the codes chosen per rule (``reason_code.RULE``)."""
    per_rule = {
        str(k).split(".", 1)[1]: str(v)
        for k, v in form.items()
        if str(k).startswith("reason_code.") and v
    }
    return (str(form.get("reason_code") or "") or None), per_rule


def _item_action(name: str, fn: Callable[..., actions.Outcome], moves_on: bool) -> None:
    @router.post(f"/items/{{item_id}}/{name}", name=f"item_{name}")
    async def action(
        request: Request, item_id: Id, me: Person = Depends(require_person)
    ) -> Response:
        form = await request.form()
        comment, ls = str(form.get("comment") or ""), str(form.get("ls") or "")
        code, codes = _reason_codes(form)
        doc = await run_in_threadpool(_doc_of, item_id)
        # the next item of the same list, taken before this one leaves it
        after = doc_url(_neighbours(doc, ls)[1], ls) if moves_on and doc else None

        still_open: list[bool] = []

        def work() -> str:
            with refusals.audited(item_id, me, name, "form"), session_scope() as session:
                out = fn(session, item_id, me, comment, code, codes)
            still_open.append(out.status in ("open", "hold"))  # e.g. a first sign-off
            return f"Item {out.item}: {out.message}."

        back = doc_url(doc, ls) if doc else "/inbox"
        answer = await run_in_threadpool(_act, request, back, work, after)
        if still_open and still_open[0]:
            answer.headers["location"] = back  # the item is still to be decided: stay on it
        return answer


_item_action("approve", actions.approve, True)
_item_action("reject", actions.reject, True)
_item_action("hold", actions.hold, False)
_item_action("release", lambda s, i, me, c, *_: actions.hold(s, i, me, c, release=True), False)


@router.post("/items/{item_id}/assign")
def assign(
    request: Request,
    item_id: Id,
    assignee: str = Form(""),
    ls: str = Form(""),
    me: Person = Depends(require_person),
) -> Response:
    def work() -> str:
        with refusals.audited(item_id, me, "assign", "form"), session_scope() as session:
            return actions.assign(session, item_id, me, assignee).message.capitalize() + "."

    return _act(request, doc_url(_doc_of(item_id), ls), work)


@router.post("/documents/{document_id}/correct")
def correct(
    request: Request,
    document_id: Id,
    field: str = Form(...),
    value: str = Form(""),
    reason: str = Form(""),
    ls: str = Form(""),
    me: Person = Depends(require_person),
) -> Response:
    def work() -> str:
        out = corrections.correct_and_redecide(document_id, me, field, value, reason)
        c, status = out["correction"], out["decision"].get("status", "re-evaluated")
        old, new = c["before"] or "—", c["after"] or "—"
        return f"{c['field']} changed from {old} to {new}; rules re-run: {status}."

    return _act(request, doc_url(document_id, ls), work)


@router.post("/documents/{document_id}/vendor")
def pick_vendor(
    request: Request,
    document_id: Id,
    vendor_id: str = Form(...),
    ls: str = Form(""),
    me: Person = Depends(require_person),
) -> Response:
    def work() -> str:
        out = corrections.correct_and_redecide(document_id, me, "", "", vendor=vendor_id)
        status = out["decision"].get("status", "re-evaluated")
        return f"Vendor set to {out['correction']['after']}; rules re-run: {status}."

    return _act(request, doc_url(document_id, ls), work)


@router.post("/documents/{document_id}/bank-change")
def propose_bank(
    request: Request, document_id: Id, me: Person = Depends(require_person)
) -> Response:
    def work() -> str:
        with session_scope() as session:
            out = corrections.propose_bank_change(session, document_id, me)
        return f"Bank change for {out['vendor']} proposed; a second person must confirm it."

    return _act(request, f"/documents/{document_id}", work)


@router.post("/vendors/{vendor_id}/bank-change/confirm")
def confirm_bank(
    request: Request, vendor_id: str, document: int = Form(0), me: Person = Depends(require_person)
) -> Response:
    def work() -> str:
        with session_scope() as session:
            out = corrections.confirm_bank_change(session, vendor_id, me)
        if out.get("document"):
            corrections.pipeline_redecide(int(out["document"]), me.name)
        return f"Bank details of {vendor_id} changed; rules re-run."

    return _act(request, f"/documents/{document}" if document else "/inbox", work)


@router.post("/items/bulk-approve")
async def bulk_approve(request: Request, me: Person = Depends(require_person)) -> Response:
    form = await request.form()
    reason, comment = str(form.get("reason") or ""), str(form.get("comment") or "")
    code = str(form.get("reason_code") or "") or None
    ids = [int(v) for v in form.getlist("ids") if str(v).isdigit() and len(str(v)) < 18]
    back = str(form.get("back") or "")
    if not back.startswith("/inbox?") and back != "/inbox":
        back = f"/inbox?{urlencode({'reason': reason})}" if reason else "/inbox"

    def work() -> str:
        out = bulk.bulk_approve(ids, reason, comment, me, code)
        text = f"Approved {len(out['approved'])} item(s)."
        for key in ("advanced", "skipped", "refused"):
            if out.get(key):
                text += f" {key.capitalize()} {len(out[key])}: " + "; ".join(
                    f"#{s['item']}: {s['message']}" for s in out[key][:5]
                )
        return text

    return await run_in_threadpool(_act, request, back, work)


@router.get("/dashboard")
def dashboard_page(request: Request) -> Response:
    sla = request.app.state.settings.sla_hours
    with session_scope(write=False) as session:
        board = metrics.dashboard(session, sla)
        counts = reason_counts(session)
        alerts = _open_alerts(session)
    peak = max([d["received"] for d in board.per_day] + [1])
    return render(
        request,
        "dashboard.html",
        {
            "b": board,
            "peak": peak,
            "counts": counts,
            "sla_hours": sla,
            "pipeline": _pipeline_status(),
            "alerts": alerts,
        },
    )


def _pipeline_status() -> dict | None:
    """Documents by stage, queues and workers (``bursar status``); None if unreadable."""
    try:
        from bursar.status import collect

        return collect()
    except Exception:  # the dashboard shows what it can
        return None


def _open_alerts(session) -> list:  # type: ignore[no-untyped-def]
    """The scheduler's unacknowledged alerts (failures, disabled jobs, SLA, missed)."""
    try:
        from bursar.alerts import open_alerts

        return open_alerts(session, limit=10)
    except Exception:  # no scheduler tables yet: nothing to show
        return []

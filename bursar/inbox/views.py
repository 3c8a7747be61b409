"""Server-rendered pages: the inbox list, one document, the dashboard, and the form actions.

Form actions answer with a redirect (post/redirect/get) and a flash message; a refused
action (limit, segregation of duties, missing comment) flashes the reason and goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlmodel import col, select

from bursar.db import session_scope
from bursar.errors import BursarError
from bursar.inbox import actions, corrections, metrics
from bursar.inbox.detail import HEADER_FIELDS, document_view
from bursar.inbox.pages import page_png
from bursar.inbox.queries import OPEN, SORTS, ListQuery, inbox, reason_counts
from bursar.inbox.users import Person, parse_limit
from bursar.inbox.web import render, require_person, set_flash
from bursar.records import Document, InboxItem, User

Id = Annotated[int, Path(ge=1, le=2**62)]
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
) -> Response:
    q = ListQuery(
        status=status if status in ("open", "hold", "decided", "all") else "open",
        reason=reason or None,
        vendor=vendor or None,
        min_amount=_amount(min),
        max_amount=_amount(max),
        assigned=assigned or None,
        sort=sort if sort in SORTS else "-age",
    )
    sla = request.app.state.settings.sla_hours
    with session_scope(write=False) as session:
        listing = inbox(session, q, sla)
    ctx = {"listing": listing, "q": q, "sla_hours": sla, "min": min or "", "max": max or ""}
    return render(request, "inbox.html", ctx)


def _neighbours(document_id: int) -> tuple[int | None, int | None]:
    """Return the previous and next open documents (oldest first), for j/k."""
    with session_scope(write=False) as session:
        stmt = select(InboxItem.document_id).where(col(InboxItem.status).in_(OPEN))
        ids = list(session.exec(stmt.order_by(col(InboxItem.id))).all())
    if document_id not in ids:
        return None, ids[0] if ids else None
    i = ids.index(document_id)
    return (ids[i - 1] if i > 0 else None), (ids[i + 1] if i + 1 < len(ids) else None)


@router.get("/documents/{document_id}")
def document_page(
    request: Request, document_id: Id, me: Person = Depends(require_person)
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
    prev_id, next_id = _neighbours(document_id)
    ctx = {
        "v": view,
        "pending_bank": pending,
        "assignees": assignees,
        "header_fields": HEADER_FIELDS,
        "corrected_by_me": blocked_by_me,
        "prev_id": prev_id,
        "next_id": next_id,
        "blocks": [f for f in view.findings if f.severity == "block"],
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


def _act(request: Request, back: str, work: Callable[[], str]) -> Response:
    """Run one action; flash its outcome (or why it was refused) and redirect."""
    try:
        message = work()
    except BursarError as exc:
        return set_flash(request, RedirectResponse(back, status_code=303), "error", exc.one_line())
    return set_flash(request, RedirectResponse(back, status_code=303), "ok", message)


def _doc_url(item_id: int) -> str:
    with session_scope(write=False) as session:
        item = session.get(InboxItem, item_id)
    return f"/documents/{item.document_id}" if item else "/inbox"


def _item_action(name: str, fn: Callable[..., actions.Outcome]) -> None:
    @router.post(f"/items/{{item_id}}/{name}", name=f"item_{name}")
    def action(
        request: Request,
        item_id: Id,
        comment: str = Form(""),
        me: Person = Depends(require_person),
    ) -> Response:
        back = _doc_url(item_id)

        def work() -> str:
            with session_scope() as session:
                out = fn(session, item_id, me, comment)
            return f"Item {out.item}: {out.message}."

        return _act(request, back, work)


_item_action("approve", actions.approve)
_item_action("reject", actions.reject)
_item_action("hold", actions.hold)
_item_action("release", lambda s, i, me, c: actions.hold(s, i, me, c, release=True))


@router.post("/items/{item_id}/assign")
def assign(
    request: Request, item_id: Id, assignee: str = Form(""), me: Person = Depends(require_person)
) -> Response:
    def work() -> str:
        with session_scope() as session:
            return actions.assign(session, item_id, me, assignee).message.capitalize() + "."

    return _act(request, _doc_url(item_id), work)


def correct_and_redecide(document_id: int, me: Person, field: str, value: str) -> dict[str, Any]:
    """Record the correction, then re-run the rules; return both outcomes."""
    corrections.require_pipeline()  # fail before writing anything when it is missing
    with session_scope() as session:
        done = corrections.correct(session, document_id, me, field, value)
    result = corrections.pipeline_redecide(document_id, me.name)
    decision = result.to_json() if hasattr(result, "to_json") else {}
    return {"correction": done, "decision": decision}


@router.post("/documents/{document_id}/correct")
def correct(
    request: Request,
    document_id: Id,
    field: str = Form(...),
    value: str = Form(""),
    me: Person = Depends(require_person),
) -> Response:
    def work() -> str:
        out = correct_and_redecide(document_id, me, field, value)
        c, status = out["correction"], out["decision"].get("status", "re-evaluated")
        old, new = c["before"] or "—", c["after"] or "—"
        return f"{c['field']} changed from {old} to {new}; rules re-run: {status}."

    return _act(request, f"/documents/{document_id}", work)


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
    ids = [int(v) for v in form.getlist("ids") if str(v).isdigit()]
    back = f"/inbox?reason={reason}" if reason else "/inbox"

    def work() -> str:
        done, refused = bulk(ids, reason, comment, me)
        text = f"Approved {len(done)} item(s)."
        if refused:
            text += " Refused: " + "; ".join(f"#{i}: {why}" for i, why in refused[:5])
        return text

    return _act(request, back, work)


def bulk(
    ids: list[int], reason: str, comment: str, me: Person
) -> tuple[list[int], list[tuple[int, str]]]:
    """Approve each item on its own; return approved ids and (id, why) for refused ones."""
    with session_scope(write=False) as session:
        ids = actions.bulk_items(session, ids, reason)
    done, refused = [], []
    for item_id in ids:
        try:
            with session_scope() as session:
                actions.approve(session, item_id, me, comment)
            done.append(item_id)
        except BursarError as exc:
            refused.append((item_id, exc.one_line()))
    return done, refused


@router.get("/dashboard")
def dashboard_page(request: Request) -> Response:
    sla = request.app.state.settings.sla_hours
    with session_scope(write=False) as session:
        board = metrics.dashboard(session, sla)
        counts = reason_counts(session)
    peak = max([d["received"] for d in board.per_day] + [1])
    return render(
        request, "dashboard.html", {"b": board, "peak": peak, "counts": counts, "sla_hours": sla}
    )

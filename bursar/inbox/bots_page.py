"""The inbox Bots page (issue 13): bot runs, work items by status, failed items with their
screenshot and error; operators put an item back (retry) or close it as done by hand.

Changes go through ``bots.workitems`` (audited with the person's name). Control is
enforced here, server-side: people without an operator role see the page, change nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func
from sqlmodel import col, select

from bursar.db import session_scope
from bursar.errors import BursarError, InputError
from bursar.inbox.actions import Refused
from bursar.inbox.users import Person
from bursar.inbox.web import render, require_person, set_flash

OPERATOR_ROLES = ("admin", "controller", "clerk")  # who may retry or close work items
router = APIRouter(dependencies=[Depends(require_person)], include_in_schema=False)


def _can_operate(me: Person) -> bool:
    return me.role in OPERATOR_ROLES


@router.get("/bots")
def bots_page(
    request: Request,
    status: Annotated[str | None, Query(max_length=16)] = None,
    me: Person = Depends(require_person),
) -> Response:
    from bots.records import STATUSES, BotArtefact, BotRun, WorkItem

    if status and status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}")
    shown = status or "failed"
    with session_scope(write=False) as s:
        runs = s.exec(select(BotRun).order_by(col(BotRun.id).desc()).limit(20)).all()
        counts = dict(s.exec(select(WorkItem.status, func.count()).group_by(WorkItem.status)).all())
        items = s.exec(
            select(WorkItem)
            .where(WorkItem.status == shown)
            .order_by(col(WorkItem.updated_at).desc())
            .limit(100)
        ).all()
        ids = [i.id for i in items]
        arts = (
            s.exec(select(BotArtefact).where(col(BotArtefact.item_id).in_(ids))).all()
            if ids
            else []
        )
    shots: dict[int, dict[str, int]] = {}
    for a in arts:
        shots.setdefault(a.item_id, {})[a.kind] = a.id  # the newest wins (ids grow)
    ctx = {
        "runs": runs,
        "counts": [(st, counts.get(st, 0)) for st in STATUSES],
        "items": items,
        "shown": shown,
        "shots": shots,
        "can_operate": _can_operate(me),
    }
    return render(request, "bots.html", ctx)


@router.get("/bots/artefacts/{artefact_id}")
def artefact(artefact_id: Annotated[int, Path(ge=1)]) -> Response:
    """A failure screenshot (PNG) or the page's HTML, shown as text (never rendered here)."""
    from bots.records import BotArtefact
    from bursar.store import default_store

    with session_scope(write=False) as s:
        art = s.get(BotArtefact, artefact_id)
    if art is None:
        raise InputError(f"no artefact {artefact_id}", code="not_found")
    data = default_store().get(art.sha256)
    media = "image/png" if art.kind == "screenshot" else "text/plain; charset=utf-8"
    headers = {"Content-Disposition": f'inline; filename="{art.name}"'}
    return Response(data, media_type=media, headers=headers)


@router.post("/bots/items/{item_id}/{verb}")
def item_action(
    request: Request,
    item_id: Annotated[int, Path(ge=1)],
    verb: Annotated[str, Path(pattern="^(retry|done)$")],
    note: Annotated[str, Form(max_length=500)] = "",
    me: Person = Depends(require_person),
) -> Response:
    from bots import workitems

    if not _can_operate(me):
        raise Refused(f"{me.role}s cannot change work items; ask a clerk, controller or admin")
    back = RedirectResponse(request.headers.get("referer") or "/bots", status_code=303)
    if not str(back.headers["location"]).startswith(("/bots", str(request.base_url))):
        back = RedirectResponse("/bots", status_code=303)
    try:
        with session_scope() as s:
            if verb == "retry":
                workitems.retry(s, item_id, actor=me.name)
                message = f"work item {item_id}: put back; the next run of its bot takes it"
            else:
                workitems.mark_done(s, item_id, actor=me.name, note=note or None)
                message = f"work item {item_id}: closed as done by hand"
    except BursarError as exc:
        return set_flash(request, back, "error", exc.one_line())
    return set_flash(request, back, "ok", message)

"""The delegations page (``/account/delegations``): a person on leave lets someone act for
them between two dates, sees the delegations they gave and hold, and revokes one. The same
rules as the API and the CLI (``bursar.inbox.delegation``); a refusal flashes the reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from bursar.db import session_scope
from bursar.errors import BursarError
from bursar.inbox import delegation
from bursar.inbox.users import Person
from bursar.inbox.web import render, require_person, set_flash
from bursar.records import User

router = APIRouter(dependencies=[Depends(require_person)], include_in_schema=False)
PAGE = "/account/delegations"


def _page_data(me: Person) -> dict[str, object]:
    from sqlmodel import col, select

    with session_scope(write=False) as session:
        rows = [delegation.to_json(d) for d in delegation.listing(session, me.name)]
        users = session.exec(select(User).where(User.active == True).order_by(col(User.name)))  # noqa: E712
        people = [u.name for u in users if u.name != me.name and u.role not in ("clerk", "auditor")]
    return {"delegations": rows, "people": people}


@router.get(PAGE)
async def delegations_page(request: Request, me: Person = Depends(require_person)) -> Response:
    data = await run_in_threadpool(_page_data, me)
    return render(request, "delegations.html", data)


def _flash(request: Request, work) -> Response:  # type: ignore[no-untyped-def]
    try:
        kind, text = "ok", work()
    except BursarError as exc:
        kind, text = "error", exc.one_line()
    return set_flash(request, RedirectResponse(PAGE, status_code=303), kind, text)


@router.post(PAGE)
def create(
    request: Request,
    delegate: str = Form("", max_length=64),
    starts_on: str = Form("", max_length=10),
    ends_on: str = Form("", max_length=10),
    reason: str = Form("", max_length=500),
    me: Person = Depends(require_person),
) -> Response:
    def work() -> str:
        with session_scope() as session:
            row = delegation.create(session, me.name, delegate, starts_on, ends_on,
                                    actor=me, reason=reason)  # fmt: skip
            return f"{row.delegate} may act for you from {row.starts_on} to {row.ends_on}."

    return _flash(request, work)


@router.post(PAGE + "/{delegation_id}/revoke")
def revoke(
    request: Request,
    delegation_id: Annotated[int, Path(ge=1, le=2**62)],
    me: Person = Depends(require_person),
) -> Response:
    def work() -> str:
        with session_scope() as session:
            delegation.revoke(session, delegation_id, actor=me)
        return f"Delegation {delegation_id} revoked."

    return _flash(request, work)

"""The change-password page: a person changes their own password; every other session of
theirs ends (in every server process), and this browser gets a fresh session."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from bursar.db import session_scope
from bursar.errors import BursarError, InputError
from bursar.inbox.users import Person, authenticate, set_password
from bursar.inbox.web import render, require_person, set_flash

router = APIRouter(dependencies=[Depends(require_person)], include_in_schema=False)


@router.get("/account/password")
def password_page(request: Request) -> Response:
    return render(request, "password.html", {})


def _change(name: str, current: str, new: str, confirm: str) -> None:
    if new != confirm:
        raise InputError("the new passwords do not match")
    if new == current:
        raise InputError("the new password must differ from the current one")
    with session_scope() as session:
        if authenticate(session, name, current) is None:
            raise InputError("the current password is wrong", code="wrong_password")
        set_password(session, name, new, actor=name)


@router.post("/account/password")
async def change_password(
    request: Request,
    current: str = Form("", max_length=1024),
    new: str = Form("", max_length=1024),
    confirm: str = Form("", max_length=1024),
    me: Person = Depends(require_person),
) -> Response:
    try:
        await run_in_threadpool(_change, me.name, current, new, confirm)
    except BursarError as exc:
        return render(request, "password.html", {"error": exc.one_line()}, 422)
    from bursar.inbox.app import set_session_cookie

    # every session ended with the change, this one too: start a fresh one here
    _, cookie = await run_in_threadpool(
        request.app.state.book.issue, me.name, request.client.host if request.client else None
    )
    response = RedirectResponse("/inbox", status_code=303)
    set_session_cookie(request, response, cookie)
    return set_flash(
        request, response, "ok", "Password changed; your other sessions were signed out."
    )

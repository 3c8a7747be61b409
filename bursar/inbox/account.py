"""The change-password page: a person changes their own password; every other session of
theirs ends (in every server process), and this browser gets a fresh session.

Whoever holds a session could otherwise use the form to guess the current password, so
every failed change is an audit event (``user.password_change_failed``: actor, reason,
never a password), and after ``lockout.PASSWORD_FREE`` wrong current passwords every
session of the user ends and the form refuses for ``lockout.PASSWORD_LOCK`` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from bursar import audit
from bursar.db import session_scope
from bursar.errors import BursarError
from bursar.inbox import lockout
from bursar.inbox.security import revoke_sessions
from bursar.inbox.users import Person, authenticate, check_password_rules, set_password
from bursar.inbox.web import render, require_person, set_flash

router = APIRouter(dependencies=[Depends(require_person)], include_in_schema=False)
FAILED = "user.password_change_failed"


@dataclass(frozen=True)
class Refusal:
    """Why a change was refused: the reason code, the message, the HTTP status and
    whether the user's sessions were ended."""

    reason: str
    message: str
    status: int = 422
    signed_out: bool = False


@router.get("/account/password")
def password_page(request: Request) -> Response:
    return render(request, "password.html", {})


def _refuse(session: Session, name: str, ip: str, refusal: Refusal, **data: object) -> Refusal:
    audit.append(
        session, name, FAILED, f"user/{name}", {"reason": refusal.reason, "ip": ip[:64], **data}
    )
    return refusal


def _input_problem(current: str, new: str, confirm: str) -> Refusal | None:
    """Return why the form is refused before the current password is checked, or None.

    Checked first, so no answer depends on a right current password but success."""
    if new != confirm:
        return Refusal("mismatch", "the new passwords do not match")
    if new == current:
        return Refusal("same_password", "the new password must differ from the current one")
    try:
        check_password_rules(new)
    except BursarError as exc:
        return Refusal("password_rules", exc.one_line())
    return None


def _change(name: str, current: str, new: str, confirm: str, ip: str) -> Refusal | None:
    """Change ``name``'s password; return None, or why not (committed with its audit)."""
    with session_scope() as session:
        wait = lockout.password_form_wait(session, name)
        if wait:
            message = (
                "Too many wrong current passwords: changing the password is refused for "
                f"{int(wait) + 1} more seconds."
            )
            return _refuse(session, name, ip, Refusal("throttled", message, 429))
        from bursar.inbox import signin

        if source := signin.is_external(session, name):  # issue 26: kept elsewhere
            where = "directory" if source == "ldap" else "identity provider"
            kept = Refusal("external", f"your password is kept by the {where}: change it there")
            return _refuse(session, name, ip, kept)
        problem = _input_problem(current, new, confirm)
        if problem is not None:
            return _refuse(session, name, ip, problem)
        if authenticate(session, name, current) is None:
            failures = lockout.password_form_failed(session, name)
            if failures < lockout.PASSWORD_FREE:
                wrong = Refusal("wrong_password", "the current password is wrong")
                return _refuse(session, name, ip, wrong, failures=failures)
            ended = revoke_sessions(session, name, "password_guessing")
            locked = Refusal(
                "wrong_password",
                "Too many wrong current passwords: you were signed out, and changing the "
                f"password is refused for {int(lockout.PASSWORD_LOCK) // 60} minutes.",
                429,
                signed_out=True,
            )
            return _refuse(session, name, ip, locked, failures=failures, sessions_ended=ended)
        lockout.password_form_ok(session, name)
        set_password(session, name, new, actor=name)
    return None


@router.post("/account/password")
async def change_password(
    request: Request,
    current: str = Form("", max_length=1024),
    new: str = Form("", max_length=1024),
    confirm: str = Form("", max_length=1024),
    me: Person = Depends(require_person),
) -> Response:
    ip = request.client.host if request.client else "?"
    refused = await run_in_threadpool(_change, me.name, current, new, confirm, ip)
    if refused is not None:
        ctx = {"error": refused.message}
        if refused.signed_out:
            request.state.person, request.state.csrf = None, ""
        return render(request, "password.html", ctx, refused.status)
    from bursar.inbox.app import set_session_cookie

    # every session ended with the change, this one too: start a fresh one here
    _, cookie = await run_in_threadpool(request.app.state.book.issue, me.name, ip)
    response = RedirectResponse("/inbox", status_code=303)
    set_session_cookie(request, response, cookie)
    return set_flash(
        request, response, "ok", "Password changed; your other sessions were signed out."
    )

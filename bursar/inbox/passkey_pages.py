"""Passkey pages: the account page where a signed-in user adds, names and removes passkeys,
and the sign-in step that asks for one after the password.

Why a second factor after the password, not passkey-first: the password step keeps every
control it already has (throttling per name and address, disabled accounts, the directory
back ends), and a passkey adds possession on top of it, so a role that must use MFA gets it
with either a passkey or a TOTP code. For a user with passkeys the step follows the password
whether or not it was right, and refuses only at its end: the step is no password oracle.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from bursar import audit
from bursar.db import session_scope
from bursar.errors import InputError
from bursar.inbox import lockout, passkeys
from bursar.inbox.users import Person, active_user
from bursar.inbox.web import render, require_person, set_flash

router = APIRouter(include_in_schema=False)
PENDING_COOKIE = "bursar_passkey"
WRONG = "Wrong user name, password or passkey."
MAX_BODY = 64 * 1024


def _rp(request: Request) -> passkeys.RelyingParty:
    from bursar.config import get_settings

    inbox_url = getattr(get_settings(), "inbox_url", None)
    return passkeys.relying_party(inbox_url, str(request.base_url))


async def _json(request: Request) -> dict[str, Any]:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise InputError("request too large", code="too_large")
    try:
        data = json.loads(body or b"{}")
    except ValueError as exc:
        raise InputError("the request is not JSON", code="bad_json") from exc
    if not isinstance(data, dict):
        raise InputError("the request is not a JSON object", code="bad_json")
    return data


# --- the account page -------------------------------------------------------------------------


def _listing(name: str) -> list[dict[str, Any]]:
    with session_scope(write=False) as session:
        return [
            {
                "id": p.id,
                "label": p.label,
                "created_at": p.created_at,
                "last_used_at": p.last_used_at,
            }
            for p in passkeys.user_passkeys(session, name)
        ]


@router.get("/account/passkeys")
async def passkeys_page(request: Request, me: Person = Depends(require_person)) -> Response:
    rows = await run_in_threadpool(_listing, me.name)
    return render(request, "passkeys.html", {"passkeys": rows})


def _session_id(request: Request) -> str:
    sid = getattr(request.state, "sid", None)
    if not sid:
        raise InputError(
            "passkeys are added from a browser session, not HTTP Basic", code="no_session"
        )
    return sid


def _json_error(exc: InputError) -> JSONResponse:
    """Answer the page's script in JSON (these routes are not under /api/)."""
    from bursar.inbox.web import http_status

    body = {"error": {"code": exc.code, "message": exc.one_line()}}
    return JSONResponse(body, status_code=http_status(exc))


def _status(exc: InputError, status: int) -> InputError:
    exc.status = status  # type: ignore[attr-defined]  # read by web.http_status
    return exc


def _recheck_password(session: Any, name: str, password: str, ip: str) -> None:
    """Refuse unless ``password`` is ``name``'s: a stolen session alone must not add an
    attacker's passkey. Wrong ones share the change-password form's throttle (audited)."""
    from bursar.inbox.users import authenticate

    if lockout.password_form_wait(session, name):
        raise _status(
            InputError("too many wrong passwords: try again later", code="throttled"), 429
        )
    if authenticate(session, name, password[:1024]) is None:
        failures = lockout.password_form_failed(session, name)
        audit.append(session, name, "user.passkey_add_refused", f"user/{name}",
                     {"reason": "wrong_password", "failures": failures, "ip": ip[:64]})  # fmt: skip
        raise _status(InputError("the current password is wrong", code="wrong_password"), 403)
    lockout.password_form_ok(session, name)


@router.post("/account/passkeys/options")
async def add_options(request: Request, me: Person = Depends(require_person)) -> Response:
    sid, rp = _session_id(request), _rp(request)
    try:
        password = str((await _json(request)).get("password") or "")
    except InputError as exc:
        return _json_error(exc)
    ip = request.client.host if request.client else "?"

    def make() -> str | None:
        with session_scope(write=True) as session:
            try:
                _recheck_password(session, me.name, password, ip)
            except InputError as exc:
                refused.append(exc)
                return None
            return passkeys.registration_options(session, me.name, sid, rp)

    refused: list[InputError] = []
    options = await run_in_threadpool(make)
    if options is None:  # committed with its audit event, then refused
        return _json_error(refused[0])
    return Response(options, media_type="application/json")


@router.post("/account/passkeys")
async def add(request: Request, me: Person = Depends(require_person)) -> Response:
    sid, rp = _session_id(request), _rp(request)
    try:
        data = await _json(request)
    except InputError as exc:
        return _json_error(exc)

    def store() -> str:
        with session_scope(write=True) as session:
            row = passkeys.register(
                session, me.name, sid, str(data.get("label") or ""), data.get("credential"), rp
            )
            return row.label

    try:
        label = await run_in_threadpool(store)
    except InputError as exc:
        return _json_error(exc)
    response = JSONResponse({"ok": True, "label": label})
    return set_flash(request, response, "ok", f"Passkey '{label}' added.")


@router.post("/account/passkeys/{passkey_id}/remove")
async def remove(
    request: Request, passkey_id: int, me: Person = Depends(require_person)
) -> Response:
    sid = getattr(request.state, "sid", None)

    def drop() -> str:
        with session_scope(write=True) as session:
            row = passkeys.remove(session, me.name, passkey_id, actor=me.name, keep=sid)
            return row.label

    label = await run_in_threadpool(drop)
    response = RedirectResponse("/account/passkeys", status_code=303)
    return set_flash(request, response, "ok", f"Passkey '{label}' removed.")


# --- the sign-in step ---------------------------------------------------------------------------


async def second_step(request: Request, name: str, password_ok: bool, next_url: str) -> Response:
    """Answer a sign-in whose user has passkeys: the passkey page, with a pending cookie."""
    ip = request.client.host if request.client else "?"
    if not password_ok:
        await run_in_threadpool(lockout.record_failure, name, ip, "form")

    def begin() -> str:
        with session_scope(write=True) as session:
            return passkeys.begin_signin(session, name, password_ok=password_ok)

    token = await run_in_threadpool(begin)
    response = render(request, "passkey_signin.html", {"next": next_url, "username": name})
    response.set_cookie(
        PENDING_COOKIE, token, max_age=passkeys.CHALLENGE_SECONDS, httponly=True,
        samesite="strict", path="/login", secure=request.app.state.secure_cookies,
    )  # fmt: skip
    return response


@router.post("/login/passkey/options")
async def signin_options(request: Request) -> Response:
    token, rp = request.cookies.get(PENDING_COOKIE) or "", _rp(request)

    def make() -> str | None:
        with session_scope(write=False) as session:
            return passkeys.signin_options(session, token, rp) if token else None

    options = await run_in_threadpool(make)
    if options is None:
        return _refused("Your sign-in expired. Please start again.", 403)
    return Response(options, media_type="application/json")


def _refused(message: str, status: int) -> JSONResponse:
    body = {"error": {"code": "refused", "message": message}, "restart": "/login"}
    response = JSONResponse(body, status_code=status)
    response.delete_cookie(PENDING_COOKIE, path="/login")
    return response


def _pending_name(token: str) -> str | None:
    with session_scope(write=False) as session:
        return passkeys.pending_user(session, token)


def _finish(
    token: str, credential: Any, rp: passkeys.RelyingParty, ip: str
) -> passkeys.SigninResult:
    with session_scope(write=True) as session:
        result = passkeys.finish_signin(session, token, credential, rp, ip)
        if result.user is not None and active_user(session, result.user) is None:
            audit.append(session, "anonymous", "user.passkey_refused", f"user/{result.user}",
                         {"reason": "inactive", "ip": ip[:64]})  # fmt: skip
            return passkeys.SigninResult(None, result.user, "inactive")
        if result.user is not None:
            audit.append(session, result.user, "user.login", f"user/{result.user}",
                         {"ip": ip[:64], "mfa": True, "factor": "passkey"})  # fmt: skip
        return result


@router.post("/login/passkey")
async def signin(request: Request) -> Response:
    from bursar.inbox.app import _safe_next, set_session_cookie

    state, ip = request.app.state, request.client.host if request.client else "?"
    token, rp = request.cookies.get(PENDING_COOKIE) or "", _rp(request)
    try:
        data = await _json(request)
    except InputError as exc:
        return _json_error(exc)
    if not token:
        return _refused("Your sign-in expired. Please start again.", 403)
    name = await run_in_threadpool(_pending_name, token)
    if name is not None:
        wait = await run_in_threadpool(
            lockout.wait_seconds, name, ip, state.login_free, state.login_max_delay
        )
        if wait:
            return _refused(f"Too many failed attempts. Try again in {int(wait) + 1} seconds.", 429)
    result = await run_in_threadpool(_finish, token, data.get("credential"), rp, ip)
    if result.user is None:
        if result.name is not None and result.reason != "wrong_password":  # counted already
            await run_in_threadpool(lockout.record_failure, result.name, ip, "passkey")
        if result.reason == "expired":
            return _refused("Your sign-in expired. Please start again.", 403)
        return _refused(WRONG, 401)
    await run_in_threadpool(lockout.record_success, result.user, ip)
    _, cookie = await run_in_threadpool(state.book.issue, result.user, ip)
    response = JSONResponse({"next": _safe_next(str(data.get("next") or ""))})
    set_session_cookie(request, response, cookie)
    response.delete_cookie(PENDING_COOKIE, path="/login")
    return response

"""The OpenID Connect sign-in pages: ``/login/oidc`` sends the browser to the provider,
``/login/oidc/callback`` checks its answer and starts a Bursar session.

What the callback must check (state, nonce, PKCE verifier, where to go next) travels in
a signed cookie that lives ten minutes; the provider's tokens stay on the server, sealed.
Refusals are counted by the same per-address throttle as wrong passwords on the form.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from bursar import audit
from bursar.db import session_scope
from bursar.errors import BursarError
from bursar.inbox import lockout
from bursar.inbox.security import LOGIN_COOKIE
from bursar.inbox.users import mfa_required
from bursar.inbox.web import render

from . import backend, forget, settings, shadow, signed_in, store_tokens
from .oidc import Refused

router = APIRouter(include_in_schema=False)
OIDC_COOKIE = "bursar_oidc"
PENDING_AGE = 600


def _signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret, salt="bursar.inbox.oidc")


def _redirect_uri(request: Request) -> str:
    cfg = settings().oidc
    if cfg is not None and cfg.redirect_uri:
        return cfg.redirect_uri
    return str(request.url_for("oidc_callback"))


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


def _refused(request: Request, message: str, status: int = 403) -> Response:
    import secrets

    token = secrets.token_urlsafe(24)
    ctx = {"login_token": token, "next": "/inbox", "error": message}
    response = render(request, "login.html", ctx, status)
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="strict")
    response.delete_cookie(OIDC_COOKIE, path="/login/oidc")
    return response


@router.get("/login/oidc")
async def oidc_start(request: Request, next: str | None = None) -> Response:
    from bursar.inbox.app import _safe_next

    oidc = backend("oidc")
    if oidc is None:
        return _refused(request, "Sign-in with an identity provider is not configured.", 404)
    try:
        url, pending = await run_in_threadpool(oidc.start, _redirect_uri(request))
    except BursarError as exc:
        return _refused(request, exc.one_line(), 503)
    pending["next"] = _safe_next(next)
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(OIDC_COOKIE, _signer(request).dumps(pending), max_age=PENDING_AGE,
                        httponly=True, samesite="lax", secure=request.app.state.secure_cookies,
                        path="/login/oidc")  # fmt: skip
    return response


@router.get("/login/oidc/callback", name="oidc_callback")
async def oidc_callback(request: Request) -> Response:
    from bursar.inbox.app import _safe_next, set_session_cookie

    oidc = backend("oidc")
    if oidc is None:
        return _refused(request, "Sign-in with an identity provider is not configured.", 404)
    ip = _address(request)
    state = request.app.state
    if await run_in_threadpool(lockout.wait_seconds, "", ip, state.login_free,
                               state.login_max_delay):  # fmt: skip
        return _refused(request, "Too many failed attempts from here. Try again later.", 429)
    try:
        pending: dict[str, str] = _signer(request).loads(
            request.cookies.get(OIDC_COOKIE) or "", max_age=PENDING_AGE
        )
    except BadSignature:
        return _refused(request, "The sign-in expired or came from elsewhere; start again.", 400)
    params = {k: v for k, v in request.query_params.items()}
    try:
        verdict, token, claims = await run_in_threadpool(
            oidc.finish, _redirect_uri(request), pending, params
        )
    except Refused as exc:
        await run_in_threadpool(lockout.record_failure, "", ip, "oidc")
        return _refused(request, f"Sign-in refused: {exc}.")
    except BursarError as exc:
        return _refused(request, exc.one_line(), 503)
    name, why = await run_in_threadpool(_admit, oidc, verdict, claims, ip)
    if name is None:
        await run_in_threadpool(lockout.record_failure, verdict.username or "", ip, "oidc")
        return _refused(request, why)
    session, cookie = await run_in_threadpool(state.book.issue, name, ip)
    await run_in_threadpool(store_tokens, session, name, token)
    forget(session.sid)
    response = RedirectResponse(_safe_next(pending.get("next")), status_code=303)
    set_session_cookie(request, response, cookie)
    response.delete_cookie(OIDC_COOKIE, path="/login/oidc")
    return response


def _admit(oidc: Any, verdict: Any, claims: dict[str, Any], ip: str) -> tuple[str | None, str]:
    """Bring the shadow row up to date and return the user name, or None and why not."""
    refused = "Your account may not use Bursar (ask for a Bursar group at your provider)."
    if not verdict.allowed or not shadow.valid_name(verdict.username):
        return None, refused
    with session_scope(write=True) as db:
        try:
            user, change = shadow.sync(db, "oidc", verdict, actor=verdict.username)
        except ValueError:
            return None, "This name belongs to another Bursar account; ask an administrator."
        if not user.active:
            return None, refused
        if mfa_required(user) and not oidc.has_mfa(claims):
            return None, (
                "Your role needs a second factor: sign in at your provider with one "
                "(its ID token must say so in amr)."
            )
        signed_in(db, user, "oidc", verdict, change)
        audit.append(db, user.name, "user.login", f"user/{user.name}",
                     {"ip": ip[:64], "via": "oidc", "mfa": oidc.has_mfa(claims)})  # fmt: skip
        return user.name, ""


def install(app: FastAPI) -> None:
    """Check ``[signin]`` (a clear error at start, not at someone's sign-in), then add the
    OIDC pages and what the login page shows of them."""
    from bursar.errors import ConfigError

    from .mapping import check_mapping

    cfg = settings()
    check_mapping(cfg.groups)
    for kind in ("ldap", "oidc"):
        if kind in cfg.backends and getattr(cfg, kind) is None:
            raise ConfigError(
                f"[signin] backends names {kind!r} but there is no [signin.{kind}] table",
                where="bursar.toml",
            )
    app.include_router(router)
    label = cfg.oidc.label if ("oidc" in cfg.backends and cfg.oidc) else ""
    app.state.templates.env.globals["oidc_label"] = label

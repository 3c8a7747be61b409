"""The inbox web application: ``create_app()`` wires pages, API, login and static files.

Every route needs a signed-in user except ``/login`` and ``/static``; the OpenAPI
document is served at ``/api/openapi.json`` behind the same authentication.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from bursar import audit
from bursar.config import Settings, get_settings
from bursar.db import session_scope
from bursar.inbox import (
    account,
    api,
    auditpage,
    bots_page,
    exporter,
    jobs_page,
    lockout,
    passkey_pages,
    passkeys,
    views,
)
from bursar.inbox.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SessionBook,
    load_secret,
    same_token,
)
from bursar.inbox.users import Person, mfa_required, totp_ok
from bursar.inbox.web import (
    HERE,
    install_handlers,
    is_api,
    make_templates,
    render,
    require_person,
)

log = logging.getLogger("bursar.inbox")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; script-src 'self'; "
        "style-src 'self' 'unsafe-inline'; "  # inline style= positions the field boxes
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}


def _safe_next(target: str | None) -> str:
    """Return a same-site path to go to after login (never another host)."""
    if not target:
        return "/inbox"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/inbox"
    return target


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


def _login_routes(app: FastAPI) -> None:
    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str | None = None) -> Response:
        token = secrets.token_urlsafe(24)
        response = render(request, "login.html", {"login_token": token, "next": _safe_next(next)})
        response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="strict")
        return response

    @app.post("/login", include_in_schema=False)
    async def login(
        request: Request,
        username: str = Form(""),
        password: str = Form(""),
        code: str = Form(""),
        csrf: str = Form(""),
        next: str = Form("/inbox"),
    ) -> Response:
        state = request.app.state
        ip = _address(request)
        # over-long input is a wrong sign-in like any other, not a bare validation error
        username, code = username[:200], code[:20]
        from bursar.inbox import signin  # issue 26: one throttle per directory name

        username = await run_in_threadpool(signin.canonical_name, username)
        password = password if len(password) <= 1024 else ""

        def again(message: str, status: int) -> Response:
            token = secrets.token_urlsafe(24)
            ctx = {
                "login_token": token,
                "next": _safe_next(next),
                "error": message,
                "username": username if status != 401 else "",
            }
            response = render(request, "login.html", ctx, status)
            response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="strict")
            return response

        if not same_token(csrf, request.cookies.get(LOGIN_COOKIE)):
            return again("Your login form expired. Please try again.", 403)
        free, most = state.login_free, state.login_max_delay
        wait = await run_in_threadpool(lockout.wait_seconds, username, ip, free, most)
        if wait:
            return again(f"Too many failed attempts. Try again in {int(wait) + 1} seconds.", 429)
        user, why = await run_in_threadpool(_check_login, username, password, code, ip)
        if user is not None and why in (passkeys.SIGNIN, passkeys.SIGNIN_WRONG):  # issue 26
            ok = why == passkeys.SIGNIN
            return await passkey_pages.second_step(request, user, ok, _safe_next(next))
        if user is None:
            await run_in_threadpool(lockout.record_failure, username, ip, "form")
            return again(why, 401)
        await run_in_threadpool(lockout.record_success, user, ip)
        _, cookie = await run_in_threadpool(state.book.issue, user, ip)
        response = RedirectResponse(_safe_next(next), status_code=303)
        set_session_cookie(request, response, cookie)
        response.delete_cookie(LOGIN_COOKIE)
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request, me: Person = Depends(require_person)) -> Response:
        book = request.app.state.book
        session = book._signed(request.cookies.get(SESSION_COOKIE))
        if session is not None:
            await run_in_threadpool(book.end, session)
            await run_in_threadpool(_audit_logout, me.name)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response


def set_session_cookie(request: Request, response: Response, cookie: str) -> None:
    state = request.app.state
    response.set_cookie(
        SESSION_COOKIE, cookie, max_age=state.book.max_age, httponly=True,
        samesite="lax", secure=state.secure_cookies,
    )  # fmt: skip


def _audit_logout(name: str) -> None:
    with session_scope(write=True) as session:
        audit.append(session, name, "user.logout", f"user/{name}", {})


WRONG = "Wrong user name, password or code."


def _check_login(username: str, password: str, code: str, ip: str) -> tuple[str | None, str]:
    """Return the signed-in user name, or None and why (never saying which part was wrong,
    except that a required second factor is not set up)."""
    from bursar.inbox import signin  # issue 26: local accounts, then the directory

    asked = signin.ask_directory(username, password)  # before the write transaction
    with session_scope(write=True) as session:
        user = signin.check_password(session, username, password, verdict=asked)
        if not code.strip() and passkeys.has_passkeys(session, username):
            # issue 26: the passkey step follows, right password or not (no oracle)
            return username, passkeys.SIGNIN if user is not None else passkeys.SIGNIN_WRONG
        if user is None:
            return None, WRONG
        if mfa_required(user):
            if not user.totp_secret and passkeys.has_passkeys(session, user.name):
                return None, WRONG  # a code typed, but this user signs in with a passkey
            if not user.totp_secret:
                return None, (
                    "Your role needs a second factor (TOTP) and none is set up: ask an "
                    f"administrator to run `bursar users mfa {user.name}`."
                )
            if not totp_ok(user, code):
                return None, WRONG
        audit.append(session, user.name, "user.login", f"user/{user.name}",
                     {"ip": ip[:64], "mfa": bool(user.totp_secret)})  # fmt: skip
        return user.name, ""


def create_app(
    settings: Settings | None = None,
    *,
    session_max_age: int | None = None,
    secure_cookies: bool = False,
    login_limit: int = lockout.FREE_FAILURES,
    login_window: float = lockout.MAX_DELAY,
) -> FastAPI:
    """Return the inbox app for the configured BURSAR_HOME / database.

    ``session_max_age`` is the absolute session timeout in seconds (default: the
    ``session_max_hours`` setting); ``login_limit`` failed sign-ins per (user name, address)
    are free, then each adds a doubling delay of at most ``login_window`` seconds."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Bursar inbox API",
        version="1",
        description=(
            "Approval inbox for exceptions. Authenticate with the session cookie of the web "
            "app (send X-CSRF-Token on POST) or with HTTP Basic credentials of a Bursar user "
            "without a second factor (users with TOTP or passkeys use the session)."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    secret = load_secret(settings)
    app.state.secret = secret
    app.state.settings = settings
    max_age = session_max_age or int(settings.session_max_hours * 3600)
    app.state.book = SessionBook(secret, max_age=max_age, idle=settings.session_idle_minutes * 60)
    app.state.login_free, app.state.login_max_delay = login_limit, login_window
    app.state.templates = make_templates()
    app.state.secure_cookies = secure_cookies
    install_handlers(app)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        # Starlette answers unhandled errors outside the middleware above: add the headers
        # here. The request's transaction was rolled back by ``session_scope``.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if is_api(request):
            message = "an unexpected error; nothing was changed. It has been logged."
            body = {"error": {"code": "server_error", "message": message}}
            response: Response = JSONResponse(body, status_code=500)
        else:
            response = render(request, "error.html", {
                "title": "Something went wrong",
                "message": "An unexpected error stopped this request; nothing was changed. "
                "It has been logged for the administrator.",
            }, 500)  # fmt: skip
        response.headers.update(SECURITY_HEADERS)
        return response

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _login_routes(app)
    # Page and API routers; other parts add theirs below, one line each.
    app.include_router(views.router)
    app.include_router(account.router)
    app.include_router(passkey_pages.router)  # issue 26: passkeys
    app.include_router(auditpage.router)
    app.include_router(jobs_page.router)  # issue 14: the Jobs page
    app.include_router(bots_page.router)  # issue 13: the Bots page
    app.include_router(api.router)
    app.include_router(exporter.router)  # issue 25: Prometheus /metrics
    from bursar.inbox import api_chains, delegations_page  # issue 26: chains, delegations

    app.include_router(api_chains.router)
    app.include_router(delegations_page.router)

    from bursar.inbox.signin import routes as signin_routes  # issue 26: OpenID Connect

    signin_routes.install(app)

    @app.get("/api/openapi.json", include_in_schema=False, dependencies=[Depends(require_person)])
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    return app

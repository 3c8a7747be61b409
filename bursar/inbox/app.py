"""The inbox web application: ``create_app()`` wires pages, API, login and static files.

Every route needs a signed-in user except ``/login`` and ``/static``; the OpenAPI
document is served at ``/api/openapi.json`` behind the same authentication.
"""

from __future__ import annotations

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
from bursar.inbox import api, bots_page, jobs_page, lockout, views
from bursar.inbox.security import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    LoginThrottle,
    SessionBook,
    load_secret,
    same_token,
)
from bursar.inbox.users import Person, authenticate
from bursar.inbox.web import HERE, install_handlers, make_templates, render, require_person

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
        csrf: str = Form(""),
        next: str = Form("/inbox"),
    ) -> Response:
        state = request.app.state
        ip = request.client.host if request.client else "?"
        keys = (f"ip:{ip}", f"user:{username}")

        def again(message: str, status: int) -> Response:
            token = secrets.token_urlsafe(24)
            ctx = {
                "login_token": token,
                "next": _safe_next(next),
                "error": message,
                "username": username,
            }
            response = render(request, "login.html", ctx, status)
            response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="strict")
            return response

        if not same_token(csrf, request.cookies.get(LOGIN_COOKIE)):
            return again("Your login form expired. Please try again.", 403)
        limit, window = state.throttle.limit, state.throttle.window
        wait = max(
            state.throttle.blocked(*keys),
            await run_in_threadpool(lockout.wait_seconds, username, limit, window),
        )
        if wait:
            return again(f"Too many failed attempts. Try again in {int(wait) + 1} seconds.", 429)
        user = await run_in_threadpool(_check_login, username, password)
        if user is None:
            state.throttle.failed(*keys)
            await run_in_threadpool(lockout.record_failure, username, ip, "form")
            return again("Wrong user name or password.", 401)
        state.throttle.succeeded(f"user:{username}")
        _, cookie = state.book.issue(user)
        response = RedirectResponse(_safe_next(next), status_code=303)
        response.set_cookie(
            SESSION_COOKIE, cookie, max_age=state.book.max_age, httponly=True,
            samesite="lax", secure=state.secure_cookies,
        )  # fmt: skip
        response.delete_cookie(LOGIN_COOKIE)
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request, me: Person = Depends(require_person)) -> Response:
        session = request.app.state.book.read(request.cookies.get(SESSION_COOKIE))
        if session is not None:
            request.app.state.book.end(session)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response


def _check_login(username: str, password: str) -> str | None:
    with session_scope(write=True) as session:
        user = authenticate(session, username, password)
        if user is None:
            return None
        audit.append(session, user.name, "user.login", f"user/{user.name}", {})
        return user.name


def create_app(
    settings: Settings | None = None,
    *,
    session_max_age: int = SESSION_MAX_AGE,
    secure_cookies: bool = False,
    login_limit: int = 5,
    login_window: float = 300.0,
) -> FastAPI:
    """Return the inbox app for the configured BURSAR_HOME / database."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Bursar inbox API",
        version="1",
        description=(
            "Approval inbox for exceptions. Authenticate with the session cookie of the web "
            "app (send X-CSRF-Token on POST) or with HTTP Basic credentials of a Bursar user."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    secret = load_secret(settings)
    app.state.secret = secret
    app.state.settings = settings
    app.state.book = SessionBook(secret, max_age=session_max_age)
    app.state.throttle = LoginThrottle(limit=login_limit, window=login_window)
    app.state.templates = make_templates()
    app.state.secure_cookies = secure_cookies
    install_handlers(app)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _login_routes(app)
    app.include_router(views.router)
    app.include_router(jobs_page.router)  # issue 14: the Jobs page
    app.include_router(bots_page.router)  # issue 13: the Bots page
    app.include_router(api.router)

    @app.get("/api/openapi.json", include_in_schema=False, dependencies=[Depends(require_person)])
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    return app

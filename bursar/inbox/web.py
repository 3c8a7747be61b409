"""Request plumbing shared by the HTML pages and the JSON API: who is asking, CSRF, flash
messages, templates and the mapping of Bursar errors to HTTP answers.

Authentication: the signed session cookie (browsers), or HTTP Basic on ``/api/`` (scripts).
CSRF: HTML forms carry the session's token in a ``csrf`` field; cookie-authenticated API
calls that change something send it in the ``X-CSRF-Token`` header. Basic-auth calls need
no token: browsers never attach our Basic credentials on their own, because we only answer
``WWW-Authenticate`` to requests that tried Basic.
"""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from bursar.db import session_scope
from bursar.errors import BursarError, InputError, SystemError_
from bursar.inbox import lockout
from bursar.inbox.security import SESSION_COOKIE, Session, SessionBook, same_token
from bursar.inbox.users import Person, active_user, mfa_required, person

HERE = Path(__file__).parent
FLASH_COOKIE = "bursar_flash"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# One answer for every Basic failure (wrong name, wrong password, throttled, or a right
# password of a user with a second factor): a different one would be a password oracle.
BASIC_REFUSED = (
    "wrong user name or password, too many attempts, or a user with a second factor "
    "(who uses the web session, not HTTP Basic)"
)


class NotAuthenticated(Exception):
    """No valid session (or Basic credentials) on a route that needs one."""

    def __init__(self, basic_tried: bool = False):
        self.basic_tried = basic_tried


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF token."""


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def money(value: Decimal | str | None) -> str:
    """Jinja filter: 1234.5 -> '1,234.50'."""
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(str(value)):,.2f}"
    except ArithmeticError:
        return str(value)


ACRONYMS = {"po": "PO", "iban": "IBAN", "id": "ID", "sku": "SKU", "vat": "VAT", "sla": "SLA"}


def label(code: str | None) -> str:
    """Jinja filter: ``vendor_tax_id`` -> 'Vendor tax ID'."""
    words = [ACRONYMS.get(w, w) for w in (code or "").replace(".", " ").split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["money"] = money
    templates.env.filters["label"] = label
    return templates


def _lookup(name: str) -> Person | None:
    with session_scope(write=False) as session:
        user = active_user(session, name)
        return person(user) if user else None


def _basic(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        return None
    try:
        name, sep, password = base64.b64decode(token, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (name, password) if sep else None


async def _basic_person(request: Request, creds: tuple[str, str]) -> Person:
    """Return the person for HTTP Basic credentials; throttled like the login form, and
    refused for users who must sign in with a second factor (the browser session only).

    Every refusal is the same answer and counts as a failure, so neither the reply nor the
    throttle tells a right password of a user with a second factor from a wrong one."""
    state = request.app.state
    ip = request.client.host if request.client else "?"
    from bursar.inbox import signin  # issue 26: one throttle per directory name

    name = await run_in_threadpool(signin.canonical_name, creds[0][:200])
    free, most = state.login_free, state.login_max_delay
    if await run_in_threadpool(lockout.wait_seconds, name, ip, free, most):
        raise NotAuthenticated(basic_tried=True)

    def check() -> Person | None:
        with session_scope(write=False) as session:
            from bursar.inbox import signin

            user = signin.check_password(session, name, creds[1][:1024], audit_signin=False)
            return person(user) if user is not None and not mfa_required(user) else None

    found = await run_in_threadpool(check)
    if found is None:
        await run_in_threadpool(lockout.record_failure, name, ip, "api")
        raise NotAuthenticated(basic_tried=True)
    return found


def _from_cookie(book: SessionBook, cookie: str | None) -> tuple[Session | None, Person | None]:
    session = book.read(cookie)
    if session is None:
        return None, None
    found = _lookup(session.user)
    if found is not None:  # a directory or provider user: still let in there? (issue 26)
        from bursar.inbox import signin

        found = signin.recheck(session, found)
    return (session, found) if found else (None, None)


async def require_person(request: Request) -> Person:
    """Return the signed-in person; check CSRF on state-changing requests."""
    cached = getattr(request.state, "person", None)
    if cached is not None:
        return cached
    book: SessionBook = request.app.state.book
    session, found = await run_in_threadpool(
        _from_cookie, book, request.cookies.get(SESSION_COOKIE)
    )
    if found is None:
        creds = _basic(request) if is_api(request) else None
        if creds is None:
            raise NotAuthenticated(basic_tried=bool(request.headers.get("authorization")))
        found = await _basic_person(request, creds)
    elif request.method not in SAFE_METHODS:
        token = request.headers.get("x-csrf-token")
        if token is None and not is_api(request):
            token = str((await request.form()).get("csrf") or "")
        if not same_token(token, session.csrf if session else None):
            raise CsrfRejected()
    request.state.person = found
    request.state.csrf = session.csrf if session else ""
    request.state.sid = session.sid if session else None
    return found


def set_flash(request: Request, response: Response, kind: str, text: str) -> Response:
    signer = URLSafeTimedSerializer(request.app.state.secret, salt="bursar.inbox.flash")
    response.set_cookie(
        FLASH_COOKIE, signer.dumps([kind, text[:300]]), max_age=60, httponly=True, samesite="lax"
    )
    return response


def pop_flash(request: Request) -> tuple[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    signer = URLSafeTimedSerializer(request.app.state.secret, salt="bursar.inbox.flash")
    try:
        kind, text = signer.loads(raw, max_age=60)
    except (BadSignature, ValueError, TypeError):
        return None
    return str(kind), str(text)


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """Render a page with the person, CSRF token and any flash message in the context."""
    from bursar.config import get_settings

    flash = pop_flash(request)
    ctx = {
        "me": getattr(request.state, "person", None),
        "limit_currency": get_settings().base_currency or "",
        "csrf": getattr(request.state, "csrf", ""),
        "flash": flash,
        "path": request.url.path,
        **context,
    }
    response = request.app.state.templates.TemplateResponse(
        request, template, ctx, status_code=status_code
    )
    if flash:
        response.delete_cookie(FLASH_COOKIE)
    response.headers["Cache-Control"] = "no-store"
    return response


def http_status(exc: BursarError) -> int:
    status = getattr(exc, "status", None)
    if isinstance(status, int):
        return status
    if exc.code == "not_found":
        return 404
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, SystemError_):
        return 503
    return 400


def install_handlers(app: Any) -> None:
    """Map auth, CSRF and Bursar errors to redirects, JSON errors or an error page."""

    @app.exception_handler(NotAuthenticated)
    async def _unauth(request: Request, exc: NotAuthenticated) -> Response:
        if is_api(request):
            headers = {"WWW-Authenticate": 'Basic realm="bursar"'} if exc.basic_tried else {}
            message = BASIC_REFUSED if exc.basic_tried else "log in or send HTTP Basic credentials"
            body = {"error": {"code": "unauthenticated", "message": message}}
            return JSONResponse(body, status_code=401, headers=headers)
        target = request.url.path
        if request.method == "GET" and request.url.query:
            target += "?" + request.url.query
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, exc: CsrfRejected) -> Response:
        message = "the form's security token is missing or wrong; reload the page and try again"
        if is_api(request):
            return JSONResponse({"error": {"code": "csrf", "message": message}}, status_code=403)
        return render(request, "error.html", {"title": "Request refused", "message": message}, 403)

    @app.exception_handler(BursarError)
    async def _bursar(request: Request, exc: BursarError) -> Response:
        status = http_status(exc)
        if is_api(request):
            return JSONResponse(
                {"error": {"code": exc.code, "message": exc.one_line()}}, status_code=status
            )
        return render(
            request, "error.html", {"title": "Not possible", "message": exc.one_line()}, status
        )

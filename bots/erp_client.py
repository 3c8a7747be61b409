"""Driving the legacy ERP's web UI: sign-in, the content frame, banners, lists, export.

Shared by ``erp_sync`` and ``erp_post``. The ERP is a frameset; everything happens in the
frame named ``content``. A session that expired shows the sign-in form in that frame:
``goto`` signs in again once and carries on.
"""

from __future__ import annotations

import re
import time
from typing import Any

from bots.base import LoginFailed, TargetDown
from bots.web import WebBot
from bursar import secrets
from bursar.errors import ConfigError

BANNER = "#msgbar"
_LOGIN_PATH = "/login"


class ErpBot(WebBot):
    """A web bot signed in to the sandbox-style ERP (``url``, ``user``, ``password_secret``)."""

    target = "legacy ERP (web UI, frames)"

    def _creds(self) -> tuple[str, str, str]:
        url, user = self.ctx.setting("url"), self.ctx.setting("user")
        if not url or not user:
            raise ConfigError(
                f"bots.{self.ctx.name} needs url and user (or a running `bursar sandbox up`)"
            )
        password = secrets.require(
            str(self.ctx.setting("password_secret", "erp_password")),
            what=f"the {self.ctx.name} bot",
        )
        return str(url).rstrip("/"), str(user), password

    def open(self) -> None:
        self.start_browser()
        self.login()

    def login(self) -> None:
        url, user, password = self._creds()
        resp = self.page.goto(url + _LOGIN_PATH)
        if resp is None or resp.status >= 500:
            raise TargetDown(f"the ERP sign-in page answered {resp and resp.status}")
        self.page.fill("#bname", user)
        self.page.fill("#passwort", password)
        with self.page.expect_navigation():
            self.page.click("#anmelden")
        if self.page.frame(name="content") is None:
            banner = self.banner(self.page) or "no message"
            raise LoginFailed(f"the ERP refused the sign-in for user {user}: {banner}")
        self.ctx.stats["logins"] = self.ctx.stats.get("logins", 0) + 1

    @property
    def content(self) -> Any:
        frame = self.page.frame(name="content")
        if frame is None:
            raise TargetDown("the ERP's content frame is missing (signed out?)")
        return frame

    @staticmethod
    def banner(where: Any) -> str | None:
        loc = where.locator(BANNER)
        if loc.count() == 0:
            return None
        return " ".join(loc.first.inner_text().split()) or None

    def error_banner(self) -> str | None:
        loc = self.content.locator(f"{BANNER}.err")
        return " ".join(loc.first.inner_text().split()) if loc.count() else None

    def goto(self, path: str) -> Any:
        """Open ``path`` in the content frame: a 5xx answer is retried with backoff (a page
        read changes nothing), an expired session is signed in again once."""
        url = self._creds()[0]
        tries, relogged = int(self.ctx.setting("page_attempts", 3)), False
        for attempt in range(1, tries + 2):
            frame = self.page.frame(name="content")
            if frame is None:
                self.login()
                frame = self.content
            resp = frame.goto(url + path)
            status = resp.status if resp is not None else 0
            if status >= 500:
                if attempt >= tries:
                    raise TargetDown(f"the ERP answered {status} for {path.split('?')[0]}")
                self.ctx.stats["page_retries"] = self.ctx.stats.get("page_retries", 0) + 1
                time.sleep(float(self.ctx.setting("backoff_s", 0.5)) * 2 ** (attempt - 1))
                continue
            if _LOGIN_PATH in frame.url:
                if relogged:
                    break
                relogged = True
                self.ctx.stats["relogins"] = self.ctx.stats.get("relogins", 0) + 1
                self.login()
                continue
            self.ctx.stats["pages"] = self.ctx.stats.get("pages", 0) + 1
            return frame
        raise TargetDown("the ERP keeps showing its sign-in page")

    def submit(self, button: str) -> None:
        """Click a submit button in the content frame and wait for the next page."""
        frame = self.content
        with frame.expect_navigation():
            frame.click(button)
        if _LOGIN_PATH in frame.url:
            raise TargetDown("the ERP session expired while a form was being filled")
        text = frame.locator("body").inner_text()[:200]
        if re.search(r"^\s*500\b", text) or "Internal Server Error" in text:
            raise TargetDown("the ERP answered 500 after a form was sent")

    def scrape(self, name: str) -> list[list[str]]:
        """Read every page of list ``name`` from its table (when export is not allowed)."""
        frame = self.goto(f"/app/list/{name}?seite=1")
        rows: list[list[str]] = []
        for _ in range(10_000):
            for tr in frame.locator("table#liste tr").all()[1:]:
                rows.append([" ".join(td.inner_text().split()) for td in tr.locator("td").all()])
            nxt = frame.locator("a.pg-next")
            if nxt.count() == 0:
                return rows
            frame = self.goto(nxt.first.get_attribute("href"))
        raise TargetDown(f"list {name} did not end")

    def export(self, name: str) -> bytes | None:
        """Return list ``name`` as the ERP's CSV export, or None when export is disabled."""
        frame = self.goto(f"/app/list/{name}?seite=1")
        button = frame.locator("#export")
        if button.count() == 0 or button.is_disabled():
            return None
        with self.page.expect_download() as info:
            button.click()
        download = info.value
        if download.failure():
            raise TargetDown(f"the ERP export of {name} failed: {download.failure()}")
        return open(download.path(), "rb").read()  # noqa: PTH123 - a Playwright temp file

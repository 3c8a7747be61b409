"""``WebBot``: a bot with a Playwright page on Debian's Chromium (no ``playwright install``)."""

from __future__ import annotations

import contextlib
import os
from typing import Any

from bots.base import Artefact, Bot

CHROMIUM = os.environ.get("BURSAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def launch(playwright: Any) -> Any:
    """Return a headless Chromium browser (Debian's build)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class WebBot(Bot):
    """A bot with ``self.page``; ``artefacts`` are a screenshot and the page HTML."""

    timeout_ms: int = 15_000

    def __init__(self, ctx):  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self._pw: Any = None
        self.browser: Any = None
        self.context: Any = None
        self.page: Any = None

    def start_browser(self) -> None:
        if self.page is not None:
            return
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = launch(self._pw)
        self.context = self.browser.new_context(accept_downloads=True)
        self.context.set_default_timeout(int(self.ctx.setting("timeout_ms", self.timeout_ms)))
        self.page = self.context.new_page()

    def close(self) -> None:
        for thing in (self.context, self.browser):
            if thing is not None:
                with contextlib.suppress(Exception):  # closing a dead browser is no error
                    thing.close()
        if self._pw is not None:
            self._pw.stop()
        self._pw = self.browser = self.context = self.page = None

    def artefacts(self) -> list[Artefact]:
        if self.page is None or self.page.is_closed():
            return []
        shot = self.page.screenshot(full_page=True)
        html = self.page.content().encode("utf-8")
        return [
            Artefact("screenshot", shot, "image/png", ".png"),
            Artefact("html", html, "text/html", ".html"),
        ]

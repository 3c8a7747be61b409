"""``portal_download``: sign in to a vendor portal, walk every page, download new invoice
PDFs and ingest them. What to click is a YAML site profile (``bots/profiles/*.yml``,
setting ``profile``), so a moved button is a one-line change for IT, not a code change.

Work item reference: ``portal:<invoice id>``; an invoice already downloaded is skipped by
that reference, and a PDF whose bytes Bursar already holds is skipped by sha256.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from sqlmodel import select

from bots.base import Candidate, Item, LoginFailed, Outcome, TargetDown
from bots.registry import register
from bots.web import WebBot
from bursar import secrets
from bursar.db import session_scope
from bursar.errors import ConfigError
from bursar.records import Document

PROFILES = Path(__file__).with_name("profiles")
REQUIRED = {
    "login": ("page", "user_field", "password_field", "submit", "success"),
    "list": ("page", "row", "reference", "download"),
}


def load_profile(where: str | Path | None) -> dict[str, Any]:
    """Return a site profile (a path, or a name under ``bots/profiles``), checked."""
    path = Path(where) if where else PROFILES / "sandbox_portal.yml"
    if not path.suffix:
        path = PROFILES / f"{path}.yml"
    try:
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the site profile: {exc.strerror}", where=str(path)) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"the site profile is not valid YAML: {exc}", where=str(path)) from exc
    if not isinstance(profile, dict):
        raise ConfigError("a site profile is a YAML mapping", where=str(path))
    for section, keys in REQUIRED.items():
        missing = [k for k in keys if not (profile.get(section) or {}).get(k)]
        if missing:
            raise ConfigError(f"{section} needs {', '.join(missing)}", where=str(path))
    return profile


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:80] or "invoice"


@register
class PortalDownload(WebBot):
    name = "portal_download"
    target = "vendor portal (site profile in YAML)"
    steps = ("sign in", "walk every list page", "download new invoice PDFs", "ingest them")
    produces = "documents (portal invoices)"
    consumes = None
    source = "portal"

    def __init__(self, ctx):  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.profile = load_profile(ctx.setting("profile"))
        base = str(ctx.setting("url") or "").rstrip("/")
        self.base = str(self.profile.get("url", "{url}")).replace("{url}", base).rstrip("/")
        if not self.base:
            raise ConfigError("bots.portal_download needs url (or `bursar sandbox up`)")

    # --- pages -----------------------------------------------------------------------------------
    def open(self) -> None:
        self.start_browser()
        self.login()

    def login(self) -> None:
        lp = self.profile["login"]
        user = str(self.ctx.setting("user") or "")
        password = secrets.require(
            str(self.ctx.setting("password_secret", "portal_password")), what="portal_download"
        )
        self._checked(self.page.goto(self.base + lp["page"]), "sign-in page")
        self.page.fill(lp["user_field"], user)
        self.page.fill(lp["password_field"], password)
        with self.page.expect_navigation():
            self.page.click(lp["submit"])
        if self.page.locator(lp["success"]).count() == 0:
            failure = lp.get("failure")
            shown = self.page.locator(failure) if failure else None
            msg = " ".join(shown.first.inner_text().split()) if shown and shown.count() else ""
            raise LoginFailed(f"the portal refused the sign-in for {user}: {msg or 'no message'}")

    def _checked(self, resp: Any, what: str) -> Any:
        status = resp.status if resp is not None else 0
        if status >= 500:
            raise TargetDown(f"the portal answered {status} for the {what}")
        return resp

    def _load(self, url: str, what: str) -> None:
        """Open ``url``, retrying 5xx answers with backoff and signing in again if needed."""
        tries = int(self.ctx.setting("page_attempts", 4))
        for attempt in range(1, tries + 1):
            resp = self.page.goto(url)
            status = resp.status if resp is not None else 0
            if status >= 500:
                self.ctx.stats["page_retries"] = self.ctx.stats.get("page_retries", 0) + 1
                if attempt == tries:
                    raise TargetDown(f"the portal answered {status} for the {what}")
                time.sleep(float(self.ctx.setting("backoff_s", 0.5)) * 2 ** (attempt - 1))
                continue
            if self._signed_out():
                # The session expired: sign in and walk again from the first page (the
                # pages seen are skipped by their references; the pager may not say where
                # we were).
                self.login()
                url = self.base + self.profile["list"]["page"]
                continue
            return
        raise TargetDown(f"could not open the {what}")

    def discover(self) -> Iterator[Candidate]:
        lp = self.profile["list"]
        self._load(self.base + lp["page"], "invoice list")
        for number in range(1, int(self.profile.get("max_pages", 1000)) + 1):
            self.ctx.stats["pages"] = self.ctx.stats.get("pages", 0) + 1
            yield from self._rows(lp)
            nxt = self.page.locator(self.profile.get("next_page") or "#no-next-page")
            if nxt.count() == 0:
                return
            with self.page.expect_navigation() as nav:
                nxt.first.click()
            resp = nav.value
            if resp is not None and resp.status >= 500:
                self.ctx.stats["page_retries"] = self.ctx.stats.get("page_retries", 0) + 1
            if resp is None or resp.status >= 500 or self._signed_out():
                self._load(self.page.url, f"invoice list page {number + 1}")

    def _signed_out(self) -> bool:
        return self.page.locator(self.profile["login"]["user_field"]).count() > 0

    def _rows(self, lp: dict[str, Any]) -> list[Candidate]:
        out = []
        for row in self.page.locator(lp["row"]).all():
            ref = lp["reference"]
            if ref.startswith("@"):
                value = row.get_attribute(ref[1:]) or ""
            else:
                value = row.locator(ref).first.inner_text()
            value = " ".join(value.split())
            link = row.locator(lp["download"]).first.get_attribute("href")
            if not value or not link:
                continue
            payload = {"url": urljoin(self.page.url, link), "portal_id": value}
            for name, sel in (lp.get("fields") or {}).items():
                payload[name] = " ".join(row.locator(sel).first.inner_text().split())
            out.append(Candidate(f"portal:{value}", payload))
        return out

    # --- items -----------------------------------------------------------------------------------
    def process(self, item: Item) -> Outcome:
        from bursar.ingest import ingest_paths

        resp = self.page.request.get(item.payload["url"])
        if resp.status >= 500:
            raise TargetDown(f"the portal answered {resp.status} for a PDF")
        data = resp.body()
        if not data.startswith(b"%PDF"):
            if "text/html" in (resp.headers.get("content-type") or ""):
                self.login()  # most likely the session expired: sign in, then retry
                raise TargetDown("the portal sent a page instead of the PDF")
            raise TargetDown(f"the download is not a PDF ({len(data)} bytes)")
        digest = hashlib.sha256(data).hexdigest()
        with session_scope(write=False) as s:
            known = s.exec(select(Document.id).where(Document.sha256 == digest)).first()
        if known is not None:
            return Outcome(document_ids=[known], skipped=True, note="same bytes already stored")
        name = _safe_name(item.payload.get("invoice_number") or item.payload["portal_id"])
        path = Path(self.ctx.workdir) / f"{_safe_name(item.payload['portal_id'])}-{name}.pdf"
        path.write_bytes(data)
        self.ctx.stats["downloaded"] = self.ctx.stats.get("downloaded", 0) + 1
        results = ingest_paths([path], actor=f"bot:{self.name}", source=self.source, workers=1)
        ids = [r.document_id for r in results if r.document_id]
        status = results[0].status if results else "none"
        return Outcome(document_ids=ids, note=f"ingested: {status}")

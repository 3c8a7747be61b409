"""``desktop_entry``: key approved invoices into a desktop program that has no API.

The program is "Legacy AP Entry" (the sandbox's Tk form; a real one has the same shape):
fields Vendor, Invoice No, Date, Amount and a Save button, each entry appended to its
data file. The bot works the screen like a clerk: a screenshot, each control found by
OpenCV template matching (``bots.desktop_screen``; templates in ``assets``), then a
click into each field and typing with ``RPA.Desktop`` (pynput on the X display), then
Save. It then verifies what was saved by reading the entry back from the data file.

Once each: before keying it looks the invoice up in the data file (vendor + invoice
number), so a run that died between Save and recording does not key it twice. A refusal
by the program (its banner, read by Tesseract from the screen) is a business error: the
invoice needs a person; a control not on screen is an application error, retried.
"""

from __future__ import annotations

import gc
import json
import os
import re
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from bots.base import Artefact, Bot, Candidate, Item, Outcome
from bots.desktop_screen import grey, load_controls, locate_all
from bots.registry import register
from bursar import postings
from bursar.db import session_scope
from bursar.errors import BusinessError, ConfigError, SystemError_
from bursar.records import Vendor

FIELDS = ("vendor", "invoice_number", "date", "amount")


def approved_entries(session: Any) -> list[Candidate]:
    """Return one candidate per approved invoice: what the program's form needs."""
    out = []
    for inv in postings.unposted(session, "desktop"):
        doc, decision = inv.doc, inv.decision
        if not doc.invoice_number or doc.total is None or doc.invoice_date is None:
            continue
        vendor = session.get(Vendor, doc.vendor_id) if doc.vendor_id else None
        name = (vendor.name if vendor else None) or inv.field("vendor_name")
        if not name:
            continue
        payload = {
            "document_id": doc.id,
            "decision_id": decision.id if decision else None,
            "vendor": name,
            "invoice_number": doc.invoice_number,
            "date": doc.invoice_date.isoformat(),
            "amount": f"{Decimal(str(doc.total)):.2f}",
        }
        out.append(Candidate(f"desktop:{doc.vendor_id or name}/{doc.invoice_number}", payload))
    return out


def find_entry(data_file: Path, vendor: str, number: str) -> dict[str, Any] | None:
    """Return the program's saved entry for this vendor's invoice number, if there is one."""
    key = (vendor.strip().casefold(), number.strip().casefold())
    entries = data_file.read_text().splitlines() if data_file.exists() else []
    for e in (json.loads(line) for line in entries if line.strip()):
        if (e["vendor"].casefold(), e["invoice_number"].casefold()) == key:
            return e
    return None


@register
class DesktopEntry(Bot):
    name = "desktop_entry"
    target = "Legacy AP Entry (desktop program, X display)"
    steps = (
        "look the invoice up in the program's data",
        "find the form's controls on a screenshot (OpenCV)",
        "click and type each field, Save (RPA.Desktop)",
        "read the saved entry back and compare",
    )
    produces = "entries in the desktop program"
    consumes = "approved invoices (decisions)"
    source = "desktop"
    defaults = {
        "display": None,
        "data_file": None,
        "assets": None,  # the form's control images (the sandbox's profile names its own)
        "threshold": 0.9,
        "save_timeout_s": 5.0,
    }

    def open(self) -> None:
        display, data = self.ctx.setting("display"), self.ctx.setting("data_file")
        assets = self.ctx.setting("assets")
        if not display or not data or not assets:
            raise ConfigError(
                "set display, data_file and assets under [bots.desktop_entry] "
                "(or `bursar sandbox up`)",
                where="desktop_entry",
            )
        # pynput (under RPA.Desktop) talks to the X server named by DISPLAY
        os.environ["DISPLAY"] = str(display)
        from RPA.Desktop import Desktop

        self.data_file = Path(str(data))
        self.controls = load_controls(Path(str(assets)))
        self.desktop = Desktop()

    def discover(self) -> Iterator[Candidate]:
        with session_scope(write=False) as session:
            found = approved_entries(session)
        yield from found

    def _screen(self) -> Any:
        shot = self.ctx.workdir / "screen.png"
        self.desktop.take_screenshot(str(shot))
        return grey(shot)

    def _type(self, x: int, y: int, text: str) -> None:
        self.desktop.click(f"coordinates:{x},{y}")
        self.desktop.press_keys("ctrl", "/")  # Tk: select all in the entry
        self.desktop.press_keys("delete")
        self.desktop.type_text(text)

    def process(self, item: Item) -> Outcome:
        p = item.payload
        found = find_entry(self.data_file, p["vendor"], p["invoice_number"])
        if found is not None:
            self._record(item, found["entry"], keyed=False)
            return Outcome(
                document_ids=[p["document_id"]],
                erp_document=found["entry"],
                skipped=True,
                note=f"already in the program as {found['entry']}; not keyed again",
            )
        if self.ctx.dry_run:
            return Outcome(skipped=True, note="dry run: not keyed")
        where = locate_all(self._screen(), self.controls, float(self.ctx.setting("threshold")))
        for key in FIELDS:
            self._type(where[key].x, where[key].y, str(p[key]))
        self.desktop.click(f"coordinates:{where['save'].x},{where['save'].y}")
        saved = self._wait_saved(p)
        self._verify(p, saved)
        self._record(item, saved["entry"], keyed=True)
        self.ctx.stats["entered"] = self.ctx.stats.get("entered", 0) + 1
        return Outcome(
            document_ids=[p["document_id"]],
            erp_document=saved["entry"],
            note=f"entered as {saved['entry']}",
        )

    def _wait_saved(self, p: dict[str, Any]) -> dict[str, Any]:
        """Return the saved entry; the program's refusal is a ``BusinessError``."""
        start = time.monotonic()
        timeout = float(self.ctx.setting("save_timeout_s"))
        banner = None
        while time.monotonic() - start < timeout:
            saved = find_entry(self.data_file, p["vendor"], p["invoice_number"])
            if saved is not None:
                return saved
            if banner is None and time.monotonic() - start > 1.0:
                # it saves at once when it accepts: after a second, read why it did not
                banner = self._banner()
                if re.match(r"E\d{3}\b", banner):
                    raise BusinessError(f"the program refused the entry: {banner}", where="desktop")
            time.sleep(0.1)
        raise SystemError_(
            f"Save did not write the entry in {timeout:g} s (the program says {banner!r})",
            where="desktop",
        )

    def _banner(self) -> str:
        """Return the program's status line, read from the screen with Tesseract."""
        import pytesseract

        screen = self._screen()
        save = locate_all(screen, {"save": self.controls["save"]})["save"]
        strip = screen[save.y + 20 : save.y + 60, 0 : max(600, save.x * 3)]
        text = pytesseract.image_to_string(strip, config="--psm 7")
        return " ".join(text.split())

    @staticmethod
    def _verify(p: dict[str, Any], saved: dict[str, Any]) -> None:
        wrong = [
            f"{k}: typed {p[k]!r}, saved {saved[k]!r}"
            for k in ("vendor", "invoice_number", "date")
            if saved[k] != p[k]
        ]
        if Decimal(saved["amount"]) != Decimal(p["amount"]):
            wrong.append(f"amount: typed {p['amount']}, saved {saved['amount']}")
        if wrong:
            # It is saved, so keying again would duplicate it: a person corrects it.
            raise BusinessError(
                f"{saved['entry']} was saved with other values ({'; '.join(wrong)}); "
                "correct it in the program",
                where="desktop",
            )

    def _record(self, item: Item, entry: str, *, keyed: bool) -> None:
        p = item.payload
        with session_scope() as s:
            postings.record_posted(
                s,
                p["document_id"],
                "desktop",
                entry,
                actor=f"bot:{self.name}",
                decision_id=p.get("decision_id"),
                found_existing=not keyed,
                details={"work_item": item.id, "work_reference": item.reference, "keyed": keyed},
            )

    def close(self) -> None:
        # pynput's controllers close their X connections when collected; collect them now,
        # while the display is still there, not at some later point when it may be gone.
        self.desktop = None
        gc.collect()

    def artefacts(self) -> list[Artefact]:
        if getattr(self, "desktop", None) is None:
            return []
        shot = self.ctx.workdir / "failure.png"
        self.desktop.take_screenshot(str(shot))
        return [Artefact("screenshot", shot.read_bytes(), "image/png", ".png")]

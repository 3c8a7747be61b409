"""The practice mail for the sandbox mailbox, built from a ``bursar synth`` corpus.

What a shared AP mailbox really receives: a PDF invoice, a phone-scanned PNG, a zip of
several PDFs, a message whose only attachment is not an invoice, a question with no
attachment at all, and the same invoice sent a second time as a reminder.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from bursar.types import utcnow

AP = "ap@bursar.example"


@dataclass
class PracticeMessage:
    """One message to deliver: what it carries and what a bot should make of it."""

    subject: str
    sender: str
    raw: bytes
    attachments: list[str] = field(default_factory=list)
    expect: str = "ingest"  # ingest | skip | duplicate

    def summary(self) -> dict[str, Any]:
        return {"subject": self.subject, "attachments": self.attachments, "expect": self.expect}


def _message(
    subject: str, sender: str, body: str, files: list[tuple[str, bytes, str]]
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = AP
    msg["Subject"] = subject
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = make_msgid(domain=sender.split("@")[-1])
    msg.set_content(body)
    for name, data, mime in files:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


def _pick(docs: Path, scratch: Path) -> tuple[list[Path], Path]:
    """Return the corpus's digital invoice PDFs (at least four) and one scanned image
    (rendered from the fourth PDF into ``scratch`` when the corpus has no scans)."""
    pdfs = sorted((docs / "docs").glob("inv-*.pdf"))
    scans = sorted((docs / "scans").glob("*.png"))
    if len(pdfs) < 4:
        raise ValueError(f"{docs}: need at least 4 invoice PDFs in docs/, found {len(pdfs)}")
    if scans:
        return pdfs, scans[0]
    import pypdfium2

    out = scratch / f"{pdfs[3].stem}-photo.png"
    page = pypdfium2.PdfDocument(pdfs[3])[0]
    page.render(scale=2).to_pil().convert("L").save(out)
    return pdfs, out


def _zip(files: list[Path]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            zf.write(f, arcname=f.name)
    return buf.getvalue()


TERMS = b"""General terms of delivery (excerpt)
1. Goods remain our property until paid in full.
2. Payment within 30 days net.
"""


def practice_messages(docs: Path, scratch: Path) -> list[PracticeMessage]:
    """Build the six practice messages from the corpus in ``docs``."""
    pdfs, scan = _pick(docs, scratch)
    pdf = "application/pdf"
    plan = [
        ("Invoice " + pdfs[0].stem, "billing@pioneer.example", [(pdfs[0], pdf)], "ingest"),
        ("Scanned invoice", "office@lindner.example", [(scan, "image/png")], "ingest"),
        (
            "Invoices for last month (zip)",
            "accounts@rousseau.example",
            [(Path("invoices.zip"), "application/zip")],
            "ingest",
        ),
        ("Our terms of delivery", "sales@pioneer.example", [(None, "text/plain")], "skip"),
        ("Question about our payment", "office@lindner.example", [], "skip"),
        ("Reminder: " + pdfs[0].stem, "billing@pioneer.example", [(pdfs[0], pdf)], "duplicate"),
    ]
    out = []
    for subject, sender, files, expect in plan:
        parts: list[tuple[str, bytes, str]] = []
        for path, mime in files:
            if mime == "application/zip":
                parts.append(("invoices.zip", _zip(pdfs[1:3]), mime))
            elif path is None:
                parts.append(("terms-of-delivery.txt", TERMS, mime))
            else:
                parts.append((path.name, path.read_bytes(), mime))
        body = "Please find attached." if parts else "When will you pay our invoice? Regards"
        msg = _message(subject, sender, body, parts)
        out.append(PracticeMessage(subject, sender, msg.as_bytes(), [p[0] for p in parts], expect))
    return out


def traffic_messages(paths: list[Path]) -> list[PracticeMessage]:
    """Build a month's mail carrying ``paths`` (the demo's mailbox share), one each,
    with what else an AP mailbox gets: two of them zipped in one message, a message
    whose only attachment is the terms of delivery, a question without attachment and
    a reminder resending the first document."""
    if not paths:
        return []
    mime = {".pdf": "application/pdf", ".png": "image/png", ".xml": "application/xml"}
    singles, zipped = (paths[:-2], paths[-2:]) if len(paths) >= 4 else (paths, [])
    out = []
    for i, path in enumerate(singles):
        what = "Claim" if path.stem.startswith("clm") else "Invoice"
        sender = f"billing{i % 7}@vendor.example"
        part = [(path.name, path.read_bytes(), mime.get(path.suffix.lower(), "application/pdf"))]
        msg = _message(f"{what} {path.stem}", sender, "Please find attached.", part)
        out.append(PracticeMessage(msg["Subject"], sender, msg.as_bytes(), [path.name], "ingest"))
    extras: list[tuple[str, str, list[tuple[str, bytes, str]], str]] = [
        (
            "Our terms of delivery",
            "sales@vendor.example",
            [("terms.txt", TERMS, "text/plain")],
            "skip",
        ),
        ("Question about our payment", "office@vendor.example", [], "skip"),
        (
            "Reminder: " + paths[0].stem,
            "billing0@vendor.example",
            [
                (
                    paths[0].name,
                    paths[0].read_bytes(),
                    mime.get(paths[0].suffix.lower(), "application/pdf"),
                )
            ],
            "duplicate",
        ),
    ]
    if zipped:
        extras.insert(
            0,
            (
                "Invoices for last month (zip)",
                "accounts@vendor.example",
                [("invoices.zip", _zip(zipped), "application/zip")],
                "ingest",
            ),
        )
    for subject, sender, parts, expect in extras:
        body = "Please find attached." if parts else "When will you pay our invoice? Regards"
        msg = _message(subject, sender, body, parts)
        out.append(PracticeMessage(subject, sender, msg.as_bytes(), [p[0] for p in parts], expect))
    return out

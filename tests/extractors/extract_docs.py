"""Small hand-made documents for tests the synthetic corpus does not cover."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

W, H = A4


def odd_vendor_invoice(path: Path) -> Path:
    """Write an invoice whose labels no generic vocabulary knows ("Ref. code", "Pay this")."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, H - 60, "Quirky Widgets Ltd")
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 75, "1 Odd Street, Leeds  VAT Reg. No. GB794676213")
    c.drawString(350, H - 140, "Ref. code")
    c.drawString(450, H - 140, "QW/7731/B")
    c.drawString(350, H - 152, "Issued")
    c.drawString(450, H - 152, "2026-03-02")
    c.drawString(350, H - 260, "Pay this")
    c.drawString(450, H - 260, "GBP 1,250.00")
    c.drawString(350, H - 272, "Of which VAT")
    c.drawString(450, H - 272, "GBP 208.33")
    c.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, encrypt="s3cret")
    c.drawString(50, H - 60, "Secret invoice")
    c.save()
    return path


def many_pages_pdf(path: Path, pages: int) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(pages):
        c.drawString(50, H - 60, f"Page {i + 1}")
        c.showPage()
    c.save()
    return path


def bomb_png(path: Path, width: int = 60_000, height: int = 60_000) -> Path:
    """Write a tiny PNG whose header claims a huge image (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


def truth_of(root: Path, doc: dict[str, Any]) -> dict[str, Any]:
    """Return the ground-truth JSON of one manifest document."""
    return json.loads((root / doc["truth"]).read_text())

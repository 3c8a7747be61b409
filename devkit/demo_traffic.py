"""A month of accounts-payable traffic for the demo, split over the channels it arrives by.

Every document of the synthetic corpus arrives once, the way such a document would:
paper (the scanned variant) through the scanner's hot folder, e-invoices through an
EDI drop folder that a scheduled ``ingest`` job reads, claims and about half of the
vendors' PDFs by e-mail, the other vendors' PDFs from their portal. The split is a pure
function of the manifest (a hash of the vendor), so the same corpus always gives the
same traffic and the summary can be checked against it.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHANNELS = ("portal", "mailbox", "hotfolder", "edi")
# Document.source as each channel's bot or job records it (edi: the ingest job's name).
SOURCES = {"portal": "portal", "mailbox": "mailbox", "hotfolder": "hotfolder", "edi": "edi"}


@dataclass
class Traffic:
    """Which corpus documents arrive by which channel, with what each should yield."""

    channels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def paths(self, channel: str, corpus: Path) -> list[Path]:
        return [corpus / d["path"] for d in self.channels.get(channel, [])]

    def names(self, channel: str) -> list[str]:
        return [d["name"] for d in self.channels.get(channel, [])]

    def expected_exceptions(self) -> dict[str, list[str]]:
        """Return document name -> the rule codes injected into it (all must be caught)."""
        return {
            d["name"]: list(d["expected_findings"])
            for docs in self.channels.values()
            for d in docs
            if d.get("expected_findings")
        }

    def counts(self) -> dict[str, int]:
        return {c: len(self.channels.get(c, [])) for c in CHANNELS}


def _vendor_of(corpus: Path, doc: dict[str, Any]) -> str:
    truth = json.loads((corpus / doc["truth"]).read_text())
    fields = truth.get("fields") or {}
    value = (fields.get("vendor_name") or fields.get("provider_name") or {}).get("value")
    return str(value or doc["base"])


def plan(corpus: Path) -> Traffic:
    """Return the demo's traffic for the corpus at ``corpus`` (its manifest.json)."""
    manifest = json.loads((corpus / "manifest.json").read_text())
    by_base: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in manifest["documents"]:
        by_base[doc["base"]].append(doc)
    traffic = Traffic({c: [] for c in CHANNELS})
    resent: list[dict[str, Any]] = []
    for variants in by_base.values():
        kinds = {d["variant"]: d for d in variants}
        if "scan" in kinds:  # it came on paper: only the scan arrives
            traffic.channels["hotfolder"].append(kinds["scan"])
            continue
        if "einvoice" in kinds:
            traffic.channels["edi"].append(kinds["einvoice"])
            continue
        doc = kinds.get("digital") or variants[0]
        if {"duplicate_invoice", "duplicate_claim"} & set(doc.get("expected_findings") or ()):
            resent.append(doc)  # a copy of another document: it must arrive after it
            continue
        if doc["kind"] == "claim":
            traffic.channels["mailbox"].append(doc)
            continue
        bucket = hashlib.sha256(_vendor_of(corpus, doc).encode()).digest()[0] % 2
        traffic.channels["portal" if bucket == 0 else "mailbox"].append(doc)
    for doc in resent:
        traffic.channels[_after(traffic, _number(corpus, doc), corpus)].append(doc)
    return traffic


def _number(corpus: Path, doc: dict[str, Any]) -> str | None:
    fields = json.loads((corpus / doc["truth"]).read_text()).get("fields") or {}
    value = (fields.get("invoice_number") or fields.get("claim_number") or {}).get("value")
    return str(value) if value else None


def _after(traffic: Traffic, number: str | None, corpus: Path) -> str:
    """Return a channel the demo runs no earlier than the one carrying ``number``.

    A resent copy arriving before its original would make the original the duplicate:
    right by the books, but not the discrepancy the corpus injected.
    """
    for channel in reversed(CHANNELS):
        if any(_number(corpus, d) == number for d in traffic.channels[channel]):
            return channel if channel in ("mailbox", "hotfolder", "edi") else "mailbox"
    return "mailbox"

"""What the core hands extraction: the company, the vendor master snapshot, learned layouts.

Extractors are pure (ARCHITECTURE.md 2, layer 4); everything they may know beforehand is
loaded here, by the caller, into an ``extractors.ExtractionContext``. Learning a vendor's
layout from an ingested e-invoice (or a person's correction) also lives on this side: it
writes the layout files and the audit events.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from bursar import audit
from bursar.config import Settings, get_settings
from bursar.db import has_table, session_scope
from bursar.records import Vendor
from bursar.store import default_store
from extractors.company import Company, KnownVendor, Parties
from extractors.context import ExtractionContext
from extractors.learned import learn_file, truth_of
from extractors.learning import Layout, load_layouts
from extractors.trust import load_model

log = logging.getLogger("bursar.ingest")

_VENDOR_CACHE: dict[str, tuple[float, tuple[KnownVendor, ...]]] = {}
VENDOR_CACHE_S = 60.0  # an import of new master data is seen within a minute


def layouts_folder(settings: Settings | None = None) -> Path:
    """Return where learned vendor layouts live: ``BURSAR_HOME/layouts``."""
    return (settings or get_settings()).home_dir / "layouts"


def extraction_context(
    settings: Settings | None = None, *, kind_classifier: Any = None, field_scorer: Any = None
) -> ExtractionContext:
    """Return the context an extraction runs with on this installation.

    The company from ``[company]``, known vendors from the master data (when a database is
    there), learned layouts from ``BURSAR_HOME/layouts``, OCR settings; models as given.
    Unreadable settings give an empty context: extraction still runs, knowing nothing.
    """
    try:
        settings = settings or get_settings()
    except Exception:  # settings unreadable: extraction runs without outside knowledge
        return ExtractionContext(kind_classifier=kind_classifier, field_scorer=field_scorer)
    c = settings.company
    parties = Parties(
        Company(tuple(c.names), tuple(c.vat_ids), tuple(c.ibans)),
        master_vendors(settings.db_url, settings.is_sqlite),
    )
    return ExtractionContext(
        parties=parties,
        layouts=tuple(load_layouts(layouts_folder(settings))),
        kind_classifier=kind_classifier,
        field_scorer=field_scorer,
        languages=settings.ocr_languages,
        dpi=settings.ocr_dpi,
        trust=load_model(),  # issue 23: evidence-scored confidence + the pack's max_risk
    )


def master_vendors(url: str, sqlite: bool) -> tuple[KnownVendor, ...]:
    """Return the vendor master data (cached per process for a minute); () without a database."""
    now = time.monotonic()
    hit = _VENDOR_CACHE.get(url)
    if hit and now - hit[0] < VENDOR_CACHE_S:
        return hit[1]
    vendors: tuple[KnownVendor, ...] = ()
    try:
        if sqlite and not Path(url.removeprefix("sqlite:///")).exists():
            return ()  # no database yet: do not create one by reading
        if has_table("vendor", url=url):
            with session_scope(write=False, url=url) as session:
                vendors = tuple(
                    KnownVendor(
                        v.name,
                        v.tax_id,
                        v.iban,
                        tuple(a for a in (v.aliases or "").split("|") if a.strip()),
                    )
                    for v in session.exec(select(Vendor)).all()
                )
    except Exception:  # master data unreadable: extraction runs without it
        vendors = ()
    _VENDOR_CACHE[url] = (now, vendors)
    return vendors


def learn_from(session: Session, document: Any, extraction: dict[str, Any]) -> Layout | None:
    """Learn an ingested e-invoice PDF (its XML is the truth) into its vendor's layout, and
    audit the change (``layout.learned``, version before and after).

    Plain PDFs, bare XML files and claims are ignored; never raises: learning is a bonus
    and must never fail an ingest.
    """
    try:
        truth = truth_of(extraction)
        if not truth or not str(getattr(document, "filename", "") or "").lower().endswith(".pdf"):
            return None
        folder = layouts_folder()
        path = default_store().path_for(getattr(document, "sha256", None) or extraction["sha256"])
        before = {lay.key: lay.version for lay in load_layouts(folder)}
        layout = learn_file(path, truth, folder)
    except Exception as exc:
        log.debug("no layout learned: %s", exc)
        return None
    if layout is not None and before.get(layout.key, 0) != layout.version:
        audit.append(
            session,
            "system",
            "layout.learned",
            f"layout/{layout.key}",
            {
                "before": {"version": before.get(layout.key)},
                "after": {"version": layout.version, "rules": sorted(layout.rules)},
                "document": getattr(document, "id", None),
            },
        )
    return layout

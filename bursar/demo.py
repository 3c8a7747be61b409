"""The demo: the main job end to end on embedded defaults.

SQLite in ``var/demo`` (its own BURSAR_HOME, started fresh each run except for the
trained models, which are kept so a second run is quick), a deterministic synthetic
corpus with matching master data, small models trained on first use, then every
document through the ingest pipeline, and a summary of what went where.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bursar.config import get_settings, reset_settings
from bursar.db import dispose_engines, session_scope

MASTER_KINDS = ("vendors", "purchase_orders", "receipts", "policies", "fee_schedule")


def prepare_home(home: Path) -> None:
    """Point Bursar at ``home`` and clear its database and store (models are kept)."""
    os.environ["BURSAR_HOME"] = str(home)
    os.environ.pop("BURSAR_DATABASE_URL", None)
    reset_settings()
    dispose_engines()
    for name in ("bursar.db", "bursar.db-wal", "bursar.db-shm"):
        (home / name).unlink(missing_ok=True)
    shutil.rmtree(home / "store", ignore_errors=True)
    shutil.rmtree(home / "corrections", ignore_errors=True)


def corpus(path: Path, *, count: int, seed: int) -> Path:
    """Generate the sample corpus once (deterministic; reused when present)."""
    from bursar.synth import generate

    if not (path / "manifest.json").exists():
        generate(
            path,
            count=count,
            seed=seed,
            scans=True,
            claims=True,
            einvoices=True,
            discrepancies=True,
        )
    return path


def import_master(master_dir: Path) -> dict[str, Any]:
    """Import the corpus's master data CSVs; return the reports."""
    from bursar.masterdata import import_csv

    reports = {}
    for kind in MASTER_KINDS:
        with session_scope() as session:
            reports[kind] = import_csv(
                session, kind, master_dir / f"{kind}.csv", actor="demo"
            ).to_json()
    return reports


def demo_documents(corpus_dir: Path) -> list[Path]:
    """Return the documents to ingest: born-digital, scans and e-invoices."""
    out: list[Path] = []
    for sub in ("docs", "einvoices", "scans"):
        out += sorted(p for p in (corpus_dir / sub).glob("*") if p.is_file())
    return out


def run(
    home: Path,
    *,
    count: int = 24,
    seed: int = 11,
    train: bool = True,
    say: Callable[[str], None] = print,
    on_done: Callable[[Any], None] | None = None,
) -> dict[str, Any]:
    """Run the demo and return a summary."""
    from bursar.cli.cmd_init import init_home
    from bursar.pipeline import ingest_paths

    prepare_home(home)
    init_home()
    corpus_dir = corpus(home / "corpus", count=count, seed=seed)
    say(f"sample corpus: {corpus_dir}")
    import_master(corpus_dir / "master")
    say("master data imported: vendors, purchase orders, receipts, policies, fee schedule")
    trained: dict[str, Any] = {}
    if train:
        import models

        say("training small models where none is active (first run only)...")
        trained = models.ensure_demo_models(corpus_dir, get_settings())
    docs = demo_documents(corpus_dir)
    say(f"ingesting {len(docs)} documents...")
    results = ingest_paths(docs, actor="demo", source="demo", on_done=on_done)
    from bursar import audit

    with session_scope(write=False) as session:
        verified = audit.verify(session)
    return {
        "home": str(home),
        "documents": len(results),
        "status": dict(Counter(r.status for r in results)),
        "exceptions_by_rule": dict(
            Counter(
                rule
                for r in results
                if r.status == "exception"
                for rule in {f["rule"] for f in r.findings if f["severity"] == "block"}
            )
        ),
        "models": {task: _model_line(task, report) for task, report in trained.items()},
        "audit": verified.to_json(),
    }


def _model_line(task: str, report: dict[str, Any]) -> str:
    """Return one line saying what training did for ``task``."""
    if "skipped" in report:
        return str(report["skipped"])
    name = f"{task}@{report.get('version')}"
    vs = (
        f"{report.get('metric')} {report.get('candidate')} vs "
        f"{report.get('active_version')} {report.get('active')}"
    )
    if report.get("promoted"):
        return f"{name} active ({vs})" if report.get("active") is not None else f"{name} active"
    return f"{name} trained, not promoted ({vs})"

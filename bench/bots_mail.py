"""Mailbox, hot-folder and desktop bot figures against the real sandboxes (Dovecot, Xvfb).

- mailbox_ingest: messages per minute, (a) each carrying one invoice PDF, fetched,
  ingested and moved -- cold (the first run in a process pays the pipeline's imports, as
  a fresh ``bursar bots run`` does) and warm, (b) each carrying only a text file,
  fetched, skipped and moved (the mail handling alone, no pipeline);
- folder_watch: files per minute (stable check, sha256, ingest, move);
- desktop_entry: invoices keyed into the Tk program per minute (screenshot, template
  matching, typing, read-back).

Prints figures; asserts nothing. Usage: python bench/bots_mail.py [--count N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

# This file lives in bench/, next to bench/bots.py: drop bench/ from the path, or
# `import bots` finds that file instead of Bursar's package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]


def _home(tmp: Path, bots_conf: dict | None = None) -> None:
    os.environ["BURSAR_HOME"] = str(tmp / "home")
    os.environ["BURSAR_CONFIG"] = str(tmp / "absent.toml")
    os.environ.pop("BURSAR_DATABASE_URL", None)
    os.environ["BURSAR_BOTS"] = json.dumps(bots_conf or {})
    from bursar.config import reset_settings
    from bursar.db import dispose_engines, upgrade

    reset_settings()
    dispose_engines()
    upgrade()


def _run(name: str) -> tuple[object, float]:
    import bots

    start = time.perf_counter()
    result = bots.run(name)
    took = time.perf_counter() - start
    if result.status != "succeeded":
        raise SystemExit(f"{name} failed: {result.message}")
    return result, took


def _message(subject: str, name: str, data: bytes, mime: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "billing@vendor.example", "ap@bursar.example", subject
    msg.set_content("Please find attached.")
    maintype, subtype = mime.split("/")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def bench_mailbox(tmp: Path, pdfs: list[Path]) -> None:
    from devkit.sandbox import mailbox, state

    box = mailbox.start()
    try:
        _home(tmp / "mail")
        state.save({"systems": {"mailbox": mailbox.entry(box)}})
        os.environ["BURSAR_SECRET_SANDBOX_IMAP_PASSWORD"] = box.password
        half = len(pdfs) // 2
        for batch, when in ((pdfs[:half], "cold"), (pdfs[half:], "warm")):
            mailbox.deliver(
                box, [_message(p.stem, p.name, p.read_bytes(), "application/pdf") for p in batch]
            )
            result, took = _run("mailbox_ingest")
            n = result.items.get("done", 0)  # type: ignore[attr-defined]
            print(
                f"mailbox_ingest ({when}): {n} messages with an invoice PDF fetched, ingested, "
                f"moved in {took:.1f} s = {n / took * 60:.0f} messages/min (sign-in included"
                + (
                    "; the pipeline's imports on the first ingest, as in a fresh `bursar bots run`)"
                    if when == "cold"
                    else "; pipeline already loaded)"
                )
            )
            _record(
                f"mailbox messages with an invoice PDF ingested per minute ({when})",
                f"{n / took * 60:.0f} ({n} messages, sign-in included)",
            )
        texts = [
            _message(f"note {i}", f"note-{i}.txt", b"see you next week", "text/plain")
            for i in range(len(pdfs))
        ]
        mailbox.deliver(box, texts)
        result, took = _run("mailbox_ingest")
        n = result.items.get("skipped", 0)  # type: ignore[attr-defined]
        print(
            f"mailbox_ingest: {n} messages without an invoice fetched, skipped, moved in "
            f"{took:.1f} s = {n / took * 60:.0f} messages/min (mail handling alone)"
        )
        _record(
            "mailbox messages without an invoice handled per minute (mail handling alone)",
            f"{n / took * 60:.0f}",
        )
    finally:
        mailbox.stop(box)


def bench_folder(tmp: Path, pdfs: list[Path]) -> None:
    hot = tmp / "hot"
    hot.mkdir()
    _home(tmp / "folder", {"folder_watch": {"path": str(hot), "stable_s": 0.5}})
    old = time.time() - 60
    for p in pdfs:
        shutil.copy(p, hot / p.name)
        os.utime(hot / p.name, (old, old))
    result, took = _run("folder_watch")
    n = result.items.get("done", 0)  # type: ignore[attr-defined]
    print(
        f"folder_watch: {n} files checked stable, ingested, moved in {took:.1f} s = "
        f"{n / took * 60:.0f} files/min (warm; one 0.5 s stability pause per run)"
    )
    _record(
        "hot-folder files checked stable, ingested, moved per minute",
        f"{n / took * 60:.0f} ({n} files)",
    )


def bench_desktop(tmp: Path, corpus: Path, count: int) -> None:
    from bursar.ingest import ingest_paths
    from devkit.demo import import_master
    from devkit.sandbox import desktop, state

    desk = desktop.start()
    try:
        _home(tmp / "desk")
        import_master(corpus / "master")
        results = ingest_paths(sorted((corpus / "docs").glob("inv-*.pdf"))[:count], actor="bench")
        approved = sum(r.status == "approved" for r in results)
        state.save({"systems": {"desktop": desktop.entry(desk)}})
        result, took = _run("desktop_entry")
        n = result.items.get("done", 0)  # type: ignore[attr-defined]
        print(
            f"desktop_entry: {n} of {approved} approved invoices keyed into the Tk program in "
            f"{took:.1f} s = {n / took * 60:.1f} invoices/min (Xvfb; screenshot, OpenCV, "
            "typing, read-back)"
        )
        _record(
            "desktop program: invoices keyed per minute (Xvfb, screenshot, OpenCV, typing)",
            f"{n / took * 60:.1f} ({n} of {approved} approved)",
        )
    finally:
        desktop.stop(desk)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=20, help="messages / files per figure")
    ap.add_argument("--desktop", type=int, default=5, help="invoices keyed into the Tk program")
    args = ap.parse_args()
    from devkit.synth import generate

    with tempfile.TemporaryDirectory(prefix="bursar-bench-mail-") as name:
        tmp = Path(name)
        corpus = tmp / "corpus"
        generate(corpus, count=args.count, seed=3, scans=False, claims=False, einvoices=False)
        pdfs = sorted((corpus / "docs").glob("inv-*.pdf"))[: args.count]
        bench_mailbox(tmp, pdfs)
        bench_folder(tmp, pdfs)
        bench_desktop(tmp, corpus, args.desktop)
        from bursar.db import dispose_engines

        dispose_engines()


def _record(figure: str, value: str) -> None:
    """Record one figure for ``bench/results.md`` (bench/record.py, loaded by path: bench/
    is off sys.path here)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_record", _HERE / "record.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.record("bots_mail", figure, value)


if __name__ == "__main__":
    main()

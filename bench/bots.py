"""Bot figures against the sandboxes (real Chromium): portal pages/min, invoices downloaded
(and ingested) per minute, invoices posted into the legacy ERP per minute.

Prints figures; asserts nothing. Usage: python bench/bots.py [--count N] [--page-size P]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

# This file is bench/bots.py: drop bench/ from the path, or `import bots` finds this file.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]


def _home(tmp: Path) -> None:
    os.environ["BURSAR_HOME"] = str(tmp / "home")
    os.environ["BURSAR_CONFIG"] = str(tmp / "absent.toml")
    os.environ.pop("BURSAR_DATABASE_URL", None)
    from bursar.config import reset_settings
    from bursar.db import dispose_engines

    reset_settings()
    dispose_engines()


def _timed(name: str, **kw: object) -> tuple[object, float]:
    import bots

    start = time.perf_counter()
    result = bots.run(name, **kw)  # type: ignore[arg-type]
    took = time.perf_counter() - start
    if result.status != "succeeded":
        raise SystemExit(f"{name} failed: {result.message}")
    return result, took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=30, help="synthetic invoices on the portal")
    ap.add_argument("--page-size", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bursar-bench-bots-") as tmp:
        _home(Path(tmp))
        from bursar.db import upgrade
        from devkit.demo import import_master
        from devkit.sandbox import manage

        upgrade()
        manage.up(
            ["portal", "erp"], count=args.count, options={"portal": {"page_size": args.page_size}}
        )
        try:
            from bursar.config import get_settings

            import_master(get_settings().home_dir / "sandbox" / "corpus" / "master")
            walk, took = _timed("portal_download", dry_run=True)
            pages = walk.stats["pages"]  # type: ignore[attr-defined]
            walking = took - walk.stats["open_s"]  # type: ignore[attr-defined]
            print(
                f"portal walk (dry run): {pages} pages in {walking:.1f} s after sign-in = "
                f"{pages / walking * 60:.0f} pages/min ({took:.1f} s with browser start, sign-in)"
            )
            _record(
                "sandbox portal pages walked per minute after sign-in (Chromium)",
                f"{pages / walking * 60:.0f} ({pages / took * 60:.0f} with start, sign-in)",
            )
            down, took = _timed("portal_download")
            n = down.items.get("done", 0)  # type: ignore[attr-defined]
            print(
                f"portal_download: {n} invoices downloaded and ingested in {took:.1f} s = "
                f"{n / took * 60:.1f} invoices/min (browser start and sign-in included)"
            )
            _record(
                f"portal invoices downloaded and ingested per minute ({n}, start included)",
                f"{n / took * 60:.1f}",
            )
            again, took = _timed("portal_download")
            print(f"portal_download again: {again.items} in {took:.1f} s (nothing new)")  # type: ignore[attr-defined]
            sync, took = _timed("erp_sync")
            print(f"erp_sync: {sync.stats} in {took:.1f} s")  # type: ignore[attr-defined]
            post, took = _timed("erp_post")
            n = post.items.get("done", 0)  # type: ignore[attr-defined]
            print(
                f"erp_post: {n} invoices keyed into the ERP in {took:.1f} s = "
                f"{n / took * 60:.1f} invoices/min (search, 3 form steps, read-back each)"
            )
            _record(
                "invoices keyed into the sandbox ERP per minute (3 form steps, read-back)",
                f"{n / took * 60:.1f} ({n} invoices)",
            )
        finally:
            manage.down()
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
    mod.record("bots", figure, value)


if __name__ == "__main__":
    main()

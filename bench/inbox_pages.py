"""Inbox page times with many open exceptions (prints figures; asserts nothing).

    .venv/bin/python bench/inbox_pages.py [N]      # default N = 400

Seeds a throwaway BURSAR_HOME (SQLite) with the inbox test data plus N row-only
exceptions, signs in, and times the list (first and last page), the JSON list, one
document page (which also works out its neighbours in the list) and a sign-in.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "inbox"))


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    home = Path(tempfile.mkdtemp(prefix="bursar-bench-")) / "home"
    os.environ.update(BURSAR_HOME=str(home), BURSAR_CONFIG=str(home.parent / "absent.toml"))
    from fastapi.testclient import TestClient
    from inboxkit import login, many_exceptions, seed

    from bursar.db import upgrade
    from bursar.inbox import create_app

    upgrade()
    data = seed()
    ids = many_exceptions(n)
    client = TestClient(create_app())
    sign_in = timed(lambda: login(client, "bob"), repeat=3)
    pages = -(-(n + 6) // 50)
    figures = {
        "sign-in (argon2 + session row)": sign_in,
        "/inbox page 1": timed(lambda: client.get("/inbox")),
        f"/inbox page {pages}": timed(lambda: client.get(f"/inbox?page={pages}")),
        "/api/items (50)": timed(lambda: client.get("/api/items?limit=50")),
        "document page (seeded PDF)": timed(lambda: client.get(f"/documents/{data.docs['big']}")),
        "document page (row only)": timed(lambda: client.get(f"/documents/{ids[0]}")),
    }
    print(f"open exceptions: {n + 6}, SQLite, median of runs")
    for name, ms in figures.items():
        print(f"  {name:32s} {ms:8.1f} ms")
    _record(figures, n + 6)


def _record(figures: dict[str, float], open_items: int) -> None:
    """Record the page times for ``bench/results.md`` (bench/record.py)."""
    sys.path.insert(0, str(REPO))
    from bench.record import record

    for name, ms in figures.items():
        record("inbox_pages", f"{name}, {open_items} open exceptions (median)", f"{ms:.1f} ms")


if __name__ == "__main__":
    main()

"""Master data import figures: purchase-order lines/s and peak memory, SQLite and PostgreSQL.

Each import runs in its own child process (a fresh database, the same CSV), so the
peak resident memory it reports is that import's alone. Besides wall-clock rows/s it
prints the CPU seconds the import used (the client process plus, on PostgreSQL, its
server backend, read from /proc): on a shared machine the wall clock depends on the
neighbours, rows per CPU second does not. PostgreSQL is a throwaway
cluster started here, as the tests do (skipped when the server is not installed).
Prints figures; asserts nothing.

Usage: python bench/importer.py [--lines 200000 1000000] [--db sqlite postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADER = (
    "po_number,vendor_id,currency,status,line_no,sku,description,quantity,unit,unit_price,"
    "tax_rate\n"
)


def write_csv(path: Path, lines: int, per_po: int = 10) -> None:
    """Write ``lines`` PO lines, ``per_po`` lines per purchase order."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        for i in range(lines):
            po, line = divmod(i, per_po)
            fh.write(
                f"45{po:08d},V{po % 500:04d},EUR,open,{(line + 1) * 10},SKU-{i % 9973},"
                f"Steel bolts M{line + 4} zinc plated,{(i % 97) + 1},EA,"
                f"{(i % 500) / 100 + 0.05:.2f},19\n"
            )


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _proc_cpu(pid: int | None) -> float:
    """CPU seconds used so far by process ``pid`` (the PostgreSQL backend; same machine)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child(csv_path: str, url: str) -> None:
    """Import once into ``url``; print one JSON line with rows/s and peak RSS."""
    os.environ["BURSAR_DATABASE_URL"] = url
    from bursar.db import session_scope, upgrade
    from bursar.masterdata import import_csv

    upgrade(url)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu_start = _own_cpu()
    start = time.perf_counter()
    with session_scope() as s:
        backend = None
        if not url.startswith("sqlite"):
            backend = s.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        server_start = _proc_cpu(backend)
        report = import_csv(s, "purchase_orders", Path(csv_path), actor="bench")
    seconds = time.perf_counter() - start
    cpu = _own_cpu() - cpu_start + _proc_cpu(backend) - server_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": report.inserted,
                "errors": len(report.errors),
                "seconds": seconds,
                "cpu_seconds": cpu,
                "rss_before_mib": rss_before / 1024,
                "peak_rss_mib": peak / 1024,
            }
        )
    )


def run_child(csv_path: Path, url: str, home: Path) -> dict:
    env = dict(os.environ, BURSAR_HOME=str(home), BURSAR_CONFIG=str(home / "absent.toml"))
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(csv_path), url],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    from devkit.pgserver import PostgresServer
    from devkit.pgserver import pg_bin as _pg_bin

    server = None
    if "postgresql" in args.db:
        bindir = _pg_bin()
        if bindir is None:
            print("postgresql: server not installed, skipped")
        else:
            server = PostgresServer(bindir)
            server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bursar-bench-import-") as tmp:
            print(
                f"{'database':<11}{'lines':>10}{'seconds':>9}{'rows/s':>10}"
                f"{'CPU s':>8}{'rows/CPU s':>12}{'peak RSS MiB':>14}"
            )
            for n in args.lines:
                csv_path = Path(tmp) / f"po-{n}.csv"
                write_csv(csv_path, n)
                for db in args.db:
                    home = Path(tmp) / f"home-{db}-{n}"
                    if db == "sqlite":
                        url = f"sqlite:///{home / 'bursar.db'}"
                    elif server is not None:
                        url = server.create_database()
                    else:
                        continue
                    r = run_child(csv_path, url, home)
                    assert r["rows"] == n and not r["errors"], r  # the bench's own sanity
                    print(
                        f"{db:<11}{n:>10}{r['seconds']:>9.1f}{n / r['seconds']:>10.0f}"
                        f"{r['cpu_seconds']:>8.1f}{n / r['cpu_seconds']:>12.0f}"
                        f"{r['peak_rss_mib']:>14.0f}",
                        flush=True,
                    )
                    _record(db, n, r)
                csv_path.unlink()
    finally:
        if server is not None:
            server.stop()
    return 0


def _record(db: str, n: int, r: dict) -> None:
    """Record one import's figures for ``bench/results.md`` (bench/record.py)."""
    from record import record  # bench/ is this script's own folder

    record(
        "importer",
        f"master data import, {n:,} PO lines, {db}: rows/s wall (rows per CPU-s)",
        f"{n / r['seconds']:,.0f} ({n / r['cpu_seconds']:,.0f}), peak RSS "
        f"{r['peak_rss_mib']:.0f} MiB",
        target=">= 20,000 rows/s",
    )


if __name__ == "__main__":
    sys.exit(main())

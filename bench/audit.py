"""Audit trail figures: appends/s with and without signatures, verify events/s, checkpoint cost.

Prints figures; asserts nothing. Runs on SQLite in a temporary home, and on a throwaway
PostgreSQL cluster when the server binaries are installed (``--no-pg`` skips it).
Usage: python bench/audit.py [--events N] [--no-pg]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _home(path: Path, url: str | None, migrate: bool = True) -> None:
    from bursar.config import reset_settings
    from bursar.db import dispose_engines, upgrade

    os.environ["BURSAR_HOME"] = str(path)
    os.environ["BURSAR_CONFIG"] = str(path / "absent.toml")
    if url:
        os.environ["BURSAR_DATABASE_URL"] = url
    else:
        os.environ.pop("BURSAR_DATABASE_URL", None)
    reset_settings()
    dispose_engines()
    from bursar.config import get_settings

    if migrate:
        upgrade(get_settings().db_url)


@contextmanager
def _unsigned() -> Iterator[None]:
    """Append exactly as usual, minus the Ed25519 signature: the baseline."""
    from bursar.audit import keys as audit_keys

    sign = audit_keys.SigningKey.sign

    def events_unsigned(self, message: bytes) -> str | None:  # type: ignore[no-untyped-def]
        return sign(self, message) if message.startswith(audit_keys.CHECKPOINT_DOMAIN) else None

    audit_keys.SigningKey.sign = events_unsigned  # type: ignore[assignment,method-assign]
    try:
        yield
    finally:
        audit_keys.SigningKey.sign = sign  # type: ignore[method-assign]


def _appends(n: int) -> tuple[float, float]:
    """Return (events/s one transaction each, events/s all in one transaction)."""
    from bursar import audit
    from bursar.db import session_scope

    start = time.perf_counter()
    for i in range(n):
        with session_scope() as s:
            audit.append(s, "bench", "bench.event", f"doc/{i}", {"i": i, "amount": "12.50"})
    each = n / (time.perf_counter() - start)
    start = time.perf_counter()
    with session_scope() as s:
        for i in range(n):
            audit.append(s, "bench", "bench.event", f"doc/{i}", {"i": i})
    batch = n / (time.perf_counter() - start)
    return each, batch


def _verify(chain_only: bool = False) -> tuple[float, object]:
    from bursar import audit
    from bursar.audit.verify import Logs, verify_events
    from bursar.db import session_scope

    with session_scope(write=False) as s:
        start = time.perf_counter()
        if chain_only:  # no keys, no checkpoints: what verify did before signatures
            result = verify_events(audit._iter_events(s), {}, Logs(), audit.event_hash)
        else:
            result = audit.verify(s)
        took = time.perf_counter() - start
    return result.events / took, result


def run(label: str, tmp: Path, url_for, n: int, rounds: int = 3) -> None:  # type: ignore[no-untyped-def]
    """Alternate unsigned and signed rounds on two databases; keep each one's best."""
    from bursar import audit

    homes = {False: (tmp / f"{label}-plain", url_for()), True: (tmp / f"{label}-signed", url_for())}
    for path, url in homes.values():
        _home(path, url)
    best: dict[bool, tuple[float, float]] = {False: (0.0, 0.0), True: (0.0, 0.0)}
    for _ in range(rounds):
        for signed in (False, True):
            _home(*homes[signed], migrate=False)
            if signed:
                each, batch = _appends(n)
            else:
                with _unsigned():
                    each, batch = _appends(n)
            best[signed] = (max(best[signed][0], each), max(best[signed][1], batch))
    _home(*homes[False], migrate=False)
    chain_rate, _ = _verify(chain_only=True)
    _home(*homes[True], migrate=False)
    start = time.perf_counter()
    for _ in range(20):
        audit.checkpoint(None, "bench")
    cp_ms = (time.perf_counter() - start) / 20 * 1000
    rate, result = _verify()
    (each0, batch0), (each1, batch1) = best[False], best[True]
    print(f"[{label}] append, one transaction each : {each0:7.0f} -> {each1:7.0f} events/s "
          f"unsigned -> signed (best of {rounds}; {(each1 / each0 - 1) * 100:+.0f}%)")  # fmt: skip
    print(f"[{label}] append, one transaction      : {batch0:7.0f} -> {batch1:7.0f} events/s "
          f"unsigned -> signed ({(batch1 / batch0 - 1) * 100:+.0f}%)")  # fmt: skip
    print(f"[{label}] verify, chain only (unsigned) : {chain_rate:7.0f} events/s")
    print(f"[{label}] verify, chain + signatures + checkpoints: {rate:7.0f} events/s "
          f"({result.events} events, ok={result.ok})")  # type: ignore[attr-defined]  # fmt: skip
    print(f"[{label}] checkpoint written (fsync)   : {cp_ms:7.2f} ms")
    _record(label, (each0, each1), (batch0, batch1), chain_rate, rate, cp_ms)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000, help="per round")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    start = time.perf_counter()
    for _ in range(5000):
        sig = key.sign(b"x" * 86)
    sign_us = (time.perf_counter() - start) / 5000 * 1e6
    start = time.perf_counter()
    for _ in range(5000):
        public.verify(sig, b"x" * 86)
    verify_us = (time.perf_counter() - start) / 5000 * 1e6
    print(f"Ed25519 sign / verify one hash       : {sign_us:.0f} / {verify_us:.0f} us")
    with tempfile.TemporaryDirectory() as tmp:
        run("sqlite", Path(tmp), lambda: None, args.events)
        if args.no_pg:
            return
        from devkit.pgserver import PostgresServer
        from devkit.pgserver import pg_bin as _pg_bin

        bindir = _pg_bin()
        if bindir is None:
            print("[postgresql] server not installed: skipped")
            return
        server = PostgresServer(bindir)
        server.start()
        try:
            run("postgresql", Path(tmp), server.create_database, args.events)
        finally:
            from bursar.db import dispose_engines

            dispose_engines()
            server.stop()


def _record(
    label: str,
    each: tuple[float, float],
    batch: tuple[float, float],
    chain_rate: float,
    rate: float,
    cp_ms: float,
) -> None:
    """Record this database's figures for ``bench/results.md`` (bench/record.py)."""
    from bench.record import record

    record("audit", f"{label}: appends/s one transaction each, unsigned -> signed",
           f"{each[0]:,.0f} -> {each[1]:,.0f}", target="no noticeable slowdown")  # fmt: skip
    record("audit", f"{label}: appends/s all in one transaction, unsigned -> signed",
           f"{batch[0]:,.0f} -> {batch[1]:,.0f}", target="no noticeable slowdown")  # fmt: skip
    record("audit", f"{label}: verify events/s, chain + signatures + checkpoints / chain only",
           f"{rate:,.0f} / {chain_rate:,.0f}")  # fmt: skip
    record("audit", f"{label}: checkpoint written (fsync)", f"{cp_ms:.2f} ms")


if __name__ == "__main__":
    main()

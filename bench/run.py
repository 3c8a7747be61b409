"""Run every benchmark in turn (``make bench``). Each prints its own figures."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    "pipeline.py",
    "extract.py",
    "match.py",
    "models.py",
    "bots.py",
    "bots_mail.py",
    "audit.py",
    "importer.py",
]


def main() -> int:
    only = sys.argv[1:]
    failed = []
    for name in BENCHES:
        if only and name.removesuffix(".py") not in only:
            continue
        path = HERE / name
        if not path.exists():
            print(f"== {name}: not present, skipped")
            continue
        print(f"\n== {name}", flush=True)
        start = time.perf_counter()
        rc = subprocess.call([sys.executable, str(path)], cwd=HERE.parent)
        print(f"== {name}: exit {rc} after {time.perf_counter() - start:.0f} s", flush=True)
        if rc:
            failed.append(name)
    if failed:
        print("benchmarks that failed to run: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

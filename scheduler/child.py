"""``python -m scheduler.child ingest DIR [--source NAME]``: one scheduled pipeline run.

Speaks the same exit codes and last-line JSON as ``bursar bots run NAME --json``: 0 done,
1 application error (retried), 3 business error (never retried), 2 bad input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bursar.errors import BursarError, BusinessError, InputError


def ingest(folder: Path, source: str = "hotfolder") -> dict[str, object]:
    """Ingest every document in ``folder``; return the run's summary."""
    from bursar.ingest import collect_files, ingest_paths

    files = collect_files([folder]) if any(folder.iterdir()) else []
    results = ingest_paths(files, actor="scheduler", source=source) if files else []
    counts = {"new": 0, "done": 0, "failed": 0, "skipped": 0}
    for r in results:
        if r.error:
            counts["failed"] += 1
        elif r.status == "duplicate":
            counts["skipped"] += 1
        else:
            counts["done"] += 1
    return {"status": "succeeded", "error_type": None, "message": None, "items": counts}


def main(argv: list[str]) -> int:
    source = "hotfolder"
    if len(argv) == 4 and argv[2] == "--source":
        argv, source = argv[:2], argv[3]
    if len(argv) != 2 or argv[0] != "ingest":
        print("usage: python -m scheduler.child ingest DIR [--source NAME]", file=sys.stderr)
        return 2
    try:
        summary = ingest(Path(argv[1]), source)
    except InputError as exc:
        print(json.dumps({"status": "failed", "error_type": "business", "message": str(exc)}))
        return 2
    except BusinessError as exc:
        print(json.dumps({"status": "failed", "error_type": "business", "message": str(exc)}))
        return 3
    except (BursarError, OSError) as exc:
        print(json.dumps({"status": "failed", "error_type": "application", "message": str(exc)}))
        return 1
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``python -m devkit.corpus3p build [--out var/corpus3p] [--sources ...] [--templates N]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from devkit.corpus3p.build import ALL_SOURCES, build


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m devkit.corpus3p")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build var/corpus3p from the vendored sources")
    b.add_argument("--out", type=Path, default=Path("var/corpus3p"))
    b.add_argument("--sources", nargs="+", default=list(ALL_SOURCES), choices=ALL_SOURCES)
    b.add_argument("--templates", type=int, default=30, help="documents per template source")
    args = ap.parse_args()
    res = build(args.out, tuple(args.sources), args.templates)
    docs = res["documents"]
    print(f"corpus3p: {len(docs)} documents in {args.out} ({res['built_in_s']} s): "
          + ", ".join(f"{k} {v}" for k, v in res["sources"].items()))  # fmt: skip


if __name__ == "__main__":
    main()

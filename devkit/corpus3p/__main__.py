"""``python -m devkit.corpus3p build [--out var/corpus3p] [--sources ...] [--templates N]``
and ``python -m devkit.corpus3p sample`` (the tests' checked-in sample, from a build)."""

from __future__ import annotations

import argparse
from pathlib import Path

from devkit.corpus3p.build import ALL_SOURCES, build, sample


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m devkit.corpus3p")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build var/corpus3p from the vendored sources")
    b.add_argument("--out", type=Path, default=Path("var/corpus3p"))
    b.add_argument("--sources", nargs="+", default=list(ALL_SOURCES), choices=ALL_SOURCES)
    b.add_argument("--templates", type=int, default=30, help="documents per template source")
    s = sub.add_parser("sample", help="copy a few built documents to the tests' sample")
    s.add_argument("--corpus", type=Path, default=Path("var/corpus3p"))
    s.add_argument("--out", type=Path, default=Path("tests/data/corpus3p"))
    s.add_argument("--per-source", type=int, default=2)
    args = ap.parse_args()
    if args.cmd == "sample":
        n = sample(args.corpus, args.out, args.per_source)
        print(f"corpus3p sample: {n} documents in {args.out}")
        return
    res = build(args.out, tuple(args.sources), args.templates)
    docs = res["documents"]
    print(f"corpus3p: {len(docs)} documents in {args.out} ({res['built_in_s']} s): "
          + ", ".join(f"{k} {v}" for k, v in res["sources"].items()))  # fmt: skip


if __name__ == "__main__":
    main()

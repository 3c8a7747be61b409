"""Copy the third-party inputs of the corpus from fetched git mirrors into ``sources/``.

Run once by a person with the mirrors on disk (``git clone --bare`` of each repository
at the commit ``manifest.json`` names); the builder itself only reads ``sources/``, so CI
needs no network. Base64 attachments inside the XML instances (PDFs and images embedded
as ``*BinaryObject``) are emptied: they are not printed and would weigh megabytes.

    python -m devkit.corpus3p.vendor MIRRORS_DIR
"""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BINARY = re.compile(rb"(<[\w:]*(?:BinaryObject)[^>]*>)[^<]*(</[\w:]*BinaryObject>)")


def _git(mirror: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={mirror}", *args], check=True, capture_output=True
    ).stdout


def vendor(mirrors: Path) -> None:
    manifest = json.loads((HERE / "manifest.json").read_text())
    for repo in manifest["repositories"]:
        mirror = mirrors / repo["name"].replace("/", "+") / "repo"
        dest = HERE / "sources" / repo["vendored_as"]
        files = _git(mirror, "ls-tree", "-r", "--name-only", repo["commit"]).decode().split("\n")
        for name in files:
            if not any(fnmatch.fnmatch(name, pat) for pat in repo["files"]):
                continue
            data = _git(mirror, "show", f"{repo['commit']}:{name}")
            if name.lower().endswith(".xml"):
                data = BINARY.sub(rb"\1\2", data)
            out = dest / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        print(f"{repo['name']}: {dest}")


if __name__ == "__main__":
    vendor(Path(sys.argv[1]))

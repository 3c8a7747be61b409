"""The software inventory of a wheelhouse: every package, its version and its licence.

The licence comes from each wheel's own metadata, in this order: ``License-Expression``
(PEP 639), the ``License`` field when it is a short name, the ``License ::`` classifiers.
A package whose metadata names none is listed as ``UNKNOWN`` -- never guessed.

    python3 manifest.py wheelhouse/      print the inventory as a table
"""

from __future__ import annotations

import hashlib
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path


def licence(meta) -> str:  # type: ignore[no-untyped-def]
    """Return the licence named by a METADATA message."""
    if meta.get("License-Expression"):
        return meta["License-Expression"].strip()
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80 and text.upper() != "UNKNOWN":
        return text
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.strip() != "License :: OSI Approved"
    ]
    if classifiers:
        return " OR ".join(classifiers)
    return text.splitlines()[0][:80] if text else "UNKNOWN"


def read_wheel(path: Path) -> dict[str, str]:
    """Return name, version, licence, summary, file and sha256 of one wheel."""
    with zipfile.ZipFile(path) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = HeaderParser().parsestr(zf.read(meta_name).decode("utf-8", "replace"))
    return {
        "name": meta["Name"],
        "version": meta["Version"],
        "license": licence(meta),
        "summary": (meta.get("Summary") or "").strip(),
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def read_wheelhouse(folder: Path) -> list[dict[str, str]]:
    """Return the inventory of every wheel in ``folder``, sorted by package name."""
    return sorted((read_wheel(p) for p in folder.glob("*.whl")), key=lambda e: e["name"].lower())


if __name__ == "__main__":
    for e in read_wheelhouse(Path(sys.argv[1] if len(sys.argv) > 1 else "wheelhouse")):
        print(f"{e['name']:<34} {e['version']:<16} {e['license']}")

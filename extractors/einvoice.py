"""E-invoices (placeholder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def merge_embedded(path: Path, result: dict[str, Any]) -> dict[str, Any]:
    return result


def extract_xml_file(path: Path, *, sha256: str) -> dict[str, Any]:
    from bursar.errors import InputError

    raise InputError("e-invoice XML not supported yet", code="unsupported_type", where=str(path))

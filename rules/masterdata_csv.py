"""A simple reader of contract-4.2 master-data CSV files into a MasterData snapshot.

For ``bursar rules check`` and tests only: the database importer (``bursar import``)
validates rows properly and reports bad ones. Here a bad row stops with ``file:line``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from bursar.errors import BursarError, InputError
from rules.model import MasterData

FILES = ("vendors", "purchase_orders", "receipts", "policies", "fee_schedule", "unit_conversions")


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Return the rows of one CSV file as dicts keyed by its header."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return [dict(row, _line=n) for n, row in enumerate(csv.DictReader(fh), start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read CSV: {exc}", where=str(path)) from None


def load_master_dir(directory: str | Path) -> MasterData:
    """Return MasterData from ``vendors.csv``, ``purchase_orders.csv`` ... found in ``directory``.

    Missing files are treated as empty; a directory with none of them is an error.
    """
    root = Path(directory)
    if not root.is_dir():
        raise InputError(f"master data directory not found: {root}")
    found = {name: root / f"{name}.csv" for name in FILES if (root / f"{name}.csv").is_file()}
    if not found:
        raise InputError(
            f"no master data CSV files ({', '.join(f + '.csv' for f in FILES)}) in {root}"
        )
    rows = {name: read_rows(path) for name, path in found.items()}
    for name, path in found.items():
        try:
            MasterData.from_rows(**{name: rows[name]})
        except BursarError as exc:
            raise InputError(exc.message, where=f"{path}:{_line_no(exc.where)}") from None
        except (ValueError, KeyError) as exc:
            raise InputError(f"bad row: {exc}", where=str(path)) from None
    return MasterData.from_rows(**rows)


def _line_no(where: str | None) -> str:
    return (where or "").removeprefix("line ") or "?"

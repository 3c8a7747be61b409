"""The master data a synthetic 837 is adjudicated against: its scenario's members'
policies and the fee schedule, written as the contract's CSVs and imported, for the
claims tests and the demo."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from devkit.demo import import_master
from devkit.synth.x12 import Scenario, scenario


def import_claims_master(
    sc: Scenario, folder: Path, *, first_fee_per_code: bool = False
) -> dict[str, Any]:
    """Return the import reports of the scenario's ``policies.csv`` and
    ``fee_schedule.csv``, written into ``folder`` and imported. ``first_fee_per_code``
    keeps each procedure code's first fee row only (no place-of-service variant)."""
    fees = sc.fee_schedule
    if first_fee_per_code:
        seen: set[str] = set()
        fees = [r for r in fees if not (r["code"] in seen or seen.add(r["code"]))]
    folder.mkdir(parents=True, exist_ok=True)
    for kind, rows in (("policies", sc.policies), ("fee_schedule", fees)):
        with (folder / f"{kind}.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    return import_master(folder, ("policies", "fee_schedule"))


def clean_claims(master: Path, seed: int, claims: int) -> Scenario:
    """Return a problem-free 837P scenario whose policies and plain fee schedule (one fee
    per code) are imported from CSVs written into ``master``; no claim carries an
    injected problem."""
    sc = scenario(seed, claims=claims, kind="P", problems=False)
    import_claims_master(sc, master, first_fee_per_code=True)
    return sc

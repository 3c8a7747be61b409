"""The fee schedule's optional columns (modifier, place of service, units per day) in the
database (migration 0011) and through ``bursar import fee_schedule`` (the bulk path)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from sqlmodel import select

from bursar.db import session_scope
from bursar.ingest.snapshot import load_master
from bursar.records import FeeScheduleItem
from devkit.synth.x12 import scenario
from tests.migrationkit import migration_diff


def test_migration_0011_matches_the_fee_schedule_table(db_url: str) -> None:
    assert migration_diff(db_url, {"fee_schedule_item"}) == []


def test_fee_rows_per_modifier_and_place_of_service_import_and_reach_the_rules(
    db_url: str, tmp_path: Path
) -> None:
    rows = scenario(3, claims=2).fee_schedule
    rows.append({**rows[0], "modifier": "rt", "max_unit_price": "19.99"})  # lower-case: upper
    bad = {**rows[1], "max_units_per_day": "many"}
    path = tmp_path / "fees.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows([*rows, bad])
    cmd = [sys.executable, "-m", "bursar", "import", "fee_schedule", str(path), "--json"]
    run = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy(), check=False)
    assert f"{path}:{len(rows) + 2}" in run.stdout + run.stderr  # the bad row, by file:line
    with session_scope() as session:
        stored = session.exec(select(FeeScheduleItem)).all()
        master = load_master(session)
    assert len(stored) == len(rows)  # the code with a place-of-service row is two rows
    hosp = next(r for r in rows if r["place_of_service"])
    code, pos = hosp["code"], hosp["place_of_service"]
    assert pos and {(f.code, f.place_of_service) for f in stored} >= {(code, ""), (code, pos)}
    hospital = master.fee_for(code, (), pos)
    office = master.fee_for(code, (), "11")
    assert hospital is not None and office is not None
    assert hospital.max_unit_price == Decimal(hosp["max_unit_price"]) < office.max_unit_price
    first = rows[0]["code"]
    assert master.fee_for(first, ("RT",), "11").max_unit_price == Decimal("19.99")  # type: ignore[union-attr]
    assert master.fee_for(first, (), "11").max_units_per_day == Decimal(  # type: ignore[union-attr]
        rows[0]["max_units_per_day"]
    )

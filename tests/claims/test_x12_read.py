"""X12 837P / 837I claims read line for line; invalid files refused naming the segment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bursar.errors import InputError
from devkit.synth.x12 import scenario
from extractors.pipeline import extract_documents
from extractors.x12 import read_claims, split_claims, validate

X12_FIELDS = ("member_id", "provider_npi", "payer_id", "place_of_service")


def _mismatches(results: list[dict], truth: list[dict]) -> list[str]:
    bad = []
    assert len(results) == len(truth)
    for n, (got, want) in enumerate(zip(results, truth, strict=True), start=1):
        assert got["part"] == n
        for name, value in want["fields"].items():
            if got["fields"][name]["value"] != value:
                bad.append(f"claim {n} {name}: {got['fields'][name]['value']!r} != {value!r}")
        assert len(got["lines"]) == len(want["lines"]), f"claim {n} lost lines"
        for i, (gl, wl) in enumerate(zip(got["lines"], want["lines"], strict=True), start=1):
            bad += [f"claim {n} line {i} {k}" for k, v in wl.items() if gl.get(k) != v]
    return bad


@pytest.mark.parametrize("kind", ["P", "I"])
def test_generated_837_is_read_line_for_line(kind: str, tmp_path: Path) -> None:
    sc = scenario(21, claims=30, kind=kind)
    path = tmp_path / f"batch-{kind}.x12"
    path.write_text(sc.text, encoding="ascii")
    results = extract_documents(path)
    assert {r["x12"]["transaction"] for r in results} == {f"837{kind}"}
    assert _mismatches(results, sc.truth()) == []


def test_extraction_matches_the_contract_schema_with_the_x12_claim_fields(
    contracts: Path,
) -> None:
    import jsonschema

    schema = json.loads((contracts / "extraction.schema.json").read_text())
    # ARCHITECTURE.md 4.1 adds these to X12 claims; the shared schema's list predates them
    names = schema["properties"]["fields"]["propertyNames"]["enum"]
    schema["properties"]["fields"]["propertyNames"]["enum"] = [*names, *X12_FIELDS]
    for r in read_claims(scenario(2, claims=6).text, file="a.x12", sha256="a" * 64):
        jsonschema.validate(r, schema)


def test_invalid_837_is_refused_naming_segment_and_line() -> None:
    text = scenario(4, claims=3).text
    broken = text.replace("CLM*C000400000*", "CLM*C000400000*X", 1)
    with pytest.raises(InputError) as err:
        read_claims(broken, file="bad.x12", sha256="b" * 64)
    msg = err.value.one_line()
    assert "\n" not in msg and "segment CLM" in msg and "CLM02" in msg and "file line" in msg
    assert err.value.code == "invalid_x12"


def test_each_split_part_is_a_valid_one_claim_interchange() -> None:
    sc = scenario(6, claims=8, kind="I")
    parts = split_claims(sc.text)
    assert len(parts) == len(sc.claims)
    for n, part in enumerate(parts):
        validate(part)
        (one,) = read_claims(part, file="p.x12", sha256="c" * 64)
        assert one["fields"]["claim_number"]["value"] == sc.claims[n].number
    assert len(set(parts)) == len(parts)  # the same claim twice is two documents


def test_cli_extract_gives_one_object_per_claim_and_exit_2_for_a_bad_file(
    tmp_path: Path, home: Path
) -> None:
    good, bad = tmp_path / "good.x12", tmp_path / "bad.x12"
    text = scenario(8, claims=4).text
    good.write_text(text, encoding="ascii")
    bad.write_text(text.rsplit("GE*", 1)[0], encoding="ascii")  # cut after SE: no GE, no IEA
    cmd = [sys.executable, "-m", "bursar", "extract", str(good), str(bad), "--json"]
    run = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy(), check=False)
    assert run.returncode == 2, run.stderr
    out = json.loads(run.stdout)
    assert [r.get("part") for r in out] == [1, 2, 3, 4, None]
    assert out[-1]["error"]["code"] == "invalid_x12"
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr

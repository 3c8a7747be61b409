"""What IT installs is the product, not its test kit: the wheel the offline bundle ships holds
no synthetic generator, sample systems, demos or test servers (ARCHITECTURE.md 2, devkit/)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "installer"))

import build  # noqa: E402 - installer/build.py, the bundle builder itself

# the generator, the sample systems, the demo's story and traffic, the tests' PostgreSQL
DEVKIT_MARKS = ("devkit/", "/synth/", "/sandbox/", "demo_", "devkit/demo.py", "devkit/bots_demo.py")
DEVKIT_MARKS += ("pgserver", "calibration_fit")


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("wheel")
    wheel = build.build_project_wheel(build.project_version(), out)
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


def test_the_wheel_holds_no_generator_sandbox_or_demo_code(wheel_files: list[str]) -> None:
    code = [n for n in wheel_files if not n.startswith("bursar-") or "dist-info" not in n]
    kit = [n for n in code if any(mark in n for mark in DEVKIT_MARKS)]
    assert kit == [], kit
    # and it is the product: the core, extraction, rules, models, bots and scheduler are in it
    tops = {n.split("/", 1)[0] for n in code}
    assert {"bursar", "extractors", "rules", "models", "bots", "scheduler"} <= tops
    assert "bursar/ingest/process.py" in code and "bursar/engine/tasks.py" in code
    assert "bots/profile.py" in code and "bursar/audit/verify.py" in code


def test_the_bundle_sources_leave_the_devkit_out() -> None:
    assert "devkit" not in build.SOURCES
    kit = ("devkit", "devkit/sandbox", "devkit/synth")
    assert not any(str(s).startswith(kit) for s in build.SOURCES)

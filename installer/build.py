"""Build the offline bundle: ``dist/bursar-VERSION-linux-x86_64.tar.gz`` (and a Windows layout).

    .venv/bin/python installer/build.py                 Linux bundle from requirements.lock
    .venv/bin/python installer/build.py --version 0.2.0 same, the project wheel at another version
    .venv/bin/python installer/build.py --windows       also lay out dist/bursar-VERSION-win_amd64/

The bundle holds only binary wheels (an sdist in the lock, e.g. evdev, is built into a wheel
here, once), the project's own wheel, install.sh, uninstall.sh, a default bursar.toml, the
systemd units, the vendor templates, a hash-pinned requirements.lock naming exactly the wheels
inside, manifest.json (every package, version, licence from its metadata) and SHA256SUMS.

Wheels are kept in a cache (``BURSAR_WHEEL_CACHE``, default ~/.cache/bursar-wheelhouse) keyed
by the lock's hashes, so a second build only rebuilds the project wheel and the archive.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import manifest  # noqa: E402  (sibling module, also shipped in the bundle)

PLATFORM = "linux-x86_64"
SOURCES = ("pyproject.toml", "README.md", "bursar", "bots", "extractors", "models", "rules")
SOURCES += ("scheduler",)
UNITS = ("bursar-inbox.service", "bursar-scheduler.service", "bursar-worker@.service")
UNITS += ("bursar-witness.service", "bursar-audit-checkpoint.service")
UNITS += ("bursar-audit-checkpoint.timer",)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(path: Path) -> dict[str, tuple[str, list[str]]]:
    """Return {normalised name: (version, [sha256, ...])} from a ``--hash`` requirements file."""
    text = path.read_text().replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec, *rest = line.split()
        name, version = spec.split("==")
        hashes = [r.split(":", 1)[1] for r in rest if r.startswith("--hash=sha256:")]
        pins[norm(name)] = (version, hashes)
    return pins


def wheel_key(filename: str) -> tuple[str, str]:
    """Return (normalised name, version) of a wheel file name."""
    name, version = filename.split("-")[:2]
    return norm(name), version


class WheelCache:
    """Wheels for the lock's pins, reused while the lock's hashes for a pin are unchanged."""

    def __init__(self, root: Path):
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.index_path = root / "index.json"
        self.index = json.loads(self.index_path.read_text()) if self.index_path.exists() else {}

    def lookup(self, name: str, version: str, hashes: list[str]) -> Path | None:
        entry = self.index.get(f"{name}=={version}")
        if not entry or sorted(entry["lock_hashes"]) != sorted(hashes):
            return None
        path = self.root / entry["file"]
        return path if path.exists() and sha256(path) == entry["sha256"] else None

    def fill(self, pins: dict[str, tuple[str, list[str]]]) -> dict[str, Path]:
        """Return {name: wheel} for every pin, fetching or building the missing ones."""
        with (self.root / ".lock").open("w") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)  # two builds at once share one cache
            self.index = json.loads(self.index_path.read_text()) if self.index_path.exists() else {}
            return self._fill(pins)

    def _fill(self, pins: dict[str, tuple[str, list[str]]]) -> dict[str, Path]:
        found = {n: self.lookup(n, v, h) for n, (v, h) in pins.items()}
        missing = {n: pins[n] for n, p in found.items() if p is None}
        if missing:
            self._fetch(missing)
            found = {n: self.lookup(n, v, h) for n, (v, h) in pins.items()}
        lost = sorted(n for n, p in found.items() if p is None)
        if lost:
            raise SystemExit(f"build: no wheel for {', '.join(lost)}")
        return {n: p for n, p in found.items() if p is not None}

    def _fetch(self, missing: dict[str, tuple[str, list[str]]]) -> None:
        print(f"fetching {len(missing)} wheel(s) into {self.root}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            req = Path(tmp) / "missing.lock"
            req.write_text(
                "".join(
                    f"{n}=={v} " + " ".join(f"--hash=sha256:{h}" for h in hs) + "\n"
                    for n, (v, hs) in missing.items()
                )
            )
            out = Path(tmp) / "wheels"
            # pip checks every downloaded file (wheel or sdist) against the lock's hashes.
            cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--require-hashes"]
            subprocess.run([*cmd, "-q", "-w", str(out), "-r", str(req)], check=True)
            for wheel in sorted(out.glob("*.whl")):
                name, version = wheel_key(wheel.name)
                if name not in missing:
                    continue
                shutil.move(str(wheel), self.root / wheel.name)
                self.index[f"{name}=={version}"] = {
                    "file": wheel.name,
                    "sha256": sha256(self.root / wheel.name),
                    "lock_hashes": missing[name][1],
                }
        self.index_path.write_text(json.dumps(self.index, indent=1, sort_keys=True))


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def build_project_wheel(version: str, out: Path) -> Path:
    """Return the project's wheel, built from a clean copy of the sources at ``version``."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
        for name in SOURCES:
            path = ROOT / name
            if path.is_dir():
                shutil.copytree(path, src / name, ignore=ignore)
            else:
                src.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, src / name)
        if version != project_version():
            _set_version(src, version)
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)]
        subprocess.run(cmd, check=True)
    return next(out.glob(f"bursar-{version}-*.whl"))


def _set_version(src: Path, version: str) -> None:
    for rel, pattern in (
        ("pyproject.toml", r'(?m)^version = "[^"]+"'),
        ("bursar/__init__.py", r'(?m)^__version__ = "[^"]+"'),
    ):
        path = src / rel
        key = pattern.split("^")[1].split(" ")[0]
        text, n = re.subn(pattern, f'{key} = "{version}"', path.read_text())
        if n != 1:
            raise SystemExit(f"build: cannot set the version in {rel}")
        path.write_text(text)


def write_sums(stage: Path) -> None:
    """Write SHA256SUMS (``sha256sum -c`` format) for every file in the bundle but itself."""
    lines = [
        f"{sha256(p)}  {p.relative_to(stage).as_posix()}"
        for p in sorted(stage.rglob("*"))
        if p.is_file() and p.name != "SHA256SUMS"
    ]
    (stage / "SHA256SUMS").write_text("\n".join(lines) + "\n")


def stage_linux(version: str, cache: WheelCache, dist: Path) -> Path:
    """Lay out dist/bursar-VERSION-linux-x86_64/ and return it."""
    stage = dist / f"bursar-{version}-{PLATFORM}"
    if stage.exists():
        shutil.rmtree(stage)
    house = stage / "wheelhouse"
    house.mkdir(parents=True)
    wheels = cache.fill(parse_lock(ROOT / "requirements.lock"))
    for path in wheels.values():
        _link(path, house / path.name)
    own = build_project_wheel(version, house)
    _write_bundle_lock(stage / "requirements.lock", [*wheels.values(), own], house)
    for name in ("install.sh", "uninstall.sh", "bursar.toml", "README.md", "manifest.py"):
        shutil.copy2(HERE / name, stage / name)
    shutil.copytree(HERE / "systemd", stage / "systemd")
    shutil.copytree(ROOT / "templates", stage / "templates")
    (stage / "VERSION").write_text(version + "\n")
    entries = manifest.read_wheelhouse(house)
    (stage / "manifest.json").write_text(json.dumps(entries, indent=1) + "\n")
    write_sums(stage)
    return stage


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)  # same filesystem: no copy of torch's 190 MB
    except OSError:
        shutil.copy2(src, dst)


def _write_bundle_lock(path: Path, wheels: list[Path], house: Path) -> None:
    lines = ["# The wheels in wheelhouse/, pinned with their sha256: pip --require-hashes."]
    for wheel in sorted(wheels, key=lambda p: p.name.lower()):
        name, version = wheel_key(wheel.name)
        lines.append(f"{name}=={version} --hash=sha256:{sha256(house / wheel.name)}")
    path.write_text("\n".join(lines) + "\n")


def archive(stage: Path) -> Path:
    """Return the .tar.gz of ``stage`` (gzip level 1: wheels are already compressed)."""
    out = stage.parent / f"{stage.name}.tar.gz"
    tmp = out.with_suffix(".part")
    with tarfile.open(tmp, "w:gz", compresslevel=1) as tar:
        tar.add(stage, arcname=stage.name)
    tmp.replace(out)
    # Published beside the archive: it pins SHA256SUMS inside, which pins every other file.
    Path(f"{out}.sha256").write_text(f"{sha256(out)}  {out.name}\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=project_version(), help="the project's version")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--no-archive", action="store_true", help="leave only the folder")
    parser.add_argument("--windows", action="store_true", help="also lay out the Windows bundle")
    parser.add_argument(
        "--windows-without-wheels", action="store_true", help="Windows layout, no downloads"
    )
    args = parser.parse_args(argv)
    default_cache = Path.home() / ".cache" / "bursar-wheelhouse"
    cache_root = Path(os.environ.get("BURSAR_WHEEL_CACHE", default_cache))
    args.dist.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    stage = stage_linux(args.version, WheelCache(cache_root / "linux-cp311"), args.dist)
    out = stage if args.no_archive else archive(stage)
    size = out.stat().st_size if out.is_file() else sum(p.stat().st_size for p in out.rglob("*"))
    print(f"built {out} ({size / 2**20:.0f} MiB) in {time.monotonic() - started:.0f} s")
    if args.windows or args.windows_without_wheels:
        import windows

        win = windows.stage(
            args.version,
            args.dist,
            cache_root / "win_amd64-cp311",
            with_wheels=not args.windows_without_wheels,
        )
        print(f"laid out {win} (untested here: see installer/README.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

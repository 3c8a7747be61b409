"""Write the lock files from pyproject.toml, or check that they still agree with it.

    python3 installer/lock.py --check      exit 1 with a message when pyproject.toml changed
    .venv/bin/python installer/lock.py     rewrite requirements.lock and requirements-dev.lock
    .venv/bin/python installer/lock.py --cuda   rewrite requirements-cuda.lock (torch from PyPI)

Every package is pinned with ``==`` and the sha256 of the file pip chose, so
``pip install --require-hashes`` refuses anything else. pip does the resolving (``pip install
--dry-run --report``): it is the one tool that sees this machine's local torch CPU wheel
(uv and poetry do not), and its report carries each file's hash -- for the local wheel pip
hashes the file itself, which is how a wheel that is not on PyPI gets into the lock. pip runs
on the target's Python (Debian 12: /usr/bin/python3.11, 3.11.2; LOCK_PYTHON overrides).

The versions the existing locks pin are preferred (passed as constraints), so adding one
dependency does not move every other one; ``--upgrade`` resolves the newest instead.
``--check`` needs only the standard library: the Makefile runs it before any venv exists.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TORCH_CPU = "torch==2.13.0+cpu"
TORCH_CUDA = "torch==2.13.0"
LOCKS = {
    "runtime": ROOT / "requirements.lock",
    "dev": ROOT / "requirements-dev.lock",
    "cuda": ROOT / "requirements-cuda.lock",
}
FINGERPRINT = "# input-sha256: "


def input_fingerprint(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """Return the sha256 of what the locks are made from: dependencies, dev extra, torch pin."""
    project = tomllib.loads(pyproject.read_text())["project"]
    what = {
        "requires-python": project.get("requires-python", ""),
        "dependencies": sorted(project.get("dependencies", [])),
        "dev": sorted(project.get("optional-dependencies", {}).get("dev", [])),
        "torch": TORCH_CPU,
    }
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()


def lock_fingerprint(lock: Path) -> str | None:
    """Return the fingerprint recorded in a lock file, or None when it has none."""
    if not lock.exists():
        return None
    for line in lock.read_text().splitlines():
        if line.startswith(FINGERPRINT):
            return line[len(FINGERPRINT) :].strip()
    return None


def check() -> int:
    """Return 0 when both locks match pyproject.toml; else print why and return 1."""
    want = input_fingerprint()
    for kind in ("runtime", "dev"):
        lock = LOCKS[kind]
        have = lock_fingerprint(lock)
        if have is None:
            print(f"{lock.name} is missing; run `make lock`", file=sys.stderr)
            return 1
        if have != want:
            print(
                f"{lock.name} is out of date: pyproject.toml's dependencies changed since it was "
                "written; run `make lock` and commit the lock files",
                file=sys.stderr,
            )
            return 1
    return 0


def resolver_python() -> str:
    """Return a Python with a current pip, of the version the bundle installs with.

    The target is Debian 12's /usr/bin/python3.11 (3.11.2): a lock resolved on a newer 3.11
    can pick releases that need 3.11.5 (soupsieve does), which install.sh would then refuse.
    """
    target = Path(os.environ.get("LOCK_PYTHON", "/usr/bin/python3.11"))
    if not target.exists():
        return sys.executable
    version = subprocess.run(
        [str(target), "-c", "import platform; print(platform.python_version())"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    venv = Path.home() / ".cache" / "bursar-lock" / f"python-{version}"
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([str(target), "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-U", "pip"], check=True)
    return str(py)


def _resolve(requirements: list[str], constraints: list[str], *, isolated: bool) -> list[dict]:
    """Return pip's report entries for a fresh resolution of ``requirements``."""
    with tempfile.TemporaryDirectory() as tmp:
        cfile = Path(tmp) / "constraints.txt"
        cfile.write_text("\n".join(constraints) + "\n")
        report = Path(tmp) / "report.json"
        cmd = [resolver_python(), "-m", "pip", "--disable-pip-version-check"]
        cmd += ["--isolated"] if isolated else []
        cmd += ["install", "--dry-run", "--ignore-installed", "--quiet", "--report", str(report)]
        cmd += ["-c", str(cfile), *requirements]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
        if proc.returncode != 0:
            raise ResolveError(proc.stderr)
        return json.loads(report.read_text())["install"]


class ResolveError(RuntimeError):
    """pip could not resolve; the message is pip's last line."""

    def __init__(self, stderr: str):
        lines = [ln for ln in stderr.strip().splitlines() if not ln.startswith("WARNING")]
        super().__init__(lines[-1] if lines else "pip failed")


def _locked_pins(*locks: Path) -> list[str]:
    """Return ``name==version`` for what the existing lock files pin (the preferred versions)."""
    pins = []
    for path in locks:
        if path.exists():
            pins += [ln.split()[0] for ln in path.read_text().splitlines() if "==" in ln[:80]]
    return [p for p in pins if not p.startswith(("#", "torch=="))]


def _older(version: str, than: str) -> bool:
    from packaging.version import Version

    return Version(version) < Version(than)


def _resolve_preferring(reqs: list[str], pins: list[str], prefer: list[str], **kw) -> list[dict]:
    """Resolve keeping the preferred versions where pyproject.toml still allows them.

    A preferred pin that no longer fits can make pip backtrack to ancient releases of other
    packages (beautifulsoup4 4.6 to dodge a soupsieve pin), so the result is compared with a
    fresh resolution: any package not pinned by a preference that comes out older than the
    fresh one means the preferences are dropped.
    """
    fresh = _resolve(reqs, pins, **kw)
    if not prefer:
        return fresh
    try:
        kept = _resolve(reqs, pins + prefer, **kw)
    except ResolveError:
        kept = None
    newest = {e["metadata"]["name"].lower(): e["metadata"]["version"] for e in fresh}
    preferred = {p.split("==")[0].lower() for p in prefer}
    for entry in kept or []:
        name, version = entry["metadata"]["name"].lower(), entry["metadata"]["version"]
        if name not in preferred and name in newest and _older(version, newest[name]):
            kept = None
            break
    if kept is None:
        print("locked versions no longer fit pyproject.toml; taking the newest", file=sys.stderr)
        return fresh
    return kept


def _entries(report: list[dict]) -> dict[str, tuple[str, str, str]]:
    """Return {name: (version, sha256, url)} for every package but the project itself."""
    out = {}
    for item in report:
        name = item["metadata"]["name"].lower().replace("_", "-")
        if name == "bursar":
            continue
        info = item["download_info"]
        digest = info.get("archive_info", {}).get("hashes", {}).get("sha256")
        if not digest:
            raise RuntimeError(f"pip reported no sha256 for {name} ({info['url']})")
        out[name] = (item["metadata"]["version"], digest, info["url"])
    return out


def _write(path: Path, title: str, entries: dict[str, tuple[str, str, str]]) -> None:
    lines = [
        f"# {path.name}: {title}, pinned with sha256 hashes.",
        "# Written by `make lock` (installer/lock.py) from pyproject.toml; do not edit by hand.",
        f"{FINGERPRINT}{input_fingerprint()}",
        "# Install: pip install --require-hashes -r " + path.name,
    ]
    for name in sorted(entries):
        version, digest, url = entries[name]
        if "+" in version:
            # A local build (torch's CPU wheel) is not on PyPI: say which file was hashed.
            lines.append(f"# {name}: not on PyPI; sha256 of the local {url.rsplit('/', 1)[-1]}")
        lines.append(f"{name}=={version} \\\n    --hash=sha256:{digest}")
    path.write_text("\n".join(lines) + "\n")
    print(f"wrote {path.name}: {len(entries)} packages")


def write_locks(upgrade: bool) -> None:
    """Resolve runtime, then dev against the runtime pins, and write both locks."""
    prefer = [] if upgrade else _locked_pins(LOCKS["runtime"], LOCKS["dev"])
    runtime = _entries(_resolve_preferring([TORCH_CPU, "."], [], prefer, isolated=False))
    pins = [f"{n}=={v}" for n, (v, _, _) in runtime.items()]
    dev = _entries(_resolve_preferring([TORCH_CPU, ".[dev]"], pins, prefer, isolated=False))
    dev = {n: e for n, e in dev.items() if n not in runtime}
    _write(LOCKS["runtime"], "every runtime dependency of bursar (torch CPU)", runtime)
    _write(LOCKS["dev"], "test and lint tools, on top of requirements.lock", dev)


def write_cuda_lock() -> None:
    """Resolve the runtime with PyPI's CUDA torch; other packages keep requirements.lock's pins.

    pip runs ``--isolated`` so the machine's local CPU wheel (pip config) is not seen.
    """
    text = LOCKS["runtime"].read_text().splitlines()
    pins = [ln.split()[0] for ln in text if "==" in ln and not ln.startswith(("#", "torch"))]
    cuda = _entries(_resolve([TORCH_CUDA, "."], pins, isolated=True))
    _write(LOCKS["cuda"], "the runtime with PyPI's CUDA build of torch", cuda)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the locks are current")
    parser.add_argument("--upgrade", action="store_true", help="ignore the .venv's versions")
    parser.add_argument("--cuda", action="store_true", help="write requirements-cuda.lock")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    try:
        write_cuda_lock() if args.cuda else write_locks(args.upgrade)
    except RuntimeError as exc:
        print(f"lock: pip could not resolve: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

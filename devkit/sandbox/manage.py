"""Start, stop and inspect the sandbox systems (``bursar sandbox up|down|status``)."""

from __future__ import annotations

import importlib
import secrets as pysecrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bursar import secrets
from bursar.errors import InputError
from devkit.sandbox import state as st
from devkit.sandbox import webkit
from devkit.sandbox.registry import SYSTEMS


@dataclass
class UpContext:
    """What a system gets to start: its folder, the shared synth corpus, options."""

    name: str
    root: Path
    corpus: Path
    options: dict[str, Any] = field(default_factory=dict)

    def password(self, secret: str) -> str:
        """Return the password in the vault under ``secret``, creating a random one."""
        value = secrets.get(secret)
        if not value:
            value = pysecrets.token_urlsafe(12)
            secrets.set_secret(secret, value)
            secrets.remember(value)
        return value


def _module(name: str):  # type: ignore[no-untyped-def]
    if name not in SYSTEMS:
        raise InputError(f"no sandbox system {name!r} (known: {', '.join(SYSTEMS)})")
    return importlib.import_module(SYSTEMS[name])


def ensure_corpus(count: int = 12, seed: int = 7) -> Path:
    """Return the sandbox's synth corpus, generating it on first use."""
    out = st.sandbox_dir() / "corpus"
    if not (out / "manifest.json").exists():
        from devkit.synth import generate

        shutil.rmtree(out, ignore_errors=True)
        generate(out, count=count, seed=seed, scans=False, claims=False, einvoices=False)
    return out


def up(
    names: list[str] | None = None,
    *,
    count: int = 12,
    seed: int = 7,
    options: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Start the named systems (default: all) that are not running; return the state."""
    names = names or list(SYSTEMS)
    corpus = ensure_corpus(count, seed)
    state = st.load()
    systems = state.setdefault("systems", {})
    for name in names:
        mod = _module(name)
        running = systems.get(name)
        if running and _status(name, running).get("running"):
            continue
        root = st.sandbox_dir() / name
        ctx = UpContext(name, root, corpus, (options or {}).get(name, {}))
        systems[name] = mod.sandbox_up(ctx)
        st.save(state)
    return state


def _status(name: str, entry: dict[str, Any]) -> dict[str, Any]:
    mod = importlib.import_module(SYSTEMS.get(name, entry.get("module", "")))
    if hasattr(mod, "sandbox_status"):
        return mod.sandbox_status(entry)
    return {"running": webkit.alive(entry.get("pid"), entry.get("module", ""))}


def down(names: list[str] | None = None) -> list[str]:
    """Stop the named systems (default: all); return the names stopped."""
    state = st.load()
    systems = state.get("systems", {})
    stopped = []
    for name in names or list(systems):
        entry = systems.pop(name, None)
        if entry is None:
            continue
        mod = importlib.import_module(SYSTEMS.get(name, entry.get("module", "")))
        if hasattr(mod, "sandbox_down"):
            mod.sandbox_down(entry)
        else:
            webkit.stop(entry.get("pid"), entry.get("module", ""))
        stopped.append(name)
    st.save(state)
    return stopped


def status() -> list[dict[str, Any]]:
    """Return one row per known system: name, running, url."""
    systems = st.load().get("systems", {})
    rows = []
    for name in sorted(set(SYSTEMS) | set(systems)):
        entry = systems.get(name)
        info = _status(name, entry) if entry else {"running": False}
        rows.append(
            {
                "system": name,
                "running": bool(info.get("running")),
                "url": entry.get("url") if entry else None,
                "user": entry.get("user") if entry else None,
                "password_secret": entry.get("password_secret") if entry else None,
                "seeded": entry.get("seeded") if entry else None,
            }
        )
    return rows


def configure(name: str, **changes: Any) -> dict[str, Any]:
    """Switch a running web system's faults and flags (error_rate, layout, ...)."""
    entry = st.system(name)
    if not entry or "url" not in entry:
        raise InputError(f"sandbox system {name!r} is not running (bursar sandbox up)")
    return webkit.control(entry["url"], "/_sandbox/config", changes)

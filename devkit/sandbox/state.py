"""The sandbox's state file ``BURSAR_HOME/sandbox/state.json``: ports, pids, demo logins.

Passwords are not in it: ``bursar sandbox up`` puts them in the secrets vault and the
state names the secret (``password_secret``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bots.profile import write_profile
from bursar.files import write_atomic


def sandbox_dir() -> Path:
    from bursar.config import get_settings

    return get_settings().home_dir / "sandbox"


def state_path() -> Path:
    return sandbox_dir() / "state.json"


def load() -> dict[str, Any]:
    """Return the state (``{"systems": {name: {...}}}``); empty when the sandbox is down."""
    path = state_path()
    if not path.exists():
        return {"systems": {}}
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {"systems": {}}


def save(state: dict[str, Any]) -> None:
    """Write the state, and the bots' profile that points them at the running systems."""
    write_atomic(state_path(), json.dumps(state, indent=2, sort_keys=True).encode())
    bots: dict[str, dict[str, Any]] = {}
    for entry in state.get("systems", {}).values():
        for bot, settings in entry.get("bots", {}).items():
            bots.setdefault(bot, dict(settings))
    write_profile(bots)


def system(name: str) -> dict[str, Any] | None:
    """Return one running system's entry (url, port, pid, user, password_secret ...)."""
    return load().get("systems", {}).get(name)


def bot_defaults(bot: str) -> dict[str, Any]:
    """Return the settings a bot gets from the running sandbox (empty when it is down).

    Each system lists the bots it serves and what they need in ``bots``:
    ``{"bots": {"erp_post": {"url": ..., "user": ..., "password_secret": ...}}}``.
    """
    for entry in load().get("systems", {}).values():
        found = entry.get("bots", {}).get(bot)
        if found:
            return dict(found)
    return {}

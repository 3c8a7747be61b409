"""Where bots find the systems they drive when ``bursar.toml`` does not say: a profile.

A profile is a JSON file ``BURSAR_HOME/bots-profile.json``, ``{bot name: {setting: value}}``,
written by whoever stands the systems up (``bursar sandbox up`` for the sample systems, an
installer or an administrator for real ones). Bots read it like any other settings; they
never look inside the systems themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bursar.config import get_settings
from bursar.files import write_atomic


def profile_path() -> Path:
    return get_settings().home_dir / "bots-profile.json"


def load_profile() -> dict[str, dict[str, Any]]:
    """Return every bot's profile settings; empty when there is no (readable) profile."""
    try:
        data = json.loads(profile_path().read_text())
    except (OSError, ValueError):
        return {}
    return (
        {k: dict(v) for k, v in data.items() if isinstance(v, dict)}
        if isinstance(data, dict)
        else {}
    )


def profile_defaults(bot: str) -> dict[str, Any]:
    """Return the settings the profile gives ``bot`` (empty when none)."""
    return load_profile().get(bot, {})


def write_profile(bots: dict[str, dict[str, Any]]) -> None:
    """Replace the profile with ``bots`` (an empty dict leaves an empty profile)."""
    write_atomic(profile_path(), json.dumps(bots, indent=2, sort_keys=True).encode())

"""Fixtures for the bot tests.

``tests/`` is on ``sys.path`` (pytest's rootdir conftest), so a bare ``import bots`` would
find this folder as a namespace package instead of Bursar's ``bots``. Put the repository
root first, and drop a namespace ``bots`` picked up before this file ran.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
for _name in [m for m in sys.modules if m == "bots" or m.startswith("bots.")]:
    if getattr(sys.modules[_name], "__file__", None) is None:
        del sys.modules[_name]


import os  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402


class SandboxHome:
    """A BURSAR_HOME with running sandbox systems, shared by one test module."""

    def __init__(self, path: Path, mp: pytest.MonkeyPatch):
        self.path, self.mp, self.db = path, mp, 0

    def fresh_db(self) -> str:
        """Point Bursar at a new, migrated SQLite database (the sandbox keeps running)."""
        from bursar.config import get_settings, reset_settings
        from bursar.db import dispose_engines, upgrade

        self.db += 1
        url = f"sqlite:///{self.path / f'bursar-{self.db}.db'}"
        self.mp.setenv("BURSAR_DATABASE_URL", url)
        reset_settings()
        dispose_engines()
        upgrade(get_settings().db_url)
        return url

    def system(self, name: str) -> dict[str, Any]:
        from devkit.sandbox import state

        return state.system(name) or {}


@pytest.fixture(scope="module")
def sandbox_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Call with (systems, options) to start sandbox systems in a module-wide home."""
    from bursar.config import reset_settings
    from bursar.db import dispose_engines

    started: list[SandboxHome] = []
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("bothome")
        mp.setenv("BURSAR_HOME", str(home))
        mp.setenv("BURSAR_CONFIG", str(home / "absent.toml"))
        mp.delenv("BURSAR_DATABASE_URL", raising=False)
        mp.setenv("BURSAR_BOTS", "{}")
        for var in [v for v in os.environ if v.startswith("BURSAR_SECRET")]:
            mp.delenv(var)
        reset_settings()
        dispose_engines()

        def start(names: list[str], options: dict[str, Any] | None = None, count: int = 6):
            from devkit.sandbox import manage

            manage.up(names, count=count, seed=5, options=options)
            sh = SandboxHome(home, mp)
            started.append(sh)
            return sh

        try:
            yield start
        finally:
            from devkit.sandbox import manage

            manage.down()
            dispose_engines()
            reset_settings()

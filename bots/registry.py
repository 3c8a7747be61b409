"""The bots Bursar knows: ``get(name)``, ``names()``, ``register(cls)``.

Built-in bots live in the modules of ``BUILTIN``; they are imported the first time the
registry is asked, and a module that is not there (a part not built) is left out.
"""

from __future__ import annotations

import importlib
import importlib.util

from bots.base import Bot
from bursar.errors import InputError

BUILTIN = (
    "bots.portal",
    "bots.erp_sync",
    "bots.erp_post",
    "bots.mailbox",
    "bots.folder",
    "bots.desktop",
    "bots.remit_drop",
)
_bots: dict[str, type[Bot]] = {}
_loaded = False


def register(cls: type[Bot]) -> type[Bot]:
    """Class decorator: make ``cls`` runnable by its ``name``."""
    if not cls.name:
        raise ValueError(f"{cls.__qualname__} has no name")
    _bots[cls.name] = cls
    return cls


def _load_builtin() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN:
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


def names() -> list[str]:
    """Return the names of every registered bot, sorted."""
    _load_builtin()
    return sorted(_bots)


def get(name: str) -> type[Bot]:
    """Return the bot class called ``name``; ``InputError`` naming the known ones if none."""
    _load_builtin()
    try:
        return _bots[name]
    except KeyError:
        known = ", ".join(sorted(_bots)) or "none"
        raise InputError(f"no bot called {name!r} (known: {known})", where="bots") from None

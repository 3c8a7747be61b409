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

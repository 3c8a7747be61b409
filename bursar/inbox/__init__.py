"""The approval inbox: a server-rendered web app (FastAPI + Jinja2) and its JSON API.

from bursar.inbox import create_app
app = create_app()          # serve with uvicorn, or `bursar inbox serve`
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """Return the inbox ASGI app (imported lazily: the CLI must start fast)."""
    from bursar.inbox.app import create_app as _create_app

    return _create_app(*args, **kwargs)

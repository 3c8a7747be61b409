"""The approval inbox: a server-rendered web app (FastAPI + Jinja2) and its JSON API.

from bursar.inbox import create_app
app = create_app()          # serve with uvicorn, or `bursar inbox serve`
"""

from __future__ import annotations

from bursar.inbox.app import create_app

__all__ = ["create_app"]

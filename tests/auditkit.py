"""Audit events as tests read them back (shared by the inbox tests)."""

from __future__ import annotations

import json


def audit_events(subject: str, action: str) -> list[dict]:
    """Return ``subject``'s audit events of ``action``: actor, parsed data and the raw JSON."""
    from bursar import audit
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        return [
            {"actor": e.actor, "data": json.loads(e.data), "raw": e.data}
            for e in audit.events_for(session, subject)
            if e.action == action
        ]

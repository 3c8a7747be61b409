"""The sandbox systems ``bursar sandbox up`` knows, by name -> module.

A system module provides ``sandbox_up(ctx: UpContext) -> dict`` (start it; return its
state entry: ``url``/``port``/``pid``/``module``/... and a ``bots`` block of default bot
settings), and may provide ``sandbox_down(entry)`` (default: stop ``entry["pid"]`` if it
runs ``entry["module"]``) and ``sandbox_status(entry) -> dict`` (default: is it running).
Passwords go in the vault through ``ctx.password(secret_name)``, never in the state.
"""

from __future__ import annotations

SYSTEMS: dict[str, str] = {
    "erp": "devkit.sandbox.erp",
    "portal": "devkit.sandbox.portal",
    "mailbox": "devkit.sandbox.mailbox",  # issue 13 (13b): Dovecot IMAP
    "desktop": "devkit.sandbox.desktop",  # issue 13 (13b): Xvfb + the Tk AP entry program
}

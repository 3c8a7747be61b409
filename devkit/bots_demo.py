"""The bots' part of ``make demo``: start the sandboxes, then erp_sync, portal_download,
mailbox_ingest (when that bot and its mailbox exist) and erp_post, saying what each did."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ORDER = ("erp_sync", "portal_download", "mailbox_ingest", "erp_post")


def run(
    say: Callable[[str], None] = print, *, count: int = 12, stop: bool = True
) -> dict[str, Any]:
    """Run the bots against freshly started sandboxes; return each bot's result as JSON."""
    import bots
    from bots import registry
    from bursar.db import session_scope, upgrade
    from bursar.masterdata import import_csv
    from devkit.sandbox import manage
    from devkit.sandbox import state as st

    upgrade()
    manage.up(count=count)
    out: dict[str, Any] = {}
    try:
        for row in manage.status():
            if row["running"]:
                say(f"sandbox {row['system']}: {row['url'] or ''} {row['seeded'] or ''}")
        vendors = st.sandbox_dir() / "corpus" / "master" / "vendors.csv"
        with session_scope() as s:  # the vendor master is not part of the ERP sync
            rep = import_csv(s, "vendors", vendors, actor="demo")
        say(f"vendors: {rep.inserted} imported from the sample master data")
        for name in ORDER:
            if name not in registry.names():
                say(f"{name}: not built here, skipped")
                continue
            if not st.bot_defaults(name):
                say(f"{name}: no sandbox system serves it, skipped")
                continue
            result = bots.run(name, actor="demo")
            out[name] = result.to_json() | {"stats": result.stats}
            items = ", ".join(f"{k} {v}" for k, v in result.to_json()["items"].items() if v)
            line = f"{name}: {result.status} ({items or 'nothing to do'})"
            if result.message:
                line += f" - {result.error_type} error: {result.message}"
            say(line)
        if "erp_post" in out:
            from sqlmodel import col, select

            from bots.records import WorkItem

            with session_scope(write=False) as s:
                posted = s.exec(
                    select(WorkItem).where(
                        WorkItem.bot == "erp_post", col(WorkItem.erp_document).is_not(None)
                    )
                ).all()
            for item in posted[:5]:
                say(f"  {item.reference} -> ERP document {item.erp_document}")
    finally:
        if stop:
            manage.down()
    return out

"""``bursar layouts``: vendor layouts learned from e-invoices and corrections (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from bursar.cli.output import console, emit_json, table
from bursar.errors import InputError

JSON = typer.Option(False, "--json", help="Machine output.")


def list_layouts(json_out: bool = JSON) -> None:
    """List the learned layouts: vendor, version, documents seen, fields used over generic."""
    from bursar.ingest.context import layouts_folder
    from extractors.learning import load_layouts

    rows = [
        {
            "key": lay.key,
            "version": lay.version,
            "documents": len(lay.documents),
            "vat_ids": lay.vat_ids,
            "names": lay.names,
            "rules": sorted(lay.rules),
            "used": sorted(f for f in lay.rules if lay.beats_generic(f)),
        }
        for lay in load_layouts(layouts_folder())
    ]
    if json_out:
        emit_json(rows)
        return
    table(
        "Learned layouts (BURSAR_HOME/layouts)",
        ["vendor", "version", "documents", "fields used (beat the generic path)"],
        [(r["key"], r["version"], r["documents"], ", ".join(r["used"]) or "-") for r in rows],
    )


def learn(
    file: Path = typer.Argument(..., help="A PDF: an e-invoice, or a plain one with --truth."),
    truth: Path | None = typer.Option(
        None, "--truth", help="Corrected fields as JSON: {field: value} or contract 4.1 fields."
    ),
    json_out: bool = JSON,
) -> None:
    """Learn one document of known truth (its XML, or corrected fields) into its vendor's layout."""
    from bursar.ingest.context import layouts_folder
    from extractors import extract_file
    from extractors.learned import learn_file, truth_of
    from extractors.learning import load_layouts

    if truth is not None:
        try:
            data = json.loads(truth.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read the truth JSON ({exc})", where=str(truth)) from None
        fields = data.get("fields", data) if isinstance(data, dict) else {}
        known = {
            k: (v.get("value") if isinstance(v, dict) else v)
            for k, v in fields.items()
            if v is not None
        }
    else:
        known = truth_of(extract_file(file, layouts=[])) or {}
        if not known:
            raise InputError(
                "not an e-invoice: give the corrected fields with --truth", where=str(file)
            )
    before = {lay.key: lay.version for lay in load_layouts(layouts_folder())}
    layout = learn_file(
        file, {k: str(v) for k, v in known.items() if v is not None}, layouts_folder()
    )
    if layout is None:
        raise InputError("nothing to learn from this document", where=str(file))
    if before.get(layout.key, 0) != layout.version:
        from bursar import audit
        from bursar.db import session_scope

        with session_scope() as session:
            audit.append(
                session,
                "cli",
                "layout.learned",
                f"layout/{layout.key}",
                {
                    "before": {"version": before.get(layout.key)},
                    "after": {"version": layout.version, "rules": sorted(layout.rules)},
                    "file": file.name,
                },
            )
    out = {"key": layout.key, "version": layout.version, "rules": sorted(layout.rules)}
    if json_out:
        emit_json(out)
    else:
        console.print(f"{layout.tag}: rules for {', '.join(out['rules'])}")


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Vendor layouts learned from e-invoices and corrections.", no_args_is_help=True
    )
    app.add_typer(group, name="layouts")
    group.command("list")(list_layouts)
    group.command("learn")(learn)

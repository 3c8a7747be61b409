"""``bursar templates``: list, test and draft vendor extraction templates (YAML data)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import typer

from bursar.cli.output import console, emit_json, table
from bursar.errors import InputError

FOLDER = typer.Option(None, "--folder", help="Templates folder (default templates/).")
JSON = typer.Option(False, "--json", help="Machine output.")


def _sample_results(t: Any) -> list[dict[str, Any]]:
    """Return one pass/fail record per sample document of template ``t``."""
    from extractors import extract_file

    base = t.path.parent if t.path else Path.cwd()
    out = []
    for sample in t.samples:
        path = (base / sample["file"]).resolve()
        try:
            res = extract_file(path, templates=[t])
        except InputError as exc:
            out.append(
                {
                    "template": t.tag,
                    "file": str(sample["file"]),
                    "ok": False,
                    "errors": [exc.one_line()],
                }
            )
            continue
        errors = [
            f"{k}: expected {v!r}, got {res['fields'].get(k, {}).get('value')!r}"
            for k, v in (sample.get("expected") or {}).items()
            if str(res["fields"].get(k, {}).get("value")) != str(v)
        ]
        out.append(
            {"template": t.tag, "file": str(sample["file"]), "ok": not errors, "errors": errors}
        )
    return out


def list_templates(folder: Path | None = FOLDER, json_out: bool = JSON) -> None:
    """List the templates with their issuer keywords and sample count."""
    from extractors.templates import load_templates

    rows = [
        {
            "name": t.name,
            "version": t.version,
            "issuer": list(t.issuer),
            "fields": sorted(t.fields),
            "samples": len(t.samples),
            "file": str(t.path),
        }
        for t in load_templates(folder)
    ]
    if json_out:
        emit_json(rows)
        return
    table(
        "templates",
        ["name", "version", "issuer", "fields", "samples"],
        [
            (r["name"], r["version"], ", ".join(r["issuer"]), len(r["fields"]), r["samples"])
            for r in rows
        ],
    )


def run_template_tests(folder: Path | None = FOLDER, json_out: bool = JSON) -> None:
    """Run every template against its sample documents; exit 1 on any mismatch."""
    from extractors.templates import load_templates

    results = [r for t in load_templates(folder) for r in _sample_results(t)]
    if json_out:
        emit_json(results)
    else:
        table(
            "template samples",
            ["template", "file", "result"],
            [
                (r["template"], r["file"], "ok" if r["ok"] else "; ".join(r["errors"]))
                for r in results
            ],
        )
    if any(not r["ok"] for r in results):
        raise typer.Exit(1)


def new_template(
    file: Path = typer.Argument(..., help="A document of the vendor."),
    from_json: Path | None = typer.Option(
        None, "--from-json", help="Corrected extraction JSON (contract 4.1)."
    ),
    name: str | None = typer.Option(None, "--name", help="Template name."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write (default templates/NAME.yml)."
    ),
) -> None:
    """Draft a template from a document whose fields a person corrected."""
    import yaml

    from extractors import extract_file, load_pages
    from extractors.fields import document_conventions
    from extractors.template_draft import draft
    from extractors.templates import default_folder

    corrected = _read_json(from_json) if from_json else extract_file(file, templates=[])
    fields = corrected.get("fields", corrected)
    pages = load_pages(file)
    vendor = (
        (fields.get("vendor_name") or {}).get("value")
        if isinstance(fields.get("vendor_name"), dict)
        else fields.get("vendor_name")
    )
    tname = name or _slug(str(vendor or file.stem))
    out = output or default_folder() / f"{tname}.yml"
    sample = os.path.relpath(file.resolve(), out.parent.resolve())
    data = draft(pages, fields, name=tname, sample=sample, conv=document_conventions(pages))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    console.print(
        f"drafted {out} ({len(data['fields'])} fields); check it with `bursar templates test`"
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read corrected JSON ({exc})", where=str(path)) from None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "vendor"


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Vendor extraction templates (YAML in templates/).", no_args_is_help=True
    )
    app.add_typer(group, name="templates")
    group.command("list")(list_templates)
    group.command("test")(run_template_tests)
    group.command("new")(new_template)

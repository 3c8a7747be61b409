"""``bursar templates``: list, test and draft vendor extraction templates (YAML data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from bursar.cli.output import console, emit_json, table
from bursar.errors import InputError


def _sample_results(t: Any) -> list[dict[str, Any]]:
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


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Vendor extraction templates (YAML in templates/).", no_args_is_help=True
    )
    app.add_typer(group, name="templates")
    folder_opt = typer.Option(None, "--folder", help="Templates folder (default templates/).")

    @group.command("list")
    def list_(folder: Path | None = folder_opt, json_out: bool = typer.Option(False, "--json")):
        """List the templates with their issuer keywords and sample count."""
        from extractors.templates import load_templates

        ts = load_templates(folder)
        rows = [
            {
                "name": t.name,
                "version": t.version,
                "issuer": list(t.issuer),
                "fields": sorted(t.fields),
                "samples": len(t.samples),
                "file": str(t.path),
            }
            for t in ts
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

    @group.command("test")
    def test(folder: Path | None = folder_opt, json_out: bool = typer.Option(False, "--json")):
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

    @group.command("new")
    def new(
        file: Path = typer.Argument(..., help="A document of the vendor."),
        from_json: Path | None = typer.Option(
            None, "--from-json", help="Corrected extraction JSON (contract 4.1)."
        ),
        name: str | None = typer.Option(None, "--name", help="Template name."),
        output: Path | None = typer.Option(
            None, "--output", "-o", help="Where to write (default templates/NAME.yml)."
        ),
    ):
        """Draft a template from a document whose fields a person corrected."""
        import yaml

        from extractors import extract_file, load_pages
        from extractors.fields import document_conventions
        from extractors.template_draft import draft
        from extractors.templates import default_folder

        if from_json is not None:
            try:
                corrected = json.loads(from_json.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(
                    f"cannot read corrected JSON ({exc})", where=str(from_json)
                ) from None
        else:
            corrected = extract_file(file, templates=[])
        fields = corrected.get("fields", corrected)
        pages = load_pages(file)
        tname = name or _slug(str((fields.get("vendor_name") or {}).get("value") or file.stem))
        out = output or default_folder() / f"{tname}.yml"
        sample = _relative(file, out.parent)
        data = draft(pages, fields, name=tname, sample=sample, conv=document_conventions(pages))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        console.print(
            f"drafted {out} ({len(data['fields'])} fields); check it with `bursar templates test`"
        )


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "vendor"


def _relative(file: Path, folder: Path) -> str:
    import os

    return os.path.relpath(file.resolve(), folder.resolve())

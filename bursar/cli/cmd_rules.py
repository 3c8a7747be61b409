"""``bursar rules``: check an extraction against master data, run pack cases, show the pack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from bursar.cli import output
from bursar.errors import InputError


def _pack_name(pack: str | None) -> str:
    if pack:
        return pack
    try:
        from bursar.config import get_settings

        return get_settings().rule_pack or "default"
    except Exception:  # noqa: BLE001 - settings problems are reported by `bursar doctor`
        return "default"


def _read_extraction(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a readable extraction JSON: {exc}", where=str(path)) from None
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict) or "fields" not in data:
        raise InputError(
            "expected one extraction object with 'fields' (bursar extract --json)", where=str(path)
        )
    return data


def check(
    file: Path = typer.Argument(..., help="Extraction JSON from `bursar extract --json`."),
    master: Path | None = typer.Option(
        None, "--master", help="Directory with vendors.csv, purchase_orders.csv ..."
    ),
    pack: str | None = typer.Option(None, "--pack", help="Rule pack name or .yml path."),
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
) -> None:
    """Evaluate one extraction against master-data CSVs and print the findings."""
    from rules.engine import evaluate
    from rules.history import History
    from rules.masterdata_csv import load_master_dir
    from rules.model import MasterData
    from rules.packs import load_pack

    extraction = _read_extraction(file)
    rule_pack = load_pack(_pack_name(pack))
    snapshot = load_master_dir(master) if master else MasterData.build()
    decision = evaluate(extraction, snapshot, History(), rule_pack)
    if as_json:
        sha = str(extraction.get("sha256") or "0" * 64)
        output.emit_json(decision.to_json(sha, file=str(file)))
        return
    output.table(
        f"{file.name}: {decision.status} (pack {rule_pack.name} {rule_pack.sha256[:12]})",
        ["rule", "severity", "line", "expected", "actual", "message"],
        [(f.rule, f.severity, f.line, f.expected, f.actual, f.message) for f in decision.findings],
    )


def test(
    pack: str | None = typer.Option(None, "--pack", help="Rule pack name or .yml path."),
    as_json: bool = typer.Option(False, "--json", help="Print results as JSON."),
) -> None:
    """Run the pack's example cases; exit 1 when any case gives other rule codes."""
    from rules.cases import run_cases
    from rules.packs import load_pack

    rule_pack = load_pack(_pack_name(pack))
    results = run_cases(rule_pack)
    failed = [r for r in results if not r.passed]
    if as_json:
        output.emit_json(
            {
                "pack": rule_pack.name,
                "sha256": rule_pack.sha256,
                "passed": len(results) - len(failed),
                "failed": len(failed),
                "cases": [
                    {
                        "name": r.name,
                        "passed": r.passed,
                        "expected": sorted(r.expected),
                        "actual": sorted(r.actual),
                        "status": r.decision.status,
                    }
                    for r in results
                ],
            }
        )
    else:
        output.table(
            f"pack {rule_pack.name}: {len(results) - len(failed)}/{len(results)} cases pass",
            ["case", "result", "expected", "actual"],
            [
                (
                    r.name,
                    "ok" if r.passed else "FAIL",
                    ", ".join(sorted(r.expected)),
                    ", ".join(sorted(r.actual)),
                )
                for r in results
            ],
        )
    if failed or not results:
        raise typer.Exit(1)


def show(
    pack: str | None = typer.Option(None, "--pack", help="Rule pack name or .yml path."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Print the active rule pack, its content hash and its custom rules."""
    from rules.packs import load_pack

    rule_pack = load_pack(_pack_name(pack))
    info = {
        "name": rule_pack.name,
        "path": str(rule_pack.path),
        "sha256": rule_pack.sha256,
        "custom_rules": [
            {"name": r.name, "when": r.when, "then": r.then} for r in rule_pack.custom_rules
        ],
    }
    if as_json:
        output.emit_json(info)
        return
    output.console.print(f"rule pack [bold]{rule_pack.name}[/bold]  {rule_pack.path}")
    output.console.print(f"sha256 {rule_pack.sha256}")
    output.table(
        "custom rules",
        ["name", "when", "then"],
        [(r["name"], r["when"], r["then"]) for r in info["custom_rules"]],
    )


def register(app: typer.Typer) -> None:
    """Add the ``rules`` command group."""
    group = typer.Typer(
        help="Rule packs: check an extraction, run a pack's cases, show the active pack.",
        no_args_is_help=True,
    )
    group.command("check")(check)
    group.command("test")(test)
    group.command("show")(show)
    app.add_typer(group, name="rules")

"""The ``bursar`` command line.

Each command group lives in its own module ``bursar/cli/cmd_<name>.py`` exposing
``register(app: typer.Typer) -> None``. Modules are discovered, so the parts of
Bursar (extraction, rules, inbox, models ...) add their commands without editing
this file or each other's.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import typer

from bursar.errors import BursarError

app = typer.Typer(
    name="bursar",
    help="Bursar: ingest invoices and claims, extract, match, route exceptions, audit everything.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
) -> None:
    """Global options (read in ``main``)."""


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            module.register(app)


_register_all()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn Bursar errors into one line on stderr and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or bool(os.environ.get("BURSAR_DEBUG"))
    try:
        # click handles usage errors and typer.Exit itself and ends with SystemExit.
        app(args=args, prog_name="bursar")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BursarError as exc:
        if debug:
            raise
        typer.echo(f"bursar: error: {exc.one_line()}", err=True)
        return exc.exit_code
    except Exception as exc:
        if debug:
            raise
        from pydantic import ValidationError  # only on this error path: start-up stays light

        if isinstance(exc, ValidationError):
            typer.echo(f"bursar: error: settings: {_settings_error(exc)}", err=True)
            return 2
        typer.echo(
            f"bursar: internal error: {type(exc).__name__}: {exc} (rerun with --debug)", err=True
        )
        return 1
    return 0


def _settings_error(exc) -> str:  # pydantic.ValidationError
    """Return the first problem of a settings validation error on one line."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
    msg = str(first.get("msg", exc)).removeprefix("Value error, ")
    return f"{where}: {msg} (bursar.toml or BURSAR_{where.split('.')[0].upper()})"


def run() -> None:  # pragma: no cover - console entry wrapper
    sys.exit(main())

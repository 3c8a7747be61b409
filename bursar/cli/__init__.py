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
    """Run the CLI; turn every error into exactly one line on stderr and an exit code."""
    from typer._click import exceptions as click  # typer vendors click: catch its errors

    from bursar.cli.output import error_line

    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or bool(os.environ.get("BURSAR_DEBUG"))
    if not debug:
        _capture_warnings()
    try:
        # Not standalone: click would print usage errors as a multi-line box, and exit.
        rv = app(args=args, prog_name="bursar", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except click.NoArgsIsHelpError as exc:
        return exc.exit_code  # the help text is already printed: it is the answer
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "bursar"
        error_line(None, f"{exc.format_message()} (see '{where} --help')", code="usage")
        return exc.exit_code
    except click.ClickException as exc:
        error_line(None, exc.format_message())
        return exc.exit_code
    except typer.Abort:
        error_line(None, "interrupted")
        return 130
    except BursarError as exc:
        if debug:
            raise
        error_line(exc.where, exc.message, code=exc.code)
        return exc.exit_code
    except Exception as exc:
        if debug:
            raise
        from pydantic import ValidationError  # only on this error path: start-up stays light

        if isinstance(exc, ValidationError):
            error_line(None, f"settings: {_settings_error(exc)}", code="bad_config")
            return 2
        message = f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)"
        error_line(None, message, code="internal")
        return 1
    # Not standalone, typer.Exit(n) comes back as n (commands themselves return None).
    return rv if isinstance(rv, int) and not isinstance(rv, bool) else 0


def _capture_warnings() -> None:
    """Keep library warnings (Pillow, pdf libraries ...) off stderr: errors are one line each.

    Bad input is reported by Bursar's own checks; ``--debug`` shows the warnings again.
    """
    import logging

    logging.captureWarnings(True)
    logger = logging.getLogger("py.warnings")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False


def _settings_error(exc) -> str:  # pydantic.ValidationError
    """Return the first problem of a settings validation error on one line."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
    msg = str(first.get("msg", exc)).removeprefix("Value error, ")
    return f"{where}: {msg} (bursar.toml or BURSAR_{where.split('.')[0].upper()})"


def run() -> None:  # pragma: no cover - console entry wrapper
    sys.exit(main())

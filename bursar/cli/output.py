"""Shared output helpers for CLI commands: JSON, tables, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

console = Console(soft_wrap=True)  # a message stays one line in a pipe or a log file
# soft_wrap: a long line stays one line. Rich otherwise breaks lines at the terminal width,
# or at 80 columns when stderr is a pipe or a file, so one error became two lines.
err_console = Console(stderr=True, soft_wrap=True)
# It only draws progress bars, which are for people at a terminal. In a pipe or a log a
# finished bar still left an empty line before the errors: errors are error_line's alone.
err_console.quiet = not err_console.is_terminal

T = TypeVar("T")


def _default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def dumps(obj: Any, *, indent: int | None = 2) -> str:
    """Return ``obj`` as JSON (Decimals as strings, dates ISO)."""
    return json.dumps(obj, default=_default, indent=indent, ensure_ascii=False)


def emit_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout (no rich markup)."""
    sys.stdout.write(dumps(obj) + "\n")
    sys.stdout.flush()


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a rich table."""
    t = Table(title=title)
    for col in columns:
        t.add_column(col)
    for row in rows:
        t.add_row(*("" if v is None else str(v) for v in row))
    console.print(t)


def progress(items: Sequence[T], description: str, *, enabled: bool = True) -> Iterator[T]:
    """Yield ``items`` while showing a progress bar on stderr (hidden when not a TTY)."""
    if not enabled or len(items) <= 1:
        yield from items
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


def one_line(text: str) -> str:
    """Return ``text`` on one line: runs of whitespace (newlines too) become one space."""
    return escape_controls(" ".join(str(text).split()))


def escape_controls(text: str) -> str:
    """Return ``text`` with control and other unprintable characters escaped (``\\x1b``).

    A file name may hold a newline or a terminal escape sequence; printed raw it would
    split the line or drive the terminal. Escapes read like Python's (``\\n``, ``\\x1b``).
    """
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def error_line(file: str | None, message: str, *, code: str | None = None) -> None:
    """Write one error as exactly one line on stderr: ``bursar: error: FILE: MESSAGE [CODE]``.

    Used for every error a command reports, whatever the terminal: no rich, no wrapping.
    A message that already starts with the file (by any path with the same base name) does
    not repeat it; the file name is escaped, never collapsed, so the line names it exactly.
    """
    text = str(message)
    head = "bursar: error: "
    if file:
        for prefix in (f"{file}: ", f"{Path(file).name}: "):
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        else:  # the message may name the same file by another path: /in/x.pdf vs x.pdf
            where, sep, rest = text.partition(": ")
            if sep and Path(where).name == Path(file).name:
                text = rest
        head += escape_controls(file) + ": "
    line = head + one_line(text) + (f" [{code}]" if code else "")
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def require_devkit(command: str) -> None:
    """Raise a one-line error when the devkit (generator, sandboxes, demos) is not importable.

    The devkit lives beside the code in the source checkout and is not in the wheel or the
    offline bundle (ARCHITECTURE.md 2): these commands run from a checkout only.
    """
    import importlib.util

    if importlib.util.find_spec("devkit") is None:
        from bursar.errors import ConfigError

        raise ConfigError(
            f"`bursar {command}` runs from Bursar's source checkout (make demo): the devkit "
            "(generator, sample systems, demos) is not installed with the package",
            code="needs_checkout",
        )

"""Logging set up once per process: plain text on a terminal, or one JSON object per line.

``BURSAR_LOG_FORMAT=json`` (or ``log_format = "json"`` in bursar.toml) makes every record a
JSON line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, and the ids a record
carries in ``extra`` (``document``, ``sha256``, ``job``, ``job_run``, ``work_item``,
``trace``). A value under a key that names a secret, and any ``key=value`` of one in the
message, is replaced by ``[redacted]``: a log line never holds a password or token.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

# Ids a record may carry (``log.info(..., extra={"document": 7})``): these become keys.
ID_KEYS = ("document", "sha256", "job", "job_run", "work_item", "trace", "worker", "vendor")
SECRET_WORDS = ("password", "passwd", "secret", "token", "api_key", "apikey", "authorization")
_SECRET_PAIR = re.compile(
    r"(?i)\b([\w-]*(?:" + "|".join(SECRET_WORDS) + r")[\w-]*)(\s*[=:]\s*)(\"[^\"]*\"|'[^']*'|\S+)"
)
_URL_PASSWORD = re.compile(r"(\w+://[^:/\s@]+:)[^@\s/]+@")


def scrub(text: str) -> str:
    """Return ``text`` with secret ``key=value`` pairs and URL passwords replaced."""
    text = _URL_PASSWORD.sub(r"\1[redacted]@", text)
    return _SECRET_PAIR.sub(r"\1\2[redacted]", text)


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for key in ID_KEYS:
            value = getattr(record, key, None)
            if value is not None:
                out[key] = value if isinstance(value, int | float) else scrub(str(value))
        if record.exc_info:
            out["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The plain format, with the same scrubbing and the ids appended."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        ids = " ".join(
            f"{k}={getattr(record, k)}" for k in ID_KEYS if getattr(record, k, None) is not None
        )
        line = super().format(record)
        return scrub(f"{line} [{ids}]" if ids else line)


def configure(fmt: str | None = None, level: int = logging.INFO) -> None:
    """Send the root logger to stderr in ``fmt`` (default: the ``log_format`` setting)."""
    if fmt is None:
        from bursar.config import get_settings

        fmt = get_settings().log_format
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_bursar", False)]:
        root.removeHandler(old)
    handler._bursar = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)

"""Column types that keep money exact and times in UTC on every database."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.types import TypeDecorator


class DecimalText(TypeDecorator[Decimal]):
    """A ``Decimal`` stored as its exact text.

    SQLite has no exact decimal type (NUMERIC becomes a float), so money is stored
    as text on both databases and summed in Python with ``Decimal``.
    """

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        try:
            return str(Decimal(value))
        except (InvalidOperation, TypeError, ValueError) as exc:
            raise ValueError(f"not a decimal: {value!r}") from exc

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)


UTC_TEXT = "%Y-%m-%dT%H:%M:%S.%fZ"  # sorts as it reads; the database and audit trail use it


def utc_text(at: datetime) -> str:
    """Return a timezone-aware time as UTC text (``UTC_TEXT``)."""
    return at.astimezone(UTC).strftime(UTC_TEXT)


def from_utc_text(text: str) -> datetime:
    """Return the timezone-aware UTC time that ``utc_text`` wrote."""
    return datetime.strptime(text, UTC_TEXT).replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime stored as ISO-8601 text (exact on both databases)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: Bursar stores timezone-aware UTC only")
        return utc_text(value)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return from_utc_text(value)


class JSONText(TypeDecorator[Any]):
    """JSON stored as canonical text (sorted keys, Decimals as strings)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        from bursar.canonical import canonical_json

        return None if value is None else canonical_json(value)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        import json

        return None if value is None else json.loads(value)


def utcnow() -> datetime:
    """Return the current time, timezone-aware UTC."""
    return datetime.now(UTC)

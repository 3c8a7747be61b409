"""Non-working-day calendars: public holidays by country/region (``holidays``) or a CSV.

A calendar answers one question, ``is_business_day(date)``; triggers use it to skip
holidays and to find "the last business day of the month".
"""

from __future__ import annotations

import csv
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from bursar.errors import InputError


@dataclass(frozen=True)
class Calendar:
    """Holidays of one calendar; weekends (Sat, Sun) are never business days."""

    name: str | None = None
    dates: frozenset[date] = field(default_factory=frozenset)
    country: str | None = None
    subdiv: str | None = None

    def is_holiday(self, day: date) -> bool:
        if day in self.dates:
            return True
        return self.country is not None and day in _country(self.country, self.subdiv, day.year)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def last_business_day(self, year: int, month: int) -> date:
        """Return the month's last business day (Mon-Fri, not a holiday)."""
        day = date(year, month, monthrange(year, month)[1])
        while not self.is_business_day(day):
            day -= timedelta(days=1)
        return day


NO_CALENDAR = Calendar()


@lru_cache(maxsize=64)
def _country(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year).keys())


def parse_country(code: str) -> tuple[str, str | None]:
    """Return (country, region) for "DE" or "de-NW"; raise InputError if unknown."""
    import holidays

    country, _, subdiv = code.strip().partition("-")
    country, subdiv_or_none = country.upper(), (subdiv.upper() or None)
    try:
        holidays.country_holidays(country, subdiv=subdiv_or_none, years=2026)
    except NotImplementedError:
        raise InputError(
            f"unknown holiday calendar {code!r}: use a country code like DE or de-NW, "
            "or a CSV file of dates",
            code="bad_calendar",
        ) from None
    return country, subdiv_or_none


def read_csv_dates(path: Path) -> list[date]:
    """Return the dates of a holidays CSV (first column ``YYYY-MM-DD``; header optional)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the calendar file: {exc.strerror}", where=str(path)) from exc
    out: list[date] = []
    for lineno, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or not row[0].strip() or row[0].strip().startswith("#"):
            continue
        cell = row[0].strip()
        try:
            out.append(date.fromisoformat(cell))
        except ValueError:
            if lineno == 1:  # a header row
                continue
            raise InputError(
                f"not a date (YYYY-MM-DD): {cell!r}", where=f"{path}:{lineno}", code="bad_calendar"
            ) from None
    return out


def is_csv_spec(spec: str) -> bool:
    return spec.lower().endswith(".csv") or "/" in spec or "\\" in spec


def load(spec: str | None, dates: Iterable[str] | None = None) -> Calendar:
    """Return the calendar a schedule names (CSV calendars come with their stored dates)."""
    if not spec:
        return NO_CALENDAR
    if is_csv_spec(spec):
        return Calendar(name=spec, dates=frozenset(date.fromisoformat(d) for d in dates or ()))
    country, subdiv = parse_country(spec)
    return Calendar(name=spec, country=country, subdiv=subdiv)

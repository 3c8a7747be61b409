"""When a job runs: APScheduler 3.11 triggers (cron with a time zone, interval, date),
filtered through a non-working-day calendar.

Only APScheduler's triggers are used: the job store, history and retries are Bursar's own
(``schedule`` and ``job_run`` tables). Fire times are a pure function of the schedule, so
two schedulers that were briefly alive at once compute the same fire times, and the
unique ``(job, fire_time, attempt)`` index keeps each one to a single run.

Cron expressions are standard 5-field crontab (0 or 7 = Sunday, unlike APScheduler 3's
own numbering). ``LBD`` as day of month means "the last business day of the month".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bursar.errors import InputError
from scheduler import calendars
from scheduler.calendars import Calendar

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"(\d+)\s*([smhdw])")
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ANCHOR = datetime(2000, 1, 1, tzinfo=UTC)  # interval fire times are multiples from here
LAST_BUSINESS_DAY = "LBD"
_MAX_SKIPPED_DAYS = 800


def parse_duration(text: str | int, *, what: str = "duration") -> int:
    """Return seconds for "90", "2s", "15m", "2h", "1h30m", "1d"; InputError otherwise."""
    if isinstance(text, int):
        return text
    spec = str(text).strip().lower().replace(" ", "")
    if spec.isdigit():
        return int(spec)
    parts = _DURATION.findall(spec)
    if not parts or "".join(n + u for n, u in parts) != spec:
        raise InputError(
            f"{what}: {text!r} is not a duration like 30s, 15m, 2h or 1h30m", code="bad_duration"
        )
    return sum(int(n) * _UNITS[u] for n, u in parts)


def format_duration(seconds: int | float | None) -> str:
    """Return 900 -> '15m', 5400 -> '1h30m' (the inverse of ``parse_duration``)."""
    if seconds is None:
        return ""
    left, out = int(seconds), ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if left >= size:
            out += f"{left // size}{unit}"
            left %= size
    return out or "0s"


def zone(name: str) -> ZoneInfo:
    """Return the IANA time zone ``name``; InputError when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {name!r}: use an IANA name like Europe/Berlin or UTC",
            code="bad_timezone",
        ) from None


def _crontab_weekdays(field: str) -> str:
    """Translate crontab weekday numbers (0/7 = Sunday) into names APScheduler reads right."""

    def name(m: re.Match[str]) -> str:
        n = int(m.group(0))
        if n > 7:
            raise ValueError(f"day of week {n} is out of range 0-7")
        return _WEEKDAYS[n]

    return re.sub(r"(?<![/\d])\d+", name, field)


@dataclass(frozen=True)
class Plan:
    """A job's trigger and calendar; ``next_after`` gives its fire times."""

    base: Any  # an APScheduler trigger
    tz: ZoneInfo
    calendar: Calendar
    last_business_day: bool = False

    def allowed(self, at: datetime) -> bool:
        day = at.astimezone(self.tz).date()
        if self.last_business_day:
            return day == self.calendar.last_business_day(day.year, day.month)
        return not self.calendar.is_holiday(day)

    def next_after(self, after: datetime) -> datetime | None:
        """Return the first fire time strictly after ``after`` (UTC), or None."""
        probe = after + timedelta(microseconds=1)
        for _ in range(_MAX_SKIPPED_DAYS):
            at = self.base.get_next_fire_time(None, probe.astimezone(self.tz))
            if at is None or at <= after:
                return None
            if self.allowed(at):
                return at.astimezone(UTC)
            # A holiday: look again from the start of the next local day.
            day = at.astimezone(self.tz).date() + timedelta(days=1)
            probe = datetime.combine(day, time(0), tzinfo=self.tz)
        return None

    def fire_times(self, after: datetime, until: datetime, limit: int = 10_000) -> list[datetime]:
        """Return fire times in (after, until], oldest first (at most ``limit``)."""
        out: list[datetime] = []
        at = self.next_after(after)
        while at is not None and at <= until and len(out) < limit:
            out.append(at)
            at = self.next_after(at)
        return out


def build(
    kind: str,
    expr: str,
    tz_name: str = "UTC",
    calendar: Calendar = calendars.NO_CALENDAR,
) -> Plan:
    """Return the plan for a trigger; InputError with one line for a bad expression."""
    tz = zone(tz_name)
    if kind == "cron":
        fields = expr.split()
        if len(fields) != 5:
            raise InputError(
                f"invalid cron expression {expr!r}: expected 5 fields "
                "(minute hour day-of-month month day-of-week), e.g. '0 7 * * MON-FRI'",
                code="bad_cron",
            )
        lbd = fields[2].upper() == LAST_BUSINESS_DAY
        try:
            base = CronTrigger(
                minute=fields[0],
                hour=fields[1],
                day="*" if lbd else fields[2],
                month=fields[3],
                day_of_week=_crontab_weekdays(fields[4]),
                timezone=tz,
            )
        except ValueError as exc:
            raise InputError(f"invalid cron expression {expr!r}: {exc}", code="bad_cron") from None
        return Plan(base, tz, calendar, lbd)
    if kind == "interval":
        seconds = parse_duration(expr, what="interval")
        if seconds <= 0:
            raise InputError("interval: must be at least 1s", code="bad_duration")
        return Plan(IntervalTrigger(seconds=seconds, start_date=_ANCHOR, timezone=tz), tz, calendar)
    if kind == "date":
        try:
            at = datetime.fromisoformat(expr)
        except ValueError:
            raise InputError(
                f"invalid date {expr!r}: use ISO 8601 like 2026-12-01T07:00", code="bad_date"
            ) from None
        at = at if at.tzinfo else at.replace(tzinfo=tz)
        return Plan(DateTrigger(run_date=at, timezone=tz), tz, calendar)
    raise InputError(f"unknown trigger kind {kind!r}: cron | interval | date")


def plan_for(schedule: Any) -> Plan:
    """Return the plan of a ``Schedule`` row."""
    cal = calendars.load(schedule.calendar, schedule.calendar_dates)
    return build(schedule.trigger_kind, schedule.trigger_expr, schedule.timezone, cal)


def local_text(at: datetime | None, tz_name: str) -> str:
    """Return a UTC time as the job's local wall time, e.g. '2026-10-26 07:00 CET'."""
    if at is None:
        return "—"
    return at.astimezone(zone(tz_name)).strftime("%Y-%m-%d %H:%M:%S %Z")

"""Triggers and calendars: fire times in the job's time zone, holidays, last business day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bursar.errors import InputError
from scheduler import calendars
from scheduler.triggers import build, format_duration, local_text, parse_duration


def test_cron_weekdays_use_crontab_numbering_sunday_is_zero() -> None:
    plan = build("cron", "0 9 * * 0", "UTC")
    nxt = plan.next_after(datetime(2026, 11, 25, tzinfo=UTC))  # a Wednesday
    assert nxt == datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    assert nxt.weekday() == 6  # Sunday


def test_cron_follows_the_time_zone_across_the_dst_change() -> None:
    plan = build("cron", "0 7 * * *", "Europe/Berlin")
    times = plan.fire_times(
        datetime(2026, 10, 23, 12, tzinfo=UTC), datetime(2026, 10, 27, tzinfo=UTC)
    )
    assert [t.hour for t in times] == [5, 6, 6]  # 07:00 CEST = 05:00 UTC, then CET = 06:00
    assert [local_text(t, "Europe/Berlin")[11:] for t in times] == [
        "07:00:00 CEST",
        "07:00:00 CET",
        "07:00:00 CET",
    ]


def test_a_regional_holiday_skips_that_days_run() -> None:
    cal = calendars.load("de-NW")
    plan = build("cron", "0 7 * * MON-FRI", "Europe/Berlin", cal)
    days = [
        t.date()
        for t in plan.fire_times(
            datetime(2026, 12, 23, tzinfo=UTC), datetime(2026, 12, 30, tzinfo=UTC)
        )
    ]
    assert date(2026, 12, 25) not in days and date(2026, 12, 24) in days
    assert date(2026, 12, 28) in days  # Monday after Christmas runs again
    # Corpus Christi is a holiday in NW but not in Berlin
    plan_be = build("cron", "0 7 * * *", "Europe/Berlin", calendars.load("de-BE"))
    after = datetime(2026, 6, 3, 12, tzinfo=UTC)
    assert plan.next_after(after).date() == date(2026, 6, 5)
    assert plan_be.next_after(after).date() == date(2026, 6, 4)


def test_csv_calendar_and_interval_trigger_skip_a_whole_day(tmp_path: Path) -> None:
    csv = tmp_path / "holidays.csv"
    csv.write_text("date,name\n2026-11-30,Company day\n")
    cal = calendars.load(str(csv), [d.isoformat() for d in calendars.read_csv_dates(csv)])
    plan = build("interval", "2s", "UTC", cal)
    nxt = plan.next_after(datetime(2026, 11, 29, 23, 59, 59, tzinfo=UTC))
    assert nxt == datetime(2026, 12, 1, 0, 0, 0, tzinfo=UTC)


def test_last_business_day_of_the_month() -> None:
    plan = build("cron", "0 18 LBD * *", "Europe/Berlin", calendars.load("de-NW"))
    times = plan.fire_times(datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    local = [t.astimezone(plan.tz).date() for t in times]
    assert len(local) == 12
    assert date(2026, 5, 29) in local  # May 31 is a Sunday
    assert date(2026, 12, 31) in local
    assert all(d.weekday() < 5 for d in local)


@pytest.mark.parametrize(
    ("kind", "expr", "tz", "code"),
    [
        ("cron", "0 7 * * XYZ", "UTC", "bad_cron"),
        ("cron", "0 7 * *", "UTC", "bad_cron"),
        ("cron", "61 7 * * *", "UTC", "bad_cron"),
        ("cron", "0 7 * * 1", "Mars/Base", "bad_timezone"),
        ("interval", "fortnight", "UTC", "bad_duration"),
        ("date", "tomorrow", "UTC", "bad_date"),
    ],
)
def test_bad_triggers_are_one_line_input_errors(kind: str, expr: str, tz: str, code: str) -> None:
    with pytest.raises(InputError) as err:
        build(kind, expr, tz)
    assert err.value.code == code
    assert "\n" not in err.value.one_line()


def test_unknown_calendar_is_refused() -> None:
    with pytest.raises(InputError, match="unknown holiday calendar"):
        calendars.load("xx-YY")


def test_durations_round_trip() -> None:
    assert parse_duration("1h30m") == 5400
    assert parse_duration("15m") == 900
    assert parse_duration("90") == 90
    assert format_duration(5400) == "1h30m"
    with pytest.raises(InputError):
        parse_duration("15 minutes")

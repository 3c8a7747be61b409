"""Approval limits across currencies (``bursar.fx``) and how bad FX settings are reported."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_core_cli import bursar

from bursar.fx import NoRate, in_limit_currency

D = Decimal
RATES = {"GBP": D("1.16"), "JPY": D("0.0061")}


def test_other_currency_is_converted_and_rounded_half_up() -> None:
    got = in_limit_currency(D("9000.00"), "gbp", "EUR", RATES)
    assert (got.value, got.rate, got.currency) == (D("10440.00"), D("1.16"), "GBP")
    assert got.describe() == "9000.00 GBP (10440.00 EUR at 1.16)"
    # 1234 JPY * 0.0061 = 7.5274 -> 7.53; 1,000,005 JPY * 0.0061 = 6100.0305 -> 6100.03
    assert in_limit_currency(D("1234"), "JPY", "EUR", RATES).value == D("7.53")
    assert in_limit_currency(D("1000005"), "JPY", "EUR", RATES).value == D("6100.03")
    assert in_limit_currency(D("0.005"), "GBP", "EUR", {"GBP": D("1")}).value == D("0.01")


def test_same_currency_or_no_base_compares_as_printed() -> None:
    assert in_limit_currency(D("12.5"), "EUR", "EUR", {}).to_json()["fx_rate"] is None
    unset = in_limit_currency(D("12.5"), "JPY", None, {})
    assert (unset.value, unset.base, unset.describe()) == (D("12.5"), None, "12.5 JPY")


@pytest.mark.parametrize(
    ("currency", "reason"),
    [("USD", "no exchange rate from USD to EUR"), (None, "currency is unknown"), ("", "unknown")],
)
def test_no_rate_or_no_currency_is_refused_not_guessed(currency, reason) -> None:
    with pytest.raises(NoRate, match=reason):
        in_limit_currency(D("1"), currency, "EUR", RATES)


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"BURSAR_FX_RATES": '{"GBP": "-1"}'}, "fx_rates: the rate for GBP must be a positive"),
        ({"BURSAR_FX_RATES": '{"POUND": "1.1"}'}, "'POUND' is not an ISO 4217 code"),
        ({"BURSAR_BASE_CURRENCY": "euro"}, "base_currency: must be an ISO 4217 code like EUR"),
    ],
)
def test_bad_fx_settings_are_one_line_and_exit_2(tmp_path: Path, env, says) -> None:
    r = bursar(tmp_path / "home", "doctor", env=env)
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().count("\n") == 0 and says in r.stderr and "Traceback" not in r.stderr


def test_doctor_says_which_currency_limits_are_in(tmp_path: Path) -> None:
    r = bursar(tmp_path / "home", "doctor", "--json")
    assert "no base_currency" in r.stdout
    r = bursar(
        tmp_path / "home", "doctor", "--json",
        env={"BURSAR_BASE_CURRENCY": "EUR", "BURSAR_FX_RATES": '{"GBP": "1.16"}'},
    )  # fmt: skip
    assert "in EUR; GBP 1.16" in r.stdout

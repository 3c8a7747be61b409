"""The override policy is rule-pack data: loaded with the pack, refused with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bursar.errors import InputError
from rules.packs import PACKS_DIR, load_pack

DEFAULT = (PACKS_DIR / "default.yml").read_text(encoding="utf-8")


def test_default_pack_policy_matches_the_issue() -> None:
    pack = load_pack("default")
    for rule in (
        "duplicate_invoice",
        "duplicate_claim",
        "vendor_bank_mismatch",
        "po_vendor_mismatch",
    ):
        policy = pack.override_for(rule)
        assert policy.role == "controller" and policy.second_person, rule
    for rule in ("price_variance", "quantity_over_ordered", "quantity_over_received"):
        policy = pack.override_for(rule)
        assert policy.role == "approver" and policy.reason_codes and not policy.second_person
    assert pack.override_for("some_custom_rule") == pack.override_default


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("    my_rule: {role: wizard}", "override role must be one of"),
        ("    my_rule: {min_comment: -1}", "min_comment must be a whole number"),
        ("    my_rule: {second_person: maybe}", "second_person must be true or false"),
        ("    my_rule: {reason_codes: fine}", "reason_codes must be a list"),
        ("    my_rule: {approver: cora}", "unknown override key 'approver'"),
    ],
)
def test_a_bad_policy_stops_the_pack_loading(tmp_path: Path, snippet: str, message: str) -> None:
    text = DEFAULT.replace("  rules:\n", "  rules:\n" + snippet + "\n", 1)
    assert text != DEFAULT
    path = tmp_path / "mine.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_pack(path)
    assert message in str(err.value) and "mine.yml:" in str(err.value)


def test_the_inbox_follows_an_edited_pack(client, inbox_home, tmp_path, monkeypatch) -> None:
    from bursar.config import reset_settings

    text = DEFAULT.replace(
        "    quantity_over_received:\n",
        "    quantity_over_received: {role: controller}\n    _was:\n",
        1,
    )
    path = tmp_path / "strict.yml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("BURSAR_RULE_PACK", str(path))
    reset_settings()
    body = {"comment": "goods receipt booked late", "reason_code": "receipt_pending"}
    item = inbox_home.items["gloves1"]
    resp = client.post(
        f"/api/items/{item}/approve", json=body, auth=("bob", "correct horse battery")
    )
    assert resp.status_code == 403 and "needs a controller" in resp.json()["error"]["message"]

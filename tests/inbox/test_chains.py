"""Issue 26: approval chains as rule-pack data, enforced on every path (API, form, bulk,
CLI); delegation with dates under both names; escalation after the wait, with an alert."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from inboxkit import PASSWORD, login
from sqlmodel import select

from bursar.errors import InputError
from rules.packs import PACKS_DIR, load_pack
from tests.migrationkit import migration_diff

DEFAULT = (PACKS_DIR / "default.yml").read_text(encoding="utf-8")
CHAINS = """
approval_chains:
  cost_centres:
    CC-OPS: {owner: dave}
  vendor_cost_centres: {V001: CC-OPS}
  chains:
    - name: large
      above: "10000.00"
      steps:
        - {owner: cost_centre, label: budget owner}
        - {role: controller}
        - {user: adam, label: CFO}
    - name: two-step
      above: "20.00"
      steps:
        - owner: cost_centre
          label: budget owner
          escalate_after_hours: 24
          escalate_to: {user: alice}
        - {role: controller}
"""
AGREED = {"comment": "goods receipt booked late", "reason_code": "receipt_pending"}


def auth(name: str) -> tuple[str, str]:
    return (name, PASSWORD)


@pytest.fixture
def chains(inbox_home, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The default pack plus two chains; dave (controller) owns V001's cost centre, adam is
    an admin (the CFO step)."""
    from bursar.config import reset_settings
    from bursar.db import session_scope
    from bursar.inbox.users import add_user

    path = tmp_path / "chains.yml"
    path.write_text(DEFAULT + CHAINS, encoding="utf-8")
    monkeypatch.setenv("BURSAR_RULE_PACK", str(path))
    reset_settings()
    with session_scope() as session:
        add_user(session, "dave", "controller", PASSWORD)
        add_user(session, "adam", "admin", PASSWORD)
    return inbox_home


def _events(item: int, action: str) -> list[dict[str, Any]]:
    from bursar import audit
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        evs = audit.events_for(session, f"inbox/{item}")
        return [{"actor": e.actor, **json.loads(e.data)} for e in evs if e.action == action]


def _status(item: int) -> str:
    from bursar.db import session_scope
    from bursar.records import InboxItem

    with session_scope(write=False) as session:
        row = session.get(InboxItem, item)
        assert row is not None
        return row.status


def _approve(client, item: int, who: str, body: dict | None = None):  # type: ignore[no-untyped-def]
    return client.post(f"/api/items/{item}/approve", json=body or AGREED, auth=auth(who))


# --- the chain as data ----------------------------------------------------------------------------


def test_chains_load_with_the_pack_and_choose_by_amount_and_vendor(tmp_path: Path) -> None:
    from decimal import Decimal

    path = tmp_path / "p.yml"
    path.write_text(DEFAULT + CHAINS, encoding="utf-8")
    cfg = load_pack(path).approval_chains
    assert cfg.choose(Decimal("10000.01"), "V001", None).name == "large"  # type: ignore[union-attr]
    assert cfg.choose(Decimal("10000.00"), "V001", None).name == "two-step"  # type: ignore[union-attr]
    assert cfg.choose(Decimal("20.00"), "V001", None) is None  # one approval, as before
    assert cfg.cost_centre(None, "V001") == "CC-OPS" and cfg.owners["CC-OPS"] == "dave"
    assert load_pack("default").approval_chains.chains == ()


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("{role: wizard}", "must be one of approver, controller, admin"),
        ("{role: controller, user: cora}", "names exactly one of role, user, owner"),
        ("{owner: department}", "owner can only be cost_centre"),
        ("{role: controller, escalate_after_hours: 4}", "go together"),
        ("{role: controller, escalate_after_hours: -1, escalate_to: {role: admin}}", "positive"),
        ("{role: controller, approver: x}", "unknown step key 'approver'"),
    ],
)
def test_a_bad_chain_stops_the_pack_loading(tmp_path: Path, snippet: str, message: str) -> None:
    text = DEFAULT + CHAINS.replace("        - {role: controller}\n", f"        - {snippet}\n", 1)
    path = tmp_path / "bad.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_pack(path)
    assert message in str(err.value) and "bad.yml:" in str(err.value)


# --- a chain of two approvals, on every path -----------------------------------------------------


def test_two_steps_in_order_on_the_api(client, chains) -> None:
    item = chains.items["gloves1"]
    first = _approve(client, item, "cora")  # a controller, but step 1 is the budget owner's
    assert first.status_code == 403
    assert "waits for step 1 of 2: budget owner (dave)" in first.json()["error"]["message"]
    assert _events(item, "inbox.step_approved") == []

    step = _approve(client, item, "dave")
    assert step.status_code == 200 and step.json()["status"] == "open", step.text
    assert "step 1 of 2 approved by dave; waiting for: controller" in step.json()["message"]
    turn = client.get(f"/api/items/{item}/chain", auth=auth("audrey")).json()
    assert turn["summary"] == "step 1 of 2 done by dave; waiting for: controller"
    assert turn["chain"] == "two-step" and turn["done"][0]["actor"] == "dave"

    again = _approve(client, item, "dave")  # dave is a controller too: not twice
    assert again.status_code == 403
    assert "you already approved a step" in again.json()["error"]["message"]
    assert _status(item) == "open"

    done = _approve(client, item, "cora")
    assert done.status_code == 200 and done.json()["status"] == "approved", done.text
    (step_ev,) = _events(item, "inbox.step_approved")
    assert step_ev["actor"] == "dave" and step_ev["step"] == {
        "no": 1, "of": 2, "name": "budget owner (dave)"
    }  # fmt: skip
    assert step_ev["before"]["chain"]["summary"] == "waiting for: budget owner (dave)"
    assert step_ev["after"]["chain"]["summary"].startswith("step 1 of 2 done by dave")
    (final,) = _events(item, "inbox.approved")
    assert final["actor"] == "cora" and final["chain"]["step"] == 2
    assert final["before"]["status"] == "open" and final["after"]["status"] == "approved"
    refused = _events(item, "inbox.decision_refused")
    assert [r["actor"] for r in refused] == ["cora", "dave"]


def test_two_steps_in_order_on_the_form(client, chains) -> None:
    item, doc = chains.items["gloves1"], chains.docs["gloves1"]

    def post(who: str) -> str:
        client.cookies.clear()
        csrf = login(client, who)
        page = client.get(f"/documents/{doc}").text
        resp = client.post(
            f"/items/{item}/approve", follow_redirects=True,
            data={"csrf": csrf, **AGREED, "reason_code.quantity_over_received": "receipt_pending"},
        )  # fmt: skip
        assert resp.status_code == 200
        return page + "\n@@after@@\n" + resp.text

    text = post("cora")
    assert "Approval chain <b>two-step</b>: waiting for: budget owner (dave)" in text
    assert "Approve step 1 of 2" in text and "waits for step 1 of 2" in text
    text = post("dave")
    assert "step 1 of 2 approved by dave" in text and _status(item) == "open"
    after = text.split("@@after@@")[1]
    assert "step 1 of 2 done by dave; waiting for: controller" in after
    assert "you already approved a step" in post("dave")
    post("cora")
    assert _status(item) == "approved"
    inbox = client.get("/inbox?status=all").text
    assert '<th title="Approval chain' in inbox


def test_two_steps_in_order_in_bulk(client, chains) -> None:
    g1, g2 = chains.items["gloves1"], chains.items["gloves2"]

    def bulk(who: str) -> dict[str, Any]:
        body = {"reason": "quantity_over_received", "ids": [g1, g2], **AGREED}
        resp = client.post("/api/items/bulk-approve", json=body, auth=auth(who))
        assert resp.status_code == 200, resp.text
        return resp.json()

    out = bulk("cora")
    assert out["approved"] == [] and len(out["refused"]) == 2
    assert all("waits for step 1 of 2" in r["message"] for r in out["refused"])
    out = bulk("dave")
    assert out["approved"] == [] and [a["item"] for a in out["advanced"]] == [g1, g2]
    out = bulk("dave")
    assert len(out["refused"]) == 2 and "already approved a step" in out["refused"][0]["message"]
    out = bulk("cora")
    assert out["approved"] == [g1, g2] and _status(g1) == _status(g2) == "approved"


def _cli(argv: list[str], capsys) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    from bursar.cli import main

    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_two_steps_in_order_on_the_cli(chains, capsys) -> None:
    item = str(chains.items["gloves1"])
    base = ["inbox", "approve", item, "--comment", AGREED["comment"], "--reason-code",
            "receipt_pending", "--json", "--as"]  # fmt: skip
    code, _, err = _cli([*base, "cora"], capsys)
    assert code != 0 and "waits for step 1 of 2" in err
    code, out, err = _cli([*base, "dave"], capsys)
    assert code == 0, err
    assert json.loads(out)["status"] == "open"
    code, _, err = _cli([*base, "dave"], capsys)
    assert code != 0 and "already approved a step" in err
    code, out, _ = _cli(["inbox", "chain", item], capsys)
    assert "step 1 of 2 done by dave; waiting for: controller" in out
    code, out, err = _cli([*base, "cora"], capsys)
    assert code == 0 and json.loads(out)["status"] == "approved", err
    assert [e["via"] for e in _events(int(item), "inbox.decision_refused")] == ["cli", "cli"]


def test_the_amount_tier_picks_a_longer_chain(client, chains) -> None:
    big = chains.items["big"]  # 21,000 GBP: the large chain ends with the CFO
    turn = client.get(f"/api/items/{big}/chain", auth=auth("cora")).json()
    assert turn["chain"] == "large" and turn["steps"] == 3
    doc = client.get(f"/api/documents/{chains.docs['big']}", auth=auth("cora")).json()
    assert doc["chain"]["waiting_for"] == "budget owner (dave)"
    body = {"comment": "price agreed on the phone", "reason_code": "price_agreed"}
    assert _approve(client, big, "dave", body).status_code == 200
    assert _approve(client, big, "cora", body).status_code == 200
    still = _approve(client, big, "bob", body)  # an approver is not the CFO
    assert (
        still.status_code == 403 and "step 3 of 3: CFO (adam)" in still.json()["error"]["message"]
    )
    assert _approve(client, big, "adam", body).json()["status"] == "approved"


def test_a_correction_after_a_step_voids_it(client, chains) -> None:
    item, doc = chains.items["gloves1"], chains.docs["gloves1"]
    assert _approve(client, item, "dave").status_code == 200
    fix = {"field": "invoice_number", "value": "GL-0001-A", "reason": "typo"}
    resp = client.post(f"/api/documents/{doc}/corrections", json=fix, auth=auth("carla"))
    assert resp.status_code == 200, resp.text
    turn = client.get(f"/api/items/{item}/chain", auth=auth("cora")).json()
    assert turn["done"] == [] and turn["waiting_for"] == "budget owner (dave)"


# --- delegation -----------------------------------------------------------------------------------


def test_a_delegated_step_within_its_dates_counts_under_both_names(client, chains, capsys) -> None:
    from bursar.types import utcnow

    item = chains.items["gloves1"]
    today = utcnow().date()
    ahead = {"delegate": "alice", "starts_on": str(today + timedelta(days=3)),
             "ends_on": str(today + timedelta(days=9))}  # fmt: skip
    made = client.post("/api/delegations", json=ahead, auth=auth("dave"))
    assert made.status_code == 201 and made.json()["active"] is False, made.text
    early = _approve(client, item, "alice")
    assert early.status_code == 403 and "nor hold a delegation" in early.json()["error"]["message"]
    past = ["inbox", "delegate", "dave", "alice", "--from", str(today - timedelta(days=9)),
            "--to", str(today - timedelta(days=1)), "--actor", "adam"]  # fmt: skip
    assert _cli(past, capsys)[0] == 0
    assert _approve(client, item, "alice").status_code == 403

    other = client.post("/api/delegations", json={**ahead, "delegator": "cora"}, auth=auth("dave"))
    assert other.status_code == 403  # only your own approvals (an admin: anyone's)
    now = {"delegate": "alice", "starts_on": str(today), "ends_on": str(today)}
    grant = client.post("/api/delegations", json=now, auth=auth("dave")).json()
    assert grant["active"] is True
    ok = _approve(client, item, "alice")
    assert ok.status_code == 200 and "approved by alice for dave" in ok.json()["message"], ok.text
    (ev,) = _events(item, "inbox.step_approved")
    assert ev["actor"] == "alice" and ev["on_behalf_of"] == "dave"
    twice = _approve(client, item, "dave")  # dave's authority filled step 1 already
    assert twice.status_code == 403 and "already approved a step" in twice.text
    assert _approve(client, item, "cora").json()["status"] == "approved"

    from bursar import audit
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        made_evs = [e for e in audit.events_for(session, "user/dave")
                    if e.action == "delegation.created"]  # fmt: skip
    assert [e.actor for e in made_evs] == ["dave", "adam", "dave"]
    assert json.loads(made_evs[-1].data)["after"]["delegate"] == "alice"
    listed = client.get("/api/delegations", auth=auth("alice")).json()
    assert [d["active"] for d in listed] == [True, False, False]
    revoked = client.post(f"/api/delegations/{grant['id']}/revoke", auth=auth("alice"))
    assert revoked.status_code == 200 and revoked.json()["revoked"] is True


def test_a_delegate_acts_with_the_delegators_limit_on_the_last_step(client, chains) -> None:
    from bursar.types import utcnow

    big = chains.items["big"]
    body = {"comment": "price agreed on the phone", "reason_code": "price_agreed"}
    assert _approve(client, big, "dave", body).status_code == 200
    assert _approve(client, big, "cora", body).status_code == 200
    day = str(utcnow().date())
    grant = {"delegate": "bob", "starts_on": day, "ends_on": day}
    assert client.post("/api/delegations", json=grant, auth=auth("adam")).status_code == 201
    done = _approve(client, big, "bob", body)  # bob's own limit is 10,000; adam has none
    assert done.status_code == 200 and done.json()["status"] == "approved", done.text
    (ev,) = _events(big, "inbox.approved")
    assert ev["actor"] == "bob" and ev["on_behalf_of"] == "adam" and ev["limit"] is None


# --- escalation -----------------------------------------------------------------------------------


def test_an_item_waiting_past_its_step_escalates_with_an_alert(client, chains, capsys) -> None:
    from bursar.alerts import open_alerts
    from bursar.db import session_scope
    from bursar.inbox.escalation import escalate_due
    from bursar.types import utcnow

    item = chains.items["gloves1"]  # arrived 2 h ago; step 1 escalates after 24 h to alice
    assert item not in {d["item"] for d in escalate_due(utcnow())}  # (older ones are)
    assert _approve(client, item, "alice").status_code == 403
    later = utcnow() + timedelta(hours=23)
    done = escalate_due(later)
    assert item in [d["item"] for d in done]
    assert escalate_due(later + timedelta(hours=1)) == []  # idempotent
    code, out, _ = _cli(["inbox", "escalate", "--json"], capsys)
    assert code == 0 and json.loads(out)["escalated"] == []

    with session_scope(write=False) as session:
        alert = next(a for a in open_alerts(session, 50) if a.subject == f"inbox/{item}")
    assert alert.kind == "sla" and "escalated to alice" in alert.message
    (ev,) = _events(item, "inbox.escalated")
    assert ev["to"] == {"user": "alice"} and ev["before"]["chain"]["escalated_to"] is None
    assert ev["after"]["chain"]["escalated_to"] == {"user": "alice"}

    ok = _approve(client, item, "alice")
    assert ok.status_code == 200 and ok.json()["status"] == "open", ok.text
    (step,) = _events(item, "inbox.step_approved")
    assert step["actor"] == "alice" and step["escalated"] is True
    assert _approve(client, item, "cora").json()["status"] == "approved"


# --- the schema -----------------------------------------------------------------------------------


def test_migration_0009_matches_the_chain_tables(tmp_path: Path) -> None:
    from bursar.db import upgrade

    url = f"sqlite:///{tmp_path}/m.db"
    upgrade(url)
    assert migration_diff(url, {"approval_step", "delegation", "approval_escalation"}) == []


def test_the_submitter_fills_no_step(client, chains) -> None:
    from bursar import audit
    from bursar.db import session_scope

    item, doc = chains.items["gloves1"], chains.docs["gloves1"]
    with session_scope() as session:
        audit.append(session, "dave", "document.received", f"document/{doc}", {"file": "x.pdf"})
    resp = _approve(client, item, "dave")
    assert resp.status_code == 403 and "submitted this document" in resp.json()["error"]["message"]


def test_the_delegations_page_creates_and_revokes(client, chains) -> None:
    from bursar.types import utcnow

    csrf = login(client, "dave")
    day = str(utcnow().date())
    form = {"csrf": csrf, "delegate": "alice", "starts_on": day, "ends_on": day, "reason": "leave"}
    page = client.post("/account/delegations", data=form, follow_redirects=True).text
    assert "alice may act for you from" in page and "<td>active</td>" in page
    bad = {**form, "delegate": "dave"}
    assert (
        "cannot delegate to themself"
        in client.post("/account/delegations", data=bad, follow_redirects=True).text
    )
    listed = client.get("/api/delegations", auth=auth("dave")).json()
    (grant,) = listed
    resp = client.post(
        f"/account/delegations/{grant['id']}/revoke", data={"csrf": csrf}, follow_redirects=True
    )
    assert f"Delegation {grant['id']} revoked." in resp.text and "<td>revoked</td>" in resp.text


def test_the_scheduler_runs_the_escalation_as_a_job(chains) -> None:
    import subprocess

    from bursar.db import session_scope
    from bursar.records import ApprovalEscalation
    from scheduler import jobs, runner

    entry = {"name": "escalate", "inbox": "escalate", "every": "15m"}
    spec, _ = jobs.spec_from_config(entry).validated()
    assert spec.kind == "inbox" and spec.target == "escalate"
    with pytest.raises(InputError, match="unknown inbox task"):
        jobs.spec_from_config({**entry, "inbox": "approve_all"}).validated()
    argv = runner.command_for(spec)  # type: ignore[arg-type]
    assert argv[-4:] == ["bursar", "inbox", "escalate", "--json"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    answer = runner._last_json(proc.stdout)
    outcome = runner._classify(proc.returncode, None, answer, spec)  # type: ignore[arg-type]
    assert outcome.status == "succeeded", proc.stderr
    with session_scope(write=False) as session:
        rows = session.exec(select(ApprovalEscalation)).all()
    # the variance item waited 60 h: past its 24 h; the others are younger
    assert answer and answer["items"]["escalated"] == len(rows) == 1
    again = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert runner._last_json(again.stdout)["items"] == {"escalated": 0}  # type: ignore[index]


def test_a_two_person_override_on_the_last_step(client, chains) -> None:
    from inboxkit import copy_document

    doc = copy_document(chains.docs["gloves2"], "inv-gloves-2-again")  # a duplicate
    item = client.get(f"/api/documents/{doc}", auth=auth("cora")).json()["item"]["id"]
    sign = {
        "comment": "Vendor confirmed this is a separate delivery",
        "reason_codes": {"duplicate_invoice": "not_a_duplicate",
                         "quantity_over_received": "receipt_pending"},
    }  # fmt: skip
    assert _approve(client, item, "cora", sign).status_code == 403  # step 1 is dave's
    assert _approve(client, item, "dave", sign).json()["status"] == "open"
    first = _approve(client, item, "cora", sign)  # the last step's person signs off
    assert first.status_code == 200 and "second person" in first.json()["message"], first.text
    again = _approve(client, item, "dave", sign)
    assert again.status_code == 403 and "already approved a step" in again.text
    done = _approve(client, item, "bob", sign)  # the second person of the override
    assert done.json()["status"] == "approved", done.text
    (ev,) = _events(item, "inbox.approved")
    assert ev["actor"] == "bob" and ev["authority"]["first_signoff"]["by"] == "cora"

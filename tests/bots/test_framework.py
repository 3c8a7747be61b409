"""The bot framework: work items, retries for application errors only, crash recovery."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bots import registry
from bots.base import Bot, Candidate, Item, LoginFailed, Outcome
from bots.records import BotRun, WorkItem
from bursar.errors import BusinessError, SystemError_
from tests.migrationkit import migration_diff


class ToyBot(Bot):
    """Items ``ok-*`` succeed, ``flaky`` fails once with an application error,
    ``bad`` is a business error; ``opens`` counts sign-ins."""

    name = "toy"
    target = "a list in memory"
    steps = ("sign in", "list", "handle")
    backoff_s = 0.01
    refs = ["ok-1", "flaky", "bad", "ok-2"]
    calls: list[str] = []
    opens = 0
    refuse_login = False

    def open(self) -> None:
        type(self).opens += 1
        if self.refuse_login:
            raise LoginFailed("the toy refused user 'clerk'")

    def discover(self) -> Iterator[Candidate]:
        for ref in self.refs:
            yield Candidate(ref, {"n": ref})

    def process(self, item: Item) -> Outcome:
        self.calls.append(f"{item.reference}#{item.attempt}")
        if item.reference == "flaky" and item.attempt == 1:
            raise SystemError_("the toy timed out")
        if item.reference == "bad":
            raise BusinessError("the toy says no")
        return Outcome()


@pytest.fixture
def toy(db_url: str) -> Iterator[type[ToyBot]]:
    ToyBot.calls, ToyBot.opens, ToyBot.refuse_login = [], 0, False
    registry.register(ToyBot)
    yield ToyBot
    registry._bots.pop("toy", None)


def _items() -> dict[str, WorkItem]:
    from bursar.db import session_scope

    with session_scope(write=False) as s:
        return {w.reference: w for w in s.exec(select(WorkItem)).all()}


def test_application_errors_are_retried_business_errors_are_not(toy: type[ToyBot]) -> None:
    import bots

    first = bots.run("toy")
    assert first.status == "succeeded" and first.exit_code == 0
    assert first.items == {"new": 4, "done": 3, "failed": 1}
    items = _items()
    assert items["flaky"].status == "successful" and items["flaky"].attempts == 2
    assert items["bad"].status == "failed" and items["bad"].error_type == "business"
    assert items["bad"].attempts == 1 and "the toy says no" in items["bad"].last_error
    assert toy.calls.count("bad#1") == 1 and "bad#2" not in toy.calls
    assert len(items["ok-1"].audit_seqs) == 3  # new, in progress, successful

    toy.calls.clear()
    second = bots.run("toy")
    assert second.items == {"skipped": 4}
    assert toy.calls == []


def test_wrong_credentials_fail_the_run_as_business_without_retry(toy: type[ToyBot]) -> None:
    import bots

    toy.refuse_login = True
    result = bots.run("toy")
    assert (result.status, result.error_type, result.exit_code) == ("failed", "business", 3)
    assert "refused" in result.message
    assert toy.opens == 1
    assert _items() == {}


def test_items_of_a_crashed_run_are_processed_again(toy: type[ToyBot]) -> None:
    import bots
    from bots import workitems
    from bursar.db import session_scope

    with session_scope() as s:
        run = BotRun(bot="toy", pid=2**22 + 12345, host=socket.gethostname())
        s.add(run)
        s.flush()
        item, _ = workitems.ensure(s, "toy", "ok-1", {}, actor="t")
        item.run_id = run.id
        workitems.transition(s, item, "in_progress", actor="t")
    result = bots.run("toy")
    assert result.status == "succeeded"
    assert _items()["ok-1"].status == "successful"
    with session_scope(write=False) as s:
        assert s.exec(select(BotRun).where(BotRun.id == run.id)).one().status == "failed"


def test_operator_retry_puts_a_failed_item_back(toy: type[ToyBot]) -> None:
    import bots
    from bots import workitems
    from bursar.db import session_scope

    bots.run("toy")
    bad = _items()["bad"]
    with session_scope() as s:
        workitems.retry(s, bad.id, actor="op")
    toy.calls.clear()
    bots.run("toy")
    assert toy.calls == ["bad#2"]
    with session_scope() as s:
        workitems.mark_done(s, bad.id, actor="op", note="keyed by hand")
    assert _items()["bad"].status == "successful"


def test_dry_run_changes_nothing(toy: type[ToyBot]) -> None:
    import bots

    result = bots.run("toy", dry_run=True)
    assert result.items == {"new": 4}
    assert toy.calls == [] and _items() == {}


def test_cli_run_json_and_exit_codes(toy: type[ToyBot], capsys: pytest.CaptureFixture) -> None:
    from bursar.cli import main

    assert main(["bots", "run", "toy", "--json"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    out = json.loads(last)
    assert out["bot"] == "toy" and out["status"] == "succeeded"
    assert out["items"] == {"new": 4, "done": 3, "failed": 1, "skipped": 0}
    assert main(["bots", "run", "no_such_bot", "--json"]) == 2
    toy.refuse_login = True
    assert main(["bots", "run", "toy", "--json"]) == 3
    capsys.readouterr()
    assert main(["bots", "items", "--status", "failed", "--json"]) == 0
    failed = json.loads(capsys.readouterr().out)
    assert [f["reference"] for f in failed] == ["bad"]
    assert failed[0]["error_type"] == "business"


def test_secrets_vault_is_encrypted_and_env_wins(home, monkeypatch: pytest.MonkeyPatch) -> None:
    from bursar import secrets

    secrets.set_secret("erp_password", "Hunter2-vault")
    assert secrets.get("erp_password") == "Hunter2-vault"
    assert b"Hunter2" not in secrets.vault_path().read_bytes()
    assert oct(secrets.key_path().stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv("BURSAR_SECRET_ERP_PASSWORD", "from-env")
    assert secrets.get("ERP_PASSWORD") == "from-env"
    masked = secrets.redact("login as x with Hunter2-vault failed")
    assert masked == "login as x with ******** failed"
    assert ("erp_password", "env") in secrets.names()
    assert secrets.remove("erp_password") and not secrets.remove("erp_password")
    assert os.environ["BURSAR_SECRET_ERP_PASSWORD"] == "from-env"


def test_a_run_past_its_time_limit_fails_as_an_application_error(toy: type[ToyBot]) -> None:
    import time

    import bots

    original = ToyBot.process

    def slow(self: ToyBot, item: Item) -> Outcome:
        time.sleep(0.3)
        return original(self, item)

    ToyBot.process = slow  # type: ignore[method-assign]
    try:
        result = bots.run("toy", time_limit_s=0.5)
    finally:
        ToyBot.process = original  # type: ignore[method-assign]
    assert (result.status, result.error_type, result.exit_code) == ("failed", "application", 1)
    assert "limit of 0.5 s" in result.message
    assert sum(result.items.get(k, 0) for k in ("done", "failed")) < len(ToyBot.refs)


def test_an_item_stuck_in_progress_past_the_threshold_is_abandoned(toy: type[ToyBot]) -> None:
    from datetime import timedelta

    import bots
    from bots import workitems
    from bursar.db import session_scope
    from bursar.types import utcnow

    with session_scope() as s:  # a run on another machine: we cannot see whether it died
        run = BotRun(bot="toy", pid=1, host="elsewhere")
        s.add(run)
        s.flush()
        item, _ = workitems.ensure(s, "toy", "ok-2", {}, actor="t")
        item.run_id = run.id
        workitems.transition(s, item, "in_progress", actor="t")
        item.started_at = utcnow() - timedelta(hours=2)
    result = bots.run("toy")
    stuck = _items()["ok-2"]
    assert stuck.status == "abandoned" and "in progress for more than" in stuck.last_error
    assert result.items == {"new": 3, "done": 2, "failed": 1, "skipped": 1}
    assert "ok-2#1" not in toy.calls


def test_a_broken_site_profile_fails_the_run_with_a_clear_message(
    db_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bots
    from bursar.config import reset_settings

    bad = tmp_path / "portal.yml"
    bad.write_text("login: {page: /login}\nlist: {page: /invoices}\n")
    monkeypatch.setenv(
        "BURSAR_BOTS",
        json.dumps({"portal_download": {"profile": str(bad), "url": "http://127.0.0.1:9"}}),
    )
    reset_settings()
    result = bots.run("portal_download")
    assert (result.status, result.error_type, result.exit_code) == ("failed", "business", 3)
    assert "login needs user_field, password_field, submit, success" in result.message
    assert str(bad) in result.message


def test_secrets_cli_stores_lists_and_removes_without_printing_the_value(
    home, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import io

    from bursar import secrets
    from bursar.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("S3cret-from-stdin\n"))
    assert main(["secrets", "set", "portal_password", "--stdin"]) == 0
    assert secrets.get("portal_password") == "S3cret-from-stdin"
    assert main(["secrets", "list", "--json"]) == 0
    assert main(["secrets", "remove", "portal_password"]) == 0
    assert main(["secrets", "remove", "portal_password"]) == 2
    assert main(["secrets", "set", "9bad"]) == 2
    out = capsys.readouterr()
    assert '"portal_password"' in out.out
    assert "S3cret" not in out.out + out.err


def test_migration_0005_matches_the_bot_tables(db_url: str) -> None:
    assert migration_diff(db_url, {"work_item", "bot_run", "bot_artefact"}) == []

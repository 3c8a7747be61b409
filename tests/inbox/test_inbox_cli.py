"""``bursar users`` and ``bursar inbox serve`` from the command line."""

from __future__ import annotations

import io
import json

import pytest
from sqlmodel import select


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from bursar.cli import main

    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_users_add_list_disable(inbox_home, monkeypatch, capsys) -> None:
    from bursar.db import session_scope
    from bursar.inbox.users import authenticate
    from bursar.records import User

    monkeypatch.setattr("sys.stdin", io.StringIO("a long passphrase\n"))
    code, out, err = _run(
        ["users", "add", "erin", "--role", "approver", "--limit", "2500.50", "--password-stdin"],
        capsys,
    )
    assert code == 0, err
    assert "a long passphrase" not in out + err
    code, out, _ = _run(["users", "list", "--json"], capsys)
    erin = next(u for u in json.loads(out) if u["name"] == "erin")
    assert erin == {"name": "erin", "role": "approver", "limit": "2500.50", "active": True}
    with session_scope(write=False) as session:
        stored = session.exec(select(User).where(User.name == "erin")).one().password_hash
        assert stored.startswith("$argon2id$")
        assert authenticate(session, "erin", "a long passphrase") is not None
    assert _run(["users", "disable", "erin"], capsys)[0] == 0
    with session_scope(write=False) as session:
        assert authenticate(session, "erin", "a long passphrase") is None


@pytest.mark.parametrize(
    "argv",
    [
        ["users", "add", "x", "--role", "wizard", "--password-stdin"],
        ["users", "add", "x", "--role", "clerk", "--limit", "-5", "--password-stdin"],
        ["users", "add", "bob", "--role", "clerk", "--password-stdin"],
        ["users", "add", "y", "--role", "clerk", "--password-stdin"],  # password too short
    ],
)
def test_users_add_refuses_bad_input(inbox_home, monkeypatch, capsys, argv) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("short\n" if argv[2] == "y" else "long enough pw\n")
    )
    code, _, err = _run(argv, capsys)
    assert code == 2
    assert "Traceback" not in err


def test_inbox_serve_refuses_an_uninitialised_database(home, capsys) -> None:
    code, _, err = _run(["inbox", "serve", "--port", "1"], capsys)
    assert code == 2 and "bursar init" in err

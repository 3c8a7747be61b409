"""The inbox Bots page: failed items with screenshot and error; retry and mark done."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bots import registry
from bots.base import Artefact, Bot, Candidate, Item, Outcome
from bursar.errors import BusinessError

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32
PASSWORD = "a-Long-enough-pass-1"


class RefusingBot(Bot):
    name = "refusing"
    target = "nothing"

    def discover(self) -> Iterator[Candidate]:
        yield Candidate("inv-1")

    def process(self, item: Item) -> Outcome:
        raise BusinessError("E-1104 Einkaufsbeleg 4711 nicht vorhanden")

    def artefacts(self) -> list[Artefact]:
        page = b"<html><script>alert(1)</script>banner</html>"
        return [
            Artefact("screenshot", PNG, "image/png", ".png"),
            Artefact("html", page, "text/html", ".html"),
        ]


@pytest.fixture
def client(home: Any) -> Iterator[TestClient]:
    import bots
    from bursar.db import session_scope, upgrade
    from bursar.inbox import create_app
    from bursar.inbox.users import add_user

    upgrade()
    with session_scope() as s:
        add_user(s, "cleo", "clerk", PASSWORD)
        add_user(s, "audrey", "auditor", PASSWORD)
    registry.register(RefusingBot)
    bots.run("refusing")
    try:
        with TestClient(create_app()) as c:
            yield c
    finally:
        registry._bots.pop("refusing", None)


def _login(client: TestClient, name: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    resp = client.post(
        "/login",
        data={"username": name, "password": PASSWORD, "csrf": token},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    page = client.get("/bots")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def _item_status() -> str:
    from sqlmodel import select

    from bots.records import WorkItem
    from bursar.db import session_scope

    with session_scope(write=False) as s:
        return s.exec(select(WorkItem)).one().status


def test_failed_items_show_error_and_screenshot_and_an_operator_retries(client: TestClient) -> None:
    csrf = _login(client, "cleo")
    page = client.get("/bots?status=failed")
    assert page.status_code == 200
    assert "E-1104 Einkaufsbeleg 4711 nicht vorhanden" in page.text
    shot = re.search(r'<img class="shot" src="(/bots/artefacts/\d+)"', page.text)
    assert shot, page.text
    img = client.get(shot.group(1))
    assert img.headers["content-type"] == "image/png" and img.content == PNG
    html_link = re.search(r'<a href="(/bots/artefacts/\d+)">page</a>', page.text).group(1)  # type: ignore[union-attr]
    captured = client.get(html_link)
    assert captured.headers["content-type"].startswith("text/plain")  # shown, never run

    resp = client.post("/bots/items/1/retry", data={"csrf": csrf}, follow_redirects=False)
    assert resp.status_code == 303
    assert _item_status() == "retried"
    again = client.post("/bots/items/1/retry", data={"csrf": csrf}, follow_redirects=True)
    assert "only failed or abandoned items" in again.text


def test_an_auditor_sees_the_page_but_cannot_change_items(client: TestClient) -> None:
    csrf = _login(client, "audrey")
    page = client.get("/bots")
    assert page.status_code == 200 and "Retry</button>" not in page.text
    resp = client.post("/bots/items/1/done", data={"csrf": csrf, "note": "x"})
    assert resp.status_code == 403
    assert _item_status() == "failed"

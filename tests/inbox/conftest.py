"""Fixtures for the inbox: a seeded BURSAR_HOME (built once, copied per test), the app,
logged-in clients, and a live uvicorn server on a free loopback port."""

from __future__ import annotations

import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

# pytest does not put this folder on sys.path here (no rootdir/pythonpath setting): do it.
sys.path.insert(0, str(Path(__file__).parent))
from inboxkit import PASSWORD, Seeded, install_fake_pipeline, login, seed  # noqa: E402, F401

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


def _use_home(home: Path, mp: pytest.MonkeyPatch) -> None:
    from bursar.config import reset_settings
    from bursar.db import dispose_engines

    mp.setenv("BURSAR_HOME", str(home))
    mp.delenv("BURSAR_DATABASE_URL", raising=False)
    mp.setenv("BURSAR_CONFIG", str(home.parent / "absent.toml"))
    mp.delenv("BURSAR_INBOX_SECRET", raising=False)
    reset_settings()
    dispose_engines()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Seeded]]:
    """A migrated, seeded BURSAR_HOME built once per worker; tests get a copy."""
    from bursar.db import dispose_engines, upgrade

    install_fake_pipeline()
    home = tmp_path_factory.mktemp("inbox-template") / "home"
    mp = pytest.MonkeyPatch()
    try:
        _use_home(home, mp)
        upgrade()
        data = seed()
        dispose_engines()  # closes SQLite, folding the WAL into the file before copying
    finally:
        mp.undo()
    yield home, data


@pytest.fixture
def inbox_home(
    seeded_template: tuple[Path, Seeded], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Seeded]:
    """This test's own copy of the seeded home, configured as BURSAR_HOME."""
    from bursar.config import reset_settings
    from bursar.db import dispose_engines

    template, data = seeded_template
    home = tmp_path / "home"
    shutil.copytree(template, home)
    _use_home(home, monkeypatch)
    yield data
    dispose_engines()
    reset_settings()


@pytest.fixture
def app(inbox_home: Seeded):  # type: ignore[no-untyped-def]
    from bursar.inbox import create_app

    return create_app()


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A real uvicorn server for the browser, in a thread, on a free loopback port."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


# Module scope: a running sync Playwright holds an event loop in this thread, and the
# bots (which start their own) cannot run in the same worker until it stops.
@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/lib/chromium/chromium").exists():
        pytest.skip("Debian chromium is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/lib/chromium/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

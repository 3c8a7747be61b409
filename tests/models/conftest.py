"""Fixtures for the model tests: toy documents, an isolated home, no network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from toydocs import make_docs

from models.data import DocExample


@pytest.fixture
def docs() -> list[DocExample]:
    return make_docs()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a network connection (model hubs included)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def settings(home: Path):
    from bursar.config import get_settings

    return get_settings()

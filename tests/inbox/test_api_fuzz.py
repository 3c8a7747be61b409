"""schemathesis fuzzes the JSON API (as a signed-in approver) and finds no server errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from inboxkit import PASSWORD

schemathesis = pytest.importorskip("schemathesis")


def test_openapi_document_needs_login_and_lists_the_api(client) -> None:
    assert client.get("/api/openapi.json").status_code == 401
    spec = client.get("/api/openapi.json", auth=("audrey", PASSWORD)).json()
    assert "/api/items/{item_id}/approve" in spec["paths"]
    assert all(p.startswith("/api/") for p in spec["paths"])


def test_fuzzing_the_api_finds_no_server_errors(app) -> None:
    from fastapi.testclient import TestClient
    from inboxkit import login

    client = TestClient(app, raise_server_exceptions=False)
    csrf = login(client, "cora")  # a session is much cheaper per call than argon2 Basic auth
    schema = schemathesis.openapi.from_dict(app.openapi())
    errors: list[str] = []
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=4,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:  # type: ignore[no-untyped-def]
            nonlocal calls
            kwargs = case.as_transport_kwargs(base_url="http://testserver")
            kwargs.pop("cookies", None)
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "X-CSRF-Token": csrf}
            resp = client.request(**kwargs)
            calls += 1
            if resp.status_code >= 500:
                errors.append(f"{case.method} {kwargs['url']} -> {resp.status_code}")

        run()
    assert calls >= 20
    assert not errors, errors

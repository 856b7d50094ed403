"""Request bodies have a size limit per route, answered 413 before the body is read, parsed or
its sender authenticated: nobody can make the server hold a 200 MB upload."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from engine.base.settings import Settings
from tests.support.auth import bearer

LIMITS = Settings()


def chunks(total: int, size: int = 64_000) -> Iterator[bytes]:
    """A body streamed without a declared length (chunked transfer)."""
    sent = 0
    while sent < total:
        yield b"x" * min(size, total - sent)
        sent += size


def test_an_oversized_body_is_refused_before_signing_in(client: TestClient) -> None:
    # Not signed in: were the body read or the sender checked first, this would be 401 or 422.
    response = client.post(
        "/api/cases",
        content=b"{" + b" " * LIMITS.max_request_bytes + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413, response.text
    assert f"{LIMITS.max_request_bytes:,} bytes" in response.json()["detail"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_declared_length_over_the_limit_is_refused_without_reading_the_body(
    client: TestClient,
) -> None:
    response = client.post(
        "/api/tasks/x/complete",
        content=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": str(200_000_000)},
    )
    assert response.status_code == 413, response.text


def test_a_streamed_body_is_stopped_at_the_limit(client: TestClient) -> None:
    response = client.post(
        "/api/cases",
        content=chunks(LIMITS.max_request_bytes + 100_000),
        headers={"Content-Type": "application/json", **bearer(client, "border.officer")},
    )
    assert response.status_code == 413, response.text


def test_sign_in_takes_only_a_small_body(client: TestClient) -> None:
    padded = {"username": "admin", "password": "x" * LIMITS.max_sign_in_request_bytes}
    assert client.post("/api/auth/token", data=padded).status_code == 413
    assert client.post("/login", data=padded).status_code == 413
    assert bearer(client, "admin")  # an ordinary sign-in still works


def test_a_diagram_may_be_larger_than_a_form_but_not_without_end(client: TestClient) -> None:
    supervisor = bearer(client, "supervisor")
    big = "<!--" + "x" * (LIMITS.max_request_bytes + 1) + "-->"
    checked = client.post(
        "/api/processes/child_return/check", json={"bpmn_xml": big}, headers=supervisor
    )
    assert checked.status_code != 413, checked.text  # read, and judged as a diagram
    huge = "x" * LIMITS.max_diagram_request_bytes
    refused = client.post(
        "/api/processes/child_return/drafts",
        json={"bpmn_xml": huge, "change_note": "huge"},
        headers=supervisor,
    )
    assert refused.status_code == 413, refused.text


def test_an_ordinary_request_is_untouched(client: TestClient) -> None:
    response = client.post(
        "/api/decisions/determination/evaluate", json={}, headers=bearer(client, "auditor")
    )
    assert response.status_code == 422  # read and judged: its answers are missing

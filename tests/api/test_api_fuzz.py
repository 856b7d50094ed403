"""Schemathesis against the app's own OpenAPI schema: every operation, called with generated
data by people of several roles, never answers 500 and always answers as the schema says."""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from engine.base.clock import ManualClock
from tests.support.auth import PASSWORD
from tests.support.walks import CaseWalk

# A reader, a doer in a lane, the region's supervisor, the auditor and the administrator.
FUZZERS = ("auditor", "case.manager", "social.worker", "supervisor", "admin")
EXAMPLES_PER_OPERATION = 25
# What the issue asks: no 500, and every answer as documented (status, media type, body). Whether
# generated data "should" be accepted is not checked: a role may rightly be refused it.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def signed_in(client: TestClient, user: str) -> dict[str, str]:
    """A new token per call: a fuzzed `POST /api/auth/logout` ends the token it is sent with."""
    response = client.post("/api/auth/token", data={"username": user, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_no_operation_fails_or_answers_off_its_schema(
    client: TestClient, clock: ManualClock
) -> None:
    CaseWalk(client, clock)  # a case, so that lists and ids have something in them
    api = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    failures: dict[str, str] = {}
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) > 30, "the schema lists the API's operations"
    for operation in operations:

        @given(case=operation.as_strategy(), user=st.sampled_from(FUZZERS))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,  # the same examples at every run: CI passes or fails for a reason
        )
        def call(case: schemathesis.Case, user: str) -> None:
            case.call_and_validate(headers=signed_in(client, user), checks=CHECKS)

        try:
            call()
        except (AssertionError, FailureGroup) as failure:
            failures[operation.label] = str(failure)[:1500]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def test_a_nul_character_is_refused_with_a_422_and_nothing_changes(client: TestClient) -> None:
    # PostgreSQL stores no NUL in text; found by the fuzzing above as a 500.
    response = client.post("/api/auth/token", data={"username": "\x00", "password": "x"})
    assert response.status_code in (401, 422), response.text
    headers = signed_in(client, "admin")
    changed = client.patch("/api/admin/users/a%00b", json={"active": False}, headers=headers)
    assert changed.status_code in (404, 422), changed.text
    created = client.post(
        "/api/admin/users",
        json={"name": "nul\x00user", "role": "auditor", "password": "long enough password"},
        headers=headers,
    )
    assert created.status_code == 422, created.text
    users = client.get("/api/admin/users", headers=headers).json()
    assert not [u for u in users if u["name"].startswith("nul")]

"""Schemathesis against the app's own OpenAPI schema: every operation, called with generated
data by people of several roles, never answers 500 and always answers as the schema says."""

from __future__ import annotations

import itertools
import re
from typing import Any
from urllib.parse import quote

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
# Moments at the edges of the calendar, where moving them to UTC leaves Python's years 1 to 9999
# (the first two answered 500 before); every date parameter of the API is called with each.
EXTREME_MOMENTS = (
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59.999999+00:00",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00",
    "9999-12-31",
    "0001-01-01",
)
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


def date_parameters(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(path, method, query parameter) of every date or date-time query parameter."""
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                choices = [schema, *schema.get("anyOf", [])]
                formats = {choice.get("format") for choice in choices}
                if parameter["in"] == "query" and formats & {"date", "date-time"}:
                    found.append((path, method, parameter["name"]))
    return found


def test_extreme_dates_are_refused_or_answered_never_a_server_error(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock)
    api = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    parameters = date_parameters(client.get("/openapi.json").json())
    assert {name for _, _, name in parameters} >= {"at", "since", "until"}
    failures = []
    for path, method, name in parameters:
        operation = api[path][method]
        ids = {p: walk.id for p in re.findall(r"{(\w+)}", path)}
        for moment, user in itertools.product(EXTREME_MOMENTS, FUZZERS):
            case = operation.Case(path_parameters=ids, query={name: moment})
            try:
                case.call_and_validate(headers=signed_in(client, user), checks=CHECKS)
            except (AssertionError, FailureGroup) as failure:
                failures.append(f"{method.upper()} {path}?{name}={moment} as {user}: {failure}")
    assert not failures, "\n\n".join(failures)


def test_a_moment_outside_the_calendar_in_utc_is_a_422_naming_it(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock)
    for url, headers in (
        ("/api/audit/access-log?since=", signed_in(client, "auditor")),
        (f"/api/cases/{walk.id}/as-of?at=", signed_in(client, "supervisor")),
    ):
        for moment in EXTREME_MOMENTS[:2]:
            response = client.get(url + quote(moment), headers=headers)
            assert response.status_code == 422, response.text
            assert "outside the years 1 to 9999" in response.text
    page = client.get(
        f"/audit/cases/{walk.id}/replay?at=" + quote(EXTREME_MOMENTS[1]),
        headers=signed_in(client, "auditor"),
    )
    assert page.status_code == 422 and "outside the years 1 to 9999" in page.text
    log_page = client.get(
        "/audit/access-log?since=" + quote(EXTREME_MOMENTS[0]),
        headers=signed_in(client, "auditor"),
    )
    assert log_page.status_code == 422 and "outside the years 1 to 9999" in log_page.text


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

"""Weak passwords are refused with a reason a user can act on, by the engine's one policy (zxcvbn),
wherever an account is made or changed: the API, the page and `nrm users`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.access.passwords import password_problem
from tests.support.auth import bearer


@pytest.mark.parametrize(
    "weak", ["aaaaaaaaaa", "Password123!", "qwertyuiop", "1234567890", "social.worker2026"]
)
def test_a_guessable_password_is_refused_with_a_reason(weak: str) -> None:
    problem = password_problem(weak, ["social.worker", "social_worker", "Elbasan"])
    assert problem is not None and str(problem).startswith("too easy to guess")


def test_a_few_uncommon_words_are_accepted() -> None:
    assert password_problem("lantern quietly orchard seventeen", ["a.hoxha"]) is None
    assert str(password_problem("short", [])) == "at least 10 characters"


def test_the_api_refuses_a_weak_password_naming_the_field(client: TestClient) -> None:
    admin = bearer(client, "admin")
    created = client.post(
        "/api/admin/users",
        json={"name": "weak.one", "role": "auditor", "password": "aaaaaaaaaa"},
        headers=admin,
    )
    assert created.status_code == 422, created.text
    assert [p["loc"][-1] for p in created.json()["detail"]] == ["password"]
    reset = client.patch("/api/admin/users/auditor", json={"password": "aaaaaaaaaa"}, headers=admin)
    assert reset.status_code == 422 and "too easy to guess" in reset.text

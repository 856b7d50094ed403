"""Test users, one or more per role, and signing them in: a bearer token for the JSON API, the
sign-in form (with its CSRF token) for the pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from engine.access.users import UserAccounts
from engine.base.clock import SystemClock
from engine.nrm_engine import NrmEngine

PASSWORD = "correct horse battery staple"
ELBASAN_COURT = "Gjykata e Rrethit Gjyqësor Elbasan"

# (name, role, region, court). The walk's intake is in Elbasan and names case.manager.
TEST_USERS: list[tuple[str, str, str | None, str | None]] = [
    ("border.officer", "border_police", "Elbasan", None),
    ("social.worker", "social_worker", "Elbasan", None),
    ("case.manager", "case_manager", "Elbasan", None),
    ("supervisor", "supervisor", "Elbasan", None),
    ("sss.officer", "state_social_services", "Elbasan", None),
    ("authority", "responsible_authority", None, None),
    ("local.police", "local_police", "Elbasan", None),
    ("drra.officer", "drra_officer", None, None),
    ("court.clerk", "court", None, ELBASAN_COURT),
    ("auditor", "auditor", None, None),
    ("admin", "admin", None, None),
    # Others: the same roles elsewhere, another case manager, another court.
    ("social.worker.korce", "social_worker", "Korçë", None),
    ("sss.officer.korce", "state_social_services", "Korçë", None),
    ("border.officer.korce", "border_police", "Korçë", None),
    ("supervisor.korce", "supervisor", "Korçë", None),
    ("case.manager.2", "case_manager", "Elbasan", None),
    ("court.clerk.tirana", "court", None, "Gjykata e Rrethit Gjyqësor Tiranë"),
]
USER_OF_ROLE = {
    role: name
    for name, role, region, _court in reversed(TEST_USERS)
    if region in (None, "Elbasan") and not name.endswith(".2")
}


def add_test_users(engine: NrmEngine) -> None:
    """The test users (every engine has them: a case's intake appoints one of its case
    managers); those already there are left as they are."""
    accounts = UserAccounts(engine.db)
    now = SystemClock().now()
    for name, role, region, court in TEST_USERS:
        if not accounts.exists(name):
            accounts.create(name, role, PASSWORD, now, region=region, court=court)


def bearer(client: TestClient, name: str) -> dict[str, str]:
    cache = client.__dict__.setdefault("_nrm_tokens", {})
    if name not in cache:
        response = client.post("/api/auth/token", data={"username": name, "password": PASSWORD})
        assert response.status_code == 200, response.text
        cache[name] = {"Authorization": f"Bearer {response.json()['access_token']}"}
    return cache[name]


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the form has no CSRF token"
    return match.group(1)


def sign_in(web: TestClient, name: str, password: str = PASSWORD):
    token = csrf_of(web.get("/login").text)
    return web.post(
        "/login",
        data={"username": name, "password": password, "csrf": token, "next": "/"},
        follow_redirects=False,
    )

"""Accounts and signing in: argon2 hashes, bearer tokens, session cookies, CSRF, back-off."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.app import create_app
from engine.base.clock import ManualClock
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine
from engine.storage.models import AccessLogEntry, AuthSession, User
from tests.support.auth import PASSWORD, add_test_users, bearer, csrf_of, sign_in
from tests.support.walks import INTAKE, CaseWalk


@pytest.fixture
def auth_clock(clock: ManualClock) -> ManualClock:
    return ManualClock(clock.now())


@pytest.fixture
def web(engine: NrmEngine, auth_clock: ManualClock) -> TestClient:
    add_test_users(engine)
    return TestClient(create_app(engine, Settings(clock="manual"), auth_clock=auth_clock))


def test_passwords_are_stored_as_argon2_hashes(web: TestClient, engine: NrmEngine) -> None:
    with Session(engine.db) as session:
        user = session.exec(select(User).where(User.name == "case.manager")).one()
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_a_bearer_token_signs_in_and_a_wrong_password_does_not(web: TestClient) -> None:
    me = web.get("/api/auth/me", headers=bearer(web, "supervisor")).json()
    assert me == {"name": "supervisor", "role": "supervisor", "region": "Elbasan", "court": None}
    wrong = web.post("/api/auth/token", data={"username": "supervisor", "password": "nope"})
    unknown = web.post("/api/auth/token", data={"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()  # never says which of the two was wrong
    headers = bearer(web, "supervisor")
    assert web.post("/api/auth/logout", headers=headers).status_code == 204
    assert web.get("/api/auth/me", headers=headers).status_code == 401


def test_repeated_failures_back_off_then_a_success_resets(
    web: TestClient, auth_clock: ManualClock
) -> None:
    def attempt(password: str) -> int:
        data = {"username": "auditor", "password": password}
        return web.post("/api/auth/token", data=data).status_code

    assert [attempt("wrong") for _ in range(5)] == [401] * 5
    assert attempt(PASSWORD) == 429, "locked for a minute after five failures"
    auth_clock.advance(timedelta(seconds=61))
    assert attempt("wrong") == 401
    assert attempt(PASSWORD) == 429, "the wait doubles"
    auth_clock.advance(timedelta(minutes=2, seconds=1))
    assert attempt(PASSWORD) == 200
    assert attempt("wrong") == 401 and attempt(PASSWORD) == 200


def test_the_session_cookie_is_httponly_samesite_and_rotated_at_sign_in(
    web: TestClient, engine: NrmEngine
) -> None:
    first = sign_in(web, "social.worker")
    assert first.status_code == 303 and first.headers["location"] == "/"
    cookie = first.headers["set-cookie"]
    assert "nrm_session=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    old = web.cookies.get("nrm_session")
    assert web.get("/").status_code == 200
    second = sign_in(web, "social.worker")
    assert second.status_code == 303 and web.cookies.get("nrm_session") != old
    with Session(engine.db) as session:
        cookies = session.exec(select(AuthSession).where(AuthSession.kind == "cookie")).all()
    assert len(cookies) == 1, "the old session ended when the new one began"


def test_a_wrong_password_on_the_page_says_so_without_signing_in(web: TestClient) -> None:
    response = sign_in(web, "social.worker", "not the password")
    assert response.status_code == 401 and "Wrong user name or password" in response.text
    assert web.get("/", follow_redirects=False).headers["location"] == "/login?next=/"


def test_forms_without_the_csrf_token_are_refused(web: TestClient) -> None:
    login = web.post("/login", data={"username": "social.worker", "password": PASSWORD})
    assert login.status_code == 403
    assert sign_in(web, "social.worker").status_code == 303
    assert web.post("/logout", data={"csrf": "forged"}).status_code == 403
    # The JSON API with the cookie (not a bearer token) needs the X-CSRF-Token header.
    response = web.post("/api/cases", json={"process": "child_return", "data": INTAKE})
    assert response.status_code == 403
    token = csrf_of(web.get("/").text)
    response = web.post(
        "/api/cases",
        json={"process": "child_return", "data": INTAKE},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201


def test_personal_data_is_shown_only_to_roles_that_need_it_and_every_view_is_logged(
    web: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk = CaseWalk(web, clock)
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    walk.complete("place_in_shelter")
    walk.complete("review_immediate_placement", immediate_placement_decision="approved")
    for name in ("social.worker", "case.manager", "supervisor", "sss.officer"):
        data = web.get(f"/api/cases/{walk.id}", headers=bearer(web, name)).json()["data"]
        assert data["child_name"] == INTAKE["child_name"], name
    for name in ("border.officer", "auditor", "court.clerk"):
        case = web.get(f"/api/cases/{walk.id}", headers=bearer(web, name)).json()
        events = web.get(f"/api/cases/{walk.id}/events", headers=bearer(web, name)).text
        assert case["data"]["child_name"] == "Ë. Ç.", name
        assert case["data"]["family_address"] == case["data"]["facility_id"] == "[withheld]"
        for secret in (INTAKE["child_name"], INTAKE["family_address"], "Tjetër Vizion"):
            assert secret not in str(case) and secret not in events, (name, secret)
    petition = walk.documents("custody_petition")[0]["id"]
    assert web.get(f"/api/documents/{petition}", headers=bearer(web, "court.clerk")).is_success
    other_court = web.get(f"/api/documents/{petition}", headers=bearer(web, "court.clerk.tirana"))
    assert other_court.status_code == 403
    log = web.get(
        "/api/audit/access-log", params={"case_id": walk.id}, headers=bearer(web, "auditor")
    ).json()
    seen = {(e["user"], e["personal_data"]) for e in log}
    assert {("supervisor", True), ("auditor", False), ("court.clerk", False)} <= seen
    with Session(engine.db) as session:
        assert session.exec(select(AccessLogEntry)).first() is not None


def test_nrm_users_add_reads_the_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli.main import app

    monkeypatch.setenv("NRM_DATABASE_URL", f"sqlite:///{tmp_path / 'users.sqlite3'}")
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "users",
            "add",
            "a.hoxha",
            "--role",
            "social_worker",
            "--region",
            "Fier",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "added a.hoxha (social_worker, Fier)" in result.output
    refused = runner.invoke(
        app, ["users", "add", "b", "--role", "social_worker", "--password-stdin"], input="short\n"
    )
    assert refused.exit_code == 1
    assert "region" in refused.output and "password" in refused.output
    assert "a.hoxha" in runner.invoke(app, ["users", "list"]).output

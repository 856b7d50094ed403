"""The administrator's user-accounts page: add, change and deactivate accounts in the browser,
with the engine's own checks shown beside the field."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.support.auth import csrf_of, sign_in
from tests.support.setup import START

NEW_PASSWORD = "a long new passphrase"


def _admin_page(client: TestClient) -> str:
    sign_in(client, "admin")
    page = client.get("/admin/users")
    assert page.status_code == 200
    return page.text


def _sign_in_works(client: TestClient, name: str, password: str) -> bool:
    response = client.post("/api/auth/token", data={"username": name, "password": password})
    return response.status_code == 200


def test_only_the_administrator_opens_the_accounts_page(client: TestClient) -> None:
    for name in ("supervisor", "auditor", "case.manager"):
        client.cookies.clear()
        sign_in(client, name)
        assert client.get("/admin/users").status_code == 403, name
    page = _admin_page(client)
    assert 'data-user="case.manager"' in page and 'href="/admin/users"' in page


def test_an_administrator_adds_a_social_worker_who_can_then_sign_in(client: TestClient) -> None:
    page = _admin_page(client)
    response = client.post(
        "/admin/users",
        data={
            "csrf": csrf_of(page),
            "name": "new.worker",
            "password": NEW_PASSWORD,
            "role": "social_worker",
            "region": "Shkodër",
            "court": "",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get("/admin/users").text
    assert 'data-user="new.worker"' in page and 'data-grant="new.worker"' in page
    assert "awaits a second administrator" in page
    assert "/approve" not in page, "the administrator who asked cannot approve"
    assert not _sign_in_works(client, "new.worker", NEW_PASSWORD)

    # A second administrator approves the role; then the social worker signs in.
    accounts = client.app.state.accounts
    accounts.create("admin.two", "admin", NEW_PASSWORD, START)
    client.cookies.clear()
    sign_in(client, "admin.two", NEW_PASSWORD)
    page = client.get("/admin/users").text
    action = re.search(r'action="(/admin/role-grants/\d+/approve)"', page)
    assert action, page
    approved = client.post(action[1], data={"csrf": csrf_of(page)}, follow_redirects=False)
    assert approved.status_code == 303
    assert 'data-grant="new.worker"' not in client.get("/admin/users").text
    assert _sign_in_works(client, "new.worker", NEW_PASSWORD)


def test_a_refused_account_names_the_field_and_creates_nothing(client: TestClient) -> None:
    page = _admin_page(client)
    response = client.post(
        "/admin/users",
        data={
            "csrf": csrf_of(page),
            "name": "no.region",
            "password": NEW_PASSWORD,
            "role": "social_worker",
            "region": "",
        },
    )
    assert response.status_code == 422
    assert 'data-field="region"' in response.text and "works in a region" in response.text
    assert 'value="no.region"' in response.text, "what was typed is kept"
    assert 'data-user="no.region"' not in client.get("/admin/users").text


def test_a_form_without_its_csrf_token_is_refused(client: TestClient) -> None:
    _admin_page(client)
    response = client.post(
        "/admin/users",
        data={"name": "x.y", "password": NEW_PASSWORD, "role": "auditor"},
    )
    assert response.status_code == 403
    assert 'data-user="x.y"' not in client.get("/admin/users").text


def test_deactivating_an_account_and_setting_a_password(client: TestClient) -> None:
    page = _admin_page(client)
    form = {"csrf": csrf_of(page), "role": "case_manager", "region": "Elbasan", "court": ""}
    # The checkbox left unticked: the account is deactivated.
    assert client.post("/admin/users/case.manager.2", data=form).status_code == 200
    assert not _sign_in_works(client, "case.manager.2", "correct horse battery staple")

    form |= {"active": "on", "password": NEW_PASSWORD}
    client.post("/admin/users/case.manager.2", data=form)
    assert _sign_in_works(client, "case.manager.2", NEW_PASSWORD)
    assert not _sign_in_works(client, "case.manager.2", "correct horse battery staple")

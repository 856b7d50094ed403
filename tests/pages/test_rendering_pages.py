"""What every page shares: the menu offers only what the user's role may use (the permissions
table), and an error is a page in the user's language."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.support.auth import sign_in


def _menu(client: TestClient) -> set[str]:
    page = client.get("/directory")
    assert page.status_code == 200
    nav = re.search(r"<nav>(.*?)</nav>", page.text, re.S)
    assert nav is not None
    return set(re.findall(r'href="([^"]+)"', nav.group(1)))


@pytest.mark.parametrize("user", ["court.clerk", "auditor", "admin"])
def test_who_does_not_open_cases_is_not_offered_to_start_one(client: TestClient, user: str) -> None:
    sign_in(client, user)
    assert "/cases/new" not in _menu(client)


def test_the_menu_follows_the_role(client: TestClient) -> None:
    sign_in(client, "social.worker")
    assert {"/", "/cases", "/cases/new", "/directory"} <= _menu(client)
    sign_in(client, "admin")  # manages accounts; neither tasks nor cases
    menu = _menu(client)
    assert "/admin/users" in menu and not {"/", "/cases"} & menu
    sign_in(client, "court.clerk")
    assert {"/", "/cases", "/court/outbox"} <= _menu(client)


def test_an_unknown_address_is_a_page_in_the_users_language(client: TestClient) -> None:
    sign_in(client, "social.worker")
    page = client.get("/nonexistent")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is no such page, case or task." in page.text
    client.get("/lang/sq")
    albanian = client.get("/nonexistent")
    assert albanian.status_code == 404
    assert "Nuk ka një faqe, rast ose detyrë të tillë." in albanian.text


def test_an_api_client_gets_json(client: TestClient) -> None:
    route = client.get("/api/nonexistent")
    assert route.status_code == 404 and route.json() == {"detail": "Not Found"}
    asked = client.get("/nonexistent", headers={"Accept": "application/json"})
    assert asked.status_code == 404 and asked.json() == {"detail": "Not Found"}

"""Every answer carries the security headers; the pages need no inline script to work."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.headers import CONTENT_SECURITY_POLICY
from engine.base.settings import PROJECT_ROOT


def test_pages_and_api_answers_carry_the_headers(client: TestClient) -> None:
    for path in ("/login", "/api/health", "/api/tasks", "/static/app/app.css"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert re.search(r"script-src 'self';", CONTENT_SECURITY_POLICY)


def test_templates_hold_no_inline_script_or_handler() -> None:
    for template in sorted((PROJECT_ROOT / "api" / "templates").glob("*.html")):
        html = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), template.name
        assert not re.search(r"\son[a-z]+\s*=", html), template.name


def test_an_error_never_shows_a_stack_trace(client: TestClient) -> None:
    answer = client.post("/api/auth/token", data={"username": "x" * 5000, "password": "y"})
    assert answer.status_code in (401, 422, 429)
    assert "Traceback" not in answer.text and 'File "' not in answer.text

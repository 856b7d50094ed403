"""Every JSON route and every page asks the access policy for its user (`require(capability)`,
api/deps.py), but the few that serve signing in itself."""

from __future__ import annotations

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from api.deps import require

# Signing in and out, the language switch, the health check and the docs: nobody to ask about.
SIGNING_IN = {
    "/api/health",
    "/api/auth/token",
    "/api/auth/logout",
    "/api/auth/me",
    "/login",
    "/logout",
    "/lang/{code}",
    "/docs",
}
ASKS_THE_POLICY = require.__qualname__ + ".<locals>"


def _calls(dependant: Dependant) -> list[str]:
    names = [getattr(dependant.call, "__qualname__", "")]
    for sub in dependant.dependencies:
        names += _calls(sub)
    return names


def test_every_route_and_page_asks_the_access_policy(client: TestClient) -> None:
    unasked = []
    seen = 0
    for context in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        route = context.original_route
        if not isinstance(route, APIRoute) or context.path in SIGNING_IN:
            continue
        seen += 1
        if not any(name.startswith(ASKS_THE_POLICY) for name in _calls(route.dependant)):
            unasked.append(f"{sorted(route.methods)} {context.path}")
    assert seen > 60, "every router is walked"
    assert unasked == []

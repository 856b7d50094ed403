"""What `nrm serve` checks before it serves: demo accounts are served only in demo mode, and
settings a real deployment must not run with are named."""

from __future__ import annotations

import os

from engine.base.settings import Settings


class DemoAccountsOutsideDemoMode(Exception):
    """The database holds the demo users, whose password `nrm demo` printed: not a real server."""


def check_demo_accounts(settings: Settings, demo_users: list[str]) -> None:
    if demo_users and not settings.demo:
        raise DemoAccountsOutsideDemoMode(
            f"refusing to serve: the database holds the demo accounts ({', '.join(demo_users)}), "
            "whose password `nrm demo` printed; deactivate them (nrm users), or set NRM_DEMO=1 "
            "for a demonstration with no real cases"
        )


def deployment_warnings(settings: Settings) -> list[str]:
    """Each setting that is fine for a demonstration and wrong for real cases."""
    warnings = []
    if settings.demo:
        warnings.append("demo mode (NRM_DEMO=1): demo accounts may sign in; no real cases here")
    if not os.environ.get("NRM_SECRET_KEY"):
        warnings.append(
            "NRM_SECRET_KEY is not set: a random key signs sessions, so every restart signs "
            "everyone out and several server processes do not share sessions"
        )
    if os.environ.get("NRM_COOKIE_SECURE") != "1":
        warnings.append(
            "NRM_COOKIE_SECURE is not 1: the session cookie is also sent over plain HTTP "
            "(set it behind HTTPS)"
        )
    if settings.signing_key is None or settings.signing_cert is None:
        warnings.append(
            "NRM_SIGNING_KEY and NRM_SIGNING_CERT are not set: documents are signed with the "
            "self-signed demo certificate, which no court can trust"
        )
    return warnings

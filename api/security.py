"""Signing in: server-side sessions behind a signed, HttpOnly, SameSite=Lax cookie for the pages;
bearer tokens (OAuth2 password flow, `POST /api/auth/token`) for the JSON API; CSRF tokens.

Both kinds of token are random, stored only as sha256 (engine/access/users.py), and end at sign-out,
expiry, a password change or deactivation. The cookie is also signed (itsdangerous) with
`NRM_SECRET_KEY`; without one, a random key per process is used (sessions end on restart).
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass

from fastapi import HTTPException, Request
from fastapi.security import OAuth2PasswordBearer
from itsdangerous import BadSignature, URLSafeSerializer

from engine.access.users import Principal

SESSION_COOKIE = "nrm_session"
PRE_CSRF_COOKIE = "nrm_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


@dataclass
class SignedIn:
    user: Principal
    csrf: str
    kind: str  # cookie | bearer
    token: str


def secret_key() -> str:
    return os.environ.get("NRM_SECRET_KEY") or _PROCESS_KEY


_PROCESS_KEY = secrets.token_urlsafe(32)


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key(), salt=salt)


def sign(value: str, salt: str = "session") -> str:
    return _serializer(salt).dumps(value)


def unsign(value: str | None, salt: str = "session") -> str | None:
    if not value:
        return None
    try:
        loaded = _serializer(salt).loads(value)
    except BadSignature:
        return None
    return loaded if isinstance(loaded, str) else None


def cookie_secure(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("NRM_COOKIE_SECURE") == "1"


def signed_in(request: Request) -> SignedIn | None:
    """Who is calling: a bearer token first, else the session cookie. Cached per request."""
    if hasattr(request.state, "signed_in"):
        return request.state.signed_in
    accounts = request.app.state.accounts
    now = request.app.state.auth_clock.now()
    result = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
        found = accounts.session_user(token, "bearer", now)
        if found is not None:
            result = SignedIn(found[0], found[1], "bearer", token)
    else:
        token = unsign(request.cookies.get(SESSION_COOKIE))
        if token:
            found = accounts.session_user(token, "cookie", now)
            if found is not None:
                result = SignedIn(found[0], found[1], "cookie", token)
    request.state.signed_in = result
    return result


def check_form_csrf(request: Request, sent: str | None) -> None:
    """A page's form: its hidden csrf field must equal the session's (or, before sign-in, the
    signed pre-session cookie's) token."""
    found = signed_in(request)
    expected = found.csrf if found else unsign(request.cookies.get(PRE_CSRF_COOKIE), "csrf")
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        raise HTTPException(403, "the form has expired or did not come from this site: reload it")

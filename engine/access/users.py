"""Accounts: users with an argon2 password hash, a role and a region or court; signing in with
back-off after repeated failures; sessions and bearer tokens kept as sha256 of a random token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from engine.access.permissions import ROLES, Reach, reach_of, roles_reaching
from engine.base.errors import EngineError, FieldError, InvalidData, NotFound
from engine.storage.models import AuthSession, User

__all__ = ["User", "UserAccounts"]

# Where each role works is the permissions table's (engine/access/permissions.py): regional roles
# get the tasks of their region's cases; the national office (Art. 5.C.1: the Responsible
# Authority within the Ministry) has no region, its tasks go to all its users.
REGIONAL_ROLES = roles_reaching(Reach.REGION)
NATIONAL_ROLES = roles_reaching(Reach.NATION)
MIN_PASSWORD_LENGTH = 10
# After this many failed sign-ins in a row the account waits before it may try again: 1 minute,
# doubling with every further failure, at most an hour. A success resets the counter.
FREE_FAILURES = 5
MAX_LOCK = timedelta(hours=1)
SESSION_TTL = timedelta(hours=12)
TOKEN_TTL = timedelta(hours=8)

_HASHER = PasswordHasher()
# Verifying against this when the user does not exist costs the same time as a real check.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class SignInFailed(EngineError):
    """Wrong user name or password (never says which)."""


class LockedOut(EngineError):
    def __init__(self, until: datetime) -> None:
        super().__init__(f"too many failed sign-ins: try again after {until:%H:%M:%S} UTC")
        self.until = until


@dataclass(frozen=True)
class Principal:
    """The signed-in person as the rest of the app sees them."""

    name: str
    role: str
    region: str | None = None
    court: str | None = None


def _principal(user: User) -> Principal:
    return Principal(user.name, user.role, user.region, user.court)


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_user_fields(
    name: str, role: str, region: str | None, court: str | None, password: str | None
) -> None:
    errors = []
    if not name.isprintable() or not name.strip() or len(name) > 200 or " " in name:
        errors.append(
            FieldError(
                ("name",),
                "a user name without spaces or control characters, at most 200 characters",
            )
        )
    if role not in ROLES:
        errors.append(FieldError(("role",), f"unknown role; one of: {', '.join(ROLES)}"))
    if role in REGIONAL_ROLES and not (region or "").strip():
        errors.append(FieldError(("region",), f"a {role} works in a region: name the region"))
    if role in NATIONAL_ROLES and (region or "").strip():
        errors.append(
            FieldError(("region",), f"a {role} is national (Art. 5.C.1): leave the region empty")
        )
    if reach_of(role) is Reach.COURT and not (court or "").strip():
        errors.append(FieldError(("court",), "a court user belongs to a court: name the court"))
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        errors.append(FieldError(("password",), f"at least {MIN_PASSWORD_LENGTH} characters"))
    if errors:
        raise InvalidData(errors)


class UserAccounts:
    def __init__(self, db: Engine) -> None:
        self.db = db

    # --- accounts -----------------------------------------------------------------------------

    def create(
        self,
        name: str,
        role: str,
        password: str,
        now: datetime,
        region: str | None = None,
        court: str | None = None,
    ) -> Principal:
        check_user_fields(name, role, region, court, password)
        user = User(
            name=name,
            password_hash=_HASHER.hash(password),
            role=role,
            region=(region or "").strip() or None,
            court=(court or "").strip() or None,
            created_at=now,
        )
        with Session(self.db) as session:
            session.add(user)
            try:
                session.commit()
            except IntegrityError as error:
                session.rollback()
                raise InvalidData(
                    [FieldError(("name",), f"a user named {name!r} exists already")]
                ) from error
            return _principal(user)

    def get(self, name: str) -> Principal:
        with Session(self.db) as session:
            user = _find(session, name)
            if user is None:
                raise NotFound(f"no user {name!r}")
            return _principal(user)

    def exists(self, name: str, role: str | None = None) -> bool:
        with Session(self.db) as session:
            user = _find(session, name)
            return user is not None and user.active and (role is None or user.role == role)

    def list(self) -> list[dict[str, object]]:
        with Session(self.db) as session:
            users = session.exec(select(User).order_by(col(User.name))).all()
            return [_public(u) for u in users]

    def update(
        self,
        name: str,
        *,
        role: str | None = None,
        region: str | None = None,
        court: str | None = None,
        active: bool | None = None,
        password: str | None = None,
    ) -> dict[str, object]:
        with Session(self.db) as session:
            user = _find(session, name)
            if user is None:
                raise NotFound(f"no user {name!r}")
            new_role = role or user.role
            new_region = user.region if region is None else (region.strip() or None)
            new_court = user.court if court is None else (court.strip() or None)
            check_user_fields(name, new_role, new_region, new_court, password)
            user.role, user.region, user.court = new_role, new_region, new_court
            if active is not None:
                user.active = active
            if password is not None:
                user.password_hash = _HASHER.hash(password)
                user.failed_logins = 0
                user.locked_until = None
            session.add(user)
            if active is False or password is not None or role is not None:
                session.execute(delete(AuthSession).where(col(AuthSession.user_name) == name))
            session.commit()
            return _public(user)

    # --- signing in -----------------------------------------------------------------------------

    def authenticate(self, name: str, password: str, now: datetime) -> Principal:
        """The user, if `password` is theirs and they are not waiting out a back-off."""
        with Session(self.db) as session:
            user = _find(session, name)
            if user is None or not user.active:
                _verify(_DUMMY_HASH, password)
                raise SignInFailed("wrong user name or password")
            if user.locked_until is not None and user.locked_until > now:
                raise LockedOut(user.locked_until)
            if not _verify(user.password_hash, password):
                user.failed_logins += 1
                if user.failed_logins >= FREE_FAILURES:
                    wait = timedelta(minutes=2 ** (user.failed_logins - FREE_FAILURES))
                    user.locked_until = now + min(wait, MAX_LOCK)
                session.add(user)
                session.commit()
                raise SignInFailed("wrong user name or password")
            user.failed_logins = 0
            user.locked_until = None
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            session.add(user)
            session.commit()
            return _principal(user)

    def open_session(self, user: Principal, kind: str, now: datetime) -> tuple[str, str]:
        """A new random session (or bearer) token and its CSRF token; only hashes are stored."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(24)
        ttl = SESSION_TTL if kind == "cookie" else TOKEN_TTL
        with Session(self.db) as session:
            session.add(
                AuthSession(
                    token_sha256=_sha(token),
                    user_name=user.name,
                    kind=kind,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=now + ttl,
                )
            )
            session.commit()
        return token, csrf

    def session_user(self, token: str, kind: str, now: datetime) -> tuple[Principal, str] | None:
        """The active user behind a token, with the session's CSRF token; None if expired."""
        with Session(self.db) as session:
            row = session.get(AuthSession, _sha(token))
            if row is None or row.kind != kind or row.expires_at <= now:
                return None
            user = _find(session, row.user_name)
            if user is None or not user.active:
                return None
            return _principal(user), row.csrf_token

    def close_session(self, token: str) -> None:
        with Session(self.db) as session:
            session.execute(delete(AuthSession).where(col(AuthSession.token_sha256) == _sha(token)))
            session.commit()


def _find(session: Session, name: str) -> User | None:
    return session.exec(select(User).where(User.name == name)).first()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _public(user: User) -> dict[str, object]:
    return {
        "name": user.name,
        "role": user.role,
        "region": user.region,
        "court": user.court,
        "active": user.active,
        "locked_until": user.locked_until,
    }

"""Accounts: users with an argon2 password hash, a role and a region or court; signing in with
back-off after repeated failures; sessions and bearer tokens kept as sha256 of a random token."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from engine.access.admin_log import PASSWORD_SET, record_change
from engine.access.passwords import password_problem
from engine.access.permissions import ROLES, Capability, Reach, holders, reach_of, roles_reaching
from engine.base.clock import Clock, SystemClock
from engine.base.errors import EngineError, FieldError, Forbidden, InvalidData, NotFound
from engine.storage.models import AuthSession, RoleGrant, SignInFailures, User
from forms.messages import message
from forms.options import Choice

__all__ = ["User", "UserAccounts"]

# Where each role works is the permissions table's (engine/access/permissions.py): regional roles
# get the tasks of their region's cases; the national office (Art. 5.C.1: the Responsible
# Authority within the Ministry) has no region, its tasks go to all its users.
REGIONAL_ROLES = roles_reaching(Reach.REGION)
NATIONAL_ROLES = roles_reaching(Reach.NATION)
# Given by one administrator and approved by a second (Art. 4: who reads names and places).
PERSONAL_DATA_ROLES = holders(Capability.SEE_PERSONAL_DATA)
# Who changed an account from the command line (`nrm users`): whoever operates the server.
COMMAND_LINE = "command line"
# After this many failed sign-ins in a row the account waits before it may try again: 1 minute,
# doubling with every further failure, at most an hour. A success resets the counter.
FREE_FAILURES = 5
MAX_LOCK = timedelta(hours=1)
MAX_DOUBLINGS = 6  # 2**6 minutes is past MAX_LOCK already
SESSION_TTL = timedelta(hours=12)
TOKEN_TTL = timedelta(hours=8)

_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verified against when the user does not exist: made by the hasher in use, so that it
    costs the same time as a real check."""
    return hasher.hash("not a password of anyone")


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
        errors.append(FieldError(("name",), message("user.name_invalid")))
    if role not in ROLES:
        errors.append(FieldError(("role",), message("user.role_unknown", roles=", ".join(ROLES))))
    if role in REGIONAL_ROLES and not (region or "").strip():
        errors.append(FieldError(("region",), message("user.region_needed")))
    if role in NATIONAL_ROLES and (region or "").strip():
        errors.append(FieldError(("region",), message("user.region_national")))
    if reach_of(role) is Reach.COURT and not (court or "").strip():
        errors.append(FieldError(("court",), message("user.court_needed")))
    problem = None if password is None else password_problem(password, [name, role, region or ""])
    if problem is not None:
        errors.append(FieldError(("password",), problem))
    if errors:
        raise InvalidData(errors)


class UserAccounts:
    """The accounts. Every change is written to the admin log (engine/access/admin_log.py) in
    its own transaction; `by` is the administrator making it (None: the command line, run by
    whoever operates the server)."""

    def __init__(self, db: Engine, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or SystemClock()

    # --- accounts -----------------------------------------------------------------------------

    def create(
        self,
        name: str,
        role: str,
        password: str,
        now: datetime,
        region: str | None = None,
        court: str | None = None,
        by: Principal | None = None,
    ) -> Principal:
        """A new account. One whose role reads personal data, made by an administrator, stays
        inactive until a second administrator approves the role (`approve_grant`)."""
        check_user_fields(name, role, region, court, password)
        needs_approval = by is not None and role in PERSONAL_DATA_ROLES
        user = User(
            name=name,
            password_hash=_HASHER.hash(password),
            role=role,
            region=(region or "").strip() or None,
            court=(court or "").strip() or None,
            active=not needs_approval,
            created_at=now,
        )
        with Session(self.db) as session:
            session.add(user)
            try:
                session.flush()
            except IntegrityError as error:
                session.rollback()
                raise InvalidData(
                    [FieldError(("name",), message("user.name_taken", name=name))]
                ) from error
            after = {**_state(user), "password": PASSWORD_SET}
            record_change(session, _actor(by), "create", name, {}, after, now)
            if needs_approval:
                _ask_grant(session, user, by, now)
            session.commit()
            return _principal(user)

    def get(self, name: str) -> Principal:
        with Session(self.db) as session:
            user = _find(session, name)
            if user is None:
                raise NotFound(f"no user {name!r}")
            return _principal(user)

    def exists(self, name: str, role: str | None = None) -> bool:
        with Session(self.db) as session:
            return account_exists(session, name, role)

    def has_password(self, name: str, password: str) -> bool:
        """Whether the active account `name` signs in with `password` (nothing is counted: for
        the server's own checks, such as demo accounts left on a real server)."""
        with Session(self.db) as session:
            user = _find(session, name)
        return user is not None and user.active and _verify(user.password_hash, password)

    def list(self) -> list[dict[str, object]]:
        with Session(self.db) as session:
            users = session.exec(select(User).order_by(col(User.name))).all()
            locks = {
                row.name: row.locked_until for row in session.exec(select(SignInFailures)).all()
            }
            pending = {g.user_name: g.role for g in _pending(session)}
            return [_public(u, locks.get(u.name), pending.get(u.name)) for u in users]

    def update(
        self,
        name: str,
        *,
        role: str | None = None,
        region: str | None = None,
        court: str | None = None,
        active: bool | None = None,
        password: str | None = None,
        by: Principal | None = None,
    ) -> dict[str, object]:
        """Change an account. No one changes their own role; a role that reads personal data,
        asked for by an administrator, waits for a second one (`approve_grant`): the account
        keeps its role, region and court until then, and the answer names the role asked for."""
        now = self.clock.now()
        with Session(self.db) as session:
            user = _find(session, name)
            if user is None:
                raise NotFound(f"no user {name!r}")
            new_role = role or user.role
            new_region = user.region if region is None else (region.strip() or None)
            new_court = user.court if court is None else (court.strip() or None)
            check_user_fields(name, new_role, new_region, new_court, password)
            if by is not None and by.name == name and new_role != user.role:
                raise Forbidden("no one changes their own role: ask another administrator")
            before = _state(user)
            asked = by is not None and new_role != user.role and new_role in PERSONAL_DATA_ROLES
            if asked:
                _ask_grant(
                    session,
                    User(
                        name=name,
                        role=new_role,
                        region=new_region,
                        court=new_court,
                        password_hash="",
                    ),
                    by,
                    now,
                )
            else:
                user.role, user.region, user.court = new_role, new_region, new_court
            if active is not None:
                if active and not user.active and _pending_for(session, name):
                    raise Forbidden(
                        f"{name}'s role awaits a second administrator's approval: approve it"
                    )
                user.active = active
            if password is not None:
                user.password_hash = _HASHER.hash(password)
                session.execute(delete(SignInFailures).where(col(SignInFailures.name) == name))
            session.add(user)
            after = _state(user) | ({"password": PASSWORD_SET} if password is not None else {})
            if after != before:
                record_change(session, _actor(by), "change", name, before, after, now)
            if active is False or password is not None or before["role"] != user.role:
                session.execute(delete(AuthSession).where(col(AuthSession.user_name) == name))
            session.commit()
            return _public(user, _lock_of(session, name), new_role if asked else None)

    def pending_grants(self) -> list[dict[str, object]]:
        with Session(self.db) as session:
            return [g.model_dump() for g in _pending(session)]

    def approve_grant(self, grant_id: int, by: Principal) -> dict[str, object]:
        """A second administrator gives the role asked for: the account gets it (and a new
        account becomes active); the one who asked cannot approve."""
        now = self.clock.now()
        with Session(self.db) as session:
            grant = session.get(RoleGrant, grant_id)
            if grant is None or grant.status != "pending":
                raise NotFound(f"no role awaiting approval with id {grant_id}")
            if grant.requested_by == by.name:
                raise Forbidden("a second administrator approves: you asked for this role")
            if grant.user_name == by.name:
                raise Forbidden("no one approves a role for themselves")
            user = _find(session, grant.user_name)
            if user is None:
                raise NotFound(f"no user {grant.user_name!r}")
            before = _state(user)
            user.role, user.region, user.court = grant.role, grant.region, grant.court
            user.active = True
            grant.status, grant.decided_by, grant.decided_at = "approved", by.name, now
            session.add(user)
            session.add(grant)
            record_change(
                session,
                by.name,
                "approve role",
                user.name,
                before,
                {**_state(user), "asked_by": grant.requested_by},
                now,
            )
            session.execute(delete(AuthSession).where(col(AuthSession.user_name) == user.name))
            session.commit()
            return _public(user, _lock_of(session, user.name), None)

    # --- signing in -----------------------------------------------------------------------------

    def authenticate(self, name: str, password: str, now: datetime) -> Principal:
        """The user, if `password` is theirs and the name is not waiting out a back-off.

        The password is checked first, the back-off after, in one transaction holding the name's
        row of failures: parallel guesses are counted one by one, a right password sent among
        them is refused once the name is locked, and an unknown name counts and locks like a
        known one (a lock does not tell which names exist)."""
        with Session(self.db) as session:
            user = _find(session, name)
        # Verified outside any transaction: argon2 is slow on purpose, and holds no row meanwhile.
        known = user is not None and user.active
        stored = user.password_hash if user is not None and known else _dummy_hash(_HASHER)
        right = _verify(stored, password) and known
        with Session(self.db) as session:
            locked_until = _count_attempt(session, name, right, now)
            if locked_until is not None:
                session.commit()
                raise LockedOut(locked_until)
            if not right or user is None:
                session.commit()
                raise SignInFailed("wrong user name or password")
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


def case_manager_choices(session: Session, _case_data: object = None) -> list[Choice]:
    """The case managers who can sign in: whom a form may appoint (`"x-options"`)."""
    query = select(User.name).where(User.role == "case_manager", col(User.active))
    return [Choice(name, name) for name in session.exec(query.order_by(col(User.name))).all()]


def account_exists(session: Session, name: str, role: str | None = None) -> bool:
    """An active account named `name` (of `role`, if given), read in the caller's session."""
    user = _find(session, name)
    return user is not None and user.active and (role is None or user.role == role)


def _find(session: Session, name: str) -> User | None:
    return session.exec(select(User).where(User.name == name)).first()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _public(
    user: User, locked_until: datetime | None, pending_role: str | None
) -> dict[str, object]:
    return {
        "name": user.name,
        "role": user.role,
        "region": user.region,
        "court": user.court,
        "active": user.active,
        "locked_until": locked_until,
        "pending_role": pending_role,
    }


def _state(user: User) -> dict[str, object]:
    """What the admin log records of an account (never its password hash)."""
    return {"role": user.role, "region": user.region, "court": user.court, "active": user.active}


def _actor(by: Principal | None) -> str:
    return by.name if by is not None else COMMAND_LINE


def _ask_grant(session: Session, user: User, by: Principal | None, now: datetime) -> None:
    for earlier in _pending_for(session, user.name):  # the newest request replaces older ones
        session.delete(earlier)
    grant = RoleGrant(
        user_name=user.name,
        role=user.role,
        region=user.region,
        court=user.court,
        requested_by=_actor(by),
        requested_at=now,
    )
    session.add(grant)
    after = {"role": user.role, "region": user.region, "court": user.court}
    record_change(session, _actor(by), "ask role", user.name, {}, after, now)


def _pending(session: Session) -> list[RoleGrant]:
    return list(
        session.exec(
            select(RoleGrant).where(RoleGrant.status == "pending").order_by(col(RoleGrant.id))
        ).all()
    )


def _pending_for(session: Session, name: str) -> list[RoleGrant]:
    return [g for g in _pending(session) if g.user_name == name]


def _lock_of(session: Session, name: str) -> datetime | None:
    row = session.get(SignInFailures, name)
    return row.locked_until if row is not None else None


def _count_attempt(session: Session, name: str, right: bool, now: datetime) -> datetime | None:
    """Count a sign-in under `name` on its row of failures, locked for the rest of the
    transaction; the moment the name may try again if it is waiting (the attempt is refused,
    and not counted), else None. A right password clears the count."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    dialect_insert = postgresql_insert if postgresql else sqlite_insert
    # The row exists before it is locked: a first failure of two at once must not be lost.
    session.execute(
        dialect_insert(SignInFailures)
        .values(name=name, failures=0)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    row = session.exec(
        select(SignInFailures).where(SignInFailures.name == name).with_for_update()
    ).one()
    if row.locked_until is not None and row.locked_until > now:
        return row.locked_until
    if right:
        session.delete(row)
        return None
    row.failures += 1
    if row.failures >= FREE_FAILURES:
        doublings = min(row.failures - FREE_FAILURES, MAX_DOUBLINGS)
        row.locked_until = now + min(timedelta(minutes=2**doublings), MAX_LOCK)
    session.add(row)
    return None

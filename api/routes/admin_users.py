"""Users and their roles: the admin's (`/api/admin/users`); the access log: the auditor's."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api.deps import MAX_RECORD_ID, AccountsDep, EngineDep, Moment, RecordId, require
from engine.access.admin_log import admin_log
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import audit

router = APIRouter(tags=["admin"])


class UserOut(BaseModel):
    name: str
    role: str
    region: str | None
    court: str | None
    active: bool
    locked_until: datetime | None
    pending_role: str | None = Field(
        None, description="A role that reads personal data, asked for and awaiting a second "
        "administrator's approval (POST /api/admin/role-grants/{id}/approve)."
    )


class NewUser(BaseModel):
    name: str
    role: str
    password: str
    region: str | None = None
    court: str | None = None


class UserChange(BaseModel):
    role: str | None = None
    region: str | None = None
    court: str | None = None
    active: bool | None = None
    password: str | None = None


class AccessOut(BaseModel):
    case_id: int
    user: str
    role: str
    at: datetime
    what: str
    personal_data: bool
    reason: str = ""


@router.get("/api/admin/users")
def list_users(
    accounts: AccountsDep, _user: Annotated[Principal, require(C.MANAGE_USERS)]
) -> list[UserOut]:
    return [UserOut.model_validate(u) for u in accounts.list()]


@router.post("/api/admin/users", status_code=201)
def add_user(
    body: NewUser,
    accounts: AccountsDep,
    user: Annotated[Principal, require(C.MANAGE_USERS)],
    request: Request,
) -> UserOut:
    """A new account; one whose role reads personal data stays inactive until a second
    administrator approves the role."""
    accounts.create(
        body.name,
        body.role,
        body.password,
        request.app.state.auth_clock.now(),
        region=body.region,
        court=body.court,
        by=user,
    )
    return next(UserOut.model_validate(u) for u in accounts.list() if u["name"] == body.name)


@router.patch("/api/admin/users/{name}")
def change_user(
    name: str,
    body: UserChange,
    accounts: AccountsDep,
    user: Annotated[Principal, require(C.MANAGE_USERS)],
) -> UserOut:
    """Change a role, region or court, (de)activate, or set a new password; ends their sessions.
    Nobody changes their own role; a role that reads personal data awaits a second
    administrator (`pending_role`)."""
    return UserOut.model_validate(accounts.update(name, **body.model_dump(), by=user))


class RoleGrantOut(BaseModel):
    id: int
    user_name: str
    role: str
    region: str | None
    court: str | None
    requested_by: str
    requested_at: datetime


@router.get("/api/admin/role-grants")
def role_grants(
    accounts: AccountsDep, _user: Annotated[Principal, require(C.MANAGE_USERS)]
) -> list[RoleGrantOut]:
    """Roles that read personal data, asked for by one administrator, awaiting a second."""
    return [RoleGrantOut.model_validate(g) for g in accounts.pending_grants()]


@router.post("/api/admin/role-grants/{grant_id}/approve")
def approve_role_grant(
    grant_id: RecordId,
    accounts: AccountsDep,
    user: Annotated[Principal, require(C.MANAGE_USERS)],
) -> UserOut:
    """Give the role asked for (a second administrator: not the one who asked, nor its user)."""
    return UserOut.model_validate(accounts.approve_grant(grant_id, user))


class AdminLogOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    before: dict[str, Any]
    after: dict[str, Any]
    hash: str


@router.get("/api/audit/admin-log")
def admin_log_entries(
    engine: EngineDep,
    _user: Annotated[Principal, require(C.READ_ACCESS_LOG)],
    target: Annotated[str | None, Query(alias="user", description="whose account")] = None,
) -> list[AdminLogOut]:
    """Every change to an account: who made it, what, before and after (never a password);
    hash-chained, checked by `nrm audit verify`."""
    return [AdminLogOut.model_validate(e) for e in admin_log(engine.db, target)]


@router.get("/api/audit/access-log")
def access_log(
    engine: EngineDep,
    _user: Annotated[Principal, require(C.READ_ACCESS_LOG)],
    case_id: Annotated[int | None, Query(ge=1, le=MAX_RECORD_ID)] = None,
    by: Annotated[str | None, Query(alias="user", description="who viewed")] = None,
    since: Annotated[Moment | None, Query(description="from this moment on")] = None,
    until: Annotated[Moment | None, Query(description="up to this moment")] = None,
) -> list[AccessOut]:
    """Who viewed which case and when (Art. 4), for auditors; filter by user, case and time."""
    entries = audit.access_log(engine, case_id, by, since, until)
    return [AccessOut.model_validate(e) for e in entries]

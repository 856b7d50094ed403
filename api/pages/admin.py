"""The administrator's page of user accounts: who may sign in, with which role, where.

The rules are the engine's (engine/access/users.py): the same checks as `nrm users add` and
`/api/admin/users`, the same messages, shown next to the field they concern. Changing a role or
a password, or deactivating an account, ends that user's open sessions. A role that reads
personal data waits for a second administrator, who approves it here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import AccountsDep, require
from api.forms_html import field_errors
from api.pages.rendering import PageForm, language, redirect_to, render
from engine.access.permissions import ROLES
from engine.access.permissions import Capability as C
from engine.access.users import Principal, UserAccounts
from engine.base.errors import InvalidData

router = APIRouter(include_in_schema=False)
Admin = Annotated[Principal, require(C.MANAGE_USERS)]


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def users_page(
    request: Request,
    accounts: UserAccounts,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    general: list[str] | None = None,
    values: dict[str, str] | None = None,
    editing: str = "",
) -> HTMLResponse:
    return render(
        request,
        "admin_users.html",
        status_code,
        users=accounts.list(),
        grants=accounts.pending_grants(),
        roles=ROLES,
        errors=errors or {},
        general=general or [],
        values=values or {},
        editing=editing,
    )


def refused(
    request: Request,
    accounts: UserAccounts,
    error: InvalidData,
    values: dict[str, str],
    editing: str = "",
) -> HTMLResponse:
    lang = language(request)
    errors, general = field_errors(error.errors, lang)
    return users_page(request, accounts, 422, errors, general, values, editing)


@router.get("/admin/users")
def list_users(request: Request, accounts: AccountsDep, _admin: Admin) -> HTMLResponse:
    return users_page(request, accounts)


@router.post("/admin/users")
def add_user(request: Request, accounts: AccountsDep, admin: Admin, form: PageForm) -> Response:
    values = {key: _text(form, key) for key in ("name", "role", "region", "court")}
    try:
        accounts.create(
            values["name"],
            values["role"],
            str(form.get("password") or ""),
            request.app.state.auth_clock.now(),
            region=values["region"],
            court=values["court"],
            by=admin,
        )
    except InvalidData as error:
        return refused(request, accounts, error, values)
    return redirect_to("/admin/users")


@router.post("/admin/users/{name}")
def change_user(
    request: Request, name: str, accounts: AccountsDep, admin: Admin, form: PageForm
) -> Response:
    password = str(form.get("password") or "")
    try:
        accounts.update(
            name,
            role=_text(form, "role") or None,
            region=_text(form, "region"),
            court=_text(form, "court"),
            active=form.get("active") == "on",
            password=password or None,
            by=admin,
        )
    except InvalidData as error:
        return refused(request, accounts, error, {}, editing=name)
    return redirect_to("/admin/users")


@router.post("/admin/role-grants/{grant_id}/approve")
def approve_role(grant_id: int, accounts: AccountsDep, admin: Admin, _form: PageForm) -> Response:
    """A second administrator gives a role that reads personal data (not the one who asked)."""
    accounts.approve_grant(grant_id, admin)
    return redirect_to("/admin/users")

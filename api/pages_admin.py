"""The administrator's page of user accounts: who may sign in, with which role, where.

The rules are the engine's (engine/access/users.py): the same checks as `nrm users add` and
`/api/admin/users`, the same messages, shown next to the field they concern. Changing a role or
a password, or deactivating an account, ends that user's open sessions."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from api.forms_html import field_errors
from api.i18n import translate
from api.pages import checked_form, language, page_user, redirect_to, render, user_accounts
from engine.access.permissions import ROLES
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.errors import InvalidData


def _admin(request: Request) -> Principal:
    return page_user(request, C.MANAGE_USERS)


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def install_admin_pages(app: FastAPI) -> None:
    def users_page(
        request: Request,
        status_code: int = 200,
        errors: dict[str, str] | None = None,
        general: list[str] | None = None,
        values: dict[str, str] | None = None,
        editing: str = "",
    ) -> HTMLResponse:
        _admin(request)
        return render(
            request,
            "admin_users.html",
            status_code,
            users=user_accounts(request).list(),
            roles=ROLES,
            errors=errors or {},
            general=general or [],
            values=values or {},
            editing=editing,
        )

    def refused(
        request: Request, error: InvalidData, values: dict[str, str], editing: str = ""
    ) -> HTMLResponse:
        lang = language(request)
        errors, general = field_errors(error.errors, lambda key: translate(lang, key))
        return users_page(request, 422, errors, general, values, editing)

    @app.get("/admin/users", include_in_schema=False)
    def list_users(request: Request) -> HTMLResponse:
        return users_page(request)

    @app.post("/admin/users", include_in_schema=False)
    async def add_user(request: Request) -> Response:
        _admin(request)
        form = await checked_form(request)
        values = {key: _text(form, key) for key in ("name", "role", "region", "court")}
        try:
            user_accounts(request).create(
                values["name"],
                values["role"],
                str(form.get("password") or ""),
                request.app.state.auth_clock.now(),
                region=values["region"],
                court=values["court"],
            )
        except InvalidData as error:
            return refused(request, error, values)
        return redirect_to("/admin/users")

    @app.post("/admin/users/{name}", include_in_schema=False)
    async def change_user(request: Request, name: str) -> Response:
        _admin(request)
        form = await checked_form(request)
        password = str(form.get("password") or "")
        try:
            user_accounts(request).update(
                name,
                role=_text(form, "role") or None,
                region=_text(form, "region"),
                court=_text(form, "court"),
                active=form.get("active") == "on",
                password=password or None,
            )
        except InvalidData as error:
            return refused(request, error, {}, editing=name)
        return redirect_to("/admin/users")

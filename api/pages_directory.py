"""The service directory page: the list for everyone signed in (locations only where the role
needs them), and the add and edit forms for admins and supervisors (api/routes/directory.py)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import RecordId
from api.i18n import translate
from api.pages import _engine, checked_form, language, page_user, redirect_to, render
from api.routes.directory import create_facility, directory, update_facility
from engine.access.permissions import Capability as C
from engine.access.permissions import allows
from engine.base.errors import InvalidData
from engine.directory.facilities import FIELD_NAMES, KINDS, FacilityFields, FacilityView, can_manage

TEXT_FIELDS = ("name", "region", "address", "out_of_hours_contact")


def _parsed(form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The submitted fields typed for the directory, and the errors of those that do not parse."""
    values: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in TEXT_FIELDS}
    values["kind"] = str(form.get("kind", ""))
    values["takes_children"] = form.get("takes_children") == "on"
    values["active"] = form.get("active") == "on"
    errors = {}
    try:
        values["capacity"] = int(str(form.get("capacity", "")))
    except ValueError:
        values["capacity"] = str(form.get("capacity", ""))
        errors["capacity"] = "directory.whole_number"
    return values, errors


def _errors(error: InvalidData) -> dict[str, str]:
    return {str(e.loc[0]): e.msg for e in error.errors if e.loc}


def install_directory_pages(app: FastAPI) -> None:
    def directory_page(
        request: Request,
        editing: FacilityView | None = None,
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        user = page_user(request, C.READ_DIRECTORY)
        manages = allows(user.role, C.MANAGE_DIRECTORY)
        listed = directory(_engine(request)).list(user, include_inactive=manages)
        return render(
            request,
            "directory.html",
            status_code,
            facilities=listed,
            editing=editing,
            values=values or ({} if editing is None else vars(editing)),
            errors=errors or {},
            kinds=KINDS,
            manages=manages,
            may_edit=lambda f: can_manage(user, f.region),
        )

    @app.get("/directory", include_in_schema=False)
    def show_directory(request: Request) -> HTMLResponse:
        user = page_user(request, C.READ_DIRECTORY)
        return directory_page(request, values={"region": user.region or "", "active": True})

    @app.get("/directory/{facility_id}", include_in_schema=False)
    def edit_facility(request: Request, facility_id: RecordId) -> HTMLResponse:
        user = page_user(request, C.READ_DIRECTORY)
        return directory_page(request, directory(_engine(request)).get(user, facility_id))

    @app.post("/directory", include_in_schema=False)
    async def add_facility(request: Request) -> Response:
        user = page_user(request, C.READ_DIRECTORY)
        values, errors = _parsed(await checked_form(request))
        if not errors:
            try:
                fields = FacilityFields(**{name: values[name] for name in FIELD_NAMES})
                create_facility(_engine(request), user, fields)
                return redirect_to("/directory")
            except InvalidData as error:
                errors = _errors(error)
        return directory_page(request, None, values, _translated(request, errors), 422)

    @app.post("/directory/{facility_id}", include_in_schema=False)
    async def save_facility(request: Request, facility_id: RecordId) -> Response:
        user = page_user(request, C.READ_DIRECTORY)
        values, errors = _parsed(await checked_form(request))
        engine = _engine(request)
        if not errors:
            try:
                update_facility(engine, user, facility_id, values)
                return redirect_to("/directory")
            except InvalidData as error:
                errors = _errors(error)
        current = directory(engine).get(user, facility_id)
        return directory_page(request, current, values, _translated(request, errors), 422)

    def _translated(request: Request, errors: dict[str, str]) -> dict[str, str]:
        lang = language(request)
        return {
            name: translate(lang, message) if message.startswith("directory.") else message
            for name, message in errors.items()
        }

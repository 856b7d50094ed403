"""The service directory page: the list for everyone signed in (locations only where the role
needs them), and the add and edit forms for admins and supervisors (api/routes/directory.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import EngineDep, RecordId, require
from api.i18n import translate
from api.pages.rendering import Language, PageForm, redirect_to, render
from engine.access.permissions import Capability as C
from engine.access.permissions import allows
from engine.access.users import Principal
from engine.base.errors import InvalidData
from engine.nrm_engine import NrmEngine
from engine.services import directory
from engine.services.directory import FIELD_NAMES, KINDS, FacilityFields, FacilityView

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


def _errors(error: InvalidData, lang: str) -> dict[str, str]:
    return {str(e.loc[0]): e.render(lang) for e in error.errors if e.loc}


router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, require(C.READ_DIRECTORY)]


def _translated(lang: str, errors: dict[str, str]) -> dict[str, str]:
    return {
        name: translate(lang, message) if message.startswith("directory.") else message
        for name, message in errors.items()
    }


def directory_page(
    request: Request,
    engine: NrmEngine,
    user: Principal,
    editing: FacilityView | None = None,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    manages = allows(user.role, C.MANAGE_DIRECTORY)
    listed = directory.list_facilities(engine, user, include_inactive=manages)
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
        may_edit=lambda f: directory.can_manage(user, f.region),
    )


@router.get("/directory")
def show_directory(request: Request, engine: EngineDep, user: Reader) -> HTMLResponse:
    values = {"region": user.region or "", "active": True}
    return directory_page(request, engine, user, values=values)


@router.get("/directory/{facility_id}")
def edit_facility(
    request: Request, facility_id: RecordId, engine: EngineDep, user: Reader
) -> HTMLResponse:
    return directory_page(request, engine, user, directory.facility(engine, user, facility_id))


@router.post("/directory")
def add_facility(
    request: Request, engine: EngineDep, user: Reader, form: PageForm, lang: Language
) -> Response:
    values, errors = _parsed(form)
    if not errors:
        try:
            fields = FacilityFields(**{name: values[name] for name in FIELD_NAMES})
            directory.create_facility(engine, user, fields)
            return redirect_to("/directory")
        except InvalidData as error:
            errors = _errors(error, lang)
    return directory_page(request, engine, user, None, values, _translated(lang, errors), 422)


@router.post("/directory/{facility_id}")
def save_facility(
    request: Request,
    facility_id: RecordId,
    engine: EngineDep,
    user: Reader,
    form: PageForm,
    lang: Language,
) -> Response:
    values, errors = _parsed(form)
    if not errors:
        try:
            directory.update_facility(engine, user, facility_id, values)
            return redirect_to("/directory")
        except InvalidData as error:
            errors = _errors(error, lang)
    current = directory.facility(engine, user, facility_id)
    return directory_page(request, engine, user, current, values, _translated(lang, errors), 422)

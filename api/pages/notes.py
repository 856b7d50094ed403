"""The case page's forms for a note and a file: the use cases of the JSON API
(api/routes/notes.py, engine/services/notes.py); a refused one shows the case page again with
the error at its field."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from api.deps import AccountsDep, EngineDep, SettingsDep, require
from api.forms_html import field_errors
from api.pages.cases import show_case
from api.pages.rendering import PageForm, language, redirect_to
from api.routes.notes import read_upload
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.base.errors import InvalidData
from engine.services import notes

router = APIRouter(include_in_schema=False)
Worker = Annotated[Principal, require(C.ADD_NOTES)]


def _refused(
    request: Request,
    error: InvalidData,
    engine: EngineDep,
    accounts: AccountsDep,
    user: Principal,
    case_id: int,
    **values: str,
) -> Response:
    lang = language(request)
    errors, general = field_errors(error.errors, lang)
    return show_case(
        request,
        engine,
        accounts,
        user,
        case_id,
        422,
        note_errors=errors,
        note_general=general,
        note_values=values,
    )


@router.post("/cases/{case_id}/notes")
def add_note(
    request: Request,
    case_id: int,
    engine: EngineDep,
    accounts: AccountsDep,
    user: Worker,
    form: PageForm,
) -> Response:
    text, classification = str(form.get("note", "")), str(form.get("classification", ""))
    try:
        notes.add_note(engine, user, case_id, text, classification)
    except InvalidData as error:
        return _refused(
            request,
            error,
            engine,
            accounts,
            user,
            case_id,
            note=text,
            classification=classification,
        )
    return redirect_to(f"/cases/{case_id}#timeline")


@router.post("/cases/{case_id}/attachments")
def attach_file(
    request: Request,
    case_id: int,
    engine: EngineDep,
    accounts: AccountsDep,
    settings: SettingsDep,
    user: Worker,
    form: PageForm,
) -> Response:
    upload = form.get("file")
    classification = str(form.get("classification", ""))
    has_file = isinstance(upload, UploadFile)
    try:
        notes.attach_file(
            engine,
            user,
            case_id,
            (upload.filename or "") if isinstance(upload, UploadFile) else "",
            read_upload(upload, settings.max_attachment_bytes) if has_file else b"",
            settings.max_attachment_bytes,
            classification,
        )
    except InvalidData as error:
        return _refused(
            request, error, engine, accounts, user, case_id, file_classification=classification
        )
    return redirect_to(f"/cases/{case_id}#timeline")

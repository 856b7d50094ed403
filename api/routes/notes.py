"""A case's notes and attached files (engine/services/notes.py): the case page's forms call the
same use cases (api/pages/notes.py)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Response, UploadFile
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile as Upload

from api.deps import EngineDep, RecordId, SettingsDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import notes
from engine.services.notes import AttachmentFile, AttachmentInfo

router = APIRouter(tags=["cases"])

Classification = Annotated[str, Field(pattern="^(procedural|personal|sensitive)$")]


class NewNote(BaseModel):
    note: str
    # Who reads it (engine/access/policy.py FIELD_READERS): deny by default.
    classification: Classification = "personal"


class NoteAdded(BaseModel):
    case_id: int
    seq: int


def read_upload(file: Upload, max_bytes: int) -> bytes:
    """The uploaded content, read no further than one byte past the limit (enough to refuse it)."""
    return file.file.read(max_bytes + 1)


@router.post("/api/cases/{case_id}/notes", status_code=201)
def add_note(
    case_id: RecordId,
    body: NewNote,
    engine: EngineDep,
    user: Annotated[Principal, require(C.ADD_NOTES)],
) -> NoteAdded:
    """A note on the case, an event of its history read per its classification."""
    seq = notes.add_note(engine, user, case_id, body.note, body.classification)
    return NoteAdded(case_id=case_id, seq=seq)


@router.post("/api/cases/{case_id}/attachments", status_code=201)
def attach_file(
    case_id: RecordId,
    file: Annotated[UploadFile, File()],
    engine: EngineDep,
    settings: SettingsDep,
    user: Annotated[Principal, require(C.ADD_NOTES)],
    classification: Annotated[str, Form()] = "personal",
) -> AttachmentInfo:
    """A PDF, JPEG or PNG (its type read from its content, which its name must agree with), at
    most NRM_MAX_ATTACHMENT_BYTES; stored with its sha256, an event of the case's history."""
    content = read_upload(file, settings.max_attachment_bytes)
    return notes.attach_file(
        engine,
        user,
        case_id,
        file.filename or "",
        content,
        settings.max_attachment_bytes,
        classification,
    )


def file_response(found: AttachmentFile) -> Response:
    """The file as a download (never shown inline: the browser opens it with its own viewer)."""
    return Response(
        content=found.content,
        media_type=found.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}",
            "X-Content-SHA256": found.sha256,
        },
    )


@router.get("/api/attachments/{attachment_id}", response_class=Response)
def get_attachment(
    attachment_id: RecordId,
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_CASES)],
) -> Response:
    """An attached file, for whoever may read its classification in its case; access-logged."""
    return file_response(notes.attachment(engine, user, attachment_id))

"""Process versions for supervisors: list, export, compare, draft and publish with four eyes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from api.deps import EngineDep, RecordId, RecordNumber, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services.procedures import as_json

router = APIRouter(tags=["versions"])


class NewDraft(BaseModel):
    bpmn_xml: str
    change_note: str
    separate: bool = Field(
        False,
        description="Open another draft; by default saving again updates your open draft of "
        "the process (each save is kept in its history).",
    )


class Approval(BaseModel):
    diff_digest: str = Field(
        description="The digest of the draft's changes as you read them (GET /api/drafts/{id}): "
        "a draft changed since is refused with 409.",
        min_length=64,
        max_length=64,
    )


@router.get("/api/processes/{process_id}/versions")
def list_versions(
    process_id: str, engine: EngineDep, _user: Annotated[Principal, require(C.READ_VERSIONS)]
) -> list[dict[str, Any]]:
    return [asdict(v) for v in engine.publishing.versions(process_id)]


@router.get("/api/processes/{process_id}/versions/{version}/bpmn", response_class=Response)
def export_version(
    process_id: str,
    version: RecordId,
    engine: EngineDep,
    _user: Annotated[Principal, require(C.READ_VERSIONS)],
) -> Response:
    """The version's diagram as a .bpmn file: files stay the truth."""
    return Response(
        engine.publishing.version_xml(process_id, version),
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{process_id}.v{version}.bpmn"'},
    )


@router.get("/api/processes/{process_id}/diff")
def compare_versions(
    process_id: str,
    old: RecordNumber,
    new: RecordNumber,
    engine: EngineDep,
    _user: Annotated[Principal, require(C.READ_VERSIONS)],
) -> dict[str, Any]:
    """Elements added, removed and changed from version `old` to version `new` (ids), and the
    semantic diff: each changed element's name, lane, condition, script (line diff), timer,
    form fields, called process and documentation, with the diff's digest."""
    return asdict(engine.publishing.diff(process_id, old, new)) | as_json(
        engine.publishing.semantic_diff(process_id, old, new)
    )


@router.post("/api/processes/{process_id}/drafts", status_code=201)
def save_draft(
    process_id: str,
    body: NewDraft,
    engine: EngineDep,
    user: Annotated[Principal, require(C.EDIT_PROCEDURES)],
) -> dict:
    """Keep an edited diagram as a draft, with what the publishing rules find in it. Saving
    again updates your open draft of the process (`saves` counts them) unless `separate`."""
    draft = engine.publishing.save_draft(
        process_id, body.bpmn_xml, user.name, body.change_note, body.separate
    )
    result = asdict(draft)
    result["problems"] = [{"element": p.element_id, "message": p.message} for p in draft.problems]
    return result


@router.post("/api/drafts/{draft_id}/approve")
def approve_draft(
    draft_id: RecordId,
    body: Approval,
    engine: EngineDep,
    user: Annotated[Principal, require(C.EDIT_PROCEDURES)],
) -> dict[str, Any]:
    """A second supervisor approves and publishes the draft whose changes they read; new cases
    start on it. 409 when the draft changed since, was withdrawn or is their own."""
    return asdict(engine.publishing.approve(draft_id, user.name, body.diff_digest))

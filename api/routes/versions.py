"""Process versions for supervisors: list, export, compare, draft and publish with four eyes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from api.authz import require_role
from api.dependencies import EngineDep, RecordId, RecordNumber, UserDep

router = APIRouter(tags=["versions"])
READERS = ("supervisor", "auditor", "admin")


class NewDraft(BaseModel):
    bpmn_xml: str
    change_note: str


@router.get("/api/processes/{process_id}/versions")
def list_versions(process_id: str, engine: EngineDep, user: UserDep) -> list[dict[str, Any]]:
    require_role(user, *READERS)
    return [asdict(v) for v in engine.publishing.versions(process_id)]


@router.get("/api/processes/{process_id}/versions/{version}/bpmn", response_class=Response)
def export_version(
    process_id: str, version: RecordId, engine: EngineDep, user: UserDep
) -> Response:
    """The version's diagram as a .bpmn file: files stay the truth."""
    require_role(user, *READERS)
    return Response(
        engine.publishing.version_xml(process_id, version),
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{process_id}.v{version}.bpmn"'},
    )


@router.get("/api/processes/{process_id}/diff")
def compare_versions(
    process_id: str, old: RecordNumber, new: RecordNumber, engine: EngineDep, user: UserDep
) -> dict[str, list[str]]:
    """Elements added, removed and changed from version `old` to version `new`."""
    require_role(user, *READERS)
    return asdict(engine.publishing.diff(process_id, old, new))


@router.post("/api/processes/{process_id}/drafts", status_code=201)
def save_draft(process_id: str, body: NewDraft, engine: EngineDep, user: UserDep) -> dict:
    """Keep an edited diagram as a draft, with what the publishing rules find in it."""
    require_role(user, "supervisor")
    draft = engine.publishing.save_draft(process_id, body.bpmn_xml, user.name, body.change_note)
    result = asdict(draft)
    result["problems"] = [{"element": p.element_id, "message": p.message} for p in draft.problems]
    return result


@router.post("/api/drafts/{draft_id}/approve")
def approve_draft(draft_id: RecordId, engine: EngineDep, user: UserDep) -> dict[str, Any]:
    """A second supervisor approves and publishes the draft; new cases start on it."""
    require_role(user, "supervisor")
    return asdict(engine.publishing.approve(draft_id, user.name))

"""The modeler's check (the publishing rules on an edited diagram, before anything is kept) and
a waiting draft as its approver reads it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import EngineDep, RecordId, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services.procedures import Drafts, as_json, text_problems

router = APIRouter(tags=["versions"])


class EditedDiagram(BaseModel):
    bpmn_xml: str


@router.post("/api/processes/{process_id}/check")
def check_diagram(
    process_id: str,
    body: EditedDiagram,
    engine: EngineDep,
    _user: Annotated[Principal, require(C.EDIT_PROCEDURES)],
) -> dict[str, list[dict[str, str | None]]]:
    """What the publishing rules find in an edit of the newest version; nothing is stored.
    Each problem names its element (null when it concerns the whole diagram)."""
    problems = Drafts(engine.db, engine.catalog).check(process_id, body.bpmn_xml)
    return {"problems": [{"element": p.element_id, "message": p.message} for p in problems]}


@router.get("/api/drafts/{draft_id}")
def read_draft(
    draft_id: RecordId, engine: EngineDep, _user: Annotated[Principal, require(C.EDIT_PROCEDURES)]
) -> dict[str, Any]:
    """A draft waiting for approval: its note, its problems and its changes element by element
    (`changes`, with the `digest` an approval names). 409 when it no longer waits."""
    draft = Drafts(engine.db, engine.catalog).waiting_draft(draft_id)
    return {
        "id": draft.id,
        "process_id": draft.process_id,
        "base_version": draft.base_version,
        "newest_version": draft.newest_version,
        "author": draft.author,
        "change_note": draft.change_note,
        "created_at": draft.created_at,
        "problems": [{"element": p.element_id, "message": p.message} for p in draft.problems],
        "changes": as_json(draft.changes),
        "saves": [asdict(save) for save in draft.saves],
    }


class TextToCheck(BaseModel):
    kind: Literal["condition", "script", "timeDuration", "timeDate", "timeCycle"]
    text: str = Field(max_length=20_000)


@router.post("/api/modeler/check-text")
def check_text(
    body: TextToCheck, _user: Annotated[Principal, require(C.EDIT_PROCEDURES)]
) -> dict[str, list[str]]:
    """What the publishing rules say of one condition, script or timer expression, as the
    modeler's properties panel checks it while a supervisor types; nothing is stored."""
    return {"problems": text_problems(body.kind, body.text)}

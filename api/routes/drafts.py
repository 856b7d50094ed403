"""The modeler's check: the publishing rules on an edited diagram, before anything is kept."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.procedures.drafts import Drafts

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

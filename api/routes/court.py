"""The court outbox (issue 4, item 5): custody petitions addressed to the signed-in court user's
court. Acknowledging receipt is the case's `acknowledge_petition` task (POST
/api/tasks/{id}/complete), so it is recorded on the case as an event and moves the case on."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services.court import court_outbox

router = APIRouter(tags=["court"])


class OutboxDocumentOut(BaseModel):
    id: int
    kind: str
    language: str
    title: str
    filename: str
    sha256: str
    created_at: datetime
    url: str


class OutboxPetitionOut(BaseModel):
    case_id: int
    case_reference: str
    child_initials: str
    petition_date: datetime
    documents: list[OutboxDocumentOut]
    acknowledged: bool
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    received_on: str | None
    registry_number: str | None
    acknowledge_task_id: str | None
    decision_task_id: str | None
    decision: str | None


@router.get("/api/court/outbox", response_model=list[OutboxPetitionOut])
def get_court_outbox(
    engine: EngineDep, user: Annotated[Principal, require(C.READ_COURT_OUTBOX)]
) -> list[OutboxPetitionOut]:
    """The custody petitions (Albanian and English) addressed to the user's court (court users
    only): case reference, child's initials, date, documents, and whether receipt was
    acknowledged (by whom, when)."""
    return [
        OutboxPetitionOut(
            **{k: v for k, v in vars(entry).items() if k != "documents"},
            documents=[
                OutboxDocumentOut(**vars(d), url=f"/api/documents/{d.id}") for d in entry.documents
            ],
        )
        for entry in court_outbox(engine, user)
    ]

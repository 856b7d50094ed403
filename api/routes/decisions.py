from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from api.deps import EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import procedures

router = APIRouter(tags=["decisions"])


@router.post("/api/decisions/{decision_id}/evaluate")
def evaluate_decision(
    decision_id: str,
    answers: dict[str, Any],
    engine: EngineDep,
    _user: Annotated[Principal, require(C.READ_PROCESSES)],
) -> dict[str, Any]:
    """Evaluate a published decision table (e.g. `determination`, Annex 1 D) on the answers
    given, without starting a case; the result is what a business rule task would record.
    Changes nothing, so any signed-in user may ask."""
    return procedures.evaluate_decision(engine, decision_id, answers)

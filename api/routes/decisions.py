from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.dependencies import EngineDep

router = APIRouter(tags=["decisions"])


@router.post("/api/decisions/{decision_id}/evaluate")
def evaluate_decision(
    decision_id: str, answers: dict[str, Any], engine: EngineDep
) -> dict[str, Any]:
    """Evaluate a published decision table (e.g. `determination`, Annex 1 D) on the answers
    given, without starting a case; the result is what a business rule task would record."""
    return engine.queries.evaluate_decision(decision_id, answers)

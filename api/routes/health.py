from __future__ import annotations

from fastapi import APIRouter, HTTPException

from api.deps import EngineDep

router = APIRouter(tags=["health"])


@router.get("/api/health")
def health(engine: EngineDep) -> dict[str, str]:
    try:
        engine.healthy()
    except Exception as error:
        raise HTTPException(503, "the database does not answer") from error
    return {"status": "ok"}

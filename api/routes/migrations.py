"""Supervisors move running cases to a newer version of their process: dry run, then move."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import MAX_RECORD_ID, EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import migrations

router = APIRouter(tags=["versions"])
Number = Annotated[int, Field(ge=1, le=MAX_RECORD_ID)]


class MigrationRequest(BaseModel):
    from_version: Number = Field(description="The version the cases run on now.")
    to_version: Number = Field(description="A newer published version of the same process.")
    case_ids: list[Number] | None = Field(
        None,
        description="The cases to move; none given: every open case of from_version that you "
        "may open (the others are counted in not_yours). A case you may not open is refused.",
    )
    dry_run: bool = Field(True, description="Only say which cases can move and why not.")
    revisions: dict[int, int] | None = Field(
        None,
        description="Case id → the revision a dry run of the same selection showed; needed to "
        "move (422 without it). A case changed since, or another selection, is refused with "
        "409 and nothing moves.",
    )


@router.post("/api/processes/{process_id}/migrations")
def migrate_cases(
    process_id: str,
    body: MigrationRequest,
    engine: EngineDep,
    user: Annotated[Principal, require(C.MIGRATE_CASES)],
) -> dict[str, Any]:
    """Per case: can it move (dry run) or did it move, and if not, why not (a case you may
    not open is refused with that reason)."""
    run = migrations.move_cases(
        engine,
        user,
        process_id,
        body.from_version,
        body.to_version,
        body.case_ids,
        dry_run=body.dry_run,
        seen_revisions=body.revisions,
    )
    return asdict(run)

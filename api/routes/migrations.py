"""Supervisors move running cases to a newer version of their process: dry run, then move."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import MAX_RECORD_ID, EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal

router = APIRouter(tags=["versions"])
Number = Annotated[int, Field(ge=1, le=MAX_RECORD_ID)]


class MigrationRequest(BaseModel):
    from_version: Number = Field(description="The version the cases run on now.")
    to_version: Number = Field(description="A newer published version of the same process.")
    case_ids: list[Number] | None = Field(
        None, description="The cases to move; none given: every open case of from_version."
    )
    dry_run: bool = Field(True, description="Only say which cases can move and why not.")
    revisions: dict[int, int] | None = Field(
        None,
        description="Case id → the revision the dry run showed: a case changed since is "
        "refused with 409 and nothing moves.",
    )


@router.post("/api/processes/{process_id}/migrations")
def migrate_cases(
    process_id: str,
    body: MigrationRequest,
    engine: EngineDep,
    user: Annotated[Principal, require(C.MIGRATE_CASES)],
) -> dict[str, Any]:
    """Per case: can it move (dry run) or did it move, and if not, why not."""
    run = engine.migrations.run(
        process_id,
        body.from_version,
        body.to_version,
        body.case_ids,
        user.name,
        dry_run=body.dry_run,
        seen_revisions=body.revisions,
    )
    return asdict(run)

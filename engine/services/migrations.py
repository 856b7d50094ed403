"""Moving running cases to a newer version of their process: a supervisor's use case, the same
for the JSON route and the migration page (engine/cases/migration.py does the work)."""

from __future__ import annotations

from engine.access.users import Principal
from engine.cases.migration import MigrationRun
from engine.nrm_engine import NrmEngine
from engine.procedures.publishing import VersionInfo


def versions(engine: NrmEngine, process_id: str) -> list[VersionInfo]:
    """The published versions of `process_id`, to choose from and to."""
    return engine.publishing.versions(process_id)


def move_cases(
    engine: NrmEngine,
    user: Principal,
    process_id: str,
    from_version: int,
    to_version: int,
    case_ids: list[int] | None = None,
    dry_run: bool = True,
    seen_revisions: dict[int, int] | None = None,
) -> MigrationRun:
    """Plan (dry run) or perform the move of the cases `user` may open: without `case_ids`
    every open case of `from_version` they may open; a named case they may not open is refused
    with the reason. A move needs the revisions a dry run of the same selection showed
    (`seen_revisions`): a case changed since is a Conflict and nothing moves."""
    return engine.migrations.run(
        process_id,
        from_version,
        to_version,
        case_ids,
        user.name,
        dry_run=dry_run,
        seen_revisions=seen_revisions,
        user=user,
    )

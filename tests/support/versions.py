"""child_return's diagram, a version 2 of it published with four eyes, and a case walked to
the follow-up visit whose timer the versions change."""

from __future__ import annotations

from sqlmodel import Session

from engine.cases.migration import MigrationRun
from engine.cases.views import TimerInfo
from engine.nrm_engine import NrmEngine
from engine.procedures.publishing import approve_and_publish, draft_diff, save_draft
from engine.storage.models import ProcessDraft, ProcessVersion
from tests.support.setup import PROCESSES_DIR
from tests.support.walks import INTAKE, complete

CHILD_RETURN = (PROCESSES_DIR / "child_return.bpmn").read_text()


def walk_to_visit(engine: NrmEngine) -> int:
    case_id = engine.commands.start_case("child_return", INTAKE, "officer")
    complete(
        engine,
        case_id,
        "record_child_wishes",
        "sw",
        child_wishes_return=True,
        family_implicated=False,
    )
    complete(engine, case_id, "contact_parents", "sw", parents_reachable=True)
    complete(engine, case_id, "approve_placement", "cm", placement_approved=True)
    complete(engine, case_id, "assess_return_to_family", "ra")  # both agree (Art. 5.B.10)
    complete(engine, case_id, "confirm_reports_filed", "bp")
    complete(engine, case_id, "release_to_family", "sw")
    return case_id


def visit_timer(engine: NrmEngine, case_id: int) -> TimerInfo:
    """State Social Services' one week (Annex 1 D.2), of the two visits' timers."""
    [timer] = [t for t in engine.queries.case(case_id).timers if t.name == "timer_followup_week"]
    return timer


def timer_days(engine: NrmEngine, case_id: int) -> int:
    """Whole days from now to the end of the visit's week (the release is today)."""
    case = engine.queries.case(case_id)
    return (visit_timer(engine, case_id).due_at - case.updated_at).days


# Version 2: the follow-up visit within five days, and the case manager's approval redrawn as
# a new element (a new id), so a case waiting for that approval has nowhere to go.
RENAMED = "approve_placement_by_manager"
V2 = (
    CHILD_RETURN.replace('"P7D"', '"P5D"')
    .replace('"approve_placement"', f'"{RENAMED}"')
    .replace(">approve_placement<", f">{RENAMED}<")
)


def digest_shown(session: Session, draft_id: int | None) -> str:
    """The digest of the draft's changes as the drafts page shows them to its approver."""
    draft = session.get(ProcessDraft, draft_id)
    assert draft is not None
    base = session.get(ProcessVersion, draft.base_version_id)
    assert base is not None
    return draft_diff(draft.bpmn_xml, base).digest


def approve(
    session: Session, engine: NrmEngine, draft_id: int | None, approver: str
) -> ProcessVersion:
    """`approver` approves the draft having read its changes (the digest the page shows)."""
    assert draft_id is not None
    digest = digest_shown(session, draft_id)
    return approve_and_publish(
        session, engine.catalog, draft_id, approver, engine.clock.now(), digest
    )


def publish_v2(engine: NrmEngine, diagram: str = V2) -> None:
    with Session(engine.db) as session:
        check = save_draft(
            session, engine.catalog, "child_return", diagram, "sup.a", "", engine.clock.now()
        )
        assert check.publishable, check.problems
        approve(session, engine, check.draft.id, "sup.b")
        session.commit()


def move_cases(
    engine: NrmEngine,
    old: int,
    new: int,
    case_ids: list[int] | None = None,
    process: str = "child_return",
) -> MigrationRun:
    """Move cases (of child_return unless said) as a supervisor does: a dry run, then the move
    of the same selection with the revisions the dry run returned."""
    dry = engine.migrations.run(process, old, new, case_ids, "supervisor")
    seen = {case.case_id: case.revision for case in dry.cases}
    return engine.migrations.run(
        process, old, new, case_ids, "supervisor", dry_run=False, seen_revisions=seen
    )

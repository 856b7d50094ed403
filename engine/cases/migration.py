"""Moving running cases to a newer published version of their process.

SpiffWorkflow aligns the two versions element by element (`SpecDiff`, by BPMN element id) and
re-points a workflow's tasks at the new elements (`migrate_workflow`), re-predicting what follows
each waiting task. A case moves only when everything it waits in (user tasks, timers, joins) keeps
its element id in the new version and every step of its history can still be named there;
otherwise it stays where it is and the supervisor is told why, in words.

A timer already waiting keeps the deadline it was given: the family, the police and the social
worker were told that date, and a changed duration applies the next time the timer starts.

The move is one step of the case (`CaseStep`): task rows, inbox, timers, the case's pinned version
and one `case_migrated` event, in one transaction guarded by the case's revision. Replay repeats
the same migration at that event (`replay_migration`), so a migrated case still replays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.bpmn.specs.control import BoundaryEventJoin, BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.util.diff import WorkflowDiff, diff_workflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.specs.base import TaskSpec
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.access.policy import can_view_case
from engine.access.users import Principal
from engine.base.clock import Clock
from engine.base.errors import Conflict, FieldError, InvalidData, NotFound, StepFailed
from engine.cases.access_queries import case_facts
from engine.cases.loading import load_case
from engine.cases.step import new_step
from engine.procedures.catalog import ProcessCatalog
from engine.storage.db import transaction
from engine.storage.models import Case, Event, InboxTask, ProcessVersion
from engine.workflow import inspection
from engine.workflow.cycles import migrate_keeping_cycles
from engine.workflow.serialization import SERIALIZER
from engine.workflow.spec_info import task_title
from engine.workflow.specs import ParsedProcess
from forms.messages import message

CASE_MIGRATED = "case_migrated"
# ERROR: a task with an open incident; moving it to a corrected version is how it gets fixed.
_WAITING_IN = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR


@dataclass(frozen=True)
class WorkflowMigration:
    """What moving one workflow did, or why it could not (then nothing may be saved)."""

    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Element id in the old version → in the new one, for where the case waits and for any
    # step of its history SpiffWorkflow matched to a renamed element.
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def possible(self) -> bool:
        return not self.reasons


def _describe(task: Task) -> str:
    return f"{task_title(task.task_spec)!r} ({task.task_spec.name})"


def _is_timer(task: Task) -> bool:
    return inspection.timer_due_at(task) is not None


def _attached(spec: TaskSpec) -> dict[str, TaskSpec]:
    # SpiffWorkflow puts the events attached to a task beside it, behind a split.
    return {
        other.name: other
        for split in spec.inputs
        if isinstance(split, BoundaryEventSplit)
        for other in split.outputs
        if other is not spec
    }


def _is_boundary_event(task: Task) -> bool:
    return isinstance(task.task_spec, BoundaryEvent)


def _unmatched(task: Task, diff: WorkflowDiff, version: int) -> str | None:
    """Why the waiting `task` cannot be carried over, if it cannot."""
    target = diff.alignment.get(task)
    if target is not None and target.name == task.task_spec.name:
        before = _attached(task.task_spec)
        if _is_boundary_event(task):
            if before.keys() == _attached(target).keys():
                return None
            return (
                f"a timer it waits on, {_describe(task)}, is attached to another task in "
                f"version {version}"
            )
        added = [spec for name, spec in _attached(target).items() if name not in before]
        if not added:
            return None
        names = ", ".join(f"{task_title(spec)!r} ({spec.name})" for spec in added)
        return (
            f"version {version} attaches {names} to {_describe(task)}, where the case already "
            "waits; for this case it would never start"
        )
    if _is_timer(task):
        return f"a timer it waits on, {_describe(task)}, was removed in version {version}"
    if task.task_spec.manual:
        return f"the waiting task {_describe(task)} does not exist in version {version}"
    return f"the step {_describe(task)} it waits at does not exist in version {version}"


def migrate(workflow: BpmnWorkflow, new: ParsedProcess, version: int) -> WorkflowMigration:
    """Move `workflow` onto `new` (published as `version`), in place. When the answer is not
    `possible` the workflow may be half moved and must be thrown away, not saved."""
    top, subprocess_diffs = diff_workflow(
        SERIALIZER.registry, workflow, new.spec, new.subprocess_specs
    )
    diffs: dict[Any, WorkflowDiff] = {}
    reasons = []
    for subprocess_id, diff in subprocess_diffs.items():
        subprocess = workflow.subprocesses[subprocess_id]
        if diff is None:
            reasons.append(f"it is inside {subprocess.spec.name!r}, which version {version} lacks")
        else:
            diffs[subprocess_id] = diff
    waiting = workflow.get_tasks(state=_WAITING_IN)
    for task in waiting:
        diff = top if task.workflow is workflow else diffs.get(task.workflow.parent_task_id)
        reason = _unmatched(task, diff, version) if diff is not None else None
        if reason is not None:
            reasons.append(reason)
    if reasons:
        return WorkflowMigration(reasons=reasons)

    mapping = {
        task.task_spec.name: target.name
        for diff in (top, *diffs.values())
        for task, target in diff.alignment.items()
        if target is not None and (task in waiting or target.name != task.task_spec.name)
    }
    deadlines = {task.id: task._get_internal_data("event_value") for task in waiting}
    migrate_keeping_cycles(top, workflow, new.spec)
    for subprocess_id, diff in diffs.items():
        subprocess = workflow.subprocesses[subprocess_id]
        migrate_keeping_cycles(diff, subprocess, new.subprocess_specs[subprocess.spec.name])
    workflow.subprocess_specs = new.subprocess_specs
    notes = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        if _is_timer(task) and deadlines.get(task.id) is not None:
            # Resetting the branch restarted the timer from now; give it back its deadline.
            task._set_internal_data(event_value=deadlines[task.id])
            due = inspection.timer_due_at(task)
            assert due is not None
            notes.append(
                f"the timer {_describe(task)} keeps its deadline, {due:%Y-%m-%d %H:%M} UTC"
            )
    lost = sorted({_lost(task, version) for task in _history_outside(workflow, new)})
    if lost:
        return WorkflowMigration(reasons=lost)
    return WorkflowMigration(notes=notes, mapping=dict(sorted(mapping.items())))


def _lost(task: Task, version: int) -> str:
    spec = task.task_spec
    if isinstance(spec, BoundaryEventSplit | BoundaryEventJoin):
        # Generated around a task with attached events; say which task, as drawn.
        host_name = spec.name.rsplit(".", 1)[0]
        host = next((s for s in [*spec.outputs, *spec.inputs] if s.name == host_name), spec)
        return (
            f"the events attached to {task_title(host)!r} ({host_name}) differ in version {version}"
        )
    return f"its history passes through {_describe(task)}, which version {version} no longer has"


def _history_outside(workflow: BpmnWorkflow, new: ParsedProcess) -> list[Task]:
    # A stored task names its element; one the new version lacks could never be loaded again.
    specs = [new.spec, *new.subprocess_specs.values()]
    return [
        task
        for task in workflow.get_tasks()
        if not any(spec.task_specs.get(task.task_spec.name) is task.task_spec for spec in specs)
    ]


def replay_migration(
    session: Session, catalog: ProcessCatalog, workflow: BpmnWorkflow, event: Event
) -> list[str]:
    """Repeat the migration a `case_migrated` event records; findings where it differs."""
    target = session.get(ProcessVersion, event.data.get("to_version_id"))
    if target is None:
        return [f"event {event.seq}: the version the case moved to is missing"]
    moved = migrate(workflow, catalog.parsed(target), target.version)
    if not moved.possible:
        return [
            f"event {event.seq}: the move to version {target.version} cannot be repeated: "
            + "; ".join(moved.reasons)
        ]
    if moved.mapping != event.data.get("mapping"):
        return [f"event {event.seq}: the move to version {target.version} maps elements otherwise"]
    return []


@dataclass(frozen=True)
class CaseMigration:
    """One case in a migration: whether it can move (dry run) or moved, and why not."""

    case_id: int
    reference: str
    revision: int
    waiting_in: list[str]
    can_move: bool
    reasons: list[str]
    notes: list[str]
    migrated: bool = False


@dataclass(frozen=True)
class MigrationRun:
    process_id: str
    from_version: int
    to_version: int
    dry_run: bool
    cases: list[CaseMigration]
    # Open cases of the version that the one who migrates may not open (another region's):
    # left out of a selection of every case, and counted so that nobody thinks they moved.
    not_yours: int = 0


NOT_YOURS = "you may not open this case, so you may not move it"


@dataclass(frozen=True)
class _Move:
    """What one run asks of each of its cases."""

    source: ProcessVersion
    target: ProcessVersion
    actor: str
    dry_run: bool


class CaseMigrations:
    """Dry runs and moves, for the API, the pages and the CLI; one transaction per case."""

    def __init__(self, db: Engine, catalog: ProcessCatalog, clock: Clock) -> None:
        self.db = db
        self.catalog = catalog
        self.clock = clock

    def run(
        self,
        process_id: str,
        from_version: int,
        to_version: int,
        case_ids: list[int] | None,
        actor: str,
        dry_run: bool = True,
        seen_revisions: dict[int, int] | None = None,
        user: Principal | None = None,
    ) -> MigrationRun:
        """Plan (dry run) or perform the move of `case_ids` (None: every open case of
        `from_version` that `user` may open) to `to_version`. `user` is who migrates: only the
        cases they may open move, each other one is refused with the reason (None: the
        operator of the server, every case). A move needs `seen_revisions`, case id → the
        revision a dry run of the same selection showed: a case changed since, or a selection
        that is not the dry run's, is a Conflict and nothing moves."""
        with Session(self.db) as session:
            source = self.catalog.version(session, process_id, from_version)
            target = self.catalog.version(session, process_id, to_version)
            if to_version <= from_version:
                raise InvalidData(
                    [
                        FieldError(
                            ("to_version",),
                            message(
                                "migration.not_newer", to_version=to_version, version=from_version
                            ),
                        )
                    ]
                )
            selected = _selection(session, process_id, source, case_ids)
            yours = {
                case.id
                for case in selected
                if case.id is not None
                and (user is None or can_view_case(user, case_facts(session, case.id)))
            }
            not_yours = 0
            if case_ids is None:  # every case: those of others are not the user's to select
                not_yours = len(selected) - len(yours)
                selected = [case for case in selected if case.id in yours]
            if not dry_run:
                _check_dry_run(selected, seen_revisions)
        move = _Move(source, target, actor, dry_run)
        results = [
            self._one(case.id, move) if case.id in yours else _refused(case, [], [NOT_YOURS])
            for case in selected
            if case.id is not None
        ]
        return MigrationRun(process_id, from_version, to_version, dry_run, results, not_yours)

    def _one(self, case_id: int, move: _Move) -> CaseMigration:
        try:
            with Session(self.db) as session, transaction(session):
                return self._move(session, case_id, move)
        except (Conflict, StepFailed) as error:  # this case is refused; the others still move
            with Session(self.db) as session:
                case, _ = load_case(session, case_id)
                return _refused(case, [], [str(error)])

    def _move(self, session: Session, case_id: int, move: _Move) -> CaseMigration:
        source, target = move.source, move.target
        case, version = load_case(session, case_id)
        inbox = select(InboxTask).where(InboxTask.case_id == case_id).order_by(col(InboxTask.id))
        waiting_in = [task.title for task in session.exec(inbox).all()]
        if case.status != "open":
            return _refused(case, waiting_in, ["the case is closed"])
        if version.id != source.id:
            return _refused(
                case, waiting_in, [f"it runs on version {version.version}, not {source.version}"]
            )
        step = new_step(session, case, version, self.catalog, self.clock, move.actor)
        with step.at_step_time():
            moved = migrate(step.workflow, self.catalog.parsed(target), target.version)
        if not moved.possible:
            return _refused(case, waiting_in, moved.reasons)
        if move.dry_run:
            return CaseMigration(
                case_id, case.reference, case.revision, waiting_in, True, [], moved.notes
            )
        case.process_version_id = target.id
        step.version = target
        step.process = self.catalog.parsed(target)
        step.events.process_version_id = target.id
        step.events.append(
            CASE_MIGRATED,
            move.actor,
            step.now,
            {
                "from_version": source.version,
                "to_version": target.version,
                "from_version_id": source.id,
                "to_version_id": target.id,
                "mapping": moved.mapping,
                "notes": moved.notes,
            },
        )
        step.save()
        return CaseMigration(
            case_id, case.reference, case.revision + 1, waiting_in, True, [], moved.notes, True
        )


def _refused(case: Case, waiting_in: list[str], reasons: list[str]) -> CaseMigration:
    assert case.id is not None
    return CaseMigration(case.id, case.reference, case.revision, waiting_in, False, reasons, [])


def _selection(
    session: Session, process_id: str, source: ProcessVersion, case_ids: list[int] | None
) -> list[Case]:
    if case_ids is None:
        return list(
            session.exec(
                select(Case)
                .where(Case.process_version_id == source.id, Case.status == "open")
                .order_by(col(Case.id))
            ).all()
        )
    cases = []
    for case_id in dict.fromkeys(case_ids):
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"no case {case_id}")
        if case.process_id != process_id:
            raise InvalidData(
                [
                    FieldError(
                        ("case_ids",),
                        message(
                            "migration.other_process",
                            case=case.reference,
                            process=case.process_id,
                            expected=process_id,
                        ),
                    )
                ]
            )
        cases.append(case)
    return cases


def _check_dry_run(cases: list[Case], seen_revisions: dict[int, int] | None) -> None:
    """A move is of the cases a dry run showed, as it showed them."""
    if seen_revisions is None:
        raise InvalidData(
            [
                FieldError(
                    ("revisions",),
                    message("migration.dry_run_first"),
                )
            ]
        )
    by_id = {case.id: case for case in cases}
    problems = [
        f"{case.reference} was not in the dry run"
        for case in cases
        if case.id not in seen_revisions
    ]
    problems += [f"case {case_id} is not in this selection" for case_id in seen_revisions
                 if case_id not in by_id]  # fmt: skip
    problems += [
        f"{case.reference} changed since the dry run"
        for case in cases
        if case.id in seen_revisions and seen_revisions[case.id] != case.revision
    ]
    if problems:
        raise Conflict(f"{'; '.join(problems)}; run the dry run again. No case was moved.")

"""One state change of one case, committed as one transaction.

A `CaseStep` loads the case's workflow, lets the caller advance it, then writes the changed
task rows, the inbox, the timers, the generated documents and the events together, guarded by
the case's revision so that a concurrent change makes this one fail instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from sqlalchemy import delete, insert, update
from sqlmodel import Session, col, select

from engine.base.case_routing import effective_case_manager, routing_columns
from engine.base.clock import Clock, FixedClock, running_on
from engine.base.errors import Conflict, InvalidData, NotFound, StepFailed
from engine.cases import incidents, whereabouts
from engine.cases.case_forms import check_intake
from engine.cases.events import EventLog
from engine.cases.loading import stored_tasks as load_stored_tasks
from engine.cases.timer_rows import TimerRows
from engine.directory import facilities
from engine.procedures.catalog import ProcessCatalog
from engine.storage.models import (
    Case,
    CaseAssignment,
    CaseLink,
    Document,
    InboxTask,
    ProcessVersion,
    TaskClaim,
    WorkflowTaskRow,
)
from engine.workflow import inspection, operations, serialization
from engine.workflow.actions import LinkedCaseRefused, LinkedIntake, StepContext, bind_actions
from engine.workflow.cache import WorkflowCache
from engine.workflow.scripting import NrmScriptEngine
from engine.workflow.spec_info import task_title
from engine.workflow.specs import ParsedProcess
from forms.classification import form_fields
from forms.schemas import INTAKE_FORM


@dataclass
class CaseStep:
    session: Session
    catalog: ProcessCatalog
    case: Case
    version: ProcessVersion
    process: ParsedProcess
    now: datetime
    actor: str
    workflow: BpmnWorkflow
    context: StepContext
    events: EventLog
    stored_tasks: dict[str, dict[str, Any]] = field(default_factory=dict)
    cache: WorkflowCache | None = None
    failures: list[incidents.TaskFailure] = field(default_factory=list)
    first_seq: int = field(init=False)

    def __post_init__(self) -> None:
        self.first_seq = self.events.next_seq

    @contextmanager
    def at_step_time(self) -> Iterator[None]:
        """Run workflow code as of this step's instant. A task that fails inside becomes an
        incident and the workflow stops there, the rest of the step is kept; any other failure
        stops the whole step."""
        try:
            with running_on(FixedClock(self.now)):
                yield
        except Exception as error:
            failure = incidents.task_failure(error)
            if failure is not None:
                incidents.open_incident(
                    self.session, self.events, self.first_seq, failure, self.now, error
                )
                self.failures.append(failure)
                return
            if not isinstance(error, SpiffWorkflowException):
                raise
            task = getattr(error, "task", None)
            where = f" at {task_title(task.task_spec)!r}" if task is not None else ""
            raise StepFailed(
                f"case {self.case.reference}: the process could not continue{where}: {error}. "
                "Nothing was saved; a supervisor must correct the process or its data."
            ) from error

    def save(self) -> None:
        """Write everything this step changed; Conflict if the case moved on meanwhile."""
        assert self.case.id is not None
        stored = serialization.dump(self.workflow)
        changes = serialization.changed_tasks(self.stored_tasks, stored.tasks)
        self._write_tasks(changes)
        self._sync_inbox()
        self._sync_timers()
        self._store_documents()
        self._open_linked_cases()
        completed = self.workflow.is_completed()
        if completed and self.case.status != "completed":
            self.events.append("case_completed", self.actor, self.now)
        data = inspection.case_data(self.workflow)
        facilities.sync_placement(self.session, self.case.id, data, completed, self.now)
        whereabouts.record_move(self.events, self.case.data, data, self.actor, self.now)
        bump_revision(
            self.session,
            self.case,
            status="completed" if completed else "open",
            data=data,
            workflow=stored.head,
            updated_at=self.now,
            **routing_columns(data, self._appointed_case_manager()),
        )
        if self.cache is not None:
            self.cache.keep_after_commit(
                self.session,
                self.case.id,
                self.case.revision + 1,
                self.case.process_version_id,
                self.workflow,
                stored.head,
                self.stored_tasks,
                changes,
            )

    def _appointed_case_manager(self) -> str | None:
        assignment = self.session.get(CaseAssignment, self.case.id)
        return assignment.case_manager if assignment is not None else None

    def _write_tasks(self, changes: serialization.TaskChanges) -> None:
        # One statement per kind of change (executemany), not one round trip per task.
        case_id = self.case.id
        rows = [
            {"case_id": case_id, "task_id": task_id, "body": body}
            for task_id, body in changes.upserts.items()
        ]
        updated = [row for row in rows if row["task_id"] in self.stored_tasks]
        inserted = [row for row in rows if row["task_id"] not in self.stored_tasks]
        if updated:
            self.session.execute(update(WorkflowTaskRow), updated)
        if inserted:
            self.session.execute(insert(WorkflowTaskRow), inserted)
        if changes.deletions:
            self.session.execute(
                delete(WorkflowTaskRow).where(
                    col(WorkflowTaskRow.case_id) == case_id,
                    col(WorkflowTaskRow.task_id).in_(changes.deletions),
                )
            )

    def _sync_inbox(self) -> None:
        ready = {task.id: task for task in inspection.ready_user_tasks(self.workflow)}
        current = self.session.exec(
            select(InboxTask).where(InboxTask.case_id == self.case.id)
        ).all()
        for row in current:
            if row.id not in ready:
                # A task that is done or cancelled is no longer anyone's to hold.
                claim = self.session.get(TaskClaim, row.id)
                if claim is not None:
                    self.session.delete(claim)
                self.session.delete(row)
            else:
                # A case moved to a newer version may find its waiting task retitled, given
                # another form or moved to another lane.
                task = ready.pop(row.id)
                row.title, row.role, row.form = task.title, task.role, task.form
                row.due_at = task.due_at
                self.session.add(row)
        for task in ready.values():
            self.session.add(
                InboxTask(
                    id=task.id,
                    case_id=self.case.id,
                    name=task.name,
                    title=task.title,
                    role=task.role,
                    form=task.form,
                    created_at=self.now,
                    due_at=task.due_at,
                )
            )

    def _sync_timers(self) -> None:
        TimerRows(self.session, self.case.id, self.workflow, self.events, self.now).sync()

    def _open_linked_cases(self) -> None:
        for request in self.context.linked_cases:
            try:
                linked = open_case(
                    self.session,
                    self.catalog,
                    FixedClock(self.now),
                    request.process,
                    request.data,
                    self.actor,
                    linked_from=self.case,
                    cache=self.cache,
                )
            except (InvalidData, NotFound) as error:
                # Checked when the task ran (linked_intake): only a process withdrawn within
                # this very step gets here.
                raise StepFailed(
                    f"case {self.case.reference}: {request.task_name} could not open the linked "
                    f"{request.process} case: {error}"
                ) from error
            self.session.add(
                CaseLink(
                    from_case_id=self.case.id,
                    to_case_id=linked.id,
                    task_name=request.task_name,
                    created_at=self.now,
                )
            )
            self.events.append(
                "linked_case_started",
                self.actor,
                self.now,
                {"process": request.process, "case_id": linked.id, "reference": linked.reference},
                task_name=request.task_name,
            )
        self.context.linked_cases.clear()

    def _store_documents(self) -> None:
        for task_name, document in self.context.documents:
            event = self.events.append(
                "document_generated",
                "engine",
                self.now,
                {
                    "kind": document.kind,
                    "language": document.language,
                    "sha256": document.sha256,
                    "content_sha256": document.content_sha256,
                    "filename": document.filename,
                },
                task_name=task_name,
            )
            self.session.add(
                Document(
                    case_id=self.case.id,
                    kind=document.kind,
                    language=document.language,
                    title=document.title,
                    filename=document.filename,
                    sha256=document.sha256,
                    content=document.content,
                    event_seq=event.seq,
                    process_version_id=self.version.id,
                    created_at=self.now,
                )
            )
        self.context.documents.clear()


def bump_revision(session: Session, case: Case, **values: Any) -> None:
    """The next revision of `case`, with `values` written, or Conflict if someone else changed
    the case since it was read (a step, or its timers turning stuck)."""
    result = session.execute(
        update(Case)
        .where(col(Case.id) == case.id, col(Case.revision) == case.revision)
        .values(revision=case.revision + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"case {case.reference} was changed by someone else; reload it")


def linked_intake(session: Session, catalog: ProcessCatalog, today: date) -> LinkedIntake:
    """The check a `start_linked_case` task makes while it runs: the intake the new case opens
    with, or LinkedCaseRefused naming the process and the fields."""

    def intake_of(process_id: str, data: dict[str, Any], explicit: bool) -> dict[str, Any]:
        try:
            form = catalog.latest(session, process_id).forms[INTAKE_FORM]
            if not explicit:
                # Carry over what the other process asks for at intake, nothing more.
                data = {k: v for k, v in data.items() if k in form.get("properties", {})}
            check_intake(session, today, form, data)
        except (InvalidData, NotFound) as error:
            raise LinkedCaseRefused(f"a new {process_id} case cannot open: {error}") from error
        return data

    return intake_of


def open_case(
    session: Session,
    catalog: ProcessCatalog,
    clock: Clock,
    process_id: str,
    data: dict[str, Any],
    actor: str,
    linked_from: Case | None = None,
    cache: WorkflowCache | None = None,
) -> Case:
    """Start a case on the newest version of `process_id` with its intake `data` (validated)."""
    version = catalog.latest(session, process_id)
    now = clock.now()
    check_intake(session, now.date(), version.forms[INTAKE_FORM], data)
    case = Case(
        process_id=process_id, process_version_id=version.id, created_at=now, updated_at=now
    )
    session.add(case)
    session.flush()
    case.reference = f"NRM-{now.year}-{case.id:06d}"
    process = catalog.parsed(version)
    workflow = BpmnWorkflow(process.spec, process.subprocess_specs)
    step = new_step(session, case, version, catalog, clock, actor, workflow, cache)
    started = {"process": process_id, "version": version.version, "data": data}
    if linked_from is not None:
        started["linked_from"] = {"case_id": linked_from.id, "reference": linked_from.reference}
    step.events.append("case_started", actor, step.now, started)
    with step.at_step_time():
        operations.begin(workflow, data)
    step.save()
    return case


def new_step(
    session: Session,
    case: Case,
    version: ProcessVersion,
    catalog: ProcessCatalog,
    clock: Clock,
    actor: str,
    workflow: BpmnWorkflow | None = None,
    cache: WorkflowCache | None = None,
) -> CaseStep:
    """Prepare a step on `case`: its workflow taken from `cache`, restored from its rows, or
    the given new one; bound to the actions and clock of this unit of work."""
    assert case.id is not None and version.id is not None
    process = catalog.parsed(version)
    now = clock.now()
    context = StepContext(
        case_reference=case.reference,
        process_label=f"{version.process_id} v{version.version}",
        now=now,
        case_manager=effective_case_manager(case),
        linked_intake=linked_intake(session, catalog, now.date()),
        form_fields=form_fields(version.forms),
    )
    stored_tasks: dict[str, dict[str, Any]] = {}
    cached = cache.take(case) if cache is not None and workflow is None else None
    if cached is not None:
        workflow, stored_tasks = cached.workflow, cached.stored_tasks
    if workflow is None:
        stored_tasks = load_stored_tasks(session, case.id)
        stored = serialization.StoredWorkflow(head=case.workflow, tasks=stored_tasks)
        workflow = serialization.load(stored, process)
    workflow.script_engine = NrmScriptEngine(bind_actions(context))
    return CaseStep(
        session=session,
        catalog=catalog,
        case=case,
        version=version,
        process=process,
        now=now,
        actor=actor,
        workflow=workflow,
        context=context,
        events=EventLog(session, case.id, version.id),
        stored_tasks=stored_tasks,
        cache=cache,
    )

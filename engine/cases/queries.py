"""Reading cases, tasks, events and documents: from rows kept in step, never by deserializing."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.base.clock import Clock
from engine.base.errors import InvalidData, NotFound
from engine.cases import case_forms, whereabouts
from engine.cases.incidents import open_on_case
from engine.cases.loading import case_events, load_case
from engine.cases.views import (
    CaseLinkInfo,
    CaseView,
    DocumentInfo,
    EventInfo,
    ProcessInfo,
    TaskDetail,
    TaskInfo,
    TimerInfo,
    WhereaboutsInfo,
)
from engine.procedures.catalog import ProcessCatalog
from engine.reports.htcds import htcds_csv
from engine.reports.statistics import Cell, quarterly_cells
from engine.storage.models import Case, CaseLink, Document, InboxTask, ProcessVersion, Timer
from engine.workflow.decisions import answer_problems, evaluate
from forms.schemas import INTAKE_FORM


class CaseQueries:
    def __init__(self, db: Engine, clock: Clock, catalog: ProcessCatalog) -> None:
        self.db = db
        self.clock = clock
        self.catalog = catalog

    def processes(self) -> list[ProcessInfo]:
        with Session(self.db) as session:
            today = self.clock.now().date()
            return [
                _process_info(v, case_forms.form_as_shown(session, today, v.forms[INTAKE_FORM], {}))
                for v in self.catalog.all_latest(session)
            ]

    def evaluate_decision(self, decision_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Evaluate a published DMN decision on `data` without starting a case."""
        with Session(self.db) as session:
            versions = self.catalog.all_latest(session)
        calling = [
            (version, process)
            for version in versions
            if decision_id in (process := self.catalog.parsed(version)).decisions
        ]
        if not calling:
            raise NotFound(f"no published process calls a decision {decision_id!r}")
        decision = calling[0][1].decisions[decision_id]
        # Checked against the form that asks the questions (the screening questionnaire), so
        # a missing or wrong answer is named, not met as an error inside the table's expression.
        forms = [form for version, _ in calling for form in version.forms.values()]
        problems = answer_problems(decision, data, forms)
        if problems:
            raise InvalidData(problems)
        process = calling[0][1]
        return evaluate(decision, data, BpmnWorkflow(process.spec, process.subprocess_specs))

    def htcds_csv(self) -> str:
        """Anonymised screening records in the HTCDS field layout (engine/reports/htcds.py)."""
        with Session(self.db) as session:
            return htcds_csv(session)

    def statistics(self) -> list[Cell]:
        """Anonymous quarterly counts, small groups suppressed (engine/reports/statistics.py)."""
        with Session(self.db) as session:
            return quarterly_cells(session)

    def case(self, case_id: int) -> CaseView:
        with Session(self.db) as session:
            return self.case_in(session, case_id)

    def case_in(self, session: Session, case_id: int) -> CaseView:
        """The case as read in `session`, for callers that read or write more in it."""
        case, version = load_case(session, case_id)
        inbox = session.exec(
            select(InboxTask)
            .where(InboxTask.case_id == case_id)
            .order_by(col(InboxTask.created_at), col(InboxTask.id))
        ).all()
        timers = session.exec(
            select(Timer).where(Timer.case_id == case_id).order_by(col(Timer.due_at))
        ).all()
        documents = session.exec(
            select(Document).where(Document.case_id == case_id).order_by(col(Document.id))
        ).all()
        now = self.clock.now()
        where = whereabouts.current(session, case_id, case.data)
        return CaseView(
            id=case_id,
            reference=case.reference,
            process=case.process_id,
            process_version=version.version,
            status=case.status,  # type: ignore[arg-type]
            revision=case.revision,
            data=case.data,
            tasks=[task_info(row, case, now) for row in inbox],
            timers=[_timer_info(t) for t in timers],
            documents=[_document_info(d) for d in documents],
            links=_links(session, case_id),
            incidents=open_on_case(session, case),
            whereabouts=WhereaboutsInfo(**asdict(where)) if where is not None else None,
            created_at=case.created_at,
            updated_at=case.updated_at,
        )

    def tasks(self, role: str | None = None, process: str | None = None) -> list[TaskInfo]:
        """The inbox: ready tasks, the overdue first, then by due date and age."""
        statement = select(InboxTask, Case).join(Case, col(InboxTask.case_id) == col(Case.id))
        if role is not None:
            statement = statement.where(InboxTask.role == role)
        if process is not None:
            statement = statement.where(Case.process_id == process)
        with Session(self.db) as session:
            rows = session.exec(statement).all()
        now = self.clock.now()
        infos = [task_info(task, case, now) for task, case in rows]
        far_future = datetime.max.replace(tzinfo=now.tzinfo)
        return sorted(infos, key=lambda t: (not t.overdue, t.due_at or far_future, t.created_at))

    def task(self, task_id: str) -> TaskDetail:
        with Session(self.db) as session:
            task = session.get(InboxTask, task_id)
            if task is None:
                raise NotFound(f"no ready task {task_id!r}")
            return self.task_in(session, task)

    def task_in(self, session: Session, task: InboxTask) -> TaskDetail:
        """The task with its form as shown (choices filled in), read in `session`."""
        case, version = load_case(session, task.case_id)
        info = task_info(task, case, self.clock.now())
        today = self.clock.now().date()
        form = case_forms.form_as_shown(session, today, version.forms[task.form], case.data)
        return TaskDetail(**info.model_dump(), form=form)

    def events(self, case_id: int) -> list[EventInfo]:
        with Session(self.db) as session:
            return self.events_in(session, case_id)

    def events_in(self, session: Session, case_id: int) -> list[EventInfo]:
        load_case(session, case_id)
        return [
            EventInfo(
                seq=e.seq,
                type=e.type,
                actor=e.actor,
                at=e.at,
                task_id=e.task_id,
                task_name=e.task_name,
                data=e.data,
                hash=e.hash,
            )
            for e in case_events(session, case_id)
        ]

    def document(self, document_id: int) -> Document:
        with Session(self.db) as session:
            document = session.get(Document, document_id)
            if document is None:
                raise NotFound(f"no document {document_id}")
            return document


def _process_info(version: ProcessVersion, form: dict[str, Any]) -> ProcessInfo:
    """A process with its intake form as shown now (routing fields listing their choices)."""
    return ProcessInfo(
        id=version.process_id,
        version=version.version,
        name=version.name,
        sha256=version.sha256,
        form=form,
    )


def task_info(task: InboxTask, case: Case, now: datetime) -> TaskInfo:
    due_at = task.due_at
    return TaskInfo(
        id=task.id,
        case_id=task.case_id,
        case_reference=case.reference,
        process=case.process_id,
        name=task.name,
        title=task.title,
        role=task.role,
        created_at=task.created_at,
        due_at=due_at,
        overdue=due_at is not None and due_at <= now,
    )


def _timer_info(timer: Timer) -> TimerInfo:
    return TimerInfo(
        name=timer.name,
        title=timer.title,
        status=timer.status,  # type: ignore[arg-type]
        due_at=timer.due_at,
        ended_at=timer.ended_at,
        attached_to=timer.attached_to,
        occurrence=timer.occurrence,
    )


def _document_info(document: Document) -> DocumentInfo:
    assert document.id is not None
    return DocumentInfo(
        id=document.id,
        kind=document.kind,
        language=document.language,
        title=document.title,
        filename=document.filename,
        sha256=document.sha256,
        created_at=document.created_at,
    )


def _links(session: Session, case_id: int) -> list[CaseLinkInfo]:
    links = session.exec(
        select(CaseLink)
        .where((col(CaseLink.from_case_id) == case_id) | (col(CaseLink.to_case_id) == case_id))
        .order_by(col(CaseLink.id))
    ).all()
    infos = []
    for link in links:
        started = link.from_case_id == case_id
        other = session.get(Case, link.to_case_id if started else link.from_case_id)
        assert other is not None and other.id is not None
        infos.append(
            CaseLinkInfo(
                case_id=other.id,
                reference=other.reference,
                process=other.process_id,
                relation="started" if started else "started_from",
            )
        )
    return infos

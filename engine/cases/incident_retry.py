"""Retrying the task of an incident after a fix, or firing its stuck timers again, as one step
of the case."""

from __future__ import annotations

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Engine
from sqlmodel import Session

from engine.base.clock import Clock
from engine.base.errors import Conflict, EngineError, StepFailed
from engine.cases import incidents
from engine.cases.incidents import TaskFailure
from engine.cases.loading import load_case
from engine.cases.step import CaseStep, new_step
from engine.procedures.catalog import ProcessCatalog
from engine.storage.db import transaction
from engine.storage.models import Incident
from engine.workflow import operations
from engine.workflow.inspection import find_task


class RetryFailed(EngineError):
    """The retried task failed again; the case is as before and the incident stays open."""


class _FailedAgain(Exception):
    def __init__(self, failure: TaskFailure) -> None:
        super().__init__(failure.describe())
        self.failure = failure


class IncidentRetry:
    def __init__(self, db: Engine, clock: Clock, catalog: ProcessCatalog) -> None:
        self.db = db
        self.clock = clock
        self.catalog = catalog

    def retry(self, incident_id: int, actor: str) -> int:
        """Run the failed task again; on success the incident is resolved and the case moves
        on (returns its id). If it fails again, nothing of the attempt is kept but the count
        and the error (RetryFailed)."""
        try:
            return self._attempt(incident_id, actor)
        except _FailedAgain as failed:
            failure = failed.failure
        with Session(self.db) as session, transaction(session):
            incident = incidents.open_for_retry(session, incident_id)
            incidents.record_failed_retry(session, incident, failure, actor, self.clock.now())
            attempts = incident.attempts
        raise RetryFailed(
            f"{failure.describe()} (again, attempt {attempts}). The case still waits at this "
            "task; fix the cause and retry."
        )

    def _attempt(self, incident_id: int, actor: str) -> int:
        with Session(self.db) as session, transaction(session):
            incident = incidents.open_for_retry(session, incident_id)
            case, version = load_case(session, incident.case_id)
            step = new_step(session, case, version, self.catalog, self.clock, actor)
            if incident.kind == incidents.TIMER:
                self._fire_again(step, incident)
            else:
                self._run_again(step, incident)
            incidents.mark_resolved(session, incident, actor, step.now)
            step.save()
            return case.id

    def _run_again(self, step: CaseStep, incident: Incident) -> None:
        task = find_task(step.workflow, incident.task_id)
        if task is None or task.state != TaskState.ERROR:
            raise Conflict(
                f"the task of incident {incident.id} has not failed any more; reload the case"
            )
        _record_resolution(step, incident, {})
        with step.at_step_time():
            operations.retry(step.workflow, task)
        for failure in step.failures:
            if failure.task_id == incident.task_id:
                raise _FailedAgain(failure)

    def _fire_again(self, step: CaseStep, incident: Incident) -> None:
        """The stuck timers are pending again and fire now (or end, if what they were attached
        to was done meanwhile)."""
        incidents.release_stuck_timers(step.session, incident.case_id)
        # The replay fires them at the timer_fired events that follow, not here.
        _record_resolution(step, incident, {"kind": incidents.TIMER})
        try:
            with step.at_step_time():
                operations.fire_timers(step.workflow)
        except StepFailed as error:
            raise _FailedAgain(
                TaskFailure(
                    task_id=incident.task_id,
                    element_id=incident.element_id,
                    element_title=incident.element_title,
                    error_class=type(error).__name__,
                    message=str(error),
                )
            ) from error


def _record_resolution(step: CaseStep, incident: Incident, data: dict[str, str]) -> None:
    step.events.append(
        incidents.RESOLVED,
        step.actor,
        step.now,
        {"incident": incident.id, "title": incident.element_title, **data},
        task_id=incident.task_id,
        task_name=incident.element_id,
    )

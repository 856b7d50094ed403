"""The Timer rows of a case kept in step with what its workflow waits for, at the end of a step.

A one-off timer is one row, keyed by its workflow task. A repeating timer (timeCycle) stays one
workflow task for all its occurrences, but each occurrence is a row of its own: one pending row
at a time, the next created when the one before fires, and a `timer_fired` event for each. So the
timer worker only finds the case again once its next occurrence is due.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlmodel import Session, select

from engine.cases.events import EventLog
from engine.storage.models import Timer
from engine.workflow import inspection


def occurrence_row_id(task_id: str, occurrence: int | None) -> str:
    """The row of a timer's first (or only) occurrence has the task's id; later ones an id derived
    from it, the same in every run of the case."""
    if occurrence is None or occurrence == 1:
        return task_id
    return str(uuid5(UUID(task_id), str(occurrence)))


class TimerRows:
    def __init__(
        self,
        session: Session,
        case_id: int,
        workflow: BpmnWorkflow,
        events: EventLog,
        now: datetime,
    ) -> None:
        self.session = session
        self.case_id = case_id
        self.workflow = workflow
        self.events = events
        self.now = now

    def sync(self) -> None:
        waiting = {timer.id: timer for timer in inspection.waiting_timers(self.workflow)}
        pending = self.session.exec(
            select(Timer).where(Timer.case_id == self.case_id, Timer.status == "pending")
        ).all()
        for row in pending:
            timer = waiting.pop(row.task_id, None)
            if row.occurrence is not None:
                self._follow_cycle(row, timer)
            elif timer is None:
                self._end(row, inspection.timer_outcome(self.workflow, row.task_id))
        for timer in waiting.values():
            self._add(timer.id, 1 if timer.period is not None else None, timer.due_at, timer)
        self._record_fired_at_arming()

    def _record_fired_at_arming(self) -> None:
        """A timer armed already past due fired inside this step without waiting: it still gets
        its row and event, so a deadline missed before it was even set counts as missed."""
        self.session.flush()
        recorded = set(
            self.session.exec(select(Timer.task_id).where(Timer.case_id == self.case_id)).all()
        )
        for timer in inspection.timers_fired_unrecorded(self.workflow, recorded):
            self._end(self._add(timer.id, None, timer.due_at, timer), "fired", at_arming=True)

    def _follow_cycle(self, row: Timer, timer: inspection.WaitingTimer | None) -> None:
        assert row.occurrence is not None
        fired = inspection.occurrences_fired(self.workflow, row.task_id, row.due_at)
        if not fired:
            if timer is None:  # the task it is attached to was done, or its branch ended
                self._end(row, "cancelled")
            return
        self._end(row, "fired")
        # Occurrences a late worker missed fired in this step too: each gets its row and event.
        for number, due_at in enumerate(fired[1:], start=row.occurrence + 1):
            self._end(self._add(row.task_id, number, due_at, row), "fired")
        if timer is not None:
            self._add(row.task_id, row.occurrence + len(fired), timer.due_at, timer)

    def _add(
        self,
        task_id: str,
        occurrence: int | None,
        due_at: datetime,
        like: Timer | inspection.WaitingTimer,
    ) -> Timer:
        row = Timer(
            id=occurrence_row_id(task_id, occurrence),
            case_id=self.case_id,
            task_id=task_id,
            occurrence=occurrence,
            name=like.name,
            title=like.title,
            due_at=due_at,
            attached_to=like.attached_to,
        )
        self.session.add(row)
        return row

    def _end(self, row: Timer, status: str, at_arming: bool = False) -> None:
        row.status = status
        row.ended_at = self.now
        self.session.add(row)
        if status != "fired":
            return
        data: dict[str, object] = {"timer": row.name, "due_at": row.due_at.isoformat()}
        if row.occurrence is not None:
            data["occurrence"] = row.occurrence
        if at_arming:
            data["at_arming"] = True  # fired within the step that armed it: a replay skips it
        self.events.append(
            "timer_fired", "timer", self.now, data, task_id=row.task_id, task_name=row.name
        )

"""The use cases of a task: the inbox, reading a task, completing it, claiming it and giving it
back. The JSON routes and the pages call the same functions, so they answer alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from engine.access import policy, redaction
from engine.access.policy import AccessFacts
from engine.access.users import Principal
from engine.base.errors import Conflict, Forbidden, NotFound
from engine.cases import access_queries, claims
from engine.cases.commands import ready_task
from engine.cases.loading import load_case
from engine.cases.views import CaseView, TaskDetail
from engine.history.access_log import record_access
from engine.nrm_engine import NrmEngine
from engine.services.case_access import (
    actionable,
    changed,
    record_listed,
    shown_case,
    viewable,
)
from engine.services.session import reading, use_case
from engine.storage.models import InboxTask


def child_of(user: Principal, entry: access_queries.InboxEntry) -> str:
    """The child of an inbox entry as `user` may see them: name, or initials and reference."""
    personal = policy.sees_personal_data(user, entry.facts)
    return redaction.child_label(entry.data, entry.facts.reference, personal)


def inbox(
    engine: NrmEngine, user: Principal, process: str | None = None
) -> list[access_queries.InboxEntry]:
    """The ready tasks `user` may do (their lane, their region or their cases), overdue first."""
    return access_queries.inbox_entries(engine.db, engine.clock, user, process)


def inbox_shown(
    engine: NrmEngine, user: Principal, entries: list[access_queries.InboxEntry]
) -> None:
    """The inbox page's lines in the access log: each case shown, with whether its line named
    the child."""
    shown = {e.facts.case_id: policy.sees_personal_data(user, e.facts) for e in entries}
    with use_case(engine) as session:
        record_listed(session, engine, user, list(shown.items()), "inbox")


@dataclass
class TaskSheet:
    """A task as its reader sees it: the form, the case data it is about (`x-show`, as the
    reader may see it), the case it belongs to, who holds it."""

    task: TaskDetail
    facts: AccessFacts
    can_do: bool
    holder: str | None
    case: CaseView
    shown_data: dict[str, Any]
    child: str  # the child's name, or initials and the case reference
    forms: dict[str, Any]  # every form of the case's version, for the names of its data


def _readable(
    session: Session, user: Principal, task_id: str
) -> tuple[InboxTask, AccessFacts, bool]:
    """The task, its case's facts and whether `user` may do it, if they may do it or open its
    case."""
    row = _inbox_row(session, task_id)
    found = access_queries.case_facts(session, row.case_id)
    can_do = policy.can_do_task(user, row.role, found)
    if not (can_do or policy.can_view_case(user, found)):
        raise Forbidden(f"case {found.reference} is not one of yours")
    return row, found, can_do


def read_task(engine: NrmEngine, user: Principal, task_id: str) -> TaskDetail:
    """A ready task with its form, for whoever may do it or open its case."""
    with reading(engine) as session:
        row, _found, _can_do = _readable(session, user, task_id)
        return engine.queries.task_in(session, row)


def task_sheet(engine: NrmEngine, user: Principal, task_id: str) -> TaskSheet:
    """The task page's task: its form, the case data it is about as the user may see it, who
    holds it. The page names the child and shows what the task is about: a view of the case,
    written to the access log."""
    with use_case(engine) as session:
        row, found, can_do = _readable(session, user, task_id)
        task = engine.queries.task_in(session, row)
        case = engine.queries.case_in(session, row.case_id)
        _case, version = load_case(session, row.case_id)
        access = policy.field_access(user, found)
        data = redaction.redact_data(case.data, access)
        shown_data = {
            key: data[key]
            for key in task.form.get("x-show", [])
            if data.get(key) not in (None, "", [])
        }
        personal = access.reads("child_name") or any(key in access.known for key in shown_data)
        record_access(session, user, row.case_id, "task", personal, engine.clock.now())
        return TaskSheet(
            task=task,
            facts=found,
            can_do=can_do,
            holder=claims.holder(session, task_id),
            case=case,
            shown_data=shown_data,
            child=redaction.child_label(case.data, case.reference, access),
            forms=dict(version.forms),
        )


def complete_task(
    engine: NrmEngine, user: Principal, task_id: str, data: dict[str, Any]
) -> CaseView:
    """Complete a task `user` may do (Forbidden otherwise; Conflict when it is no longer
    waiting, or someone else has taken it; InvalidData naming the fields) and return the case
    as they may see it: the check, the step, the view and its access-log entry in one
    transaction."""
    with use_case(engine) as session:
        row = ready_task(session, task_id)
        actionable(session, user, row)
        holder = claims.holder(session, task_id)
        if holder is not None and holder != user.name:
            raise Conflict(f"{holder} has taken this task; ask them or a supervisor")
        case_id = engine.commands.complete_task_in(session, row, data, user.name)
        changed(session)
        return shown_case(session, engine, user, viewable(session, user, case_id), "case")


def claim_task(engine: NrmEngine, user: Principal, task_id: str) -> str:
    """Take a task from the team's inbox; Conflict when someone else has it. Returns the
    holder (the user)."""
    with use_case(engine) as session:
        actionable(session, user, _inbox_row(session, task_id))
        holder = claims.claim(session, task_id, user.name, engine.clock.now())
        if holder != user.name:
            raise Conflict(f"{holder} has taken this task already")
        return holder


def release_task(engine: NrmEngine, user: Principal, task_id: str) -> None:
    """Give a task back to the team: its holder, or a supervisor of the case's region; a task
    nobody holds only by whoever may do it."""
    with use_case(engine) as session:
        row = _inbox_row(session, task_id)
        found = access_queries.case_facts(session, row.case_id)
        holder = claims.holder(session, task_id)
        if holder not in (None, user.name) and not policy.can_reassign(user, found):
            raise Forbidden(f"{holder} has this task; only they or a supervisor give it back")
        if holder is None:
            actionable(session, user, row)
        claims.release(session, task_id, user.name, engine.clock.now())


def _inbox_row(session: Session, task_id: str) -> InboxTask:
    row = session.get(InboxTask, task_id)
    if row is None:
        raise NotFound(f"no ready task {task_id!r}")
    return row

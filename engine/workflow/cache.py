"""Deserialized workflows kept between the steps of a case, within one process.

Restoring a workflow from its task rows costs time that grows with the case's history; the
next step on a case usually comes soon after the last one. So a committed step leaves its
workflow here, together with the task bodies it stored, and the next step takes it back instead
of reading and deserializing every row.

An entry is only used while it is provably the stored state:
- it is keyed by the case's revision and process version, which every committed step changes
  (the optimistic check in `CaseStep.save`); another process that advanced the case, a
  migration to another version or any other writer that bumps the revision makes it a miss;
- it is put in only after the step's transaction commits; a step that fails or rolls back has
  taken its entry out already, so a workflow mutated by a failed step is never served;
- a step takes its entry out (it does not share it): two concurrent steps on one case in this
  process get one cached and one freshly loaded workflow, and the optimistic check decides.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import event
from sqlalchemy.orm import Session

from engine.workflow.serialization import TaskChanges

DEFAULT_SIZE = 512
_PENDING = "nrm_workflow_cache_pending"


class StoredCase(Protocol):
    """What the cache compares of a case row (engine/storage/models.py `Case`)."""

    id: int | None
    revision: int
    process_version_id: int
    workflow: dict[str, Any]


@dataclass(frozen=True)
class CachedWorkflow:
    case_id: int
    revision: int
    process_version_id: int
    head: dict[str, Any]
    workflow: BpmnWorkflow
    stored_tasks: dict[str, dict[str, Any]]

    def matches(self, case: StoredCase) -> bool:
        # The head (root task id, last task, workflow data) also tells apart a database that
        # was restored or replaced under a running process, where ids and revisions repeat.
        return (
            self.revision == case.revision
            and self.process_version_id == case.process_version_id
            and self.head == case.workflow
        )


class WorkflowCache:
    """At most `size` workflows, the least recently stored dropped first."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[int, CachedWorkflow] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def take(self, case: StoredCase) -> CachedWorkflow | None:
        """The workflow of `case` as stored, removed from the cache; None if not held."""
        assert case.id is not None
        with self._lock:
            entry = self._entries.pop(case.id, None)
            if entry is None or not entry.matches(case):
                self.misses += 1
                return None
            self.hits += 1
            return entry

    def keep_after_commit(
        self,
        session: Session,
        case_id: int,
        revision: int,
        process_version_id: int,
        workflow: BpmnWorkflow,
        head: dict[str, Any],
        before: dict[str, dict[str, Any]],
        changes: TaskChanges,
    ) -> None:
        """Hold `workflow` as the case at `revision` once `session` commits: its rows are
        `before` (as this step found them) with `changes` applied, its head `head`."""
        # Fresh dumps share dicts with the live task data, which the next step mutates; a JSON
        # copy is what the rows hold, so the next step's diff compares against the rows. Only
        # the changed bodies are copied: the others are still the rows as found.
        tasks = {
            task_id: body for task_id, body in before.items() if task_id not in changes.deletions
        }
        tasks.update(json.loads(json.dumps(changes.upserts)))
        head = json.loads(json.dumps(head))
        entry = CachedWorkflow(case_id, revision, process_version_id, head, workflow, tasks)
        pending: list[CachedWorkflow] | None = session.info.get(_PENDING)
        if pending is None:
            pending = session.info[_PENDING] = []
            event.listen(session, "after_commit", self._store_pending)
            event.listen(session, "after_soft_rollback", self._drop_pending)
        pending.append(entry)

    def _store_pending(self, session: Session) -> None:
        with self._lock:
            for entry in session.info.pop(_PENDING, []):
                self._entries.pop(entry.case_id, None)
                self._entries[entry.case_id] = entry
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def _drop_pending(self, session: Session, _previous_transaction: Any) -> None:
        session.info.pop(_PENDING, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

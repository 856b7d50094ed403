"""Drafts as the supervisors' modeler and approval pages see them: the diagram to open, the
drafts waiting for a second supervisor with what they change, a check of an edit before it is
kept, and the author withdrawing a draft. Saving and approving are in
engine/procedures/publishing.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, update
from sqlmodel import Session, col, select

from engine.base.errors import Conflict, EngineError, NotFound
from engine.procedures.catalog import ProcessCatalog
from engine.procedures.publishing import (
    VersionDiff,
    check_draft,
    diff_versions,
    draft_diff,
    open_draft,
)
from engine.procedures.rules import Problem
from engine.procedures.version_diff import SemanticDiff
from engine.storage.db import transaction
from engine.storage.models import ProcessDraft, ProcessDraftSave, ProcessVersion
from engine.workflow.specs import parse_xml


class NotTheAuthor(EngineError):
    """Only the supervisor who drew a draft withdraws it."""


@dataclass(frozen=True)
class ModelerStart:
    """The diagram a supervisor starts from: their own open draft, else the newest version."""

    process_id: str
    name: str
    version: int
    bpmn_xml: str
    draft_id: int | None
    change_note: str
    newest_version: int


@dataclass(frozen=True)
class DraftSave:
    number: int
    saved_at: datetime
    change_note: str


@dataclass(frozen=True)
class PendingDraft:
    id: int
    process_id: str
    base_version: int
    author: str
    change_note: str
    created_at: datetime
    bpmn_xml: str
    problems: list[Problem]
    diff: VersionDiff
    # What the approver reads, element by element; approving names its digest.
    changes: SemanticDiff
    names: dict[str, str]
    # Approving a draft of an older version would undo what was published since.
    newest_version: int
    # Each save of the draft, first to last (the last is what is approved).
    saves: list[DraftSave]


class Drafts:
    """One unit of work per call, like engine/procedures/publishing.py's ProcessAdministration."""

    def __init__(self, db: Engine, catalog: ProcessCatalog) -> None:
        self.db = db
        self.catalog = catalog

    def modeler_start(self, process_id: str, author: str) -> ModelerStart:
        with Session(self.db) as session:
            latest = self.catalog.latest(session, process_id)
            draft = open_draft(session, process_id, author)
            if draft is None:
                return ModelerStart(
                    process_id,
                    latest.name,
                    latest.version,
                    latest.bpmn_xml,
                    None,
                    "",
                    latest.version,
                )
            base = session.get(ProcessVersion, draft.base_version_id)
            assert base is not None
            return ModelerStart(
                process_id,
                base.name,
                base.version,
                draft.bpmn_xml,
                draft.id,
                draft.change_note,
                latest.version,
            )

    def withdraw(self, draft_id: int, author: str) -> None:
        """The author takes back a draft nobody has approved yet."""
        with Session(self.db) as session, transaction(session):
            # Conditional, so that a draft approved at the same moment is not also withdrawn.
            result = session.execute(
                update(ProcessDraft)
                .where(
                    col(ProcessDraft.id) == draft_id,
                    col(ProcessDraft.status) == "draft",
                    col(ProcessDraft.author) == author,
                )
                .values(status="withdrawn")
            )
            if result.rowcount == 1:
                return
            draft = session.get(ProcessDraft, draft_id)
            if draft is None:
                raise NotFound(f"no draft {draft_id}")
            if draft.author != author:
                raise NotTheAuthor(f"only {draft.author}, who drew draft {draft_id}, withdraws it")
            raise Conflict(f"draft {draft_id} is already {draft.status}")

    def check(self, process_id: str, bpmn_xml: str) -> list[Problem]:
        """The publishing rules on an edit of the newest version, nothing kept."""
        with Session(self.db) as session:
            return check_draft(bpmn_xml, self.catalog.latest(session, process_id))

    def waiting(self) -> dict[str, int]:
        """How many drafts wait for approval, by process."""
        with Session(self.db) as session:
            rows = session.exec(
                select(ProcessDraft.process_id, func.count())
                .where(ProcessDraft.status == "draft")
                .group_by(col(ProcessDraft.process_id))
            ).all()
            return {process_id: count for process_id, count in rows}

    def pending(self, process_id: str | None = None) -> list[PendingDraft]:
        """Drafts waiting for approval, oldest first, each compared with the version it edits."""
        with Session(self.db) as session:
            query = select(ProcessDraft).where(ProcessDraft.status == "draft")
            if process_id is not None:
                query = query.where(ProcessDraft.process_id == process_id)
            return [
                self._pending(session, draft)
                for draft in session.exec(query.order_by(col(ProcessDraft.id))).all()
            ]

    def waiting_draft(self, draft_id: int) -> PendingDraft:
        """One draft waiting for approval, with what it changes."""
        with Session(self.db) as session:
            draft = session.get(ProcessDraft, draft_id)
            if draft is None:
                raise NotFound(f"no draft {draft_id}")
            if draft.status != "draft":
                raise Conflict(f"draft {draft_id} is already {draft.status}")
            return self._pending(session, draft)

    def _pending(self, session: Session, draft: ProcessDraft) -> PendingDraft:
        base = session.get(ProcessVersion, draft.base_version_id)
        assert base is not None and draft.id is not None
        return PendingDraft(
            id=draft.id,
            process_id=draft.process_id,
            base_version=base.version,
            author=draft.author,
            change_note=draft.change_note,
            created_at=draft.created_at,
            bpmn_xml=draft.bpmn_xml,
            problems=check_draft(draft.bpmn_xml, base),
            diff=diff_versions(base.bpmn_xml, draft.bpmn_xml),
            changes=draft_diff(draft.bpmn_xml, base),
            names=element_names(base.bpmn_xml, draft.bpmn_xml),
            newest_version=self.catalog.latest(session, draft.process_id).version,
            saves=[
                DraftSave(save.number, save.saved_at, save.change_note)
                for save in session.exec(
                    select(ProcessDraftSave)
                    .where(ProcessDraftSave.draft_id == draft.id)
                    .order_by(col(ProcessDraftSave.number))
                ).all()
            ],
        )

    def decision_files(self) -> list[tuple[str, str]]:
        """(process, DMN file) for the decisions published with each process's newest version."""
        with Session(self.db) as session:
            return [
                (version.process_id, filename)
                for version in self.catalog.all_latest(session)
                for filename in sorted(version.dmn)
            ]

    def decision_xml(self, process_id: str, filename: str) -> str:
        with Session(self.db) as session:
            dmn = self.catalog.latest(session, process_id).dmn
        if filename not in dmn:
            raise NotFound(f"process {process_id!r} has no decision file {filename!r}")
        return dmn[filename]


def element_names(*diagrams: str) -> dict[str, str]:
    """Element id → the name a supervisor sees on the diagram (the later diagram wins)."""
    names = {}
    for xml in diagrams:
        for node in parse_xml(xml, "diagram").iter():
            if node.get("id") and node.get("name"):
                names[str(node.get("id"))] = str(node.get("name"))
    return names

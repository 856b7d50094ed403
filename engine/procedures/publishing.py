"""Supervisors change the procedure: a draft, checked by the publishing rules, becomes a new
immutable version only when a second supervisor approves it (four eyes). Running cases keep the
version they started on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree
from sqlalchemy import Engine, func, update
from sqlmodel import Session, col, select

from engine.base.clock import Clock
from engine.base.errors import Conflict, InvalidProcess, NotFound
from engine.procedures.catalog import ProcessCatalog
from engine.procedures.rules import FLOW_NODES, Problem, parse_and_check
from engine.procedures.version_diff import SemanticDiff, semantic_diff
from engine.storage.db import transaction
from engine.storage.models import ProcessDraft, ProcessDraftSave, ProcessVersion
from engine.workflow.specs import ProcessBundle, executable_processes, parse_xml

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# What a supervisor sees as one element; a timer's definition is part of its event.
_COMPARED = FLOW_NODES | {"sequenceFlow", "lane", "participant"}


class FourEyesRequired(Conflict):
    """The author of a draft cannot approve it."""


class DiffChanged(Conflict):
    """The draft's changes are no longer those its approver was shown."""


@dataclass(frozen=True)
class DraftCheck:
    draft: ProcessDraft
    problems: list[Problem] = field(default_factory=list)
    saves: int = 1  # how many times the draft has been saved, this save included

    @property
    def publishable(self) -> bool:
        return not self.problems


def _bundle(draft_xml: str, base: ProcessVersion) -> ProcessBundle:
    # A draft changes the diagram; the forms and decisions come from the version it edits.
    return ProcessBundle(base.process_id, base.name, draft_xml, base.forms, base.dmn)


def _version_bundle(version: ProcessVersion) -> ProcessBundle:
    return ProcessBundle(
        version.process_id, version.name, version.bpmn_xml, version.forms, version.dmn
    )


def draft_diff(draft_xml: str, base: ProcessVersion) -> SemanticDiff:
    """What a draft changes in the version it edits, element by element."""
    return semantic_diff(_version_bundle(base), _bundle(draft_xml, base))


def check_draft(draft_xml: str, base: ProcessVersion) -> list[Problem]:
    filename = f"{base.process_id}.bpmn"
    try:
        root = parse_xml(draft_xml, filename)
        if base.process_id not in executable_processes(root):
            return [
                Problem(None, f"the diagram must keep the executable process {base.process_id!r}")
            ]
        parse_and_check(_bundle(draft_xml, base), filename)
    except InvalidProcess as error:
        return error.problems or [Problem(None, str(error))]
    return []


def open_draft(session: Session, process_id: str, author: str) -> ProcessDraft | None:
    """The author's newest draft of the process still waiting for approval."""
    return session.exec(
        select(ProcessDraft)
        .where(
            ProcessDraft.process_id == process_id,
            ProcessDraft.author == author,
            ProcessDraft.status == "draft",
        )
        .order_by(col(ProcessDraft.id).desc())
        .limit(1)
    ).first()


def save_draft(
    session: Session,
    catalog: ProcessCatalog,
    process_id: str,
    bpmn_xml: str,
    author: str,
    change_note: str,
    now: datetime,
    separate: bool = False,
) -> DraftCheck:
    """Keep a supervisor's edit, with what the rules find in it (a draft may still be wrong).
    Saving again updates the author's open draft of the process, each save kept in its
    history; `separate` opens another draft instead."""
    latest = catalog.latest(session, process_id)
    parse_xml(bpmn_xml, f"{process_id}.bpmn")  # not even a draft is kept if it is not XML
    draft = None if separate else open_draft(session, process_id, author)
    if draft is not None:
        # Conditional: a draft approved or withdrawn meanwhile is left as it was, and the edit
        # opens a new draft of the newest version instead.
        updated = session.execute(
            update(ProcessDraft)
            .where(col(ProcessDraft.id) == draft.id, col(ProcessDraft.status) == "draft")
            .values(bpmn_xml=bpmn_xml, change_note=change_note)
        )
        draft = (
            session.get(ProcessDraft, draft.id, populate_existing=True)
            if updated.rowcount == 1
            else None
        )
    if draft is None:
        draft = ProcessDraft(
            process_id=process_id,
            base_version_id=latest.id,
            bpmn_xml=bpmn_xml,
            change_note=change_note,
            author=author,
            created_at=now,
        )
        session.add(draft)
        session.flush()
    assert draft is not None and draft.id is not None
    saves = session.exec(
        select(func.count()).where(col(ProcessDraftSave.draft_id) == draft.id)
    ).one()
    session.add(
        ProcessDraftSave(
            draft_id=draft.id,
            number=saves + 1,
            bpmn_xml=bpmn_xml,
            change_note=change_note,
            saved_at=now,
        )
    )
    session.flush()
    base = session.get(ProcessVersion, draft.base_version_id)
    assert base is not None
    return DraftCheck(draft, check_draft(bpmn_xml, base), saves + 1)


def approve_and_publish(
    session: Session,
    catalog: ProcessCatalog,
    draft_id: int,
    approver: str,
    now: datetime,
    diff_digest: str,
) -> ProcessVersion:
    """A second supervisor approves the draft whose changes they were shown (`diff_digest`,
    the digest of its semantic diff): it becomes the newest version."""
    # Conditional, like withdrawing: of an approval and a withdrawal at the same moment one
    # wins and the other finds the draft no longer waiting. The row stays locked until commit.
    claimed = session.execute(
        update(ProcessDraft)
        .where(col(ProcessDraft.id) == draft_id, col(ProcessDraft.status) == "draft")
        .values(status="published")
    )
    draft = session.get(ProcessDraft, draft_id, populate_existing=True)
    if draft is None:
        raise NotFound(f"no draft {draft_id}")
    if claimed.rowcount != 1:
        raise Conflict(f"draft {draft_id} is already {draft.status}")
    if approver == draft.author:
        raise FourEyesRequired(
            f"draft {draft_id} was drawn by {draft.author}; another supervisor must approve it"
        )
    base = session.get(ProcessVersion, draft.base_version_id)
    assert base is not None
    if draft_diff(draft.bpmn_xml, base).digest != diff_digest:
        raise DiffChanged(
            f"draft {draft_id} changed since its changes were shown to you; read them again "
            "before approving"
        )
    problems = check_draft(draft.bpmn_xml, base)
    if problems:
        raise InvalidProcess("; ".join(map(str, problems)), problems)
    version = catalog.publish(
        session,
        _bundle(draft.bpmn_xml, base),
        now,
        author=draft.author,
        approved_by=approver,
        change_note=draft.change_note,
    )
    draft.published_version_id = version.id
    draft.diff_digest = diff_digest
    session.add(draft)
    return version


def versions(session: Session, process_id: str) -> list[ProcessVersion]:
    found = session.exec(
        select(ProcessVersion)
        .where(ProcessVersion.process_id == process_id)
        .order_by(col(ProcessVersion.version))
    ).all()
    if not found:
        raise NotFound(f"no process {process_id!r}")
    return list(found)


@dataclass(frozen=True)
class VersionDiff:
    added: list[str]
    removed: list[str]
    changed: list[str]


def _elements(bpmn_xml: str) -> dict[str, bytes]:
    """Each element of the process (not its drawing) by id, in a canonical form."""
    root = parse_xml(bpmn_xml, "diagram")
    elements = {}
    for node in root.iter(f"{{{BPMN}}}*"):
        if etree.QName(node).localname not in _COMPARED:
            continue
        copy = etree.fromstring(etree.tostring(node))
        for child in list(copy):
            if etree.QName(child).localname in _COMPARED:
                copy.remove(child)  # a nested element is compared on its own
        elements[str(node.get("id"))] = etree.tostring(copy, method="c14n")
    return elements


def diff_versions(old_xml: str, new_xml: str) -> VersionDiff:
    """What a new version adds, removes and changes, by element id (the drawing aside)."""
    old, new = _elements(old_xml), _elements(new_xml)
    return VersionDiff(
        added=sorted(new.keys() - old.keys()),
        removed=sorted(old.keys() - new.keys()),
        changed=sorted(k for k in old.keys() & new.keys() if old[k] != new[k]),
    )


@dataclass(frozen=True)
class VersionInfo:
    process_id: str
    version: int
    sha256: str
    author: str
    approved_by: str | None
    change_note: str
    created_at: datetime


@dataclass(frozen=True)
class DraftInfo:
    id: int
    process_id: str
    base_version: int
    author: str
    change_note: str
    status: str
    problems: list[Problem]
    saves: int


class ProcessAdministration:
    """The publishing commands and queries as one unit of work each, for the API and the CLI."""

    def __init__(self, db: Engine, catalog: ProcessCatalog, clock: Clock) -> None:
        self.db = db
        self.catalog = catalog
        self.clock = clock

    def versions(self, process_id: str) -> list[VersionInfo]:
        with Session(self.db) as session:
            return [_version_info(v) for v in versions(session, process_id)]

    def version_xml(self, process_id: str, version: int) -> str:
        with Session(self.db) as session:
            return self.catalog.version(session, process_id, version).bpmn_xml

    def diff(self, process_id: str, old: int, new: int) -> VersionDiff:
        with Session(self.db) as session:
            return diff_versions(
                self.catalog.version(session, process_id, old).bpmn_xml,
                self.catalog.version(session, process_id, new).bpmn_xml,
            )

    def semantic_diff(self, process_id: str, old: int, new: int) -> SemanticDiff:
        with Session(self.db) as session:
            return semantic_diff(
                _version_bundle(self.catalog.version(session, process_id, old)),
                _version_bundle(self.catalog.version(session, process_id, new)),
            )

    def save_draft(
        self, process_id: str, bpmn_xml: str, author: str, note: str, separate: bool = False
    ) -> DraftInfo:
        with Session(self.db) as session, transaction(session):
            check = save_draft(
                session,
                self.catalog,
                process_id,
                bpmn_xml,
                author,
                note,
                self.clock.now(),
                separate,
            )
            base = session.get(ProcessVersion, check.draft.base_version_id)
            assert base is not None and check.draft.id is not None
            return DraftInfo(
                id=check.draft.id,
                process_id=process_id,
                base_version=base.version,
                author=author,
                change_note=note,
                status=check.draft.status,
                problems=check.problems,
                saves=check.saves,
            )

    def approve(self, draft_id: int, approver: str, diff_digest: str) -> VersionInfo:
        with Session(self.db) as session, transaction(session):
            version = approve_and_publish(
                session, self.catalog, draft_id, approver, self.clock.now(), diff_digest
            )
            return _version_info(version)


def _version_info(version: ProcessVersion) -> VersionInfo:
    return VersionInfo(
        process_id=version.process_id,
        version=version.version,
        sha256=version.sha256,
        author=version.author,
        approved_by=version.approved_by,
        change_note=version.change_note,
        created_at=version.created_at,
    )

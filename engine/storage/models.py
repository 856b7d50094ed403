"""The tables. A case's workflow is stored split: one row per SpiffWorkflow task, so a step
writes the tasks it changed rather than the whole history again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Index,
    LargeBinary,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; store UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _utc_column(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UtcDateTime(), **kwargs))


class ProcessVersion(SQLModel, table=True):
    """One immutable version of a process: its BPMN and the forms of its tasks."""

    __tablename__ = "process_version"
    __table_args__ = (
        UniqueConstraint("process_id", "version"),
        UniqueConstraint("process_id", "bundle_sha256"),
    )

    id: int | None = Field(default=None, primary_key=True)
    process_id: str = Field(index=True, max_length=200)
    version: int
    name: str
    sha256: str = Field(max_length=64)
    bundle_sha256: str = Field(max_length=64)
    bpmn_xml: str = Field(sa_column=Column(Text, nullable=False))
    forms: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    dmn: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _utc_column(nullable=False)
    # Who drew and who approved it (four eyes); "files" for versions loaded from processes/.
    author: str = Field(default="files", max_length=200)
    approved_by: str | None = Field(default=None, max_length=200)
    change_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Case(SQLModel, table=True):
    __tablename__ = "nrm_case"
    __table_args__ = (Index("ix_case_status", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(default="", index=True, max_length=40)
    process_id: str = Field(max_length=200)
    process_version_id: int = Field(foreign_key="process_version.id")
    status: str = Field(default="open", max_length=20)
    revision: int = 0
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    workflow: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _utc_column(nullable=False)
    updated_at: datetime = _utc_column(nullable=False)
    # Who the case's tasks go to, copied out of its data at every step (engine/base/case_routing.py)
    # so that an inbox is found by an index among many open cases, not by reading each one.
    region_key: str | None = Field(default=None, index=True)
    court: str | None = Field(default=None, index=True)
    case_manager: str | None = Field(default=None, index=True)


class WorkflowTaskRow(SQLModel, table=True):
    """One serialized SpiffWorkflow task of a case (its data is stored as a delta)."""

    __tablename__ = "workflow_task"

    case_id: int = Field(foreign_key="nrm_case.id", primary_key=True)
    task_id: str = Field(primary_key=True, max_length=36)
    body: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class InboxTask(SQLModel, table=True):
    """A ready user task, kept in step with the workflow so the inbox needs no deserializing."""

    __tablename__ = "inbox_task"
    __table_args__ = (Index("ix_inbox_role_due", "role", "due_at"),)

    id: str = Field(primary_key=True, max_length=36)
    case_id: int = Field(foreign_key="nrm_case.id", index=True)
    name: str = Field(max_length=200)
    title: str
    role: str = Field(max_length=60)
    form: str = Field(max_length=200)
    created_at: datetime = _utc_column(nullable=False)
    due_at: datetime | None = _utc_column(nullable=True)


class Timer(SQLModel, table=True):
    """A timer event of a case. (status, due_at) is indexed: finding due timers is a range scan.
    Each occurrence of a repeating timer is a row of its own, all of the one workflow task."""

    __tablename__ = "timer"
    __table_args__ = (Index("ix_timer_status_due", "status", "due_at"),)

    id: str = Field(primary_key=True, max_length=36)
    case_id: int = Field(foreign_key="nrm_case.id", index=True)
    task_id: str = Field(max_length=36)  # the timer's task in the workflow
    occurrence: int | None = None  # 1, 2, ... of a repeating timer; None for a one-off
    name: str = Field(max_length=200)
    title: str
    # pending | fired | cancelled | stuck (could not fire: an incident, left out of the worker's
    # rounds until a supervisor retries it)
    status: str = Field(default="pending", max_length=20)
    due_at: datetime = _utc_column(nullable=False)
    ended_at: datetime | None = _utc_column(nullable=True)
    attached_to: str | None = Field(default=None, max_length=200)


class Event(SQLModel, table=True):
    """The append-only history of a case. Each event chains the hash of the one before it."""

    __tablename__ = "event"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="nrm_case.id", index=True)
    seq: int
    type: str = Field(max_length=40)
    actor: str = Field(max_length=200)
    at: datetime = _utc_column(nullable=False)
    task_id: str | None = Field(default=None, max_length=36)
    task_name: str | None = Field(default=None, max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    process_version_id: int = Field(foreign_key="process_version.id")
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class Document(SQLModel, table=True):
    """A generated document. Never updated: regenerating adds a new row."""

    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="nrm_case.id", index=True)
    kind: str = Field(max_length=60)
    # 'sq' | 'en': every document is generated in Albanian and in English, one row each.
    language: str = Field(default="sq", max_length=8, sa_column_kwargs={"server_default": "sq"})
    title: str
    filename: str
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    event_seq: int
    process_version_id: int = Field(foreign_key="process_version.id")
    created_at: datetime = _utc_column(nullable=False)


class CaseAttachment(SQLModel, table=True):
    """A file a person attached to a case (a scanned court order, a photo of a document). Never
    updated; its `case_attached` event (seq `event_seq`) carries its sha256 in the hash chain."""

    __tablename__ = "case_attachment"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="nrm_case.id", index=True)
    event_seq: int
    filename: str = Field(max_length=255)
    # Read from the content's first bytes (engine/cases/attachments.py), never from the name.
    media_type: str = Field(max_length=60)
    size: int
    sha256: str = Field(max_length=64)
    classification: str = Field(max_length=20)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by: str = Field(max_length=200)
    uploaded_at: datetime = _utc_column(nullable=False)


# --- People, sign-in, assignment and access (issue 5) -------------------------------------------


class User(SQLModel, table=True):
    """A person who signs in. `region` scopes regional roles; `court` scopes court users."""

    __tablename__ = "nrm_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=60)
    region: str | None = Field(default=None, max_length=200)
    court: str | None = Field(default=None, max_length=300)
    active: bool = True
    created_at: datetime = _utc_column(nullable=False)


class AdminLogEntry(SQLModel, table=True):
    """One change to an account (who, what, before and after; never a password), hash-chained
    like a case's events so that a row altered or removed afterwards is found."""

    __tablename__ = "admin_log"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    at: datetime = _utc_column(nullable=False)
    actor: str = Field(max_length=200)
    action: str = Field(max_length=60)
    target: str = Field(max_length=200)
    before: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    after: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class RoleGrant(SQLModel, table=True):
    """A role that reads personal data, asked for by one administrator and given only when a
    second one approves."""

    __tablename__ = "role_grant"

    id: int | None = Field(default=None, primary_key=True)
    user_name: str = Field(index=True, max_length=200)
    role: str = Field(max_length=60)
    region: str | None = Field(default=None, max_length=200)
    court: str | None = Field(default=None, max_length=300)
    requested_by: str = Field(max_length=200)
    requested_at: datetime = _utc_column(nullable=False)
    decided_by: str | None = Field(default=None, max_length=200)
    decided_at: datetime | None = _utc_column(nullable=True)
    status: str = Field(default="pending", max_length=20)  # pending | approved


class SignInFailures(SQLModel, table=True):
    """Failed sign-ins in a row under one user name, whether an account has that name or not
    (so that locking out does not tell which names exist), and until when it must wait."""

    __tablename__ = "sign_in_failures"

    name: str = Field(primary_key=True, max_length=200)
    failures: int = 0
    locked_until: datetime | None = _utc_column(nullable=True)


class AuthSession(SQLModel, table=True):
    """A signed-in session (browser cookie) or bearer token; only the token's sha256 is kept."""

    __tablename__ = "auth_session"

    token_sha256: str = Field(primary_key=True, max_length=64)
    user_name: str = Field(index=True, max_length=200)
    kind: str = Field(max_length=20)  # cookie | bearer
    csrf_token: str = Field(max_length=64)
    created_at: datetime = _utc_column(nullable=False)
    expires_at: datetime = _utc_column(nullable=False)


class TaskClaim(SQLModel, table=True):
    """Who took a ready task from their team's inbox."""

    __tablename__ = "task_claim"

    task_id: str = Field(primary_key=True, max_length=36)
    case_id: int = Field(foreign_key="nrm_case.id", index=True)
    user_name: str = Field(max_length=200)
    claimed_at: datetime = _utc_column(nullable=False)


class CaseAssignment(SQLModel, table=True):
    """The case manager a supervisor appointed in place of the intake's `case_manager`
    (the change itself is an event in the case's hash-chained log)."""

    __tablename__ = "case_assignment"

    case_id: int = Field(foreign_key="nrm_case.id", primary_key=True)
    case_manager: str = Field(max_length=200)
    assigned_by: str = Field(max_length=200)
    assigned_at: datetime = _utc_column(nullable=False)


class AccessLogEntry(SQLModel, table=True):
    """Art. 4: every view of a case's personal data: who, when, which case, what."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_case", "case_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="nrm_case.id")
    user_name: str = Field(max_length=200)
    role: str = Field(max_length=60)
    at: datetime = _utc_column(nullable=False)
    what: str = Field(max_length=60)  # case | events | task | page
    personal_data: bool = False
    # Why, where the user had to say (a full audit export).
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class CaseLink(SQLModel, table=True):
    """A case started from another one (screening → child_return, DRRA → screening)."""

    __tablename__ = "case_link"

    id: int | None = Field(default=None, primary_key=True)
    from_case_id: int = Field(foreign_key="nrm_case.id", index=True)
    to_case_id: int = Field(foreign_key="nrm_case.id", index=True)
    task_name: str = Field(max_length=200)
    created_at: datetime = _utc_column(nullable=False)


class ChainAnchor(SQLModel, table=True):
    """A digest of every case's newest event, recorded periodically: a later deletion of a
    case's newest events, or of a whole case, no longer matches it."""

    __tablename__ = "chain_anchor"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _utc_column(nullable=False)
    heads: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    prev_digest: str = Field(max_length=64)
    digest: str = Field(max_length=64)


class ProcessDraft(SQLModel, table=True):
    """A supervisor's edit of a process, waiting for a second supervisor to approve it."""

    __tablename__ = "process_draft"

    id: int | None = Field(default=None, primary_key=True)
    process_id: str = Field(index=True, max_length=200)
    base_version_id: int = Field(foreign_key="process_version.id")
    bpmn_xml: str = Field(sa_column=Column(Text, nullable=False))
    change_note: str = Field(sa_column=Column(Text, nullable=False))
    author: str = Field(max_length=200)
    created_at: datetime = _utc_column(nullable=False)
    status: str = Field(default="draft", max_length=20)  # draft | published | withdrawn
    published_version_id: int | None = Field(default=None, foreign_key="process_version.id")
    # The approval: the digest of the semantic diff the approving supervisor was shown.
    diff_digest: str | None = Field(default=None, max_length=64)


class ProcessDraftSave(SQLModel, table=True):
    """One save of a draft, in order: saving again updates the author's open draft, and what
    each save held stays here."""

    __tablename__ = "process_draft_save"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    draft_id: int = Field(foreign_key="process_draft.id", index=True)
    number: int  # 1 for the save that opened the draft
    bpmn_xml: str = Field(sa_column=Column(Text, nullable=False))
    change_note: str = Field(sa_column=Column(Text, nullable=False))
    saved_at: datetime = _utc_column(nullable=False)


class Incident(SQLModel, table=True):
    """A service or script task that failed (kind "task"), or due timers that could not fire
    (kind "timer", their rows "stuck"): the case waits until a supervisor retries after a fix.
    Opening, each failed retry and the resolution are also events of the case."""

    __tablename__ = "incident"
    __table_args__ = (Index("ix_incident_status_case", "status", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="nrm_case.id", index=True)
    task_id: str = Field(max_length=36)
    element_id: str = Field(max_length=200)
    element_title: str
    error_class: str = Field(max_length=200)
    error_message: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="open", max_length=20)  # open | resolved
    kind: str = Field(default="task", max_length=20)  # task | timer
    attempts: int = 1
    created_at: datetime = _utc_column(nullable=False)
    resolved_by: str | None = Field(default=None, max_length=200)
    resolved_at: datetime | None = _utc_column(nullable=True)


class Facility(SQLModel, table=True):
    """Art. 5.C.2: an approved shelter or centre of the service directory. The address and the
    out-of-hours contact locate victims: only the roles of engine/directory/facilities.py
    see them."""

    __tablename__ = "facility"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)  # shelter | centre
    region: str = Field(index=True, max_length=100)
    address: str = Field(sa_column=Column(Text, nullable=False))
    capacity: int
    takes_children: bool
    out_of_hours_contact: str = Field(max_length=200)
    active: bool = True
    updated_at: datetime = _utc_column(nullable=False)
    updated_by: str = Field(max_length=200)


class Placement(SQLModel, table=True):
    """A case placed in a facility, from the step that placed it to the step it left (or the
    case closed). Written by the case step itself, so free places follow the cases exactly."""

    __tablename__ = "placement"
    __table_args__ = (Index("ix_placement_facility_open", "facility_id", "ended_at"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="nrm_case.id", index=True)
    facility_id: int = Field(foreign_key="facility.id")
    started_at: datetime = _utc_column(nullable=False)
    ended_at: datetime | None = _utc_column(nullable=True)


class ReferenceValue(SQLModel, table=True):
    """A value a routing field may take (a region, a court of first instance), kept by admins:
    the case stores `value`, its Albanian name, which the inbox and the accounts' region and
    court compare; the names label it in each language. Retired values stay, inactive, so that
    older cases still show them (engine/directory/reference.py)."""

    __tablename__ = "reference_value"
    __table_args__ = (UniqueConstraint("kind", "value", name="uq_reference_value_kind_value"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)  # region | court
    value: str = Field(max_length=300)
    name_sq: str = Field(max_length=300)
    name_en: str = Field(max_length=300)
    active: bool = True

"""The use cases of a case's notes and files: add a note, attach a file, download one. Adding
asks `policy.can_add_notes`; a download asks `policy.can_read_attachment` (the file's
classification) and is written to the access log like every view of a case."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from engine.access import policy
from engine.access.users import Principal
from engine.base.errors import Forbidden, NotFound
from engine.cases import access_queries, attachments
from engine.history.access_log import record_access
from engine.nrm_engine import NrmEngine
from engine.services.case_access import viewable
from engine.services.session import use_case
from engine.storage.models import CaseAttachment
from forms.classification import PERSONAL, PROCEDURAL


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    case_id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    classification: str


@dataclass(frozen=True)
class AttachmentFile:
    filename: str
    media_type: str
    sha256: str
    content: bytes


def _may_add(session: Session, user: Principal, case_id: int) -> None:
    found = access_queries.case_facts(session, case_id)
    if not policy.can_add_notes(user, found):
        raise Forbidden(f"case {found.reference} is not one you work on")


def add_note(
    engine: NrmEngine, user: Principal, case_id: int, text: str, classification: str
) -> int:
    """A note on the case, read by its classification's readers; returns its event's seq."""
    with use_case(engine) as session:
        _may_add(session, user, case_id)
        return attachments.add_note(
            session, case_id, text, classification, user.name, engine.clock.now()
        )


def attach_file(
    engine: NrmEngine,
    user: Principal,
    case_id: int,
    filename: str,
    content: bytes,
    max_bytes: int,
    classification: str = PERSONAL,
) -> AttachmentInfo:
    """A PDF, JPEG or PNG on the case (type read from its content), at most `max_bytes`."""
    with use_case(engine) as session:
        _may_add(session, user, case_id)
        row = attachments.attach_file(
            session,
            case_id,
            filename,
            content,
            classification,
            user.name,
            engine.clock.now(),
            max_bytes,
        )
        assert row.id is not None
        return AttachmentInfo(
            row.id, case_id, row.filename, row.media_type, row.size, row.sha256, row.classification
        )


def attachment(engine: NrmEngine, user: Principal, attachment_id: int) -> AttachmentFile:
    """An attached file, for whoever may read its classification in its case; written to the
    access log (with personal data unless the file was classified procedural)."""
    with use_case(engine) as session:
        row = session.get(CaseAttachment, attachment_id)
        if row is None:
            raise NotFound(f"no attachment {attachment_id}")
        found = viewable(session, user, row.case_id)
        if not policy.can_read_attachment(user, found, row.classification, row.uploaded_by):
            raise Forbidden(f"this {row.classification} file is not for a {user.role}")
        personal = row.classification != PROCEDURAL
        record_access(session, user, row.case_id, "attachment", personal, engine.clock.now())
        return AttachmentFile(row.filename, row.media_type, row.sha256, bytes(row.content))

"""Notes and files added to a case by the people who work on it (a scanned court order is the
typical file): each is an event in the case's hash-chained log, written in the same transaction
as the file's row, so the chain vouches for the file's sha256 and a replay shows both.

A file's type is read from its first bytes, never from its name or the browser's word: a name
that says PDF over content that is not a PDF is refused, as is any type but PDF, JPEG and PNG."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from engine.base.errors import FieldError, InvalidData
from engine.cases.events import EventLog
from engine.cases.loading import load_case
from engine.storage.models import CaseAttachment
from forms.classification import CLASSES

NOTE_ADDED = "note_added"
FILE_ATTACHED = "file_attached"
MAX_NOTE_CHARS = 10_000


@dataclass(frozen=True)
class FileType:
    media_type: str
    magic: bytes
    extensions: tuple[str, ...]


FILE_TYPES: tuple[FileType, ...] = (
    FileType("application/pdf", b"%PDF-", (".pdf",)),
    FileType("image/jpeg", b"\xff\xd8\xff", (".jpg", ".jpeg")),
    FileType("image/png", b"\x89PNG\r\n\x1a\n", (".png",)),
)


def _classification(value: str) -> str:
    if value not in CLASSES:
        raise InvalidData(
            [FieldError(("classification",), f"choose one of: {', '.join(CLASSES)}", "enum")]
        )
    return value


def safe_filename(name: str) -> str:
    """The file's own name without any folder, control characters or quotes (it returns in a
    Content-Disposition header), at most 200 characters."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r'[\x00-\x1f\x7f"]', "", base).strip()
    return cleaned[-200:]


def file_type(filename: str, content: bytes) -> FileType:
    """The type `content` is, if it is one the name also says; otherwise InvalidData."""
    found = next((kind for kind in FILE_TYPES if content.startswith(kind.magic)), None)
    if found is None:
        raise InvalidData(
            [
                FieldError(
                    ("file",),
                    "the file is not a PDF, JPEG or PNG (read from its content)",
                    "file_kind",
                )
            ]
        )
    if not filename.lower().endswith(found.extensions):
        raise InvalidData(
            [
                FieldError(
                    ("file",),
                    f"the file's name {filename!r} does not say what its content is "
                    f"({found.media_type}); rename it {found.extensions[0]}",
                    "file_name",
                )
            ]
        )
    return found


def add_note(
    session: Session, case_id: int, text: str, classification: str, actor: str, now: datetime
) -> int:
    """Append a note to the case's history; returns its event's seq."""
    text = text.strip()
    if not text:
        raise InvalidData([FieldError(("note",), "write the note", "missing")])
    if "\x00" in text:  # PostgreSQL stores no NUL in text
        raise InvalidData([FieldError(("note",), "the note holds a NUL character", "type")])
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidData(
            [FieldError(("note",), f"at most {MAX_NOTE_CHARS} characters", "maxLength")]
        )
    case, _version = load_case(session, case_id)
    event = EventLog(session, case_id, case.process_version_id).append(
        NOTE_ADDED, actor, now, {"note": text, "classification": _classification(classification)}
    )
    return event.seq


def attach_file(
    session: Session,
    case_id: int,
    filename: str,
    content: bytes,
    classification: str,
    actor: str,
    now: datetime,
    max_bytes: int,
) -> CaseAttachment:
    """Store a file on the case and append its event (name, type, size, sha256)."""
    name = safe_filename(filename)
    if not name:
        raise InvalidData([FieldError(("file",), "choose a file", "missing")])
    if not content:
        raise InvalidData([FieldError(("file",), "the file is empty", "missing")])
    if len(content) > max_bytes:
        raise InvalidData(
            [FieldError(("file",), f"the file is larger than {max_bytes:,} bytes", "file_size")]
        )
    kind = file_type(name, content)
    classification = _classification(classification)
    case, _version = load_case(session, case_id)
    digest = hashlib.sha256(content).hexdigest()
    log = EventLog(session, case_id, case.process_version_id)
    attachment = CaseAttachment(
        case_id=case_id,
        event_seq=log.next_seq,
        filename=name,
        media_type=kind.media_type,
        size=len(content),
        sha256=digest,
        classification=classification,
        content=content,
        uploaded_by=actor,
        uploaded_at=now,
    )
    session.add(attachment)
    session.flush()
    log.append(
        FILE_ATTACHED,
        actor,
        now,
        {
            "attachment_id": attachment.id,
            "name": name,
            "media_type": kind.media_type,
            "size": len(content),
            "sha256": digest,
            "classification": classification,
        },
    )
    return attachment

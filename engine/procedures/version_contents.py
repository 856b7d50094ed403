"""The large columns of process versions (diagram, forms, DMN) kept in memory by content hash.

Every step and every case view needs the version its case is pinned to, and the row is mostly
its diagram (~90 KB) and forms (~30 KB of JSON to parse). Those columns are what
`bundle_sha256` hashes, so the hash names the content itself, in any database and any process:
a cached entry cannot go stale when another process publishes, a database is restored under a
running process, or the same id names another row. The small columns (id, number, author,
approval, ...) are still read from the row every time, in the same statement as the case.

The content is checked against its hash before it is kept. The returned `ProcessVersion` is a
transient object that shares the cached forms and DMN: read-only, like the row it stands for.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from engine.storage.models import ProcessVersion
from engine.workflow.specs import ProcessBundle

# Published versions of all processes together, drafts checked in the modeler not included.
DEFAULT_SIZE = 64

# Every column but the large ones, in the order `_version` reads them.
HEAD_COLUMNS = (
    col(ProcessVersion.id),
    col(ProcessVersion.process_id),
    col(ProcessVersion.version),
    col(ProcessVersion.name),
    col(ProcessVersion.sha256),
    col(ProcessVersion.bundle_sha256),
    col(ProcessVersion.created_at),
    col(ProcessVersion.author),
    col(ProcessVersion.approved_by),
    col(ProcessVersion.change_note),
)


@dataclass(frozen=True)
class _Content:
    bpmn_xml: str
    forms: dict[str, Any]
    dmn: dict[str, str]


class VersionContents:
    """At most `size` contents, the least recently used dropped first."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[str, _Content] = OrderedDict()
        self._lock = threading.Lock()

    def version(self, session: Session, head: Sequence[Any]) -> ProcessVersion:
        """The version whose `HEAD_COLUMNS` are `head`, its content from memory if held."""
        fields = dict(zip((column.key for column in HEAD_COLUMNS), head, strict=True))
        content = self._get(fields["bundle_sha256"]) or self._load(session, fields)
        return ProcessVersion(
            **fields, bpmn_xml=content.bpmn_xml, forms=content.forms, dmn=content.dmn
        )

    def _get(self, bundle_sha256: str) -> _Content | None:
        with self._lock:
            content = self._entries.get(bundle_sha256)
            if content is not None:
                self._entries.move_to_end(bundle_sha256)
            return content

    def _load(self, session: Session, fields: dict[str, Any]) -> _Content:
        bpmn_xml, forms, dmn = session.exec(
            select(ProcessVersion.bpmn_xml, ProcessVersion.forms, ProcessVersion.dmn).where(
                ProcessVersion.id == fields["id"]
            )
        ).one()
        content = _Content(bpmn_xml, forms, dmn)
        bundle = ProcessBundle(fields["process_id"], fields["name"], bpmn_xml, forms, dmn)
        if bundle.bundle_sha256 != fields["bundle_sha256"]:
            return content  # a row whose hash does not name its content is never shared
        with self._lock:
            self._entries[fields["bundle_sha256"]] = content
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return content

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


VERSION_CONTENTS = VersionContents()

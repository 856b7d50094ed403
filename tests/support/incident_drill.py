"""The incident drill (tests/fixtures/incidents): a process whose document task fails, with a
document renderer that can be broken and fixed again."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from documents.generate import GeneratedDocument
from tests.support.setup import FIXTURES

DRILL = FIXTURES / "incidents"


INTAKE = {"family": "Hoxha", "home_region": "Elbasan"}


COUNT_SCRIPT = "<bpmn:script>visits = len(visit_date.split('-')) - 2</bpmn:script>"


class Templates:
    """The document renderer with a template that can be broken and fixed again."""

    def __init__(self) -> None:
        self.broken = True

    def render(
        self, kind: str, facts: Any, issued_at: datetime, language: str
    ) -> GeneratedDocument:
        if self.broken:
            raise OSError(f"the template of {kind} is missing")
        content = f"{kind} {facts.reference} {language}".encode()
        digest = hashlib.sha256(content).hexdigest()
        filename = f"{kind}_{facts.reference}_{language}.pdf"
        return GeneratedDocument(kind, language, kind, filename, content, digest, digest)

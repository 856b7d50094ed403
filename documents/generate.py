"""The documents' public interface: `generate_document(kind, case, issued_at)`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from documents.context import build_values
from documents.facts import CaseFacts
from documents.labels import DOCUMENT_LABELS, labels_for
from documents.render import html_to_pdf, render_html

__all__ = ["DOCUMENT_KINDS", "CaseFacts", "GeneratedDocument", "generate_document"]

DOCUMENT_KINDS: frozenset[str] = frozenset(DOCUMENT_LABELS)


@dataclass(frozen=True)
class GeneratedDocument:
    kind: str
    title: str
    filename: str  # from the kind and the case reference only: never a name or an address
    content: bytes
    sha256: str


def generate_document(kind: str, case: CaseFacts, issued_at: datetime) -> GeneratedDocument:
    if kind not in DOCUMENT_KINDS:
        raise ValueError(
            f"unknown document kind {kind!r}; known kinds: {', '.join(sorted(DOCUMENT_KINDS))}"
        )
    if issued_at.tzinfo is None or issued_at.utcoffset() is None:
        # A naive time would put an unknown date on a court document and in its metadata.
        raise ValueError("issued_at must be a timezone-aware datetime")
    labels = labels_for(kind)
    try:
        values = build_values(kind, case, issued_at, labels)
    except ValueError as error:
        raise ValueError(f"cannot generate the {kind}: {error}") from error
    content = html_to_pdf(render_html(kind, labels, values, issued_at), issued_at)
    return GeneratedDocument(
        kind=kind,
        title=labels["title"],
        filename=f"{kind}_{case.reference}.pdf",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )

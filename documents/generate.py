"""The documents' public interface: `generate_document(kind, case, issued_at, language)`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from documents.context import BUILDERS, build_values
from documents.facts import CaseFacts
from documents.labels import LANGUAGES, check_language, labels_for
from documents.render import html_to_pdf, render_with_content_hash
from documents.signing import DocumentSigner

__all__ = [
    "DOCUMENT_KINDS",
    "LANGUAGES",
    "CaseFacts",
    "DocumentSigner",
    "GeneratedDocument",
    "generate_document",
]

# Each kind is a template, documents/templates/<kind>.html, and its values (documents/context.py).
DOCUMENT_KINDS: frozenset[str] = frozenset(BUILDERS)


@dataclass(frozen=True)
class GeneratedDocument:
    kind: str
    language: str  # 'sq' | 'en'
    title: str
    filename: str  # from the kind, the case reference and the language: never a name or address
    content: bytes  # the signed PDF/A-3b file
    sha256: str  # of `content`
    content_sha256: str  # printed in the footer: of the HTML source, with that value blank


def generate_document(
    kind: str,
    case: CaseFacts,
    issued_at: datetime,
    language: str = "sq",
    *,
    signer: DocumentSigner,
) -> GeneratedDocument:
    """The signed PDF/A-3b document `kind` of `case`, in `language`, issued at `issued_at`.

    `signer` signs it: the deployment's (`documents.signing.configured_signer`) or a test's.
    Raises ValueError naming the problem when the kind or the language is unknown
    or the case facts do not allow the document.
    """
    if kind not in DOCUMENT_KINDS:
        raise ValueError(
            f"unknown document kind {kind!r}; known kinds: {', '.join(sorted(DOCUMENT_KINDS))}"
        )
    check_language(language)
    if issued_at.tzinfo is None or issued_at.utcoffset() is None:
        # A naive time would put an unknown date on a court document and in its metadata.
        raise ValueError("issued_at must be a timezone-aware datetime")
    labels = labels_for(kind, language)
    try:
        values = build_values(kind, case, issued_at, labels)
    except ValueError as error:
        raise ValueError(f"cannot generate the {kind}: {error}") from error
    html, content_sha256 = render_with_content_hash(kind, language, labels, values, issued_at)
    pdf = html_to_pdf(html, issued_at)
    fill = {**labels, **values}
    content = signer.sign(
        pdf,
        signed_at=issued_at,
        reason=labels["signature_reason"].format_map(fill),
        location=labels["state"],
    )
    return GeneratedDocument(
        kind=kind,
        language=language,
        title=labels["title"],
        filename=f"{kind}_{case.reference}_{language}.pdf",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        content_sha256=content_sha256,
    )


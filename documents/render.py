"""HTML from the Jinja templates, and PDF/A-3b from the HTML with WeasyPrint."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import SubElement, fromstring, tostring

from jinja2 import Environment, FileSystemLoader, StrictUndefined, UndefinedError, select_autoescape
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.pdf.metadata import NS, DocumentMetadata

from documents.reproducible import fonts_dated

TEMPLATES = Path(__file__).parent / "templates"

# PDF/A-3 level B (ISO 19005-3): archival, fonts embedded, the sRGB output intent, XMP metadata.
PDF_VARIANT = "pdf/a-3b"


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["css_string"] = css_string
    return environment


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string, safe inside an HTML <style> element."""
    escaped = "".join(
        char if char.isalnum() or char in " .,:;-_()" else f"\\{ord(char):06x}" for char in text
    )
    return Markup(f'"{escaped}"')


def render_html(
    kind: str,
    language: str,
    labels: Mapping[str, str],
    values: Mapping[str, Any],
    issued_at: datetime,
    content_sha256: str = "",
) -> str:
    fill = {**labels, **values}

    def t(key: str) -> str:
        try:
            return labels[key].format_map(fill)
        except KeyError as error:
            raise ValueError(f"the {kind} label {key!r} needs the value {error}") from None

    moment = issued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        return (
            _environment()
            .get_template(f"{kind}.html")
            .render(
                kind=kind,
                language=language,
                labels=labels,
                doc=values,
                t=t,
                pdf_title=pdf_title(labels, values),
                moment=moment,
                content_sha256=content_sha256,
            )
        )
    except UndefinedError as error:
        # The context builders check every field first; reaching this is a template bug.
        raise ValueError(f"the {kind} template uses a value it was not given: {error}") from None


def render_with_content_hash(
    kind: str,
    language: str,
    labels: Mapping[str, str],
    values: Mapping[str, Any],
    issued_at: datetime,
) -> tuple[str, str]:
    """The document's HTML with its content hash printed in the footer, and that hash.

    A PDF cannot print its own final sha256, so the footer carries the sha256 of the document's
    HTML source as rendered with the hash left blank: `content_sha256(html)` recomputes it from
    the finished HTML. It names the text and the facts of the document in this language; the
    sha256 of the signed PDF file is stored with the document in the case record.
    """
    blank = render_html(kind, language, labels, values, issued_at)
    digest = hashlib.sha256(blank.encode("utf-8")).hexdigest()
    html = render_html(kind, language, labels, values, issued_at, content_sha256=digest)
    return html, digest


def content_sha256(html: str, printed: str) -> str:
    """The sha256 of a rendered document's HTML with the printed hash `printed` left blank."""
    return hashlib.sha256(html.replace(printed, "", 1).encode("utf-8")).hexdigest()


def pdf_title(labels: Mapping[str, str], values: Mapping[str, Any]) -> str:
    return f"{labels['title']} ({values['reference']})"


class _ArchivalMetadata(DocumentMetadata):
    """WeasyPrint's metadata plus the document language in the XMP packet (dc:language).

    WeasyPrint writes the language to the catalogue (/Lang) only; dc:language is a Dublin Core
    property, predefined for PDF/A, so it needs no extension schema.
    """

    def generate_rdf_metadata(self, variant: str, version: int, conformance: str) -> bytes:
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
        if self.lang:
            description = SubElement(rdf, f"{{{NS['rdf']}}}Description")
            description.attrib[f"{{{NS['rdf']}}}about"] = ""
            bag = SubElement(
                SubElement(description, f"{{{NS['dc']}}}language"), f"{{{NS['rdf']}}}Bag"
            )
            SubElement(bag, f"{{{NS['rdf']}}}li").text = self.lang
        return tostring(rdf, encoding="utf-8")


def html_to_pdf(html: str, issued_at: datetime) -> bytes:
    """A PDF/A-3b rendering of `html` (title, author, subject, keywords and language come from
    its <head>, the dates from `issued_at`)."""
    # base_url lets the stylesheet and the bundled fonts load from this package, not the system.
    with fonts_dated(issued_at):
        document = HTML(string=html, base_url=str(TEMPLATES) + "/").render()
        metadata = _ArchivalMetadata.__new__(_ArchivalMetadata)
        metadata.__dict__.update(vars(document.metadata))
        document.metadata = metadata
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None
    return pdf

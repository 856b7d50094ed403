"""Every document kind, in both languages: PDF/A-3b with its metadata, the required fields in
its text, the content hash in its footer, and its pages as pictures (pdftoppm)."""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from documents.context import build_values
from documents.labels import labels_for
from documents.render import content_sha256, render_html
from tests.support.documents import (
    CASES,
    ISSUED_AT,
    LANGUAGES,
    ONE_OF_EACH,
    REFERENCE,
    facts,
    generated,
    text_of,
)

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}

# What each kind must print, whatever the language: the facts the addressee acts on.
REQUIRED: dict[str, list[str]] = {
    "custody_petition": [
        REFERENCE,
        "Ë. Ç.",
        "14.03.2010",
        "Shkodër District Court",
        "Shkodër",
        "20.02.2026",
        "Kakavijë",
        "mhoxha",
        "02.03.2026",
    ],
    "police_report": [REFERENCE, "Ë. Ç.", "14.03.2010", "Shkodër", "09.03.2026", "mhoxha"],
    "social_services_report": [
        REFERENCE,
        "Ë. Ç.",
        "14.03.2010",
        "Shkodër",
        "09.03.2026",
        "mhoxha",
    ],
    "followup_visit_record": [
        REFERENCE,
        "Ë. Ç.",
        "14.03.2010",
        "Shkodër",
        "20.02.2026",  # returned
        "27.02.2026",  # due
        "02.03.2026",  # visited
        "mhoxha",
    ],
    "family_assessment_summary": [
        REFERENCE,
        "Ë. Ç.",
        "14.03.2010",
        "Shkodër District Court",
        "Nr. 118/2026",
        "02.03.2026",
        "16.03.2026",
        "mhoxha",
    ],
    "guardianship_petition": [
        REFERENCE,
        "Ë. Ç.",
        "14.03.2010",
        "Shkodër District Court",
        "21.02.2026",  # placed
        "22.02.2026",  # the first search attempt
        "26.02.2026",  # the second
        "mhoxha",
    ],
}

# pdftoppm pictures are A4: 210 by 297 mm.
A4_RATIO = 210 / 297
MAX_PAGES = {
    "custody_petition": 3,
    "police_report": 2,
    "social_services_report": 2,
    "followup_visit_record": 3,
    "family_assessment_summary": 3,
    "guardianship_petition": 3,
}


def xmp_of(content: bytes) -> ElementTree.Element:
    reader = PdfReader(io.BytesIO(content))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    return ElementTree.fromstring(metadata.get_data())


def xmp_value(xmp: ElementTree.Element, name: str) -> str | None:
    """A simple XMP property, written as an attribute or as an element."""
    prefix, local = name.split(":")
    qualified = f"{{{NS[prefix]}}}{local}"
    for description in xmp.iter(f"{{{NS['rdf']}}}Description"):
        if qualified in description.attrib:
            return description.attrib[qualified]
        element = description.find(qualified)
        if element is not None:
            items = element.findall(".//rdf:li", NS)
            return items[0].text if items else element.text
    return None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "scenario"), CASES)
def test_document_is_pdf_a_3b_with_its_metadata(kind: str, scenario: str, language: str) -> None:
    document = generated(kind, scenario, language)
    reader = PdfReader(io.BytesIO(document.content))
    xmp = xmp_of(document.content)
    info = reader.metadata
    assert info is not None
    title = f"{document.title} ({REFERENCE})"

    assert document.content.startswith(b"%PDF-1.7")
    assert xmp_value(xmp, "pdfaid:part") == "3"
    assert xmp_value(xmp, "pdfaid:conformance") == "B"
    assert xmp_value(xmp, "dc:title") == title == info.title
    assert xmp_value(xmp, "dc:language") == language
    assert reader.trailer["/Root"]["/Lang"] == language
    keywords = xmp_value(xmp, "pdf:Keywords")
    assert keywords == info["/Keywords"] and REFERENCE in keywords and language in keywords
    subject = xmp_value(xmp, "dc:description")
    assert subject == info.subject and REFERENCE in subject and document.title in subject
    # PDF/A: the document information dictionary says what the XMP packet says.
    assert xmp_value(xmp, "pdf:Producer") == info.producer
    assert xmp_value(xmp, "xmp:CreateDate") == "2026-03-02T09:30:00Z"
    assert xmp_value(xmp, "xmp:ModifyDate") == "2026-03-02T09:30:00Z"
    assert "/Encrypt" not in reader.trailer


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "scenario"), ONE_OF_EACH)
def test_pdf_a_structure_survives_the_signature(kind: str, scenario: str, language: str) -> None:
    reader = PdfReader(io.BytesIO(generated(kind, scenario, language).content))
    root = reader.trailer["/Root"]

    intents = [intent.get_object() for intent in root["/OutputIntents"]]
    assert [str(intent["/S"]) for intent in intents] == ["/GTS_PDFA1"]
    assert "/DestOutputProfile" in intents[0]
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            if "/DescendantFonts" in descriptor:
                descriptor = descriptor["/DescendantFonts"][0].get_object()
            embedded = descriptor["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(embedded), "font not embedded"
    # The signature field: a printable widget (PDF/A forbids hidden annotations).
    form = root["/AcroForm"].get_object()
    assert form["/SigFlags"] == 3
    (field,) = [f.get_object() for f in form["/Fields"]]
    assert field["/FT"] == "/Sig"
    widget = field if "/Subtype" in field else field["/Kids"][0].get_object()
    assert isinstance(widget, DictionaryObject)
    assert int(widget["/F"]) & 4 and not int(widget["/F"]) & (1 | 2 | 32)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "scenario"), ONE_OF_EACH)
def test_every_required_field_is_in_the_text(kind: str, scenario: str, language: str) -> None:
    text = text_of(generated(kind, scenario, language))
    for value in REQUIRED[kind]:
        assert value in text, value


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "scenario"), ONE_OF_EACH)
def test_footer_hash_is_that_of_the_html_source(kind: str, scenario: str, language: str) -> None:
    document = generated(kind, scenario, language)
    labels = labels_for(kind, language)
    values = build_values(kind, facts(scenario), ISSUED_AT, labels)
    blank = render_html(kind, language, labels, values, ISSUED_AT)
    printed = render_html(kind, language, labels, values, ISSUED_AT, document.content_sha256)

    assert document.content_sha256 == hashlib.sha256(blank.encode("utf-8")).hexdigest()
    assert content_sha256(printed, document.content_sha256) == document.content_sha256
    assert document.content_sha256 != document.sha256, "the stored PDF has a hash of its own"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "scenario"), ONE_OF_EACH)
def test_pages_render_to_a4_pictures(
    kind: str, scenario: str, language: str, tmp_path: Path
) -> None:
    document = generated(kind, scenario, language)
    pdf = tmp_path / document.filename
    pdf.write_bytes(document.content)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pictures = sorted(tmp_path.glob("page-*.png"))
    pages = len(PdfReader(io.BytesIO(document.content)).pages)

    assert len(pictures) == pages
    assert 1 <= pages <= MAX_PAGES[kind]
    for picture in pictures:
        data = picture.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert abs(width / height - A4_RATIO) < 0.01, (width, height)
        assert len(data) > 2_000, "a blank page"

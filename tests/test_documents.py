"""Generated petitions and reports: content, confidentiality (Art. 4), errors, reproducibility."""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest
from fontTools.misc import timeTools
from pypdf import PdfReader
from weasyprint.pdf import fonts as weasyprint_fonts

from documents.confidentiality import redact
from documents.facts import initials
from documents.generate import (
    DOCUMENT_KINDS,
    CaseFacts,
    GeneratedDocument,
    generate_document,
)

REFERENCE = "NRM-2026-000001"
ISSUED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CHILD_NAME = "Ëndrra Çela"
FAMILY_ADDRESS = "Rruga Ismail Qemali 14, Shkodër"
SHELTER_NAME = "Shtëpia e Shpresës"
COURT = "Shkodër District Court"

INTAKE: Mapping[str, Any] = {
    "child_name": CHILD_NAME,
    "date_of_birth": "2010-03-14",
    "sex": "female",
    "home_region": "Shkodër",
    "family_address": FAMILY_ADDRESS,
    "identification_date": "2026-02-20",
    "identified_by": "Border Police Directorate, Kakavijë border crossing point",
    "case_manager": "mhoxha",
    "court": COURT,
    # People write names and places into free text; the documents must not repeat them.
    "circumstances": (
        "Ëndrra was found by border police travelling with an unrelated adult on a forged "
        "passport. She had been promised work in a restaurant in Greece but was made to beg and "
        "hand over the money every night.\n\n"
        f"Before leaving she lived with her parents at {FAMILY_ADDRESS}; the trip was arranged "
        "by an acquaintance of the Çela family."
    ),
    "shelter_name": SHELTER_NAME,
}

SCENARIOS: Mapping[str, Mapping[str, Any]] = {
    # Annex 1 D.1: the child refuses to return.
    "petition_d1": {
        **INTAKE,
        "child_wishes_return": False,
        "placement": "shelter",
        "petition_ground": "D.1",
        "shelter_reason": f"No relative can take her in safely; she is placed at {SHELTER_NAME}.",
    },
    # Annex 1 D.3: the family is implicated and the risk assessment found a risk.
    "petition_d3": {
        **INTAKE,
        "child_wishes_return": True,
        "parents_reachable": True,
        "family_implicated": True,
        "risk_identified": True,
        "risk_assessment_summary": (
            "The father admitted having received money from the recruiter; the family is in "
            "debt to the same person."
        ),
        "placement": "temporary_accommodation",
        "petition_ground": "D.3",
    },
    # Annex 1 D.2: the family is not implicated; released to the family.
    "release_d2": {
        **INTAKE,
        "child_wishes_return": True,
        "parents_reachable": True,
        "family_implicated": False,
        "placement": "family",
    },
    # Annex 1 D.3: family implicated, no risk found; escorted return.
    "release_d3": {
        **INTAKE,
        "child_wishes_return": True,
        "parents_reachable": True,
        "family_implicated": True,
        "risk_identified": False,
        "risk_assessment_summary": "Parents cooperative; no threat to Ëndrra was found.",
        "placement": "family",
    },
}

CASES: list[tuple[str, str]] = [
    ("custody_petition", "petition_d1"),
    ("custody_petition", "petition_d3"),
    ("police_report", "release_d2"),
    ("police_report", "release_d3"),
    ("social_services_report", "release_d2"),
    ("social_services_report", "release_d3"),
]


def facts(scenario: str, **changes: Any) -> CaseFacts:
    data = {**SCENARIOS[scenario], **changes}
    return CaseFacts(reference=REFERENCE, process_version="child_return v1", data=data)


def without(scenario: str, field: str) -> CaseFacts:
    data = {key: value for key, value in SCENARIOS[scenario].items() if key != field}
    return CaseFacts(reference=REFERENCE, process_version="child_return v1", data=data)


_generated: dict[tuple[str, str], GeneratedDocument] = {}


def generated(kind: str, scenario: str) -> GeneratedDocument:
    # Rendering takes a fraction of a second per PDF: render each case once per test run.
    if (kind, scenario) not in _generated:
        _generated[kind, scenario] = generate_document(kind, facts(scenario), ISSUED_AT)
    return _generated[kind, scenario]


def text_of(document: GeneratedDocument) -> str:
    """The PDF's text, whitespace collapsed and typographic apostrophes made plain."""
    reader = PdfReader(io.BytesIO(document.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return text.replace("\u2019", "'")


def metadata_of(document: GeneratedDocument) -> dict[str, str]:
    metadata = PdfReader(io.BytesIO(document.content)).metadata or {}
    return {str(key): str(value) for key, value in metadata.items()}


# --- every document -------------------------------------------------------------------------


def test_document_kinds() -> None:
    assert {"custody_petition", "police_report", "social_services_report"} == DOCUMENT_KINDS


@pytest.mark.parametrize(("kind", "scenario"), CASES)
def test_document_is_a_pdf_that_identifies_the_case_and_the_child(kind: str, scenario: str) -> None:
    document = generated(kind, scenario)
    text = text_of(document)

    assert document.kind == kind
    assert document.filename == f"{kind}_{REFERENCE}.pdf"
    assert document.content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(document.content).hexdigest()
    assert len(PdfReader(io.BytesIO(document.content)).pages) >= 1
    assert REFERENCE in text
    assert "Ë. Ç." in text
    assert "14.03.2010" in text
    assert "Art. 5.B.4" in text or "Article 5.B.4" in text


@pytest.mark.parametrize(("kind", "scenario"), CASES)
def test_document_reveals_no_name_address_or_shelter(kind: str, scenario: str) -> None:
    document = generated(kind, scenario)
    text = text_of(document).casefold()
    metadata = " ".join(metadata_of(document).values()).casefold()
    secrets = [CHILD_NAME, "Ëndrra", "Çela", FAMILY_ADDRESS, "Ismail Qemali", SHELTER_NAME]

    for secret in secrets:
        assert secret.casefold() not in text, secret
        assert secret.casefold() not in metadata, secret
        assert secret.casefold() not in document.filename.casefold(), secret
        assert secret.casefold() not in document.title.casefold(), secret


@pytest.mark.parametrize(("kind", "scenario"), CASES)
def test_metadata_comes_from_the_issue_time(kind: str, scenario: str) -> None:
    document = generated(kind, scenario)
    reader = PdfReader(io.BytesIO(document.content))
    assert reader.metadata is not None
    assert reader.metadata.title == f"{document.title} ({REFERENCE})"
    assert reader.metadata.creation_date == ISSUED_AT
    assert reader.metadata.modification_date == ISSUED_AT


def test_bundled_fonts_are_embedded(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = generate_document("custody_petition", facts("petition_d1"), ISSUED_AT)
    # A font-face that fails to load is only a warning: the text would silently fall back.
    # (The advice to install HarfBuzz-Subset depends on the machine, not on the document.)
    warnings = [
        record.getMessage()
        for record in caplog.records
        if record.name == "weasyprint" and "HarfBuzz-Subset" not in record.getMessage()
    ]
    assert not warnings, warnings
    reader = PdfReader(io.BytesIO(document.content))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # Subset fonts are named "ABCDEF+<family>"; the family is the @font-face of print.css.
    assert {name.split("+", 1)[1] for name in fonts} == {"NRM-Sans", "NRM-Sans-Bold"}


# --- custody petition -------------------------------------------------------------------------


def test_petition_d1_asks_the_court_for_custody_of_a_child_refusing_return() -> None:
    text = text_of(generated("custody_petition", "petition_d1"))

    assert COURT in text
    assert "PETITION FOR A TEMPORARY CUSTODY ORDER" in text.upper()
    assert "Annex 1, section D.1" in text
    assert "safe shelter approved by MOLSA" in text
    assert "wish not to return to the family" in text
    assert "section D.3" not in text
    assert "temporary custody order" in text
    assert "temporarily in state custody" in text
    assert "will conduct a family assessment" in text
    assert "20.02.2026" in text and "Kakavijë" in text
    assert "02.03.2026" in text
    # Names in free text become initials or are withheld, rather than being dropped silently.
    assert "Ë. was found by border police" in text
    assert "placed at [withheld]" in text


def test_petition_d3_asks_the_court_for_custody_after_a_risk_was_found() -> None:
    text = text_of(generated("custody_petition", "petition_d3"))

    assert COURT in text
    assert "Annex 1, section D.3" in text
    assert "pre-approved facility as near to the child's family's residence" in text
    assert "the family was involved in the child's exploitation" in text
    assert "The father admitted having received money from the recruiter" in text
    assert "will conduct a full family assessment" in text
    assert "section D.1" not in text
    assert "safe shelter approved by MOLSA" not in text


# --- reports to the police and to State Social Services ---------------------------------------


def test_police_report_on_a_release_requires_a_visit_within_a_week() -> None:
    text = text_of(generated("police_report", "release_d2"))

    assert "The local police, region of Shkodër" in text
    assert "Annex 1, section D.2" in text
    assert "section D.3" not in text
    assert "the local police must make a follow-up visit" in text
    assert "09.03.2026" in text  # issued 02.03.2026 + 7 days
    assert "no indication in the child's statements" in text
    assert "released to the family" in text
    assert "police escort" not in text


def test_police_report_on_an_escorted_return_after_a_risk_assessment() -> None:
    text = text_of(generated("police_report", "release_d3"))

    assert "Annex 1, section D.3" in text
    assert "yes, according to the child's statements" in text
    assert "under police escort" in text
    assert "no immediate risk" in text
    assert "no threat to Ë. was found" in text
    assert "09.03.2026" in text


@pytest.mark.parametrize("scenario", ["release_d2", "release_d3"])
def test_social_services_report_goes_to_the_local_office(scenario: str) -> None:
    text = text_of(generated("social_services_report", scenario))

    assert "The local office of State Social Services, region of Shkodër" in text
    assert "the local office of State Social Services must make a follow" in text
    assert "09.03.2026" in text


def test_visit_due_date_is_a_week_after_issue() -> None:
    issued = datetime(2026, 12, 28, 16, 0, tzinfo=UTC)
    document = generate_document("police_report", facts("release_d2"), issued)
    assert (issued + timedelta(days=7)).strftime("%d.%m.%Y") == "04.01.2027"
    assert "04.01.2027" in text_of(document)


# --- reproducibility -----------------------------------------------------------------------


@pytest.mark.parametrize("subsetter", ["harfbuzz", "fonttools"])
def test_equal_facts_at_an_equal_time_give_identical_bytes(
    subsetter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is installed and falls back
    # to fontTools otherwise; fontTools stamps the font with the wall clock. Both must give
    # equal bytes, so the wall clock is moved between the two renders.
    if subsetter == "harfbuzz" and weasyprint_fonts.harfbuzz_subset is None:
        pytest.skip("libharfbuzz-subset is not installed")
    if subsetter == "fonttools":
        monkeypatch.setattr(weasyprint_fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(timeTools, "time", SimpleNamespace(time=lambda: 1_700_000_000.0))
    first = generate_document("custody_petition", facts("petition_d3"), ISSUED_AT)
    monkeypatch.setattr(timeTools, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    second = generate_document("custody_petition", facts("petition_d3"), ISSUED_AT)

    assert first.content == second.content
    assert first.sha256 == second.sha256


def test_a_different_issue_time_gives_a_different_document() -> None:
    later = generate_document("police_report", facts("release_d2"), ISSUED_AT + timedelta(days=1))
    assert later.sha256 != generated("police_report", "release_d2").sha256


# --- errors -----------------------------------------------------------------------------------


def test_unknown_kind_names_the_kind_and_the_known_kinds() -> None:
    with pytest.raises(ValueError, match="birth_certificate") as raised:
        generate_document("birth_certificate", facts("petition_d1"), ISSUED_AT)
    for kind in DOCUMENT_KINDS:
        assert kind in str(raised.value)


@pytest.mark.parametrize(
    ("kind", "scenario", "field"),
    [
        ("custody_petition", "petition_d1", "court"),
        ("custody_petition", "petition_d1", "child_name"),
        ("custody_petition", "petition_d1", "date_of_birth"),
        ("custody_petition", "petition_d1", "circumstances"),
        ("custody_petition", "petition_d1", "petition_ground"),
        ("custody_petition", "petition_d1", "child_wishes_return"),
        ("custody_petition", "petition_d3", "risk_assessment_summary"),
        ("custody_petition", "petition_d3", "risk_identified"),
        ("police_report", "release_d2", "home_region"),
        ("police_report", "release_d2", "family_implicated"),
        ("social_services_report", "release_d3", "risk_identified"),
        ("social_services_report", "release_d2", "case_manager"),
    ],
)
def test_missing_field_is_named(kind: str, scenario: str, field: str) -> None:
    with pytest.raises(ValueError, match=f"'{field}'") as raised:
        generate_document(kind, without(scenario, field), ISSUED_AT)
    message = str(raised.value)
    assert kind in message
    assert REFERENCE in message
    assert "Ëndrra" not in message


def test_blank_text_counts_as_missing() -> None:
    with pytest.raises(ValueError, match=r"'court' \(the competent district court\)"):
        generate_document("custody_petition", facts("petition_d1", court="  "), ISSUED_AT)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date_of_birth": "14/03/2010"}, "'date_of_birth' must be a date YYYY-MM-DD"),
        ({"sex": "f"}, "'sex' must be 'female' or 'male', got 'f'"),
        ({"petition_ground": "D.2"}, "'petition_ground' must be 'D.1' or 'D.3'"),
        ({"child_wishes_return": "no"}, "'child_wishes_return' must be true or false"),
        ({"child_wishes_return": True}, "child_wishes_return must be false for ground D.1"),
        ({"placement": "family"}, "placement must be 'shelter' for D.1"),
        ({"date_of_birth": "2026-03-01"}, "'date_of_birth' is after 'identification_date'"),
    ],
)
def test_malformed_or_contradictory_petition_facts_are_refused(
    changes: dict[str, Any], expected: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)):
        generate_document("custody_petition", facts("petition_d1", **changes), ISSUED_AT)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"risk_identified": True}, "calls for a custody petition"),
        ({"parents_reachable": False}, "parents are unreachable"),
        ({"child_wishes_return": False}, "child_wishes_return to be true"),
        ({"placement": "shelter"}, "placement 'family'"),
    ],
)
def test_report_on_a_release_that_the_annex_does_not_allow_is_refused(
    changes: dict[str, Any], expected: str
) -> None:
    with pytest.raises(ValueError, match=expected):
        generate_document("police_report", facts("release_d3", **changes), ISSUED_AT)


def test_malformed_free_text_does_not_echo_its_value() -> None:
    with pytest.raises(ValueError, match="'child_name' must be text") as raised:
        generate_document("police_report", facts("release_d2", child_name=["Ëndrra"]), ISSUED_AT)
    assert "Ëndrra" not in str(raised.value)


def test_naive_issue_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        generate_document("police_report", facts("release_d2"), datetime(2026, 3, 2, 9, 30))


def test_issue_date_is_the_date_in_the_timezone_given() -> None:
    tirana_winter = timezone(timedelta(hours=1))
    issued = datetime(2026, 3, 2, 23, 30, tzinfo=UTC).astimezone(tirana_winter)
    text = text_of(generate_document("police_report", facts("release_d2"), issued))
    assert "Date: 03.03.2026" in text
    assert "10.03.2026" in text


@pytest.mark.parametrize("reference", ["", "../etc/passwd", "NRM 2026", "NRM/2026"])
def test_reference_that_could_not_be_a_file_name_is_refused(reference: str) -> None:
    with pytest.raises(ValueError, match="case reference"):
        CaseFacts(reference=reference, process_version="child_return v1", data=INTAKE)


# --- initials and redaction -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Arta Hoxha", "A. H."),
        ("Ëndrra Çela", "Ë. Ç."),
        ("ëndrra  çela", "Ë. Ç."),
        ("E\u0308ndrra C\u0327ela", "Ë. Ç."),  # decomposed: letter + combining mark
        ("Ana-Maria Gjoka", "A. M. G."),
        ("  Besa ", "B."),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_initials_of_a_name_without_letters_is_an_error() -> None:
    with pytest.raises(ValueError, match="child_name"):
        initials(" - ")


def test_redact_replaces_names_and_places_in_free_text() -> None:
    data = {
        "child_name": "Ëndrra Çela",
        "family_address": "Rruga Ismail Qemali 14, Shkodër",
        "shelter_name": "Shtëpia e Shpresës",
    }
    text = (
        "ËNDRRA ÇELA said that Ëndrra lived at Rruga Ismail  Qemali 14, Shkodër with the Çela "
        "family, and is now at Shtëpia e Shpresës. Ëndrrat is not her name."
    )
    assert redact(text, data, "[withheld]") == (
        "Ë. Ç. said that Ë. lived at [withheld] with the Ç. family, and is now at [withheld]. "
        "Ëndrrat is not her name."
    )

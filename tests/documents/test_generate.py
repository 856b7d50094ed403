"""Generated petitions, reports and records: content in both languages, confidentiality
(Art. 4), errors, reproducibility, the message catalogues."""

from __future__ import annotations

import ast
import hashlib
import io
import logging
import re
import string
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest
from fontTools.misc import timeTools
from lxml import etree
from pypdf import PdfReader
from weasyprint.pdf import fonts as weasyprint_fonts

from documents.confidentiality import redact
from documents.context import INFORM_METHODS, SOLUTIONS
from documents.facts import initials
from documents.generate import DOCUMENT_KINDS, CaseFacts
from documents.labels import DOCUMENTS, LANGUAGES, labels_for, sections
from tests.support.documents import (
    CASES,
    CHILD_NAME,
    COURT,
    FAMILY_ADDRESS,
    INTAKE,
    ISSUED_AT,
    REFERENCE,
    SECRETS,
    facts,
    generate,
    generated,
    metadata_of,
    text_of,
    without,
)
from tests.support.setup import PROCESSES_DIR

SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"

# --- every document -------------------------------------------------------------------------

# How each language names the article on the case manager, which every document cites.
ARTICLE_5B4 = {"en": "Article 5.B.4", "sq": "Neni 5.B.4"}


def test_document_kinds_and_languages() -> None:
    assert {
        "custody_petition",
        "police_report",
        "social_services_report",
        "followup_visit_record",
        "family_assessment_summary",
        "guardianship_petition",
    } == DOCUMENT_KINDS
    assert LANGUAGES == ("sq", "en"), "Albanian first: the language of the court"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_choice_a_form_offers_has_its_words_in_the_documents(language: str) -> None:
    """The summary prints the family's informing and the recommended solution as the
    child_return forms offer them: a choice added to a form needs its label here."""
    labels = labels_for("family_assessment_summary", language)
    needed = [f"inform_{code}" for code in INFORM_METHODS]
    needed += [f"solution_{code}" for code in SOLUTIONS]
    assert [key for key in needed if key not in labels] == []
    assert "foster_family" in SOLUTIONS and "letter" in INFORM_METHODS


def test_every_document_a_diagram_generates_is_one_the_documents_make() -> None:
    """A diagram's `generate_document` task names its document by kind: a kind without its
    template and values would stop the case at that step."""
    generated_kinds = set()
    for diagram in sorted(PROCESSES_DIR.glob("*.bpmn")):
        root = etree.parse(str(diagram)).getroot()
        for operator in root.iter(f"{SPIFF}serviceTaskOperator"):
            if operator.get("id") == "generate_document":
                kind = operator.find(f".//{SPIFF}parameter[@id='kind']")
                assert kind is not None, diagram.name
                generated_kinds.add(ast.literal_eval(str(kind.get("value"))))
    assert generated_kinds == DOCUMENT_KINDS


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "scenario"), CASES)
def test_document_is_a_pdf_that_identifies_the_case_and_the_child(
    kind: str, scenario: str, language: str
) -> None:
    document = generated(kind, scenario, language)
    text = text_of(document)

    assert document.kind == kind
    assert document.language == language
    assert document.filename == f"{kind}_{REFERENCE}_{language}.pdf"
    assert document.content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(document.content).hexdigest()
    assert len(PdfReader(io.BytesIO(document.content)).pages) >= 1
    assert REFERENCE in text
    assert "Ë. Ç." in text
    assert "14.03.2010" in text
    assert ARTICLE_5B4[language] in text
    # The footer prints the content hash on every page.
    pages = PdfReader(io.BytesIO(document.content)).pages
    assert all(document.content_sha256 in (page.extract_text() or "") for page in pages)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "scenario"), CASES)
def test_document_reveals_no_name_address_or_shelter(
    kind: str, scenario: str, language: str
) -> None:
    document = generated(kind, scenario, language)
    text = text_of(document).casefold()
    metadata = " ".join(metadata_of(document).values()).casefold()

    for secret in SECRETS:
        assert secret.casefold() not in text, secret
        assert secret.casefold() not in metadata, secret
        assert secret.casefold() not in document.filename.casefold(), secret
        assert secret.casefold() not in document.title.casefold(), secret
    # Notes the forms keep for the case workers are not printed.
    assert "internal" not in text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "scenario"), CASES)
def test_metadata_comes_from_the_issue_time(kind: str, scenario: str, language: str) -> None:
    document = generated(kind, scenario, language)
    reader = PdfReader(io.BytesIO(document.content))
    assert reader.metadata is not None
    assert reader.metadata.title == f"{document.title} ({REFERENCE})"
    assert reader.metadata.creation_date == ISSUED_AT
    assert reader.metadata.modification_date == ISSUED_AT


def test_bundled_fonts_are_embedded(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = generate("custody_petition", facts("petition_d1"), ISSUED_AT, "sq")
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


def test_albanian_letters_are_printed_and_extract_as_written() -> None:
    text = text_of(generated("custody_petition", "petition_d1", "sq"))

    assert "REPUBLIKA E SHQIPËRISË" in text
    assert "Shërbimi Social Shtetëror" in text
    assert "KËRKESË PËR URDHËR KUJDESTARIE TË PËRKOHSHME" in text.upper()
    assert "Ministria e Punës dhe Çështjeve Sociale" in text
    assert "Ë. Ç." in text
    assert "Faqe 1 nga 2" in text


def test_unknown_language_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"'fr'.*sq, en"):
        generate("custody_petition", facts("petition_d1"), ISSUED_AT, "fr")


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
    document = generate("police_report", facts("release_d2"), issued)
    assert (issued + timedelta(days=7)).strftime("%d.%m.%Y") == "04.01.2027"
    assert "04.01.2027" in text_of(document)


# --- the same documents in Albanian -----------------------------------------------------------


def test_petition_d1_in_albanian_quotes_the_official_text_of_annex_1() -> None:
    text = text_of(generated("custody_petition", "petition_d1", "sq"))

    assert COURT in text
    assert "Drejtuar" in text and "Objekti:" in text and "Kërkuesi" in text
    assert "I. Rrethanat e faktit" in text and "II. Baza ligjore" in text
    assert "III. Kërkimi" in text
    assert "Shtojca 1, pika D.1" in text
    assert "pika D.3" not in text
    # The official Albanian text of Annex 1 D.1, with its diacritics.
    assert "Fëmija nuk dëshiron të kthehet tek familja e tij" in text
    assert "strehë të sigurtë të miratuar nga MPCS" in text
    assert "kërkesë në gjykatë për kujdestari të përkohshme" in text
    assert "do të zhvillojë një vlerësim të familjes" in text
    # Art. 5.B.4 from the official Albanian text of the Agreement: no translation note.
    assert "do të caktohet dhe një menaxhues çështjeje/punonjës social shtesë" in text
    assert "jozyrtar" not in text
    assert "Ë. was found by border police" in text, "free text is printed as it was written"
    assert "placed at [konfidenciale]" in text
    assert "Nënshkrimi dhe vula" in text


def test_petition_d3_in_albanian() -> None:
    text = text_of(generated("custody_petition", "petition_d3", "sq"))

    assert "Shtojca 1, pika D.3" in text
    assert "sa më afër shtëpisë së familjes së tij" in text
    assert "vlerësim të plotë të familjes" in text
    assert "Nga deklaratat e fëmijës rezulton se familja ka qenë e përfshirë" in text


@pytest.mark.parametrize(
    ("kind", "addressee", "office_must_visit"),
    [
        ("police_report", "Policia vendore, rajoni Shkodër", "policia vendore duhet të bëjë"),
        (
            "social_services_report",
            "Zyra vendore e Shërbimit Social Shtetëror, rajoni Shkodër",
            "zyra vendore e Shërbimit Social Shtetëror duhet të bëjë",
        ),
    ],
)
def test_reports_in_albanian(kind: str, addressee: str, office_must_visit: str) -> None:
    released = text_of(generated(kind, "release_d2", "sq"))
    escorted = text_of(generated(kind, "release_d3", "sq"))

    for text in (released, escorted):
        assert addressee in text
        assert office_must_visit in text
        assert "jo më vonë se më 09.03.2026" in text
    assert "Shtojca 1, pika D.2" in released and "eskortë policore" not in released
    assert "Shtojca 1, pika D.3" in escorted and "eskortë policore" in escorted
    assert "vizitë kontrolli në familje brenda një jave" in released


# --- follow-up visit record (Annex 1 D.2 / D.3) -------------------------------------------------


def test_visit_record_of_a_visit_in_time_by_both_offices() -> None:
    text = text_of(generated("followup_visit_record", "visit_d2"))

    assert "RECORD OF THE FOLLOW-UP VISIT TO THE FAMILY" in text.upper()
    assert "The case manager (Art. 5.B.4): mhoxha" in text
    assert "On 24.02.2026 the child was returned to the family" in text
    assert "by 03.03.2026 at the latest" in text
    assert "Visit by State Social Services 27.02.2026" in text
    assert "Within one week of the return yes (due by 03.03.2026)" in text
    assert "Visit by the local police 28.02.2026" in text
    assert "the child was found safe and well with the family" in text
    assert "Annex 1, section D.2" in text and "section D.3" not in text
    assert "must make a follow-up visit to the family within one week" in text  # the quote
    assert "police escort" not in text
    assert "Concerns" not in text


def test_visit_record_of_a_late_visit_with_concerns() -> None:
    text = text_of(generated("followup_visit_record", "visit_d3"))

    assert "Annex 1, section D.3" in text
    assert "under police escort" in text
    assert "no (it was due by 27.02.2026)" in text
    assert "after the one-week period set by Annex 1, section D.3" in text
    assert "no visit by the local police is recorded" in text
    assert "requires a visit by the local police as well" in text
    assert "escalated to the supervisor on 27.02.2026" in text
    assert "Called [withheld] and the local office" in text
    assert "Concerns about the child's welfare" in text
    # Albanian free text: the name in any of its forms becomes initials, family members vanish.
    assert "Ë. e gjetëm vetëm në shtëpi; babai, [withheld], ishte në Durrës" in text
    assert "the case manager is informed of these concerns" in text
    assert "found safe and well" not in text


def test_visit_record_in_albanian() -> None:
    text = text_of(generated("followup_visit_record", "visit_d3", "sq"))

    assert "PROCESVERBAL I VIZITËS SË KONTROLLIT NË FAMILJE" in text.upper()
    assert "Shtojca 1, pika D.3" in text
    assert "jo (afati ishte 27.02.2026)" in text
    assert "Shqetësime për mirëqenien e fëmijës" in text
    assert "babai, [konfidenciale], ishte në Durrës" in text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"visit_date": "2026-02-23"}, "'visit_date' is before 'release_date'"),
        ({"release_date": "2026-02-19"}, "'release_date' is before 'identification_date'"),
        ({"police_found_child_safe": False}, "the police's concerns ('police_concerns')"),
        ({"police_visit_date": "2026-02-23"}, "'police_visit_date' is before 'release_date'"),
        ({"child_safe": False}, "'welfare_concerns'"),
        ({"family_implicated": True, "risk_identified": True}, "calls for a custody petition"),
        ({"placement": "shelter"}, "placement 'family'"),
        ({"visit_date": "3 March"}, "'visit_date' must be a date YYYY-MM-DD"),
    ],
)
def test_visit_record_facts_that_do_not_hold_are_refused(
    changes: dict[str, Any], expected: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)) as raised:
        generate("followup_visit_record", facts("visit_d2", **changes))
    assert "followup_visit_record" in str(raised.value)


@pytest.mark.parametrize("field", ["release_date", "child_safe"])
def test_visit_record_needs_its_fields(field: str) -> None:
    with pytest.raises(ValueError, match=f"'{field}'"):
        generate("followup_visit_record", without("visit_d2", field))


def test_a_visit_record_needs_at_least_one_visit() -> None:
    facts_of = without("visit_d2", "visit_date")
    facts_of = CaseFacts(
        facts_of.reference,
        facts_of.process_version,
        {
            k: v
            for k, v in facts_of.data.items()
            if k not in ("police_found_child_safe", "police_visit_date")
        },
    )
    with pytest.raises(ValueError, match="no follow-up visit is recorded"):
        generate("followup_visit_record", facts_of)


def test_a_visit_record_of_a_police_visit_that_found_the_child_unsafe() -> None:
    """The police found the child unsafe before State Social Services visited: the record of
    that one visit is issued before the case manager's urgent decision."""
    unsafe = without("visit_d2", "visit_date")
    unsafe = CaseFacts(
        unsafe.reference,
        unsafe.process_version,
        {
            **unsafe.data,
            "police_found_child_safe": False,
            "police_concerns": "Bruises on her arms.",
        },
    )
    text = text_of(generate("followup_visit_record", unsafe))
    assert "Concerns recorded by the local police" in text and "Bruises on her arms." in text
    assert "No visit by State Social Services is recorded" in text


# --- family assessment summary (Annex 1 D.1 / D.3, Art. 5.B.9) ----------------------------------


def test_family_assessment_summary_reports_to_the_court() -> None:
    text = text_of(generated("family_assessment_summary", "assessment_d1"))

    assert "SUMMARY OF THE FAMILY ASSESSMENT" in text.upper()
    assert COURT in text
    assert "filed on 02.03.2026; court reference Nr. 118/2026" in text
    assert "the child does not want to return to the family (Annex 1, section D.1)" in text
    assert "on 03.03.2026, in person" in text
    assert "Date of the assessment 16.03.2026" in text
    assert "[withheld], the father, still owes money to the recruiter" in text
    assert "Ë.' aunt in Lezhë is willing to take her in" in text
    assert "accommodation with the extended family (Art. 5.B.9)" in text
    assert "Annex 1, section D.1" in text and "Article 5.B.9" in text
    assert "family reunification is preferable for all children" in text  # the quote
    assert "section D.3" not in text


def test_full_family_assessment_after_a_risk_in_albanian() -> None:
    english = text_of(generated("family_assessment_summary", "assessment_d3"))
    albanian = text_of(generated("family_assessment_summary", "assessment_d3", "sq"))

    assert "full family assessment" in english and "Annex 1, section D.3" in english
    assert "Family informed of the state custody not yet" in english
    assert "foster home screened and approved by State Social Services" in english
    assert "PËRMBLEDHJE E VLERËSIMIT TË FAMILJES" in albanian.upper()
    assert "vlerësim të plotë të familjes" in albanian
    assert "nr. i çështjes në gjykatë Nr. 118/2026" in albanian
    assert "familje kujdestare të verifikuar dhe të miratuar" in albanian
    assert "Neni 5.B.9" in albanian
    assert "ribashkimi me familjen është zgjidhja e preferueshme" in albanian, "official text"
    assert "[konfidenciale], the father" in albanian


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"family_assessment_date": "2026-03-01"},
            "'family_assessment_date' is before 'petition_filed_date'",
        ),
        ({"recommended_solution": "orphanage"}, "'recommended_solution' must be"),
        ({"inform_method": "pigeon"}, "'inform_method' must be"),
        ({"child_wishes_return": True}, "child_wishes_return must be false for ground D.1"),
    ],
)
def test_assessment_facts_that_do_not_hold_are_refused(
    changes: dict[str, Any], expected: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)):
        generate("family_assessment_summary", facts("assessment_d1", **changes))


@pytest.mark.parametrize(
    "field",
    ["court_reference", "petition_filed_date", "family_assessment_date", "assessment_findings"],
)
def test_assessment_needs_its_fields(field: str) -> None:
    with pytest.raises(ValueError, match=f"'{field}'"):
        generate("family_assessment_summary", without("assessment_d1", field))


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
    first = generate("custody_petition", facts("petition_d3"), ISSUED_AT)
    monkeypatch.setattr(timeTools, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    second = generate("custody_petition", facts("petition_d3"), ISSUED_AT)

    assert first.content == second.content
    assert first.sha256 == second.sha256


def test_a_different_issue_time_gives_a_different_document() -> None:
    later = generate("police_report", facts("release_d2"), ISSUED_AT + timedelta(days=1))
    assert later.sha256 != generated("police_report", "release_d2").sha256


# --- errors -----------------------------------------------------------------------------------


def test_unknown_kind_names_the_kind_and_the_known_kinds() -> None:
    with pytest.raises(ValueError, match="birth_certificate") as raised:
        generate("birth_certificate", facts("petition_d1"), ISSUED_AT)
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
        generate(kind, without(scenario, field), ISSUED_AT)
    message = str(raised.value)
    assert kind in message
    assert REFERENCE in message
    assert "Ëndrra" not in message


def test_blank_text_counts_as_missing() -> None:
    with pytest.raises(ValueError, match=r"'court' \(the competent district court\)"):
        generate("custody_petition", facts("petition_d1", court="  "), ISSUED_AT)


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
        generate("custody_petition", facts("petition_d1", **changes), ISSUED_AT)


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
        generate("police_report", facts("release_d3", **changes), ISSUED_AT)


def test_malformed_free_text_does_not_echo_its_value() -> None:
    with pytest.raises(ValueError, match="'child_name' must be text") as raised:
        generate("police_report", facts("release_d2", child_name=["Ëndrra"]), ISSUED_AT)
    assert "Ëndrra" not in str(raised.value)


def test_naive_issue_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        generate("police_report", facts("release_d2"), datetime(2026, 3, 2, 9, 30))


def test_issue_date_is_the_date_in_the_timezone_given() -> None:
    tirana_winter = timezone(timedelta(hours=1))
    issued = datetime(2026, 3, 2, 23, 30, tzinfo=UTC).astimezone(tirana_winter)
    text = text_of(generate("police_report", facts("release_d2"), issued))
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


def test_redact_catches_the_albanian_case_forms_of_a_name() -> None:
    assert redact(
        "Arbëri tha se i ati i Arbërit punon larg; familja Kelmendi, shtëpia e Kelmendit.",
        {"child_name": "Arbër Kelmendi"},
        "[w]",
    ) == ("A. tha se i ati i A. punon larg; familja K., shtëpia e K.")
    assert redact(
        "Drita, Dritës, Dritën. Driza is someone else.", {"child_name": "Drita Hoxha"}, "[w]"
    ) == ("D., D., D. Driza is someone else.")


# --- message catalogues ------------------------------------------------------------------------


def test_every_label_is_in_both_catalogues_and_translated() -> None:
    english, albanian = DOCUMENTS.english(), DOCUMENTS.translations("sq")

    assert set(LANGUAGES) <= set(DOCUMENTS.languages())
    # Translated means there, not empty and not fuzzy; the English text is the template's.
    assert set(english) == set(albanian), DOCUMENTS.missing("sq")
    assert all(text.strip() for text in [*english.values(), *albanian.values()])
    assert {key.split(".", 1)[0] for key in english} == {
        section for kind in DOCUMENT_KINDS for section in sections(kind)
    }
    # Nothing is left in English in the Albanian catalogue.
    same = {key for key in english if english[key] == albanian[key]}
    assert same == {"common.date_format"}


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
def test_a_translation_prints_every_value_the_english_text_prints(kind: str) -> None:
    # Placeholders naming another label may differ (Albanian inflects the agreement's name);
    # those naming a fact of the case ({visit_due}, {case_manager}) must all be there.
    english, albanian = labels_for(kind, "en"), labels_for(kind, "sq")

    def values(text: str, labels: dict[str, str]) -> set[str]:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        return names - set(labels)

    for key, text in english.items():
        assert values(text, english) == values(albanian[key], albanian), (kind, key)


# --- Art. 5.B.9 after a return, the custody order, and guardianship (issue 14) -----------------


def test_a_petition_after_a_child_was_found_unsafe_at_home_cites_article_5b9() -> None:
    english = text_of(generated("custody_petition", "petition_5b9", "en"))
    assert "family environment was found not to be safe (Art. 5.B.9)" in english
    assert "The police found bruises on Ë.'s arms" in english, "redacted free text"
    assert "placed the child at once in a safe shelter" in english and "27.02.2026" in english
    assert "Annex 1, section D.1" not in english
    albanian = text_of(generated("custody_petition", "petition_5b9", "sq"))
    assert "Neni 5.B.9" in albanian and "Në rastet e fëmijëve, do të kryejnë" in albanian


def test_the_family_assessment_summary_names_who_holds_temporary_custody() -> None:
    english = text_of(generated("family_assessment_summary", "assessment_5b9", "en"))
    assert "decision on temporary custody" in english
    assert "held by State Social Services, Shkodër regional office from 10.03.2026" in english
    albanian = text_of(generated("family_assessment_summary", "assessment_5b9", "sq"))
    assert "Kujdestaria e përkohshme mbahet nga" in albanian or "mbahet nga" in albanian


def test_the_guardianship_petition_lists_the_search_in_both_languages() -> None:
    english = text_of(generated("guardianship_petition", "guardianship_d4", "en"))
    assert "Petition for the appointment of a guardian" in english
    assert "(2 attempts recorded)" in english and "through the police" in english
    assert "21.02.2026" in english and "Annex 1, section D.4" in english
    assert CHILD_NAME not in english and FAMILY_ADDRESS not in english
    albanian = text_of(generated("guardianship_petition", "guardianship_d4", "sq"))
    assert "KËRKESË PËR CAKTIMIN E NJË KUJDESTARI" in albanian.upper()
    assert "derisa të gjenden prindërit apo kujdestari ligjor" in albanian, "official D.4"


def test_redact_withholds_a_relatives_name_and_each_part_of_it() -> None:
    """Issue 15.7: the contact recorded by name is withheld from free text however the text
    names them ("uncle Mirel", "the Dushku family"); the child's own name keeps its initials."""
    data = {"child_name": "Drita Hoxha", "contacted_person": "Mirel Dushku"}
    text = "Drita's uncle Mirel said Mireli would come; the Dushku family and Mirel Dushku agreed."
    assert redact(text, data, "[w]") == (
        "D.'s uncle [w] said [w] would come; the [w] family and [w] agreed."
    )
    # Values of procedural fields, and sentences, are not names to look for.
    assert redact("Elbasan police visited.", {"home_region": "Elbasan"}, "[w]") == (
        "Elbasan police visited."
    )

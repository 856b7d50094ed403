"""Intakes and screening answers for the tests of screening, adult_referral, foreign_victim and
drra_return. The intakes are the procedures' examples (forms/<process>/examples/intake.json):
every case is in Elbasan, the region of the test users (tests/support/auth.py)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from forms.examples import ADULT_CONSENT, CHILD_INTERVIEW_SAFEGUARDS
from forms.examples import NOTHING_INDICATIVE as EXAMPLE_NOTHING_INDICATIVE
from forms.procedures import example

SCREENING_INTAKE: dict[str, Any] = example("screening")

CONSENT: dict[str, Any] = ADULT_CONSENT
CHILD_CONSENT: dict[str, Any] = {**CONSENT, **CHILD_INTERVIEW_SAFEGUARDS}

# No indicative answer in any section (q2 is never an indicator by itself).
NOTHING_INDICATIVE: dict[str, Any] = {**EXAMPLE_NOTHING_INDICATIVE, "q1_other": "Shop assistant"}
# One indicative answer per section, by question number.
INDICATOR_A: dict[str, Any] = {"q5": True}
INDICATOR_B: dict[str, Any] = {"q9": "restricted"}
INDICATOR_C: dict[str, Any] = {"q15": "boyfriend"}

ADULT_BORN = "1999-07-02"  # 26 on the interview date
CHILD_BORN = "2010-09-03"  # 15 on the interview date
# Council of Europe Convention Art. 10.3: no document establishes the age and the interviewee
# looks about 16, so he or she is presumed a child whatever the estimated date of birth says.
PRESUMED_CHILD: dict[str, Any] = {
    "age_status": "uncertain",
    "reasons_to_believe_child": True,
    "estimated_age": 16,
    "age_note": "No documents; says she is 26 (the date of birth she gave) but looks about 16.",
}
INTERVIEW_DATE = "2026-03-02"


def questionnaire(
    *sections: dict[str, Any], born: str = ADULT_BORN, **overrides: Any
) -> dict[str, Any]:
    """A complete questionnaire in a common language: nothing indicative except `sections`."""
    answers: dict[str, Any] = {
        "interview_date": INTERVIEW_DATE,
        "common_language": True,
        "age_status": "documented",
        "date_of_birth": born,
        "circumstances": "Worked in a bar in Thessaloniki; her boyfriend kept her earnings.",
        **NOTHING_INDICATIVE,
    }
    for section in sections:
        answers.update(section)
    answers.update(overrides)
    return answers


ADULT_REFERRAL_INTAKE: dict[str, Any] = example("adult_referral")

FOREIGN_VICTIM_INTAKE: dict[str, Any] = example("foreign_victim")

DRRA_INTAKE: dict[str, Any] = example("drra_return")


def assert_replays(engine: NrmEngine, case_id: int) -> None:
    with Session(engine.db) as session:
        report = replay_case(session, engine.catalog, case_id)
    assert report.matches, report.findings

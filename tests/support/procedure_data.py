"""Intakes and screening answers for the tests of screening, adult_referral, foreign_victim and
drra_return. Every case is in Elbasan, the region of the test users (tests/support/auth.py)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from forms.examples import CHILD_INTERVIEW_SAFEGUARDS
from forms.examples import NOTHING_INDICATIVE as EXAMPLE_NOTHING_INDICATIVE

SCREENING_INTAKE: dict[str, Any] = {
    "report_source": "border_police",
    "reported_by": "Border police, Kakavija crossing point",
    "report_location": "Kakavija border crossing point",
    "report_date": "2026-03-01",
    "person_name": "Alketa Hysa",
    "date_of_birth": "1999-07-02",
    "sex": "female",
    "nationality": "Albanian",
    "albanian_citizen": True,
    "home_region": "Elbasan",
    "report_details": "Returned from Greece by bus with two men who kept her passport.",
}

CONSENT: dict[str, Any] = {
    "interviewed_by": "Border police, Kakavija crossing point",
    "interview_place": "Interview room, Kakavija crossing point",
    "social_worker_present": True,
    "interviewee_is_child": False,
    "consents_to_interview": True,
}
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


ADULT_REFERRAL_INTAKE: dict[str, Any] = {
    "person_name": "Alketa Hysa",
    "date_of_birth": ADULT_BORN,
    "sex": "female",
    "nationality": "Albanian",
    "home_region": "Elbasan",
    "interview_date": INTERVIEW_DATE,
    "interviewed_by": "Border police, Kakavija crossing point",
    "common_language": True,
    "determination": "potential_victim",
    "indicators": {"A": True, "B": True, "C": True},
    "circumstances": "Worked in a bar in Thessaloniki; her boyfriend kept her earnings.",
}

FOREIGN_VICTIM_INTAKE: dict[str, Any] = {
    "person_name": "Olena Kovalenko",
    "date_of_birth": "1998-11-20",
    "age_presumed": False,
    "sex": "female",
    "nationality": "Ukrainian",
    "language": "Ukrainian",
    "identified_by": "State police, Elbasan directorate",
    "home_region": "Elbasan",
    "identification_date": "2026-03-01",
    "circumstances": "Found working in a night club near Elbasan without documents.",
}

DRRA_INTAKE: dict[str, Any] = {
    "person_name": "Besa Gjoni",
    "date_of_birth": "2009-04-11",
    "sex": "female",
    "host_country": "Italy",
    "location_abroad": "Shelter of the municipality of Bari",
    "drra_office": "Embassy of the Republic of Albania in Rome",
    "home_region": "Elbasan",
    "information_source": "host_police",
    "information_received_date": "2026-03-01",
    "information_summary": "Found by the police of Bari during a raid on a flat; 16 years old.",
}


def assert_replays(engine: NrmEngine, case_id: int) -> None:
    with Session(engine.db) as session:
        report = replay_case(session, engine.catalog, case_id)
    assert report.matches, report.findings

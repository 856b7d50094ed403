"""Demo cases of screening, child_at_risk, adult_referral, foreign_victim and drra_return, at
different points, including cases one process opened in another (DRRA → screening →
child_return or adult_referral; a child not identified, or who refused the interview →
child_at_risk). `nrm demo` calls `seed_procedures` after the child_return demo cases; the demo
users of cli/demo.py do the steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cli.demo import ACTOR_OF_ROLE, DEMO_COURT, DEMO_REGION
from engine.nrm_engine import NrmEngine
from forms.examples import (
    ADULT_CONSENT,
    CHILD_INTERVIEW_SAFEGUARDS,
    NOTHING_INDICATIVE,
    example_submission,
)
from forms.procedures import example, process_ids

# Every procedure but child_return, whose demo cases are cli/demo.py's.
PROCESSES = tuple(process for process in process_ids() if process != "child_return")
FOLLOW = "→"  # a step (FOLLOW, process): go on in the case of `process` this one opened
Step = tuple[str, Any]

STARTER = {
    "screening": "border.officer",
    "adult_referral": "social.worker",
    "foreign_victim": "border.officer",
    "drra_return": "drra.officer",
}


def _screening(name: str, born: str, sex: str, details: str, **extra: Any) -> dict[str, Any]:
    """The example screening intake (forms/screening/examples/), for another person."""
    return {
        **example("screening"),
        "person_name": name,
        "date_of_birth": born,
        "sex": sex,
        "home_region": DEMO_REGION,
        "report_details": details,
        **extra,
    }


CONSENT: dict[str, Any] = ADULT_CONSENT
CHILD_CONSENT: dict[str, Any] = {**CONSENT, **CHILD_INTERVIEW_SAFEGUARDS}
HELPLINES = ("child_helpline", "anti_trafficking_helpline")


def _answers(born: str, circumstances: str, **indicative: Any) -> dict[str, Any]:
    """Questionnaire answers with nothing indicative except `indicative` (by question)."""
    return {
        "common_language": True,
        "date_of_birth": born,
        "circumstances": circumstances,
        **NOTHING_INDICATIVE,
        **indicative,
    }


FOREIGN_INTAKE: dict[str, Any] = {**example("foreign_victim"), "home_region": DEMO_REGION}


def _drra(
    name: str, born: str, country: str, where: str, office: str, summary: str
) -> dict[str, Any]:
    """The example DRRA intake (forms/drra_return/examples/), for another person."""
    return {
        **example("drra_return"),
        "person_name": name,
        "date_of_birth": born,
        "host_country": country,
        "location_abroad": where,
        "drra_office": office,
        "home_region": DEMO_REGION,
        "information_summary": summary,
    }


# A foreign child's interview: a legal advocate (Art. 5.B.12) and an interpreter (Annex 1 IV.a).
FOREIGN_CHILD_INTERVIEW: dict[str, Any] = {
    "consents_to_interview": True,
    "interviewing_authority": "police",
    "social_worker_present": True,
    "legal_advocate_present": True,
    "common_language": False,
    "interpreter_present": True,
    "interpreter_language": "Romanian",
}
FOREIGN_SAFEGUARDS: list[Step] = [
    ("report_and_refer", {}),
    (
        "police_interview",
        {
            "consents_to_interview": True,
            "interviewing_authority": "police",
            "social_worker_present": True,
            "common_language": False,
            "interpreter_present": True,
            "interpreter_language": "Ukrainian",
        },
    ),
    ("pre_screening", {"common_language": True}),
    ("social_services", {"accepts_assistance": True, "accommodation": "national_reception_centre"}),
]
# A child's assisted voluntary return (Art. 5.B.4, 5.B.9, 5.D.6): case manager, the mother's
# agreement, the family assessment, the family traced, documents issued; received at Rinas by
# the police and State Social Services of Tiranë, who open the screening.
DRRA_RETURN: list[Step] = [
    ("notify_responsible_authority", {"notification_method": "phone"}),
    ("assess_needs", {}),
    ("inform_of_options", {"wishes_to_return": True}),
    (
        "appoint_case_manager",
        {
            "case_manager": "case.manager",
            "parent_or_guardian": "parent",
            "guardian_agreement": "agreed",
        },
    ),
    (
        "assess_family_before_return",
        {
            "family_environment_safe": True,
            "family_implicated": False,
            "recommended_reception": "family",
        },
    ),
    ("approve_child_return", {"child_return_approved": True, "reception_placement": "family"}),
    ("plan_return", {"arrival_point": "rinas_airport", "escort": "social_worker"}),
    ("record_family_tracing", {"family_found": True}),
    ("issue_travel_documents", {"documents_issued": ["emergency_travel_document"]}),
    ("arrange_safe_accommodation", {"accommodation_type": "ngo_shelter"}),
    ("confirm_return", {"wishes_to_return": True}),
    ("receive_at_border", {"social_worker_present": True}),
]

# A foreign child alone in Albania, up to the custody petition (Annex 1 D.1): where both
# demo foreign children start.
FOREIGN_CHILD_FIRST_STEPS: list[Step] = [
    ("report_and_refer", {}),
    ("social_services", {"accepts_assistance": True, "accommodation": "other_centre"}),
    ("appoint_case_manager", {"parent_or_guardian_present": False}),
    ("police_interview", FOREIGN_CHILD_INTERVIEW),
    ("pre_screening", {"common_language": False, "interpreter_present": True}),
    ("file_custody_petition", {}),
]

# A call to ALO 116 about a boy begging in the street, followed through screening into
# child_return up to the long-term solution: a foster family, under review every 30 days.
STREET_CHILD_UNDER_REVIEW: list[Step] = [
    ("record_consent", CHILD_CONSENT),
    (
        "questionnaire",
        _answers(
            "2013-02-09",
            "Made to beg at the crossroads every night; an adult 'uncle' took the money.",
            q5=True,
            q11="other",
            q11_13_other="an adult 'uncle'",
            # No documents: the date of birth is an estimate (CoE Convention Art. 10.3).
            age_status="uncertain",
            reasons_to_believe_child=True,
            estimated_age=13,
            age_note="No documents; looks about 13 and says he has not finished school.",
        ),
    ),
    (
        "appoint_case_manager",
        {"case_manager": "case.manager", "family_home_region": DEMO_REGION, "court": DEMO_COURT},
    ),
    (FOLLOW, "child_return"),
    ("record_child_wishes", {"child_wishes_return": False, "family_implicated": True}),
    ("place_in_shelter", {}),
    ("review_immediate_placement", {"immediate_placement_decision": "approved"}),
    ("file_custody_petition", {}),
    ("acknowledge_petition", {}),
    ("inform_family_of_custody", {"guardian_agreement": "refused"}),
    ("coordinate_family_assessment", {}),
    ("family_assessment", {"recommended_solution": "foster_family"}),
    (
        "record_court_decision",
        {
            "court_decision": "granted",
            "temporary_custody_holder": "State Social Services, Elbasan regional office",
        },
    ),
    (
        "propose_long_term_solution",
        {
            "long_term_solution": "foster_family",
            "foster_family_approved": True,
            "child_views": "He wants to stay in Elbasan and go back to school.",
        },
    ),
    ("approve_long_term_solution", {"long_term_solution_approved": True}),
]

PROCEDURE_CASES: list[tuple[str, dict[str, Any], list[Step]]] = [
    (
        "screening",
        _screening(
            "Arbër Kola",
            "2013-02-09",
            "male",
            "ALO 116 caller: a boy begs at the crossroads at night; an adult takes his money.",
            report_source="child_helpline",
            reported_by="ALO 116 operator",
            report_location="Rruga e Kavajës, Elbasan",
        ),
        STREET_CHILD_UNDER_REVIEW,
    ),
    (
        "screening",
        _screening(
            "Mira Dervishi",
            "1997-05-19",
            "female",
            "Returned from Italy by ferry; her documents were held by a 'manager'.",
        ),
        [],
    ),
    (
        "screening",
        _screening(
            "Sokol Meta",
            "1988-12-01",
            "male",
            "Deported from Greece after an inspection of a farm.",
        ),
        [("record_consent", {**CONSENT, "consents_to_interview": False})],
    ),
    (
        "screening",
        _screening(
            "Alketa Hysa",
            "1999-07-02",
            "female",
            "Returned from Greece by bus with two men who kept her passport.",
        ),
        [
            ("record_consent", CONSENT),
            (
                "questionnaire",
                _answers(
                    "1999-07-02",
                    "Worked in a bar in Thessaloniki; her boyfriend kept her earnings.",
                    q1="bartender",
                    q4=True,
                    q9="restricted",
                    q11="boyfriend",
                    q15="boyfriend",
                ),
            ),
            (FOLLOW, "adult_referral"),
            ("offer_assistance", {"accepts_assistance": True}),
            (
                "refer_and_accommodate",
                {
                    "accommodation": "national_reception_centre",
                    "accommodation_reason": "longer_term_reintegration",
                },
            ),
        ],
    ),
    (
        # A child who will not be interviewed is not "free to go": referred as a child at risk
        # to State Social Services of the region (child strategy principles).
        "screening",
        _screening(
            "Dea Prifti",
            "2012-03-15",
            "female",
            "Found at the port of Durrës with an adult who says he is a family friend.",
        ),
        [
            ("record_consent", {**CHILD_CONSENT, "consents_to_interview": False}),
            (FOLLOW, "child_at_risk"),
        ],
    ),
    (
        # A child whose answers do not meet Annex 1 D: referred as a child at risk, assessed
        # and placed at once; the referral waits for State Social Services to close it.
        "screening",
        _screening(
            "Ledio Hoxha",
            "2011-06-30",
            "male",
            "Sleeping rough at the bus station of Elbasan; ran away from home.",
        ),
        [
            ("record_consent", CHILD_CONSENT),
            ("questionnaire", _answers("2011-06-30", "Ran away from home two weeks ago.")),
            (FOLLOW, "child_at_risk"),
            ("assess_child_at_risk", {"child_safe": False, "emergency_placement_needed": True}),
            ("place_child_at_risk", {}),
        ],
    ),
    (
        "screening",
        _screening(
            "Klea Shehu",
            "2011-08-14",
            "female",
            "Found with an unrelated adult at the border; says she sold goods in Athens.",
        ),
        [
            ("record_consent", CHILD_CONSENT),
            (
                "questionnaire",
                _answers(
                    "2011-08-14",
                    "Sold goods on the street in Athens for an adult 'uncle'.",
                    q4=True,
                    q11="other",
                    q11_13_other="a neighbour",
                ),
            ),
        ],
    ),
    (
        "foreign_victim",
        FOREIGN_INTAKE,
        [
            *FOREIGN_SAFEGUARDS,
            ("offer_reflection_period", {"wishes_reflection_period": True}),
        ],
    ),
    (
        "foreign_victim",
        {
            **FOREIGN_INTAKE,
            "person_name": "Ion Rusu",
            "sex": "male",
            "nationality": "Moldovan",
            "language": "Romanian",
            "date_of_birth": "2011-01-25",
            "circumstances": "Found begging in Elbasan; brought by a man who left him there.",
        },
        # A foreign child alone in Albania: a case manager, an interview with an interpreter
        # and a legal advocate, and a custody petition waiting for the court (Annex 1 D.1).
        [
            *FOREIGN_CHILD_FIRST_STEPS,
        ],
    ),
    (
        # A foreign child returning home: assessed in the country of origin, the return
        # approved by the case manager and handed to the child-protection counterpart; the
        # case waits for the case manager's closing.
        "foreign_victim",
        {
            **FOREIGN_INTAKE,
            "person_name": "Ana Ceban",
            "nationality": "Moldovan",
            "language": "Romanian",
            "date_of_birth": "2010-09-12",
            "circumstances": "Found working in a bar in Durrës; says she is 15.",
        },
        [
            *FOREIGN_CHILD_FIRST_STEPS,
            ("record_custody_decision", {"custody_decision": "granted"}),
            ("offer_reflection_period", {"wishes_reflection_period": False}),
            ("record_denunciation_wish", {"wishes_to_denounce": False}),
            ("record_return_wish", {"wishes_to_return": True, "inform_origin_authorities": True}),
            ("call_return_meeting", {}),
            ("request_safety_assessment", {}),
            ("receive_safety_assessment", {"risk_on_return": False}),
            ("approve_child_return", {"return_approved": True}),
            ("organise_travel", {}),
            (
                "inform_origin_authorities",
                {"origin_authority_kind": "child_protection", "receives_victim": True},
            ),
            ("confirm_departure", {}),
        ],
    ),
    (
        # An adult who declines the interview (support never depends on it, Art. 4) and asks
        # to go home before the reflection period ends.
        "foreign_victim",
        {
            **FOREIGN_INTAKE,
            "person_name": "Iryna Bondar",
            "date_of_birth": "1994-05-07",
            "circumstances": "Came to the police in Tirana after escaping from a flat.",
        },
        [
            ("report_and_refer", {}),
            (
                "social_services",
                {"accepts_assistance": True, "accommodation": "national_reception_centre"},
            ),
            ("police_interview", {"consents_to_interview": False}),
            ("pre_screening", {"common_language": False, "interpreter_present": True}),
            ("offer_reflection_period", {"wishes_reflection_period": True}),
            ("decide_residence_permit", {"permit_granted": True}),
            ("record_early_return", {}),
        ],
    ),
    (
        "drra_return",
        _drra(
            "Besa Gjoni",
            "2011-04-11",
            "Italy",
            "Shelter of the municipality of Bari",
            "Embassy of the Republic of Albania in Rome",
            "Found by the police of Bari during a raid on a flat; she is a minor.",
        ),
        [
            *DRRA_RETURN,
            (FOLLOW, "screening"),
            ("record_consent", CHILD_CONSENT),
            (
                "questionnaire",
                _answers(
                    "2011-04-11",
                    "Brought to Italy by a 'boyfriend'; forced to work in a flat.",
                    q5=True,
                    q11="boyfriend",
                ),
            ),
            (
                "appoint_case_manager",
                {
                    "case_manager": "case.manager",
                    "family_home_region": DEMO_REGION,
                    "court": DEMO_COURT,
                },
            ),
            (FOLLOW, "child_return"),
        ],
    ),
    (
        "drra_return",
        _drra(
            "Elira Kodra",
            "1995-10-03",
            "Belgium",
            "Shelter of an NGO in Brussels",
            "Embassy of the Republic of Albania in Brussels",
            "Referred by an NGO in Brussels after she called its helpline.",
        ),
        [
            ("notify_responsible_authority", {"notification_method": "email"}),
            ("assess_needs", {}),
        ],
    ),
    (
        # A return announced in advance by the police of the host country (Art. 5.A.1, 5.D.1):
        # the reception waits at Kapshticë, for the police and State Social Services of Korçë.
        "drra_return",
        {
            **_drra(
                "Arben Leka",
                "1999-12-01",
                "Greece",
                "Held by the Hellenic Police in Ioannina",
                "Consular Directorate, Ministry of Foreign Affairs",
                "Readmission from Greece announced by the Hellenic Police; says he was forced "
                "to work on a farm without pay.",
            ),
            "sex": "male",
            "notification_kind": "announced_return",
            "announced_by": "Hellenic Police, Ioannina",
            "expected_arrival_date": "2026-03-10",
            "arrival_point": "kapshtice",
        },
        [("prepare_reception", {"family_tracing_requested": False})],
    ),
]


def _complete(engine: NrmEngine, case_id: int, task_name: str, answers: dict[str, Any]) -> None:
    task = next(t for t in engine.queries.case(case_id).tasks if t.name == task_name)
    form = engine.queries.task(task.id).form
    today = engine.clock.now().date()
    data = example_submission(form, today, answers, follow_rules=True)
    if task_name == "questionnaire":
        data.setdefault("interview_date", today.isoformat())
    engine.commands.complete_task(task.id, data, actor=ACTOR_OF_ROLE.get(task.role, "demo"))


def _linked(engine: NrmEngine, case_id: int, process: str) -> int:
    return next(
        link.case_id
        for link in engine.queries.case(case_id).links
        if link.process == process and link.relation == "started"
    )


def _describe(engine: NrmEngine, case_id: int) -> str:
    case = engine.queries.case(case_id)
    if case.status == "completed":
        state = f"closed: {case.data.get('outcome', 'completed')}"
    else:
        waiting = [f"{t.title} ({t.role})" for t in case.tasks]
        waiting += [
            f"timer {t.title} due {t.due_at:%Y-%m-%d}" for t in case.timers if t.status == "pending"
        ]
        state = "waiting for: " + (", ".join(waiting) or "nothing")
    return f"{case.reference}  {case.process:<15} {state}"


def seed_procedures(engine: NrmEngine) -> Iterator[str]:
    """Open the demo cases of the four procedures; a line per case (and per case it opened)."""
    if any(engine.queries.tasks(process=process) for process in PROCESSES):
        yield "The database already has open screening/referral tasks; no procedure demos added."
        return
    for process, intake, steps in PROCEDURE_CASES:
        # A helpline call is recorded by the social worker who takes it over from the line.
        starter = "social.worker" if intake.get("report_source") in HELPLINES else STARTER[process]
        case_id = engine.commands.start_case(process, intake, starter)
        shown = [case_id]
        for name, answers in steps:
            if name == FOLLOW:
                case_id = _linked(engine, case_id, answers)
                shown.append(case_id)
            else:
                _complete(engine, case_id, name, answers)
        for number, shown_id in enumerate(shown):
            yield ("  └ " if number else "") + _describe(engine, shown_id)

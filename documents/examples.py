# The texts are Albanian and English prose: typographic dashes and apostrophes on purpose.
# ruff: noqa: RUF001
"""Invented cases for the example documents (`nrm documents examples`, docs/examples/).

Nobody here is real. Three cases cover the six kinds: a girl for whom the preliminary risk
assessment found a risk (Annex 1 D.3: custody petition, then the family assessment with the
court's custody order), a boy returned to a family that was not involved (D.2: the two reports,
then the follow-up visits), and a boy whose parents could not be found (D.4: the guardianship
petition).
The free text is written in the document's language so that each example reads as a whole; in
a real case it is what the case worker typed, and the documents print it as typed (names
replaced by initials or withheld).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from documents.facts import CaseFacts

TIRANA_WINTER = timezone(timedelta(hours=1))
PROCESS_VERSION = "child_return v1"


@dataclass(frozen=True)
class Example:
    kind: str
    reference: str
    issued_at: datetime
    data: Mapping[str, Any]  # common facts
    text: Mapping[str, Mapping[str, str]]  # free-text facts, by language

    def facts(self, language: str) -> CaseFacts:
        return CaseFacts(
            reference=self.reference,
            process_version=PROCESS_VERSION,
            data={**self.data, **self.text[language]},
        )


_RISK_CASE: Mapping[str, Any] = {
    "child_name": "Drita Kelmendi",
    "date_of_birth": "2011-09-04",
    "sex": "female",
    "home_region": "Korçë",
    "family_address": "Lagjja 5, Rruga e Kishës 8, Korçë",
    "identification_date": "2026-02-27",
    "identified_by": "Policia Kufitare, Pika e Kalimit Kapshticë",
    "case_manager": "e.hoxha",
    "court": "Gjykata e Rrethit Gjyqësor Korçë",
    "child_wishes_return": True,
    "parents_reachable": True,
    "family_implicated": True,
    "risk_identified": True,
    "placement": "temporary_accommodation",
    "petition_ground": "D.3",
    "facility_name": "Qendra Rezidenciale Korçë",
    "petition_filed_date": "2026-03-02",
    "court_reference": "Nr. 412/2026",
    "family_informed_of_custody": True,
    "family_informed_date": "2026-03-03",
    "inform_method": "in_person",
    "informed_person": "Luan Kelmendi",
    "family_assessment_date": "2026-03-18",
    "recommended_solution": "extended_family",
    "court_decision": "granted",
    "court_decision_date": "2026-03-12",
    "temporary_custody_holder": "Shërbimi Social Shtetëror, Zyra Rajonale Korçë",
    "custody_from": "2026-03-12",
}

_RISK_TEXT: Mapping[str, Mapping[str, str]] = {
    "sq": {
        "circumstances": (
            "Drita u gjet në autobusin Korçë–Selanik me një të rritur që nuk është i afërm i saj, "
            "me një pasaportë të dikujt tjetër. Tha se i ishte premtuar punë si ndihmëse në një "
            "kuzhinë, por në udhëtimet e mëparshme e kishin detyruar të lypte dhe t’ua dorëzonte "
            "paratë çdo mbrëmje.\n\n"
            "Udhëtimin e kishte rregulluar një mik i familjes Kelmendi."
        ),
        "risk_assessment_summary": (
            "Babai pranoi se kishte marrë para nga personi që organizoi udhëtimin; familja i "
            "detyrohet atij një shumë të madhe. Nëna nuk u shpreh kundër një udhëtimi të ri."
        ),
        "assessment_findings": (
            "Babai, Luan Kelmendi, i detyrohet ende rekrutuesit dhe nuk pranon të bashkëpunojë "
            "me policinë. Nëna jeton në të njëjtën shtëpi dhe varet ekonomikisht prej tij.\n\n"
            "Tezja nga nëna jeton në Pogradec, ka dy fëmijë në shkollë dhe është e gatshme ta "
            "marrë Dritën pranë saj; shtëpia e saj u vizitua dhe u gjet e përshtatshme. Drita "
            "dëshiron të vazhdojë shkollën dhe pranon të jetojë me tezen."
        ),
    },
    "en": {
        "circumstances": (
            "Drita was found on the Korçë–Thessaloniki bus with an adult who is not a relative, "
            "travelling on someone else's passport. She said she had been promised work as a "
            "kitchen helper, but on earlier trips she had been made to beg and hand over the "
            "money every evening.\n\n"
            "The trip had been arranged by a friend of the Kelmendi family."
        ),
        "risk_assessment_summary": (
            "The father admitted having received money from the person who organised the trip; "
            "the family owes him a large sum. The mother did not object to another trip."
        ),
        "assessment_findings": (
            "The father, Luan Kelmendi, still owes money to the recruiter and refuses to "
            "cooperate with the police. The mother lives in the same house and depends on him "
            "financially.\n\n"
            "The maternal aunt lives in Pogradec, has two children at school and is willing to "
            "take Drita in; her home was visited and found suitable. Drita wants to continue "
            "school and agrees to live with her aunt."
        ),
    },
}

_RETURN_CASE: Mapping[str, Any] = {
    "child_name": "Arbër Gjoni",
    "date_of_birth": "2012-06-21",
    "sex": "male",
    "home_region": "Elbasan",
    "family_address": "Rruga Qemal Stafa 21, Elbasan",
    "identification_date": "2026-02-24",
    "identified_by": "Policia Kufitare, Pika e Kalimit Kakavijë",
    "case_manager": "a.dervishi",
    "court": "Gjykata e Rrethit Gjyqësor Elbasan",
    "child_wishes_return": True,
    "parents_reachable": True,
    "family_implicated": False,
    "placement": "family",
    "release_date": "2026-02-26",
    "released_to": "Mimoza Gjoni",
    "family_informed_of_visit": True,
    "visit_date": "2026-03-04",
    "police_found_child_safe": True,
    "police_visit_date": "2026-03-05",
    "child_safe": True,
}

_SEARCH_CASE: Mapping[str, Any] = {
    "child_name": "Erion Marku",
    "date_of_birth": "2013-01-30",
    "sex": "male",
    "home_region": "Shkodër",
    "identification_date": "2026-02-02",
    "identified_by": "Policia Kufitare, Pika e Kalimit Hani i Hotit",
    "case_manager": "m.lleshi",
    "court": "Gjykata e Rrethit Gjyqësor Shkodër",
    "child_wishes_return": True,
    "parents_reachable": False,
    "placement": "shelter",
    "shelter_placement_date": "2026-02-03",
    "search_attempts": [
        {"date": "2026-02-05", "means": "phone", "result": "not_found"},
        {"date": "2026-02-12", "means": "local_authorities", "result": "not_found"},
        {"date": "2026-02-24", "means": "police", "result": "not_found"},
    ],
}

_SEARCH_TEXT: Mapping[str, Mapping[str, str]] = {
    "sq": {
        "circumstances": (
            "Erioni u gjet vetëm në stacionin e autobusëve në Podgoricë; tha se e kishin "
            "sjellë për të punuar në një lavazh dhe se prindërit kishin ikur nga shtëpia e tyre "
            "në Shkodër."
        ),
    },
    "en": {
        "circumstances": (
            "Erion was found alone at the bus station in Podgorica; he said he had been brought "
            "to work at a car wash and that his parents had left their home in Shkodër."
        ),
    },
}

_RETURN_TEXT: Mapping[str, Mapping[str, str]] = {
    "sq": {
        "circumstances": (
            "Arbëri u gjet duke shitur lule në Janinë me një grup të rriturish që nuk janë të "
            "afërmit e tij."
        ),
    },
    "en": {
        "circumstances": (
            "Arbër was found selling flowers in Ioannina with a group of adults who are not his "
            "relatives."
        ),
    },
}

EXAMPLES: tuple[Example, ...] = (
    Example(
        "custody_petition",
        "NRM-2026-000417",
        datetime(2026, 3, 2, 10, 15, tzinfo=TIRANA_WINTER),
        _RISK_CASE,
        _RISK_TEXT,
    ),
    Example(
        "family_assessment_summary",
        "NRM-2026-000417",
        datetime(2026, 3, 19, 11, 0, tzinfo=TIRANA_WINTER),
        _RISK_CASE,
        _RISK_TEXT,
    ),
    Example(
        "police_report",
        "NRM-2026-000402",
        datetime(2026, 2, 26, 9, 40, tzinfo=TIRANA_WINTER),
        _RETURN_CASE,
        _RETURN_TEXT,
    ),
    Example(
        "social_services_report",
        "NRM-2026-000402",
        datetime(2026, 2, 26, 9, 45, tzinfo=TIRANA_WINTER),
        _RETURN_CASE,
        _RETURN_TEXT,
    ),
    Example(
        "followup_visit_record",
        "NRM-2026-000402",
        datetime(2026, 3, 5, 16, 20, tzinfo=TIRANA_WINTER),
        _RETURN_CASE,
        _RETURN_TEXT,
    ),
    Example(
        "guardianship_petition",
        "NRM-2026-000388",
        datetime(2026, 3, 6, 9, 30, tzinfo=TIRANA_WINTER),
        _SEARCH_CASE,
        _SEARCH_TEXT,
    ),
)

"""Anonymised case records in the field layout of IOM's Human Trafficking Case Data Standard
(HTCDS), so the NRM's figures can be pooled with others' (e.g. the Counter-Trafficking Data
Collaborative). One row per screened person; no name, date of birth, place or free text.

`MAPPING` is the one table saying which field of this system fills which HTCDS field, and how;
`UNMAPPED` lists the HTCDS fields this system does not record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from engine.reports.csv_files import csv_text
from engine.storage.models import Case

Data = dict[str, Any]


def _yes(value: Any) -> str:
    return "1" if value is True else "0"


def _q1(*activities: str) -> Callable[[Data], str]:
    return lambda d: "1" if d.get("q1") in activities else "0"


def _recruiter(*relations: str) -> Callable[[Data], str]:
    return lambda d: "1" if {d.get("q11"), d.get("q12"), d.get("q13")} & set(relations) else "0"


def _age(data: Data) -> int | None:
    """The age at the interview; none for a presumed child whose estimate says adult (CoE
    Convention Art. 10.3): the estimate is not the age."""
    try:
        born = date.fromisoformat(str(data.get("date_of_birth")))
        on = date.fromisoformat(str(data.get("interview_date")))
    except ValueError:
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return None if age >= 18 and data.get("age_presumed") is True else age


def _age_broad(data: Data) -> str:
    age = _age(data)
    if age is None:
        return ""
    bands = ((8, "0--8"), (17, "9--17"), (20, "18--20"), (23, "21--23"), (26, "24--26"),
             (29, "27--29"), (38, "30--38"), (47, "39--47"))  # fmt: skip
    return next((label for top, label in bands if age <= top), "48+")


def _majority(data: Data) -> str:
    if data.get("age_presumed") is True:
        return "Minor"
    age = _age(data)
    return "" if age is None else ("Minor" if age < 18 else "Adult")


def _gender(data: Data) -> str:
    return {"female": "Female", "male": "Male"}.get(str(data.get("sex")), "")


def _citizenship(data: Data) -> str:
    return "AL" if data.get("albanian_citizen") is True else ""


def _labour(data: Data) -> str:
    return "1" if data.get("q1") in ("agricultural", "domestic", "waitress", "bartender") else "0"


def _sexual(data: Data) -> str:
    return "1" if data.get("q1") in ("prostitution", "dancer", "entertainment") else "0"


# HTCDS field ← (this system's field(s), how it is derived)
MAPPING: dict[str, tuple[str, Callable[[Data], str]]] = {
    "gender": ("sex", _gender),
    "ageBroad": ("date_of_birth, interview_date", _age_broad),
    "majorityStatus": ("date_of_birth, interview_date", _majority),
    "citizenship": ("albanian_citizen", _citizenship),
    "isForcedLabour": ("q1", _labour),
    "isSexualExploit": ("q1", _sexual),
    "typeOfLabourAgriculture": ("q1 = agricultural", _q1("agricultural")),
    "typeOfLabourDomesticWork": ("q1 = domestic", _q1("domestic")),
    "typeOfLabourHospitality": ("q1 = waitress | bartender", _q1("waitress", "bartender")),
    "typeOfSexProstitution": ("q1 = prostitution", _q1("prostitution")),
    "typeOfSexPrivateSexualServices": ("q1 = dancer | entertainment",
                                       _q1("dancer", "entertainment")),
    "meansOfControlTakesEarnings": ("q4", lambda d: _yes(d.get("q4"))),
    "meansOfControlThreats": ("q5, q10", lambda d: _yes(d.get("q5") or d.get("q10"))),
    "meansOfControlFalsePromises": ("q6", lambda d: _yes(d.get("q6"))),
    "meansOfControlDebtBondage": ("q8", lambda d: _yes(d.get("q8"))),
    "meansOfControlRestrictsMovement": ("q9 = restricted",
                                        lambda d: "1" if d.get("q9") == "restricted" else "0"),
    "recruiterRelationIntimatePartner": ("q11-q13 = boyfriend", _recruiter("boyfriend")),
    "recruiterRelationFriend": ("q11-q13 = friend", _recruiter("friend")),
    "recruiterRelationFamily": ("q11-q13 = family", _recruiter("family")),
    "recruiterRelationOther": ("q11-q13 = recruitment_company | other",
                               _recruiter("recruitment_company", "other")),
}  # fmt: skip

UNMAPPED: tuple[str, ...] = (
    "majorityStatusAtExploit", "majorityEntry", "CountryOfExploitation", "isOtherExploit",
    "isSexAndLabour", "isForcedMarriage", "isForcedMilitary", "isOrganRemoval",
    "isSlaveryAndPractices", "typeOfLabourAquafarming", "typeOfLabourBegging",
    "typeOfLabourConstruction", "typeOfLabourManufacturing", "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling", "typeOfLabourOther", "typeOfSexPornography",
    "typeOfSexRemoteInteractiveServices", "meansOfControlRestrictsFinancialAccess",
    "meansOfControlPsychologicalAbuse", "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse", "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMedicalCare", "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren", "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities", "meansOfControlWithholdsDocuments",
    "recruiterRelationUnknown",
)  # fmt: skip

HEADER = ("caseId", "yearOfRegistration", "Datasource", *MAPPING)


def htcds_rows(session: Session) -> list[tuple[str, ...]]:
    """One row per screening that reached a determination; caseId is a running number of this
    export only, so rows cannot be traced back to a case reference."""
    screenings = session.exec(
        select(Case).where(Case.process_id == "screening").order_by(col(Case.id))
    ).all()
    rows = []
    for case in screenings:
        if case.data.get("determination") is None:
            continue
        derived = tuple(derive(case.data) for _, derive in MAPPING.values())
        rows.append((str(len(rows) + 1), str(case.created_at.year), "Case Management", *derived))
    return rows


def htcds_csv(session: Session) -> str:
    return csv_text(HEADER, htcds_rows(session))

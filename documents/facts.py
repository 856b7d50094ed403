"""The case facts a document is generated from, and strict readers for the fields it needs.

Every reader raises a ValueError that names the missing or malformed field, so a case manager
(or the engine's error page) learns which task left the data incomplete.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from forms.classification import FormFields

# Shown next to the field name in errors, so that "missing 'court'" says what is expected.
FIELD_DESCRIPTIONS: Mapping[str, str] = {
    "child_name": "the child's full name",
    "date_of_birth": "the child's date of birth, YYYY-MM-DD",
    "sex": "'female' or 'male'",
    "home_region": "the region of the family's residence",
    "identification_date": "the date the child was identified, YYYY-MM-DD",
    "identified_by": "the office that identified the child",
    "case_manager": "the appointed case manager (Art. 5.B.4)",
    "court": "the competent district court",
    "circumstances": "the facts established at screening",
    "child_wishes_return": "whether the child wishes to return to the family (true/false)",
    "family_implicated": "whether the family appears involved in the exploitation (true/false)",
    "parents_reachable": "whether the parents could be contacted (true/false)",
    "risk_identified": "whether the preliminary risk assessment found a risk (true/false)",
    "risk_assessment_summary": "the findings of the preliminary risk assessment",
    "placement": "'family', 'shelter' or 'temporary_accommodation'",
    "petition_ground": (
        "'D.1' (the child refuses return), 'D.3' (a risk was found) or '5.B.9' (the family "
        "environment was found unsafe later)"
    ),
    "unsafe_decision_reasons": "the case manager's reasons for the emergency placement",
    "unsafe_decision_date": "the date of the case manager's urgent decision, YYYY-MM-DD",
    "police_found_child_safe": "whether the local police found the child safe (true/false)",
    "police_concerns": "the concerns the local police recorded at the visit",
    "court_decision_date": "the date of the court's decision, YYYY-MM-DD",
    "temporary_custody_holder": "who holds temporary custody, as the court named them",
    "custody_from": "the date temporary custody starts, YYYY-MM-DD",
    "shelter_placement_date": "the date the child was brought to the shelter, YYYY-MM-DD",
    "release_date": "the date the child was returned to the family, YYYY-MM-DD",
    "visit_date": "the date of the follow-up visit by State Social Services, YYYY-MM-DD",
    "police_visited": "whether the local police also visited the family (true/false)",
    "police_visit_date": "the date of the police visit, YYYY-MM-DD",
    "child_safe": "whether the child is safe and well with the family (true/false)",
    "welfare_concerns": "the concerns recorded at the follow-up visit",
    "escalation_date": "the date the missed visit was escalated, YYYY-MM-DD",
    "action_taken": "what was done after the missed visit was escalated",
    "petition_filed_date": "the date the custody petition was filed, YYYY-MM-DD",
    "court_reference": "the reference number the court gave the petition",
    "family_informed_of_custody": "whether the family was informed of the custody (true/false)",
    "family_informed_date": "the date the family was informed, YYYY-MM-DD",
    "inform_method": "'in_person', 'phone', 'letter' or 'other'",
    "family_assessment_date": "the date of the family assessment, YYYY-MM-DD",
    "assessment_findings": "the findings of the family assessment",
    "recommended_solution": (
        "'return_to_family', 'extended_family', 'foster_family', 'children_centre' or 'other'"
    ),
}

_CHOICE_FIELDS = frozenset(
    {"sex", "placement", "petition_ground", "inform_method", "recommended_solution"}
)

# The reference becomes part of a file name, so it must not be able to carry a path.
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True)
class CaseFacts:
    reference: str
    process_version: str
    data: Mapping[str, Any]
    # The classification of the case's version's forms, for the redaction of free text (None:
    # the shipped forms').
    fields: FormFields | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.reference, str) or not _REFERENCE.fullmatch(self.reference):
            raise ValueError(
                f"case reference {self.reference!r} is not valid: expected letters, digits "
                "and '-', e.g. 'NRM-2026-000001'"
            )

    def has(self, field: str) -> bool:
        value = self.data.get(field)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def text(self, field: str) -> str:
        value = self.data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise self._missing(field)
        if not isinstance(value, str):
            raise self._malformed(field, value, "text")
        return value.strip()

    def optional_text(self, field: str) -> str | None:
        return self.text(field) if self.has(field) else None

    def date(self, field: str) -> date:
        value = self.data.get(field)
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        raw = self.text(field)
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise self._malformed(field, raw, "a date YYYY-MM-DD") from None

    def flag(self, field: str) -> bool:
        value = self.data.get(field)
        if value is None:
            raise self._missing(field)
        if not isinstance(value, bool):
            raise self._malformed(field, value, "true or false")
        return value

    def optional_flag(self, field: str) -> bool | None:
        return self.flag(field) if self.data.get(field) is not None else None

    def choice(self, field: str, allowed: tuple[str, ...]) -> str:
        value = self.text(field)
        if value not in allowed:
            raise self._malformed(field, value, " or ".join(repr(a) for a in allowed))
        return value

    def optional_choice(self, field: str, allowed: tuple[str, ...]) -> str | None:
        return self.choice(field, allowed) if self.has(field) else None

    def optional_date(self, field: str) -> date | None:
        return self.date(field) if self.has(field) else None

    def _missing(self, field: str) -> ValueError:
        described = FIELD_DESCRIPTIONS.get(field)
        what = f"'{field}' ({described})" if described else f"'{field}'"
        return ValueError(f"case {self.reference}: the case data has no {what}")

    def _malformed(self, field: str, value: object, expected: str) -> ValueError:
        # Free-text values may be confidential (a name, an address), so only the value of a
        # closed choice is echoed back.
        shown = f", got {value!r}" if field in _CHOICE_FIELDS else ""
        return ValueError(f"case {self.reference}: '{field}' must be {expected}{shown}")


def initials(full_name: str) -> str:
    """'Ëndrra Çela' → 'Ë. Ç.'; hyphenated parts count as parts ('Ana-Maria' → 'A. M.')."""
    # NFC first, so that an 'E' followed by a combining diaeresis becomes the single letter 'Ë'.
    normalized = unicodedata.normalize("NFC", full_name)
    letters = []
    for part in re.split(r"[\s\-\u2010]+", normalized):
        first = next((char for char in part if char.isalpha()), None)
        if first is not None:
            letters.append(f"{first.upper()}.")
    if not letters:
        raise ValueError("'child_name' has no letters to take initials from")
    return " ".join(letters)

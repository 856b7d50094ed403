"""Art. 4: names and locations of victims and shelters never leave the case.

Templates only ever receive the values a document is allowed to show, so the structured fields
below cannot leak by construction. Free text (circumstances, risk assessment findings) is
written by people, though, and may mention the child or the shelter by name: it is passed
through `redact` before it reaches a document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from documents.facts import initials

# Case-data fields whose values identify or locate the child or a shelter. Only child_name and
# family_address are named by docs/process-conventions.md; the shelter and facility fields are
# what the placement forms record, listed here so that such a task cannot leak them.
CONFIDENTIAL_FIELDS: tuple[str, ...] = (
    "child_name",
    "family_address",
    "shelter_name",
    "shelter_address",
    "shelter_location",
    "accommodation_name",
    "accommodation_address",
    "accommodation_location",
    "facility_name",
    # The adult or foreign victim, where they were abroad, the centre they stay in.
    "person_name",
    "location_abroad",
    "centre_name",
    # Family members named by the contact, release and custody forms.
    "contacted_person",
    "located_person_name",
    "released_to",
    "informed_person",
)

# Shorter name parts are too likely to be ordinary words of the text.
_MIN_NAME_PART = 3


def redact(text: str, data: Mapping[str, Any], withheld: str) -> str:
    """`text` with the child's name (whole or any part) replaced by initials, and the other
    confidential values by `withheld`."""
    replacements: dict[str, str] = {}
    for field in CONFIDENTIAL_FIELDS:
        value = data.get(field)
        if isinstance(value, str) and value.strip():
            replacements[_key(value)] = withheld
    name = data.get("child_name")
    if isinstance(name, str) and name.strip():
        for part in re.split(r"[\s\-\u2010]+", name):
            if sum(char.isalpha() for char in part) >= _MIN_NAME_PART:
                for form in _albanian_forms(_nfc(part)):
                    replacements.setdefault(_key(form), initials(part))
        replacements[_key(name)] = initials(name)
    if not replacements:
        return text
    # One pass, longest values first: the full name wins over its parts, and a replacement is
    # never itself rewritten.
    alternatives = "|".join(
        r"\s+".join(re.escape(piece) for piece in value.split())
        for value in sorted(replacements, key=len, reverse=True)
    )
    pattern = re.compile(rf"(?<!\w)(?P<value>{alternatives})(?!\w)(?P<dot>\.?)", re.IGNORECASE)

    def replace(match: re.Match[str]) -> str:
        replacement = replacements.get(_key(match.group("value")), withheld)
        # "... with Gjoni." becomes "... with G.", not "... with G.."
        return replacement if replacement.endswith(".") else replacement + match.group("dot")

    return pattern.sub(replace, _nfc(text))


def _albanian_forms(name: str) -> set[str]:
    """`name` and its Albanian case forms, which free text written in Albanian uses: 'Drita'
    is also 'Dritës' and 'Dritën', 'Arbër' also 'Arbëri', 'Arbërit' and 'Arbërin'. Common words
    that happen to be such a form are withheld too; a name is never let through."""
    forms = {name}
    last, stem = name[-1:].lower(), name[:-1]
    if last in ("a", "ë", "e") and len(stem) >= _MIN_NAME_PART - 1:
        # Feminine names and surnames: Drita, Dritë, Drite, Dritës, Dritën.
        forms.update(stem + ending for ending in ("a", "ë", "e", "ës", "ën"))
    elif last in ("i", "u"):
        # Already definite (Kelmendi, Gjoni): genitive/dative -t, accusative -n.
        forms.update(name + ending for ending in ("t", "n"))
    elif last.isalpha():
        # Masculine names ending in a consonant: Arbër, Arbëri, Arbërit, Arbërin (or -u-).
        forms.update(name + ending for ending in ("i", "it", "in", "u", "ut", "un"))
    return forms


def _key(value: str) -> str:
    return " ".join(_nfc(value).split()).lower()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)

"""Art. 4: names and locations of victims and shelters never leave the case.

Templates only ever receive the values a document is allowed to show, so the structured fields
cannot leak by construction. Free text (circumstances, risk assessment findings) is written by
people, though, and may mention the child, a relative or the shelter by name: it is passed
through `redact` before it reaches a document, which withholds every value of the case that its
form does not classify as procedural (forms/classification.py; no hand-kept list of fields).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from documents.facts import initials
from forms.classification import PROCEDURAL, FormFields, shipped_form_fields

# Shorter name parts are too likely to be ordinary words of the text.
_MIN_NAME_PART = 3
# A value this long is a passage of free text, not a name or a place to look for in another.
_MAX_NAME_LENGTH = 200


def redact(
    text: str, data: Mapping[str, Any], withheld: str, fields: FormFields | None = None
) -> str:
    """`text` with the child's name (whole or any part) replaced by initials, and every other
    value of the case that is not procedural (by its form's classification, `fields`: the case's
    version's, else the shipped forms'; a value no form classifies is personal) by `withheld`."""
    known = fields or shipped_form_fields()
    replacements: dict[str, str] = {}
    name = data.get("child_name")
    if isinstance(name, str) and name.strip():
        replacements[_key(name)] = initials(name)
        for part, forms in _name_parts(name):
            for form in forms:
                replacements.setdefault(_key(form), initials(part))
    for field, value in data.items():
        if known.classification(field) == PROCEDURAL:
            continue
        for found in _texts(value):
            if found.strip() == text.strip() or _letters(found) < _MIN_NAME_PART:
                continue
            replacements.setdefault(_key(found), withheld)
            # A relative's or a contact's name: "uncle Mirel" is withheld as well as
            # "Mirel Dushku" (the child's own name parts keep their initials).
            if _is_a_persons_name(found):
                for _part, forms in _name_parts(found):
                    for form in forms:
                        replacements.setdefault(_key(form), withheld)
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


def _is_a_persons_name(value: str) -> bool:
    """Two to four capitalised words of letters ("Mirel Dushku", "Ana-Maria Hoxha"): a person's
    name, not an address, an office with its town after a comma, or a sentence."""
    words = value.split()
    return 2 <= len(words) <= 4 and all(
        word[0].isupper() and all(char.isalpha() or char in "-'\u2010" for char in word)
        for word in words
    )


def _name_parts(name: str) -> list[tuple[str, set[str]]]:
    """Each part of `name` long enough to look for, with its Albanian case forms."""
    return [
        (part, _albanian_forms(_nfc(part)))
        for part in re.split(r"[\s\-\u2010]+", name)
        if _letters(part) >= _MIN_NAME_PART
    ]


def _texts(value: Any) -> list[str]:
    """The names and places a value holds: itself, or each text of a structured entry (a family
    member's name, relationship and contact)."""
    if isinstance(value, str):
        return [value] if len(value) <= _MAX_NAME_LENGTH else []
    if isinstance(value, Mapping):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def _letters(value: str) -> int:
    return sum(char.isalpha() for char in value)


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

"""Every word the documents print comes from one message catalogue per language.

The catalogue is the gettext domain `documents` (forms/catalogue.py, docs/translations.md):
documents/locale/documents.pot holds the English texts, documents/locale/<language>/LC_MESSAGES/
documents.po the translations, read as they are (nothing to compile).

A label key is the entry's msgctxt, `<section>.<name>`: `common.*` is shared by every document,
the other sections belong to one document (or, `return_report.*`, to the police and the social
services reports alike). A document's labels are its sections merged, later sections winning,
with the section prefix dropped: the templates ask for `title`, not `police_report.title`.
Labels are `str.format` templates: `{name}` is filled from the document's values (see
documents/context.py) and from the other labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from forms.catalogue import Catalogue

LOCALE_DIR = Path(__file__).parent / "locale"
DOCUMENTS = Catalogue("documents", LOCALE_DIR, keyed=True)

# Albanian first: it is the language of the courts and of the offices the documents go to.
LANGUAGES: tuple[str, ...] = ("sq", "en")

SECTIONS: Mapping[str, tuple[str, ...]] = {
    "custody_petition": ("common", "custody_petition"),
    "police_report": ("common", "return_report", "police_report"),
    "social_services_report": ("common", "return_report", "social_services_report"),
    "followup_visit_record": ("common", "followup_visit_record"),
    "family_assessment_summary": ("common", "family_assessment_summary"),
    "guardianship_petition": ("common", "guardianship_petition"),
}


def check_language(language: object) -> str:
    if not isinstance(language, str) or language not in LANGUAGES:
        raise ValueError(
            f"unknown document language {language!r}; known languages: {', '.join(LANGUAGES)}"
        )
    return language


def catalogue(language: str) -> Mapping[str, str]:
    """Every label of `language`, by key."""
    return DOCUMENTS.texts(check_language(language))


def labels_for(kind: str, language: str) -> dict[str, str]:
    messages = catalogue(language)
    labels: dict[str, str] = {}
    for section in SECTIONS[kind]:
        prefix = f"{section}."
        labels.update(
            (key.removeprefix(prefix), text)
            for key, text in messages.items()
            if key.startswith(prefix)
        )
    return labels

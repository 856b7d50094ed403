"""Every word the documents print comes from one message catalogue per language.

The catalogues are gettext catalogues kept with Babel: `documents/locale/<language>/LC_MESSAGES/
documents.po` is the text a translator edits, `documents.mo` next to it is what is read here
(compile after editing: `pybabel compile -d documents/locale -D documents`; a test fails while a
.mo file differs from its .po).

A message id is a label key, `<section>.<name>`: `common.*` is shared by every document, the
other sections belong to one document (or, `return_report.*`, to the police and the social
services reports alike). A document's labels are its sections merged, later sections winning,
with the section prefix dropped: the templates ask for `title`, not `police_report.title`.
Labels are `str.format` templates: `{name}` is filled from the document's values (see
documents/context.py) and from the other labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel.messages.mofile import read_mo

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "documents"

# Albanian first: it is the language of the courts and of the offices the documents go to.
LANGUAGES: tuple[str, ...] = ("sq", "en")

SECTIONS: Mapping[str, tuple[str, ...]] = {
    "custody_petition": ("common", "custody_petition"),
    "police_report": ("common", "return_report", "police_report"),
    "social_services_report": ("common", "return_report", "social_services_report"),
    "followup_visit_record": ("common", "followup_visit_record"),
    "family_assessment_summary": ("common", "family_assessment_summary"),
}


def check_language(language: object) -> str:
    if not isinstance(language, str) or language not in LANGUAGES:
        raise ValueError(
            f"unknown document language {language!r}; known languages: {', '.join(LANGUAGES)}"
        )
    return language


def catalogue_path(language: str, suffix: str = ".mo") -> Path:
    return LOCALE_DIR / check_language(language) / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """Every label of `language`, by key (the compiled catalogue, read once)."""
    with catalogue_path(language).open("rb") as file:
        messages = read_mo(file)
    return MappingProxyType(
        {str(message.id): str(message.string) for message in messages if message.id}
    )


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

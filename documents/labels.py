"""Every word the documents print comes from one message catalogue per language.

The catalogue is the gettext domain `documents` (forms/catalogue.py, docs/translations.md):
documents/locale/documents.pot holds the English texts, documents/locale/<language>/LC_MESSAGES/
documents.po the translations, read as they are (nothing to compile).

A label key is the entry's msgctxt, `<section>.<name>`: `common.*` is shared by every document,
the other sections belong to one document's template, or to a template documents extend
(`return_report.*`: the police and the social services reports alike). A document's labels are
its sections merged, later sections winning, with the section prefix dropped: the templates ask
for `title`, not `police_report.title`. Labels are `str.format` templates: `{name}` is filled
from the document's values (see documents/context.py) and from the other labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from jinja2 import Environment, nodes

from forms.catalogue import Catalogue

LOCALE_DIR = Path(__file__).parent / "locale"
DOCUMENTS = Catalogue("documents", LOCALE_DIR, keyed=True)

# Albanian first: it is the language of the courts and of the offices the documents go to.
LANGUAGES: tuple[str, ...] = ("sq", "en")

TEMPLATES = Path(__file__).parent / "templates"


@cache
def sections(kind: str) -> tuple[str, ...]:
    """The catalogue sections of the document `kind`: `common`, then each template its template
    extends (base.html aside), then its own. police_report.html extends return_report.html, so
    the police report's labels are the sections common, return_report and police_report."""
    chain: list[str] = []
    name = f"{kind}.html"
    while name != "base.html":
        chain.append(name.removesuffix(".html"))
        extends = Environment().parse((TEMPLATES / name).read_text(encoding="utf-8"))
        parent = extends.find(nodes.Extends)
        if parent is None or not isinstance(parent.template, nodes.Const):
            raise ValueError(
                f"documents/templates/{name} must extend base.html, or a template that does"
            )
        name = str(parent.template.value)
    return ("common", *reversed(chain))


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
    for section in sections(kind):
        prefix = f"{section}."
        labels.update(
            (key.removeprefix(prefix), text)
            for key, text in messages.items()
            if key.startswith(prefix)
        )
    return labels

"""Every text of the pages, from the gettext domain `pages`: English in api/locale/pages.pot
(msgctxt is the key a template asks for, msgid the English text) and one
api/locale/<language>/LC_MESSAGES/pages.po per other language (docs/translations.md).

Templates call `t("key", name=value)`; a text a language lacks is shown in English, a key the
catalogue lacks as itself. Form texts and the procedure's names have their own domains
(forms/translation.py, forms/procedure_texts.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forms.catalogue import SOURCE_LANGUAGE, Catalogue

PAGES = Catalogue("pages", Path(__file__).resolve().parent / "locale", keyed=True)
DEFAULT_LANGUAGE = SOURCE_LANGUAGE
# Each language by its own name (the key `lang.name`), for the language switch; adding a
# language's pages.po adds it here.
LANGUAGES: dict[str, str] = {code: PAGES.render("lang.name", code) for code in PAGES.languages()}


def accepted_language(header: str | None) -> str:
    """The language of an Accept-Language header (`sq-AL,sq;q=0.9,en;q=0.8`) the catalogues
    have, the most preferred first; English when none."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        code, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if weight > 0:  # q=0: "not this one"
            ranked.append((-weight, position, code.strip().lower().replace("-", "_")))
    for _weight, _position, code in sorted(ranked):
        for candidate in (code, code.split("_")[0]):
            if candidate in LANGUAGES:
                return candidate
    return DEFAULT_LANGUAGE


def translate(language: str, key: str, **values: Any) -> str:
    return PAGES.render(key, language, **values)


def role_label(language: str, role: str) -> str:
    key = f"role.{role}"
    label = translate(language, key)
    return role.replace("_", " ").capitalize() if label == key else label


PANEL = "panel."


def panel_texts(language: str) -> dict[str, str]:
    """The modeler's properties panel in `language`: {English text: text shown}, for every
    key panel.* (bpmn-js asks for its texts in English; api/static_src/src/translate.js)."""
    return {
        english: PAGES.text(key, language) or english
        for key, english in PAGES.english().items()
        if key.startswith(PANEL)
    }

"""Every text of every catalogue (pages, forms, procedure names, documents) is translated in
every language, and a missing one is named; how the catalogue reader looks texts up
(forms/catalogue.py, docs/translations.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.i18n import LANGUAGES, PAGES, role_label, translate
from cli.translations import CATALOGUES
from engine.access.permissions import ROLES
from forms.catalogue import Catalogue
from tests.support.catalogues import keyed_catalogue

CATALOGUE_LANGUAGES = [
    pytest.param(catalogue, language, id=f"{catalogue.domain}-{language}")
    for catalogue in CATALOGUES
    for language in catalogue.languages()[1:]
]


def test_every_domain_has_its_english_template_and_an_albanian_catalogue() -> None:
    sizes = {catalogue.domain: len(catalogue.english()) for catalogue in CATALOGUES}
    assert set(sizes) == {"pages", "forms", "procedures", "documents", "messages"}
    assert sizes["pages"] > 300 and sizes["forms"] > 600 and sizes["procedures"] > 50
    assert sizes["documents"] > 150 and sizes["messages"] > 50
    assert all("sq" in catalogue.languages() for catalogue in CATALOGUES)
    assert next(iter(LANGUAGES)) == "en"
    assert (LANGUAGES["en"], LANGUAGES["sq"]) == ("English", "Shqip"), "each in its own language"


@pytest.mark.parametrize(("catalogue", "language"), CATALOGUE_LANGUAGES)
def test_every_text_is_translated(catalogue: Catalogue, language: str) -> None:
    missing = catalogue.missing(language)
    assert not missing, (
        f"translate in {catalogue.po_path(language)} (docs/translations.md):\n"
        + "\n".join(map(str, missing))
    )


def test_every_role_has_a_label_in_every_language() -> None:
    for language in LANGUAGES:
        for role in ROLES:
            assert f"role.{role}" in PAGES.texts(language), role
    assert role_label("sq", "case_manager") == "Menaxher rasti"
    assert role_label("sq", "no_such_role") == "No such role"


def test_a_page_text_in_albanian_in_english_and_when_unknown() -> None:
    assert translate("sq", "inbox.title") == "Detyrat"
    assert translate("en", "inbox.title") == "Inbox"
    assert translate("sq", "login.locked", until="10:00:00") == (
        "Shumë përpjekje të dështuara. Provoni pas orës 10:00:00 UTC."
    )
    # A key nobody wrote shows as itself: the page says what to add rather than nothing.
    assert translate("sq", "no.such.key") == "no.such.key"
    for unknown in ("xx", "../sq", "", "en_US"):
        assert translate(unknown, "inbox.title") == "Inbox"


def test_a_fuzzy_or_empty_entry_is_not_a_translation_and_each_gap_is_named(tmp_path: Path) -> None:
    catalogue = keyed_catalogue(
        tmp_path,
        {"a.done": "Done", "a.fuzzy": "Fuzzy", "a.empty": "Empty", "a.absent": "Absent {n}"},
        {"a.done": "Kryer", "a.fuzzy": None, "a.empty": ""},
    )
    assert catalogue.languages() == ("en", "sq")
    assert catalogue.text("a.done", "sq") == "Kryer"
    assert catalogue.text("a.fuzzy", "sq") == "Fuzzy", "a fuzzy entry is shown in English"
    assert catalogue.text("a.empty", "sq") == "Empty"
    assert catalogue.render("a.absent", "sq", n=3) == "Absent 3"
    assert catalogue.text("a.unknown", "sq") is None
    assert [(m.key, m.state) for m in catalogue.missing("sq")] == [
        ("a.fuzzy", "fuzzy"),
        ("a.empty", "untranslated"),
        ("a.absent", "untranslated"),
    ]
    assert "a.absent ('Absent {n}')" in str(catalogue.missing("sq")[-1])

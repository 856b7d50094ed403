"""`nrm translations`: the templates hold every text of the forms and diagrams, every page key
has its English text, and an update keeps translations, marks a changed English text fuzzy and
starts a new language (cli/translations.py, docs/translations.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from typer.testing import CliRunner

from cli.main import app
from cli.translations import (
    CATALOGUES,
    add_language,
    merged,
    page_keys_in_code,
    planned,
    problems,
    stale_templates,
    unknown_page_keys,
    update,
)
from forms.catalogue import Catalogue
from tests.support.catalogues import keyed_catalogue, write_catalog


def test_the_templates_hold_every_text_of_the_forms_and_diagrams() -> None:
    assert stale_templates() == []


def test_every_page_key_the_code_asks_for_has_an_english_text() -> None:
    found = page_keys_in_code()
    # The scan sees templates and page modules alike, so a key missing from either is named.
    assert "api/templates/inbox.html" in found["inbox.title"]
    assert "api/pages/audit.py" in found["audit.at_invalid"]
    assert unknown_page_keys() == []


def test_the_check_command_passes_and_a_bad_language_code_is_one_line() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["translations", "check"])
    assert result.exit_code == 0, result.output
    assert "every text is translated in sq" in result.output
    bad = runner.invoke(app, ["translations", "add-language", "../x"])
    assert bad.exit_code == 1
    assert bad.output.strip().count("\n") == 0 and "Traceback" not in bad.output


def test_the_committed_catalogues_are_what_update_writes() -> None:
    # Nothing to extract or merge: running `nrm translations update` now changes no file.
    assert planned() == []


def test_update_keeps_translations_and_marks_a_changed_english_text_fuzzy(tmp_path: Path) -> None:
    old_wording = "Old wording, long enough to be wrapped over lines in the file: " * 3
    catalogue = keyed_catalogue(
        tmp_path,
        {"k.same": "Same", "k.changed": old_wording, "k.removed": "Gone"},
        {"k.same": "Njëjtë", "k.changed": "Fjalë e vjetër", "k.removed": "Ikur"},
    )
    # A developer edits the English template: one text changes, one goes, one comes.
    template = Catalog(domain="demo", fuzzy=False)
    template.add("Same", "", context="k.same")
    template.add("New wording", "", context="k.changed")
    template.add("Added", "", context="k.added")
    write_catalog(catalogue.template_path, template)
    catalogue.forget()
    assert [(m.key, m.state) for m in catalogue.missing("sq")] == [
        ("k.changed", "outdated"),
        ("k.added", "untranslated"),
    ], "before the update, the changed English is named too"

    assert update([catalogue]) == [f"wrote {catalogue.po_path('sq')}"]
    assert planned([catalogue]) == [], "a second update changes nothing"
    po = catalogue.po("sq")
    assert po.get("Same", "k.same").string == "Njëjtë"
    changed = po.get("New wording", "k.changed")
    assert changed.string == "Fjalë e vjetër" and changed.fuzzy
    assert changed.previous_id == [old_wording], "the translator sees what changed"
    assert po.get("Gone", "k.removed") is None
    assert catalogue.text("k.changed", "sq") == "New wording", "fuzzy: English until reviewed"
    assert '#| "Old wording' in catalogue.po_path("sq").read_text(encoding="utf-8")
    assert [(m.key, m.state) for m in catalogue.missing("sq")] == [
        ("k.changed", "fuzzy"),
        ("k.added", "untranslated"),
    ]


def test_an_edited_form_text_gets_the_old_translation_as_a_fuzzy_suggestion() -> None:
    catalogue = Catalogue("forms", Path("unused"), keyed=False)
    old = Catalog(locale="sq", fuzzy=False)
    old.add("Date of the interview", "Data e intervistës")
    old.add("Unrelated text", "Tekst tjetër")
    template = Catalog(fuzzy=False)
    template.add("Date of the interview with the child", "")
    template.add("Something new entirely", "")
    result = merged(catalogue, template, old, "sq")
    suggested = result.get("Date of the interview with the child")
    assert suggested.string == "Data e intervistës" and suggested.fuzzy
    assert suggested.previous_id == ["Date of the interview"]
    assert result.get("Something new entirely").string == ""
    assert result.get("Unrelated text") is None


def test_adding_a_language_starts_every_catalogue_with_every_text_to_translate(
    tmp_path: Path,
) -> None:
    copies = []
    for catalogue in CATALOGUES:
        folder = tmp_path / catalogue.domain
        folder.mkdir()
        shutil.copy(catalogue.template_path, folder)
        copies.append(Catalogue(catalogue.domain, folder, keyed=catalogue.keyed))

    made = add_language("de", copies)
    assert len(made) == len(CATALOGUES)
    for copy, original in zip(copies, CATALOGUES, strict=True):
        assert copy.languages() == ("en", "de")
        assert len(copy.missing("de")) == len(original.english())
        assert copy.text(next(iter(original.english())), "de") == next(
            iter(original.english().values())
        ), "English until translated"
        header = copy.po("de")
        assert header.locale_identifier == "de" and header.plural_forms
    assert add_language("de", copies) == [], "an existing catalogue is left alone"
    assert any("de" in line for line in problems(copies))
    with pytest.raises(ValueError):
        add_language("en", copies)

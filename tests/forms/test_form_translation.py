"""Forms in Albanian: the catalogue forms/locale/sq/LC_MESSAGES/forms.po covers every text of
every form, the
translated schemas validate exactly as the stored ones, and the pages show them in the language
the user chose (the JSON API keeps the stored English schema)."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from api.app import create_app
from api.forms_html import form_fields
from engine.base.clock import ManualClock
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine
from forms.examples import example_submission, example_value
from forms.schemas import check_form_schema
from forms.translation import ENUM_LABELS, FORMS, form_strings, translate_form
from tests.support.auth import add_test_users, bearer, csrf_of, sign_in
from tests.support.setup import FORMS_DIR
from tests.support.walks import INTAKE, CaseWalk

FORM_FILES = sorted(FORMS_DIR.glob("*/*.schema.json"))
SQ = FORMS.translations("sq")

# Texts that are the same in Albanian: names and codes.
SAME_IN_ALBANIAN: set[str] = set()
# Article/annex references, numbers and quoted codes that a translation must keep as they are.
REFERENCE = re.compile(
    r"\b\d+(?:\.[A-Za-z0-9]+)+(?:-\d+)?\b|\b[IV]+\.[a-g]\b|\bD\.\d\b|\b\d{2,}\b|\{\w+\}"
    r"|\b[a-z]+_[a-z_]+\b"
)


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def form_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_there_are_forms_to_translate() -> None:
    assert len(FORM_FILES) >= 50
    assert {p.parent.name for p in FORM_FILES} >= {"child_return", "screening", "drra_return"}


@pytest.mark.parametrize("path", FORM_FILES, ids=form_id)
def test_every_text_of_every_form_has_an_albanian_translation(path: Path) -> None:
    missing = sorted(s for s in form_strings(load(path)) if s not in SQ)
    assert not missing, (
        f"{form_id(path)}: run `nrm translations update`, then translate these texts in "
        f"{FORMS.po_path('sq')}: " + json.dumps(missing, ensure_ascii=False, indent=1)
    )


def test_no_translation_is_empty_or_left_in_english() -> None:
    for english, albanian in SQ.items():
        assert isinstance(albanian, str) and albanian.strip(), english
        assert albanian == albanian.strip(), english
        if albanian == english:
            assert english in SAME_IN_ALBANIAN, f"not translated: {english!r}"


def test_translations_keep_references_and_codes() -> None:
    for english, albanian in SQ.items():
        for reference in REFERENCE.findall(english):
            # An enum value named in a text may be given by its Albanian label instead.
            label = SQ.get(reference.replace("_", " "), reference) if "_" in reference else None
            assert reference in albanian or (label and label in albanian), (english, reference)
        assert english.count("Art.") <= albanian.count("Nen"), english
        assert english.count("Annex") <= albanian.count("Aneks"), english
        assert "Art." not in albanian and "Annex" not in albanian, albanian


def test_translations_are_albanian() -> None:
    texts = " ".join(SQ.values())
    assert "ë" in texts and "ç" in texts
    assert SQ["Record the child's wishes"] == "Regjistroni dëshirat e fëmijës"
    assert SQ["Annex 1 D.3 requires an appropriate and pre-approved facility."].startswith(
        "Aneksi 1 D.3"
    )


def _same_errors(validator_a: Draft202012Validator, validator_b: Draft202012Validator, data: Any):
    def errors(validator: Draft202012Validator) -> set[tuple[str, str]]:
        return {(error.json_path, str(error.validator)) for error in validator.iter_errors(data)}

    assert errors(validator_a) == errors(validator_b), data


def _samples(schema: dict[str, Any]) -> list[Any]:
    today = date(2026, 3, 2)
    properties = schema.get("properties", {})
    full = {name: example_value(name, prop, today) for name, prop in properties.items()}
    samples: list[Any] = [{}, [], "text", example_submission(schema, today), full]
    for name, prop in properties.items():
        for value in prop.get("enum", []):
            samples.append({**full, name: value})
        samples.append({**full, name: "no such value"})
        samples.append({**full, name: None})
        samples.append({**full, name: 12})
        samples.append({**full, name: False})
    samples.append({**full, "not_a_field": 1})
    return samples


@pytest.mark.parametrize("path", FORM_FILES, ids=form_id)
def test_a_translated_form_is_a_valid_schema_that_validates_the_same(path: Path) -> None:
    original = load(path)
    stored = copy.deepcopy(original)
    translated = translate_form(original, "sq")
    assert original == stored, "the stored schema is not changed"
    assert translate_form(original, "en") is original
    assert check_form_schema(translated) is None
    assert translated.get("title") in (SQ.get(original.get("title")), None)
    before, after = Draft202012Validator(original), Draft202012Validator(translated)
    for data in _samples(original):
        _same_errors(before, after, data)
    for name, prop in translated.get("properties", {}).items():
        values = original["properties"][name].get("enum", [])
        assert prop.get("enum", []) == values, "enum values are data and stay as they are"
        if any(isinstance(v, str) for v in values):
            assert len(prop[ENUM_LABELS]) == len(values)


def test_unknown_texts_and_languages_fall_back_to_english() -> None:
    schema = {
        "type": "object",
        "title": "Record the child's wishes",
        "properties": {
            "x": {"type": "string", "title": "A text nobody translated", "enum": ["a_b", "self"]}
        },
    }
    translated = translate_form(schema, "sq")
    assert translated["title"] == "Regjistroni dëshirat e fëmijës"
    assert translated["properties"]["x"]["title"] == "A text nobody translated"
    assert translated["properties"]["x"][ENUM_LABELS] == ["a b", "vetë"]
    assert translate_form(schema, "xx") is schema
    assert translate_form(schema, "../sq") is schema
    assert FORMS.translations("en") == {}
    fields = form_fields(translated)
    assert fields[0].options == ["a_b", "self"] and fields[0].option_labels == ["a b", "vetë"]
    assert form_fields(schema)[0].option_labels == ["a b", "self"]


# --- the pages -----------------------------------------------------------------------------


@pytest.fixture
def web(engine: NrmEngine, clock: ManualClock) -> TestClient:
    add_test_users(engine)
    auth_clock = ManualClock(clock.now())
    return TestClient(create_app(engine, Settings(clock="manual"), auth_clock=auth_clock))


def test_the_task_page_shows_the_form_in_the_chosen_language(
    web: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(web, clock)
    task_id = walk.task("record_child_wishes")["id"]
    assert sign_in(web, "social.worker").status_code == 303

    english = web.get(f"/tasks/{task_id}").text
    assert "Does the child wish to return to the family?" in english

    web.get("/lang/sq", follow_redirects=False)
    page = web.get(f"/tasks/{task_id}")
    assert page.status_code == 200
    html = page.text
    for label in (
        "A dëshiron fëmija të kthehet në familje?",
        "Data e intervistës",
        "Fëmijës iu tha se familja do të kontaktohet",
        "Aneksi 1 D: intervistuesi i shpjegon fëmijës",
    ):
        assert label in html, label
    assert "Does the child wish to return to the family?" not in html
    assert 'name="child_wishes_return" value="true"' in html

    # The JSON API keeps returning the schema as stored.
    api = web.get(f"/api/tasks/{task_id}", headers=bearer(web, "social.worker")).json()
    assert api["form"]["properties"]["child_wishes_return"]["title"] == (
        "Does the child wish to return to the family?"
    )
    assert ENUM_LABELS not in json.dumps(api["form"])


def test_the_new_case_page_shows_enum_labels_in_albanian_and_submits_the_values(
    web: TestClient,
) -> None:
    assert sign_in(web, "border.officer").status_code == 303
    web.get("/lang/sq", follow_redirects=False)
    html = web.get("/cases/new", params={"process": "child_return"}).text
    assert re.search(r'<option value="female"[^>]*>femër</option>', html)
    assert "Emri i plotë i fëmijës" in html and "Child's full name" not in html
    response = web.post(
        "/cases/new",
        data={**INTAKE, "process": "child_return", "csrf": csrf_of(html)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    case_page = web.get(response.headers["location"]).text
    assert "Gjinia" in case_page and "<dd>femër</dd>" in case_page, "the value by its label"


def test_the_new_case_page_offers_the_regions_and_refuses_a_future_birth_in_albanian(
    web: TestClient,
) -> None:
    assert sign_in(web, "border.officer").status_code == 303
    web.get("/lang/sq", follow_redirects=False)
    html = web.get("/cases/new", params={"process": "child_return"}).text
    assert re.search(r'<option value="Tiranë"[^>]*>Tiranë / Tirana</option>', html)
    assert re.search(r'<option value="case.manager"', html)
    response = web.post(
        "/cases/new",
        data={
            **INTAKE,
            "date_of_birth": "2099-01-01",
            "process": "child_return",
            "csrf": csrf_of(html),
        },
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert "Kjo datë është në të ardhmen." in response.text

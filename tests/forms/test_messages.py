"""The engine's and the forms' messages: a code with parameters, every code the code gives
written in messages.pot and translated into Albanian, rendered in the language asked for
(forms/messages.py, docs/translations.md)."""

from __future__ import annotations

import pytest

from cli.translations import message_codes_in_code, unknown_message_codes
from forms.errors import InvalidForm
from forms.messages import MESSAGES
from forms.translation import FORMS
from forms.validation import validate_form


def test_every_message_code_the_code_gives_has_an_english_and_an_albanian_text() -> None:
    assert unknown_message_codes() == []
    albanian = MESSAGES.translations("sq")
    given = message_codes_in_code()
    # A code built at run time (`form.type.`) stands for every code of its family.
    codes = {
        code
        for written in given
        for code in MESSAGES.english()
        if code == written or (written.endswith(".") and code.startswith(written))
    }
    assert {"form.required", "facility.no_children", "form.type.integer"} <= codes
    untranslated = sorted(code for code in codes if code not in albanian)
    assert untranslated == []
    assert MESSAGES.missing("sq") == []


def test_a_form_error_is_a_code_with_its_limit_rendered_in_the_language_asked_for() -> None:
    schema = {
        "type": "object",
        "required": ["age", "name"],
        "properties": {"age": {"type": "integer", "maximum": 17}, "name": {"type": "string"}},
    }
    with pytest.raises(InvalidForm) as raised:
        validate_form(schema, {"age": 18})
    by_field = {error.loc[-1]: error for error in raised.value.errors}
    assert by_field["age"].message.code == "form.maximum"
    assert dict(by_field["age"].message.params) == {"limit": 17}
    assert by_field["age"].msg == "at most 17"
    assert by_field["age"].message.render("sq") == "jo më shumë se 17"
    assert by_field["name"].message.render("sq") == "plotësoni këtë fushë"
    assert set(str(raised.value).split("; ")) == {
        "data.age: at most 17",
        "data.name: fill in this field",
    }


def test_a_rule_of_a_form_is_shown_in_the_language_of_the_forms_catalogue() -> None:
    rule = next(text for text in FORMS.translations("sq") if "present" in text)
    schema = {
        "type": "object",
        "properties": {"present": {"const": True, "x-message": rule}},
    }
    with pytest.raises(InvalidForm) as raised:
        validate_form(schema, {"present": False})
    [error] = raised.value.errors
    assert error.type == "rule" and error.msg == rule
    assert error.message.render("sq") == FORMS.translations("sq")[rule]

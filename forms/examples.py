"""Plausible submissions for a form: demo cases are walked with them, and so are the tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from jsonschema import Draft202012Validator

from forms.procedures import example


def example_value(name: str, schema: dict[str, Any], today: date) -> Any:
    """A value a case worker could have entered in the field `name`."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), 1)
    if kind == "array":
        return []
    if schema.get("format") == "date":
        return today.isoformat()
    label = schema.get("title") or name.replace("_", " ").capitalize()
    return f"{label}: recorded for the example."


def example_submission(
    form: dict[str, Any],
    today: date,
    answers: dict[str, Any] | None = None,
    follow_rules: bool = False,
) -> dict[str, Any]:
    """Every required field of `form`, with `answers` for the decisions that matter; with
    `follow_rules`, also the fields a rule of the form requires for those answers."""
    answers = answers or {}
    data = {
        name: example_value(name, form["properties"][name], today)
        for name in form.get("required", [])
        if name not in answers
    }
    data.update(answers)
    if not follow_rules:
        return data
    # A field a rule requires for these answers (`if` … `then: required`), e.g. the reasons of
    # a refusal, gets an example value too; a statement the rule asks to be made (a `const`,
    # such as "the foster family is approved") is never assumed.
    for rule in [form, *form.get("allOf", [])]:
        condition, then = rule.get("if"), rule.get("then")
        if not (isinstance(condition, dict) and isinstance(then, dict)):
            continue
        stated = then.get("properties", {})
        if Draft202012Validator(condition).is_valid(data):
            for name in then.get("required", []):
                if name not in data and "const" not in stated.get(name, {}):
                    data[name] = example_value(name, form["properties"][name], today)
    return data


# An adult's consent to the screening interview at the border (Annex 1 IV), with a social worker
# present (Art. 5.A.4): the demo and the tests start from it.
ADULT_CONSENT: dict[str, Any] = {
    "interviewed_by": "Border police, Kakavija crossing point",
    "interview_place": "Interview room, Kakavija crossing point",
    "social_worker_present": True,
    "interviewee_is_child": False,
    "consents_to_interview": True,
}

# Who is present at a child's screening interview, with every safeguard of Art. 5.A.6, 5.B.12
# and Annex 1 III (no parent present, so a trained psychologist attends): the demo and the tests
# add it to the consent answers of a child.
CHILD_INTERVIEW_SAFEGUARDS: dict[str, Any] = {
    "interviewee_is_child": True,
    "police_officer_present": True,
    "psychologist_or_social_worker_present": True,
    "parent_present": False,
    "family_suspected": False,
    "trained_psychologist_present": True,
    "legal_advocate_present": True,
    "interviewed_in_private": True,
}


# Annex 1 V answered with nothing indicative of trafficking: screenings in the demo and the
# tests start from it and add the indicative answers they are about.
NOTHING_INDICATIVE: dict[str, Any] = {
    "q1": "other",
    "q2": "more_than_week",
    "q3": False,
    "q4": False,
    "q5": False,
    "q6": False,
    "q7": False,
    "q8": False,
    "q9": "not_restricted",
    "q10": False,
    "q11": "self",
    "q12": "self",
    "q13": "self",
    "q14": True,
    "q15": "self",
}


# A fictional child identified at the border (Annex 1 D): the intake of child_return that the
# tests and the benchmark walk; the documents print her initials, region and court.
CHILD_RETURN_INTAKE: dict[str, Any] = example("child_return")

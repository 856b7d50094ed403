"""Forms as a case shows and checks them: the option sources a form may name with `"x-options"`
(forms/options.py), read from the database at the moment the form is shown or submitted, and the
check of submitted data against the form's schema and choices, reported as the engine's
`InvalidData` (the forms raise their own `InvalidForm`)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from sqlmodel import Session

from engine.access.users import case_manager_choices
from engine.base.errors import InvalidData
from engine.directory import facilities, reference
from forms.dates import date_errors
from forms.errors import InvalidForm
from forms.options import OptionSource, check_choices, with_choices
from forms.validation import validate_form


def sources(session: Session, today: date) -> dict[str, OptionSource]:
    return {
        "facilities": partial(facilities.facility_choices, session, today),
        "regions": partial(reference.choices, session, "region"),
        "courts": partial(reference.choices, session, "court"),
        "case_managers": partial(case_manager_choices, session),
    }


def form_as_shown(
    session: Session, today: date, schema: dict[str, Any], case_data: dict[str, Any]
) -> dict[str, Any]:
    return with_choices(schema, sources(session, today), case_data)


def check_intake(
    session: Session, today: date, schema: dict[str, Any], data: dict[str, Any]
) -> None:
    """Raise InvalidData naming every field of `data` that the intake form `schema` refuses."""
    check_submission(session, today, schema, {}, data)


def check_submission(
    session: Session,
    today: date,
    schema: dict[str, Any],
    case_data: dict[str, Any],
    data: dict[str, Any],
) -> None:
    """Raise InvalidData naming every field of a task's `data` that its form refuses: first
    by the schema, then by the choices open now and the dates as of `today`."""
    try:
        validate_form(schema, data)
    except InvalidForm as error:
        raise InvalidData.from_form(error) from error
    errors = date_errors(schema, data, today)
    try:
        check_choices(schema, sources(session, today), case_data, data)
    except InvalidForm as error:
        errors = error.errors + errors
    if errors:
        raise InvalidData(errors)

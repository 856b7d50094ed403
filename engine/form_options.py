"""The option sources a form may name with `"x-options"` (forms/options.py), read from the
database at the moment the form is shown or submitted. (Modules are imported whole: the engine's
modules import each other in a cycle through engine.access.)"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from sqlmodel import Session

from engine import directory
from forms.options import OptionSource, check_choices, with_choices


def sources(session: Session, today: date) -> dict[str, OptionSource]:
    return {"facilities": partial(directory.facility_choices, session, today)}


def form_as_shown(
    session: Session, today: date, schema: dict[str, Any], case_data: dict[str, Any]
) -> dict[str, Any]:
    return with_choices(schema, sources(session, today), case_data)


def check_submission(
    session: Session,
    today: date,
    schema: dict[str, Any],
    case_data: dict[str, Any],
    data: dict[str, Any],
) -> None:
    check_choices(schema, sources(session, today), case_data, data)

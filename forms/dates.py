"""The checks of dates a schema cannot state: a date that has not happened yet, a birth after
the identification, an adult opened as a child. A form declares them on its fields:

- `"x-not-future": true` on a date field: the date is today or earlier (a recorded event);
- `"x-before": "<other date field>"` on a date field: the date is earlier than the other one;
- `"x-child-on": {"birth": ..., "on": ..., "unless": ...}` on the form: the person is under 18
  on the date `on`, unless the boolean field `unless` is true (the age is presumed, Council of
  Europe Convention Art. 10.3).

Each refusal is a FieldError on the field, of a type the pages translate (`err.<type>`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from forms.errors import FieldError

NOT_FUTURE = "x-not-future"
BEFORE = "x-before"
CHILD_ON = "x-child-on"
ADULT_AGE = 18


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None  # the schema's format check names it


def age_on(born: date, on: date) -> int:
    """Whole years of age on `on`."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def date_errors(schema: dict[str, Any], data: dict[str, Any], today: date) -> list[FieldError]:
    """Every date of `data` that the rules of `schema` refuse, as of `today`."""
    errors: list[FieldError] = []
    properties = schema.get("properties", {})
    for name, prop in properties.items():
        value = _date(data.get(name))
        if not isinstance(prop, dict) or value is None:
            continue
        if prop.get(NOT_FUTURE) and value > today:
            errors.append(
                FieldError(
                    ("data", name), f"{value.isoformat()} is in the future", "date_in_future"
                )
            )
        later_name = prop.get(BEFORE)
        later = _date(data.get(later_name)) if isinstance(later_name, str) else None
        if later is not None and value >= later:
            title = properties.get(later_name, {}).get("title", later_name)
            errors.append(
                FieldError(("data", name), f"must be before the {title.lower()}", "date_not_before")
            )
    rule = schema.get(CHILD_ON)
    if isinstance(rule, dict):
        on_title = properties.get(rule.get("on"), {}).get("title", rule.get("on"))
        born, on = _date(data.get(rule.get("birth"))), _date(data.get(rule.get("on")))
        presumed = data.get(rule.get("unless")) is True
        if born is not None and on is not None and not presumed and age_on(born, on) >= ADULT_AGE:
            errors.append(
                FieldError(
                    ("data", str(rule["birth"])),
                    f"the person was {age_on(born, on)} on the {str(on_title).lower()}, not a "
                    "child: record the age as presumed if the person may be under 18",
                    "adult_not_presumed",
                )
            )
    return errors

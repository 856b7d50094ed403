"""Validating what a user submits against a form, with an error per field.

A form states a rule that a generic message would not explain (e.g. who must be present at a
child's interview) as a subschema carrying the annotation keyword `x-message`: when that
subschema fails (a `const` it holds, or a field it requires is missing), the field's error is
that message (type `rule`) instead of the validator's."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from forms.errors import FieldError, InvalidForm

_FORMAT_CHECKER = FormatChecker()
RULE_MESSAGE = "x-message"


def _field_error(error: ValidationError) -> FieldError:
    path: tuple[str | int, ...] = tuple(error.absolute_path)
    message = error.schema.get(RULE_MESSAGE) if isinstance(error.schema, dict) else None
    if error.validator == "required":
        # jsonschema reports a missing field on its parent object; users look for the field.
        missing = error.message.split("'")[1] if "'" in error.message else ""
        if isinstance(message, str):
            return FieldError(("data", *path, missing), message, "rule")
        return FieldError(("data", *path, missing), "this field is required", "missing")
    if isinstance(message, str):
        return FieldError(("data", *path), message, "rule")
    if error.validator == "additionalProperties":
        return FieldError(("data", *path), error.message, "extra_forbidden")
    return FieldError(("data", *path), error.message, str(error.validator))


def validate_form(schema: dict[str, Any], data: Any) -> None:
    """Raise InvalidForm listing every field that does not satisfy `schema`."""
    validator = Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise InvalidForm([_field_error(e) for e in errors])

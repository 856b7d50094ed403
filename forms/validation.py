"""Validating what a user submits against a form, with an error per field.

A form states a rule that a generic message would not explain (e.g. who must be present at a
child's interview) as a subschema carrying the annotation keyword `x-message`: when that
subschema fails (a `const` it holds, or a field it requires is missing), the field's error is
that message (type `rule`) instead of the validator's. Every other error is a message of the
`messages` catalogue (`form.*`) with the validator's limit as its parameter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from forms.errors import FieldError, InvalidForm
from forms.messages import FormText, Message, message
from forms.translation import RULE_MESSAGE

__all__ = ["RULE_MESSAGE", "validate_form"]

_FORMAT_CHECKER = FormatChecker()
# The validators whose limit is the message's one parameter (each code written out, so that
# `nrm translations check` finds it).
_LIMITS: dict[str, Callable[[Any], Message]] = {
    "minimum": lambda limit: message("form.minimum", limit=limit),
    "maximum": lambda limit: message("form.maximum", limit=limit),
    "exclusiveMinimum": lambda limit: message("form.more_than", limit=limit),
    "exclusiveMaximum": lambda limit: message("form.less_than", limit=limit),
    "maxLength": lambda limit: message("form.max_length", limit=limit),
    "minItems": lambda limit: message("form.min_items", limit=limit),
    "maxItems": lambda limit: message("form.max_items", limit=limit),
}
_TYPES = ("string", "integer", "number", "boolean", "array", "object")
_FORMATS = ("date", "date-time", "email")


def _validator_message(error: ValidationError) -> Message:
    validator, limit = str(error.validator), error.validator_value
    if validator in _LIMITS:
        return _LIMITS[validator](limit)
    if validator == "minLength":
        return message("form.empty") if limit == 1 else message("form.min_length", limit=limit)
    if validator == "enum":
        return message("form.enum", choices=", ".join(map(str, limit)))
    if validator == "const":
        return message("form.const", value=limit)
    if validator == "type":
        kind = limit if isinstance(limit, str) else None
        return message(f"form.type.{kind}") if kind in _TYPES else message("form.type")
    if validator == "format":
        return message(f"form.format.{limit}") if limit in _FORMATS else message("form.format")
    if validator == "pattern":
        return message("form.pattern")
    if validator == "uniqueItems":
        return message("form.unique")
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        known = (
            set(error.schema.get("properties") or {}) if isinstance(error.schema, dict) else set()
        )
        extra = sorted(str(name) for name in error.instance if name not in known)
        return message("form.extra", fields=", ".join(extra))
    return message("form.invalid", detail=error.message)


def _field_error(error: ValidationError) -> FieldError:
    path: tuple[str | int, ...] = tuple(error.absolute_path)
    rule = error.schema.get(RULE_MESSAGE) if isinstance(error.schema, dict) else None
    rule_message = message("form.rule", rule=FormText(rule)) if isinstance(rule, str) else None
    if error.validator == "required":
        # jsonschema reports a missing field on its parent object; users look for the field.
        missing = error.message.split("'")[1] if "'" in error.message else ""
        if rule_message is not None:
            return FieldError(("data", *path, missing), rule_message, "rule")
        return FieldError(("data", *path, missing), message("form.required"), "missing")
    if rule_message is not None:
        return FieldError(("data", *path), rule_message, "rule")
    if error.validator == "additionalProperties":
        return FieldError(("data", *path), _validator_message(error), "extra_forbidden")
    return FieldError(("data", *path), _validator_message(error), str(error.validator))


def validate_form(schema: dict[str, Any], data: Any) -> None:
    """Raise InvalidForm listing every field that does not satisfy `schema`."""
    validator = Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise InvalidForm([_field_error(e) for e in errors])

"""Forms are JSON Schemas (draft 2020-12), one per user task, plus the intake of each process."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

INTAKE_FORM = "intake.schema.json"


def check_form_schema(schema: dict[str, Any]) -> str | None:
    """None when `schema` is a usable JSON Schema, else what is wrong with it."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return error.message
    return None

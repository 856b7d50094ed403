"""The procedure's own texts in the user's language: the names of processes, user tasks and
deadlines drawn in the BPMN diagrams, which the inbox and the case page show as titles.

They share the forms' catalogue (forms/locale/<language>.json): a task's title is most often its
form's title too, and one catalogue is one thing for a translator to proofread."""

from __future__ import annotations

from forms.translation import catalogue


def normal_text(text: str) -> str:
    """A name as the catalogue holds it: modelers wrap long names over lines."""
    return " ".join(text.split())


def procedure_text(text: str, language: str) -> str:
    """`text` (a name from a diagram) in `language`; itself when the catalogue lacks it."""
    return catalogue(language).get(normal_text(text)) or text

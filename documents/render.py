"""HTML from the Jinja templates, and PDF from the HTML with WeasyPrint."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, UndefinedError, select_autoescape
from markupsafe import Markup
from weasyprint import HTML

from documents.reproducible import fonts_dated

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["css_string"] = css_string
    return environment


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string, safe inside an HTML <style> element."""
    escaped = "".join(
        char if char.isalnum() or char in " .,:;-_()" else f"\\{ord(char):06x}" for char in text
    )
    return Markup(f'"{escaped}"')


def render_html(
    kind: str,
    labels: Mapping[str, str],
    values: Mapping[str, Any],
    issued_at: datetime,
) -> str:
    fill = {**labels, **values}

    def t(key: str) -> str:
        try:
            return labels[key].format_map(fill)
        except KeyError as error:
            raise ValueError(f"the {kind} label {key!r} needs the value {error}") from None

    moment = issued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        return (
            _environment()
            .get_template(f"{kind}.html")
            .render(
                labels=labels, doc=values, t=t, pdf_title=pdf_title(labels, values), moment=moment
            )
        )
    except UndefinedError as error:
        # The context builders check every field first; reaching this is a template bug.
        raise ValueError(f"the {kind} template uses a value it was not given: {error}") from None


def pdf_title(labels: Mapping[str, str], values: Mapping[str, Any]) -> str:
    return f"{labels['title']} ({values['reference']})"


def html_to_pdf(html: str, issued_at: datetime) -> bytes:
    # base_url lets the stylesheet and the bundled fonts load from this package, not the system.
    with fonts_dated(issued_at):
        pdf = HTML(string=html, base_url=str(TEMPLATES) + "/").write_pdf()
    assert pdf is not None
    return pdf

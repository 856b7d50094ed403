"""Small gettext catalogues made in a test's folder, for the catalogue reader and the
`nrm translations` merge."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from cli.translations import serialized
from forms.catalogue import Catalogue


def write_catalog(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialized(catalog))


def keyed_catalogue(
    folder: Path, english: dict[str, str], albanian: dict[str, str | None]
) -> Catalogue:
    """A keyed catalogue `demo` in `folder`; an Albanian text None is written as fuzzy."""
    catalogue = Catalogue("demo", folder, keyed=True)
    template = Catalog(domain="demo", fuzzy=False)
    for key, text in english.items():
        template.add(text, "", context=key)
    write_catalog(catalogue.template_path, template)
    po = Catalog(locale="sq", domain="demo", fuzzy=False)
    for key, text in albanian.items():
        fuzzy = text is None
        po.add(
            english[key],
            "Përkthim i vjetër" if fuzzy else text,
            context=key,
            flags=["fuzzy"] if fuzzy else [],
        )
    write_catalog(catalogue.po_path("sq"), po)
    return catalogue

"""The procedure's own texts in the user's language: the names of processes, user tasks and
deadlines drawn in the BPMN diagrams, which the inbox and the case page show as titles.

They are the gettext domain `procedures` (forms/locale/procedures.pot, extracted from
processes/*.bpmn by `nrm translations update`, and forms/locale/<language>/LC_MESSAGES/
procedures.po; docs/translations.md), next to the forms' own: a task's title is most often its
form's title too."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from forms.catalogue import Catalogue

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
PROCEDURES = Catalogue("procedures", LOCALE_DIR, keyed=False)

_BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
# What the pages show of a diagram: the process's name, its tasks and its deadlines.
SHOWN = ("process", "userTask", "boundaryEvent", "intermediateCatchEvent")


def normal_text(text: str) -> str:
    """A name as the catalogue holds it: modelers wrap long names over lines."""
    return " ".join(text.split())


def diagram_names(path: Path) -> list[str]:
    """The names a page shows of the diagram at `path`, once each in the diagram's order."""
    shown = {_BPMN + tag for tag in SHOWN}
    root = etree.parse(str(path)).getroot()
    names = (
        normal_text(element.get("name") or "") for element in root.iter() if element.tag in shown
    )
    return list(dict.fromkeys(name for name in names if name))


def procedure_text(text: str, language: str) -> str:
    """`text` (a name from a diagram) in `language`; itself when the catalogue lacks it."""
    return PROCEDURES.translations(language).get(normal_text(text)) or text

"""`nrm translations`: keep the gettext catalogues in step with the texts of the code.

`update` extracts the English templates of the text domains from their sources (forms from the
JSON Schemas, procedures from the diagrams), checks that every page key the code asks for has
its English text, and merges each template into every language's `.po`: a new text arrives
untranslated, a changed one fuzzy (with the old English beside it), a removed one goes.
`check` lists what a translator still has to do, as the tests do. `add-language` starts the
catalogues of a new language. docs/translations.md says when to run which."""

from __future__ import annotations

import difflib
import io
import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import typer
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, normalize, write_po

from api.i18n import PAGES
from documents.labels import DOCUMENTS
from forms.catalogue import LANGUAGE_CODE, SOURCE_LANGUAGE, Catalogue, Missing
from forms.messages import MESSAGES
from forms.procedure_texts import PROCEDURES, diagram_names
from forms.translation import FORMS, form_strings

ROOT = Path(__file__).resolve().parent.parent
FORMS_DIR = ROOT / "forms"
PROCESSES_DIR = ROOT / "processes"
API_DIR = ROOT / "api"

# Every catalogue, in the order a translator would work through them.
CATALOGUES: tuple[Catalogue, ...] = (PAGES, FORMS, PROCEDURES, DOCUMENTS, MESSAGES)
PROJECT = "NRM Case Engine"
# Fuzzy suggestions for a changed form text or name: how alike the old English must be (the
# cutoff of difflib and of Babel's own update).
SIMILAR = 0.6

_PAGE_KEY_IN_TEMPLATE = re.compile(r"""\bt\(\s*(["'])([a-z][\w.-]*)\1""")
_MESSAGE_CODE = re.compile(r"""\bmessage\(\s*f?(["'])([a-z][\w.-]*)""")
_PAGE_KEY_IN_PYTHON = re.compile(r"""\btranslate\(\s*[\w.()]+\s*,\s*(["'])([a-z][\w.-]*)\1""")

app = typer.Typer(help="Keep the translation catalogues in step with the code's texts.")


# --- the English templates ---------------------------------------------------------------------


def _relative(path: Path) -> str:
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _template_from(texts: Iterable[tuple[str, str]], like: Catalogue) -> Catalog:
    """A template of a text domain from (English text, file) pairs, in their order."""
    template = Catalog(domain=like.domain, project=PROJECT, version="1", fuzzy=False)
    for text, where in texts:
        found = template.get(text)
        if found is None:
            template.add(text, "", locations=[(where, None)])
        elif (where, None) not in found.locations:
            found.locations.append((where, None))
    return template


def extracted_templates() -> dict[str, Catalog]:
    """The templates of the text domains as the sources say today."""
    forms = (
        (text, _relative(path))
        for path in sorted(FORMS_DIR.glob("*/*.schema.json"))
        for text in form_strings(json.loads(path.read_text(encoding="utf-8")))
    )
    names = (
        (name, _relative(path))
        for path in sorted(PROCESSES_DIR.glob("*.bpmn"))
        for name in diagram_names(path)
    )
    return {
        FORMS.domain: _template_from(forms, FORMS),
        PROCEDURES.domain: _template_from(names, PROCEDURES),
    }


def page_keys_in_code() -> dict[str, list[str]]:
    """Every page key written out in a template or a page module → the files asking for it
    (keys built at run time, like `role.<role>`, are written only in the catalogue)."""
    found: dict[str, list[str]] = {}
    sources = [
        *((path, _PAGE_KEY_IN_TEMPLATE) for path in sorted(API_DIR.rglob("*.html"))),
        *((path, _PAGE_KEY_IN_PYTHON) for path in sorted(API_DIR.rglob("*.py"))),
    ]
    for path, pattern in sources:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(2), []).append(_relative(path))
    return found


def _not_in(catalogue: Catalogue, found: dict[str, list[str]], verb: str) -> list[str]:
    """The keys of `found` without an English text in `catalogue`, each with its files. A key
    ending in a dot is a family completed at run time (`"status." ~ s`): one of it will do."""
    english = catalogue.english()

    def known(key: str) -> bool:
        return key in english or (key.endswith(".") and any(k.startswith(key) for k in english))

    return [
        f"{key} ({verb} in {', '.join(sorted(set(files)))})"
        for key, files in sorted(found.items())
        if not known(key)
    ]


def unknown_page_keys() -> list[str]:
    """Keys the pages ask for that have no English text in pages.pot, with where."""
    return _not_in(PAGES, page_keys_in_code(), "asked for")


def message_codes_in_code() -> dict[str, list[str]]:
    """Every message code written out as the first argument of `message(...)` in the code →
    the files giving it; a code built at run time (`message(f"form.type.{kind}")`) as its
    family `form.type.`."""
    found: dict[str, list[str]] = {}
    for folder in (ROOT / "engine", FORMS_DIR, API_DIR, ROOT / "cli", ROOT / "documents"):
        for path in sorted(folder.rglob("*.py")):
            for match in _MESSAGE_CODE.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(match.group(2), []).append(_relative(path))
    return found


def unknown_message_codes() -> list[str]:
    """Message codes the code gives that have no English text in messages.pot, with where."""
    return _not_in(MESSAGES, message_codes_in_code(), "given")


def stale_templates() -> list[str]:
    """Text domains whose committed template differs from what the sources say."""
    stale = []
    extracted = extracted_templates()
    for catalogue in (FORMS, PROCEDURES):
        wanted = _entries(extracted[catalogue.domain], catalogue)
        committed = _entries(catalogue.template(), catalogue)
        if wanted != committed:
            lacking = [key for key in wanted if key not in committed]
            stale.append(
                f"{_relative(catalogue.template_path)} is not what the sources say"
                + (f"; it lacks {lacking!r}" if lacking else "")
                + ": run `nrm translations update`"
            )
    return stale


def _entries(catalog: Catalog, catalogue: Catalogue) -> dict[str, tuple]:
    return {
        catalogue.key_of(m): (m.id, m.context, sorted(m.locations), list(m.auto_comments))
        for m in catalog
        if m.id
    }


# --- merging a template into a language --------------------------------------------------------


def merged(catalogue: Catalogue, template: Catalog, old: Catalog | None, language: str) -> Catalog:
    """`language`'s catalogue after `template`: translations kept by key, a changed English
    text fuzzy with its old English as the previous msgid, a text no longer used dropped."""
    result = _new_po(catalogue, template, old, language)
    previous = {catalogue.key_of(m): m for m in old if m.id} if old is not None else {}
    unused = dict(previous)
    untranslated: list[Message] = []
    for source in template:
        if not source.id:
            continue
        message = Message(
            source.id,
            "",
            locations=source.locations,
            flags=set(source.flags) - {"fuzzy"},
            auto_comments=source.auto_comments,
            context=source.context,
        )
        before = unused.pop(catalogue.key_of(source), None)
        if before is not None:
            message.string = before.string
            message.user_comments = list(before.user_comments)
            if before.fuzzy:
                message.flags.add("fuzzy")
                message.previous_id = before.previous_id
            if before.id != source.id and before.string:
                message.flags.add("fuzzy")
                message.previous_id = [before.id]
        if not message.string:
            untranslated.append(message)
        result[message.id] = message
    if not catalogue.keyed:
        _suggest(untranslated, [m for m in unused.values() if m.string and not m.fuzzy])
    return result


def _suggest(untranslated: list[Message], candidates: list[Message]) -> None:
    """A text domain's key is its English, so an edited text arrives new: offer the translation
    of the most similar text that went away, marked fuzzy, as msgmerge does."""
    by_english = {str(m.id): m for m in candidates}
    for message in untranslated:
        close = difflib.get_close_matches(str(message.id), list(by_english), 1, SIMILAR)
        if close:
            old = by_english.pop(close[0])
            message.string = old.string
            message.flags.add("fuzzy")
            message.previous_id = [old.id]


def _new_po(catalogue: Catalogue, template: Catalog, old: Catalog | None, language: str) -> Catalog:
    locale = Locale.parse(language)
    result = Catalog(
        locale=language,
        domain=catalogue.domain,
        header_comment=old.header_comment if old is not None else _po_comment(catalogue, locale),
        project=PROJECT,
        version="1",
        creation_date=template.creation_date,
        revision_date=old.revision_date if old is not None else template.creation_date,
        last_translator=old.last_translator if old is not None else PROJECT,
        language_team=old.language_team if old is not None else locale.english_name,
        fuzzy=False,
    )
    return result


def _po_comment(catalogue: Catalogue, locale: Locale) -> str:
    return (
        f"# {locale.english_name} texts of the domain {catalogue.domain}: translate every entry.\n"
        f"# Made from {_relative(catalogue.template_path)} by `nrm translations`; see\n"
        "# docs/translations.md."
    )


# --- files -------------------------------------------------------------------------------------


def serialized(catalog: Catalog) -> bytes:
    """The `.po`/`.pot` text of `catalog`, as Babel writes it (width 76, files without line
    numbers, no obsolete entries), with the old English of a fuzzy entry as `#| msgid`."""
    previous: dict[str, str] = {}
    for number, message in enumerate(catalog):
        # Babel flags every text that looks like a format; `no-…` says it is not checked as one
        # (a date pattern, or a label Albanian names in its inflected form).
        for kind in ("python-format", "python-brace-format"):
            if f"no-{kind}" in message.flags:
                message.flags.discard(kind)
        if message.previous_id:
            # Babel re-wraps a long previous msgid as prose, breaking its quotes: write a token
            # in its place and the msgid itself below.
            token = f"previous msgid {number}"
            previous[token] = str(message.previous_id[0])
            message.previous_id = [token]
    out = io.BytesIO()
    try:
        write_po(out, catalog, include_lineno=False, ignore_obsolete=True, include_previous=True)
    finally:
        for message in catalog:
            if message.previous_id and message.previous_id[0] in previous:
                message.previous_id = [previous[message.previous_id[0]]]
    text = out.getvalue().decode("utf-8")
    for token, english in previous.items():
        lines = normalize(english, width=73).splitlines()
        written = "".join(
            f"#| {'msgid ' if n == 0 else ''}{line}\n" for n, line in enumerate(lines)
        )
        text = text.replace(f'#| msgid "{token}"\n', written, 1)
    return text.encode("utf-8")


def planned(catalogues: Iterable[Catalogue] = CATALOGUES) -> list[tuple[Path, bytes]]:
    """The files `update` writes, with their new text: none when every catalogue is current."""
    extracted = extracted_templates()
    writes: list[tuple[Path, bytes]] = []
    for catalogue in catalogues:
        template = committed = catalogue.template()
        if catalogue.domain in extracted:
            template = extracted[catalogue.domain]
            if _entries(template, catalogue) == _entries(committed, catalogue):
                template = committed
            else:
                template.header_comment = committed.header_comment
                template.creation_date = datetime.now(UTC)
        writes.append((catalogue.template_path, serialized(template)))
        for language in catalogue.languages()[1:]:
            po = merged(catalogue, template, catalogue.po(language), language)
            writes.append((catalogue.po_path(language), serialized(po)))
    return [
        (path, data) for path, data in writes if not path.is_file() or path.read_bytes() != data
    ]


def update(catalogues: Iterable[Catalogue] = CATALOGUES) -> list[str]:
    """Extract the text domains' templates and merge every template into every language; the
    files written."""
    catalogues = tuple(catalogues)
    writes = planned(catalogues)
    for path, data in writes:
        path.write_bytes(data)
    for catalogue in catalogues:
        catalogue.forget()
    return [f"wrote {_relative(path)}" for path, _ in writes]


def add_language(language: str, catalogues: Iterable[Catalogue] = CATALOGUES) -> list[str]:
    """Start every domain's catalogue for `language` (a gettext code such as `de` or `sr`)."""
    if not LANGUAGE_CODE.fullmatch(language) or language == SOURCE_LANGUAGE:
        raise ValueError(
            f"{language!r}: give a gettext language code such as sr or pt_BR, not "
            f"{SOURCE_LANGUAGE!r} (the source)"
        )
    try:
        Locale.parse(language)
    except (ValueError, UnknownLocaleError) as error:
        raise ValueError(f"{language!r} is not a language Babel knows") from error
    made = []
    for catalogue in catalogues:
        path = catalogue.po_path(language)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(serialized(merged(catalogue, catalogue.template(), None, language)))
        catalogue.forget()
        made.append(f"started {_relative(path)}")
    return made


def problems(catalogues: Iterable[Catalogue] = CATALOGUES) -> Iterator[str]:
    """What keeps the catalogues from being complete: stale templates, page keys without an
    English text, texts a language lacks."""
    yield from stale_templates()
    for key in unknown_page_keys():
        yield f"pages: no English text in api/locale/pages.pot for {key}"
    for code in unknown_message_codes():
        yield f"messages: no English text in {_relative(MESSAGES.template_path)} for {code}"
    for catalogue in catalogues:
        for language in catalogue.languages()[1:]:
            missing: list[Missing] = catalogue.missing(language)
            yield from (f"{item} in {_relative(catalogue.po_path(language))}" for item in missing)


# --- the commands ------------------------------------------------------------------------------


@app.command("update")
def update_command() -> None:
    """Extract the English texts and merge them into every language's catalogue."""
    try:
        lines = update()
    except (OSError, PoFileError, ValueError) as error:
        typer.echo(f"nrm translations update: {error}", err=True)
        raise typer.Exit(1) from None
    for line in lines or ["every catalogue was already up to date"]:
        typer.echo(line)
    left = list(problems())
    for line in left:
        typer.echo(line)
    if left:
        typer.echo(f"{len(left)} text(s) to write or translate (docs/translations.md)")


@app.command("check")
def check_command() -> None:
    """List every text without an English source or a translation; exit 1 if there is one."""
    try:
        left = list(problems())
    except (OSError, PoFileError, ValueError) as error:
        typer.echo(f"nrm translations check: {error}", err=True)
        raise typer.Exit(1) from None
    for line in left:
        typer.echo(line)
    if left:
        raise typer.Exit(1)
    typer.echo("every text is translated in " + ", ".join(PAGES.languages()[1:]))


@app.command("add-language")
def add_language_command(language: str) -> None:
    """Start the catalogues of a new language (e.g. `nrm translations add-language sr`)."""
    try:
        lines = add_language(language)
    except (OSError, PoFileError, ValueError) as error:
        typer.echo(f"nrm translations add-language: {error}", err=True)
        raise typer.Exit(1) from None
    for line in lines or [f"{language} already has every catalogue"]:
        typer.echo(line)

"""Every text a person reads, in gettext catalogues: one lookup for pages, forms, procedure names,
documents and the engine's messages.

A catalogue is one gettext *domain* in one folder (docs/translations.md lists them):

    <folder>/<domain>.pot                          English, the source language: the template
    <folder>/<language>/LC_MESSAGES/<domain>.po    one per other language, made from the template

so a translator opens the `.po` files of every domain with one tool (Poedit, Weblate) and sees
the English text as the source of each entry. Two kinds of domain:

- **text domains** (forms, procedures): the English text is the key, as written in a form's JSON
  Schema or a diagram; `nrm translations update` extracts the `.pot` from those sources.
- **keyed domains** (pages, documents, messages): code asks for a stable key such as
  `inbox.title` or a message code; the key is the entry's `msgctxt` and the English text its
  `msgid`, written by hand in the `.pot`. Changing the English marks the translations fuzzy.

The `.po` files are read with Babel the first time a language is asked for, and kept for the
life of the process: nothing is compiled, and a `.po` committed is what runs. A fuzzy or empty
entry is not a translation; the English text stands in, and a test names it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from threading import RLock
from types import MappingProxyType
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, read_po

SOURCE_LANGUAGE = "en"
# A gettext language folder: `sq`, `de`, `pt_BR`, `sr_Latn`; nothing else is ever read.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z]{2,4})?")
_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Missing:
    """A text of the template a language does not translate, or translates from another
    English text than the template's (`outdated`: the English changed since)."""

    domain: str
    language: str
    key: str
    english: str
    state: str  # "untranslated", "fuzzy" or "outdated"

    def __str__(self) -> str:
        shown = repr(self.english) if self.key == self.english else f"{self.key} ({self.english!r})"
        return f"{self.domain} [{self.language}] {self.state}: {shown}"


@dataclass(eq=False)
class Catalogue:
    """One gettext domain: its English template and a `.po` per other language."""

    domain: str
    folder: Path
    keyed: bool
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: RLock = field(default_factory=RLock, repr=False)

    @property
    def template_path(self) -> Path:
        return self.folder / f"{self.domain}.pot"

    def po_path(self, language: str) -> Path:
        return self.folder / language / "LC_MESSAGES" / f"{self.domain}.po"

    def key_of(self, message: Message) -> str:
        """What code asks for: the msgctxt of a keyed domain, else the English text."""
        return str(message.context) if self.keyed else str(message.id)

    def languages(self) -> tuple[str, ...]:
        """English first, then every language with a `.po` of this domain."""
        return self._cached("languages", self._find_languages)

    def template(self) -> Catalog:
        return self._cached("template", lambda: _read(self.template_path, None, self.domain))

    def po(self, language: str) -> Catalog:
        if language == SOURCE_LANGUAGE or language not in self.languages():
            raise ValueError(f"{self.domain}: there is no {language!r} catalogue to read")
        path = self.po_path(language)
        return self._cached(f"po:{language}", lambda: _read(path, language, self.domain))

    def english(self) -> Mapping[str, str]:
        """Every key of the template → its English text."""

        def build() -> Mapping[str, str]:
            return MappingProxyType({self.key_of(m): str(m.id) for m in self.template() if m.id})

        return self._cached("english", build)

    def translations(self, language: str) -> Mapping[str, str]:
        """Key → translation in `language`, for the entries translated and not fuzzy; empty for
        English and for a language without a catalogue."""
        if language == SOURCE_LANGUAGE or language not in self.languages():
            return _EMPTY

        def build() -> Mapping[str, str]:
            return MappingProxyType(
                {
                    self.key_of(m): str(m.string)
                    for m in self.po(language)
                    if m.id and isinstance(m.string, str) and m.string and not m.fuzzy
                }
            )

        return self._cached(f"translations:{language}", build)

    def texts(self, language: str) -> Mapping[str, str]:
        """Every key of the template in `language`, English where it is not translated."""

        def build() -> Mapping[str, str]:
            return MappingProxyType({**self.english(), **self.translations(language)})

        if language == SOURCE_LANGUAGE or language not in self.languages():
            return self.english()
        return self._cached(f"texts:{language}", build)

    def text(self, key: str, language: str) -> str | None:
        """`key` in `language`; its English text when not translated; None when unknown."""
        return self.translations(language).get(key) or self.english().get(key)

    def render(self, key: str, language: str, **values: Any) -> str:
        """`key` in `language` with `{name}` filled from `values`; the key itself when unknown,
        so a missing text shows as what to add rather than as nothing."""
        text = self.text(key, language) or key
        return text.format(**values) if values else text

    def missing(self, language: str) -> list[Missing]:
        """The template's texts that `language` lacks, has only fuzzily, or has translated from
        an English text the template no longer holds."""
        entries = {self.key_of(m): m for m in self.po(language) if m.id}
        translated = self.translations(language)
        found = []
        for key, english in self.english().items():
            entry = entries.get(key)
            if key not in translated:
                state = "fuzzy" if entry is not None and entry.fuzzy and entry.string else None
                found.append(Missing(self.domain, language, key, english, state or "untranslated"))
            elif entry is not None and entry.id != english:
                found.append(Missing(self.domain, language, key, english, "outdated"))
        return found

    def _find_languages(self) -> tuple[str, ...]:
        found = sorted(
            path.parent.parent.name
            for path in self.folder.glob(f"*/LC_MESSAGES/{self.domain}.po")
            if LANGUAGE_CODE.fullmatch(path.parent.parent.name)
            and path.parent.parent.name != SOURCE_LANGUAGE
        )
        return (SOURCE_LANGUAGE, *found)

    def _cached(self, name: str, build: Any) -> Any:
        value = self._cache.get(name)
        if value is None:
            with self._lock:
                value = self._cache.get(name)
                if value is None:
                    value = self._cache[name] = build()
        return value

    def forget(self) -> None:
        """Read the files again at the next lookup (after `nrm translations update`)."""
        with self._lock:
            self._cache.clear()


def _read(path: Path, language: str | None, domain: str) -> Catalog:
    with path.open("rb") as file:
        catalog = read_po(file, locale=language, domain=domain, abort_invalid=True)
    for message in catalog:
        _take_previous_id(message)
    return catalog


def _take_previous_id(message: Message) -> None:
    """Babel reads the `#| msgid "…"` of a fuzzy entry (the English it was translated from) as a
    translator's comment; make it the previous msgid again, so that it survives an update."""
    previous = [line[1:].strip() for line in message.user_comments if line.startswith("|")]
    if not previous:
        return
    message.user_comments = [line for line in message.user_comments if not line.startswith("|")]
    quoted: list[str] = []
    for line in previous:
        if line.startswith("msgid "):
            quoted = [line.removeprefix("msgid ").strip()]
        elif line.startswith('"') and quoted:
            quoted.append(line)
        elif quoted:  # msgctxt or msgid_plural after the msgid: the msgid is complete
            break
    if quoted:
        message.previous_id = [denormalize("\n".join(quoted))]

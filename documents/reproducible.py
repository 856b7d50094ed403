"""Equal facts issued at an equal time give byte-identical PDFs.

WeasyPrint leaves no clock in the PDF itself once the creation and modification dates come from
<meta> tags, but when it subsets a font with fontTools, fontTools stamps the font's `head`
table with the current time. While a document renders, that stamp is the issue time instead.
The patch is the same kind engine/base/clock.py applies to SpiffWorkflow: outside `fonts_dated`
(and in other threads) fontTools keeps its own behaviour.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib.tables import _h_e_a_d

_font_timestamp: ContextVar[int | None] = ContextVar("nrm_font_timestamp", default=None)
_fonttools_now = _h_e_a_d.timestampNow


def _timestamp_now() -> int:
    fixed = _font_timestamp.get()
    return fixed if fixed is not None else _fonttools_now()


_h_e_a_d.timestampNow = _timestamp_now


@contextmanager
def fonts_dated(moment: datetime) -> Iterator[None]:
    token = _font_timestamp.set(timestampSinceEpoch(moment.timestamp()))
    try:
        yield
    finally:
        _font_timestamp.reset(token)

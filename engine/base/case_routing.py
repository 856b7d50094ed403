"""Who a case's tasks go to: the family's home region, the court and the appointed case manager.

They live in the case's data, but an inbox must find its tasks among tens of thousands of open
cases without reading each case's data: so every step copies them into indexed columns of the
case, and the inbox filters on those. A region is compared without regard to case or spaces."""

from __future__ import annotations

from typing import Any, Protocol


class RoutedCase(Protocol):
    """What routing reads of a case (engine/storage/models.py `Case`)."""

    case_manager: str | None
    data: dict[str, Any]


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def region_key(region: Any) -> str | None:
    """A region as the inbox compares it: "Korçë " and "korçë" are one region."""
    text = _text(region)
    return text.casefold() if text else None


def routing_columns(data: dict[str, Any], appointed: str | None) -> dict[str, str | None]:
    """The case's routing columns from its data; `appointed` is a supervisor's reassignment,
    which overrides the intake's case manager."""
    return {
        "region_key": region_key(data.get("home_region")),
        "court": _text(data.get("court")),
        "case_manager": appointed or _text(data.get("case_manager")),
    }


def same_region(a: Any, b: Any) -> bool:
    """Whether two regions are one (neither missing)."""
    key = region_key(a)
    return key is not None and key == region_key(b)


def effective_case_manager(case: RoutedCase) -> str | None:
    """The case manager appointed now: a supervisor's reassignment overrides the intake's. Every
    step and every reassignment write it to the case's routing column; a case not yet saved has
    only its intake."""
    return case.case_manager or routing_columns(case.data, None)["case_manager"]

"""The admin log under load: account changes made at the same moment are all kept, each in its
own place in the chain, and the chain still verifies."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from engine.access import users
from engine.access.admin_log import admin_log, admin_log_findings
from engine.access.users import UserAccounts
from engine.nrm_engine import NrmEngine
from tests.support.auth import PASSWORD

CHANGES_AT_ONCE = 8


def test_account_changes_at_the_same_moment_are_all_logged_in_one_chain(
    engine: NrmEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = UserAccounts(engine.db, engine.clock)
    names = [f"worker.{n}" for n in range(CHANGES_AT_ONCE)]
    for name in names:
        accounts.create(name, "social_worker", PASSWORD, engine.clock.now(), region="Tirana")
    # Every change has read and changed its account before any of them writes its log entry.
    barrier = threading.Barrier(CHANGES_AT_ONCE)
    record_change = users.record_change

    def record_together(*args, **kwargs):  # type: ignore[no-untyped-def]
        barrier.wait(timeout=60)
        return record_change(*args, **kwargs)

    monkeypatch.setattr(users, "record_change", record_together)
    with ThreadPoolExecutor(max_workers=CHANGES_AT_ONCE) as pool:
        answers = list(pool.map(lambda name: accounts.update(name, active=False), names))

    assert [answer["active"] for answer in answers] == [False] * CHANGES_AT_ONCE
    entries = admin_log(engine.db)
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    deactivations = [e["target"] for e in entries if e["after"].get("active") is False]
    assert sorted(deactivations) == names
    assert admin_log_findings(engine.db) == []

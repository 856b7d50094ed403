"""Signing in under attack: parallel guesses are counted one by one, a right password sent
among them is refused once the name is locked, and unknown names lock like known ones."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from engine.access import users
from engine.access.users import FREE_FAILURES, LockedOut, SignInFailed, UserAccounts
from engine.nrm_engine import NrmEngine
from tests.support.auth import PASSWORD, add_test_users


def outcome(accounts: UserAccounts, engine: NrmEngine, name: str, password: str) -> str:
    try:
        accounts.authenticate(name, password, engine.clock.now())
    except LockedOut:
        return "locked"
    except SignInFailed:
        return "wrong"
    return "signed in"


def all_at_once(
    monkeypatch: pytest.MonkeyPatch, passwords: list[str], right_waits_for_the_rest: bool = False
) -> Callable[[Callable[[str], str]], list[str]]:
    """Runs one attempt per password in parallel threads that all reach the password check
    together (whatever the code does before it has been done by all of them); with
    `right_waits_for_the_rest`, the right password is checked after every wrong one answered."""
    barrier = threading.Barrier(len(passwords))
    answered = threading.Semaphore(0)
    verify = users._verify

    def verify_together(password_hash: str, password: str) -> bool:
        barrier.wait(timeout=60)
        if right_waits_for_the_rest and password == PASSWORD:
            for _ in range(len(passwords) - 1):
                assert answered.acquire(timeout=60)
        return verify(password_hash, password)

    monkeypatch.setattr(users, "_verify", verify_together)

    def run(attempt: Callable[[str], str]) -> list[str]:
        def one(password: str) -> str:
            result = attempt(password)
            if password != PASSWORD:
                answered.release()
            return result

        with ThreadPoolExecutor(max_workers=len(passwords)) as pool:
            return list(pool.map(one, passwords))

    return run


@pytest.mark.parametrize("name", ["auditor", "no.such.user"])
def test_a_hundred_parallel_guesses_get_five_answers(
    engine: NrmEngine, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    add_test_users(engine)
    accounts = UserAccounts(engine.db)
    run = all_at_once(monkeypatch, [f"guess {n}" for n in range(100)])
    results = Counter(run(lambda password: outcome(accounts, engine, name, password)))
    assert results == {"wrong": FREE_FAILURES, "locked": 100 - FREE_FAILURES}


def test_the_right_password_among_parallel_guesses_is_refused_once_locked(
    engine: NrmEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_test_users(engine)
    accounts = UserAccounts(engine.db)
    passwords = [f"guess {n}" for n in range(39)] + [PASSWORD]
    run = all_at_once(monkeypatch, passwords, right_waits_for_the_rest=True)
    results = run(lambda password: outcome(accounts, engine, "auditor", password))
    assert results[-1] == "locked"
    assert Counter(results[:-1]) == {"wrong": FREE_FAILURES, "locked": 39 - FREE_FAILURES}


def test_an_unknown_name_locks_like_a_known_one(engine: NrmEngine) -> None:
    add_test_users(engine)
    accounts = UserAccounts(engine.db)
    for name in ("auditor", "no.such.user"):
        answers = [outcome(accounts, engine, name, "wrong") for _ in range(FREE_FAILURES + 1)]
        assert answers == ["wrong"] * FREE_FAILURES + ["locked"], name
    with pytest.raises(LockedOut) as known:
        accounts.authenticate("auditor", "wrong", engine.clock.now())
    with pytest.raises(LockedOut) as unknown:
        accounts.authenticate("no.such.user", "wrong", engine.clock.now())
    assert str(known.value) == str(unknown.value)


def test_a_password_reset_ends_the_wait(engine: NrmEngine) -> None:
    add_test_users(engine)
    accounts = UserAccounts(engine.db)
    for _ in range(FREE_FAILURES):
        outcome(accounts, engine, "auditor", "wrong")
    assert outcome(accounts, engine, "auditor", PASSWORD) == "locked"
    assert [u["locked_until"] for u in accounts.list() if u["name"] == "auditor"] != [None]
    accounts.update("auditor", password="a new long password")
    assert outcome(accounts, engine, "auditor", "a new long password") == "signed in"

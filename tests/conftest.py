"""Fixtures: every engine and API test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text
from sqlmodel import SQLModel

from api.app import create_app
from cli.demo_directory import add_demo_facilities
from engine.base.clock import ManualClock
from engine.base.settings import Settings
from engine.directory.reference import seed_missing
from engine.nrm_engine import NrmEngine
from tests.support.auth import add_test_users
from tests.support.setup import CATALOG, FORMS_DIR, PROCESSES_DIR, START

# The browser tests' `site` fixture: the app served to a real Chromium; `empty_db` for the
# schema revision and backup tests.
pytest_plugins = ["tests.support.browser_site", "tests.support.schema"]


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 with its smallest cost: the tests sign in often; production keeps the defaults."""
    from engine.access import users

    saved = users._HASHER
    users._HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    yield
    users._HASHER = saved


def _require_all_backends() -> bool:
    return os.environ.get("NRM_REQUIRE_ALL_BACKENDS") == "1"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A database of this test session's own on the server NRM_TEST_DATABASE_URL names, so
    that test runs side by side do not drop each other's tables."""
    server_url = os.environ.get("NRM_TEST_DATABASE_URL")
    if not server_url:
        yield None
        return
    server = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"nrm_test_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path, postgres_url: str | None) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nrm.sqlite3'}"
    if not postgres_url:
        message = "NRM_TEST_DATABASE_URL is not set: no PostgreSQL to test against"
        if _require_all_backends():
            pytest.fail(message)
        pytest.skip(message)
    return postgres_url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def engine(database_url: str, clock: ManualClock) -> Iterator[NrmEngine]:
    nrm = NrmEngine.create(database_url, clock, catalog=CATALOG)
    if nrm.db.dialect.name == "postgresql":
        SQLModel.metadata.drop_all(nrm.db)
    # NrmEngine.create ran the schema revisions; a table added to the models before its revision is
    # made here so the work can be tested meanwhile: test_migrations_schema.py names it.
    SQLModel.metadata.create_all(nrm.db)
    with nrm.db.begin() as connection:  # a table made here has none of the revisions' seed
        seed_missing(connection)
    nrm.load_processes(PROCESSES_DIR, FORMS_DIR)
    # Placements choose from the directory (Art. 5.C.2): every case walk needs one.
    add_demo_facilities(nrm)
    # The intake's case manager is chosen from the case-manager accounts.
    add_test_users(nrm)
    yield nrm
    nrm.db.dispose()


@pytest.fixture
def client(engine: NrmEngine) -> Iterator[TestClient]:
    """The app with one test user per role (tests/support/auth.py); nobody is signed in."""
    add_test_users(engine)
    app = create_app(engine, Settings(clock="manual"))
    with TestClient(app) as test_client:
        yield test_client


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if _require_all_backends() and skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line(
                f"{skipped} test(s) skipped while every backend is required: failing"
            )

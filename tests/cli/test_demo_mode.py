"""Demo accounts only in explicit demo mode: `nrm demo` asks for NRM_DEMO=1 and makes this
installation's own password; `nrm serve` refuses a database with demo accounts outside demo mode
and names each setting a real deployment must change."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.demo import DEMO_PASSWORD_FILE, FORMER_DEMO_PASSWORD, demo_password, seed_users
from cli.main import app
from engine.base.clock import ManualClock
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine
from tests.support.setup import CATALOG, START

runner = CliRunner()


def nrm(tmp_path: Path, *args: str, **env: str) -> Result:
    environment: dict[str, str | None] = {
        "NRM_DATA_DIR": str(tmp_path / "data"),
        "NRM_DATABASE_URL": f"sqlite:///{tmp_path / 'nrm.sqlite3'}",
        "NRM_SECRET_KEY": None,
        "NRM_COOKIE_SECURE": None,
        "NRM_DEMO": None,
        **env,
    }
    return runner.invoke(app, list(args), env=environment)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """`nrm serve` up to the moment it would listen: the app it would serve."""
    calls: list[object] = []
    monkeypatch.setattr("cli.main.uvicorn.run", lambda app, **_: calls.append(app))
    return calls


def with_demo_users(tmp_path: Path) -> str:
    settings = Settings(data_dir=tmp_path / "data")
    engine = NrmEngine.create(f"sqlite:///{tmp_path / 'nrm.sqlite3'}", ManualClock(START), CATALOG)
    password, new = demo_password(settings)
    list(seed_users(engine, password, new))
    engine.db.dispose()
    return password


def test_nrm_demo_asks_for_demo_mode(tmp_path: Path) -> None:
    refused = nrm(tmp_path, "demo")
    assert refused.exit_code == 1
    assert "NRM_DEMO=1" in refused.stderr and len(refused.stderr.splitlines()) == 1


def test_each_installation_makes_its_own_demo_password(tmp_path: Path) -> None:
    first = with_demo_users(tmp_path / "one")
    again = with_demo_users(tmp_path / "one")
    other = with_demo_users(tmp_path / "two")
    assert first == again and first != other and FORMER_DEMO_PASSWORD not in (first, other)
    kept = tmp_path / "one" / "data" / DEMO_PASSWORD_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_serve_refuses_demo_accounts_outside_demo_mode(tmp_path: Path, served: list) -> None:
    with_demo_users(tmp_path)
    refused = nrm(tmp_path, "serve")
    assert refused.exit_code == 1 and served == []
    assert "refusing to serve" in refused.stderr and "NRM_DEMO=1" in refused.stderr

    demo = nrm(tmp_path, "serve", NRM_DEMO="1")
    assert demo.exit_code == 0, demo.output
    assert len(served) == 1
    for setting in ("demo mode", "NRM_SECRET_KEY", "NRM_COOKIE_SECURE", "NRM_SIGNING_KEY"):
        assert f"warning: {setting}" in demo.stderr or setting in demo.stderr, setting


def test_serve_without_demo_accounts_warns_only_of_what_is_unset(
    tmp_path: Path, served: list
) -> None:
    result = nrm(tmp_path, "serve", NRM_SECRET_KEY="s3cret-key-of-this-deployment")
    assert result.exit_code == 0, result.output
    assert len(served) == 1
    assert "NRM_SECRET_KEY" not in result.stderr and "NRM_COOKIE_SECURE" in result.stderr
    assert "demo mode" not in result.stderr

"""The `nrm` command."""

from __future__ import annotations

import typer
import uvicorn

from cli.audit import app as audit_app
from cli.backup import backup, restore_backup
from cli.documents import app as documents_app
from cli.errors import OneLineErrors
from cli.migrate import migrate
from cli.serve_checks import check_demo_accounts, deployment_warnings
from cli.translations import app as translations_app
from cli.users import app as users_app
from cli.worker import worker
from engine.base.settings import Settings
from engine.nrm_engine import NrmEngine

app = typer.Typer(
    help="NRM Case Engine: the National Referral Mechanism run on BPMN.", cls=OneLineErrors
)
processes_app = typer.Typer(help="Process definitions.")
app.add_typer(processes_app, name="processes")
processes_app.command("migrate")(migrate)
app.add_typer(audit_app, name="audit")
app.add_typer(documents_app, name="documents")
app.add_typer(users_app, name="users")
app.add_typer(translations_app, name="translations")
app.command()(worker)
app.command()(backup)
app.command("restore")(restore_backup)


def _engine_with_processes(settings: Settings) -> NrmEngine:
    engine = NrmEngine.from_settings(settings)
    engine.load_processes(settings.processes_dir, settings.forms_dir)
    return engine


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Run the web app (JSON API, OpenAPI docs at /docs).

    Refuses a database with the demo accounts unless NRM_DEMO=1; warns of each setting a real
    deployment must change (the session key, the secure cookie, the signing certificate)."""
    from api.app import create_app
    from cli.demo import demo_accounts

    settings = Settings()
    engine = _engine_with_processes(settings)
    check_demo_accounts(settings, demo_accounts(engine, settings))
    for warning in deployment_warnings(settings):
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"NRM Case Engine on http://{host}:{port} (database: {engine.db.url!r})")
    uvicorn.run(create_app(engine, settings), host=host, port=port)


@processes_app.command("load")
def load_processes() -> None:
    """Publish every processes/*.bpmn whose content is new (the same file twice is one version)."""
    settings = Settings()
    engine = _engine_with_processes(settings)
    for process in engine.queries.processes():
        typer.echo(f"{process.id} v{process.version}  {process.sha256[:12]}  {process.name}")


@app.command()
def demo() -> None:
    """Load the processes, one demo user per role and demo cases of every process (demo mode
    only: NRM_DEMO=1). The demo users' password is made once per installation."""
    from cli.demo import demo_password, seed_demo
    from cli.demo_procedures import seed_procedures

    settings = Settings()
    if not settings.demo:
        raise typer.BadParameter(
            "nrm demo adds demo accounts and cases: set NRM_DEMO=1, never where real cases are",
            param_hint="NRM_DEMO",
        )
    engine = _engine_with_processes(settings)
    password, new = demo_password(settings)
    for line in seed_demo(engine, password, new):
        typer.echo(line)
    for line in seed_procedures(engine):
        typer.echo(line)


@app.command()
def screenshots(
    out: str = typer.Option("docs/screenshots", help="Folder for the PNG files."),
) -> None:
    """Save screenshots of the inbox and the case page (headless Chromium, demo data)."""
    from cli.screenshots import take_screenshots

    for path in take_screenshots(out):
        typer.echo(path)


def main() -> None:
    """The `nrm` command (cli/errors.py: any failure is one line and exit status 1)."""
    app()


if __name__ == "__main__":
    main()

"""`nrm documents`: example documents, and checking a document's signature."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer

from documents.examples import EXAMPLES
from documents.generate import LANGUAGES, generate_document
from documents.signing import (
    DEMO_CERT_FILE,
    DEMO_DIRECTORY,
    SigningError,
    configured_signer,
    verify_signature,
)
from engine.base.settings import PROJECT_ROOT, Settings

app = typer.Typer(help="Generated documents: examples, and checking a document's signature.")

EXAMPLES_DIR = PROJECT_ROOT / "docs" / "examples"
EXAMPLE_CERTIFICATE = "signing-certificate.pem"


@app.command()
def examples(
    output: Annotated[Path, typer.Option(help="Folder to write the examples to.")] = EXAMPLES_DIR,
) -> None:
    """Write one example PDF per document kind and language, from invented facts.

    They are signed with the configured key (NRM_SIGNING_KEY / NRM_SIGNING_CERT) or the demo
    certificate, which is written next to them so that their signatures can be checked.
    """
    signer = configured_signer(Settings())
    output.mkdir(parents=True, exist_ok=True)
    for example in EXAMPLES:
        for language in LANGUAGES:
            document = generate_document(
                example.kind, example.facts(language), example.issued_at, language, signer=signer
            )
            path = output / f"{example.kind}_{language}.pdf"
            path.write_bytes(document.content)
            typer.echo(f"{_shown(path)}  sha256 {document.sha256}")
    certificate = output / EXAMPLE_CERTIFICATE
    certificate.write_bytes(signer.cert_path.read_bytes())
    demo = " (demo certificate)" if signer.demo else ""
    typer.echo(f"{_shown(certificate)}  signer: {signer.subject}{demo}")


@app.command()
def verify(
    pdf: Annotated[
        Path, typer.Argument(help="The PDF to check.", exists=True, dir_okay=False)
    ],
    trust: Annotated[
        list[Path] | None,
        typer.Option(
            "--trust",
            help="A certificate (PEM or DER) to trust; repeatable. Default: the certificate this "
            "deployment signs with (NRM_SIGNING_CERT, or the demo certificate).",
        ),
    ] = None,
) -> None:
    """Check a document's electronic signature: who signed it, when, and that no byte changed.

    Exits with 1 unless the signature is intact, covers the whole file, and was made with a
    trusted certificate. Works offline.
    """
    trusted = trust or [_deployment_certificate()]
    content = pdf.read_bytes()
    check = verify_signature(content, trusted)
    rows = [("file", pdf.name), ("sha256", hashlib.sha256(content).hexdigest())]
    if check.problem:
        rows.append(("problem", check.problem))
    else:
        signed_at = check.signed_at.isoformat() if check.signed_at else "-"
        rows += [
            ("signer", check.signer or "-"),
            ("certificate", f"sha256 {check.certificate_sha256}"),
            ("signed at", f"{signed_at} (as the signer states it)"),
            ("reason", check.reason or "-"),
            ("intact", f"{_yes(check.intact)}: the signed bytes are unchanged"),
            ("valid", f"{_yes(check.valid)}: the signature is cryptographically sound"),
            ("trusted", f"{_yes(check.trusted)}: the signer's certificate is trusted"),
            ("whole file", f"{_yes(check.whole_file)}: nothing was added after signing"),
            ("PAdES", f"{_yes(check.pades)}: ETSI.CAdES.detached"),
        ]
    for label, value in rows:
        typer.echo(f"{label:<12} {value}")
    if not check.ok:
        typer.echo("NOT VALID")
        raise typer.Exit(1)
    typer.echo("VALID")


def _deployment_certificate() -> Path:
    settings = Settings()
    if settings.signing_cert is not None:
        return settings.signing_cert
    demo = settings.data_dir / DEMO_DIRECTORY / DEMO_CERT_FILE
    if demo.exists():
        return demo
    raise SigningError(
        "no signing certificate is configured and there is no demo certificate: use --trust"
    )


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _yes(value: bool) -> str:
    return "yes" if value else "NO"


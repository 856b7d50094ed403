"""Signed documents (PAdES B-B): verified with pyHanko's validation, broken by a changed byte;
the demo certificate, the configured one, and `nrm documents examples` / `verify`."""

from __future__ import annotations

import asyncio
import io
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader
from typer.testing import CliRunner

from cli.documents import app as documents_app
from documents.context import build_values
from documents.labels import LANGUAGES, labels_for
from documents.render import html_to_pdf, render_with_content_hash
from documents.signing import (
    DEMO_CERT_FILE,
    DEMO_DIRECTORY,
    DEMO_KEY_FILE,
    SigningError,
    configured_signer,
    demo_signer,
    ensure_demo_certificate,
    verify_signature,
)
from engine.base.settings import Settings
from tests.support.documents import (
    ISSUED_AT,
    ONE_OF_EACH,
    facts,
    generated,
    test_signer,
    text_of,
)


def unsigned(kind: str = "custody_petition", scenario: str = "petition_d1") -> bytes:
    labels = labels_for(kind, "sq")
    values = build_values(kind, facts(scenario), ISSUED_AT, labels)
    html, _ = render_with_content_hash(kind, "sq", labels, values, ISSUED_AT)
    return html_to_pdf(html, ISSUED_AT)


def byte_range(content: bytes) -> list[int]:
    signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[0]
    return [int(number) for number in signature.sig_object["/ByteRange"]]


def flipped(content: bytes, offset: int) -> bytes:
    changed = bytearray(content)
    changed[offset] ^= 0x01
    return bytes(changed)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "scenario"), ONE_OF_EACH)
def test_every_document_carries_a_valid_pades_signature(
    kind: str, scenario: str, language: str
) -> None:
    document = generated(kind, scenario, language)
    check = verify_signature(document.content, [test_signer().certificate])

    assert check.ok, check
    assert check.intact and check.valid and check.trusted and check.whole_file and check.pades
    assert check.signer is not None and "DEMO, NOT FOR LEGAL USE" in check.signer
    assert "Shërbimi Social Shtetëror" in check.signer
    assert check.signed_at == ISSUED_AT, "the signing time is the issue time"
    assert check.reason is not None and "18" in check.reason


def test_the_signature_is_pades_baseline_b() -> None:
    content = generated("custody_petition", "petition_d1", "sq").content
    signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[0]
    attributes = {
        attribute["type"].native for attribute in signature.signer_info["signed_attrs"]
    }

    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert {"content_type", "message_digest", "signing_certificate_v2"} <= attributes
    # PAdES: the claimed signing time is /M in the signature dictionary, not a CMS attribute.
    assert "signing_time" not in attributes
    assert str(signature.sig_object["/M"]).startswith("D:20260302093000")
    start, _, second, length = byte_range(content)
    assert start == 0 and second + length == len(content), "the whole file is covered"


@pytest.mark.parametrize("where", ["page content", "signature value", "appended"])
def test_one_changed_byte_breaks_the_signature(where: str) -> None:
    content = generated("police_report", "release_d2", "sq").content
    first = byte_range(content)[1]
    if where == "page content":
        changed = flipped(content, first // 2)  # inside the signed revision
    elif where == "signature value":
        changed = flipped(content, first + 101)  # a hex digit of the CMS signature container
    else:
        changed = content + b"\n"

    assert verify_signature(content, [test_signer().certificate]).ok
    check = verify_signature(changed, [test_signer().certificate])
    assert not check.ok, where
    if where == "page content":
        assert not check.intact


def test_signing_and_verifying_work_inside_a_running_event_loop() -> None:
    # An async web handler may call the engine, which signs synchronously; pyHanko's
    # synchronous API starts an event loop of its own, which cannot nest.
    async def handler() -> tuple[bytes, bool]:
        signed = test_signer().sign(unsigned(), ISSUED_AT, "reason", "Tiranë")
        return signed, verify_signature(signed, [test_signer().certificate]).ok

    signed, ok = asyncio.run(handler())
    assert ok
    assert signed == test_signer().sign(unsigned(), ISSUED_AT, "reason", "Tiranë")


def test_a_signature_by_another_key_is_not_trusted(tmp_path: Path) -> None:
    content = generated("custody_petition", "petition_d1", "sq").content
    stranger = demo_signer(tmp_path)

    check = verify_signature(content, [stranger.certificate])
    assert check.intact and check.valid, "the document itself is unchanged"
    assert not check.trusted and not check.ok


def test_signing_is_deterministic_and_changes_no_metadata() -> None:
    pdf = unsigned()
    signer = test_signer()
    first = signer.sign(pdf, ISSUED_AT, "reason", "Republika e Shqipërisë")
    second = signer.sign(pdf, ISSUED_AT, "reason", "Republika e Shqipërisë")
    later = signer.sign(pdf, ISSUED_AT + timedelta(seconds=1), "reason", "Republika e Shqipërisë")

    assert first == second
    assert later != first
    assert first.startswith(pdf), "an incremental update: the rendering is kept byte for byte"
    before, after = PdfReader(io.BytesIO(pdf)), PdfReader(io.BytesIO(first))
    assert before.metadata == after.metadata
    assert (
        before.trailer["/Root"]["/Metadata"].get_object().get_data()
        == after.trailer["/Root"]["/Metadata"].get_object().get_data()
    )
    assert before.trailer["/ID"][0] == after.trailer["/ID"][0]


def test_the_demo_certificate_is_made_once_in_the_offices_name(tmp_path: Path) -> None:
    key, cert = ensure_demo_certificate(tmp_path / "signing")
    made = key.read_bytes(), cert.read_bytes()
    again = ensure_demo_certificate(tmp_path / "signing")

    assert again == (key, cert)
    assert (key.read_bytes(), cert.read_bytes()) == made
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    certificate = x509.load_pem_x509_certificate(made[1])
    subject = " | ".join(str(attribute.value) for attribute in certificate.subject)
    assert "Shërbimi Social Shtetëror" in subject and "State Social Services" in subject
    assert "DEMO, NOT FOR LEGAL USE" in subject and "demo certificate" in subject
    assert certificate.issuer == certificate.subject, "self-signed"
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert certificate.not_valid_before_utc <= ISSUED_AT <= certificate.not_valid_after_utc


def test_without_configuration_the_demo_certificate_under_the_data_dir_signs(
    tmp_path: Path,
) -> None:
    signer = configured_signer(Settings(data_dir=tmp_path))

    assert signer.demo
    assert signer.cert_path == (tmp_path / DEMO_DIRECTORY / DEMO_CERT_FILE).resolve()
    assert (tmp_path / DEMO_DIRECTORY / DEMO_KEY_FILE).exists()


def test_the_configured_key_and_certificate_sign(tmp_path: Path) -> None:
    key, cert = ensure_demo_certificate(tmp_path / "issued-by-the-state")
    settings = Settings(data_dir=tmp_path / "data", signing_key=key, signing_cert=cert)
    signer = configured_signer(settings)

    assert not signer.demo and signer.cert_path == cert.resolve()
    assert not (tmp_path / "data" / DEMO_DIRECTORY).exists(), "no demo certificate is made"
    signed = signer.sign(unsigned(), ISSUED_AT, "reason", "Tiranë")
    assert verify_signature(signed, [cert]).ok


def test_a_half_configured_or_mismatched_signer_is_refused(tmp_path: Path) -> None:
    key, cert = ensure_demo_certificate(tmp_path / "one")
    other_key, _ = ensure_demo_certificate(tmp_path / "two")

    with pytest.raises(SigningError, match="must be set together"):
        configured_signer(Settings(data_dir=tmp_path, signing_key=key))
    with pytest.raises(SigningError, match="does not belong to"):
        configured_signer(Settings(data_dir=tmp_path, signing_key=other_key, signing_cert=cert))
    with pytest.raises(SigningError, match="cannot read"):
        configured_signer(Settings(data_dir=tmp_path, signing_key=key, signing_cert=tmp_path))


def test_examples_command_writes_every_kind_and_language_and_verify_checks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NRM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NRM_SIGNING_KEY", raising=False)
    monkeypatch.delenv("NRM_SIGNING_CERT", raising=False)
    runner = CliRunner()
    output = tmp_path / "examples"

    result = runner.invoke(documents_app, ["examples", "--output", str(output)])
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in output.glob("*.pdf"))
    kinds = ["custody_petition", "family_assessment_summary", "followup_visit_record"]
    kinds += ["guardianship_petition", "police_report", "social_services_report"]
    assert written == sorted(f"{kind}_{language}.pdf" for kind in kinds for language in LANGUAGES)
    certificate = output / "signing-certificate.pem"
    petition = output / "custody_petition_sq.pdf"
    assert "Drita" not in text_of(petition.read_bytes()), "invented names are redacted too"

    valid = runner.invoke(documents_app, ["verify", str(petition), "--trust", str(certificate)])
    assert valid.exit_code == 0, valid.output
    assert valid.output.rstrip().endswith("VALID") and "DEMO" in valid.output
    # Without --trust, the deployment's own (here: demo) certificate is trusted.
    assert runner.invoke(documents_app, ["verify", str(petition)]).exit_code == 0

    tampered = tmp_path / "tampered.pdf"
    content = petition.read_bytes()
    tampered.write_bytes(flipped(content, byte_range(content)[1] // 2))
    broken = runner.invoke(documents_app, ["verify", str(tampered), "--trust", str(certificate)])
    assert broken.exit_code == 1
    assert "NOT VALID" in broken.output

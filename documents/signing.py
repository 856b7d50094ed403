"""Every document is signed: PAdES baseline B (ETSI EN 319 142-1, level B-B) with pyHanko.

The signature is what lets a court see who issued a document and that not a byte changed since:
a CAdES-detached CMS signature (subfilter ETSI.CAdES.detached, with the signing-certificate-v2
attribute and the signing time in the signature dictionary) over the whole PDF, added as an
incremental update that leaves the PDF/A-3b rendering untouched.

The key and the certificate are the deployment's: `NRM_SIGNING_KEY` and `NRM_SIGNING_CERT`
(PEM or DER files), which the caller passes in (`configured_signer(settings)`: the engine's
settings, engine/base/settings.py, or anything with the same three fields). Where they are not
configured, a self-signed *demo*
certificate in the issuing office's name is made once under the data directory (data/signing/)
and used instead; its subject says that it is a demo certificate, not for legal use.

Signing is deterministic: equal PDF bytes signed at an equal time with an RSA key (PKCS#1 v1.5,
the default for RSA keys) give equal bytes. pyHanko would otherwise stamp the wall clock into the
signature (/M) and the document metadata, and a random second file identifier into the trailer:
`_DeterministicWriter` and `_FixedTimeSigner` below replace those (a test catches a pyHanko
release that changes them). An ECDSA key signs with a random nonce, so its signatures differ
from one run to the next; they verify all the same.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from cryptography import x509 as crypto_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509

T = TypeVar("T")

SIGNATURE_FIELD = "NRM-Signature"
PADES_SUBFILTER = "/ETSI.CAdES.detached"

DEMO_DIRECTORY = "signing"
DEMO_KEY_FILE = "demo-signing-key.pem"
DEMO_CERT_FILE = "demo-signing-cert.pem"
DEMO_MARK = "DEMO, NOT FOR LEGAL USE"
# A demo certificate is valid from a fixed date in the past, so that documents issued under a
# demo clock verify too, and for ten years from the day it is made.
DEMO_VALID_FROM = datetime(2020, 1, 1, tzinfo=UTC)
DEMO_VALID_FOR = timedelta(days=3653)


class SigningSettings(Protocol):
    """Where the deployment keeps its signing key (the engine's settings have these fields)."""

    @property
    def data_dir(self) -> Path: ...
    @property
    def signing_key(self) -> Path | None: ...
    @property
    def signing_cert(self) -> Path | None: ...


class SigningError(ValueError):
    """The configured key or certificate cannot be used (missing, unreadable, mismatched)."""


class _DeterministicWriter(IncrementalPdfFileWriter):
    """pyHanko's incremental writer, minus the two things that depend on when it runs.

    - The metadata: pyHanko sets the info dictionary's /ModDate and the XMP ModifyDate to the
      wall clock and appends itself to /Producer, but in the XMP packet it replaces the producer
      instead, so the two would disagree (PDF/A requires them equal). The signature changes no
      content, so the document keeps the metadata it was rendered with.
    - The second half of the file identifier is random in pyHanko; here it is derived from the
      first half, which WeasyPrint derives from the document's content.
    """

    @classmethod
    def _handle_id(cls, prev: PdfFileReader) -> generic.ArrayObject:
        try:
            first = prev.trailer["/ID"][0]
        except KeyError:
            raise SigningError("the PDF to sign has no file identifier") from None
        raw = first.original_bytes if isinstance(first, generic.TextStringObject) else bytes(first)
        second = hashlib.sha256(raw + b"/NRM signature revision").digest()[:16]
        return generic.ArrayObject(
            [generic.ByteStringObject(raw), generic.ByteStringObject(second)]
        )

    def _update_meta(self) -> None:
        return None


class _FixedTimeSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is the document's issue time, not the wall clock."""

    def __init__(self, *args: object, signed_at: datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._signed_at = signed_at

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signed_at
        return session


class _LoadedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner, keeping the private key loaded for RSA PKCS#1 v1.5 signatures.

    SimpleSigner parses (and for RSA, validates) the key again for every raw signature: a fifth
    of a second for an RSA-3072 key, twice per document. Other mechanisms are left to pyHanko.
    """

    def __init__(self, *, private_key: PrivateKeyTypes, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism.signature_algo == "rsassa_pkcs1v15" and isinstance(
            self._private_key, rsa.RSAPrivateKey
        ):
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            return self._private_key.sign(data, PKCS1v15(), hash_algorithm)
        return super().sign_raw(data, digest_algorithm)


class DocumentSigner:
    """Signs PDFs with one key and certificate."""

    def __init__(self, key_path: Path, cert_path: Path, *, demo: bool = False) -> None:
        self.key_path = Path(key_path)
        self.cert_path = Path(cert_path)
        self.demo = demo
        private_key = _check_pair(self.key_path, self.cert_path)
        self.certificate: asn1_x509.Certificate = load_cert_from_pemder(str(self.cert_path))
        self._signer = _LoadedKeySigner(
            private_key=private_key,
            signing_cert=self.certificate,
            signing_key=load_private_key_from_pemder(str(self.key_path), passphrase=None),
            cert_registry=SimpleCertificateStore(),
        )

    @property
    def subject(self) -> str:
        return str(self.certificate.subject.human_friendly)

    @property
    def certificate_sha256(self) -> str:
        return hashlib.sha256(self.certificate.dump()).hexdigest()

    def sign_detached(self, data: bytes) -> bytes:
        """A raw SHA-256 signature over `data` with this key (for archives, not PDFs)."""
        return self._signer.sign_raw(data, "sha256")

    def certificate_pem(self) -> bytes:
        return self.cert_path.read_bytes()

    def sign(self, pdf: bytes, signed_at: datetime, reason: str, location: str) -> bytes:
        """`pdf` with a PAdES B-B signature over all of it, dated `signed_at`."""
        if signed_at.tzinfo is None or signed_at.utcoffset() is None:
            raise ValueError("signed_at must be a timezone-aware datetime")
        metadata = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
            location=location,
        )
        writer = _DeterministicWriter(io.BytesIO(pdf))
        signer = _FixedTimeSigner(metadata, signer=self._signer, signed_at=signed_at)
        output = _outside_event_loop(signer.sign_pdf, writer)
        return output.getvalue()


def _outside_event_loop(function: Callable[..., T], *args: object) -> T:
    """`function(*args)`, which runs an asyncio event loop of its own (pyHanko's synchronous API
    does), here, or in a worker thread when this thread already runs one: an `async` web handler
    may call the engine, which generates documents synchronously."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="nrm-signing") as pool:
        return pool.submit(function, *args).result()


def configured_signer(settings: SigningSettings) -> DocumentSigner:
    """The signer of the deployment: NRM_SIGNING_KEY and NRM_SIGNING_CERT, or the demo one."""
    key, cert = settings.signing_key, settings.signing_cert
    if key is None and cert is None:
        return demo_signer(settings.data_dir / DEMO_DIRECTORY)
    if key is None or cert is None:
        raise SigningError(
            "NRM_SIGNING_KEY and NRM_SIGNING_CERT must be set together (PEM files of the signing "
            "key and its certificate), or neither for the demo certificate"
        )
    return _loaded_signer(Path(key).resolve(), Path(cert).resolve(), False, *_stamp(key, cert))


def demo_signer(directory: Path) -> DocumentSigner:
    """The demo signer of `directory`, made there the first time it is needed."""
    key, cert = ensure_demo_certificate(directory)
    return _loaded_signer(key.resolve(), cert.resolve(), True, *_stamp(key, cert))


def _stamp(*paths: Path) -> tuple[int, ...]:
    # A replaced key or certificate file is loaded afresh.
    try:
        return tuple(Path(path).stat().st_mtime_ns for path in paths)
    except OSError as error:
        raise SigningError(f"cannot read the signing key or certificate: {error}") from None


@cache
def _loaded_signer(key: Path, cert: Path, demo: bool, *_stamps: int) -> DocumentSigner:
    return DocumentSigner(key, cert, demo=demo)


def ensure_demo_certificate(directory: Path) -> tuple[Path, Path]:
    """The demo key and certificate files under `directory`, made once (the first caller makes
    them under a lock; everybody after reads them)."""
    key_path, cert_path = directory / DEMO_KEY_FILE, directory / DEMO_CERT_FILE
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory / ".lock"):
        if not (key_path.exists() and cert_path.exists()):
            key_pem, cert_pem = _make_demo_certificate(datetime.now(UTC))
            _write_atomically(key_path, key_pem, mode=0o600)
            _write_atomically(cert_path, cert_pem, mode=0o644)
    return key_path, cert_path


def demo_subject() -> crypto_x509.Name:
    from documents.labels import catalogue

    albanian, english = catalogue("sq")["common.issuer"], catalogue("en")["common.issuer"]
    return crypto_x509.Name(
        [
            crypto_x509.NameAttribute(NameOID.COUNTRY_NAME, "AL"),
            crypto_x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"{albanian} / {english}"),
            crypto_x509.NameAttribute(
                NameOID.ORGANIZATIONAL_UNIT_NAME,
                "NRM documents: self-signed demo certificate",
            ),
            crypto_x509.NameAttribute(NameOID.COMMON_NAME, f"{albanian} - {DEMO_MARK}"),
        ]
    )


def _make_demo_certificate(now: datetime) -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    subject = demo_subject()
    public_key = key.public_key()
    certificate = (
        crypto_x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public_key)
        .serial_number(crypto_x509.random_serial_number())
        .not_valid_before(DEMO_VALID_FROM)
        .not_valid_after(now + DEMO_VALID_FOR)
        .add_extension(crypto_x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            crypto_x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation: the issuer stands by the document
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(crypto_x509.SubjectKeyIdentifier.from_public_key(public_key), False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def _check_pair(key_path: Path, cert_path: Path) -> PrivateKeyTypes:
    """The private key, once checked to be the certificate's: the signatures of another key
    would never verify."""
    try:
        key_data, cert_data = key_path.read_bytes(), cert_path.read_bytes()
    except OSError as error:
        raise SigningError(f"cannot read the signing key or certificate: {error}") from None
    try:
        if b"-----BEGIN" in key_data:
            key = serialization.load_pem_private_key(key_data, password=None)
        else:
            key = serialization.load_der_private_key(key_data, password=None)
    except (ValueError, TypeError) as error:
        raise SigningError(
            f"the signing key {key_path} cannot be read (an unencrypted PEM or DER private key "
            f"is expected): {error}"
        ) from None
    try:
        if b"-----BEGIN" in cert_data:
            certificate = crypto_x509.load_pem_x509_certificate(cert_data)
        else:
            certificate = crypto_x509.load_der_x509_certificate(cert_data)
    except ValueError as error:
        raise SigningError(
            f"the signing certificate {cert_path} cannot be read (PEM or DER expected): {error}"
        ) from None
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*spki) != certificate.public_key().public_bytes(*spki):
        raise SigningError(f"the signing key {key_path} does not belong to {cert_path}")
    return key


@contextmanager
def _locked(path: Path):  # type: ignore[no-untyped-def]
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomically(path: Path, data: bytes, mode: int) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    """What a court (or `nrm documents verify`) learns from a document's signature."""

    intact: bool  # the signed bytes are unchanged
    valid: bool  # and the signature over them is cryptographically sound
    trusted: bool  # and the signer's certificate chains to a trusted certificate
    whole_file: bool  # and the signature covers the entire file: nothing was appended
    pades: bool  # a PAdES signature (ETSI.CAdES.detached)
    signer: str | None = None
    certificate_sha256: str | None = None
    signed_at: datetime | None = None
    reason: str | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_file and self.pades


def load_certificate(path: Path) -> asn1_x509.Certificate:
    try:
        return load_cert_from_pemder(str(path))
    except (OSError, ValueError) as error:
        raise SigningError(f"cannot read the certificate {path}: {error}") from None


def verify_signature(
    pdf: bytes, trusted: Iterable[asn1_x509.Certificate | Path]
) -> SignatureCheck:
    """Check the one signature of `pdf` against the `trusted` certificates (offline)."""
    roots = [load_certificate(item) if isinstance(item, Path) else item for item in trusted]
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        signatures = reader.embedded_signatures
    except Exception as error:  # a damaged file is an answer, not a crash
        return _unreadable(f"the PDF cannot be read: {error}")
    if len(signatures) != 1:
        return _unreadable(f"expected one signature, found {len(signatures)}")
    signature = signatures[0]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = _outside_event_loop(validate_pdf_signature, signature, context)
    except Exception as error:
        return _unreadable(f"the signature cannot be checked: {error}")
    subfilter = signature.sig_object.get("/SubFilter")
    reason = signature.sig_object.get("/Reason")
    certificate = status.signing_cert
    return SignatureCheck(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        pades=str(subfilter) == PADES_SUBFILTER,
        signer=str(certificate.subject.human_friendly) if certificate is not None else None,
        certificate_sha256=(
            hashlib.sha256(certificate.dump()).hexdigest() if certificate is not None else None
        ),
        signed_at=status.signer_reported_dt,
        reason=str(reason) if reason is not None else None,
    )


def _unreadable(problem: str) -> SignatureCheck:
    return SignatureCheck(
        intact=False, valid=False, trusted=False, whole_file=False, pades=False, problem=problem
    )

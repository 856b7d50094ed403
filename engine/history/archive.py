"""A case's whole history as one signed archive an auditor can check offline.

The archive (zip) holds the events with their hashes, the generated documents (PDF) with their
sha256, the case as stored and the access log; `manifest.json` lists every file's sha256 and is
signed with the deployment's signing key (`manifest.sig`, certificate in `certificate.pem`).
Checking it needs nothing but the archive: the signature over the manifest, each file against
the manifest, the hash chain of the events, each document against the event that produced it.
By default the archive is redacted (procedural fields only); a full one, with the personal data
and the documents, is exported only with a reason, which the access log records.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from sqlmodel import Session, col, select

from documents.signing import DocumentSigner
from engine.access.policy import FieldAccess, redacted_by_default
from engine.access.redaction import redact_data, redact_event_data
from engine.access.users import Principal
from engine.base.errors import FieldError, InvalidData
from engine.cases.access_queries import case_facts
from engine.cases.events import GENESIS_HASH, event_hash, hashed_content
from engine.cases.loading import case_events, load_case
from engine.history.access_log import record_access
from engine.storage.models import AccessLogEntry, Document, Event
from forms.messages import message

MANIFEST, SIGNATURE, CERTIFICATE = "manifest.json", "manifest.sig", "certificate.pem"


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str).encode()


def _event_record(event: Event, access: FieldAccess | None) -> dict[str, Any]:
    record = {**hashed_content(event), "prev_hash": event.prev_hash, "hash": event.hash}
    if access is not None:
        shown = redact_event_data(record["data"], access)
        if shown != record["data"]:
            record.update(data=shown, redacted=True)
    return record


def export_case(
    session: Session,
    case_id: int,
    signer: DocumentSigner,
    exported_by: Principal,
    now: datetime,
    full_reason: str | None = None,
) -> bytes:
    """The case's archive, redacted unless `full_reason` says why the personal data must leave
    (then it is whole, and the export is written to the access log with the reason).

    Redacted, it holds what leaves the system without a named reader (procedural fields; the
    child's initials; `policy.redacted_by_default`): an event whose data was redacted keeps its
    hashes and is marked `"redacted": true`, so the chain's links can still be checked, and the
    documents are listed with their sha256 but not included."""
    full = full_reason is not None
    if full and not full_reason.strip():
        raise InvalidData([FieldError(("reason",), message("export.reason_needed"))])
    case, version = load_case(session, case_id)
    access = None if full else redacted_by_default(case_facts(session, case_id).fields)
    documents = session.exec(
        select(Document).where(Document.case_id == case_id).order_by(col(Document.id))
    ).all()
    entries = session.exec(select(AccessLogEntry).where(AccessLogEntry.case_id == case_id)).all()
    files: dict[str, bytes] = {
        "case.json": _json({
            "reference": case.reference, "process": case.process_id,
            "process_version": version.version, "process_sha256": version.sha256,
            "status": case.status,
            "data": case.data if access is None else redact_data(case.data, access),
        }),
        "events.json": _json(
            [_event_record(e, access) for e in case_events(session, case_id)]
        ),
        "documents.json": _json([
            {"file": f"documents/{d.id}-{d.filename}", "kind": d.kind, "title": d.title,
             "sha256": d.sha256, "event_seq": d.event_seq, "created_at": d.created_at,
             "included": full}
            for d in documents
        ]),
        "access_log.json": _json([entry.model_dump() for entry in entries]),
    }  # fmt: skip
    if full:
        for document in documents:
            files[f"documents/{document.id}-{document.filename}"] = document.content
    manifest = _json({
        "case": case.reference, "exported_at": now, "exported_by": exported_by.name,
        "redacted": not full, "reason": full_reason,
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in files.items()},
    })  # fmt: skip
    if full:
        record_access(session, exported_by, case_id, "audit export (full)", True, now, full_reason)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(MANIFEST, manifest)
        archive.writestr(SIGNATURE, signer.sign_detached(manifest))
        archive.writestr(CERTIFICATE, signer.certificate_pem())
    return out.getvalue()


@dataclass
class ArchiveCheck:
    case: str = ""
    signer: str = ""
    findings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def verify_archive(path: Path, trusted_certificate: Path | None = None) -> ArchiveCheck:
    """Check an exported archive with nothing but the archive (and, if given, the certificate
    the deployment publishes)."""
    check = ArchiveCheck()
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        check.findings.append(f"{path.name} is not a case archive (not a zip file)")
        return check
    with archive:
        names = set(archive.namelist())
        missing = {MANIFEST, SIGNATURE, CERTIFICATE} - names
        if missing:
            check.findings.append(f"the archive lacks {', '.join(sorted(missing))}")
            return check
        manifest_bytes = archive.read(MANIFEST)
        certificate = x509.load_pem_x509_certificate(archive.read(CERTIFICATE))
        check.signer = certificate.subject.rfc4514_string()
        if trusted_certificate is not None:
            trusted = x509.load_pem_x509_certificate(trusted_certificate.read_bytes())
            if trusted.fingerprint(hashes.SHA256()) != certificate.fingerprint(hashes.SHA256()):
                check.findings.append(
                    "the archive was signed with another certificate than the trusted one"
                )
        if not _signature_valid(certificate, archive.read(SIGNATURE), manifest_bytes):
            check.findings.append(
                "the signature over manifest.json does not match: the "
                "manifest was changed or signed with another key"
            )
        manifest = json.loads(manifest_bytes)
        check.case = manifest.get("case", "")
        for name, expected in sorted(manifest["files"].items()):
            if name not in names:
                check.findings.append(f"{name} is listed in the manifest but missing")
            elif hashlib.sha256(archive.read(name)).hexdigest() != expected:
                check.findings.append(f"{name} was changed after export (its sha256 differs)")
        for extra in sorted(names - set(manifest["files"]) - {MANIFEST, SIGNATURE, CERTIFICATE}):
            check.findings.append(f"{extra} was added after export")
        if not check.findings:
            events = json.loads(archive.read("events.json"))
            check.findings += _chain_findings(events)
            documents = json.loads(archive.read("documents.json"))
            check.findings += _document_findings(archive, documents, events)
    return check


def _signature_valid(certificate: x509.Certificate, signature: bytes, data: bytes) -> bool:
    key = certificate.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except InvalidSignature:
        return False
    return True


def _chain_findings(events: list[dict[str, Any]]) -> list[str]:
    previous = GENESIS_HASH
    for expected_seq, record in enumerate(events, start=1):
        content = {k: v for k, v in record.items() if k not in ("prev_hash", "hash", "redacted")}
        if record["seq"] != expected_seq:
            return [f"event {expected_seq} is missing from the exported history"]
        # A redacted event's hash cannot be recomputed without what was withheld: its links are
        # checked, and the full export (or `nrm audit verify` on the database) checks the rest.
        recomputed = record.get("redacted") or record["hash"] == event_hash(previous, content)
        if record["prev_hash"] != previous or not recomputed:
            return [f"event {record['seq']} does not match its hash chain"]
        previous = record["hash"]
    return []


def _document_findings(
    archive: zipfile.ZipFile, documents: list[dict[str, Any]], events: list[dict[str, Any]]
) -> list[str]:
    recorded = {
        e["seq"]: e["data"].get("sha256") for e in events if e["type"] == "document_generated"
    }
    findings = []
    for document in documents:
        if not document.get("included", True):
            continue
        content_hash = hashlib.sha256(archive.read(document["file"])).hexdigest()
        if (
            content_hash != document["sha256"]
            or recorded.get(document["event_seq"]) != content_hash
        ):
            findings.append(f"{document['file']} is not the document its event recorded")
    return findings

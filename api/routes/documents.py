from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from api import authz
from api.deps import EngineDep, RecordId, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal

router = APIRouter(tags=["documents"])


@router.get("/api/documents/{document_id}", response_class=Response)
def get_document(
    document_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> Response:
    """A generated PDF, for whoever may open its case (court users: their court's cases)."""
    document = engine.queries.document(document_id)
    authz.viewable_case(engine, user, document.case_id)
    # A document names the child by initials and date of birth: personal data, whoever reads it.
    authz.log_viewed(engine, user, document.case_id, "document", personal=True)
    return Response(
        content=document.content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{document.filename}"',
            "X-Content-SHA256": document.sha256,
        },
    )

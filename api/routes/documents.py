from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from api.deps import EngineDep, RecordId, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import cases

router = APIRouter(tags=["documents"])


@router.get("/api/documents/{document_id}", response_class=Response)
def get_document(
    document_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.READ_CASES)]
) -> Response:
    """A generated PDF, for whoever may open its case (court users: their court's cases)."""
    document = cases.document(engine, user, document_id)
    return Response(
        content=document.content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{document.filename}"',
            "X-Content-SHA256": document.sha256,
        },
    )

from __future__ import annotations

from fastapi import APIRouter, Response

from api.dependencies import EngineDep

router = APIRouter(tags=["documents"])


@router.get("/api/documents/{document_id}", response_class=Response)
def get_document(document_id: int, engine: EngineDep) -> Response:
    document = engine.queries.document(document_id)
    return Response(
        content=document.content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{document.filename}"',
            "X-Content-SHA256": document.sha256,
        },
    )

"""The OpenAPI docs work without a network: Swagger UI is served by the app itself."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_docs_page_and_its_assets_come_from_the_app(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/swagger-ui/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    asset = client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.content) > 100_000
    schema = client.get("/openapi.json").json()
    assert "/api/tasks/{task_id}/complete" in schema["paths"]

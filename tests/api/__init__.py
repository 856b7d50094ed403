"""The JSON API: access per role, authentication, the OpenAPI schema, concurrency, crashes."""

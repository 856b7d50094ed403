"""The HTML pages, server-rendered with Jinja2 (api/templates/): one APIRouter per module, each
page asking the access policy for its user (`require(capability)`, api/deps.py) and calling the
same use cases (engine/services) as the JSON routes, so a page and its route answer alike.

`rendering` is what every page shares (templates, the user's language, CSRF-checked forms, the
error page); `case_data` names a case's data in the reader's language. Adding a page:
docs/checklists/add-a-page.md."""

from __future__ import annotations

from api.pages import (
    admin,
    audit,
    cases,
    compliance,
    directory,
    inbox,
    incidents,
    migration,
    modeler,
    notes,
    sign_in,
    tasks,
)

ROUTERS = (
    sign_in.router,
    inbox.router,
    tasks.router,
    cases.router,
    notes.router,
    incidents.router,
    directory.router,
    compliance.router,
    audit.router,
    migration.router,
    modeler.router,
    admin.router,
)

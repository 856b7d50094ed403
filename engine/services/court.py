"""The court's use case: its outbox of custody petitions."""

from __future__ import annotations

from engine.access.users import Principal
from engine.history.access_log import record_access
from engine.nrm_engine import NrmEngine
from engine.reports.court_outbox import OutboxPetition, outbox
from engine.services.session import use_case


def court_outbox(engine: NrmEngine, user: Principal) -> list[OutboxPetition]:
    """The petitions of the user's court; each case shown is written to the access log."""
    entries = outbox(engine.db, user.court)
    now = engine.clock.now()
    with use_case(engine) as session:
        for entry in entries:
            record_access(session, user, entry.case_id, "court outbox", False, now)
    return entries

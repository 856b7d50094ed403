"""Routing columns of a case: home region, court and case manager, for the inbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from engine.base.case_routing import routing_columns

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("nrm_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region_key", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("court", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("case_manager", sa.String(), nullable=True))
        batch_op.create_index(batch_op.f("ix_nrm_case_case_manager"), ["case_manager"])
        batch_op.create_index(batch_op.f("ix_nrm_case_court"), ["court"])
        batch_op.create_index(batch_op.f("ix_nrm_case_region_key"), ["region_key"])
    _fill_routing_columns()


def _fill_routing_columns() -> None:
    """Existing cases get their columns from their data, as every step will write them."""
    connection = op.get_bind()
    appointed = dict(
        connection.execute(sa.text("SELECT case_id, case_manager FROM case_assignment")).all()
    )
    cases = connection.execute(sa.text("SELECT id, data FROM nrm_case")).all()
    update = sa.text(
        "UPDATE nrm_case SET region_key = :region_key, court = :court, "
        "case_manager = :case_manager WHERE id = :id"
    )
    for case_id, data in cases:
        values: dict[str, Any] = json.loads(data) if isinstance(data, str) else data
        connection.execute(
            update, {"id": case_id, **routing_columns(values, appointed.get(case_id))}
        )


def downgrade() -> None:
    with op.batch_alter_table("nrm_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nrm_case_region_key"))
        batch_op.drop_index(batch_op.f("ix_nrm_case_court"))
        batch_op.drop_index(batch_op.f("ix_nrm_case_case_manager"))
        batch_op.drop_column("case_manager")
        batch_op.drop_column("court")
        batch_op.drop_column("region_key")

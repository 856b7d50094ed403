"""Routing fields choose from reference data: regions and courts, seeded

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from engine.storage.reference_seed import SEED

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    table = op.create_table(
        "reference_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=300), nullable=False),
        sa.Column("name_sq", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "value", name="uq_reference_value_kind_value"),
    )
    op.bulk_insert(
        table,
        [
            {"kind": kind, "value": value, "name_sq": sq, "name_en": en, "active": True}
            for kind, rows in SEED.items()
            for value, sq, en in rows
        ],
    )


def downgrade() -> None:
    op.drop_table("reference_value")

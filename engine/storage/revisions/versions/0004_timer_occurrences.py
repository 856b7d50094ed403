"""Timer rows per occurrence of a repeating timer: the workflow task and the occurrence number

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("timer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("task_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("occurrence", sa.Integer(), nullable=True))
    # Until now a timer's row was keyed by its task: every existing row is a one-off timer's.
    op.execute(sa.text("UPDATE timer SET task_id = id"))
    with op.batch_alter_table("timer", schema=None) as batch_op:
        batch_op.alter_column("task_id", existing_type=sa.String(length=36), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("timer", schema=None) as batch_op:
        batch_op.drop_column("occurrence")
        batch_op.drop_column("task_id")

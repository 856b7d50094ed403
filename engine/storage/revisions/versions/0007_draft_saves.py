"""Saving a draft again updates the author's open draft; each save is kept

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "process_draft_save",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("bpmn_xml", sa.Text(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["process_draft.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "number"),
    )
    with op.batch_alter_table("process_draft_save", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_process_draft_save_draft_id"), ["draft_id"], unique=False
        )
    # Every draft so far was saved once: that save is the first of its history.
    op.execute(
        sa.text(
            "INSERT INTO process_draft_save (draft_id, number, bpmn_xml, change_note, saved_at) "
            "SELECT id, 1, bpmn_xml, change_note, created_at FROM process_draft"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("process_draft_save", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_draft_save_draft_id"))
    op.drop_table("process_draft_save")

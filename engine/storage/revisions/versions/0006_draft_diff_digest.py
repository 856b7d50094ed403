"""An approved draft records the digest of the semantic diff its approver was shown

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("process_draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("diff_digest", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("process_draft", schema=None) as batch_op:
        batch_op.drop_column("diff_digest")

"""The schema as of commit c83e5c9, before schema revisions

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "auth_session",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_sha256"),
    )
    op.create_index(op.f("ix_auth_session_user_name"), "auth_session", ["user_name"], unique=False)
    op.create_table(
        "chain_anchor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heads", sa.JSON(), nullable=False),
        sa.Column("prev_digest", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "nrm_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("court", sa.String(length=300), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_nrm_user_name"), "nrm_user", ["name"], unique=True)
    op.create_table(
        "process_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=False),
        sa.Column("bpmn_xml", sa.Text(), nullable=False),
        sa.Column("forms", sa.JSON(), nullable=False),
        sa.Column("dmn", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("process_id", "bundle_sha256"),
        sa.UniqueConstraint("process_id", "version"),
    )
    op.create_index(
        op.f("ix_process_version_process_id"), "process_version", ["process_id"], unique=False
    )
    op.create_table(
        "nrm_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("process_id", sa.String(length=200), nullable=False),
        sa.Column("process_version_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("workflow", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_version_id"],
            ["process_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_status", "nrm_case", ["status"], unique=False)
    op.create_index(op.f("ix_nrm_case_reference"), "nrm_case", ["reference"], unique=False)
    op.create_table(
        "process_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.String(length=200), nullable=False),
        sa.Column("base_version_id", sa.Integer(), nullable=False),
        sa.Column("bpmn_xml", sa.Text(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("published_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["base_version_id"],
            ["process_version.id"],
        ),
        sa.ForeignKeyConstraint(
            ["published_version_id"],
            ["process_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_process_draft_process_id"), "process_draft", ["process_id"], unique=False
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("what", sa.String(length=60), nullable=False),
        sa.Column("personal_data", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["nrm_case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_access_log_case", "access_log", ["case_id", "at"], unique=False)
    op.create_table(
        "case_assignment",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("case_manager", sa.String(length=200), nullable=False),
        sa.Column("assigned_by", sa.String(length=200), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["nrm_case.id"],
        ),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "case_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_case_id", sa.Integer(), nullable=False),
        sa.Column("to_case_id", sa.Integer(), nullable=False),
        sa.Column("task_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_case_id"],
            ["nrm_case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["to_case_id"],
            ["nrm_case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_case_link_from_case_id"), "case_link", ["from_case_id"], unique=False)
    op.create_index(op.f("ix_case_link_to_case_id"), "case_link", ["to_case_id"], unique=False)
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=8), server_default="sq", nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("filename", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("process_version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["nrm_case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["process_version_id"],
            ["process_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_document_case_id"), "document", ["case_id"], unique=False)
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=True),
        sa.Column("task_name", sa.String(length=200), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("process_version_id", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["nrm_case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["process_version_id"],
            ["process_version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "seq"),
    )
    op.create_index(op.f("ix_event_case_id"), "event", ["case_id"], unique=False)
    op.create_table(
        "inbox_task",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("form", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["nrm_case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_inbox_role_due", "inbox_task", ["role", "due_at"], unique=False)
    op.create_index(op.f("ix_inbox_task_case_id"), "inbox_task", ["case_id"], unique=False)
    op.create_table(
        "task_claim",
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["nrm_case.id"],
        ),
        sa.PrimaryKeyConstraint("task_id"),
    )
    op.create_index(op.f("ix_task_claim_case_id"), "task_claim", ["case_id"], unique=False)
    op.create_table(
        "timer",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attached_to", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["nrm_case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_timer_case_id"), "timer", ["case_id"], unique=False)
    op.create_index("ix_timer_status_due", "timer", ["status", "due_at"], unique=False)
    op.create_table(
        "workflow_task",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["nrm_case.id"],
        ),
        sa.PrimaryKeyConstraint("case_id", "task_id"),
    )


def downgrade() -> None:
    op.drop_table("workflow_task")
    op.drop_index("ix_timer_status_due", table_name="timer")
    op.drop_index(op.f("ix_timer_case_id"), table_name="timer")
    op.drop_table("timer")
    op.drop_index(op.f("ix_task_claim_case_id"), table_name="task_claim")
    op.drop_table("task_claim")
    op.drop_index(op.f("ix_inbox_task_case_id"), table_name="inbox_task")
    op.drop_index("ix_inbox_role_due", table_name="inbox_task")
    op.drop_table("inbox_task")
    op.drop_index(op.f("ix_event_case_id"), table_name="event")
    op.drop_table("event")
    op.drop_index(op.f("ix_document_case_id"), table_name="document")
    op.drop_table("document")
    op.drop_index(op.f("ix_case_link_to_case_id"), table_name="case_link")
    op.drop_index(op.f("ix_case_link_from_case_id"), table_name="case_link")
    op.drop_table("case_link")
    op.drop_table("case_assignment")
    op.drop_index("ix_access_log_case", table_name="access_log")
    op.drop_table("access_log")
    op.drop_index(op.f("ix_process_draft_process_id"), table_name="process_draft")
    op.drop_table("process_draft")
    op.drop_index(op.f("ix_nrm_case_reference"), table_name="nrm_case")
    op.drop_index("ix_case_status", table_name="nrm_case")
    op.drop_table("nrm_case")
    op.drop_index(op.f("ix_process_version_process_id"), table_name="process_version")
    op.drop_table("process_version")
    op.drop_index(op.f("ix_nrm_user_name"), table_name="nrm_user")
    op.drop_table("nrm_user")
    op.drop_table("chain_anchor")
    op.drop_index(op.f("ix_auth_session_user_name"), table_name="auth_session")
    op.drop_table("auth_session")

"""Undo/redo history stored in the project.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_history_action"),
    )
    op.create_index("ix_history_action_undone", "history_action", ["undone"])
    op.create_table(
        "history_step",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("sql", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["history_action.id"], ondelete="CASCADE",
                                name="fk_history_step_action_id_history_action"),
        sa.PrimaryKeyConstraint("seq", name="pk_history_step"),
    )
    op.create_index("ix_history_step_action_id", "history_step", ["action_id"])


def downgrade() -> None:
    op.drop_table("history_step")
    op.drop_table("history_action")

"""Checker: project lexicons with versions, allow-list, reviewed comments.

Revision ID: chk0001
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "chk0001"
down_revision = "0002"
branch_labels = ("check",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_lexicon",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("modified", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_check_lexicon"),
    )
    op.create_table(
        "check_lexicon_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lexicon_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(200), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("suggestion", sa.String(200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["lexicon_id"], ["check_lexicon.id"], ondelete="CASCADE",
                                name="fk_check_lexicon_entry_lexicon_id_check_lexicon"),
        sa.PrimaryKeyConstraint("id", name="pk_check_lexicon_entry"),
    )
    op.create_index("ix_check_lexicon_entry_lexicon_id", "check_lexicon_entry", ["lexicon_id"])
    op.create_table(
        "check_lexicon_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lexicon_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["lexicon_id"], ["check_lexicon.id"], ondelete="CASCADE",
                                name="fk_check_lexicon_version_lexicon_id_check_lexicon"),
        sa.PrimaryKeyConstraint("id", name="pk_check_lexicon_version"),
    )
    op.create_index("ix_check_lexicon_version_lexicon_id", "check_lexicon_version", ["lexicon_id"])
    op.create_table(
        "check_allow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("added", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_check_allow"),
        sa.UniqueConstraint("phrase", name="uq_check_allow_phrase"),
    )
    op.create_table(
        "check_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(200), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("posted", sa.String(40), nullable=False),
        sa.Column("likes", sa.Integer(), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("negative", sa.Float(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("mark", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("added", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_check_comment"),
    )
    op.create_index("ix_check_comment_batch", "check_comment", ["batch"])


def downgrade() -> None:
    op.drop_table("check_comment")
    op.drop_table("check_allow")
    op.drop_table("check_lexicon_version")
    op.drop_table("check_lexicon_entry")
    op.drop_table("check_lexicon")

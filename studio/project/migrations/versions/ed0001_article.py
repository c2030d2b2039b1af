"""Articles (图文): metadata, cover reference and body blocks as JSON.

Revision ID: ed0001
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "ed0001"
down_revision = "0002"
branch_labels = ("editor",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("digest", sa.Text(), nullable=False),
        sa.Column("cover_asset_id", sa.Integer(), nullable=True),
        sa.Column("cover_canvas_id", sa.Integer(), nullable=True),
        sa.Column("original", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_author", sa.String(200), nullable=False),
        sa.Column("theme", sa.String(40), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("modified", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article"),
    )


def downgrade() -> None:
    op.drop_table("article")

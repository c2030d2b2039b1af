"""Covers/posters (canvas) and non-destructive image edits (image_edit).

Revision ID: cv0001
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "cv0001"
down_revision = "0002"
branch_labels = ("canvas",)
depends_on = "lib0001"  # image_edit.asset_id references asset


def upgrade() -> None:
    op.create_table(
        "canvas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("preset", sa.String(40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("background", sa.JSON(), nullable=False),
        sa.Column("layers", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("modified", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_canvas"),
    )
    op.create_table(
        "image_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("ops", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("modified", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"], ondelete="CASCADE",
                                name="fk_image_edit_asset_id_asset"),
        sa.PrimaryKeyConstraint("id", name="pk_image_edit"),
    )
    op.create_index("ix_image_edit_asset_id", "image_edit", ["asset_id"])


def downgrade() -> None:
    op.drop_index("ix_image_edit_asset_id", table_name="image_edit")
    op.drop_table("image_edit")
    op.drop_table("canvas")

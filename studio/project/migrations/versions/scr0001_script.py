"""Shooting scripts (分镜脚本): scripts and their shots.

Revision ID: scr0001
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "scr0001"
down_revision = "0002"
branch_labels = ("script",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shot_script",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("template", sa.String(32), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("video_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_shot_script"),
    )
    op.create_table(
        "shot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("script_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("scene", sa.String(200), nullable=False),
        sa.Column("shot_size", sa.String(32), nullable=False),
        sa.Column("camera", sa.String(32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("music", sa.Text(), nullable=False),
        sa.Column("clip_index", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["script_id"], ["shot_script.id"], name="fk_shot_script_id_shot_script",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_shot"),
    )
    op.create_index("ix_shot_script_id", "shot", ["script_id"])


def downgrade() -> None:
    op.drop_index("ix_shot_script_id", "shot")
    op.drop_table("shot")
    op.drop_table("shot_script")

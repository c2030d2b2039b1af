"""Short-video projects: timeline document, export preset and the detected beat grid.

Revision ID: vid0001
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "vid0001"
down_revision = "0002"
branch_labels = ("video",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "video_project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("preset", sa.String(32), nullable=False),
        sa.Column("timeline", sa.JSON(), nullable=False),
        sa.Column("detected_beats", sa.JSON(), nullable=False),
        sa.Column("music_asset_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_video_project"),
    )


def downgrade() -> None:
    op.drop_table("video_project")

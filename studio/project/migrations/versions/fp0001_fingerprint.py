"""Near-duplicate fingerprints of library assets.

Revision ID: fp0001
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "fp0001"
down_revision = "0002"
branch_labels = ("fingerprint",)
depends_on = None  # asset.id is referenced, but SQLite lets the branches run in any order


def upgrade() -> None:
    op.create_table(
        "fingerprint",
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"], ondelete="CASCADE",
                                name="fk_fingerprint_asset_id_asset"),
        sa.PrimaryKeyConstraint("asset_id", name="pk_fingerprint"),
    )


def downgrade() -> None:
    op.drop_table("fingerprint")

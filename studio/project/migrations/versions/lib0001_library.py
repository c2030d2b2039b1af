"""Material library: assets, thumbnails, tags, collections and the Chinese full-text index.

Revision ID: lib0001
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "lib0001"
down_revision = "0002"
branch_labels = ("library",)
depends_on = None

FTS_DDL = (
    "CREATE VIRTUAL TABLE asset_fts USING fts5(words, grams, tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER asset_fts_ai AFTER INSERT ON asset BEGIN "
    "INSERT INTO asset_fts(rowid, words, grams) VALUES (new.id, new.search_words, new.search_grams); END",
    "CREATE TRIGGER asset_fts_ad AFTER DELETE ON asset BEGIN "
    "DELETE FROM asset_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER asset_fts_au AFTER UPDATE OF search_words, search_grams ON asset BEGIN "
    "DELETE FROM asset_fts WHERE rowid = old.id; "
    "INSERT INTO asset_fts(rowid, words, grams) VALUES (new.id, new.search_words, new.search_grams); END",
)


def upgrade() -> None:
    op.create_table(
        "asset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("color", sa.String(16), nullable=False),
        sa.Column("missing", sa.Boolean(), nullable=False),
        sa.Column("added", sa.DateTime(), nullable=False),
        sa.Column("taken", sa.DateTime(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("platform", sa.String(100), nullable=False),
        sa.Column("licence", sa.String(16), nullable=False),
        sa.Column("licence_cert", sa.String(200), nullable=False),
        sa.Column("commercial_ok", sa.Boolean(), nullable=True),
        sa.Column("licence_expires", sa.Date(), nullable=True),
        sa.Column("attribution", sa.Text(), nullable=False),
        sa.Column("duration", sa.Float(), nullable=True),
        sa.Column("search_words", sa.Text(), nullable=False),
        sa.Column("search_grams", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_asset"),
    )
    op.create_index("ix_asset_kind", "asset", ["kind"])
    op.create_index("ix_asset_sha256", "asset", ["sha256"])
    op.create_index("ix_asset_added", "asset", ["added"])
    op.create_table(
        "asset_thumb",
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"], ondelete="CASCADE",
                                name="fk_asset_thumb_asset_id_asset"),
        sa.PrimaryKeyConstraint("asset_id", name="pk_asset_thumb"),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tag"),
        sa.UniqueConstraint("name", name="uq_tag_name"),
    )
    op.create_table(
        "asset_tag",
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"], ondelete="CASCADE",
                                name="fk_asset_tag_asset_id_asset"),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], ondelete="CASCADE", name="fk_asset_tag_tag_id_tag"),
        sa.PrimaryKeyConstraint("asset_id", "tag_id", name="pk_asset_tag"),
    )
    op.create_index("ix_asset_tag_tag_id", "asset_tag", ["tag_id"])
    op.create_table(
        "collection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_collection"),
    )
    op.create_table(
        "collection_item",
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["collection_id"], ["collection.id"], ondelete="CASCADE",
                                name="fk_collection_item_collection_id_collection"),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"], ondelete="CASCADE",
                                name="fk_collection_item_asset_id_asset"),
        sa.PrimaryKeyConstraint("collection_id", "asset_id", name="pk_collection_item"),
    )
    op.create_index("ix_collection_item_asset_id", "collection_item", ["asset_id"])
    for statement in FTS_DDL:
        op.execute(statement)


def downgrade() -> None:
    for name in ("asset_fts_au", "asset_fts_ad", "asset_fts_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS asset_fts")
    for table in ("collection_item", "collection", "asset_tag", "tag", "asset_thumb", "asset"):
        op.drop_table(table)

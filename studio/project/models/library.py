"""Material library tables (素材库). Owned by the library pillar.

Search: `asset.search_words` (jieba search-mode tokens) and `asset.search_grams` (Chinese
character bigrams) are ordinary columns, so undo/redo restores them like any other column;
SQL triggers copy them into the FTS5 table `asset_fts` (rowid = asset.id).
Thumbnails live in their own table so that editing an asset never copies image bytes into the
undo history.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import DDL, Float, ForeignKey, Integer, LargeBinary, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from studio.project.models.base import Base, utcnow

ASSET_KINDS = ("image", "video", "audio", "font", "text", "note")
LICENCES = ("own", "cc0", "cc-by", "cc-by-sa", "cc-by-nc", "purchased", "platform", "unknown")
COLORS = ("", "red", "orange", "yellow", "green", "blue", "purple", "grey")


class Asset(Base):
    """One item of the library. Media stay where the user keeps them: path + size + hash."""

    __tablename__ = "asset"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    path: Mapped[Optional[str]] = mapped_column(Text, nullable=True)  # None for notes
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[Optional[str]] = mapped_column(String(64), index=True, nullable=True)
    meta: Mapped[dict] = mapped_column(default=dict)  # width/height/duration/fps/codec/...
    notes: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[int] = mapped_column(Integer, default=0)
    color: Mapped[str] = mapped_column(String(16), default="")
    missing: Mapped[bool] = mapped_column(default=False)
    added: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    taken: Mapped[Optional[datetime]] = mapped_column(nullable=True)  # EXIF date, else file time
    # provenance (来源与授权), read by the checker
    source_url: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    platform: Mapped[str] = mapped_column(String(100), default="")
    licence: Mapped[str] = mapped_column(String(16), default="unknown")
    licence_cert: Mapped[str] = mapped_column(String(200), default="")
    commercial_ok: Mapped[Optional[bool]] = mapped_column(nullable=True)
    licence_expires: Mapped[Optional[date]] = mapped_column(nullable=True)
    attribution: Mapped[str] = mapped_column(Text, default="")
    duration: Mapped[Optional[float]] = mapped_column(Float, nullable=True)
    # derived search text (see module docstring); kept current by studio.library.search
    search_words: Mapped[str] = mapped_column(Text, default="")
    search_grams: Mapped[str] = mapped_column(Text, default="")


class AssetThumb(Base):
    """Small JPEG preview of an asset (photo, video frame, waveform, font specimen, text card)."""

    __tablename__ = "asset_thumb"
    __table_args__ = {"info": {"cache": True}}  # rebuilt from the files; not checked on open
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Tag(Base):
    __tablename__ = "tag"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class AssetTag(Base):
    __tablename__ = "asset_tag"
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True)


class Collection(Base):
    """A manual collection (rule is None) or a smart collection (rule is a rule tree, see
    studio.library.rules)."""

    __tablename__ = "collection"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    rule: Mapped[Optional[dict]] = mapped_column(nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(default=utcnow)


class CollectionItem(Base):
    __tablename__ = "collection_item"
    collection_id: Mapped[int] = mapped_column(ForeignKey("collection.id", ondelete="CASCADE"), primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


# The FTS table and its sync triggers. The migration lib0001 runs the same statements.
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

for _statement in FTS_DDL:
    event.listen(Asset.__table__, "after_create", DDL(_statement))

"""Material library tables (素材库). Owned by the library pillar."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Float, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.project.models.base import Base, utcnow

ASSET_KINDS = ("image", "video", "audio", "font", "text", "note")
LICENCES = ("own", "cc0", "cc-by", "cc-by-sa", "cc-by-nc", "purchased", "platform", "unknown")


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
    added: Mapped[datetime] = mapped_column(default=utcnow)
    # provenance (来源与授权), read by the checker
    source_url: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    platform: Mapped[str] = mapped_column(String(100), default="")
    licence: Mapped[str] = mapped_column(String(16), default="unknown")
    licence_cert: Mapped[str] = mapped_column(String(200), default="")
    commercial_ok: Mapped[Optional[bool]] = mapped_column(nullable=True)
    licence_expires: Mapped[Optional[date]] = mapped_column(nullable=True)
    attribution: Mapped[str] = mapped_column(Text, default="")
    thumbnail: Mapped[Optional[bytes]] = mapped_column(LargeBinary, nullable=True)  # small JPEG/PNG
    duration: Mapped[Optional[float]] = mapped_column(Float, nullable=True)

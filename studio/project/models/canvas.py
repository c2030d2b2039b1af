"""Cover/poster canvases and non-destructive image edits (封面海报与图片编辑). Owned by the editor's canvas half."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from studio.project.models.base import Base, utcnow


class Canvas(Base):
    """One cover or poster: its size, background and layers (see studio.editor.canvas)."""

    __tablename__ = "canvas"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    preset: Mapped[str] = mapped_column(String(40), default="custom")
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    background: Mapped[dict] = mapped_column(default=dict)
    layers: Mapped[list] = mapped_column(default=list)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    modified: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ImageEdit(Base):
    """An edited version of a library image: the original file plus a list of operations."""

    __tablename__ = "image_edit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    ops: Mapped[list] = mapped_column(default=list)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    modified: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

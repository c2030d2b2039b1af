"""Article tables (图文). Owned by the editor pillar; the body is the JSON of studio.editor.article."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.project.models.base import Base, utcnow


class Article(Base):
    """One graphic-text post: metadata columns plus the body blocks as JSON.

    Cover references are plain ids (an asset or a canvas), checked when exporting, so deleting
    an image from the library never blocks or silently changes an article.
    """

    __tablename__ = "article"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    digest: Mapped[str] = mapped_column(Text, default="")
    cover_asset_id: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    cover_canvas_id: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    original: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str] = mapped_column(Text, default="")
    source_author: Mapped[str] = mapped_column(String(200), default="")
    theme: Mapped[str] = mapped_column(String(40), default="simple")
    body: Mapped[list] = mapped_column(default=list)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    modified: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

"""Tables every project has: key/value metadata and the undo history."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.project.models.base import Base, utcnow


class ProjectMeta(Base):
    """Project-wide settings and facts (name, created_with, ...)."""

    __tablename__ = "project_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class HistoryAction(Base):
    """One user action that can be undone; its SQL lives in HistoryStep."""

    __tablename__ = "history_action"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    undone: Mapped[bool] = mapped_column(default=False, index=True)


class HistoryStep(Base):
    """An inverse SQL statement recorded by triggers; replayed newest-first to undo/redo."""

    __tablename__ = "history_step"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("history_action.id", ondelete="CASCADE"), index=True, nullable=True
    )
    sql: Mapped[str] = mapped_column(Text)

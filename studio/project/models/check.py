"""Checker tables (内容审核): the project's lexicons with versions, the allow-list, reviewed comments.
Owned by the check pillar."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.project.models.base import Base, utcnow


class CheckLexicon(Base):
    """A user lexicon kept in the project. ``version`` goes up with every change."""

    __tablename__ = "check_lexicon"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(Text, default="")       # file it was imported from
    enabled: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    modified: Mapped[datetime] = mapped_column(default=utcnow)


class CheckLexiconEntry(Base):
    __tablename__ = "check_lexicon_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lexicon_id: Mapped[int] = mapped_column(ForeignKey("check_lexicon.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40), default="user")
    severity: Mapped[str] = mapped_column(String(10), default="")
    suggestion: Mapped[Optional[str]] = mapped_column(String(200), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class CheckLexiconVersion(Base):
    """A snapshot (lexicon text format) of a lexicon as it was after a change."""

    __tablename__ = "check_lexicon_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lexicon_id: Mapped[int] = mapped_column(ForeignKey("check_lexicon.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")


class CheckAllow(Base):
    """Project-wide allow-list (白名单): phrases never reported."""

    __tablename__ = "check_allow"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phrase: Mapped[str] = mapped_column(String(200), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    added: Mapped[datetime] = mapped_column(default=utcnow)


class CheckComment(Base):
    """A user comment under review (评论审核)."""

    __tablename__ = "check_comment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch: Mapped[str] = mapped_column(String(200), default="", index=True)
    author: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    posted: Mapped[str] = mapped_column(String(40), default="")
    likes: Mapped[int] = mapped_column(Integer, default=0)
    severity: Mapped[str] = mapped_column(String(10), default="")     # worst finding, "" if none
    negative: Mapped[float] = mapped_column(Float, default=0.0)             # 0..1 negativity score
    findings: Mapped[list] = mapped_column(default=list)
    mark: Mapped[str] = mapped_column(String(16), default="")          # "", reply, pin, handover, hide
    note: Mapped[str] = mapped_column(Text, default="")
    added: Mapped[datetime] = mapped_column(default=utcnow)

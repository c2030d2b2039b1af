"""Shooting-script tables (分镜脚本). Owned by the video pillar's script part.

A script is an ordered table of shots; a shot may point at a clip of a video project's timeline
(by the clip's position there), so the plan and the edit can be compared side by side.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from studio.project.models.base import Base, utcnow


class ShotScript(Base):
    __tablename__ = "shot_script"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    template: Mapped[str] = mapped_column(String(32), default="blank")
    notes: Mapped[str] = mapped_column(Text, default="")
    video_id: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)  # linked video project
    created: Mapped[datetime] = mapped_column(default=utcnow)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Shot(Base):
    __tablename__ = "shot"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    script_id: Mapped[int] = mapped_column(ForeignKey("shot_script.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # order; the shot number is position + 1
    scene: Mapped[str] = mapped_column(String(200), default="")
    shot_size: Mapped[str] = mapped_column(String(32), default="")   # 景别
    camera: Mapped[str] = mapped_column(String(32), default="")      # 运镜
    content: Mapped[str] = mapped_column(Text, default="")           # 画面内容
    line: Mapped[str] = mapped_column(Text, default="")              # 台词 / 旁白
    duration: Mapped[float] = mapped_column(Float, default=0.0)      # seconds
    music: Mapped[str] = mapped_column(Text, default="")             # 音乐 / 音效提示
    clip_index: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)  # clip on the script's video

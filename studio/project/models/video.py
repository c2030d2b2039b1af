"""Short-video tables (短视频). Owned by the video pillar.

A video project keeps its whole timeline (canvas, clips, music, overlays, captions and the
edited beat grid) as one JSON document: the timeline is always loaded and saved as a unit, and
every save is one undoable project action. The beat grid the detector found is kept apart so
the user can go back to it after editing.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from studio.project.models.base import Base, utcnow


class VideoProject(Base):
    __tablename__ = "video_project"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    preset: Mapped[str] = mapped_column(String(32), default="douyin")  # export preset name
    timeline: Mapped[dict] = mapped_column(default=dict)  # studio.video.timeline.Timeline.to_dict()
    detected_beats: Mapped[dict] = mapped_column(default=dict)  # BeatGrid as detected, for "reset"
    music_asset_id: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    created: Mapped[datetime] = mapped_column(default=utcnow)
    updated: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

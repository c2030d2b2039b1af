"""Near-duplicate fingerprints (查重指纹), one per image or video asset. Owned by the dupes module."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from studio.project.models.base import Base


class Fingerprint(Base):
    """The blob made by studio.library.fingerprint; `version` says which format it is in, so
    a newer program can recompute old ones."""

    __tablename__ = "fingerprint"
    __table_args__ = {"info": {"cache": True}}  # rebuilt from the files; not checked on open
    asset_id: Mapped[int] = mapped_column(
        ForeignKey("asset.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    data: Mapped[bytes] = mapped_column(LargeBinary)

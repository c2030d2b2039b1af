"""check pillar tables. Owned by that pillar."""
from __future__ import annotations

from studio.project.models.base import Base  # noqa: F401

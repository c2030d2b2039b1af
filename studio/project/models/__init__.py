"""All tables of a project file. Each pillar owns one module; importing this registers them all."""
from studio.project.models.base import Base, utcnow
from studio.project.models.core import HistoryAction, HistoryStep, ProjectMeta
from studio.project.models import library, fingerprint, editor, canvas, video, script, check  # noqa: F401  (register tables)
from studio.project.models.library import Asset

__all__ = ["Base", "utcnow", "ProjectMeta", "HistoryAction", "HistoryStep", "Asset"]

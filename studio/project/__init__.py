"""The project file: one SQLite file per project, with migrations, a writer lock and undo history."""
from studio.project.errors import StudioError
from studio.project.project import SUFFIX, Project, backup, create_project, open_project, save_as

__all__ = ["Project", "StudioError", "SUFFIX", "backup", "create_project", "open_project", "save_as"]

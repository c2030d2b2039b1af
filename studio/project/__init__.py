"""The project file: one SQLite file per project, with migrations, a writer lock and undo history."""
from studio.project.errors import StudioError

__all__ = ["Project", "StudioError", "SUFFIX", "backup", "create_project", "open_project", "save_as"]
_LAZY = {"Project", "SUFFIX", "backup", "create_project", "open_project", "save_as"}


def __getattr__(name: str):
    # Lazy (PEP 562): `studio.project.errors`/`jobs` are imported by code that never opens a
    # project (e.g. beat analysis, which must start in well under a second); SQLAlchemy is not.
    if name in _LAZY:
        from studio.project import project as _project

        return getattr(_project, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

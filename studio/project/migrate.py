"""Schema versions through Alembic: stamp new files, migrate older ones, refuse newer ones."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, inspect, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(conn: Connection | None = None):
    from alembic.config import Config  # imported lazily: only needed to stamp or migrate

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


@lru_cache(maxsize=1)
def _script():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script().walk_revisions()}


def applied(revs: set[str]) -> set[str]:
    """All revisions a file at `revs` contains: those plus their ancestors and dependencies."""
    script, seen, todo = _script(), set(), list(revs)
    while todo:
        rev = script.get_revision(todo.pop())
        if rev is None or rev.revision in seen:
            continue
        seen.add(rev.revision)
        for parent in (rev.down_revision, rev.dependencies):
            todo.extend([parent] if isinstance(parent, str) else list(parent or ()))
    return seen


def is_current(revs: set[str]) -> bool:
    return applied(revs) == known_revisions()


def current_revisions(conn: Connection) -> set[str] | None:
    """The file's revisions, or None when it has no alembic_version table (not ours)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}


def stamp_heads(conn: Connection) -> None:
    from alembic import command

    command.stamp(_config(conn), "heads")


def upgrade_heads(conn: Connection) -> None:
    from alembic import command

    command.upgrade(_config(conn), "heads")


def upgrade_to(conn: Connection, revision: str) -> None:
    """Migrate to a specific revision (used to build old-schema files in tests)."""
    from alembic import command

    command.upgrade(_config(conn), revision)


def version_label(revs: set[str]) -> str:
    return "+".join(sorted(revs)) or "empty"

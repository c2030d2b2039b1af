"""Migrations: every model change has a migration, and older files are backed up then upgraded."""
from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine, inspect, select

from studio.project import create_project, migrate, open_project
from studio.project.models import Base, ProjectMeta


def _schema(path) -> dict:
    insp = inspect(create_engine(f"sqlite:///{path}"))
    out = {}
    for table in insp.get_table_names():
        if table == "alembic_version" or "_fts" in table:
            continue
        cols = {c["name"]: (str(c["type"]).split("(")[0], c["nullable"]) for c in insp.get_columns(table)}
        indexes = sorted(tuple(i["column_names"]) for i in insp.get_indexes(table))
        fks = sorted((tuple(f["constrained_columns"]), f["referred_table"]) for f in insp.get_foreign_keys(table))
        out[table] = (cols, indexes, fks)
    return out


def test_migrations_build_exactly_the_models_schema(tmp_path):
    migrated = tmp_path / "migrated.nms"
    sqlite3.connect(migrated).close()
    engine = create_engine(f"sqlite:///{migrated}")
    with engine.begin() as conn:
        migrate.upgrade_heads(conn)
    created = tmp_path / "created.nms"
    engine = create_engine(f"sqlite:///{created}")
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
    assert _schema(migrated) == _schema(created)


def test_older_project_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.nms"
    sqlite3.connect(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade_to(conn, "0001")  # the very first schema: only project_meta
        conn.execute(ProjectMeta.__table__.insert().values(key="name", value="旧项目"))
    engine.dispose()

    p = open_project(path)
    assert p.migrated_from == "0001"
    backup = tmp_path / "old.nms.bak-0001"
    assert p.backup_path == backup and backup.exists()
    assert p.name == "旧项目"
    with p.engine.connect() as conn:
        assert migrate.is_current(migrate.current_revisions(conn))
        tables = set(inspect(conn).get_table_names())
    assert {"history_action", "history_step", "asset"} <= tables
    from studio.project.models import Asset

    with p.action("add after migration") as s:  # undo triggers cover migrated tables
        s.add(Asset(kind="note", title="新"))
    assert p.undo() == "add after migration"
    with p.read() as s:
        assert s.scalars(select(Asset)).all() == []
    p.close()

    old = sqlite3.connect(backup)  # the backup is the untouched old schema
    assert [r[0] for r in old.execute("SELECT version_num FROM alembic_version")] == ["0001"]
    old.close()


def test_new_project_is_stamped_current(tmp_path):
    p = create_project(tmp_path / "n.nms")
    with p.engine.connect() as conn:
        assert migrate.is_current(migrate.current_revisions(conn))
    p.close()

"""Reading the library: search and filter to ids, light rows for the grid, tags, collections.

Everything here takes a read session (`with project.read() as s:`) and changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studio.library import rules, search
from studio.project.models.library import ASSET_KINDS, COLORS, LICENCES  # noqa: F401 - for the UI
from studio.project.models.library import Asset, AssetTag, AssetThumb, Collection, Tag

ORDERS = {
    # ids grow with the time of adding (undo/redo restore both), and the id order needs no sort
    "added": (Asset.id.desc(),),
    "oldest": (Asset.id.asc(),),
    "title": (Asset.title.asc(), Asset.id.asc()),
    "rating": (Asset.rating.desc(), Asset.id.desc()),
    "size": (Asset.size.desc(), Asset.id.desc()),
    "taken": (func.coalesce(Asset.taken, Asset.added).desc(), Asset.id.desc()),
}


@dataclass(frozen=True)
class Row:
    """What the grid needs to draw one cell."""

    id: int
    kind: str
    title: str
    missing: bool
    rating: int
    color: str
    licence: str


def find(session: Session, text: str = "", rule: Optional[dict] = None, order: str = "added",
         limit: Optional[int] = None) -> list[int]:
    """Ids of assets matching the search text and the rule tree, in the given order."""
    query = select(Asset.id).where(rules.compile_rule(rule))
    match = search.match_expression(text)
    if match:
        query = query.where(Asset.id.in_(rules.text_ids(match)))
    query = query.order_by(*ORDERS.get(order, ORDERS["added"]))
    if limit:
        query = query.limit(limit)
    return _column(session, query)


def _column(session: Session, query) -> list:
    """The first column of a query's rows, fetched from the driver's cursor: for 100,000 ids
    SQLAlchemy's per-row processing costs as much as SQLite itself, on the GUI thread."""
    result = session.connection().execute(query)
    try:
        return [r[0] for r in result.cursor.fetchall()]
    finally:
        result.close()


def rows(session: Session, ids: Sequence[int]) -> dict[int, Row]:
    """Grid rows for the given ids (fetch a screenful at a time). Plain SQL with the integer
    ids inlined: this runs while the grid paints, where the ORM's overhead would show."""
    out: dict[int, Row] = {}
    conn = session.connection()
    for chunk in _chunks(ids, 500):
        sql = ("SELECT id, kind, title, missing, rating, color, licence FROM asset WHERE id IN (%s)"
               % ",".join(str(int(i)) for i in chunk))
        for r in conn.exec_driver_sql(sql):
            out[r[0]] = Row(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6])
    return out


def thumbnails(session: Session, ids: Sequence[int]) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    conn = session.connection()
    for chunk in _chunks(ids, 200):
        sql = "SELECT asset_id, data FROM asset_thumb WHERE asset_id IN (%s)" % ",".join(str(int(i)) for i in chunk)
        out.update((r[0], r[1]) for r in conn.exec_driver_sql(sql))
    return out


def thumbnail(session: Session, asset_id: int) -> Optional[bytes]:
    row = session.get(AssetThumb, asset_id)
    return row.data if row else None


def get(session: Session, asset_id: int) -> Optional[Asset]:
    return session.get(Asset, asset_id)


def assets(session: Session, ids: Sequence[int]) -> dict[int, Asset]:
    return {a.id: a for chunk in _chunks(ids, 500) for a in session.scalars(select(Asset).where(Asset.id.in_(chunk)))}


def images(session: Session) -> list[tuple[int, str]]:
    """(id, title) of the library's images whose files are where they were, oldest first."""
    query = select(Asset.id, Asset.title).where(Asset.kind == "image", Asset.missing.is_(False)).order_by(Asset.id)
    return [(r.id, r.title) for r in session.execute(query)]


def tags_of(session: Session, asset_id: int) -> list[str]:
    return list(session.scalars(select(Tag.name).join(AssetTag, AssetTag.tag_id == Tag.id)
                                .where(AssetTag.asset_id == asset_id).order_by(Tag.name)))


def tag_counts(session: Session, prefix: str = "") -> list[tuple[str, int]]:
    """All tags (or those starting with `prefix`) with how many assets carry them, most used first."""
    query = (select(Tag.name, func.count(AssetTag.asset_id)).outerjoin(AssetTag, AssetTag.tag_id == Tag.id)
             .group_by(Tag.id).order_by(func.count(AssetTag.asset_id).desc(), Tag.name))
    if prefix:
        query = query.where(Tag.name.startswith(prefix, autoescape=True))
    return [(name, count) for name, count in session.execute(query)]


def collections(session: Session) -> list[Collection]:
    return list(session.scalars(select(Collection).order_by(Collection.position, Collection.id)))


def collection_rule(collection: Collection) -> dict:
    """The rule that lists a collection's assets (manual collections list their members)."""
    if collection.rule is not None:
        return collection.rule
    return {"field": "collection", "op": "in", "value": collection.id}


def counts_by_kind(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Asset.kind, func.count()).group_by(Asset.kind)).all())


def by_path(session: Session, paths: Iterable[str]) -> dict[str, tuple[int, Optional[str]]]:
    """path -> (id, sha256) for assets already in the library at those paths."""
    out: dict[str, tuple[int, Optional[str]]] = {}
    for chunk in _chunks(list(paths), 500):
        for r in session.execute(select(Asset.path, Asset.id, Asset.sha256).where(Asset.path.in_(chunk))):
            out[r.path] = (r.id, r.sha256)
    return out


def _chunks(seq: Sequence, n: int):
    seq = list(seq)
    for i in range(0, len(seq), n):
        yield seq[i:i + n]

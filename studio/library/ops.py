"""User actions on the library. Each function is one undoable `project.action()`.

Keyword-only arguments after the project and ids, like Anki's operations: the UI and the CLI
call these and never write library tables themselves.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from typing import Iterable, Optional, Sequence
from urllib.parse import urlparse

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from studio.library import rules, search
from studio.project.errors import StudioError
from studio.project.models.library import (COLORS, LICENCES, Asset, AssetTag, AssetThumb, Collection,
                                           CollectionItem, Tag)

EDITABLE = {"title", "notes", "rating", "color", "source_url", "author", "platform", "licence",
            "licence_cert", "commercial_ok", "licence_expires", "attribution", "taken"}
SEARCHED = {"title", "notes", "author", "platform", "source_url", "attribution"}
LICENCE_NAMES = {
    "own": ("原创", "Own work"), "cc0": ("CC0 公有领域", "CC0"), "cc-by": ("CC BY 署名", "CC BY"),
    "cc-by-sa": ("CC BY-SA 署名-相同方式共享", "CC BY-SA"), "cc-by-nc": ("CC BY-NC 署名-非商业", "CC BY-NC"),
    "purchased": ("已购买授权", "Purchased licence"), "platform": ("平台授权", "Platform licence"),
    "unknown": ("来源不明", "Unknown"),
}


class InvalidValue(StudioError):
    """A field value the library does not accept."""


# ---------------------------------------------------------------- search text

def search_parts(asset: Asset, tags: Iterable[str]) -> list[str]:
    """The texts that make an asset findable: title, tags, notes, file name and provenance."""
    meta = asset.meta or {}
    parts = [asset.title, " ".join(tags), asset.notes, asset.author, asset.platform, asset.attribution,
             meta.get("excerpt", ""), meta.get("camera", ""), meta.get("family", ""), meta.get("family_zh", "")]
    if asset.path:
        parts.append(os.path.basename(asset.path))
    if asset.source_url:
        parts.append(urlparse(asset.source_url).netloc or asset.source_url)
    return parts


def refresh_search(session: Session, ids: Iterable[int]) -> None:
    """Recompute the search columns of these assets (triggers update the FTS index)."""
    ids = list(ids)
    tags: dict[int, list[str]] = {i: [] for i in ids}
    for asset_id, name in session.execute(select(AssetTag.asset_id, Tag.name).join(Tag, Tag.id == AssetTag.tag_id)
                                          .where(AssetTag.asset_id.in_(ids))):
        tags[asset_id].append(name)
    for asset in session.scalars(select(Asset).where(Asset.id.in_(ids))):
        words, grams = search.index_text(search_parts(asset, tags[asset.id]))
        if (asset.search_words, asset.search_grams) != (words, grams):
            asset.search_words, asset.search_grams = words, grams
    session.flush()


# ---------------------------------------------------------------- fields

def clean(field: str, value):
    """Validate and normalise one editable field, raising InvalidValue with a helpful message."""
    if field not in EDITABLE:
        raise InvalidValue(f"不能修改字段 {field} / the field {field!r} cannot be edited")
    if field == "rating":
        if not isinstance(value, int) or not 0 <= value <= 5:
            raise InvalidValue(f"评分应为 0–5 / rating must be a whole number from 0 to 5, got {value!r}")
    elif field == "color":
        if value not in COLORS:
            raise InvalidValue(f"颜色标签无效 / colour label must be one of {', '.join(c or '(none)' for c in COLORS)}")
    elif field == "licence":
        if value not in LICENCES:
            raise InvalidValue(f"授权类型无效 / licence must be one of {', '.join(LICENCES)}, got {value!r}")
    elif field == "licence_expires":
        return _date(value)
    elif field == "taken":
        return datetime.fromisoformat(value) if isinstance(value, str) and value else (value or None)
    elif field == "commercial_ok":
        if value not in (True, False, None):
            raise InvalidValue("是否可商用应为 是/否/未知 / commercial use must be yes, no or unknown")
    elif isinstance(value, str):
        return value.strip()
    return value


def _date(value) -> Optional[date]:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"日期格式应为 2025-12-31 / dates look like 2025-12-31, got {value!r}") from None


FIELD_LABELS = {
    "title": ("修改标题", "Edit title"), "notes": ("修改备注", "Edit notes"), "color": ("修改颜色标签", "Edit colour"),
    "source_url": ("修改来源链接", "Edit source URL"), "author": ("修改作者", "Edit author"),
    "platform": ("修改平台", "Edit platform"), "licence_cert": ("修改证书号", "Edit certificate"),
    "commercial_ok": ("修改可商用", "Edit commercial use"), "licence_expires": ("修改授权到期", "Edit expiry"),
    "attribution": ("修改署名", "Edit attribution"), "taken": ("修改拍摄日期", "Edit date taken"),
}


def edit_label(values: dict, count: int = 1) -> str:
    """The history label of an edit: 「评分：4 星」, 「授权：CC0 公有领域」, 「修改标题」 ..."""
    if list(values) == ["rating"]:
        n = values["rating"]
        zh, en = (f"评分：{n} 星", f"Rating: {n} star(s)") if n else ("清除评分", "Clear rating")
    elif list(values) == ["licence"]:
        name_zh, name_en = LICENCE_NAMES[values["licence"]]
        zh, en = f"授权：{name_zh}", f"Licence: {name_en}"
    elif len(values) == 1:
        zh, en = FIELD_LABELS[next(iter(values))]
    else:
        zh, en = "修改素材", "Edit asset"
    if count > 1:
        zh, en = f"{zh}（{count} 个素材）", f"{en} ({count} items)"
    return f"{zh} / {en}"


def update(project, ids: Sequence[int], *, label: str = "", merge=None, **fields) -> None:
    """Set fields (rating, colour, provenance, title, notes ...) on one or many assets. With
    `merge`, quick successive edits with the same key become one undo step (Project.action)."""
    values = {k: clean(k, v) for k, v in fields.items()}
    if not values or not ids:
        return
    with project.action(label or edit_label(values, len(ids)), merge=merge) as s:
        for asset in s.scalars(select(Asset).where(Asset.id.in_(list(ids)))):
            for k, v in values.items():
                setattr(asset, k, v)
        s.flush()
        if SEARCHED & values.keys():
            refresh_search(s, ids)


def delete_assets(project, ids: Sequence[int]) -> None:
    """Remove assets from the library (files on disk are not touched)."""
    ids = list(ids)
    with project.action(f"移出素材库 / Remove {len(ids)} asset(s)") as s:
        for table in (AssetTag, CollectionItem, AssetThumb):
            s.execute(delete(table).where(table.asset_id.in_(ids)))
        _delete_fingerprints(s, ids)
        s.execute(delete(Asset).where(Asset.id.in_(ids)))


def _delete_fingerprints(session: Session, ids: list[int]) -> None:
    try:
        from studio.project.models.fingerprint import Fingerprint
    except ImportError:  # the near-duplicate pillar is not installed
        return
    session.execute(delete(Fingerprint).where(Fingerprint.asset_id.in_(ids)))


# ---------------------------------------------------------------- tags

def normalise_tag(name: str) -> str:
    return " ".join(str(name).strip().lstrip("#＃").split())[:100]


def _tag_ids(session: Session, names: Iterable[str]) -> list[int]:
    names = list(dict.fromkeys(n for n in map(normalise_tag, names) if n))
    existing = dict(session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(names))).all())
    for name in names:
        if name not in existing:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
            existing[name] = tag.id
    return [existing[n] for n in names]


def add_tags_in(session: Session, ids: Sequence[int], names: Iterable[str]) -> None:
    """Add tags inside an action that is already open (import, notes)."""
    tag_ids = _tag_ids(session, names)
    have = set(session.execute(select(AssetTag.asset_id, AssetTag.tag_id)
                               .where(AssetTag.asset_id.in_(list(ids)), AssetTag.tag_id.in_(tag_ids))).all())
    session.add_all(AssetTag(asset_id=a, tag_id=t) for a in ids for t in tag_ids if (a, t) not in have)
    session.flush()
    refresh_search(session, ids)


def add_tags(project, ids: Sequence[int], names: Iterable[str]) -> None:
    names = [n for n in map(normalise_tag, names) if n]
    if not names or not ids:
        return
    with project.action(f"添加标签 / Tag: {', '.join(names)}") as s:
        add_tags_in(s, ids, names)


def remove_tags(project, ids: Sequence[int], names: Iterable[str]) -> None:
    names = [n for n in map(normalise_tag, names) if n]
    if not names or not ids:
        return
    with project.action(f"移除标签 / Untag: {', '.join(names)}") as s:
        tag_ids = select(Tag.id).where(Tag.name.in_(names))
        s.execute(delete(AssetTag).where(AssetTag.asset_id.in_(list(ids)), AssetTag.tag_id.in_(tag_ids)))
        _drop_unused_tags(s)
        refresh_search(s, ids)


def set_tags(project, asset_id: int, names: Iterable[str]) -> None:
    """Make an asset's tags exactly `names` (the details panel's tag editor)."""
    names = list(dict.fromkeys(n for n in map(normalise_tag, names) if n))
    with project.action(f"设置标签 / Set tags: {', '.join(names) or '-'}") as s:
        current = set(s.scalars(select(Tag.name).join(AssetTag, AssetTag.tag_id == Tag.id)
                                .where(AssetTag.asset_id == asset_id)))
        gone = current - set(names)
        if gone:
            s.execute(delete(AssetTag).where(AssetTag.asset_id == asset_id,
                                             AssetTag.tag_id.in_(select(Tag.id).where(Tag.name.in_(gone)))))
            _drop_unused_tags(s)
        add_tags_in(s, [asset_id], [n for n in names if n not in current])


def _drop_unused_tags(session: Session) -> None:
    session.execute(delete(Tag).where(~Tag.id.in_(select(AssetTag.tag_id))))


# ---------------------------------------------------------------- notes (热点素材)

def create_note(project, title: str, *, summary: str = "", source_url: str = "", seen_on=None,
                platform: str = "", tags: Iterable[str] = ()) -> int:
    """A hot-topic note (热点素材): title, source link, date seen and summary."""
    title = title.strip()
    if not title:
        raise InvalidValue("笔记需要标题 / a note needs a title")
    seen = _date(seen_on) or date.today()
    with project.action(f"新建笔记 / New note: {title[:30]}") as s:
        note = Asset(kind="note", title=title, notes=summary.strip(), source_url=source_url.strip(),
                     platform=platform.strip(), meta={"seen": seen.isoformat()},
                     taken=datetime.combine(seen, datetime.min.time()))
        s.add(note)
        s.flush()
        from studio.library.thumbs import text_card

        s.add(AssetThumb(asset_id=note.id, data=text_card(title, summary)))
        add_tags_in(s, [note.id], tags)
        return note.id


# ---------------------------------------------------------------- collections

def create_collection(project, name: str, rule: Optional[dict] = None) -> int:
    """A manual collection, or a smart one when `rule` (a rule tree) is given."""
    name = name.strip()
    if not name:
        raise InvalidValue("收藏夹需要名称 / a collection needs a name")
    if rule is not None:
        rules.validate(rule)
    with project.action(f"新建收藏夹 / New collection: {name}") as s:
        position = (s.scalar(select(func.max(Collection.position))) or 0) + 1
        coll = Collection(name=name, rule=rule, position=position)
        s.add(coll)
        s.flush()
        return coll.id


def update_collection(project, collection_id: int, *, name: Optional[str] = None, rule: Optional[dict] = None) -> None:
    if rule is not None:
        rules.validate(rule)
    with project.action(f"修改收藏夹 / Edit collection {name or ''}".strip()) as s:
        coll = s.get(Collection, collection_id)
        if coll is None:
            raise InvalidValue(f"收藏夹不存在 / collection {collection_id} does not exist")
        if name is not None and name.strip():
            coll.name = name.strip()
        if rule is not None:
            coll.rule = rule


def delete_collection(project, collection_id: int) -> None:
    with project.action("删除收藏夹 / Delete collection") as s:
        s.execute(delete(CollectionItem).where(CollectionItem.collection_id == collection_id))
        s.execute(delete(Collection).where(Collection.id == collection_id))


def add_to_collection(project, collection_id: int, ids: Sequence[int]) -> None:
    with project.action(f"加入收藏夹 / Add {len(ids)} to collection") as s:
        coll = s.get(Collection, collection_id)
        if coll is None or coll.rule is not None:
            raise InvalidValue("只能向普通收藏夹添加素材 / items can only be added to a manual collection")
        have = set(s.scalars(select(CollectionItem.asset_id).where(CollectionItem.collection_id == collection_id)))
        start = s.scalar(select(func.max(CollectionItem.position))
                         .where(CollectionItem.collection_id == collection_id)) or 0
        new = [i for i in dict.fromkeys(ids) if i not in have]
        s.add_all(CollectionItem(collection_id=collection_id, asset_id=a, position=start + n + 1)
                  for n, a in enumerate(new))


def remove_from_collection(project, collection_id: int, ids: Sequence[int]) -> None:
    with project.action(f"移出收藏夹 / Remove {len(ids)} from collection") as s:
        s.execute(delete(CollectionItem).where(CollectionItem.collection_id == collection_id,
                                               CollectionItem.asset_id.in_(list(ids))))

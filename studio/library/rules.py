"""Smart-collection rule trees (智能收藏夹) and search filters, compiled to SQL.

A rule tree is plain JSON, stored in `collection.rule`:

    {"op": "and" | "or" | "not", "rules": [<rule or group>, ...]}
    {"field": "kind", "op": "in", "value": ["image", "video"]}
    {"field": "tags", "op": "has_any" | "has_all" | "has_none", "value": ["日落", "海边"]}
    {"field": "rating", "op": ">=", "value": 3}                     # = != > >= < <=
    {"field": "licence", "op": "in", "value": ["cc0", "own"]}
    {"field": "date", "op": ">=", "value": "2024-01-01"}             # taken, else added
    {"field": "added", "op": "within_days", "value": 30}
    {"field": "size", "op": ">", "value": 1048576}                   # bytes
    {"field": "text", "op": "matches", "value": "日落"}
    {"field": "color" | "missing" | "commercial_ok" | "collection" | "duration" | ..., ...}
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, column, false, func, literal_column, not_, or_, select, table, true
from sqlalchemy.sql.elements import ColumnElement

from studio.library import search
from studio.project.errors import StudioError
from studio.project.models.library import ASSET_KINDS, LICENCES, Asset, AssetTag, CollectionItem, Tag

COMPARE = {"=": "__eq__", "!=": "__ne__", ">": "__gt__", ">=": "__ge__", "<": "__lt__", "<=": "__le__"}
NUMBER_FIELDS = {"rating": Asset.rating, "size": Asset.size, "duration": Asset.duration}
DATE_FIELDS = {"added": Asset.added, "taken": Asset.taken, "date": func.coalesce(Asset.taken, Asset.added),
               "expires": Asset.licence_expires}
CHOICE_FIELDS = {"kind": (Asset.kind, ASSET_KINDS), "licence": (Asset.licence, LICENCES),
                 "color": (Asset.color, None), "platform": (Asset.platform, None),
                 "author": (Asset.author, None)}
FLAG_FIELDS = {"missing": Asset.missing, "commercial_ok": Asset.commercial_ok}
FIELDS = sorted({*NUMBER_FIELDS, *DATE_FIELDS, *CHOICE_FIELDS, *FLAG_FIELDS, "tags", "text", "collection"})

_fts = table("asset_fts", column("rowid"))


class RuleError(StudioError):
    """A rule tree that cannot be understood."""


def compile_rule(rule: dict | None) -> ColumnElement:
    """SQL condition on `asset` for a rule tree (None or an empty group means everything)."""
    if not rule:
        return true()
    if not isinstance(rule, dict):
        raise RuleError(f"规则格式错误 / a rule must be an object, got {rule!r}")
    op = rule.get("op")
    if "field" not in rule:
        parts = [compile_rule(r) for r in rule.get("rules", [])]
        if op == "and":
            return and_(true(), *parts)
        if op == "or":
            return or_(false(), *parts) if parts else true()
        if op == "not":
            return not_(and_(true(), *parts))
        raise RuleError(f"未知的组合方式 {op!r} / unknown group operator {op!r}: use and, or, not")
    return _leaf(rule["field"], op, rule.get("value"))


def _leaf(field: str, op: str, value: Any) -> ColumnElement:
    if field in NUMBER_FIELDS:
        return _compare(NUMBER_FIELDS[field], op, _number(field, value))
    if field in DATE_FIELDS:
        if op == "within_days":
            since = datetime.now() - timedelta(days=_number(field, value))
            return DATE_FIELDS[field] >= (since.date() if field == "expires" else since)
        return _compare(DATE_FIELDS[field], op, _date(field, value))
    if field in CHOICE_FIELDS:
        col, allowed = CHOICE_FIELDS[field]
        values = value if isinstance(value, list) else [value]
        if allowed and any(v not in allowed for v in values):
            raise RuleError(f"{field} 的取值无效 {values} / invalid {field} value; choose from {', '.join(allowed)}")
        if op in ("in", "is", "="):
            return col.in_(values)
        if op in ("not_in", "is_not", "!="):
            return col.not_in(values)
        return _bad_op(field, op)
    if field in FLAG_FIELDS:
        col = FLAG_FIELDS[field]
        return col.is_(None) if value is None else col == bool(value)
    if field == "tags":
        return _tags(op, value if isinstance(value, list) else [value])
    if field == "text":
        expr = search.match_expression(str(value or ""))
        return Asset.id.in_(text_ids(expr)) if expr else true()
    if field == "collection":
        inside = Asset.id.in_(select(CollectionItem.asset_id).where(CollectionItem.collection_id == int(value)))
        return not_(inside) if op == "not_in" else inside
    raise RuleError(f"未知字段 {field!r} / unknown field {field!r}; known fields: {', '.join(FIELDS)}")


def text_ids(match: str):
    """SELECT of asset ids whose search text matches an FTS5 expression."""
    return select(_fts.c.rowid).where(literal_column("asset_fts").op("MATCH")(match))


def _tags(op: str, names: list[str]) -> ColumnElement:
    def tagged(name: str):
        return Asset.id.in_(select(AssetTag.asset_id).join(Tag, Tag.id == AssetTag.tag_id).where(Tag.name == name))

    if op in ("has", "has_all"):
        return and_(true(), *[tagged(n) for n in names])
    if op == "has_any":
        return or_(false(), *[tagged(n) for n in names])
    if op == "has_none":
        return not_(or_(false(), *[tagged(n) for n in names]))
    if op == "untagged":
        return not_(Asset.id.in_(select(AssetTag.asset_id)))
    return _bad_op("tags", op)


def _compare(col, op: str, value) -> ColumnElement:
    if op not in COMPARE:
        return _bad_op(str(col), op)
    return getattr(col, COMPARE[op])(value)


def _bad_op(field: str, op: str):
    raise RuleError(f"{field} 不支持条件 {op!r} / operator {op!r} does not apply to {field}")


def _number(field: str, value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise RuleError(f"{field} 需要数字，得到 {value!r} / {field} needs a number, got {value!r}") from None


def _date(field: str, value):
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise RuleError(f"{field} 需要日期（如 2024-05-01），得到 {value!r} / "
                        f"{field} needs a date such as 2024-05-01, got {value!r}") from None
    return parsed.date() if field == "expires" else parsed


def validate(rule: dict | None) -> None:
    """Raise RuleError when the tree cannot be compiled (used before saving a smart collection)."""
    compile_rule(rule)


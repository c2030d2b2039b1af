"""Lexicons and the allow-list kept in the project file, with a snapshot per version.

Every change is one project action (undoable) and bumps the lexicon's version; each version keeps a
snapshot in the lexicon text format, so an older version can be inspected or restored.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, func, select

from studio.check import lexicon as lx
from studio.project.errors import StudioError
from studio.project.models.base import utcnow
from studio.project.models.check import CheckAllow, CheckLexicon, CheckLexiconEntry, CheckLexiconVersion


def _to_lexicon(s, lex_id: int) -> lx.Lexicon:
    row = s.get(CheckLexicon, lex_id)
    if row is None:
        raise StudioError(f"词库 {lex_id} 不存在。 / lexicon {lex_id} does not exist.")
    entries = s.scalars(select(CheckLexiconEntry).where(CheckLexiconEntry.lexicon_id == lex_id)
                        .order_by(CheckLexiconEntry.id)).all()
    return lx.Lexicon(row.name, [lx.Entry(e.term, e.category, e.severity, e.suggestion, e.reason) for e in entries])


def _snapshot(s, row: CheckLexicon, label: str) -> None:
    text = lx.dump_text(_to_lexicon(s, row.id))
    s.add(CheckLexiconVersion(lexicon_id=row.id, version=row.version, label=label, text=text))


def _add_entries(s, lex_id: int, entries) -> int:
    have = set(s.scalars(select(CheckLexiconEntry.term).where(CheckLexiconEntry.lexicon_id == lex_id)))
    n = 0
    for e in entries:
        if e.term in have:
            continue
        have.add(e.term)
        s.add(CheckLexiconEntry(lexicon_id=lex_id, term=e.term, category=e.category, severity=e.severity,
                                suggestion=e.suggestion, reason=e.reason))
        n += 1
    return n


def _bump(s, row: CheckLexicon, label: str) -> None:
    s.flush()
    row.version += 1
    row.modified = utcnow()
    _snapshot(s, row, label)


def create_lexicon(project, name: str, lexicon: lx.Lexicon | None = None, source: str = "") -> int:
    with project.action(f"新建词库 {name} / New lexicon") as s:
        row = CheckLexicon(name=name, source=source, version=1)
        s.add(row)
        s.flush()
        if lexicon:
            _add_entries(s, row.id, lexicon.entries)
            for a in lexicon.allow:
                _add_allow(s, a, f"from {name}")
        s.flush()
        _snapshot(s, row, "创建 / created")
        return row.id


def import_file(project, path, name: str | None = None) -> int:
    """Import a .txt/.csv/.xlsx lexicon as a new project lexicon; returns its id."""
    lex = lx.load(path)
    return create_lexicon(project, name or Path(path).stem, lex, str(path))


def export_file(project, lex_id: int, path) -> Path:
    with project.read() as s:
        return lx.save(_to_lexicon(s, lex_id), path)


def add_entries(project, lex_id: int, entries: list[lx.Entry]) -> int:
    with project.action("添加词条 / Add terms") as s:
        row = s.get(CheckLexicon, lex_id)
        n = _add_entries(s, lex_id, entries)
        if n:
            _bump(s, row, f"+{n}")
        return n


def remove_terms(project, lex_id: int, terms: list[str]) -> int:
    with project.action("删除词条 / Remove terms") as s:
        row = s.get(CheckLexicon, lex_id)
        n = s.execute(delete(CheckLexiconEntry).where(CheckLexiconEntry.lexicon_id == lex_id,
                                                      CheckLexiconEntry.term.in_(terms))).rowcount
        if n:
            _bump(s, row, f"-{n}")
        return n


def set_enabled(project, lex_id: int, enabled: bool) -> None:
    with project.action("启用/停用词库 / Toggle lexicon") as s:
        s.get(CheckLexicon, lex_id).enabled = enabled


def delete_lexicon(project, lex_id: int) -> None:
    with project.action("删除词库 / Delete lexicon") as s:
        s.execute(delete(CheckLexiconVersion).where(CheckLexiconVersion.lexicon_id == lex_id))
        s.execute(delete(CheckLexiconEntry).where(CheckLexiconEntry.lexicon_id == lex_id))
        s.execute(delete(CheckLexicon).where(CheckLexicon.id == lex_id))


def lexicons(project) -> list[dict]:
    with project.read() as s:
        counts = dict(s.execute(select(CheckLexiconEntry.lexicon_id, func.count())
                                .group_by(CheckLexiconEntry.lexicon_id)).all())
        return [{"id": r.id, "name": r.name, "enabled": r.enabled, "version": r.version,
                 "entries": counts.get(r.id, 0), "source": r.source, "modified": r.modified}
                for r in s.scalars(select(CheckLexicon).order_by(CheckLexicon.id))]


def entries(project, lex_id: int) -> list[lx.Entry]:
    with project.read() as s:
        return _to_lexicon(s, lex_id).entries


def versions(project, lex_id: int) -> list[dict]:
    with project.read() as s:
        rows = s.scalars(select(CheckLexiconVersion).where(CheckLexiconVersion.lexicon_id == lex_id)
                         .order_by(CheckLexiconVersion.version)).all()
        return [{"version": v.version, "label": v.label, "at": v.at, "terms": len(lx.parse_text(v.text).entries)}
                for v in rows]


def restore_version(project, lex_id: int, version: int) -> None:
    """Make an old version current again (as a new version, so nothing is lost)."""
    with project.action(f"恢复词库版本 {version} / Restore lexicon version") as s:
        snap = s.scalar(select(CheckLexiconVersion).where(CheckLexiconVersion.lexicon_id == lex_id,
                                                         CheckLexiconVersion.version == version))
        if snap is None:
            raise StudioError(f"词库没有版本 {version}。 / lexicon has no version {version}.")
        s.execute(delete(CheckLexiconEntry).where(CheckLexiconEntry.lexicon_id == lex_id))
        _add_entries(s, lex_id, lx.parse_text(snap.text).entries)
        _bump(s, s.get(CheckLexicon, lex_id), f"恢复 v{version} / restored v{version}")


def _add_allow(s, phrase: str, note: str) -> bool:
    phrase = phrase.strip()
    if not phrase or s.scalar(select(CheckAllow.id).where(CheckAllow.phrase == phrase)):
        return False
    s.add(CheckAllow(phrase=phrase, note=note))
    s.flush()
    return True


def add_allow(project, phrase: str, note: str = "") -> bool:
    with project.action(f"加入白名单 {phrase} / Allow") as s:
        return _add_allow(s, phrase, note)


def remove_allow(project, phrase: str) -> None:
    with project.action(f"移出白名单 {phrase} / Un-allow") as s:
        s.execute(delete(CheckAllow).where(CheckAllow.phrase == phrase))


def allow_list(project) -> list[str]:
    with project.read() as s:
        return list(s.scalars(select(CheckAllow.phrase).order_by(CheckAllow.id)))


def project_lexicon(project, builtin: bool = True, platform: str | None = None) -> lx.Lexicon:
    """What the checker uses for a project: builtin + enabled project lexicons + allow-list."""
    out = lx.builtin() if builtin else lx.Lexicon("project")
    with project.read() as s:
        for row in s.scalars(select(CheckLexicon).where(CheckLexicon.enabled.is_(True))):
            out.extend(_to_lexicon(s, row.id))
        out.allow += list(s.scalars(select(CheckAllow.phrase)))
    return lx.apply_platform(out, platform)

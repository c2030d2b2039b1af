"""Font licences (字体版权): the curated table in resources/fonts/licences.json, the font file's own
licence fields (name IDs 13/14, OS/2 fsType, read with fontTools) and a licence recorded on the
font in the library. A licence the user recorded (bought, with a certificate) wins."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

from sqlalchemy import select

from studio.check.finding import Finding, worst
from studio.check.usage import FontUse
from studio.project.errors import MediaError
from studio.project.models.library import Asset
from studio.resources import FONT_FILES, font_path, resource

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
FREE_TEXT = re.compile(r"open font license|\bofl\b|apache license|ubuntu font licen|bitstream vera|"
                       r"free for commercial|免费商用|可商用|free to use commercially", re.I)
PERSONAL_TEXT = re.compile(r"personal use|non-?commercial|not for commercial|个人(非商业)?使用|非商业|非商用|"
                           r"商用(需|须)|须购买|需购买|需要购买", re.I)
STATUS_LEVEL = {"free": None, "registration": "warn", "personal": "warn", "licence": "block"}


@dataclass(frozen=True)
class TableEntry:
    id: str
    zh: str
    status: str
    licence: str
    owner: str
    source: str
    names: tuple[str, ...]
    patterns: tuple[str, ...]


@dataclass
class FontStatus:
    name: str                       # as the post refers to it
    family: str = ""
    display_name: str = ""          # family and style, from the file
    path: str = ""
    origin: str = "name"            # bundled | library | file | name
    entry: Optional[TableEntry] = None
    licence_text: str = ""          # name ID 13
    licence_url: str = ""           # name ID 14
    fs_type: Optional[int] = None   # OS/2 fsType
    asset_id: Optional[int] = None
    recorded: str = ""              # licence recorded in the library (purchased + certificate ...)
    uses: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        return worst(f.level for f in self.findings)

    @property
    def display(self) -> str:
        return self.display_name or self.family or self.name

    def to_dict(self) -> dict:
        e = self.entry
        return {
            "name": self.name, "family": self.family, "display": self.display, "path": self.path, "origin": self.origin,
            "table": {"id": e.id, "zh": e.zh, "status": e.status, "licence": e.licence, "source": e.source} if e else None,
            "licence_text": self.licence_text, "licence_url": self.licence_url, "fs_type": self.fs_type,
            "embedding": embedding_zh(self.fs_type), "asset_id": self.asset_id, "recorded": self.recorded,
            "status": self.status, "uses": list(self.uses), "findings": [f.to_dict() for f in self.findings],
        }


# ---------------------------------------------------------------- the table

def norm_name(name: str) -> str:
    return re.sub(r"[\s\-_.·]+", "", (name or "").lower())


@lru_cache(maxsize=1)
def table() -> tuple[TableEntry, ...]:
    data = json.loads(resource("fonts", "licences.json").read_text(encoding="utf-8"))
    return tuple(TableEntry(e["id"], e["zh"], e["status"], e["licence"], e.get("owner", ""), e["source"],
                            tuple(norm_name(n) for n in e["names"]), tuple(e.get("patterns", ())))
                 for e in data["fonts"])


def lookup(*names: str) -> Optional[TableEntry]:
    """The table entry for a font known by any of `names`: the longest name prefix wins, then
    the regex patterns (foundry naming schemes such as FZ... for 方正)."""
    keys = [norm_name(n) for n in names if n]
    best, best_len = None, 0
    for entry in table():
        for alias in entry.names:
            if len(alias) > best_len and any(k.startswith(alias) for k in keys):
                best, best_len = entry, len(alias)
    if best is not None:
        return best
    return next((e for e in table() for p in e.patterns if any(re.search(p, k) for k in keys)), None)


def embedding_zh(fs_type: Optional[int]) -> str:
    """The OS/2 fsType embedding permission in words (bits 1-3; 8 and 9 add restrictions)."""
    if fs_type is None:
        return "未知"
    if fs_type & 0x0002:
        base = "受限许可：未经授权不得嵌入"
    elif fs_type & 0x0004:
        base = "仅可预览和打印"
    elif fs_type & 0x0008:
        base = "可编辑嵌入"
    else:
        base = "可安装嵌入（无限制）"
    extra = [t for bit, t in ((0x0100, "不可子集化"), (0x0200, "仅可嵌入位图")) if fs_type & bit]
    return "，".join([base, *extra])


# ---------------------------------------------------------------- resolving a font reference

@lru_cache(maxsize=64)
def _facts(path: str, mtime: float) -> dict:
    from studio.library.fontinfo import read_font

    return read_font(path)


def file_facts(path: Path) -> dict:
    try:
        return _facts(str(path), path.stat().st_mtime)
    except (OSError, MediaError):
        return {}


def _library_fonts(project) -> list[Asset]:
    with project.read() as s:
        rows = s.scalars(select(Asset).where(Asset.kind == "font")).all()
        for r in rows:
            s.expunge(r)
        return list(rows)


def _library_match(name: str, family: str, path: str, fonts: list[Asset]) -> Optional[Asset]:
    keys = {norm_name(x) for x in (name, family) if x}
    for a in fonts:
        meta = a.meta or {}
        names = {norm_name(x) for x in (a.title, meta.get("family"), meta.get("family_zh"), meta.get("display_name")) if x}
        if (path and a.path and Path(a.path).resolve() == Path(path).resolve()) or keys & names:
            return a
    return None


def resolve(project, name: str, library: list[Asset]) -> FontStatus:
    """Find the file behind a font reference: a bundled font, a font file, or a library font."""
    from studio.library.files import resolve as resolve_path

    st = FontStatus(name)
    if name in FONT_FILES:
        st.origin, st.path = "bundled", str(font_path(name))
    elif Path(name).suffix.lower() in FONT_SUFFIXES and Path(name).is_file():
        st.origin, st.path = "file", name
    facts = file_facts(Path(st.path)) if st.path else {}
    st.family = facts.get("family", "")
    asset = _library_match(name, st.family, st.path, library)
    if asset is not None:
        st.asset_id = asset.id
        st.recorded = _recorded(asset)
        if not st.path and asset.path:
            file = resolve_path(project, asset.path)
            st.origin, st.path = "library", str(file)
            facts = file_facts(file) if file else {}
            st.family = facts.get("family", "") or (asset.meta or {}).get("family", "")
    st.display_name = facts.get("display_name", "")
    st.licence_text = facts.get("licence_text", "")
    st.licence_url = facts.get("licence_url", "")
    st.fs_type = facts.get("fs_type")
    st.entry = lookup(name, st.family, facts.get("family_zh", ""), facts.get("display_name", ""),
                      Path(st.path).stem if st.path else "")
    return st


def _recorded(asset: Asset) -> str:
    """A licence the user recorded on the font that covers commercial use, else ''."""
    expired = asset.licence_expires is not None and asset.licence_expires < date.today()
    if asset.licence == "purchased" and asset.licence_cert and not expired and asset.commercial_ok is not False:
        return f"已购买授权（凭证 {asset.licence_cert}）"
    if asset.licence == "own":
        return "自有字体"
    return ""


# ---------------------------------------------------------------- rules

def assess(st: FontStatus) -> list[Finding]:
    where, subject = "、".join(st.uses), f"字体“{st.display}”"
    out: list[Finding] = []

    def add(level: str, message: str, fix: str) -> None:
        out.append(Finding(level, "font", where, subject, message, fix, {"uses": list(st.uses), "font": st.name},
                           st.asset_id))

    if st.recorded:
        return out
    e = st.entry
    if e is not None:
        level = STATUS_LEVEL.get(e.status)
        if level:
            add(level, f"{e.zh}：{e.licence}。", _fix(e.status))
    elif FREE_TEXT.search(st.licence_text):
        add("notice", "授权表里没有这款字体；字体文件自带的授权说明显示可免费使用"
                      f"（{st.licence_url or st.licence_text[:60]}）。", "发布前再核对一次授权原文。")
    elif PERSONAL_TEXT.search(st.licence_text):
        add("warn", f"字体文件的授权说明限制商业使用：{st.licence_text[:80]}", _fix("personal"))
    else:
        add("warn", "授权未知：授权表里没有这款字体，字体文件里也没有授权说明。" if st.path else
            "授权未知：授权表里没有这款字体，也找不到字体文件来读取授权字段。",
            "换成免费商用字体（如思源黑体、霞鹜文楷、阿里巴巴普惠体），或购买授权后把字体导入素材库并登记授权凭证。")
    if st.fs_type is not None and st.fs_type & 0x0002 and (e is None or e.status != "free"):
        add("warn", f"字体文件声明“{embedding_zh(st.fs_type)}”（OS/2 fsType={st.fs_type}），厂商限制严格。",
            "商用前向厂商取得授权，或换成开源字体。")
    return out


def _fix(status: str) -> str:
    return {
        "registration": "先到厂商官网申请免费商用授权书，再把字体导入素材库、授权选“已购买授权”并填写授权书编号。",
        "personal": "账号若有商业用途就换成免费商用字体，或购买商业授权后在素材库登记授权凭证。",
        "licence": "换成免费商用字体（如思源黑体、霞鹜文楷、阿里巴巴普惠体），或购买授权后把字体导入素材库并登记授权凭证。",
    }[status]


def check_fonts(project, uses: list[FontUse]) -> list[FontStatus]:
    """One status per distinct font of the post, with every place it is used."""
    library = _library_fonts(project)
    rows: dict[str, FontStatus] = {}
    for u in uses:
        if u.name not in rows:
            rows[u.name] = resolve(project, u.name, library)
        rows[u.name].uses.append(u.where)
    merged: dict[str, FontStatus] = {}
    for st in rows.values():   # "sans" and "Noto Sans CJK SC" are one font in the report
        key = st.path or norm_name(st.name)
        if key in merged:
            merged[key].uses += st.uses
        else:
            merged[key] = st
    for st in merged.values():
        st.findings = assess(st)
    return list(merged.values())

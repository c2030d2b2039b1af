"""Copyright of the media a post uses (图片、视频、音乐): the library's provenance of each asset,
missing files, and near-duplicates of library pictures whose licence does not allow the use."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from sqlalchemy import select

from studio.check.finding import Finding, worst
from studio.check.usage import Usage
from studio.project.models.library import Asset

LICENCE_ZH = {
    "own": "自有/原创", "cc0": "CC0 公有领域", "cc-by": "CC BY 署名", "cc-by-sa": "CC BY-SA 署名-相同方式共享",
    "cc-by-nc": "CC BY-NC 署名-非商业性使用", "purchased": "已购买授权", "platform": "平台授权", "unknown": "未知",
}
NEEDS_ATTRIBUTION = ("cc-by", "cc-by-sa", "cc-by-nc")
KIND_ZH = {"image": "图片", "video": "视频", "audio": "音乐", "font": "字体", "text": "文本", "note": "笔记"}
EXPIRY_NOTICE_DAYS = 30
RELINK = "在素材库中重新链接文件（素材库 → 重新链接），或换一个素材。"
REGISTER = "在素材库的“来源与授权”里登记作者、出处和授权方式；查不到来源就换成自有、CC0 或已购买的素材。"


@dataclass
class AssetStatus:
    """One row of the report's media table: an asset (or a bare file) and every place it is used."""

    title: str
    kind: str
    asset_id: Optional[int] = None
    path: str = ""
    licence: str = "unknown"
    author: str = ""
    source_url: str = ""
    platform: str = ""
    attribution: str = ""
    licence_cert: str = ""
    commercial_ok: Optional[bool] = None
    expires: Optional[date] = None
    missing: bool = False
    in_library: bool = True
    uses: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        return worst(f.level for f in self.findings)

    @property
    def licence_zh(self) -> str:
        return LICENCE_ZH.get(self.licence, self.licence) if self.in_library else "未登记"

    @property
    def risky(self) -> bool:
        """The licence does not clearly allow a commercial post (used for near-duplicates)."""
        return (self.licence in ("unknown", "cc-by-nc") or self.commercial_ok is False
                or (self.expires is not None and self.expires < date.today()))

    def to_dict(self) -> dict:
        return {
            "asset_id": self.asset_id, "title": self.title, "kind": self.kind, "path": self.path,
            "licence": self.licence if self.in_library else None, "licence_zh": self.licence_zh,
            "author": self.author, "source_url": self.source_url, "platform": self.platform,
            "attribution": self.attribution, "licence_cert": self.licence_cert,
            "commercial_ok": self.commercial_ok, "expires": self.expires.isoformat() if self.expires else None,
            "missing": self.missing, "in_library": self.in_library, "status": self.status,
            "uses": list(self.uses), "findings": [f.to_dict() for f in self.findings],
        }


# ---------------------------------------------------------------- gathering

def gather(project, media: list[Usage]) -> list[AssetStatus]:
    """One status row per distinct asset (or bare file), with the places it is used, in order."""
    from studio.library.files import resolve

    ids = {u.asset_id for u in media if u.asset_id is not None}
    paths = {u.path for u in media if u.asset_id is None and u.path}
    with project.read() as s:
        by_id = {a.id: _status_of(a, resolve(project, a.path)) for a in s.scalars(select(Asset).where(Asset.id.in_(ids)))}
        by_path = {}
        if paths:
            for a in s.scalars(select(Asset).where(Asset.path.in_(paths))):
                by_path.setdefault(a.path, _status_of(a, resolve(project, a.path)))
    rows: dict[tuple, AssetStatus] = {}
    for u in media:
        key, row = _row_for(u, by_id, by_path, project)
        rows.setdefault(key, row).uses.append(u.where)
    return list(rows.values())


def _row_for(u: Usage, by_id: dict, by_path: dict, project):
    if u.asset_id is not None:
        row = by_id.get(u.asset_id)
        if row is None:   # deleted from the library after it was placed in the post
            row = AssetStatus(f"已删除的素材 #{u.asset_id}", u.kind, u.asset_id, u.path, missing=True, in_library=False)
            by_id[u.asset_id] = row
        return ("id", u.asset_id), row
    row = by_path.get(u.path)
    if row is None:
        from studio.library.files import resolve

        file = resolve(project, u.path)
        row = AssetStatus(Path(u.path).name, u.kind, None, u.path, missing=not (file and file.exists()),
                          in_library=False)
        by_path[u.path] = row
    return ("id", row.asset_id) if row.asset_id is not None else ("path", u.path), row


def _status_of(a: Asset, file: Optional[Path]) -> AssetStatus:
    return AssetStatus(
        title=a.title or (Path(a.path).name if a.path else f"素材 #{a.id}"), kind=a.kind, asset_id=a.id,
        path=a.path or "", licence=a.licence or "unknown", author=a.author or "", source_url=a.source_url or "",
        platform=a.platform or "", attribution=a.attribution or "", licence_cert=a.licence_cert or "",
        commercial_ok=a.commercial_ok, expires=a.licence_expires,
        missing=file is not None and not file.exists(),
    )


# ---------------------------------------------------------------- provenance rules

def assess(row: AssetStatus, post_kind: str, post_text: str, today: Optional[date] = None) -> list[Finding]:
    """The provenance findings of one asset in one post. `post_text` is all reader-visible text
    of the post, to see whether a required attribution actually appears."""
    today = today or date.today()
    where = "、".join(row.uses)
    subject = f"{KIND_ZH.get(row.kind, row.kind)}《{row.title}》"
    out: list[Finding] = []

    def add(level: str, area: str, message: str, fix: str) -> None:
        out.append(Finding(level, area, where, subject, message, fix, {"uses": list(row.uses)}, row.asset_id))

    if row.missing:
        add("block", "file", "素材文件找不到了，发布或导出时会缺图/缺片段。", RELINK)
    if not row.in_library:
        if row.asset_id is None:
            add("warn", "licence", "这个文件不在素材库里，来源和授权都没有登记。", "把文件导入素材库并登记来源与授权。")
        return out
    if row.licence == "unknown":
        add("warn", "licence", "来源/授权未知：无法证明可以使用。", REGISTER)
    if row.expires is not None:
        if row.expires < today:
            add("block", "licence", f"授权已于 {row.expires.isoformat()} 到期，继续使用属于侵权。",
                "续签授权并在素材库更新到期日，或换掉这个素材。")
        elif row.expires <= today + timedelta(days=EXPIRY_NOTICE_DAYS):
            add("notice", "licence", f"授权将于 {row.expires.isoformat()} 到期。",
                "到期后作品若仍在线需续签；请提前安排续签或替换。")
    if row.licence == "cc-by-nc" or row.commercial_ok is False:
        add("warn", "licence", "授权只允许非商业使用；品牌号、广告、带货等商业内容不能用。",
            "换成可商用素材，或向作者购买商业授权后在素材库更新授权。")
    if row.licence in ("purchased", "platform") and not row.licence_cert:
        add("notice", "licence", "已标记为购买/平台授权，但没有登记授权凭证（合同号、订单号或授权书）。",
            "在素材库的“授权凭证”里填上编号，出现纠纷时能拿得出证明。")
    if row.licence == "platform":
        add("notice", "licence", f"平台授权（{row.platform or '未注明平台'}）通常只限在该平台内使用。",
            "确认要发布的平台在授权范围内。")
    if row.licence in NEEDS_ATTRIBUTION:
        _attribution(row, post_kind, post_text, add)
    if row.licence == "cc-by-sa":
        add("notice", "licence", "CC BY-SA：改编后的作品须以相同协议发布。", "修改/二创这张素材时，作品须注明 CC BY-SA 协议。")
    return out


def _attribution(row: AssetStatus, post_kind: str, post_text: str, add) -> None:
    licence = LICENCE_ZH[row.licence]
    credit = row.attribution or (f"{KIND_ZH.get(row.kind, '素材')}：{row.author}（{licence}）" if row.author else "")
    if not credit:
        add("warn", "attribution", f"{licence} 要求署名，但素材库里没有登记作者或署名文字。",
            "在素材库补登作者和署名文字（如“图片：作者名 / CC BY 4.0”），并写进作品。")
        return
    if post_kind == "video":
        add("notice", "attribution", f"{licence} 要求署名。",
            f"在视频简介或片尾写上：{credit}。")
        return
    wanted = [w for w in (row.attribution, row.author) if w]
    if not any(_squash(w) in _squash(post_text) for w in wanted):
        add("warn", "attribution", f"{licence} 要求署名，但作品里没有出现署名。",
            f"在图片说明或文末写上：{credit}。")


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


# ---------------------------------------------------------------- near-duplicates

def duplicates(project, rows: list[AssetStatus]) -> None:
    """Add findings to used pictures that are near-duplicates of library assets whose licence is
    restrictive or unknown (the library's duplicate finder does the matching)."""
    from studio.library import dupes, fingerprint
    from studio.library.files import resolve

    pictures = [r for r in rows if r.kind == "image" and not r.missing and r.path]
    if not pictures:
        return
    prints = dupes.load_prints(project)
    library = _library_rows(project, set(prints))
    for row in pictures:
        query = prints.get(row.asset_id) if row.asset_id is not None else None
        if query is None or not isinstance(query, fingerprint.ImagePrint):
            try:
                query = fingerprint.analyse(dupes.open_reduced(resolve(project, row.path)))
            except (OSError, ValueError):
                continue
        for other_id in dupes.similar(query, prints):
            other = library.get(other_id)
            if other is None or other_id == row.asset_id:
                continue
            _duplicate_finding(row, other)


def _duplicate_finding(row: AssetStatus, other: AssetStatus) -> None:
    where, subject = "、".join(row.uses), f"图片《{row.title}》"
    ref = {"uses": list(row.uses), "similar_to": other.asset_id}
    if other.risky and not (row.in_library and row.risky and row.licence == other.licence):
        row.findings.append(Finding(
            "warn", "duplicate", where, subject,
            f"与素材库中的《{other.title}》（#{other.asset_id}，授权：{other.licence_zh}）几乎是同一张图。",
            f"核实这张图的真实来源：若来自《{other.title}》，就按它的授权处理（补授权或换图）；"
            "确属自己拍摄的，在素材库里备注原片。", ref, row.asset_id))
    elif row.risky and not other.risky:
        row.findings.append(Finding(
            "notice", "duplicate", where, subject,
            f"与素材库中的《{other.title}》（#{other.asset_id}，授权：{other.licence_zh}）几乎是同一张图。",
            f"若是同一张图，可直接改用《{other.title}》，或把它的授权信息补到这张图上。", ref, row.asset_id))


def _library_rows(project, ids: set[int]) -> dict[int, AssetStatus]:
    with project.read() as s:
        return {a.id: _status_of(a, None) for a in s.scalars(select(Asset).where(Asset.id.in_(ids)))}

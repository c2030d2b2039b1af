"""The full post report (发布检查): sensitive words in the post's texts plus copyright of its media,
fonts and text, with one overall verdict: pass, warn or block."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from studio.check import copyright, fonts, originality
from studio.check.finding import LEVEL_ZH, Finding, sort_findings, worst
from studio.check.usage import POST_KINDS_ZH, PostContent, post_content
from studio.project import jobs

SEVERITY_LEVEL = {"block": "block", "high": "warn", "notice": "notice"}
VIDEO_PLATFORM = {"douyin": "douyin", "xiaohongshu": "xiaohongshu", "shipinhao": "wechat"}


@dataclass
class TextHit:
    where: str
    ref: dict
    start: int
    end: int
    text: str
    term: str
    category: str
    severity: str
    suggestion: Optional[str]
    context: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Report:
    kind: str
    id: int
    title: str
    platform: Optional[str]
    assets: list[copyright.AssetStatus] = field(default_factory=list)
    fonts: list[fonts.FontStatus] = field(default_factory=list)
    texts: list[TextHit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    checked_at: str = field(default_factory=lambda: datetime.now().strftime("%Y-%m-%d %H:%M"))

    @property
    def overall(self) -> str:
        return worst(f.level for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {lv: sum(f.level == lv for f in self.findings) for lv in ("block", "warn", "notice")}

    def to_dict(self) -> dict:
        return {
            "post": {"kind": self.kind, "kind_zh": POST_KINDS_ZH[self.kind], "id": self.id, "title": self.title},
            "platform": self.platform, "checked_at": self.checked_at,
            "overall": self.overall, "overall_zh": LEVEL_ZH[self.overall], "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "assets": [a.to_dict() for a in self.assets],
            "fonts": [f.to_dict() for f in self.fonts],
            "texts": [t.to_dict() for t in self.texts],
        }


def platform_for(project, post: PostContent) -> Optional[str]:
    """Which platform profile the sensitive-word check uses: 公众号 for graphic posts, the export
    preset's platform for videos."""
    if post.kind != "video":
        return "wechat"
    from studio.video import store

    return VIDEO_PLATFORM.get(store.preset_of(project, post.id))


def build_report(project, kind: str, post_id: int, *, lexicon=None, progress: Optional[jobs.Progress] = None,
                 cancel: Optional[jobs.CancelToken] = None) -> Report:
    """Check one post. `lexicon` overrides the project's lexicon (builtin + project + allow-list)."""
    progress = progress or jobs.no_progress
    post = post_content(project, kind, post_id)
    report = Report(post.kind, post.id, post.title, platform_for(project, post))
    steps = [lambda: _texts(project, post, report, lexicon), lambda: _cover(post, report),
             lambda: _media(project, post, report), lambda: _fonts(project, post, report),
             lambda: _originality(project, post, report)]
    for i, step in enumerate(steps):
        jobs.check(cancel)
        progress(i, len(steps))
        step()
    progress(len(steps), len(steps))
    report.findings = sort_findings(report.findings)
    return report


def _texts(project, post: PostContent, report: Report, lexicon) -> None:
    from studio.check import store
    from studio.check.matcher import Matcher

    lex = lexicon if lexicon is not None else store.project_lexicon(project, platform=report.platform)
    matcher = Matcher(lex)
    for part in post.texts:
        for f in matcher.scan(part.text):
            hit = TextHit(part.where, part.ref, f.start, f.end, f.text, f.term, f.category, f.severity,
                          f.suggestion, _context(part.text, f.start, f.end))
            report.texts.append(hit)
            report.findings.append(_text_finding(hit, f.reason))


def _context(text: str, start: int, end: int, pad: int = 12) -> str:
    left = ("…" if start > pad else "") + text[max(0, start - pad):start]
    right = text[end:end + pad] + ("…" if end + pad < len(text) else "")
    return f"{left}【{text[start:end]}】{right}".replace("\n", " ")


def _text_finding(hit: TextHit, reason: str) -> Finding:
    from studio.check.lexicon import SEVERITY_ZH, category_label

    fix = f"改为“{hit.suggestion}”。" if hit.suggestion else "删除或改写这处表述。"
    msg = f"{category_label(hit.category)}（{SEVERITY_ZH.get(hit.severity, hit.severity)}）：{hit.context}"
    if hit.text != hit.term:
        msg += f"（匹配词条“{hit.term}”）"
    if reason:
        msg += f" 依据：{reason}"
    return Finding(SEVERITY_LEVEL.get(hit.severity, "warn"), "text", hit.where, hit.text, msg, fix,
                   {**hit.ref, "start": hit.start, "end": hit.end})


def _cover(post: PostContent, report: Report) -> None:
    """公众号 will not publish an article without a cover image."""
    art = post.article
    if post.kind == "article" and art.cover_asset_id is None and art.cover_canvas_id is None:
        report.findings.append(Finding("warn", "cover", "封面", post.title, "图文没有封面，公众号无法群发。",
                                       "在“图文”页的“封面”中选择一张图片或一个封面设计。", {"cover": True}))


def _media(project, post: PostContent, report: Report) -> None:
    rows = copyright.gather(project, post.media)
    visible = "\n".join(t.text for t in post.texts)
    for row in rows:
        row.findings = copyright.assess(row, post.kind, visible)
    copyright.duplicates(project, rows)
    report.assets = rows
    report.findings += [f for row in rows for f in row.findings]


def _fonts(project, post: PostContent, report: Report) -> None:
    report.fonts = fonts.check_fonts(project, post.fonts)
    report.findings += [f for st in report.fonts for f in st.findings]


def _originality(project, post: PostContent, report: Report) -> None:
    if post.kind == "article":
        report.findings += originality.check_article(project, post.id, post.texts, post.article)

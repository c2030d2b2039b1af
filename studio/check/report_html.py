"""The post report as one self-contained Chinese HTML page (inline CSS, no scripts, no links out
except the sources the user registered), readable on screen and printable."""
from __future__ import annotations

from html import escape
from pathlib import Path

from studio.project import output
from studio.check.finding import AREAS_ZH, LEVEL_ZH
from studio.check.fonts import embedding_zh
from studio.check.usage import POST_KINDS_ZH

COLOURS = {"block": "#c92a2a", "warn": "#e67700", "notice": "#1c7ed6", "pass": "#2b8a3e"}
ORIGIN_ZH = {"bundled": "软件自带", "library": "素材库", "file": "字体文件", "name": "仅名称"}
CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 color:#222;margin:0;background:#f4f5f7;line-height:1.6}
main{max-width:1040px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-left:4px solid #444;padding-left:8px}
.meta{color:#666;font-size:14px}
.verdict{border-radius:8px;color:#fff;padding:16px 20px;margin:16px 0;font-size:20px;font-weight:bold}
.verdict small{display:block;font-size:14px;font-weight:normal;opacity:.95}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #dee2e6;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f5;white-space:nowrap}
.tag{display:inline-block;border-radius:4px;color:#fff;padding:0 6px;font-size:13px;white-space:nowrap}
.fix{color:#2b8a3e}.muted{color:#868e96;font-size:13px}.empty{color:#868e96;padding:8px 0}
code{background:#f1f3f5;padding:0 3px;border-radius:3px}
@media print{body{background:#fff}.verdict{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def tag(level: str) -> str:
    return f'<span class="tag" style="background:{COLOURS.get(level, "#495057")}">{_e(LEVEL_ZH.get(level, level))}</span>'


def _e(value) -> str:
    """Every value from the project (titles, paths, licences, sources, ids) goes through here:
    escaped for text and for quoted attribute values alike."""
    return escape("" if value is None else str(value), quote=True)


def render_html(report) -> str:
    counts = report.counts()
    verdict = {"pass": "可以发布：没有发现需要处理的问题。", "warn": "发布前请处理“需处理”的问题。",
               "block": "暂不能发布：先解决“禁止发布”的问题。"}[report.overall]
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>发布检查报告 · {_e(report.title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>发布检查报告：{_e(report.title)}</h1>",
        f'<div class="meta">{_e(POST_KINDS_ZH.get(report.kind, report.kind))} #{_e(report.id)} · 检查时间 {_e(report.checked_at)}'
        f"{' · 平台规则：' + _e(report.platform) if report.platform else ''}</div>",
        f'<div class="verdict" style="background:{COLOURS.get(report.overall, "#495057")}">{_e(LEVEL_ZH[report.overall])}'
        f"<small>{_e(verdict)} 禁止发布 {counts['block']} 项 · 需处理 {counts['warn']} 项 · 提示 {counts['notice']} 项</small></div>",
        _findings(report), _assets(report), _fonts(report), _texts(report),
        '<p class="muted">本报告由新媒体工作室离线生成。版权结论依据素材库登记的来源与授权、字体授权表'
        "（resources/fonts/licences.json）和字体文件自带的授权字段，仅供编辑自查，不构成法律意见。</p>",
        "</main></body></html>",
    ]
    return "\n".join(parts)


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f'<p class="empty">{_e(empty)}</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _findings(report) -> str:
    rows = [[tag(f.level), _e(AREAS_ZH.get(f.area, f.area)), _e(f.where), _e(f.subject), _e(f.message),
             f'<span class="fix">{_e(f.fix)}</span>'] for f in report.findings]
    return "<h2>问题清单</h2>" + _table(["级别", "类别", "位置", "对象", "问题", "怎么改"], rows, "没有发现问题。")


def _assets(report) -> str:
    rows = []
    for a in report.assets:
        ident = f"#{a.asset_id}" if a.asset_id is not None else "未入库"
        source = _e(a.source_url or a.platform or "—")
        extra = []
        if a.attribution:
            extra.append(f"署名：{_e(a.attribution)}")
        if a.licence_cert:
            extra.append(f"凭证：{_e(a.licence_cert)}")
        if a.expires:
            extra.append(f"到期：{_e(a.expires.isoformat())}")
        if a.missing:
            extra.append("文件丢失")
        rows.append([tag(a.status), f"{_e(ident)} {_e(a.title)}<div class='muted'>{_e(a.path)}</div>",
                     _e({"image": "图片", "video": "视频", "audio": "音乐"}.get(a.kind, a.kind)),
                     _e(a.licence_zh), _e(a.author or "—"), source, "<br>".join(extra) or "—",
                     _e("、".join(a.uses))])
    return "<h2>素材（图片、视频、音乐）</h2>" + _table(
        ["状态", "素材", "类型", "授权", "作者", "来源", "授权信息", "用在"], rows, "这篇作品没有使用图片、视频或音乐。")


def _fonts(report) -> str:
    rows = []
    for f in report.fonts:
        e = f.entry
        table = (f"{_e(e.zh)}：{_e(e.licence)}<div class='muted'>依据：{_e(e.source)}</div>" if e else "授权表中没有")
        own = _e(f.licence_url or f.licence_text[:120] or "—") if f.path else "找不到字体文件"
        rows.append([tag(f.status), f"{_e(f.display)}<div class='muted'>{_e(ORIGIN_ZH.get(f.origin, f.origin))}"
                     f"{' · ' + _e(f.recorded) if f.recorded else ''}</div>",
                     table, own, _e(embedding_zh(f.fs_type)) + (f" <code>fsType={_e(f.fs_type)}</code>" if f.fs_type is not None else ""),
                     _e("、".join(f.uses))])
    return "<h2>字体</h2>" + _table(["状态", "字体", "授权表", "字体文件的授权字段（ID 13/14）", "嵌入许可", "用在"],
                                  rows, "这篇作品没有用到文字字体。")


def _texts(report) -> str:
    rows = [[tag({"block": "block", "high": "warn"}.get(t.severity, "notice")), _e(t.where), _e(t.context),
             _e(t.term), _e(t.suggestion or "—")] for t in report.texts]
    return "<h2>敏感词与违规用语</h2>" + _table(["级别", "位置", "上下文", "词条", "建议"], rows, "文字中没有发现敏感词。")


def write_html(report, out: Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    return output.write_text(out, render_html(report))

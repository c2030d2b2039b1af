"""Comment review (评论审核): read comments, flag violations and negative ones, keep marks in the project.

Negativity is a small, explainable lexicon score (negative and positive cue words, negation such as
不好/不推荐, intensifiers), not a trained model: the reviewer sees why a comment was flagged.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from studio.check.lexicon import SEVERITY_RANK, LexiconError
from studio.check.matcher import Matcher
from studio.project.models.check import CheckComment

MARKS = {"": "未处理", "reply": "待回复", "pin": "置顶", "handover": "转交", "hide": "隐藏"}
NEGATIVE = ("差评 太差 很差 真差 垃圾 骗子 骗人 欺骗 失望 退货 退款 太贵 难吃 难用 难看 坑人 被坑 假货 山寨 投诉 恶心 "
            "后悔 无语 生气 愤怒 糟糕 烂 坑 差 劣质 卡顿 掉色 破损 发霉 过期 态度恶劣 不回复 不发货 虚假宣传 智商税 踩雷 "
            "避雷 翻车 割韭菜 客服呢 别买 千万别 退钱 举报").split()
POSITIVE = ("好评 很好 不错 喜欢 满意 推荐 好用 好吃 好看 棒 赞 给力 实惠 值得 支持 感谢 谢谢 惊喜 回购 种草 "
            "好 爱了 绝绝子 专业 贴心 靠谱").split()
NEGATORS = ("不", "没", "别", "无", "未", "不太", "没有", "并不")
_CUES = sorted({(w, -1) for w in NEGATIVE} | {(w, 1) for w in POSITIVE}, key=lambda x: -len(x[0]))
_CUE_RX = re.compile("|".join(re.escape(w) for w, _ in _CUES))
_POLARITY = dict(_CUES)


@dataclass
class Comment:
    text: str
    author: str = ""
    posted: str = ""
    likes: int = 0
    severity: str = ""
    negative: float = 0.0
    cues: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


def negativity(text: str) -> tuple[float, list[str]]:
    """0 (neutral/positive) .. 1 (clearly negative), and the cue words that decided it."""
    score, cues = 0.0, []
    for m in _CUE_RX.finditer(text):
        pol = _POLARITY[m.group()]
        before = text[max(0, m.start() - 2):m.start()]
        if any(before.endswith(n) for n in NEGATORS):
            pol = -pol if pol > 0 else 0.5 * pol   # 不好 is negative; 不差 is only mildly so
            cues.append(before[-1] + m.group())
        else:
            cues.append(m.group())
        score += pol
    bangs = len(re.findall(r"[!！?？]{2,}", text))
    score -= 0.5 * bangs if score < 0 else 0
    neg = max(0.0, min(1.0, -score / 2))
    return round(neg, 2), cues


def analyse(comments: list[Comment], matcher: Matcher) -> list[Comment]:
    for c in comments:
        found = matcher.scan(c.text)
        c.findings = [f.public() | {"reason": f.reason} for f in found]
        c.severity = min((f.severity for f in found), key=SEVERITY_RANK.__getitem__, default="")
        c.negative, c.cues = negativity(c.text)
    return comments


def parse_pasted(text: str) -> list[Comment]:
    """One comment per line; ``author<TAB>text`` or ``author：text`` (short name) also accepted."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if "\t" in line:
            author, _, body = line.partition("\t")
            out.append(Comment(body.strip(), author.strip()))
            continue
        m = re.match(r"^([^：:\s]{1,16})[：:]\s*(.+)$", line)
        out.append(Comment(m.group(2), m.group(1)) if m else Comment(line))
    return out


_HEADERS = {
    "text": ("内容", "评论", "评论内容", "comment", "text", "content", "留言"),
    "author": ("作者", "用户", "昵称", "用户名", "author", "user", "name", "nickname"),
    "posted": ("时间", "日期", "发布时间", "date", "time", "posted"),
    "likes": ("点赞", "点赞数", "赞", "likes", "like"),
}


def _from_rows(rows: list[list]) -> list[Comment]:
    rows = [["" if v is None else str(v).strip() for v in r] for r in rows if r and any(v not in (None, "") for v in r)]
    if not rows:
        return []
    header = [h.lower() for h in rows[0]]
    cols = {k: next((i for i, h in enumerate(header) if h in names), None) for k, names in _HEADERS.items()}
    if cols["text"] is None:  # no header: the longest column is the comment
        cols = {"text": max(range(len(rows[0])), key=lambda i: sum(len(r[i]) for r in rows if i < len(r))),
                "author": None, "posted": None, "likes": None}
    else:
        rows = rows[1:]

    def get(r, k):
        i = cols[k]
        return r[i] if i is not None and i < len(r) else ""

    return [Comment(get(r, "text"), get(r, "author"), get(r, "posted"),
                    int(float(get(r, "likes"))) if re.fullmatch(r"\d+(\.0+)?", get(r, "likes")) else 0)
            for r in rows if get(r, "text")]


def read_file(path) -> list[Comment]:
    """Comments from .csv, .xlsx or .txt (one per line)."""
    p = Path(path)
    try:
        if p.suffix.lower() == ".csv":
            with open(p, encoding="utf-8-sig", newline="") as f:
                return _from_rows(list(csv.reader(f)))
        if p.suffix.lower() in (".xlsx", ".xlsm"):
            import openpyxl
            wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
            return _from_rows([list(r) for r in wb.active.iter_rows(values_only=True)])
        return parse_pasted(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise LexiconError(f"无法读取评论文件 {p}：{err}。请使用 UTF-8 的 csv、xlsx 或 txt。"
                           f" / cannot read comments {p}: {err}.") from err


def save(project, comments: list[Comment], batch: str) -> int:
    with project.action(f"导入评论 {batch} / Import comments") as s:
        for c in comments:
            s.add(CheckComment(batch=batch, author=c.author, text=c.text, posted=c.posted, likes=c.likes,
                               severity=c.severity, negative=c.negative, findings=c.findings,
                               note="、".join(c.cues)))
        return len(comments)


def listed(project, batch: str | None = None) -> list[CheckComment]:
    with project.read() as s:
        q = select(CheckComment).order_by(CheckComment.id)
        if batch:
            q = q.where(CheckComment.batch == batch)
        rows = s.scalars(q).all()
        s.expunge_all()
        return rows


def set_mark(project, ids: list[int], mark: str) -> None:
    if mark not in MARKS:
        raise ValueError(mark)
    with project.action(f"评论标记为{MARKS[mark]} / Mark comments") as s:
        for cid in ids:
            row = s.get(CheckComment, cid)
            if row:
                row.mark = mark

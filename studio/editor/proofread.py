"""Proofreading (校对): counts and reading time, punctuation and spacing problems, common typos,
and title/digest lengths against each platform's limits. Plain functions over plain text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from studio.cjk import HAN as CJK
from studio.editor.article import Article, block_texts

_CJK_CHAR = re.compile(f"[{CJK}]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")

CHARS_PER_MINUTE = 400   # Chinese reading speed
WORDS_PER_MINUTE = 200   # English words
SECONDS_PER_IMAGE = 10

HALF_TO_FULL = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

# Common misspellings seen in Chinese posts (错别字), wrong -> right.
TYPOS = {
    "按装": "安装", "既使": "即使", "即然": "既然", "再接再励": "再接再厉", "一股作气": "一鼓作气",
    "迫不急待": "迫不及待", "默守成规": "墨守成规", "谈笑风声": "谈笑风生", "甘败下风": "甘拜下风",
    "走头无路": "走投无路", "变本加利": "变本加厉", "出奇不意": "出其不意", "针贬": "针砭",
    "渡假": "度假", "座落": "坐落", "松驰": "松弛", "寒喧": "寒暄", "发韧": "发轫",
    "一愁莫展": "一筹莫展", "穿流不息": "川流不息", "人才倍出": "人才辈出", "记忆尤新": "记忆犹新",
    "心心相映": "心心相印", "不径而走": "不胫而走", "美仑美奂": "美轮美奂", "气慨": "气概",
    "精萃": "精粹", "重迭": "重叠", "幅射": "辐射", "凑和": "凑合", "一如继往": "一如既往",
    "侯车": "候车", "脉博": "脉搏", "震憾": "震撼", "沉缅": "沉湎", "搬门弄斧": "班门弄斧",
    "鬼鬼崇崇": "鬼鬼祟祟", "按步就班": "按部就班", "天翻地复": "天翻地覆", "直接了当": "直截了当",
    "言简意骇": "言简意赅", "金榜提名": "金榜题名", "病入膏盲": "病入膏肓", "食不裹腹": "食不果腹",
    "入场卷": "入场券", "优柔寡段": "优柔寡断", "趋之若骛": "趋之若鹜", "世外桃园": "世外桃源",
    "防犯": "防范", "部份": "部分", "帐号": "账号", "登陆账号": "登录账号", "截止目前": "截至目前",
    "必竟": "毕竟", "莫明其妙": "莫名其妙", "不可思义": "不可思议",
}

# Character limits per platform: (title max, digest max); None = no digest field.
PLATFORM_LIMITS = {
    "wechat": ("微信公众号", 64, 120),
    "xiaohongshu": ("小红书", 20, 1000),
    "toutiao": ("今日头条", 30, 120),
    "weibo": ("微博头条文章", 32, 120),
    "bilibili": ("哔哩哔哩专栏", 40, 120),
    "douyin": ("抖音图文", 20, 1000),
}
TITLE_MIN = 5


@dataclass
class Stats:
    chars: int            # visible characters (no whitespace)
    cjk: int              # Chinese characters
    words: int            # Latin words and numbers
    paragraphs: int
    images: int
    reading_minutes: float


@dataclass
class Issue:
    kind: str             # punct-mixed | punct-double | spacing | fullwidth | typo | length
    message: str
    text: str             # the offending text
    start: int = 0        # offset in `where`'s text
    end: int = 0
    suggestion: str = ""
    where: str = ""       # "title", "digest", "block 3", ...


@dataclass
class Report:
    stats: Stats
    issues: list[Issue] = field(default_factory=list)

    def by_kind(self, kind: str) -> list[Issue]:
        return [i for i in self.issues if i.kind == kind]


def count(text: str, images: int = 0) -> Stats:
    cjk = len(_CJK_CHAR.findall(text))
    words = len(_LATIN_WORD.findall(text))
    chars = sum(1 for ch in text if not ch.isspace())
    paragraphs = sum(1 for line in text.split("\n") if line.strip())
    minutes = cjk / CHARS_PER_MINUTE + words / WORDS_PER_MINUTE + images * SECONDS_PER_IMAGE / 60
    return Stats(chars, cjk, words, paragraphs, images, round(minutes, 1))


_RULES: list[tuple[str, re.Pattern, str]] = [
    # half-width punctuation touching Chinese text
    ("punct-mixed", re.compile(f"(?<=[{CJK}])[,;:?!]|[,;:?!](?=[{CJK}])|(?<=[{CJK}])\\.(?![0-9A-Za-z.])"),
     "中文里用了半角标点 / half-width punctuation in Chinese text"),
    ("punct-mixed", re.compile(f"(?<=[{CJK}])\\((?=[^)]*[{CJK}])|(?<=[{CJK}])\\)|\\((?=[{CJK}])"),
     "中文里用了半角括号 / half-width bracket in Chinese text"),
    ("punct-double", re.compile(r"([，。、；：,;])\1+|[，。、；：][，。、；：]"),
     "标点重复 / doubled punctuation"),
    ("spacing", re.compile(f"(?<=[{CJK}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{CJK}])"),
     "中英文之间建议加空格 / add a space between Chinese and Latin text"),
    ("fullwidth", re.compile(r"[Ａ-Ｚａ-ｚ０-９]+"),
     "全角字母或数字 / full-width letters or digits"),
]


def _suggest(kind: str, text: str) -> str:
    if kind == "punct-mixed":
        return HALF_TO_FULL.get(text, text)
    if kind == "punct-double":
        return text[0]
    if kind == "spacing":
        return " "
    if kind == "fullwidth":
        return "".join(chr(ord(ch) - 0xFEE0) for ch in text)
    return ""


def check_text(text: str, where: str = "") -> list[Issue]:
    """Punctuation, spacing, full-width letters and typos in one piece of text."""
    issues = []
    for kind, pattern, message in _RULES:
        for m in pattern.finditer(text):
            issues.append(Issue(kind, message, m.group(0), m.start(), m.end(), _suggest(kind, m.group(0)), where))
    for wrong, right in TYPOS.items():
        start = text.find(wrong)
        while start >= 0:
            issues.append(Issue("typo", f"疑似错别字 / possible typo: {wrong} → {right}", wrong,
                                start, start + len(wrong), right, where))
            start = text.find(wrong, start + 1)
    issues.sort(key=lambda i: (i.start, i.kind))
    return issues


def check_lengths(title: str, digest: str, platforms: Optional[Iterable[str]] = None) -> list[Issue]:
    """Title and digest lengths against each platform's limit (counted in characters)."""
    issues = []
    if len(title.strip()) < TITLE_MIN:
        issues.append(Issue("length", f"标题太短（{len(title.strip())} 字）/ title is too short", title,
                            where="title"))
    for key in platforms or PLATFORM_LIMITS:
        name, title_max, digest_max = PLATFORM_LIMITS[key]
        if len(title) > title_max:
            issues.append(Issue("length", f"标题 {len(title)} 字，超过{name}上限 {title_max} 字 / "
                                          f"title exceeds the {key} limit of {title_max}", title,
                                suggestion=title[:title_max], where="title"))
        if digest_max and len(digest) > digest_max:
            issues.append(Issue("length", f"摘要 {len(digest)} 字，超过{name}上限 {digest_max} 字 / "
                                          f"digest exceeds the {key} limit of {digest_max}", digest,
                                suggestion=digest[:digest_max], where="digest"))
    return issues


def proofread(article: Article, platforms: Optional[Iterable[str]] = None) -> Report:
    body = article.body_text()
    images = sum(1 for b in article.blocks if b.asset_id is not None)
    report = Report(count(body, images))
    report.issues += check_lengths(article.title, article.digest, platforms)
    report.issues += check_text(article.title, "title")
    report.issues += check_text(article.digest, "digest")
    if not article.original and not (article.source or article.source_author):
        report.issues.append(Issue("source", "转载文章需要注明来源和作者 / a repost must name its source",
                                   "", where="source"))
    for index, block in enumerate(article.blocks):
        for text in block_texts(block):
            report.issues += check_text(text, f"block {index}")
    return report


def apply_suggestion(text: str, issue: Issue) -> str:
    """`text` with one issue's suggestion applied (spacing inserts, the others replace)."""
    if issue.kind == "spacing":
        return text[:issue.start] + " " + text[issue.start:]
    return text[:issue.start] + issue.suggestion + text[issue.end:]

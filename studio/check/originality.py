"""Text originality (原创性): paragraph-level similarity of an article to the project's other
articles and text materials, and the 来源/作者 line a repost must carry.

Paragraphs become sets of character 4-grams (punctuation and spaces dropped, so re-punctuated
copies still match). MinHash signatures with LSH banding find candidate pairs cheaply; each
candidate is confirmed by exact containment: the share of this paragraph's 4-grams found in
the other one, so a paragraph copied into a longer one still counts.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import Iterable, Optional

import numpy as np
from sqlalchemy import select

from studio.check.finding import Finding
from studio.check.usage import TextPart

GRAM = 4
MIN_CHARS = 16          # shorter paragraphs (headings, sign-offs) are not compared
PERMS, BANDS = 64, 32   # 32 bands of 2 rows: a pair at Jaccard 0.3 becomes a candidate 95% of the time
ROWS = PERMS // BANDS
SIMILAR = 0.5           # containment that counts as "this paragraph comes from there"
_MASKS = np.random.default_rng(20240601).integers(0, 2**63, PERMS, dtype=np.uint64)
_KEEP = re.compile(r"[\w]", re.UNICODE)
SOURCE_LINE = re.compile(r"^\s*(来源|出处|转自|转载自|原文|原文链接|作者|原作者|文\s*/|撰文|source|author)\s*[:：/|｜]?", re.I | re.M)


def normalise(text: str) -> str:
    return "".join(_KEEP.findall(text.lower())).replace("_", "")


def grams(text: str) -> np.ndarray:
    """Hashes of the character 4-grams of the normalised text (unique, uint64)."""
    t = normalise(text)
    if len(t) < GRAM:
        return np.zeros(0, np.uint64)
    return np.unique(np.fromiter((zlib.crc32(t[i:i + GRAM].encode("utf-8")) for i in range(len(t) - GRAM + 1)),
                                 np.uint64))


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a well-spread 64-bit hash (uint64 arithmetic wraps on purpose)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def signature(g: np.ndarray) -> np.ndarray:
    """MinHash: the smallest hash of the 4-grams under each of PERMS seeded hash functions."""
    return _mix(g[None, :] ^ _MASKS[:, None]).min(axis=1)


@dataclass
class Paragraph:
    doc: str            # key of the document it belongs to
    where: str          # position label ("正文第 3 块", "第 2 段")
    text: str
    grams: np.ndarray


@dataclass
class Document:
    key: str
    title: str
    kind: str           # article | own | external
    source: str = ""    # where an external text came from (URL, platform)
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class ParagraphMatch:
    where: str
    other: Document
    other_where: str
    containment: float
    text: str


def paragraphs_of(doc: Document, parts: Iterable[tuple[str, str]]) -> Document:
    for where, text in parts:
        g = grams(text)
        if len(normalise(text)) >= MIN_CHARS and len(g):
            doc.paragraphs.append(Paragraph(doc.key, where, text, g))
    return doc


def split_text(text: str) -> list[tuple[str, str]]:
    """Numbered paragraphs of a plain or Markdown text (one per non-empty line)."""
    lines = [ln.strip().lstrip("#>*-+ ").strip() for ln in text.splitlines()]
    return [(f"第 {i + 1} 段", ln) for i, ln in enumerate(x for x in lines if x)]


class Index:
    """MinHash LSH over the paragraphs of many documents."""

    def __init__(self, docs: Iterable[Document]):
        self.docs = {d.key: d for d in docs}
        self.buckets: dict[tuple, list[Paragraph]] = {}
        self.order: dict[int, int] = {}
        for d in self.docs.values():
            for i, p in enumerate(d.paragraphs):
                self.order[id(p)] = i
                for key in _bands(signature(p.grams)):
                    self.buckets.setdefault(key, []).append(p)

    def matches(self, para: Paragraph) -> list[tuple[Document, list[Paragraph], float]]:
        """Other documents that contain most of `para` (in one paragraph or spread over several),
        with the paragraphs that hold it, best first."""
        by_doc: dict[str, dict[int, Paragraph]] = {}
        for key in _bands(signature(para.grams)):
            for cand in self.buckets.get(key, ()):
                if cand.doc != para.doc:
                    by_doc.setdefault(cand.doc, {})[id(cand)] = cand
        out = []
        for doc, cands in by_doc.items():
            held = [(c, np.isin(para.grams, c.grams, assume_unique=True)) for c in cands.values()]
            covered = np.logical_or.reduce([mask for _, mask in held])
            share = float(covered.sum()) / len(para.grams)
            if share >= SIMILAR:
                parts = sorted((c for c, mask in held if mask.sum() >= max(3, 0.1 * len(para.grams))),
                               key=lambda c: self.order[id(c)])
                out.append((self.docs[doc], parts, share))
        return sorted(out, key=lambda x: -x[2])


def _bands(sig: np.ndarray) -> list[tuple]:
    return [(b, *sig[b * ROWS:(b + 1) * ROWS].tolist()) for b in range(BANDS)]


def compare(doc: Document, index: Index) -> list[ParagraphMatch]:
    """Each paragraph of `doc` with every other document that holds most of it."""
    return [ParagraphMatch(para.where, other, "、".join(p.where for p in parts), share, para.text)
            for para in doc.paragraphs for other, parts, share in index.matches(para)]


# ---------------------------------------------------------------- the project's texts

def project_documents(project, exclude_article: Optional[int] = None) -> list[Document]:
    """The project's other articles and its text materials (library text files and notes)."""
    from studio.editor import store
    from studio.editor.article import block_texts
    from studio.project.models.editor import Article as ArticleRow
    from studio.project.models.library import Asset

    docs = []
    with project.read() as s:
        rows = s.scalars(select(ArticleRow).where(ArticleRow.id != (exclude_article or -1))).all()
        for row in rows:
            art = store.to_article(row)
            parts = [(f"正文第 {i + 1} 块", t) for i, b in enumerate(art.blocks) for t in block_texts(b)]
            docs.append(paragraphs_of(Document(f"article:{row.id}", art.title or f"图文 {row.id}", "article"), parts))
        assets = s.scalars(select(Asset).where(Asset.kind.in_(("text", "note")))).all()
        for a in assets:
            text = _asset_text(project, a)
            kind = "own" if a.licence == "own" else "external"
            doc = Document(f"asset:{a.id}", a.title or f"素材 #{a.id}", kind, a.source_url or a.platform or "")
            docs.append(paragraphs_of(doc, split_text(text)))
    return [d for d in docs if d.paragraphs]


def _asset_text(project, a) -> str:
    if a.kind == "note":
        return "\n".join(x for x in (a.title, a.notes) if x)
    from studio.library.analyse import decode_text
    from studio.library.files import resolve

    path = resolve(project, a.path)
    try:
        raw = path.read_bytes()[: 4 << 20] if path else b""
    except OSError:
        return ""
    text, _enc = decode_text(raw)
    return text or ""


# ---------------------------------------------------------------- findings

KIND_ZH = {"article": "本项目图文", "own": "自有素材", "external": "外部素材"}


def check_article(project, article_id: int, texts: list[TextPart], article) -> list[Finding]:
    """Originality and repost findings of one article."""
    doc = paragraphs_of(Document(f"article:{article_id}", article.title, "article"),
                        [(t.where, t.text) for t in texts if t.paragraph])
    found = repost_findings(article, [t.text for t in texts])
    matches = compare(doc, Index(project_documents(project, exclude_article=article_id)))
    found += match_findings(matches, doc, original=article.original, has_source=bool(_source_line(article, texts)))
    return found


def _source_line(article, texts: list[TextPart]) -> str:
    if article.source_line():
        return article.source_line()
    m = next((m for t in texts if t.ref.get("block") is not None for m in [SOURCE_LINE.search(t.text)] if m), None)
    return m.group(0) if m else ""


def repost_findings(article, texts: list[str]) -> list[Finding]:
    """A repost (转载) must name where it comes from and who wrote it."""
    if article.original:
        return []
    body = "\n".join(texts)
    has_source = bool(article.source) or bool(re.search(r"^\s*(来源|出处|转自|转载自|原文链接)\s*[:：]", body, re.M))
    has_author = bool(article.source_author) or bool(re.search(r"^\s*(作者|原作者|文\s*/|撰文)\s*[:：/]", body, re.M))
    missing = [w for w, ok in (("来源", has_source), ("作者", has_author)) if not ok]
    if not missing:
        return []
    level = "block" if len(missing) == 2 else "warn"
    return [Finding(level, "repost", "来源行", "转载声明",
                    f"这篇图文标为转载，但没有注明{'和'.join(missing)}。",
                    "在图文设置里填写“来源”和“原作者”（导出时自动生成“来源：… / 作者：…”一行），并确认已获得转载授权。",
                    {"field": "source"})]


def match_findings(matches: list[ParagraphMatch], doc: Document, original: bool, has_source: bool) -> list[Finding]:
    """One finding per other document the article repeats, listing the paragraphs."""
    by_doc: dict[str, list[ParagraphMatch]] = {}
    for m in matches:
        by_doc.setdefault(m.other.key, []).append(m)
    total = sum(len(p.grams) for p in doc.paragraphs) or 1
    out = []
    for ms in by_doc.values():
        other = ms[0].other
        share = sum(len(grams(m.text)) for m in ms) / total
        wheres = "、".join(dict.fromkeys(m.where for m in ms))
        pairs = "；".join(f"{m.where} ≈ {m.other_where}（{m.containment:.0%}）" for m in ms[:6])
        msg = (f"与{KIND_ZH[other.kind]}《{other.title}》有 {len(ms)} 段高度相似，约占正文 {min(share, 1):.0%}：{pairs}"
               + ("。" if len(ms) <= 6 else " 等。"))
        ref = {"document": other.key, "paragraphs": [m.where for m in ms], "share": round(min(share, 1.0), 3)}
        if other.kind == "external" and not has_source:
            level = "warn"
            cite = f"（来源：{other.source}）" if other.source else ""
            fix = (f"改写这些段落；若是转载，把图文设为转载并写上来源和作者{cite}。" if original
                   else f"在图文设置里写上来源和原作者{cite}，并确认已获得转载授权。")
            if original:
                msg += " 图文声明为原创。"
        elif other.kind == "article":
            level, fix = "notice", "同一内容多次发布可能被平台判为重复内容，确认这是有意的。"
        else:
            level, fix = "notice", "复用自己的素材没有版权问题；若素材本身摘自他处，记得注明出处。"
        out.append(Finding(level, "originality", wheres, f"《{other.title}》", msg, fix, ref))
    return out

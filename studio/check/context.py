"""False-positive control: judges a candidate hit by the words around it.

jieba (its own Tokenizer, dictionary words only, HMM off so unknown text falls apart into single
characters) segments a small window of the ``seg`` view (skips removed, real punctuation kept):
  * a hit whose first or last character belongs to a longer real word that reaches outside the hit
    straddles a word boundary (消毒|品牌 is not 毒品; 一枪|，|支援 is not 枪支);
  * a homophone hit fails if a substituted character is part of a real word (戊戌维新, 有威信)
    or every substituted character is a very common one (为新 in 为新的一年);
  * allow-list phrases and context exemptions (第一次, 力争第一) that cover the hit suppress it.
"""
from __future__ import annotations

import itertools
import re
import threading
from functools import lru_cache

import ahocorasick

from studio import cjk
from studio.cjk import is_han

WINDOW = 8
COMMON_FREQ = 20000      # single characters this frequent are everyday words, not disguises
FAIRLY_COMMON = 10000    # ... and these, next to a word that is the rest of the term (摇头|完)
TERM_FREQ = 50

_lock = threading.Lock()
_tokenizer = None  # a jieba Tokenizer of our own: it learns the lexicon's terms
_added: set[str] = set()     # lexicon terms we taught jieba (not real dictionary words)
_terms: set[str] = set()     # every lexicon term: a term never counts as a crossing word
_pending: set[str] = set()


def tokenizer():
    """jieba's dictionary takes a second or two to load, so it loads on the first candidate hit."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            _tokenizer = cjk.new_tokenizer()
        if _pending:
            for w in _pending:
                if not _tokenizer.FREQ.get(w):  # prefixes of other words sit there with 0
                    _tokenizer.add_word(w, TERM_FREQ)
                    _added.add(w)
            _pending.clear()
            _cut.cache_clear()
    return _tokenizer


def add_terms(terms) -> None:
    """Teach the segmenter the lexicon's terms so a term is not cut apart by chance."""
    new = {w for w in terms if len(w) >= 2 and all(is_han(c) for c in w)} - _terms
    with _lock:
        _terms.update(new)
        _pending.update(new)
    if new:
        _straddles_window.cache_clear()


def is_dict_word(w: str) -> bool:
    """A real word of jieba's own dictionary (not one of our lexicon terms)."""
    return len(w) >= 2 and w not in _added and tokenizer().FREQ.get(w, 0) > 0


def char_freq(c: str) -> int:
    return tokenizer().FREQ.get(c, 0)


@lru_cache(maxsize=8192)
def _cut(window: str) -> tuple[tuple[int, int, str], ...]:
    out, pos = [], 0
    for w in tokenizer().cut(window, HMM=False):
        out.append((pos, pos + len(w), w))
        pos += len(w)
    return tuple(out)


def _dict_words(s: str, x_lo: int, x_hi: int, y_min: int):
    """Dictionary words s[x:y] of two or more characters with x_lo <= x < x_hi and y > y_min: the
    only multi-character words jieba (HMM off) can cut there, found with a few prefix look-ups."""
    freq = tokenizer().FREQ
    n = len(s)
    for x in range(max(0, x_lo), x_hi):
        y, frag = x + 1, s[x]
        while frag in freq:      # jieba keeps every prefix of a word (with frequency 0)
            if y > y_min and y - x >= 2 and freq[frag]:
                yield x, y, frag
            y += 1
            if y > n:
                break
            frag = s[x:y]


def _all_cjk(w: str) -> bool:
    return all(is_han(c) for c in w)


def words_around(seg: str, a: int, b: int) -> tuple[int, tuple[tuple[int, int, str], ...]]:
    lo = max(0, a - WINDOW)
    return lo, _cut(seg[lo:min(len(seg), b + WINDOW)])


def straddles(seg: str, a: int, b: int, check_start: bool = True, check_end: bool = True,
              meant: str | None = None, min_freq: int = 1) -> bool:
    """True if a real multi-character Chinese word crosses the hit's start or end.

    ``meant`` (the term, for a disguised hit) replaces the hit before segmenting, so jieba reads
    what the writer meant: in ``shua单日结`` the words are 刷单|日结, not 单日. Words rarer than
    ``min_freq`` do not count (for terms with Latin letters, which jieba cannot be taught)."""
    lo = max(0, a - WINDOW)
    seg, a, b = seg[lo:min(len(seg), b + WINDOW)], a - lo, b - lo   # never copy the whole text
    if meant and meant != seg[a:b]:
        seg, b = seg[:a] + meant + seg[b:], a + len(meant)
    return _straddles_window(seg, a, b, check_start, check_end, min_freq)


@lru_cache(maxsize=8192)
def _straddles_window(seg: str, a: int, b: int, check_start: bool, check_end: bool, min_freq: int) -> bool:
    freq = tokenizer().FREQ

    def counts(x: int, y: int, w: str) -> bool:
        return w not in _terms and not (x <= a and b <= y) and _all_cjk(w) and freq.get(w, 0) >= min_freq

    crossing = itertools.chain(_dict_words(seg, 0, a, a) if check_start else (),
                               _dict_words(seg, 0, b, b) if check_end else ())
    if not any(counts(x, y, w) for x, y, w in crossing):
        return False   # no word that could cross the hit: no need to segment
    lo, words = words_around(seg, a, b)
    for x, y, w in words:
        x, y = x + lo, y + lo
        if y - x < 2 or w in _terms or not _all_cjk(w) or freq.get(w, 0) < min_freq:
            continue
        if x <= a and b <= y:
            continue  # a compound that contains the whole term (手机号码, 最低价格) still says it
        if check_start and x < a < y:
            return True
        if check_end and x < b < y:
            return True
    return False


def plainly_real(hit: str, subs: list[int], disguised: bool = False) -> bool:
    """Dictionary-only part of ``homophone_is_real`` (``subs``: swapped positions in ``hit``); no
    segmentation needed. A very common character swapped in reads as itself (为新 is not 微信),
    unless it is the only change in a longer term and the rest is no word of its own (要头丸 reads
    摇头丸, 摇头完 does not); with two swaps, one common character is enough. A hit that is itself
    a word (威信) is real, unless it is plainly ``disguised`` (威.信, 加我威信)."""
    freq = [char_freq(hit[k]) for k in subs]
    common = [f >= COMMON_FREQ for f in freq]
    if len(subs) == 1:
        k = subs[0]
        rest = hit[:k] if k == len(hit) - 1 else hit[1:] if k == 0 else ""
        everyday = common[0] if len(hit) < 3 else freq[0] >= FAIRLY_COMMON and is_dict_word(rest)
    else:
        everyday = any(common)
    return everyday or (not disguised and is_dict_word(hit))


_CUE_BEFORE = re.compile(r"(?:加|添加|联系|私聊|私信|私|搜|搜索|扫|留)(?:我|个|下|一下|的)?$")
_CUE_AFTER = re.compile(r"(?:号|id)?[:：]?[a-z0-9_-]{5,}")


def diversion_cue(seg: str, a: int, b: int) -> bool:
    """The hit is asked to be added or followed by an account id (加我威信, 威信号：abc123): a
    homophone that is also a real word (威信) is then a disguise after all."""
    return bool(_CUE_BEFORE.search(seg, max(0, a - 4), a) or _CUE_AFTER.match(seg, b))


def homophone_is_real(seg: str, a: int, b: int, substituted: list[int]) -> bool:
    """True if the substituted characters (seg positions) read as ordinary text, not a disguise."""
    if not substituted:
        return False
    if plainly_real(seg[a:b], [i - a for i in substituted]):
        return True
    lo = max(0, a - WINDOW)
    win = seg[lo:min(len(seg), b + WINDOW)]
    if not any(w not in _added for i in substituted for _, _, w in _dict_words(win, i - lo - 12, i - lo + 1, i - lo)):
        return False   # no dictionary word holds a swapped character
    lo, words = words_around(seg, a, b)
    for x, y, w in words:
        x, y = x + lo, y + lo
        if y - x >= 2 and is_dict_word(w) and any(x <= i < y for i in substituted):
            return True
    return False


class Exempter:
    """Allow-list phrases and regex exemptions, checked on the ``seg`` view."""

    def __init__(self, allow: list[str], exemptions, seg_form):
        self.allow = ahocorasick.Automaton()
        self.max_allow = 0
        for ph in allow:
            key = seg_form(ph)
            if key:
                self.allow.add_word(key, len(key))
                self.max_allow = max(self.max_allow, len(key))
        if self.max_allow:
            self.allow.make_automaton()
        self.rules: dict[str, list[tuple[str, str]]] = {}
        for ex in exemptions:
            self.rules.setdefault(ex.target, []).append((ex.pattern, ex.reason))

    def allowed(self, seg: str, a: int, b: int) -> bool:
        if not self.max_allow:
            return False
        lo = max(0, b - self.max_allow)
        hi = min(len(seg), a + self.max_allow)
        for end, n in self.allow.iter(seg[lo:hi]):
            s, e = lo + end - n + 1, lo + end + 1
            if s <= a and b <= e:
                return True
        return False

    def exempt(self, seg: str, a: int, b: int, term: str, category: str) -> str | None:
        """The reason a context exemption applies, or None."""
        rules = self.rules.get(term, []) + self.rules.get("@" + category, []) + self.rules.get("*", [])
        if not rules:
            return None
        lo, hi = max(0, a - 12), min(len(seg), b + 12)
        for pattern, reason in rules:
            rx = _compile(pattern.replace("{T}", re.escape(seg[a:b])))
            for m in rx.finditer(seg, lo, hi):
                if m.start() <= a and b <= m.end():
                    return reason or pattern
        return None


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern)

"""The one normalisation chain of the checker, with a map from every normalised char back to the original.

Each original character is first mapped 1:1 (so offsets survive) through one lazily filled table:
full/half width and compatibility forms (NFKC), case, 繁→简 (opencc, per character), look-alike
Latin letters, and a class: kept, soft skip (zero-width, symbols, emoji, marks), space, or hard
punctuation (，。！？ and line breaks: skippable, but a word boundary for false-positive control).

Two views are then cut from that string with numpy, each with an index array to the original:
  * ``literal``   skips removed, a single space kept between Latin words (single letters spelled
                  out with spaces, ``w e i x i n``, are joined), repeated chars collapsed;
  * ``seg``       only soft skips and spaces removed: what jieba sees when judging word boundaries.

Some symbols stand for words in evasions: ``+``/``➕`` for 加 (``+v``, ``+微``) and hearts for 心/信
(``V❤``). The main views skip them; ``reading_sites`` finds them and ``normalize(..., readings)``
builds a view that reads them, which the matcher scans in a small window around each one.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import opencc

from studio.cjk import is_han

MAX_GAP = 6      # skipped characters allowed between two characters of one hit
SOFT = "\x00"    # removed everywhere
SPACE = "\x01"   # removed, except one space between two Latin letters in ``literal``
HARD_PUNCT = set("，。！？；：、,!?;:…\n")
LINE_BREAKS = set("\n\r\u2028\u2029\x0b\x0c\x85")
ZERO_WIDTH = set("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad\u034f")
# Cyrillic, Greek and IPA letters that look like Latin ones (аdd => add): a small, explicit table.
CONFUSABLES = dict(zip("аеорсхуіјѕԁһкмтвнгпѵԛԝαονρτυχεκιβγνɑɡɩʋ",
                       "aeopcxyijsdhkmtbhrnvqwaovptuxekibyvagiv"))
# Enclosed letters and digits that NFKC leaves alone (🅥 🅧 🇻 ❶): first code point, count, first char.
_ENCLOSED = ((0x1F150, 26, "a"), (0x1F170, 26, "a"), (0x1F1E6, 26, "a"), (0x2776, 9, "1"),
             (0x2780, 9, "1"), (0x278A, 9, "1"), (0x24EB, 10, "1"), (0x24F5, 9, "1"))
# Symbols read as words, in the reading view only.
PLUS = set("+➕✚✙")                 # 加 (＋ ﹢ ⁺ are NFKC-folded to +)
HEARTS = set("❤♥♡❣💗💓💖💕💘💝💞💟🧡💛💚💙💜🖤🤍🤎💌")
_READABLE = re.compile("[" + re.escape("".join(sorted(PLUS | HEARTS | set("＋﹢⁺")))) + "]")

_t2s = opencc.OpenCC("t2s")


def _map_char(ch: str) -> str:
    if ch in ZERO_WIDTH:
        return SOFT
    if ch in LINE_BREAKS:
        return "\n"
    if ch.isspace():
        return SPACE
    n = unicodedata.normalize("NFKC", ch)
    if len(n) != 1:
        inner = [c for c in n if c.isalnum()]   # ⒱ -> (v), ⒈ -> 1.
        n = inner[0] if len(inner) == 1 and len(n) <= 3 else ch
    if n == ch:
        n = _enclosed(ch)
    n = n.lower()
    if len(n) != 1:
        n = ch
    if is_han(n):
        s = _t2s.convert(n)
        return s if len(s) == 1 else n
    n = CONFUSABLES.get(n, n)
    if n.isalpha() and not n.isascii():
        n = _latin_base(n)
    if n in HARD_PUNCT:
        return n
    if n.isspace():
        return SPACE
    cat = unicodedata.category(n)
    if cat[0] in "LN":
        return n
    return SOFT  # symbols, punctuation, marks, emoji, private use, controls


def _enclosed(ch: str) -> str:
    o = ord(ch)
    for first, count, base in _ENCLOSED:
        if first <= o < first + count:
            return chr(ord(base) + o - first)
    return ch


def _latin_base(ch: str) -> str:
    """Latin letters with accents or tone marks lose them (dǔ -> du); ü is pinyin v (lǜ -> lv)."""
    d = unicodedata.normalize("NFD", ch)
    if not ("a" <= d[0] <= "z"):
        return ch
    return "v" if d[0] == "u" and "\u0308" in d else d[0]


class _CharTable(dict):
    """str.translate table filled on first sight of each code point."""

    def __missing__(self, code: int) -> str:
        value = _map_char(chr(code))
        self[code] = value
        return value


CHAR_TABLE = _CharTable()
_IS_HARD = np.zeros(0x110000, dtype=bool)
_IS_HARD[[ord(c) for c in HARD_PUNCT]] = True
_A, _Z = ord("a"), ord("z")
_UNKNOWN = 0xFFFFFFFF
_LUT = np.full(0x110000, _UNKNOWN, dtype=np.uint32)   # CHAR_TABLE as an array, filled as we go


def _codes(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def map_codes(codes: np.ndarray) -> np.ndarray:
    """CHAR_TABLE applied to an array of code points (a new array)."""
    m = _LUT[codes]
    unknown = m == _UNKNOWN
    if unknown.any():
        for c in np.unique(codes[unknown]).tolist():
            _LUT[c] = ord(CHAR_TABLE[c])
        m = _LUT[codes]
    return m


def _text(codes: np.ndarray) -> str:
    return codes.astype("<u4").tobytes().decode("utf-32-le")


def is_latin(ch: str) -> bool:
    return "a" <= ch <= "z"


@dataclass
class Normalized:
    """A text and its normalised views. ``lit_start[i]``/``lit_end[i]`` give the original span of
    ``literal[i]`` (a collapsed run of repeats covers all of them)."""

    original: str
    literal: str
    lit_start: np.ndarray
    lit_end: np.ndarray
    lit_codes: np.ndarray = field(repr=False)   # code points of ``literal``
    _codes: np.ndarray = field(repr=False)       # mapped code points, 1:1 with original
    read: frozenset = frozenset()                # original positions of symbols read as words

    @cached_property
    def mapped(self) -> str:
        """The original mapped 1:1 (width, case, 繁简 ...; skips are \\x00, spaces \\x01)."""
        return _text(self._codes)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original [start, end) of literal[i:j]."""
        return int(self.lit_start[i]), int(self.lit_end[j - 1])

    @cached_property
    def seg_index(self) -> np.ndarray:
        return np.flatnonzero(self._codes > 1)

    @cached_property
    def seg(self) -> str:
        return _text(self._codes[self.seg_index])

    @cached_property
    def _seg_before(self) -> np.ndarray:
        """For each original position, how many ``seg`` characters come before it."""
        return np.concatenate(([0], np.cumsum(self._codes > 1)))

    def to_seg(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) -> [start, end) in ``seg``."""
        before = self._seg_before
        return int(before[start]), int(before[end])

    @cached_property
    def wide_gaps(self) -> set[int]:
        """Literal indices k where more than MAX_GAP characters were skipped before literal[k+1]."""
        gaps = self.lit_start[1:] - self.lit_end[:-1]
        return set(np.flatnonzero(gaps > MAX_GAP).tolist())

    @cached_property
    def run_lengths(self) -> np.ndarray:
        """How many kept characters each ``literal`` character stands for (2 for a collapsed nn)."""
        si = self.seg_index
        return np.searchsorted(si, self.lit_end) - np.searchsorted(si, self.lit_start)

    def symbol_inside(self, start: int, end: int) -> bool:
        """Whether a skipped symbol, emoji or zero-width character lies in original [start, end)."""
        return bool((self._codes[start:end] == 0).any())

    def kept_count(self, start: int, end: int) -> int:
        """How many non-skipped characters lie in original [start, end)."""
        a, b = self.to_seg(start, end)
        return b - a


def _shift(a: np.ndarray, k: int, fill=False) -> np.ndarray:
    """``a`` moved k places right (k > 0) or left (k < 0), the gap filled with ``fill``."""
    out = np.full_like(a, fill)
    if k > 0:
        out[k:] = a[:-k]
    elif k < 0:
        out[:k] = a[-k:]
    return out


def _separators(idx: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Collapse each run of spaces (1) and hard punctuation (2) to one separator, which stays (as a
    space) only between two Latin letters: always after hard punctuation (``wei xin，abc``), after
    spaces unless both sides are single letters spelled out (``v x``, ``w e i x i n``, ``q q``)."""
    sep = v <= 2
    first = sep & ~_shift(sep, 1)
    last = sep & ~_shift(sep, -1)
    fs, ls = np.flatnonzero(first), np.flatnonzero(last)
    hard_before = np.cumsum(v == 2)
    run_hard = hard_before[ls] - hard_before[fs] + (v[fs] == 2) > 0
    v = v.copy()
    v[fs[run_hard]] = 2
    keep = ~sep | first
    idx, v = idx[keep], v[keep]
    let = (v >= _A) & (v <= _Z)
    n = len(v)
    between = (v <= 2) & _shift(let, 1) & _shift(let, -1)
    single_prev = ~_shift(let, 2)
    single_next = ~_shift(let, -2)
    stays = between & ((v == 2) | ~(single_prev & single_next))
    keep = (v > 2) | stays
    idx, v = idx[keep], v[keep]
    v[v <= 2] = 32
    return idx, v


def normalize(text: str, readings: dict[int, str] | None = None) -> Normalized:
    """The views of ``text``; ``readings`` (original position -> character) reads symbols as words."""
    codes = map_codes(_codes(text))
    for pos, ch in (readings or {}).items():
        codes[pos] = ord(ch)
    idx = np.flatnonzero(codes > 0)
    v = codes[idx]
    hard = _IS_HARD[v]
    if hard.any() or (v == 1).any():
        v = np.where(hard, 2, v)
        idx, v = _separators(idx, v)
    if len(v):
        starts = np.flatnonzero(_shift(v, 1, fill=_UNKNOWN) != v)
        lit_start = idx[starts]
        lit_end = idx[np.append(starts[1:] - 1, len(v) - 1)] + 1
        lit_codes = v[starts]
    else:
        lit_start = lit_end = np.zeros(0, dtype=np.int64)
        lit_codes = np.zeros(0, dtype=np.uint32)
    return Normalized(text, _text(lit_codes), lit_start, lit_end, lit_codes, codes, frozenset(readings or ()))


def normalize_term(term: str) -> str:
    """The ``literal`` form of a lexicon term or allow-list phrase (pure Python: terms are short;
    the same rules as ``normalize``, which a test keeps in step)."""
    HARD = "\x02"
    chars = [HARD if c in HARD_PUNCT else c for c in term.strip().translate(CHAR_TABLE) if c != SOFT]
    runs: list[str] = []
    for c in chars:                       # one separator per run, hard if any of it is
        if c in (SPACE, HARD) and runs and runs[-1] in (SPACE, HARD):
            runs[-1] = HARD if HARD in (c, runs[-1]) else SPACE
        else:
            runs.append(c)
    out: list[str] = []
    for k, c in enumerate(runs):
        if c in (SPACE, HARD):
            prev, nxt = runs[k - 1] if k else "", runs[k + 1] if k + 1 < len(runs) else ""
            if not (is_latin(prev) and is_latin(nxt)):
                continue
            single = (k < 2 or not is_latin(runs[k - 2])) and (k + 2 >= len(runs) or not is_latin(runs[k + 2]))
            if c == SPACE and single:
                continue
            c = " "
        if out and out[-1] == c:
            continue
        out.append(c)
    return "".join(out)


def _neighbour(text: str, p: int, step: int) -> str:
    """The nearest mapped character before (step -1) or after (+1) position p, skips ignored."""
    p += step
    while 0 <= p < len(text):
        c = CHAR_TABLE[ord(text[p])]
        if c not in (SOFT, SPACE) and c not in PLUS:
            return c
        p += step
    return ""


def reading_sites(text: str) -> dict[int, str]:
    """Positions of symbols that stand for words, with what they read as: ``+``/``➕`` before a
    letter or a Chinese character (and not after a letter or digit: ``1+1``, ``Ctrl+V``) read 加;
    hearts read 心 (V❤, 薇❤ for V信, 微信)."""
    out: dict[int, str] = {}
    for m in _READABLE.finditer(text):
        p, ch = m.start(), m.group()
        if ch in HEARTS:
            out[p] = "心"
            continue
        prev, nxt = _neighbour(text, p, -1), _neighbour(text, p, 1)
        if nxt and (is_latin(nxt) or is_han(nxt)) and not (prev.isascii() and prev.isalnum()):
            out[p] = "加"
    return out


def seg_form(text: str) -> str:
    """The ``seg`` form (skips and spaces removed, punctuation kept) of a phrase."""
    return "".join(c for c in text.translate(CHAR_TABLE) if c not in (SOFT, SPACE))

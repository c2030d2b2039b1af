"""The one normalisation chain of the checker, with a map from every normalised char back to the original.

Each original character is first mapped 1:1 (so offsets survive) through one lazily filled table:
full/half width and compatibility forms (NFKC), case, 繁→简 (opencc, per character), look-alike
Latin letters, and a class: kept, soft skip (zero-width, symbols, emoji, marks), space, or hard
punctuation (，。！？ and line breaks: skippable, but a word boundary for false-positive control).

Three views are then cut from that string with numpy, each with an index array to the original:
  * ``literal``   skips removed, a single space kept between Latin letters, repeated chars collapsed;
  * ``seg``       only soft skips and spaces removed: what jieba sees when judging word boundaries.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import opencc

MAX_GAP = 6      # skipped characters allowed between two characters of one hit
SOFT = "\x00"    # removed everywhere
SPACE = "\x01"   # removed, except one space between two Latin letters in ``literal``
HARD_PUNCT = set("，。！？；：、,!?;:…\n")
LINE_BREAKS = set("\n\r\u2028\u2029\x0b\x0c\x85")
ZERO_WIDTH = set("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad\u034f")
# Cyrillic and Greek letters that look like Latin ones (аdd => add): a small, explicit table.
CONFUSABLES = dict(zip("аеорсхуіјѕԁһкмтвнαονρτυχεκι", "aeopcxyijsdhkmtbhaovptuxeki"))

_t2s = opencc.OpenCC("t2s")


def _is_cjk(ch: str) -> bool:
    if "\u4e00" <= ch <= "\u9fff":
        return True
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F or 0xF900 <= o <= 0xFAFF


def _map_char(ch: str) -> str:
    if ch in ZERO_WIDTH:
        return SOFT
    if ch in LINE_BREAKS:
        return "\n"
    if ch.isspace():
        return SPACE
    n = unicodedata.normalize("NFKC", ch)
    if len(n) != 1:
        n = ch
    n = n.lower()
    if len(n) != 1:
        n = ch
    if _is_cjk(n):
        s = _t2s.convert(n)
        return s if len(s) == 1 else n
    n = CONFUSABLES.get(n, n)
    if n in HARD_PUNCT:
        return n
    if n.isspace():
        return SPACE
    cat = unicodedata.category(n)
    if cat[0] in "LN":
        return n
    return SOFT  # symbols, punctuation, marks, emoji, private use, controls


class _CharTable(dict):
    """str.translate table filled on first sight of each code point."""

    def __missing__(self, code: int) -> str:
        value = _map_char(chr(code))
        self[code] = value
        return value


CHAR_TABLE = _CharTable()
_HARD_CODES = np.array(sorted(ord(c) for c in HARD_PUNCT), dtype=np.uint32)
_A, _Z = ord("a"), ord("z")


def _codes(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-32-le"), dtype="<u4")


def _text(codes: np.ndarray) -> str:
    return codes.astype("<u4").tobytes().decode("utf-32-le")


def is_latin(ch: str) -> bool:
    return "a" <= ch <= "z"


@dataclass
class Normalized:
    """A text and its normalised views. ``lit_start[i]``/``lit_end[i]`` give the original span of
    ``literal[i]`` (a collapsed run of repeats covers all of them)."""

    original: str
    mapped: str                 # 1:1 with original
    literal: str
    lit_start: np.ndarray
    lit_end: np.ndarray
    _codes: np.ndarray = field(repr=False)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original [start, end) of literal[i:j]."""
        return int(self.lit_start[i]), int(self.lit_end[j - 1])

    @cached_property
    def seg_index(self) -> np.ndarray:
        return np.flatnonzero(self._codes > 1)

    @cached_property
    def seg(self) -> str:
        return _text(self._codes[self.seg_index])

    def to_seg(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) -> [start, end) in ``seg``."""
        a, b = np.searchsorted(self.seg_index, (start, end)).tolist()
        return a, b

    @cached_property
    def wide_gaps(self) -> set[int]:
        """Literal indices k where more than MAX_GAP characters were skipped before literal[k+1]."""
        gaps = self.lit_start[1:] - self.lit_end[:-1]
        return set(np.flatnonzero(gaps > MAX_GAP).tolist())

    def kept_count(self, start: int, end: int) -> int:
        """How many non-skipped characters lie in original [start, end)."""
        a, b = self.to_seg(start, end)
        return b - a


def normalize(text: str) -> Normalized:
    mapped = text.translate(CHAR_TABLE)
    codes = _codes(mapped)
    hard = np.isin(codes, _HARD_CODES)
    idx = np.flatnonzero(((codes > 1) & ~hard) | (codes == 1))
    v = codes[idx]
    sp = v == 1
    if sp.any():
        sp_run = sp & np.r_[False, sp[:-1]]
        idx, v = idx[~sp_run], v[~sp_run]
        sp = v == 1
        let = (v >= _A) & (v <= _Z)
        between = sp & np.r_[False, let[:-1]] & np.r_[let[1:], False]
        keep = ~sp | between
        idx, v = idx[keep], v[keep].copy()
        v[v == 1] = 32
    if len(v):
        starts = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
        lit_start = idx[starts]
        lit_end = idx[np.r_[starts[1:] - 1, len(v) - 1]] + 1
        literal = _text(v[starts])
    else:
        lit_start = lit_end = np.zeros(0, dtype=np.int64)
        literal = ""
    return Normalized(text, mapped, literal, lit_start, lit_end, codes)


def normalize_term(term: str) -> str:
    """The ``literal`` form of a lexicon term or allow-list phrase (pure Python: terms are short)."""
    out: list[str] = []
    chars = [c for c in term.strip().translate(CHAR_TABLE) if c not in HARD_PUNCT and c != SOFT]
    for k, c in enumerate(chars):
        if c == SPACE:
            if 0 < k < len(chars) - 1 and out and is_latin(out[-1]) and is_latin(chars[k + 1]):
                c = " "
            else:
                continue
        if out and out[-1] == c:
            continue
        out.append(c)
    return "".join(out)


def seg_form(text: str) -> str:
    """The ``seg`` form (skips and spaces removed, punctuation kept) of a phrase."""
    return "".join(c for c in text.translate(CHAR_TABLE) if c not in (SOFT, SPACE))

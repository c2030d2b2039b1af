"""Pinyin view of normalised text: each syllable becomes one private-use code point.

Chinese characters take their most common reading (pypinyin's dictionary); Latin letter pieces
(``kao``, ``wei xin``) are split into syllables when they spell pinyin, otherwise kept as letters.
Terms are tokenised the same way, so 围信, weixin, wei信 and 微信 share one phonetic key.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from studio.cjk import install_pinyin_phrases, is_han

install_pinyin_phrases()  # before pypinyin's own import, which would hold the GIL for 70-200 ms
from pypinyin import Style, lazy_pinyin, pinyin  # noqa: E402
from pypinyin.pinyin_dict import pinyin_dict  # noqa: E402

PUA_BASE = 0xE000
_LATIN_RUN = re.compile(r"[a-z]+(?: [a-z]+)*")


def _toneless(reading: str) -> str:
    s = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")   # ü is v (lǜ -> lv)
    return "".join(c for c in s if not unicodedata.combining(c))


def _build():
    syllables: dict[str, int] = {}
    first: dict[int, str] = {}
    heteronyms: set[int] = set()
    for code, readings in pinyin_dict.items():
        parts = [_toneless(r) for r in readings.split(",")]
        for p in parts:
            if p and p.isascii() and p.isalpha():
                syllables.setdefault(p, len(syllables))
        if parts and parts[0] in syllables and is_han(chr(code)):
            first[code] = parts[0]
            if len(set(parts)) > 1:
                heteronyms.add(code)
    return syllables, first, heteronyms


SYLLABLES, _FIRST, _HETERONYMS = _build()
MAX_SYLLABLE = max(map(len, SYLLABLES))
SYLLABLE_CHAR = {s: chr(PUA_BASE + i) for s, i in SYLLABLES.items()}


class _PhonTable(dict):
    """str.translate table: Chinese character -> its syllable's code point; others unchanged
    (cached on first sight, so translate never takes the slow missing-key path twice)."""

    def __missing__(self, code: int) -> int:
        self[code] = code
        return code


PHON_TABLE = _PhonTable({code: SYLLABLE_CHAR[s] for code, s in _FIRST.items()})
# Look-alike characters (形近字) used as disguises although they sound different (徽信 for 微信,
# 祼聊 for 裸聊): in the phonetic view they take the sound of the character they imitate, so they
# are judged like homophones (a swap that is part of a real word, 安徽, does not count).
LOOKALIKES = dict(zip("徽嶶毐祼伐痳氷刁", "微微毒裸代麻冰刀"))
PHON_TABLE.update({ord(c): PHON_TABLE[ord(t)] for c, t in LOOKALIKES.items()})
PHON_LUT = np.arange(0x110000, dtype=np.uint32)       # PHON_TABLE as an array over code points
PHON_LUT[np.array(list(PHON_TABLE), dtype=np.int64)] = [ord(v) for v in PHON_TABLE.values()]


def is_syllable_char(ch: str) -> bool:
    return PUA_BASE <= ord(ch) < PUA_BASE + len(SYLLABLES)


@lru_cache(maxsize=4096)
def split_pinyin(piece: str) -> tuple[str, ...] | None:
    """Split a run of letters into pinyin syllables (fewest syllables), or None if it is not pinyin."""
    n = len(piece)
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # (count, previous cut)
    best[0] = (0, -1)
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(min(n, i + MAX_SYLLABLE), i, -1):
            if piece[i:j] in SYLLABLES:
                cand = (best[i][0] + 1, i)
                if best[j] is None or cand[0] < best[j][0]:
                    best[j] = cand
    if best[n] is None:
        return None
    cuts, j = [], n
    while j > 0:
        i = best[j][1]
        cuts.append(piece[i:j])
        j = i
    return tuple(reversed(cuts))


@dataclass(frozen=True)
class Token:
    key: str            # one code point: a syllable, a letter, a digit or a character
    start: int          # span in the literal string
    end: int
    latin: bool         # came from Latin letters
    piece_start: bool   # first token of a Latin piece
    piece_end: bool     # last token of a Latin piece
    char: str = ""      # the Chinese character, when it came from one


def tokenize(literal: str, lo: int = 0, hi: int | None = None, readings: dict[int, str] | None = None,
             tones: bool = False, reps=None) -> list[Token]:
    """Phonetic tokens of literal[lo:hi]. ``readings`` overrides a character's syllable (for terms);
    with ``tones`` a tone number after a syllable of text belongs to it (du4 bo2); ``reps[k]`` is
    how many times literal[k] stood in the text before repeats were collapsed (wanneng, not waneng)."""
    hi = len(literal) if hi is None else hi
    out: list[Token] = []
    i = lo
    while i < hi:
        ch = literal[i]
        if "a" <= ch <= "z":
            m = _LATIN_RUN.match(literal, i, hi)
            _latin_tokens(literal, m.start(), m.end(), out, reps)
            i = m.end()
            if tones and i < hi and literal[i] in "12345" and (i + 1 >= hi or not literal[i + 1].isdigit()) \
                    and is_syllable_char(out[-1].key) and out[-1].end - out[-1].start >= 2:
                out[-1] = replace(out[-1], end=i + 1)   # a tone number: du4 bo2
                i += 1
            continue
        syl = (readings or {}).get(i) or _FIRST.get(ord(ch))
        key = SYLLABLE_CHAR[syl] if syl in SYLLABLE_CHAR else ch
        out.append(Token(key, i, i + 1, False, False, False, ch if is_han(ch) else ""))
        i += 1
    return out


def _expanded_syllables(s: str, p0: int, piece: str, reps):
    """Syllable spans of a piece with its collapsed double letters restored (wan|neng share the
    one literal n), or None."""
    if reps is None or all(reps[p0 + k] < 2 for k in range(len(piece))):
        return None
    pos = [p0 + k for k in range(len(piece)) for _ in range(min(2, int(reps[p0 + k])))]
    syls = split_pinyin("".join(s[p] for p in pos))
    if syls is None:
        return None
    spans, k = [], 0
    for syl in syls:
        spans.append((pos[k], pos[k + len(syl) - 1] + 1, SYLLABLE_CHAR[syl]))
        k += len(syl)
    return spans


def _piece_spans(p0: int, piece: str) -> list[tuple[int, int, str]]:
    syls = split_pinyin(piece)
    if syls is None:
        return [(p0 + k, p0 + k + 1, c) for k, c in enumerate(piece)]
    spans, k = [], p0
    for syl in syls:
        spans.append((k, k + len(syl), SYLLABLE_CHAR[syl]))
        k += len(syl)
    return spans


def _latin_tokens(s: str, a: int, b: int, out: list[Token], reps=None) -> None:
    for m in re.finditer(r"[a-z]+", s[a:b]):
        p0, piece = a + m.start(), m.group()
        spans = _expanded_syllables(s, p0, piece, reps) or _piece_spans(p0, piece)
        for n, (x, y, key) in enumerate(spans):
            out.append(Token(key, x, y, True, n == 0, n == len(spans) - 1))


def merge_repeats(tokens: list[Token]) -> list[Token]:
    """One token for a syllable spelled twice in a row (yaoyao), as repeated characters are one in
    ``literal`` (a syllable next to a character that sounds the same is left alone: ma吗)."""
    out: list[Token] = []
    for t in tokens:
        p = out[-1] if out else None
        if p and p.key == t.key and p.latin and t.latin and is_syllable_char(t.key):
            out[-1] = replace(p, end=t.end, piece_end=t.piece_end)
        else:
            out.append(t)
    return out


def latin_runs(literal: str):
    """(start, end) of each run of Latin letters (pieces joined by single spaces) in ``literal``."""
    return [(m.start(), m.end()) for m in _LATIN_RUN.finditer(literal)]


def term_keys(term_literal: str, limit: int = 4) -> list[str]:
    """Phonetic keys of a term: phrase-aware reading plus per-character default and heteronyms."""
    cjk_pos = [i for i, c in enumerate(term_literal) if is_han(c)]
    variants: list[dict[int, str]] = [{}]
    if cjk_pos and not any(ord(term_literal[i]) in _HETERONYMS for i in cjk_pos):
        cjk_pos = []  # one reading per character: the default key is the only key (fast path)
    if cjk_pos:
        chars = "".join(term_literal[i] for i in cjk_pos)
        phrase = lazy_pinyin(chars, style=Style.NORMAL, errors="ignore")
        if len(phrase) == len(cjk_pos):
            variants.append(dict(zip(cjk_pos, (_toneless(p) for p in phrase))))
        each = pinyin(chars, style=Style.NORMAL, heteronym=True, errors="ignore")
        if len(each) == len(cjk_pos):
            for combo in itertools.islice(itertools.product(*each), limit):
                variants.append(dict(zip(cjk_pos, (_toneless(p) for p in combo))))
    keys: list[str] = []
    for v in variants:
        key = "".join(t.key for t in tokenize(term_literal, readings=v))
        if key not in keys:
            keys.append(key)
        if len(keys) >= limit:
            break
    return keys


def initials(term_literal: str) -> str | None:
    """First letters of a Chinese term's syllables (法轮功 -> flg); None if not all Chinese."""
    if not term_literal or not all(is_han(c) for c in term_literal):
        return None
    letters = lazy_pinyin(term_literal, style=Style.FIRST_LETTER, errors="ignore")
    s = "".join(letters).lower()
    return s if len(s) == len(term_literal) and s.isalpha() else None

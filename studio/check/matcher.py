"""The matching engine: Aho-Corasick over the normalised views, then false-positive control.

Three kinds of candidates, each mapped back to exact offsets in the original text:
  * literal   - the term in the ``literal`` view (width, case, 繁简, skips, repeats undone);
  * homophone - same pinyin in the phonetic view (围信 for 微信), for evasive categories only;
  * pinyin    - around Latin letters: full, spaced or mixed pinyin (代kao, wei xin), Latin terms
                (whole words only) and initials of terms of three or more characters (flg).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

import numpy as np

from studio.check import context
from studio.check.automaton import Automaton, pack
from studio.check.lexicon import SEVERITY_RANK, Entry, Lexicon
from studio.check.normalize import (HARD_PUNCT, Normalized, is_latin, normalize, normalize_term, reading_sites,
                                    seg_form)
from studio.check.phonetic import (PHON_LUT, initials, is_syllable_char, latin_runs, merge_repeats, term_keys,
                                   tokenize)
from studio.cjk import han_mask, is_han

_HAS_LATIN = re.compile("[a-z]")
MAX_KEY = 12
MIXED_CROSS_FREQ = 1000   # a word must be this common to cut off a term with Latin letters (有加|v)
_STOPS = HARD_PUNCT - {"\n"}
READ_PAD = 16      # characters around a symbol read as a word (+v, V❤) scanned again with the reading


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    text: str
    term: str
    category: str
    severity: str
    suggestion: str | None
    reason: str = ""
    how: str = "literal"   # literal | homophone | pinyin | initials

    def public(self) -> dict:
        d = asdict(self)
        return {k: d[k] for k in ("start", "end", "text", "term", "category", "severity", "suggestion")}


@dataclass
class _Term:
    entry: Entry
    norm: str
    raw_len: int                 # length before repeats were collapsed
    chars: dict[str, tuple[str, ...]]  # phonetic key -> source char of each token ("" for Latin)

    @property
    def cjk(self) -> bool:
        return all(is_han(c) for c in self.norm)


def _merge(entries: list[Entry]) -> dict[str, Entry]:
    """One entry per normalised term: the most severe wins, suggestion/reason filled from others."""
    out: dict[str, Entry] = {}
    for e in entries:
        key = normalize_term(e.term)
        if not key:
            continue
        old = out.get(key)
        if old is None:
            out[key] = e
            continue
        worse = e if SEVERITY_RANK[e.effective_severity] < SEVERITY_RANK[old.effective_severity] else old
        other = old if worse is e else e
        out[key] = Entry(worse.term, worse.category, worse.severity, worse.suggestion or other.suggestion,
                         worse.reason or other.reason)
    return out


class Matcher:
    """Built once per lexicon; ``scan(text)`` is thread-safe and allocation-light."""

    def __init__(self, lexicon: Lexicon):
        self.terms: list[_Term] = []
        self.literal = Automaton()
        self.homophone = Automaton()
        self.pinyin = Automaton()
        self.initials: dict[str, list[tuple[int, int]]] = {}   # key -> (term, letters)
        self.max_tokens = 1
        self._hom_keys: dict[str, list[int]] = {}
        for norm, e in _merge(lexicon.entries).items():
            self._add(norm, e)
        self._build_homophones()
        for a in (self.literal, self.homophone, self.pinyin):
            a.finalize()
        context.add_terms(t.norm for t in self.terms)
        self.exempter = context.Exempter(lexicon.allow, lexicon.exemptions, seg_form)

    def _add(self, norm: str, e: Entry) -> None:
        tid = len(self.terms)
        term = _Term(e, norm, len(seg_form(e.term.strip())), {})
        self.terms.append(term)
        self.literal.add(norm, tid)
        for key in term_keys(norm):
            if len(key) < 2 or len(key) > MAX_KEY:
                continue
            chars = tuple(t.char for t in tokenize(norm))
            term.chars[key] = chars if len(key) == len(chars) else ()
            self.max_tokens = max(self.max_tokens, len(key))
            _append(self.pinyin, key, tid)
            merged = _merge_key(key)
            if merged != key and len(merged) >= 2:   # 买卖: mai mai spelled maimai reads as one mai
                term.chars[merged] = ()
                _append(self.pinyin, merged, tid)
            if e.evasive:
                tids = self._hom_keys.setdefault(key, [])
                if tid not in tids:
                    tids.append(tid)
        raw = seg_form(e.term.strip())
        ini = initials(raw) if e.evasive and len(raw) >= 3 else None
        if ini:   # collapsed like the text (kky -> ky), but all three letters must be there
            self.initials.setdefault(normalize_term(ini), []).append((tid, len(ini)))

    def _build_homophones(self) -> None:
        """The homophone automaton maps a key to a group of terms; groups and the terms' code points
        are kept as arrays so candidates are screened all at once (``_homophone_candidates``)."""
        groups = self._hom_groups = list(self._hom_keys.values())
        for gid, key in enumerate(self._hom_keys):
            self.homophone.add(key, gid)
        self._hom_ptr = np.cumsum([0] + [len(g) for g in groups]).astype(np.int64)
        self._hom_tids = np.array([t for g in groups for t in g], dtype=np.int64)
        width = MAX_KEY
        padded = "".join(t.norm[:width].ljust(width, "\0") for t in self.terms)
        self._tcodes = np.frombuffer(padded.encode("utf-32-le"), dtype="<u4").reshape(-1, width)
        self._tlen = np.array([len(t.norm) for t in self.terms], dtype=np.int64)
        del self._hom_keys

    # -- scanning -------------------------------------------------------------------------------

    def scan(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        self._scan_views(normalize(text), found)
        sites = reading_sites(text)
        if sites:
            self._scan_readings(text, sites, found)
        return _resolve(found)

    def _scan_readings(self, text: str, sites: dict[int, str], found: list[Finding]) -> None:
        """Scan a window around symbols that stand for words again, reading them (加我+v: 加v)."""
        for lo, hi in _windows(sorted(sites), len(text), READ_PAD):
            local: list[Finding] = []
            self._scan_views(normalize(text[lo:hi], {p - lo: sites[p] for p in sites if lo <= p < hi}), local)
            for f in local:   # a hit away from the window's cut edges was judged in full context
                inside = (lo == 0 or f.start >= context.WINDOW) and (hi == len(text) or hi - lo - f.end >= context.WINDOW)
                if inside or any(p - lo in range(f.start, f.end) for p in sites if lo <= p < hi):
                    found.append(replace(f, start=f.start + lo, end=f.end + lo))

    def _scan_views(self, n: Normalized, found: list[Finding]) -> None:
        lit = n.literal
        for i, j, tid in self.literal.iter(pack(n.lit_codes)):
            self._judge(n, i, j, tid, "literal", (), found)
        if len(self.homophone):
            for i, j, tid in self._homophone_candidates(n):
                self._judge_homophone(n, i, j, tid, found)
        if _HAS_LATIN.search(lit):
            self._scan_latin(n, found)

    def _homophone_candidates(self, n: Normalized) -> list[tuple[int, int, int]]:
        """Homophone hits that differ from their term in a few Chinese characters only: the cheap
        part of ``_judge_homophone`` for all hits at once, in numpy."""
        m = self.homophone.find(pack(PHON_LUT[n.lit_codes]))
        if len(m) < 48:   # a paragraph: numpy's set-up costs more than it saves
            return [(i, j, tid) for i, j, g in m.tolist() for tid in self._hom_groups[g]]
        s, e, g = m[:, 0], m[:, 1], m[:, 2]
        cnt = self._hom_ptr[g + 1] - self._hom_ptr[g]
        first = np.repeat(self._hom_ptr[g], cnt)
        within = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        tid = self._hom_tids[first + within]
        s, e = np.repeat(s, cnt), np.repeat(e, cnt)
        length = e - s
        cols = np.arange(self._tcodes.shape[1])
        pos = np.minimum(s[:, None] + cols, len(n.lit_codes) - 1)
        txt = n.lit_codes[pos]
        diff = (cols < length[:, None]) & (txt != self._tcodes[tid])
        changed = diff.any(1)
        if n.read:
            diff &= ~np.isin(n.lit_start, list(n.read))[pos]
        nsub = diff.sum(1)
        ok = (length == self._tlen[tid]) & changed & (nsub <= np.maximum(1, length // 2)) & \
            ~(diff & ~han_mask(txt)).any(1)
        return list(zip(s[ok].tolist(), e[ok].tolist(), tid[ok].tolist()))

    def _scan_latin(self, n: Normalized, found: list[Finding]) -> None:
        lit, pad = n.literal, self.max_tokens
        runs = latin_runs(lit)
        for r0, r1 in runs:
            self._initials(n, r0, r1, found)
        if not len(self.pinyin):
            return
        windows: list[list[int]] = []
        for r0, r1 in runs:
            lo, hi = max(0, r0 - pad), min(len(lit), r1 + pad)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
        for lo, hi in windows:
            toks = merge_repeats(tokenize(lit, lo, hi, tones=True, reps=n.run_lengths))
            keys = "".join(t.key for t in toks)
            for i, j, tids in self.pinyin.iter(pack(keys)):
                hit = toks[i:j]
                if any(t.latin for t in hit) and _latin_whole(hit):
                    for tid in tids:
                        self._judge_pinyin(n, hit, tid, keys[i:j], found)

    def _initials(self, n: Normalized, r0: int, r1: int, found: list[Finding]) -> None:
        if not self.initials:
            return
        run = n.literal[r0:r1]
        pieces, pos = [], r0
        for p in run.split(" "):
            pieces.append((pos, pos + len(p), p))
            pos += len(p) + 1
        if len(pieces) >= 3 and all(len(p) == 1 for _, _, p in pieces):
            pieces.append((r0, r1, run.replace(" ", "")))
        for a, b, p in pieces:
            for tid, letters in self.initials.get(p, ()):
                if n.kept_count(*n.span(a, b)) >= letters:
                    self._judge(n, a, b, tid, "initials", (), found)

    def _judge_pinyin(self, n: Normalized, hit, tid: int, key: str, found: list[Finding]) -> None:
        term = self.terms[tid]
        chars = term.chars.get(key, ())
        subs = [k for k, t in enumerate(hit) if t.char and (not chars or t.char != chars[k])
                and int(n.lit_start[t.start]) not in n.read]
        if subs and not term.entry.evasive:
            return
        self._judge(n, hit[0].start, hit[-1].end, tid, "pinyin", [hit[k].start for k in subs], found)

    def _judge_homophone(self, n: Normalized, i: int, j: int, tid: int, found: list[Finding]) -> None:
        norm, hit = self.terms[tid].norm, n.literal[i:j]
        if len(norm) != j - i or hit == norm:
            return
        subs = [k for k in range(j - i) if hit[k] != norm[k] and int(n.lit_start[i + k]) not in n.read]
        # a disguise keeps part of the word (饭都 is not 贩毒) and swaps Chinese for Chinese
        if len(subs) > max(1, (j - i) // 2) or not all(is_han(hit[k]) for k in subs):
            return
        if not subs:
            self._judge(n, i, j, tid, "homophone", [], found)
            return
        disguised = n.symbol_inside(*n.span(i, j)) or self._cued(n, i, j, tid)
        if context.plainly_real(hit, subs, disguised):  # cheap, before jieba
            return
        self._judge(n, i, j, tid, "homophone", [] if disguised else [i + k for k in subs], found)

    @staticmethod
    def _word_span(n: Normalized, i: int, j: int, term: _Term, how: str) -> tuple[int, int] | None:
        """The original span of literal[i:j] when no real word crosses its ends, else None. A
        repeated first or last character may belong to the word next door (有毒|毒品): the hit
        then keeps just one of them."""
        lit = n.literal
        meant = term.norm if how != "literal" and term.cjk else None
        min_freq = 1 if term.cjk else MIXED_CROSS_FREQ
        spans = [n.span(i, j)]
        if j - i >= 2 and (n.run_lengths[i] > 1 or n.run_lengths[j - 1] > 1):
            spans.append((int(n.lit_end[i]) - 1, int(n.lit_start[j - 1]) + 1))
        for start, end in spans:
            if not context.straddles(n.seg, *n.to_seg(start, end), is_han(lit[i]), is_han(lit[j - 1]),
                                     meant, min_freq):
                return start, end
        return None

    def _cued(self, n: Normalized, i: int, j: int, tid: int) -> bool:
        """加我威信: a diversion term asked to be added reads as the term even when it is a word."""
        return self.terms[tid].entry.category == "diversion" and \
            context.diversion_cue(n.seg, *n.to_seg(*n.span(i, j)))

    def _judge(self, n: Normalized, i: int, j: int, tid: int, how: str, subs, found: list[Finding]) -> None:
        """Apply false-positive control to literal[i:j]; append a Finding if it survives."""
        term = self.terms[tid]
        e = term.entry
        if _gap_too_wide(n, i, j):
            return
        start, end = n.span(i, j)
        lit = n.literal
        if (start > 0 and _joined(lit[i], n.mapped[start - 1])) or \
           (end < len(n.mapped) and _joined(lit[j - 1], n.mapped[end])):
            return   # Latin and numbers match whole words only (wxPython, top10)
        if term.raw_len > len(term.norm) and n.kept_count(start, end) < term.raw_len:
            return
        seg = n.seg
        a, b = n.to_seg(start, end)
        if how != "literal" and any(c in _STOPS for c in seg[a:b]):
            return  # a disguise does not also hide behind real punctuation (a line break it may)
        span = self._word_span(n, i, j, term, how)
        if span is None:
            return
        start, end = span
        a, b = n.to_seg(start, end)
        if subs:
            seg_subs = [n.to_seg(int(n.lit_start[k]), int(n.lit_start[k]) + 1)[0] for k in subs]
            if context.homophone_is_real(seg, a, b, seg_subs):
                return
        if self.exempter.allowed(seg, a, b) or self.exempter.exempt(seg, a, b, e.term, e.category):
            return
        found.append(Finding(start, end, n.original[start:end], e.term, e.category, e.effective_severity,
                             e.suggestion, e.reason, how))


def _merge_key(key: str) -> str:
    """A phonetic key with a syllable said twice in a row said once (mai mai -> mai)."""
    return "".join(c for k, c in enumerate(key) if k == 0 or c != key[k - 1] or not is_syllable_char(c))


def _joined(edge: str, neighbour: str) -> bool:
    """A hit's first/last character continues into its neighbour: letter-letter or digit-digit."""
    return (is_latin(edge) and is_latin(neighbour)) or (edge.isdigit() and neighbour.isdigit() and edge.isascii())


def _windows(sites: list[int], size: int, pad: int) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for p in sites:
        lo, hi = max(0, p - pad), min(size, p + pad + 1)
        if out and lo <= out[-1][1]:
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _append(automaton: Automaton, key: str, tid: int) -> None:
    tids = automaton.get(key)
    if tids is None:
        automaton.add(key, [tid])
    elif tid not in tids:
        tids.append(tid)


def _latin_whole(hit) -> bool:
    """Latin parts of a pinyin hit start and end on a piece or syllable boundary, never mid-word."""
    first, last = hit[0], hit[-1]
    if first.latin and not first.piece_start and len(first.key) == 1 and first.key.isascii():
        return False
    if last.latin and not last.piece_end and len(last.key) == 1 and last.key.isascii():
        return False
    return True


def _gap_too_wide(n: Normalized, i: int, j: int) -> bool:
    wide = n.wide_gaps
    return bool(wide) and any(k in wide for k in range(i, j - 1))


def _resolve(found: list[Finding]) -> list[Finding]:
    """Drop duplicates and hits inside a longer hit that is at least as severe."""
    best: dict[tuple[int, int], Finding] = {}
    for f in found:
        k = (f.start, f.end)
        old = best.get(k)
        if old is None or SEVERITY_RANK[f.severity] < SEVERITY_RANK[old.severity] or \
           (f.severity == old.severity and f.how == "literal" and old.how != "literal"):
            best[k] = f
    items = sorted(best.values(), key=lambda f: (f.start, -f.end))
    out: list[Finding] = []
    for f in items:
        if any(o.start <= f.start and f.end <= o.end and SEVERITY_RANK[o.severity] <= SEVERITY_RANK[f.severity]
               for o in out[-8:]):
            continue
        out.append(f)
    return out


def check_text(text: str, lexicon: Lexicon) -> list[Finding]:
    return Matcher(lexicon).scan(text)

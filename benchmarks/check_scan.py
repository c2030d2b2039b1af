"""Scanning speed of the full checker chain against raw pyahocorasick, same text, same run.

Text: Chinese sentences sampled from jieba's word frequencies, with evasions (全角, 繁体, 拼音,
谐音, inserted symbols and emoji) and traps mixed in. Lexicon: the builtin lexicons plus synthetic
terms up to --terms (default 50,000), a tenth of them in evasive categories so homophone and
initials matching run too. Reference: pyahocorasick over the raw text with the same terms (no
normalisation, no false-positive control).

    python benchmarks/check_scan.py [--terms 50000] [--mb 3] [--seed 0]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ahocorasick  # noqa: E402

from studio import cjk  # noqa: E402
from studio.check.automaton import Automaton, pack  # noqa: E402
from studio.check.lexicon import Entry, builtin  # noqa: E402
from studio.check.matcher import Matcher  # noqa: E402

EVASIONS = ["加我薇信", "ＶＸ：abc", "賭博網站", "代kao", "wei xin", "毒*品", "毒😀品", "du博", "刷dan",
            "全网最低价", "他开了一枪，支援部队", "消毒品牌", "戊戌维新", "wxPython", "第一次"]


def make_text(target_bytes: int, rng: random.Random) -> str:
    t = cjk.new_tokenizer()
    words = [w for w, f in t.FREQ.items() if f > 50 and all(cjk.is_han(c) for c in w)]
    weights = [t.FREQ[w] for w in words]
    parts, size = [], 0
    while size < target_bytes:
        sent = "".join(rng.choices(words, weights=weights, k=rng.randint(6, 16)))
        if rng.random() < 0.05:
            sent += rng.choice(EVASIONS)
        sent += rng.choice("，。！？") + ("\n" if rng.random() < 0.1 else "")
        parts.append(sent)
        size += len(sent.encode("utf-8"))
    return "".join(parts)


def make_terms(n: int, rng: random.Random) -> list[Entry]:
    common = [chr(c) for c in range(0x4E00, 0x9FA6)]
    entries = builtin().entries
    seen = {e.term for e in entries}
    evasive = ["drugs", "gambling", "diversion", "fraud"]
    while len(entries) < n:
        term = "".join(rng.choices(common, k=rng.choice((2, 3, 3, 4))))
        if term in seen:
            continue
        seen.add(term)
        cat = rng.choice(evasive) if rng.random() < 0.1 else "user"
        entries.append(Entry(term, cat))
    return entries


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--terms", type=int, default=50000)
    ap.add_argument("--mb", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    text = make_text(int(args.mb * 1e6), rng)
    nbytes = len(text.encode("utf-8"))
    entries = make_terms(args.terms, rng)
    from studio.check.lexicon import Lexicon
    lex = builtin()
    lex.entries = entries

    t0 = time.perf_counter()
    matcher = Matcher(lex)
    build = time.perf_counter() - t0
    matcher.scan(text[:20000])  # load the segmenter and warm the character tables

    raw = ahocorasick.Automaton()
    for e in entries:
        raw.add_word(e.term, e.term)
    raw.make_automaton()

    def best_of(fn, runs=3):
        times, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            out = fn()
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        return min(times), min(cpu), out

    t_raw, c_raw, n_raw = best_of(lambda: sum(1 for _ in raw.iter(text)))
    packed = Automaton()   # the same terms in our packed automaton, over the raw text: a fairer floor
    for e in entries:
        packed.add(e.term, 0)
    packed.finalize()
    t_pk, _, n_pk = best_of(lambda: sum(1 for _ in packed.iter(pack(text))))
    t_full, c_full, found = best_of(lambda: matcher.scan(text))
    mbs_raw, mbs_full = nbytes / t_raw / 1e6, nbytes / t_full / 1e6
    hows = {}
    for f in found:
        hows[f.how] = hows.get(f.how, 0) + 1
    print(f"text: {nbytes / 1e6:.2f} MB UTF-8 ({len(text):,} chars); lexicon: {len(entries):,} terms "
          f"(matcher built in {build:.1f} s)")
    print(f"raw pyahocorasick : {mbs_raw:7.2f} MB/s  ({n_raw:,} raw hits)")
    print(f"raw, packed trie  : {nbytes / t_pk / 1e6:7.2f} MB/s  ({n_pk:,} raw hits; no normalisation, no checks)")
    print(f"full checker chain: {mbs_full:7.2f} MB/s  ({len(found):,} findings: {hows})")
    print(f"ratio full/raw speed: {mbs_full / mbs_raw:.3f}; full/packed raw: {t_pk / t_full:.3f}")
    print(f"CPU time only (a busy machine slows wall time): raw {nbytes / c_raw / 1e6:.2f} MB/s, "
          f"full {nbytes / c_full / 1e6:.2f} MB/s")
    print(f"target >= 5 MB/s: {'PASS' if mbs_full >= 5 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Chinese text for every layer: the one definition of the Han code-point ranges, the one
jieba loader (jieba is imported only when a segmenter is first wanted, so importing this module
costs nothing and needs no dependency), and a GUI-friendly load of pypinyin's phrase list."""
from __future__ import annotations

import importlib.util
import json
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
import time
import types
from pathlib import Path
from typing import Optional

# CJK Unified Ideographs, Extension A, Compatibility Ideographs, and Extensions B-F with the
# Compatibility Supplement (the supplementary plane: 𠮷, 𡈽 ...).
HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
# The same ranges as the body of a regular-expression character class: f"[{HAN}]+".
HAN = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_RANGES)
PUNCT = "\u3000-\u303f"      # CJK symbols and punctuation: ideographic space, 。、「」〈〉 ...
FULLWIDTH = "\uff00-\uffef"  # half- and full-width forms: ，！？（）ＡＢ１ ...


def is_han(ch: str) -> bool:
    """Whether the character `ch` is a Chinese character (any of HAN_RANGES)."""
    if "\u4e00" <= ch <= "\u9fff":  # the common case first: this is called per character
        return True
    o = ord(ch)
    return 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


def han_mask(codes):
    """`is_han` over an array of code points (numpy or anything with elementwise comparisons)."""
    (lo, hi), *rest = HAN_RANGES
    mask = (codes >= lo) & (codes <= hi)
    for lo, hi in rest:
        mask |= (codes >= lo) & (codes <= hi)
    return mask


# --- jieba ------------------------------------------------------------------------------------

DICT_SLICE = 1_000  # dictionary entries per cache record: one record loads in half a millisecond
POLITE_PAUSE = 0.002  # seconds between records when loading in a background thread

_lock = threading.Lock()
_segmenter = None


def segmenter():
    """jieba's default Tokenizer (`jieba.dt`), its dictionary loaded once (about a second): for
    search-mode tokens. A background thread loads it politely (see load_dictionary)."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            _segmenter = _loaded(_jieba().dt)
    return _segmenter


def segmenter_loaded() -> bool:
    return _segmenter is not None


def new_tokenizer():
    """A jieba Tokenizer of its own with the default dictionary, for a caller that teaches it
    words (add_word) that must not change how everyone else's text is segmented."""
    return _loaded(_jieba().Tokenizer())


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict ..." chatter
    return jieba


def _loaded(tokenizer):
    polite = threading.current_thread() is not threading.main_thread()
    load_dictionary(tokenizer, pause=POLITE_PAUSE if polite else 0.0)
    return tokenizer


def dictionary_cache() -> Path:
    import jieba

    return Path(tempfile.gettempdir()) / f"nms-jieba-{jieba.__version__}.slices"


def load_dictionary(tokenizer, cache: Optional[Path] = None, pause: float = 0.0) -> None:
    """Initialise a jieba Tokenizer with the default dictionary, GUI-friendly.

    jieba's own initialize() reads its 9 MB cache with one marshal.load call and builds it with
    a long pure-Python loop. Either way a background thread holds the GIL for most of a second,
    and the GUI thread, which needs the GIL for every Python call while it paints, stalls. Our
    cache is a series of small marshal records read one at a time, with `pause` seconds between
    them in which other threads run."""
    if tokenizer.initialized:
        return
    cache = cache or dictionary_cache()
    with tokenizer.lock:
        if tokenizer.initialized:
            return
        try:
            freq, total = _read_slices(cache, pause)
        except (OSError, EOFError, ValueError, TypeError):
            freq, total = _build(cache)
        tokenizer.FREQ, tokenizer.total = freq, total
        tokenizer.initialized = True


def build_dictionary_cache(path: str) -> None:
    """Build the sliced cache (in a worker process: it takes seconds of pure Python)."""
    _build(Path(path))


def _build(target: Path) -> tuple[dict, int]:
    """jieba's prefix dictionary from its text file, kept as a sliced cache (written to a
    temporary file and renamed, so a reader never sees half a cache)."""
    import jieba

    freq, total = jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())
    items = list(freq.items())
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name)
        with os.fdopen(fd, "wb") as f:
            marshal.dump((total, -(-len(items) // DICT_SLICE)), f)
            for i in range(0, len(items), DICT_SLICE):
                marshal.dump(dict(items[i:i + DICT_SLICE]), f)
        os.replace(tmp, target)
    except OSError:
        logging.getLogger(__name__).warning("could not write the dictionary cache %s", target)
    return freq, total


def _read_slices(path: Path, pause: float = 0.0) -> tuple[dict, int]:
    freq: dict = {}
    with open(path, "rb") as f:
        total, count = marshal.load(f)
        for _ in range(count):
            freq.update(marshal.load(f))
            if pause:
                time.sleep(pause)
    if not freq or not isinstance(total, int):
        raise ValueError("empty dictionary cache")
    return freq, total


# --- pypinyin ---------------------------------------------------------------------------------

def install_pinyin_phrases() -> None:
    """Call before pypinyin is first imported. pypinyin reads its 2 MB phrase list with a single
    json.loads call, 70-200 ms in which no other thread runs: a GUI stall when the import happens
    in a background thread. Here it is parsed entry by entry (other threads get the GIL in between)
    and handed to pypinyin as its `pypinyin.phrases_dict` module. Anything unexpected leaves the
    loading to pypinyin itself."""
    name = "pypinyin.phrases_dict"
    if name in sys.modules or "pypinyin" in sys.modules:
        return
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return
    try:
        text = (Path(list(spec.submodule_search_locations)[0]) / "phrases_dict.json").read_text(encoding="utf-8")
        phrases = _json_object(text)
    except (OSError, ValueError, IndexError):
        return
    module = types.ModuleType(name)
    module.phrases_dict = phrases
    sys.modules[name] = module


_SEPARATORS = re.compile(r"[\s,]*")


def _json_object(text: str) -> dict:
    """A JSON object of many small entries, decoded one entry at a time (same result as json.loads)."""
    decode = json.JSONDecoder().raw_decode
    out: dict = {}
    i = _SEPARATORS.match(text, text.index("{") + 1).end()
    while text[i] != "}":
        key, i = decode(text, i)
        if not isinstance(key, str):
            raise ValueError("not a JSON object of named entries")
        i = _SEPARATORS.match(text, text.index(":", i) + 1).end()
        out[key], i = decode(text, i)
        i = _SEPARATORS.match(text, i).end()
    return out

"""Chinese-aware full-text search over the library.

SQLite's unicode61 tokenizer sees a run of Chinese characters as one token, and the trigram
tokenizer needs three characters, so neither finds 日落 inside 海边日落. We index two derived
texts (see studio.project.models.library):

- `words`: jieba search-mode tokens (海边 日落 海边日落 ...) and Latin words, for ranking and
  for whole-word hits;
- `grams`: every run of Chinese characters as overlapping bigrams plus its last character
  (海边日落 -> 海边 边日 日落 落). A query of n >= 2 Chinese characters becomes the phrase of its
  bigrams, which matches exactly where the characters are consecutive: substring search for
  any length. One character matches bigrams that start with it or a run's last character.
"""
from __future__ import annotations

import logging
import marshal
import os
import re
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterable, Optional

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{_CJK}]+")
_TERM_PART = re.compile(f"[{_CJK}]+|[^{_CJK}\\s]+")
_WORDISH = re.compile(r"\w")
_jieba_lock = threading.Lock()
_jieba = None


DICT_SLICE = 1_000  # dictionary entries per cache record: one record loads in half a millisecond
POLITE_PAUSE = 0.002  # seconds between records when loading in a background thread


def _tokenizer():
    """jieba, initialised once (it loads its dictionary, about a second). A background thread
    loads it politely (see load_dictionary); the main thread as fast as it can."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            polite = threading.current_thread() is not threading.main_thread()
            load_dictionary(jieba.dt, pause=POLITE_PAUSE if polite else 0.0)
            _jieba = jieba
    return _jieba


def warm_up() -> None:
    """Load the segmenter ahead of the first indexing, from a background thread of the GUI
    process. The dictionary is built (first time only) in a worker process and read back in
    small slices with pauses, so the GUI thread keeps the GIL most of the time."""
    if _jieba is not None:
        return
    cache = dictionary_cache()
    if not cache.exists():
        from studio.library.import_ import process_pool

        process_pool().submit(build_dictionary_cache, str(cache)).result()
    _tokenizer()


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


def words_of(text: str) -> list[str]:
    """Search-mode tokens of `text`, lowercased, punctuation dropped."""
    if not text:
        return []
    if not CJK_RUN.search(text):
        return [w for w in re.findall(r"\w+", text.lower())]
    tokens = _tokenizer().cut_for_search(text.lower())
    return [t for t in (tok.strip() for tok in tokens) if t and _WORDISH.search(t)]


def grams_of(text: str) -> list[str]:
    """Bigrams of each Chinese run followed by the run's last character."""
    out: list[str] = []
    for run in CJK_RUN.findall(text or ""):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
        out.append(run[-1])
    return out


def index_text(parts: Iterable[Optional[str]]) -> tuple[str, str]:
    """(search_words, search_grams) for the given texts (title, tags, notes, file name ...)."""
    joined = "\n".join(p for p in parts if p)
    return " ".join(words_of(joined)), " ".join(grams_of(joined))


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(query: str) -> Optional[str]:
    """FTS5 MATCH expression for a user query: every whitespace-separated term must occur
    (Chinese as a substring, other text as a word prefix). None for an empty query."""
    clauses: list[str] = []
    for part in _TERM_PART.findall(query or ""):
        if CJK_RUN.fullmatch(part):
            clauses.append(_cjk_clause(part))
        else:
            latin = re.findall(r"\w+", part.lower())
            if latin:
                phrase = " ".join(latin)
                clauses.append(f"words : {_quote(phrase)} *")
    return " AND ".join(clauses) or None


def _cjk_clause(run: str) -> str:
    if len(run) == 1:
        return f"grams : {_quote(run)} *"
    phrase = " ".join(run[i:i + 2] for i in range(len(run) - 1))
    return f"(grams : {_quote(phrase)} OR words : {_quote(run)})"

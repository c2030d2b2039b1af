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

import re
from typing import Iterable, Optional

from studio import cjk
from studio.project import jobs

CJK_RUN = re.compile(f"[{cjk.HAN}]+")
_TERM_PART = re.compile(f"[{cjk.HAN}]+|[^{cjk.HAN}\\s]+")
_WORDISH = re.compile(r"\w")


def warm_up() -> None:
    """Load the segmenter ahead of the first indexing, from a background thread of the GUI
    process. The dictionary is built (first time only) in a worker process and read back in
    small slices with pauses, so the GUI thread keeps the GIL most of the time."""
    if cjk.segmenter_loaded():
        return
    cache = cjk.dictionary_cache()
    if not cache.exists():
        jobs.pool().submit(cjk.build_dictionary_cache, str(cache)).result()
    cjk.segmenter()


def words_of(text: str) -> list[str]:
    """Search-mode tokens of `text`, lowercased, punctuation dropped."""
    if not text:
        return []
    if not CJK_RUN.search(text):
        return [w for w in re.findall(r"\w+", text.lower())]
    tokens = cjk.segmenter().cut_for_search(text.lower())
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

"""Paste clean-up (粘贴清理): text copied from web pages, PDFs and chat apps, normalised before it
enters an article. Foreign styles are dropped by pasting text only; this module fixes the text."""
from __future__ import annotations

import re

from studio.cjk import HAN as CJK
from studio.editor.proofread import HALF_TO_FULL

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CJK_GAP = re.compile(f"(?<=[{CJK}，。、；：？！（）「」『』“”])[ ](?=[{CJK}，。、；：？！（）「」『』“”])")
_HALF_PUNCT = re.compile(f"(?<=[{CJK}])([,;:?!])|([,;:?!])(?=[{CJK}])")
_HALF_PERIOD = re.compile(f"(?<=[{CJK}])\\.(?![0-9A-Za-z.])")
_REPEATS = re.compile(r"([，。、；：])\1+")


def clean_paste(text: str) -> str:
    """Normalise pasted text: one paragraph per line, single spaces, no invisible characters,
    no spaces between Chinese characters, and full-width punctuation inside Chinese text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _ZERO_WIDTH.sub("", text)
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        line = _CJK_GAP.sub("", line)
        line = _HALF_PUNCT.sub(lambda m: HALF_TO_FULL[m.group(1) or m.group(2)], line)
        line = _HALF_PERIOD.sub("。", line)
        line = _REPEATS.sub(r"\1", line)
        lines.append(line)
    # blank lines between paragraphs collapse: each non-empty line is one paragraph
    return "\n".join(line for line in lines if line)

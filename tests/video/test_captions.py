"""Captions: SRT round trip and tolerant parsing, ASS generation, and a real libass burn-in."""
from __future__ import annotations

import subprocess

import numpy as np
import pytest

from studio.media.ffmpeg import ffmpeg_exe
from studio.video.captions import (Caption, CaptionFormatError, CaptionStyle, ass_colour, parse_srt, read_srt,
                                   ass_unescape, subtitles_filter, to_ass, wrap_line, write_ass, write_srt)

CAPS = [Caption(0.5, 2.25, "第一句字幕"), Caption(2.5, 4.0, "Second line\n第二行"), Caption(61.001, 3723.5, "长")]


def test_srt_round_trip(tmp_path):
    path = write_srt(CAPS, tmp_path / "a.srt")
    text = path.read_text(encoding="utf-8")
    assert "00:01:01,001 --> 01:02:03,500" in text
    back = read_srt(path)
    assert [(c.start, c.end, c.text) for c in back] == [(c.start, c.end, c.text) for c in CAPS]


def test_srt_parsing_is_tolerant(tmp_path):
    raw = "\ufeff1\r\n00:00:01.5 --> 00:00:02,000\r\n你好\r\n\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n多行\r\n第二行\r\n"
    caps = parse_srt(raw)
    assert [(c.start, c.end, c.text) for c in caps] == [(1.5, 2.0, "你好"), (3.0, 4.0, "多行\n第二行")]
    gbk = tmp_path / "gbk.srt"
    gbk.write_bytes("1\n00:00:01,000 --> 00:00:02,000\n中文字幕\n".encode("gb18030"))
    assert read_srt(gbk)[0].text == "中文字幕"
    bad = tmp_path / "bad.srt"
    bad.write_text("just some text", encoding="utf-8")
    with pytest.raises(CaptionFormatError):
        read_srt(bad)


def test_ass_colour_and_style():
    assert ass_colour("#FF8000") == "&H000080FF"
    assert ass_colour("#000000", 0.0) == "&HFF000000"
    with pytest.raises(ValueError):
        ass_colour("red")
    style = CaptionStyle(font="sans-bold", size=60, colour="#FFFF00", box=True, position="top")
    ass = to_ass(CAPS, style, 540, 960)
    line = next(l for l in ass.splitlines() if l.startswith("Style:"))
    fields = line.split(",")
    assert fields[1] == "Noto Sans CJK SC" and fields[2] == "30"   # size scales with the canvas
    assert fields[3] == "&H0000FFFF" and fields[7] == "-1"        # yellow, bold
    assert fields[15] == "3" and fields[18] == "8"               # boxed, top centre
    assert "PlayResX: 540" in ass and "Dialogue: 0,0:00:00.50,0:00:02.25" in ass
    assert CaptionStyle.from_dict({**style.to_dict(), "unknown": 1}) == style


def test_chinese_wrapping_keeps_punctuation_rules():
    lines = wrap_line("我们一起去公园散步吧，好不好？今天天气很好。", 10)
    assert all(len(l) <= 11 for l in lines) and len(lines) >= 3
    assert not any(l[0] in "，。？！" for l in lines)
    assert "".join(lines) == "我们一起去公园散步吧，好不好？今天天气很好。"
    assert wrap_line("hello wonderful world", 6) == ["hello", "wonderful", "world"]
    assert not any(l.endswith("“") for l in wrap_line("他说“这是一个很长很长的句子”", 5))


def test_braces_and_backslashes_are_not_override_tags():
    ass = to_ass([Caption(0, 1, "a{\\b1}b")])
    assert "a\\{\\\u2060b1\\}b" in ass  # braces escaped, a word joiner after the typed backslash
    text = ass.rstrip("\n").splitlines()[-1].split(",", 9)[9]
    assert ass_unescape(text) == "a{\\b1}b"


def _frame(args) -> np.ndarray:
    out = subprocess.run([ffmpeg_exe(), "-v", "error", *args, "-frames:v", "1", "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(180, 320)


def test_burn_in_renders_bundled_cjk_font(tmp_path):
    ass = write_ass([Caption(0, 5, "踩点字幕")], tmp_path / "c a'b.ass", CaptionStyle(size=200, stroke=0),
                    320, 180)
    src = ["-f", "lavfi", "-i", "color=black:s=320x180:d=1"]
    plain = _frame(src)
    burnt = _frame(src + ["-vf", subtitles_filter(ass)])
    text_pixels = burnt > 128
    assert plain.max() < 20
    assert 300 < text_pixels.sum() < 0.3 * text_pixels.size  # visible glyphs, not a fallback box
    rows = np.where(text_pixels.any(axis=1))[0]
    assert rows.min() > 90                                     # bottom position

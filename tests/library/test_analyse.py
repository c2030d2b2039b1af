"""Per-file analysis: metadata for each kind, thumbnails, and a plain reason for each bad file."""
import io

import pytest
from PIL import Image

from studio.library.analyse import Analysed, Skipped, analyse, decode_text
from studio.library.formats import sniff
from tests.library.media import bad_files, broken_video, good_files, mp3


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return good_files(tmp_path_factory.mktemp("good"))


def thumb(result: Analysed) -> Image.Image:
    img = Image.open(io.BytesIO(result.thumbnail))
    assert max(img.size) <= 256
    return img


def test_photo_metadata_exif_and_orientation(good):
    r = analyse(good["jpg"])
    assert isinstance(r, Analysed) and r.kind == "image"
    assert (r.meta["width"], r.meta["height"]) == (240, 320)  # EXIF orientation 6 applied
    assert r.meta["camera"] == "Canon EOS R6"
    assert r.meta["taken"] == "2023-07-14T19:30:05"
    assert r.title == "海边日落" and len(r.sha256) == 64 and r.size == good["jpg"].stat().st_size
    w, h = thumb(r).size
    assert h > w  # the thumbnail is upright too


@pytest.mark.parametrize("key,fmt", [("png", "PNG"), ("webp", "WEBP"), ("gif", "GIF")])
def test_other_image_formats(good, key, fmt):
    r = analyse(good[key])
    assert r.kind == "image" and r.meta["format"] == fmt
    assert thumb(r).size[0] == r.meta["width"]  # small images are not enlarged


def test_video_metadata(good):
    r = analyse(good["mp4"])
    assert r.kind == "video"
    assert r.meta["codec"] == "h264" and (r.meta["width"], r.meta["height"]) == (96, 64)
    assert r.meta["fps"] == pytest.approx(10, abs=0.5)
    assert r.duration == pytest.approx(1.0, abs=0.2) and r.meta["rotation"] == 0
    assert thumb(r).size == (96, 64)


def test_audio_metadata_and_waveform(good, tmp_path):
    r = analyse(good["wav"])
    assert r.kind == "audio" and r.meta["sample_rate"] == 44100
    assert r.duration == pytest.approx(1.0, abs=0.1)
    card = thumb(r).convert("L")
    assert card.getextrema()[0] < 200  # something was drawn on the light card
    assert analyse(mp3(tmp_path / "tone.mp3")).meta["codec"] == "mp3"


def test_font_family_and_chinese_specimen(good):
    r = analyse(good["ttf"])
    assert r.kind == "font"
    assert r.meta["family"] == "Noto Sans CJK SC" and r.meta["style"] == "Regular"
    assert r.meta["chinese"] is True and "OFL" in r.meta["licence_url"]
    ink = thumb(r).convert("L").point(lambda v: 255 if v < 128 else 0)
    assert ink.getbbox() is not None  # the specimen has glyphs on it


def test_text_title_and_excerpt(good):
    r = analyse(good["md"])
    assert r.kind == "text" and r.title == "热点：城市夜景"
    assert "城市夜景话题" in r.text


def test_text_in_gb18030_is_read():
    text, enc = decode_text("中文编码".encode("gb18030"))
    assert text == "中文编码" and enc == "gb18030"


def test_each_bad_file_gets_its_reason(tmp_path):
    for code, path in bad_files(tmp_path).items():
        r = analyse(path)
        assert isinstance(r, Skipped), path
        assert r.code == code, (path, r.reason)
        assert "/" in r.reason  # Chinese / English


def test_truncated_video_is_skipped(tmp_path):
    r = analyse(broken_video(tmp_path))
    assert isinstance(r, Skipped) and r.code in ("corrupt", "truncated")


def test_binary_named_txt_is_wrong_extension(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"\x00\x01\x02\x03" * 10)
    assert analyse(p).code == "wrong-extension"


def test_sniff_signatures():
    assert sniff(b"\xff\xd8\xff\xe0") == "jpeg"
    assert sniff(b"\x00\x00\x00\x18ftypmp42") == "isobmff"
    assert sniff(b"\x1a\x45\xdf\xa3") == "matroska"
    assert sniff(b"ID3\x04") == "mp3"
    assert sniff(b"%PDF-1.7") == "pdf"
    assert sniff(b"hello world") is None


def test_phone_video_rotation_is_applied(tmp_path, good):
    from studio.media.ffmpeg import ffmpeg_exe
    import subprocess

    rotated = tmp_path / "portrait.mp4"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-display_rotation", "90", "-i", str(good["mp4"]),
                    "-c", "copy", str(rotated)], check=True)
    r = analyse(rotated)
    assert r.meta["rotation"] in (90, 270)
    assert (r.meta["width"], r.meta["height"]) == (64, 96)
    assert thumb(r).size == (64, 96)

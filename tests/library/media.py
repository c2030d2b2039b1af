"""Tiny generated files for library tests: good media of every kind and each kind of bad file."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

from studio.media.ffmpeg import ffmpeg_exe
from studio.resources import font_path
from tests.conftest import make_image, make_music, make_video


def exif_photo(path: Path, seed: int = 0) -> Path:
    """A JPEG with camera, date and a 90° orientation tag (stored 320×240, shown 240×320)."""
    make_image(path.with_suffix(".png"), (320, 240), seed=seed)
    img = Image.open(path.with_suffix(".png"))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Canon", "EOS R6", 6
    exif.get_ifd(0x8769)[0x9003] = "2023:07:14 19:30:05"
    img.save(path, "JPEG", exif=exif.tobytes())
    path.with_suffix(".png").unlink()
    return path


def good_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "jpg": exif_photo(folder / "海边日落.jpg"),
        "png": make_image(folder / "风景.png", (200, 150), seed=1),
        "webp": make_image(folder / "w.webp", (120, 90), seed=2),
        "gif": make_image(folder / "g.gif", (64, 48), seed=3),
        "mp4": make_video(folder / "clip.mp4", seconds=1.0, size="96x64", fps=10),
        "wav": folder / "song.wav",
        "ttf": folder / "font.otf",
        "md": folder / "热点.md",
    }
    make_music(files["wav"], seconds=1.0)
    shutil.copy(font_path("sans"), files["ttf"])
    files["md"].write_text("# 热点：城市夜景\n\n今年夏天的城市夜景话题很热。\n", encoding="utf-8")
    return files


def bad_files(folder: Path) -> dict[str, Path]:
    """code -> file, one for each reason the import must give."""
    folder.mkdir(parents=True, exist_ok=True)
    ok = make_image(folder / "ok.jpg", (160, 120), seed=5)
    data = ok.read_bytes()
    bad = {
        "empty": folder / "empty.jpg",
        "truncated": folder / "truncated.jpg",
        "corrupt": folder / "corrupt.png",
        "wrong-extension": folder / "really-png.jpg",
        "unsupported": folder / "doc.xyz",
        "too-large": folder / "bomb.png",
    }
    bad["empty"].write_bytes(b"")
    bad["truncated"].write_bytes(data[: len(data) // 2])
    bad["corrupt"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    make_image(bad["wrong-extension"], (64, 64), seed=6, fmt="PNG")
    bad["unsupported"].write_text("hello")
    Image.new("1", (12000, 12000)).save(bad["too-large"])  # 144 MP, a few KB on disk
    ok.unlink()
    return bad


def broken_video(folder: Path) -> Path:
    clip = make_video(folder / "whole.mp4", seconds=1.0, size="96x64", fps=10)
    data = clip.read_bytes()
    cut = folder / "cut.mp4"
    cut.write_bytes(data[: len(data) // 3])
    clip.unlink()
    return cut


def mp3(path: Path) -> Path:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=330:duration=1",
                    str(path)], check=True)
    return path

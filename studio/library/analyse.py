"""Look at one file: check it is what its name says, hash it, read its metadata and make its
thumbnail. Runs in worker processes, so it returns plain picklable dataclasses and never raises
for a bad file: it returns a Skipped with a reason a user understands."""
from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Optional, Union

from PIL import Image

from studio.library import formats, thumbs
from studio.media import ffmpeg
from studio.project import jobs
from studio.project.errors import MediaError, StudioError

# Pillow refuses images above twice its MAX_IMAGE_PIXELS and warns above it; we refuse both.
MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
IN_MEMORY_LIMIT = 256 * 1024 * 1024  # read smaller files once: hash and decode from memory
TEXT_EXCERPT = 2000


@dataclass
class Analysed:
    path: str
    kind: str
    size: int
    sha256: str
    title: str
    meta: dict = field(default_factory=dict)
    duration: Optional[float] = None
    thumbnail: Optional[bytes] = None
    fingerprint: Optional[bytes] = None
    text: str = ""  # extra searchable content (the start of a text file)


@dataclass
class Skipped:
    path: str
    code: str  # empty | unsupported | wrong-extension | truncated | corrupt | too-large | unreadable
    reason: str


Result = Union[Analysed, Skipped]


class BadFile(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def analyse(path: str | os.PathLike) -> Result:
    """Analyse one file; every expected failure becomes a Skipped."""
    path = Path(path)
    try:
        return _analyse(path)
    except BadFile as bad:
        return Skipped(str(path), bad.code, bad.reason)
    except MemoryError:
        return Skipped(str(path), "too-large", "文件太大，内存不足 / file too large to process")
    except Exception as exc:  # noqa: BLE001 - a broken file must never stop an import
        return Skipped(str(path), "corrupt", f"文件已损坏，无法读取 / corrupt file ({type(exc).__name__}: {exc})")


def _analyse(path: Path) -> Analysed:
    kind = formats.kind_of(path)
    if kind is None:
        suffix = path.suffix or "（无扩展名 / no extension）"
        raise BadFile("unsupported", f"不支持的文件类型 {suffix} / unsupported file type {suffix}")
    try:
        size = path.stat().st_size
        if size == 0:
            raise BadFile("empty", "空文件（0 字节）/ empty file (0 bytes)")
        data = path.read_bytes() if size <= IN_MEMORY_LIMIT else None
        head = data[:64] if data is not None else _head(path)
    except PermissionError:
        raise BadFile("unreadable", "没有读取权限 / cannot read the file: permission denied") from None
    except FileNotFoundError:
        raise BadFile("unreadable", "文件不存在 / file not found") from None
    _check_signature(path, head, data)
    digest = hashlib.sha256(data).hexdigest() if data is not None else sha256_file(path)
    found = Analysed(str(path), kind, size, digest, path.stem)
    ANALYSERS[kind](path, data, found)
    return found


def _head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(64)


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def _check_signature(path: Path, head: bytes, data: Optional[bytes]) -> None:
    expected = formats.expected_format(path)
    found = formats.sniff(head)
    if expected == "text" and found is None and b"\x00" in (data or head)[:8192]:
        raise BadFile("wrong-extension", f"扩展名与内容不符：{path.suffix} 文件里是二进制数据 / "
                      f"wrong extension: {path.suffix} file contains binary data")
    if not formats.format_matches(expected, found):
        if found is None:
            raise BadFile("corrupt", f"文件已损坏或不是 {formats.FORMAT_NAMES[expected]} 格式 / "
                          f"corrupt: not a valid {formats.FORMAT_NAMES[expected]} file")
        real = formats.FORMAT_NAMES.get(found, found)
        raise BadFile("wrong-extension", f"扩展名与内容不符：文件实际是 {real}，却以 {path.suffix} 结尾 / "
                      f"wrong extension: the content is {real} but the name ends in {path.suffix}")


# ---------------------------------------------------------------- images

def _analyse_image(path: Path, data: Optional[bytes], out: Analysed) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data) if data is not None else path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            claimed = re.search(r"\((\d+) pixels\)", str(exc))
            raise BadFile("too-large", _too_many_pixels(int(claimed[1]) if claimed else 0)) from None
    with img:
        width, height = img.size
        if width * height > MAX_IMAGE_PIXELS:
            raise BadFile("too-large", _too_many_pixels(width * height))
        exif = img.getexif()
        out.meta.update(format=img.format, **_exif_facts(exif))
        frames = getattr(img, "n_frames", 1)
        if frames > 1:
            out.meta["frames"] = frames
        img.draft("RGB", (thumbs.THUMB_SIZE, thumbs.THUMB_SIZE))  # JPEG: decode at 1/2..1/8 scale
        try:
            img.load()
        except OSError as exc:
            if "truncated" in str(exc) or "broken data stream" in str(exc):
                raise BadFile("truncated", "图片文件不完整（被截断）/ truncated image file") from None
            raise
        small = reduced_upright(img)
    if exif.get(0x0112, 1) in (5, 6, 7, 8):
        width, height = height, width
    out.meta.update(width=width, height=height)
    out.fingerprint = fingerprint(small)  # before the thumbnail: encode() shrinks `small` in place
    out.thumbnail = thumbs.encode(small)


def _too_many_pixels(pixels: int) -> str:
    size = f"{pixels:,}" if pixels else "?"
    return (f"图片像素过多（{size} 像素，上限 {MAX_IMAGE_PIXELS:,}，可能是解压炸弹）/ "
            f"image too large ({size} pixels, limit {MAX_IMAGE_PIXELS:,}; possible decompression bomb)")


def reduced_upright(img: Image.Image) -> Image.Image:
    """The RGB copy (at most 1024 px, turned upright by its EXIF orientation) that thumbnails and
    fingerprints are made from. `img` is loaded, in JPEG draft mode when it is a JPEG."""
    return _orient(_reduce(img), img.getexif().get(0x0112, 1))


def open_reduced(path: str | os.PathLike) -> Image.Image:
    """Decode an image file the way import does (JPEG draft) into `reduced_upright`'s copy, so a
    fingerprint made from it later is the one import would have made."""
    with Image.open(path) as img:
        img.draft("RGB", (thumbs.THUMB_SIZE, thumbs.THUMB_SIZE))
        img.load()
        return reduced_upright(img)


def _reduce(img: Image.Image) -> Image.Image:
    """RGB copy no bigger than needed for thumbnails and fingerprints."""
    small = thumbs.flatten(img) if img.mode != "RGB" else img
    limit = thumbs.THUMB_SIZE * 4
    if max(small.size) > limit:
        small = small.copy() if small is img else small
        small.thumbnail((limit, limit), Image.Resampling.BILINEAR, reducing_gap=2.0)
    return small if small is not img else img.copy()


def _orient(img: Image.Image, orientation: int) -> Image.Image:
    method = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}.get(orientation)
    return img.transpose(method) if method is not None else img


def _exif_facts(exif: Image.Exif) -> dict:
    facts: dict = {}
    if not exif:
        return facts
    sub = exif.get_ifd(0x8769)
    raw = sub.get(0x9003) or sub.get(0x9004) or exif.get(0x0132)  # DateTimeOriginal/Digitized/DateTime
    if isinstance(raw, str):
        try:
            facts["taken"] = datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S").isoformat()
        except ValueError:
            pass
    camera = " ".join(str(exif.get(t, "")).strip("\x00 ") for t in (0x010F, 0x0110)).strip()
    if camera:
        facts["camera"] = camera
    return facts


def fingerprint(img: Image.Image) -> Optional[bytes]:
    """Near-duplicate fingerprint of the reduced RGB image, without its ORB features: they would
    add a fifth to the import's time, and the finder completes the print on its first run
    (`fingerprint_file`)."""
    from studio.library.fingerprint import compute

    return compute(img, features=False)


def fingerprint_file(path: str | os.PathLike, kind: str) -> Optional[bytes]:
    """A complete fingerprint made from an image or video file (in a worker process), or None
    when the file cannot be read."""
    from studio.library import fingerprint as fp

    try:
        if kind == "video":
            return fp.compute_video(path)
        return fp.compute(open_reduced(path))
    except (OSError, ValueError, StudioError, Image.DecompressionBombError, subprocess.SubprocessError):
        return None


# ---------------------------------------------------------------- video and audio

def _analyse_video(path: Path, data: Optional[bytes], out: Analysed) -> None:
    info = _probe(path)
    if info.video is None:  # an .mp4 holding only sound is an audio asset
        out.kind = "audio"
        _fill_audio(path, info, out)
        return
    v = info.video
    width, height = (v.height, v.width) if v.rotation in (90, 270) else (v.width, v.height)
    out.duration = info.duration or None
    out.meta.update(duration=info.duration, fps=round(v.fps, 3), codec=v.codec, width=width,
                    height=height, rotation=v.rotation, container=info.format,
                    audio=info.audio.codec if info.audio else None)
    frame = video_frame(path, at=min(1.0, info.duration / 3) if info.duration else 0.0)
    if frame is None:
        raise BadFile("truncated", "视频文件不完整或已损坏，无法解出画面 / "
                      "truncated or corrupt video: no frame could be decoded")
    out.thumbnail = frame


def _analyse_audio(path: Path, data: Optional[bytes], out: Analysed) -> None:
    _fill_audio(path, _probe(path), out)


def _fill_audio(path: Path, info: ffmpeg.ProbeResult, out: Analysed) -> None:
    if info.audio is None:
        raise BadFile("corrupt", "没有音频流 / no audio stream in the file")
    a = info.audio
    out.duration = info.duration or None
    out.meta.update(duration=info.duration, sample_rate=a.sample_rate, channels=a.channels,
                    codec=a.codec, container=info.format)
    try:
        samples = ffmpeg.decode_audio(path, sample_rate=2000)
    except MediaError:
        raise BadFile("corrupt", "音频无法解码（文件已损坏）/ corrupt audio: cannot be decoded") from None
    if samples.size == 0:
        raise BadFile("truncated", "音频文件不完整，没有可播放的声音 / truncated audio: nothing to play")
    if not info.duration:
        out.duration = out.meta["duration"] = round(samples.size / 2000, 3)
    out.thumbnail = thumbs.waveform(samples)


def _probe(path: Path) -> ffmpeg.ProbeResult:
    try:
        return ffmpeg.probe(path)
    except MediaError:
        raise BadFile("corrupt", "文件已损坏或格式无法识别 / corrupt or unreadable media file") from None
    except subprocess.TimeoutExpired:
        raise BadFile("corrupt", "读取文件超时 / the file could not be read in time") from None


def video_frame(path: str | os.PathLike, at: float = 1.0) -> Optional[bytes]:
    """One frame as a JPEG thumbnail (ffmpeg applies the rotation), or None when none decodes."""
    side = thumbs.THUMB_SIZE
    scale = f"scale=w='min({side},iw)':h='min({side},ih)':force_original_aspect_ratio=decrease"
    for start in ((at, 0.0) if at > 0 else (0.0,)):
        cmd = [ffmpeg.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-ss", f"{start:.3f}",
               "-i", str(path), "-frames:v", "1", "-vf", scale, "-f", "image2pipe", "-c:v", "mjpeg",
               "-q:v", "4", "-"]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=60, **jobs.child_options())
        except subprocess.TimeoutExpired:
            return None
        if proc.returncode == 0 and proc.stdout.startswith(b"\xff\xd8"):
            return proc.stdout
    return None


# ---------------------------------------------------------------- fonts and text

def _analyse_font(path: Path, data: Optional[bytes], out: Analysed) -> None:
    from studio.library.fontinfo import read_font

    try:
        info = read_font(path)
    except MediaError as exc:
        raise BadFile("corrupt", str(exc)) from None
    out.title = info.pop("display_name") or out.title
    out.meta.update(info)
    out.thumbnail = thumbs.font_specimen(path, 0, covers_chinese=info.get("chinese", False))


def _analyse_text(path: Path, data: Optional[bytes], out: Analysed) -> None:
    raw = data if data is not None else _read_start(path, 1 << 20)
    text, encoding = decode_text(raw)
    if text is None:
        raise BadFile("wrong-extension", f"不是文本文件（无法识别编码）/ not a text file: "
                      f"{path.suffix} file does not contain readable text")
    lines = [ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()]
    out.title = (lines[0][:80] if lines else "") or path.stem
    out.meta.update(encoding=encoding, chars=len(text), lines=text.count("\n") + 1)
    out.text = text[:TEXT_EXCERPT]
    out.thumbnail = thumbs.text_card(out.title, "\n".join(lines[1:12]))


def _read_start(path: Path, n: int) -> bytes:
    with open(path, "rb") as f:
        return f.read(n)


def decode_text(raw: bytes) -> tuple[Optional[str], str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (common for Chinese
    Windows files). Returns (None, "") for binary data."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, ""
    if b"\x00" in raw[:8192]:
        return None, ""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start > len(raw) - 4:  # cut inside the last char
                return raw[:exc.start].decode("utf-8-sig"), "utf-8"
    return None, ""


ANALYSERS = {
    "image": _analyse_image,
    "video": _analyse_video,
    "audio": _analyse_audio,
    "font": _analyse_font,
    "text": _analyse_text,
}

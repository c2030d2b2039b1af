"""Which files the library accepts, and what their first bytes say they really are."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

# extension -> (kind, format family). Files in one family may carry each other's extension
# (an .mov is an ISO-BMFF file like an .mp4), anything else is a wrong extension.
EXTENSIONS: dict[str, tuple[str, str]] = {
    ".jpg": ("image", "jpeg"), ".jpeg": ("image", "jpeg"), ".png": ("image", "png"),
    ".webp": ("image", "webp"), ".gif": ("image", "gif"), ".bmp": ("image", "bmp"),
    ".tif": ("image", "tiff"), ".tiff": ("image", "tiff"),
    ".mp4": ("video", "isobmff"), ".mov": ("video", "isobmff"), ".m4v": ("video", "isobmff"),
    ".mkv": ("video", "matroska"), ".webm": ("video", "matroska"),
    ".mp3": ("audio", "mp3"), ".wav": ("audio", "wav"), ".m4a": ("audio", "isobmff"),
    ".aac": ("audio", "aac"), ".flac": ("audio", "flac"), ".ogg": ("audio", "ogg"),
    ".oga": ("audio", "ogg"),
    ".ttf": ("font", "sfnt"), ".otf": ("font", "sfnt"), ".ttc": ("font", "ttc"),
    ".txt": ("text", "text"), ".md": ("text", "text"), ".markdown": ("text", "text"),
}

FORMAT_NAMES = {
    "jpeg": "JPEG", "png": "PNG", "webp": "WebP", "gif": "GIF", "bmp": "BMP", "tiff": "TIFF",
    "isobmff": "MP4/MOV", "matroska": "MKV/WebM", "mp3": "MP3", "wav": "WAV", "aac": "AAC",
    "flac": "FLAC", "ogg": "Ogg", "sfnt": "TrueType/OpenType", "ttc": "TrueType collection",
    "pdf": "PDF", "zip": "ZIP", "rar": "RAR", "7z": "7z", "exe": "Windows program",
    "elf": "program", "avi": "AVI", "flv": "FLV", "heic": "HEIC", "psd": "Photoshop",
    "text": "text",
}


def kind_of(path: str | Path) -> Optional[str]:
    """The asset kind an extension promises, or None when the library does not take it."""
    entry = EXTENSIONS.get(Path(path).suffix.lower())
    return entry[0] if entry else None


def sniff(head: bytes) -> Optional[str]:
    """Format family from the first bytes of a file, or None when no known signature matches
    (plain text has no signature; the caller decides about it)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:2] == b"BM" and len(head) >= 14:
        return "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "heic" if brand in (b"heic", b"heix", b"mif1", b"msf1") else "isobmff"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
        return "isobmff"  # old QuickTime files start with an atom other than ftyp
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2):
        return "mp3"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "aac"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"OggS"):
        return "ogg"
    if head[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return "sfnt"
    if head.startswith(b"ttcf"):
        return "ttc"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"Rar!"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf"):
        return "7z"
    if head.startswith(b"MZ"):
        return "exe"
    if head.startswith(b"\x7fELF"):
        return "elf"
    if head.startswith(b"FLV"):
        return "flv"
    if head.startswith(b"8BPS"):
        return "psd"
    return None


def expected_format(path: str | Path) -> Optional[str]:
    entry = EXTENSIONS.get(Path(path).suffix.lower())
    return entry[1] if entry else None


def format_matches(expected: str, found: Optional[str]) -> bool:
    """Whether sniffed content fits the extension. MP3 files without an ID3 tag, ADTS AAC and
    text have weak or no signatures, so for those only a clear foreign signature is a mismatch."""
    if found == expected:
        return True
    if expected == "ttc":
        return found == "sfnt"  # a one-font collection saved as .ttc still opens
    if expected == "sfnt":
        return found == "ttc"
    if expected in ("mp3", "aac"):
        return found in (None, "mp3", "aac")
    if expected == "text":
        return found is None
    return False

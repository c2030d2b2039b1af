"""Font facts for the library and the checker: family, style, Chinese coverage, licence."""
from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont, TTLibError

from studio.project.errors import MediaError

CHINESE_PROBE = "永和九年春风的一是在不了有人"
ZH_LANGS = (0x0804, 0x0404, 0x0C04, 0x1004)  # Simplified, Traditional, HK, SG


def read_font(path: str | Path) -> dict:
    """Family/style names (English and Chinese), fonts in a collection, whether it covers common
    Chinese characters, and its licence fields (name IDs 13/14, OS/2 fsType)."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".ttc":
            with TTCollection(str(path), lazy=True) as coll:
                count = len(coll.fonts)
            font = TTFont(str(path), fontNumber=0, lazy=True)
        else:
            count = 1
            font = TTFont(str(path), lazy=True)
        with font:
            return _facts(font, count)
    except (TTLibError, KeyError, AssertionError, ValueError, OSError, IndexError) as exc:
        raise MediaError(f"字体文件已损坏 / corrupt font file ({exc})") from None


def _facts(font: TTFont, count: int) -> dict:
    name = font["name"]
    family = _name(name, (16, 1))
    style = _name(name, (17, 2))
    family_zh = _name(name, (16, 1), langs=ZH_LANGS)
    cmap = font.getBestCmap() or {}
    covered = sum(1 for ch in CHINESE_PROBE if ord(ch) in cmap)
    fs_type = font["OS/2"].fsType if "OS/2" in font else None
    facts = {
        "family": family, "style": style, "glyphs": len(font.getGlyphOrder()),
        "chinese": covered == len(CHINESE_PROBE), "fonts_in_file": count,
        "licence_text": _name(name, (13,))[:500], "licence_url": _name(name, (14,)),
        "fs_type": fs_type, "vendor": _name(name, (8,)), "copyright": _name(name, (0,))[:300],
    }
    if family_zh and family_zh != family:
        facts["family_zh"] = family_zh
    facts["display_name"] = " ".join(p for p in (family_zh or family, style) if p)
    if not family:
        raise ValueError("no family name")
    return facts


def _name(table, ids: tuple[int, ...], langs: tuple[int, ...] = (0x0409,)) -> str:
    """First matching Windows name record for the languages, else any platform's record."""
    for name_id in ids:
        for rec in table.names:
            if rec.nameID == name_id and rec.platformID == 3 and rec.langID in langs:
                return rec.toUnicode().strip()
    if langs != (0x0409,):
        return ""
    for name_id in ids:
        rec = table.getName(name_id, 1, 0) or next((r for r in table.names if r.nameID == name_id), None)
        if rec is not None:
            return rec.toUnicode().strip()
    return ""

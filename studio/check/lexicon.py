"""Lexicons (词库): entries, categories, severities, allow-list, context exemptions and platform profiles.

Text format (UTF-8): one entry per line ``term[<TAB>category[<TAB>severity[<TAB>suggestion[<TAB>reason]]]]``;
lines starting with ``#`` are comments. Comment directives ``# @category X``, ``# @severity X``,
``# @reason X`` set defaults for the lines after them. An entry of category ``allow`` (白名单) is an
allow-list phrase. CSV and XLSX use the same columns with a header row.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from studio.project.errors import StudioError
from studio.resources import resource

SEVERITIES = ("block", "high", "notice")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}  # lower is worse
SEVERITY_ZH = {"block": "禁用", "high": "高危", "notice": "提示"}
COLUMNS = ("term", "category", "severity", "suggestion", "reason")


@dataclass(frozen=True)
class Category:
    key: str
    zh: str
    en: str
    severity: str
    evasive: bool  # people disguise these (homophones, initials): match them phonetically too


CATEGORIES = {c.key: c for c in (
    Category("ad_absolute", "广告法极限词", "Absolute claims (Advertising Law)", "high", False),
    Category("medical", "医疗与保健功效", "Medical / health-food claims", "high", False),
    Category("financial", "金融理财承诺", "Financial promises", "high", False),
    Category("diversion", "导流", "Off-platform diversion", "high", True),
    Category("vulgar", "低俗色情", "Vulgar / sexual", "high", True),
    Category("gambling", "赌博", "Gambling", "block", True),
    Category("drugs", "毒品", "Drugs", "block", True),
    Category("weapons", "枪支与违禁品", "Weapons / contraband", "block", True),
    Category("fraud", "诈骗与刷单", "Fraud / fake orders", "block", True),
    Category("abuse", "辱骂", "Abuse", "high", True),
    Category("user", "自定义", "User-defined", "high", False),
)}
ALLOW = "allow"
_ALIASES = {
    "极限词": "ad_absolute", "广告法": "ad_absolute", "广告": "ad_absolute", "ad": "ad_absolute",
    "医疗": "medical", "保健": "medical", "保健食品": "medical", "功效": "medical",
    "金融": "financial", "理财": "financial", "finance": "financial",
    "引流": "diversion", "低俗": "vulgar", "色情": "vulgar", "sexual": "vulgar", "porn": "vulgar",
    "涉赌": "gambling", "涉毒": "drugs", "drug": "drugs", "枪支": "weapons", "违禁品": "weapons",
    "weapon": "weapons", "contraband": "weapons", "诈骗": "fraud", "刷单": "fraud", "scam": "fraud",
    "谩骂": "abuse", "custom": "user", "用户": "user",
    "白名单": ALLOW, "allowlist": ALLOW, "allow-list": ALLOW, "whitelist": ALLOW,
}
for _c in CATEGORIES.values():
    _ALIASES[_c.zh] = _c.key
    _ALIASES[_c.en.lower()] = _c.key

PLATFORMS = {"douyin": "抖音", "xiaohongshu": "小红书", "wechat": "公众号", "weibo": "微博"}


class LexiconError(StudioError):
    """A lexicon file the user gave cannot be read."""


def canonical_category(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return "user"
    return name if name in CATEGORIES else _ALIASES.get(name.lower(), _ALIASES.get(name, name))


def category_label(key: str) -> str:
    c = CATEGORIES.get(key)
    return c.zh if c else key


@dataclass(frozen=True)
class Entry:
    term: str
    category: str = "user"
    severity: str = ""            # "" means the category's default
    suggestion: str | None = None
    reason: str = ""

    @property
    def effective_severity(self) -> str:
        if self.severity:
            return self.severity
        c = CATEGORIES.get(self.category)
        return c.severity if c else "high"

    @property
    def evasive(self) -> bool:
        c = CATEGORIES.get(self.category)
        return bool(c and c.evasive)


@dataclass(frozen=True)
class Exemption:
    """Context in which a hit is not a violation. ``target`` is a term, ``@category`` or ``*``;
    ``pattern`` is a regex (``{T}`` stands for the hit) that must match a span covering the hit."""

    target: str
    pattern: str
    reason: str = ""


@dataclass
class Lexicon:
    name: str = ""
    entries: list[Entry] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)

    def extend(self, other: "Lexicon") -> "Lexicon":
        self.entries += other.entries
        self.allow += other.allow
        self.exemptions += other.exemptions
        return self


def _entry(fields: list[str], defaults: dict[str, str], where: str) -> Entry | str | None:
    fields = [f.strip() for f in fields] + [""] * (5 - len(fields))
    term, cat, sev, sugg, reason = fields[:5]
    if not term:
        return None
    cat = canonical_category(cat or defaults.get("category", ""))
    if cat == ALLOW:
        return term
    sev = (sev or defaults.get("severity", "")).lower()
    if sev and sev not in SEVERITIES:
        raise LexiconError(f"{where}: 严重程度 “{sev}” 无效，应为 block/high/notice。"
                           f" / invalid severity {sev!r}; use block, high or notice.")
    return Entry(term, cat, sev, sugg or None, reason or defaults.get("reason", ""))


def parse_text(text: str, name: str = "") -> Lexicon:
    lex, defaults = Lexicon(name), {}
    for no, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r\n")
        if line.lstrip().startswith("#"):
            m = re.match(r"\s*#\s*@(category|severity|reason)\s+(.*)$", line)
            if m:
                defaults[m.group(1)] = m.group(2).strip()
            continue
        item = _entry(line.split("\t"), defaults, f"{name or 'lexicon'}:{no}")
        if isinstance(item, str):
            lex.allow.append(item)
        elif item:
            lex.entries.append(item)
    return lex


def _rows(lex: Lexicon) -> list[list[str]]:
    rows = [[e.term, e.category, e.severity, e.suggestion or "", e.reason] for e in lex.entries]
    rows += [[a, ALLOW, "", "", ""] for a in lex.allow]
    return rows


def dump_text(lex: Lexicon) -> str:
    lines = ["# New Media Studio lexicon: term<TAB>category<TAB>severity<TAB>suggestion<TAB>reason"]
    for row in _rows(lex):
        while row and not row[-1]:
            row.pop()
        lines.append("\t".join(c.replace("\t", " ") for c in row))
    return "\n".join(lines) + "\n"


def _from_table(rows, name: str) -> Lexicon:
    rows = [[("" if c is None else str(c)) for c in r] for r in rows]
    if rows and rows[0] and rows[0][0].strip().lower() in ("term", "词", "词语", "敏感词"):
        rows = rows[1:]
    lex = Lexicon(name)
    for no, r in enumerate(rows, 2):
        item = _entry(r[:5], {}, f"{name}:{no}")
        if isinstance(item, str):
            lex.allow.append(item)
        elif item:
            lex.entries.append(item)
    return lex


def load(path: str | Path) -> Lexicon:
    """Read a lexicon from .txt, .csv or .xlsx; raises LexiconError with an actionable message.
    A lexicon comes from anywhere (a colleague, a download), so a broken or hostile file is a
    user error, never a traceback or a hang (see _load_xlsx)."""
    p = Path(path)
    try:
        if p.suffix.lower() == ".csv":
            with open(p, encoding="utf-8-sig", newline="") as f:
                return _from_table(_limited(csv.reader(f), p), p.name)
        if p.suffix.lower() in (".xlsx", ".xlsm"):
            return _load_xlsx(p)
        return parse_text(p.read_text(encoding="utf-8-sig"), p.name)
    except LexiconError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, KeyError, csv.Error) as err:
        raise _unreadable(p, err) from err


def _unreadable(p: Path, err: object) -> LexiconError:
    return LexiconError(f"无法读取词库 {p}：{err}。请使用 UTF-8 的 txt、csv 或 xlsx 文件。"
                        f" / cannot read lexicon {p}: {err}; use a UTF-8 txt, csv or xlsx file.")


MAX_ROWS = 200_000                 # far more than any real lexicon
XLSX_MAX_UNPACKED = 200 * 1024 * 1024  # bytes of all parts together, as the zip declares them
# An Excel file never contains a DTD; one in any XML part is an entity-expansion attack
# ("billion laughs", quadratic blow-up) or an external-entity probe, so it is refused before any
# XML parser sees the file. Searched in UTF-8 and both UTF-16 byte orders.
_DTD_MARKS = tuple(m.encode(enc) for m in ("<!doctype", "<!entity")
                   for enc in ("ascii", "utf-16-le", "utf-16-be"))


def _limited(rows, p: Path):
    out = []
    for row in rows:
        out.append(row)
        if len(out) > MAX_ROWS:
            raise LexiconError(f"词库 {p} 超过 {MAX_ROWS} 行，请拆分后再导入。"
                               f" / lexicon {p} has more than {MAX_ROWS} rows; split it into smaller files.")
    return out


def _load_xlsx(p: Path) -> Lexicon:
    """Check the workbook's zip container (sound, not a zip bomb, no DTD in any part), then read
    the first sheet's first five columns with openpyxl. Whatever else a malformed file makes
    openpyxl raise becomes a LexiconError."""
    not_xlsx = (f"{p.name} 不是有效的 Excel（xlsx）文件，可能已损坏或只是改了扩展名。请在 Excel/WPS 中另存为 xlsx，"
                f"或改用 txt/csv。 / {p.name} is not a valid Excel (.xlsx) workbook: it is damaged or only "
                "renamed. Save it again as .xlsx from Excel/WPS, or use a txt or csv file.")
    try:
        with zipfile.ZipFile(p) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > XLSX_MAX_UNPACKED:
                raise LexiconError(f"{p.name} 解压后超过 {XLSX_MAX_UNPACKED // 2**20} MB，不像词库，已拒绝。"
                                   f" / {p.name} unpacks to more than {XLSX_MAX_UNPACKED // 2**20} MB; "
                                   "refused (not a lexicon, possibly a zip bomb).")
            for info in infos:
                if _has_dtd(archive, info):
                    raise LexiconError(f"{p.name} 含有 XML 实体声明（DTD），正常的 Excel 文件不会有，可能是恶意文件，已拒绝。"
                                       f" / {p.name} contains an XML DTD ({info.filename}); real Excel files "
                                       "never do, so it is refused as possibly malicious.")
    except LexiconError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError,
            ValueError, KeyError) as err:
        raise LexiconError(f"{not_xlsx} ({type(err).__name__}: {err})") from err
    except OSError as err:
        raise _unreadable(p, err) from err
    import openpyxl

    with open(p, "rb") as f:  # our own handle: openpyxl leaves its own open when it fails
        try:
            wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
        except Exception as err:  # noqa: BLE001 - openpyxl raises anything on a malformed workbook
            raise LexiconError(f"{not_xlsx} ({type(err).__name__}: {err})") from err
        try:
            sheet = wb.active if wb.active is not None else (wb.worksheets[0] if wb.worksheets else None)
            if sheet is None or not hasattr(sheet, "iter_rows"):
                raise LexiconError(f"{p.name} 里没有工作表。 / {p.name} has no worksheet.")
            rows = _limited(sheet.iter_rows(max_col=len(COLUMNS), values_only=True), p)
        except LexiconError:
            raise
        except Exception as err:  # noqa: BLE001 - cells are parsed lazily, errors come from here too
            raise LexiconError(f"{not_xlsx} ({type(err).__name__}: {err})") from err
        finally:
            wb.close()
    return _from_table(rows, p.name)


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    if info.is_dir():
        return False
    tail = b""
    with archive.open(info) as f:
        while chunk := f.read(1 << 20):
            window = (tail + chunk).lower()
            if any(mark in window for mark in _DTD_MARKS):
                return True
            tail = window[-32:]
    return False


def save(lex: Lexicon, path: str | Path) -> Path:
    p = Path(path)
    if p.suffix.lower() == ".csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(COLUMNS)
        w.writerows(_rows(lex))
        p.write_text(buf.getvalue(), encoding="utf-8-sig")
    elif p.suffix.lower() == ".xlsx":
        import openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "lexicon"
        ws.append(list(COLUMNS))
        for r in _rows(lex):
            ws.append(r)
        wb.save(p)
    else:
        p.write_text(dump_text(lex), encoding="utf-8")
    return p


def parse_exemptions(text: str) -> list[Exemption]:
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2:
            re.compile(parts[1].replace("{T}", "x"))
            out.append(Exemption(parts[0].strip(), parts[1].strip(), parts[2].strip() if len(parts) > 2 else ""))
    return out


LEXICON_DIR = resource("lexicons")


def builtin() -> Lexicon:
    """The default lexicons shipped in resources/lexicons (see SOURCES.md there)."""
    lex = Lexicon("builtin")
    for p in sorted(LEXICON_DIR.glob("*.txt")):
        if p.name.startswith("platform_"):
            continue
        if p.name == "exemptions.txt":
            lex.exemptions += parse_exemptions(p.read_text(encoding="utf-8"))
        else:
            lex.extend(parse_text(p.read_text(encoding="utf-8"), p.name))
    return lex


def platform_profile(platform: str) -> dict:
    profiles = json.loads((LEXICON_DIR / "platforms.json").read_text(encoding="utf-8"))
    if platform not in profiles:
        raise LexiconError(f"未知平台 “{platform}”，可选：{'、'.join(PLATFORMS)}。"
                           f" / unknown platform {platform!r}; choose from {', '.join(PLATFORMS)}.")
    return profiles[platform]


def apply_platform(lex: Lexicon, platform: str | None) -> Lexicon:
    """A copy of ``lex`` adjusted for a platform: severity overrides per category, extra terms."""
    if not platform:
        return lex
    prof = platform_profile(platform)
    sev = prof.get("severity", {})
    out = Lexicon(f"{lex.name}+{platform}", [], list(lex.allow), list(lex.exemptions))
    for e in lex.entries:
        s = sev.get(e.category)
        if s == "off":
            continue
        out.entries.append(replace(e, severity=s) if s else e)
    for name in prof.get("files", []):
        out.extend(parse_text((LEXICON_DIR / name).read_text(encoding="utf-8"), name))
    out.allow += prof.get("allow", [])
    return out

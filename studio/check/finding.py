"""One finding of the post report: how bad, what, where, and how to fix it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable, Optional

LEVELS = ("block", "warn", "notice")           # worst first
LEVEL_RANK = {lv: i for i, lv in enumerate(LEVELS)}
LEVEL_ZH = {"block": "禁止发布", "warn": "需处理", "notice": "提示", "pass": "通过"}
AREAS_ZH = {"file": "文件", "licence": "授权", "attribution": "署名", "duplicate": "近似图片",
            "font": "字体", "originality": "原创性", "repost": "转载", "text": "敏感词", "cover": "封面"}


@dataclass
class Finding:
    level: str      # block | warn | notice
    area: str       # a key of AREAS_ZH
    where: str      # where in the post (Chinese label)
    subject: str    # the asset, font or term concerned
    message: str    # what is wrong (Chinese)
    fix: str        # what to do about it (Chinese)
    ref: dict = field(default_factory=dict)
    asset_id: Optional[int] = None

    def to_dict(self) -> dict:
        return asdict(self)


def worst(levels: Iterable[str]) -> str:
    """pass when nothing is worse than a notice, else the worst level."""
    ranked = [LEVEL_RANK[lv] for lv in levels if lv in ("block", "warn")]
    return LEVELS[min(ranked)] if ranked else "pass"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: LEVEL_RANK.get(f.level, 9))

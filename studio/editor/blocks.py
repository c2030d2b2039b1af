"""The styled blocks (样式块) a user inserts: title bars, numbered sections, cards, call-outs and
image-and-text rows. Each is data — a kind plus a variant — and takes its colours from the theme,
so a theme change restyles every block. Both exporters draw a block from (kind, variant).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BlockStyle:
    key: str
    kind: str      # titlebar | section | card | callout | imagetext
    variant: str
    name: str      # Chinese name for the insert menu
    name_en: str
    label: str = ""  # fixed label drawn by call-outs and section tags


STYLED_BLOCKS: dict[str, BlockStyle] = {s.key: s for s in (
    # title bars (标题栏)
    BlockStyle("titlebar-solid", "titlebar", "solid", "色块标题", "Solid bar title"),
    BlockStyle("titlebar-leftbar", "titlebar", "leftbar", "竖线标题", "Left-bar title"),
    BlockStyle("titlebar-underline", "titlebar", "underline", "下划线标题", "Underlined title"),
    BlockStyle("titlebar-pill", "titlebar", "pill", "胶囊标题", "Pill title"),
    BlockStyle("titlebar-ribbon", "titlebar", "ribbon", "飘带标题", "Ribbon title"),
    BlockStyle("titlebar-centerlines", "titlebar", "centerlines", "居中线标题", "Centred title with rules"),
    # numbered sections (序号段落)
    BlockStyle("section-circle", "section", "circle", "圆形序号", "Circled number"),
    BlockStyle("section-bignum", "section", "bignum", "大号序号", "Big number"),
    BlockStyle("section-part", "section", "part", "PART 序号", "PART label", label="PART"),
    BlockStyle("section-step", "section", "step", "步骤序号", "Step label", label="STEP"),
    # cards (卡片)
    BlockStyle("card-border", "card", "border", "描边卡片", "Bordered card"),
    BlockStyle("card-soft", "card", "soft", "浅色卡片", "Tinted card"),
    BlockStyle("card-shadow", "card", "shadow", "阴影卡片", "Shadow card"),
    BlockStyle("card-dashed", "card", "dashed", "虚线卡片", "Dashed card"),
    BlockStyle("card-topbar", "card", "topbar", "顶条卡片", "Top-bar card"),
    # call-outs (提示框)
    BlockStyle("callout-tip", "callout", "tip", "小贴士", "Tip", label="小贴士"),
    BlockStyle("callout-warning", "callout", "warning", "注意事项", "Warning", label="注意"),
    BlockStyle("callout-note", "callout", "note", "笔记", "Note", label="笔记"),
    BlockStyle("callout-summary", "callout", "summary", "本文要点", "Key points", label="要点"),
    BlockStyle("callout-quote", "callout", "quote", "金句", "Pull quote"),
    # image-and-text rows (图文行)
    BlockStyle("imagetext-left", "imagetext", "left", "左图右文", "Image left, text right"),
    BlockStyle("imagetext-right", "imagetext", "right", "左文右图", "Text left, image right"),
    BlockStyle("imagetext-top", "imagetext", "top", "上图下文卡片", "Image above text"),
)}

KINDS = ("titlebar", "section", "card", "callout", "imagetext")
KIND_NAMES = {"titlebar": "标题栏", "section": "序号段落", "card": "卡片", "callout": "提示框",
              "imagetext": "图文行"}

# Fixed call-out colours: a warning must look like a warning whatever the theme.
CALLOUT_COLORS = {"tip": ("#2f9e44", "#ebfbee"), "warning": ("#e8590c", "#fff4e6"),
                  "note": ("#1c7ed6", "#e7f5ff")}


def get_style(key: str) -> BlockStyle:
    """The styled block `key`; an unknown key (from a newer file) falls back to a plain card."""
    return STYLED_BLOCKS.get(key) or STYLED_BLOCKS["card-border"]


def callout_colors(style: BlockStyle, primary: str, soft: str) -> tuple[str, str]:
    """(strong, background) colours of a call-out under a theme."""
    return CALLOUT_COLORS.get(style.variant, (primary, soft))

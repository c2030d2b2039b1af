"""Article themes: a palette, bundled fonts and the styles of headings, quotes and dividers.

Sizes are CSS px at a 375 px-wide phone column; the long-image export scales them up.
Applying a theme changes only `Article.theme`: every exporter resolves styles at render time,
so one click restyles the whole article.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    name: str          # Chinese name shown in the UI
    name_en: str
    text: str          # body text colour
    primary: str       # headings, bars, numbers
    accent: str        # highlights, links, second colour
    soft: str          # light tint behind cards and quotes
    muted: str         # captions, source lines
    background: str = "#ffffff"
    body_font: str = "sans"         # studio.resources.font_path names
    heading_font: str = "sans-bold"
    font_size: int = 16
    line_height: float = 1.75
    paragraph_gap: int = 16
    heading_style: str = "titlebar-leftbar"   # styled block used for level-2 headings
    quote_style: str = "bar"                  # bar | soft | center
    divider_style: str = "line"               # line | dots | double
    radius: int = 6

    @property
    def on_primary(self) -> str:
        """Text colour readable on a `primary` background."""
        return "#ffffff"


THEMES: dict[str, Theme] = {t.key: t for t in (
    Theme("simple", "简约黑白", "Simple", text="#333333", primary="#222222", accent="#d9480f",
          soft="#f5f5f5", muted="#888888", heading_style="titlebar-underline", divider_style="line"),
    Theme("fresh", "清新绿", "Fresh green", text="#3a3a3a", primary="#2f9e44", accent="#f08c00",
          soft="#ebfbee", muted="#7b8a7e", heading_style="titlebar-leftbar", quote_style="soft",
          radius=10),
    Theme("business", "商务蓝", "Business blue", text="#2b2f36", primary="#1c5fb8", accent="#e8590c",
          soft="#edf3fc", muted="#7a8599", heading_style="titlebar-solid", divider_style="double",
          radius=2),
    Theme("warm", "暖阳橙", "Warm orange", text="#4a3b32", primary="#e8590c", accent="#c2255c",
          soft="#fff4e6", muted="#9c8576", heading_style="titlebar-pill", quote_style="soft",
          divider_style="dots", radius=16),
    Theme("ink", "水墨书香", "Ink and paper", text="#2e2a26", primary="#7a2e1f", accent="#a6792b",
          soft="#f7f2e8", muted="#8f877c", background="#fffdf8", body_font="serif",
          heading_font="serif-bold", line_height=1.9, heading_style="titlebar-centerlines",
          quote_style="center", divider_style="dots", radius=0),
    Theme("tech", "科技紫", "Tech violet", text="#2d2b3a", primary="#5f3dc4", accent="#0c8599",
          soft="#f3f0ff", muted="#8583a0", heading_style="titlebar-ribbon", divider_style="double",
          font_size=15, radius=4),
    Theme("sakura", "樱花粉", "Sakura pink", text="#4a3a40", primary="#d6336c", accent="#7048e8",
          soft="#fff0f6", muted="#a58a94", heading_style="titlebar-pill", quote_style="soft",
          radius=20),
    Theme("lake", "湖光青", "Lake teal", text="#29363a", primary="#0b7285", accent="#e67700",
          soft="#e3fafc", muted="#6f8a90", body_font="serif", heading_font="sans-bold",
          heading_style="titlebar-leftbar", quote_style="bar", divider_style="line", radius=8),
)}

DEFAULT_THEME = "simple"


def get_theme(key: str) -> Theme:
    """The theme called `key`, or the default one for an unknown key (old files stay readable)."""
    return THEMES.get(key) or THEMES[DEFAULT_THEME]



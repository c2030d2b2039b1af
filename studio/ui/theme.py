"""Look of the whole app: bundled fonts, UI scale and the high-contrast projector theme.

Everything is applied to the QApplication, so a change takes effect live.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from studio.resources import FONT_FAMILIES, FONT_FILES, font_path

BASE_POINT_SIZE = 10.0
_registered: dict[str, str] = {}


def register_fonts() -> None:
    """Make the bundled CJK fonts available, so Chinese renders without system fonts."""
    for name in FONT_FILES:
        if name in _registered:
            continue
        font_id = QFontDatabase.addApplicationFont(str(font_path(name)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _registered[name] = families[0] if families else FONT_FAMILIES["sans"]


def ui_family() -> str:
    return _registered.get("sans", FONT_FAMILIES["sans"])


def apply(app: QApplication, scale: float, high_contrast: bool) -> None:
    register_fonts()
    app.setStyle(QStyleFactory.create("Fusion"))
    font = QFont(ui_family())
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    app.setFont(font)
    app.setPalette(_contrast_palette() if high_contrast else _light_palette())
    app.setStyleSheet(_stylesheet(scale, high_contrast))


# -- contrast (WCAG 2): every text must reach MIN_RATIO against what it is drawn on ------------
MIN_RATIO = {False: 4.5, True: 7.0}  # normal theme (AA), high-contrast theme (AAA)


def luminance(colour: str | QColor) -> float:
    c = QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: str | QColor, b: str | QColor) -> float:
    """The WCAG contrast ratio of two opaque colours (1 … 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(fg: str | QColor, bg: str | QColor, minimum: float) -> str:
    """`fg`, made darker (on a light `bg`) or lighter (on a dark one) in small steps, keeping its
    hue, until it reaches `minimum` against `bg`; black or white when nothing in between does."""
    fg, bg = QColor(fg), QColor(bg)
    if contrast(fg, bg) >= minimum:
        return fg.name()
    towards = QColor("#000000") if contrast("#000000", bg) >= contrast("#ffffff", bg) else QColor("#ffffff")
    for step in range(1, 21):
        t = step / 20
        mixed = QColor.fromRgbF(fg.redF() + (towards.redF() - fg.redF()) * t,
                                fg.greenF() + (towards.greenF() - fg.greenF()) * t,
                                fg.blueF() + (towards.blueF() - fg.blueF()) * t)
        mixed = QColor(mixed.name())  # as it is used: 8 bits a channel
        if contrast(mixed, bg) >= minimum:
            return mixed.name()
    return towards.name()


# -- palettes ------------------------------------------------------------------------------------
LIGHT = {"window": "#f5f6f8", "base": "#ffffff", "alternate": "#eef1f5", "text": "#1f2329",
         "button": "#ffffff", "highlight": "#2f6fed", "on_highlight": "#ffffff", "placeholder": "#636b76",
         "link": "#1a56c4", "muted": "#5b6472", "accent": "#2f6fed", "border": "#8a9099",
         "nav_bg": "#1f2a44", "nav_fg": "#dfe6f3", "nav_selected_bg": "#2c3b5e", "nav_selected_fg": "#ffffff",
         "warning_bg": "#fff3cd", "warning_fg": "#5c4400", "error": "#b71c1c", "focus": "#2f6fed"}
CONTRAST = {"window": "#000000", "base": "#000000", "alternate": "#1a1a1a", "text": "#ffffff",
            "button": "#000000", "highlight": "#ffd400", "on_highlight": "#000000", "placeholder": "#c8c8c8",
            "link": "#4fc3ff", "muted": "#ffffff", "accent": "#ffd400", "border": "#ffffff",
            "nav_bg": "#000000", "nav_fg": "#ffffff", "nav_selected_bg": "#333333", "nav_selected_fg": "#ffd400",
            "warning_bg": "#000000", "warning_fg": "#ffd400", "error": "#ff8a80", "focus": "#ffd400"}


def colours(high_contrast: bool) -> dict[str, str]:
    """The named colours of the app's look (palettes, style sheets, painted chrome)."""
    return CONTRAST if high_contrast else LIGHT


def current_colours() -> dict[str, str]:
    """The named colours of the theme the application shows now."""
    app = QApplication.instance()
    dark = app is not None and app.palette().window().color().lightness() < 128
    return colours(dark)


def ink(colour: str | QColor, background: str | QColor | None = None) -> str:
    """`colour` as text on `background` in the theme shown now (default: list and table rows,
    plain or alternate), adjusted to reach that theme's minimum contrast."""
    c = current_colours()
    return readable(colour, background or c["alternate"], MIN_RATIO[c is CONTRAST])


def fill_behind(colour: str | QColor, text: str = "#ffffff") -> str:
    """A fill near `colour` on which `text` is readable in the theme shown now (badges, banners)."""
    return readable(colour, text, MIN_RATIO[current_colours() is CONTRAST])


def text_pairs(high_contrast: bool) -> list[tuple[str, str, str]]:
    """(what, text colour, background) of every text colour the app's look defines."""
    c = colours(high_contrast)
    return [("text", c["text"], c["base"]), ("window text", c["text"], c["window"]),
            ("alternate rows", c["text"], c["alternate"]), ("buttons", c["text"], c["button"]),
            ("selection", c["on_highlight"], c["highlight"]), ("placeholder", c["placeholder"], c["base"]),
            ("placeholder on window", c["placeholder"], c["window"]), ("links", c["link"], c["base"]),
            ("muted", c["muted"], c["window"]), ("muted on base", c["muted"], c["base"]),
            ("navigation", c["nav_fg"], c["nav_bg"]),
            ("navigation selected", c["nav_selected_fg"], c["nav_selected_bg"]),
            ("warning banner", c["warning_fg"], c["warning_bg"]), ("errors", c["error"], c["window"]),
            ("errors on base", c["error"], c["base"])]


def _palette(c: dict[str, str]) -> QPalette:
    p = QPalette()
    for role, name in ((QPalette.Window, "window"), (QPalette.Base, "base"), (QPalette.AlternateBase, "alternate"),
                       (QPalette.Text, "text"), (QPalette.WindowText, "text"), (QPalette.Button, "button"),
                       (QPalette.ButtonText, "text"), (QPalette.Highlight, "highlight"),
                       (QPalette.HighlightedText, "on_highlight"), (QPalette.ToolTipBase, "base"),
                       (QPalette.ToolTipText, "text"), (QPalette.PlaceholderText, "placeholder"),
                       (QPalette.Link, "link"), (QPalette.BrightText, "text")):
        p.setColor(role, QColor(c[name]))
    for role, name in ((QPalette.Text, "placeholder"), (QPalette.WindowText, "placeholder"),
                       (QPalette.ButtonText, "placeholder")):
        p.setColor(QPalette.Disabled, role, QColor(c[name]))  # greyed out, still readable
    return p


def _light_palette() -> QPalette:
    return _palette(LIGHT)


def _contrast_palette() -> QPalette:
    return _palette(CONTRAST)


def _stylesheet(scale: float, high_contrast: bool) -> str:
    def px(n: float) -> int:
        return max(1, round(n * scale))

    c = colours(high_contrast)
    accent, border, focus = c["accent"], c["border"], c["focus"]
    width = px(2) if high_contrast else px(1)
    ring = px(3) if high_contrast else px(2)  # the focus ring: thick on a projector, visible always
    nav_ring = "#ffffff" if not high_contrast else focus
    return f"""
    QListWidget#nav {{ background: {c['nav_bg']}; color: {c['nav_fg']}; border: none; outline: 0;
        padding-top: {px(8)}px; }}
    QListWidget#nav::item {{ padding: {px(10)}px {px(14)}px; border-left: {px(4)}px solid transparent; }}
    QListWidget#nav::item:selected {{ background: {c['nav_selected_bg']};
        color: {c['nav_selected_fg']}; border-left: {px(4)}px solid {accent}; }}
    QListWidget#nav::item:focus {{ border: {ring}px solid {nav_ring}; border-left: {px(4)}px solid {accent}; }}
    QPushButton, QToolButton {{ padding: {px(5)}px {px(12)}px; border: {width}px solid {border};
        border-radius: {px(4)}px; }}
    QPushButton:default {{ border: {px(2)}px solid {accent}; }}
    QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit {{ padding: {px(4)}px {px(6)}px;
        border: {width}px solid {border}; border-radius: {px(4)}px; }}
    QPushButton:focus, QToolButton:focus, QLineEdit:focus, QTextEdit:focus, QPlainTextEdit:focus,
    QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus, QDateEdit:focus, QAbstractItemView:focus,
    QCheckBox:focus, QRadioButton:focus, QSlider:focus, QTabBar::tab:focus {{
        border: {ring}px solid {focus}; }}
    QMenu::item {{ padding: {px(4)}px {px(24)}px {px(4)}px {px(30)}px; }}
    QMenu::indicator {{ width: {px(14)}px; height: {px(14)}px; left: {px(8)}px; }}
    QMenu::separator {{ height: {px(1)}px; margin: {px(4)}px {px(8)}px; background: {border}; }}
    QLabel#title {{ font-size: {px(20)}px; font-weight: bold; }}
    QLabel#subtitle {{ color: {c['muted']}; }}
    QLabel#warning {{ background: {c['warning_bg']}; color: {c['warning_fg']}; padding: 0.5em; }}
    QStatusBar {{ border-top: {width}px solid {border}; }}
    QToolTip {{ color: {c['text']}; background: {c['base']}; border: {width}px solid {border};
        padding: {px(4)}px; }}
    """

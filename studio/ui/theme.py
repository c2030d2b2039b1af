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


def _light_palette() -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.Window, "#f5f6f8"), (QPalette.Base, "#ffffff"),
                         (QPalette.AlternateBase, "#eef1f5"), (QPalette.Text, "#1f2329"),
                         (QPalette.WindowText, "#1f2329"), (QPalette.Button, "#ffffff"),
                         (QPalette.ButtonText, "#1f2329"), (QPalette.Highlight, "#2f6fed"),
                         (QPalette.HighlightedText, "#ffffff"), (QPalette.ToolTipBase, "#ffffff"),
                         (QPalette.ToolTipText, "#1f2329"), (QPalette.PlaceholderText, "#8a9099")):
        p.setColor(role, QColor(colour))
    return p


def _contrast_palette() -> QPalette:
    p = QPalette()
    for role, colour in ((QPalette.Window, "#000000"), (QPalette.Base, "#000000"),
                         (QPalette.AlternateBase, "#1a1a1a"), (QPalette.Text, "#ffffff"),
                         (QPalette.WindowText, "#ffffff"), (QPalette.Button, "#000000"),
                         (QPalette.ButtonText, "#ffffff"), (QPalette.Highlight, "#ffd400"),
                         (QPalette.HighlightedText, "#000000"), (QPalette.ToolTipBase, "#000000"),
                         (QPalette.ToolTipText, "#ffffff"), (QPalette.PlaceholderText, "#c8c8c8"),
                         (QPalette.Link, "#4fc3ff")):
        p.setColor(role, QColor(colour))
    return p


def _stylesheet(scale: float, high_contrast: bool) -> str:
    def px(n: float) -> int:
        return max(1, round(n * scale))

    accent = "#ffd400" if high_contrast else "#2f6fed"
    border = "#ffffff" if high_contrast else "#d0d5dd"
    nav_bg = "#000000" if high_contrast else "#1f2a44"
    nav_fg = "#ffffff" if high_contrast else "#dfe6f3"
    width = px(2) if high_contrast else px(1)
    return f"""
    QListWidget#nav {{ background: {nav_bg}; color: {nav_fg}; border: none; outline: 0;
        padding-top: {px(8)}px; }}
    QListWidget#nav::item {{ padding: {px(10)}px {px(14)}px; border-left: {px(4)}px solid transparent; }}
    QListWidget#nav::item:selected {{ background: {'#333333' if high_contrast else '#2c3b5e'};
        color: {'#ffd400' if high_contrast else '#ffffff'}; border-left: {px(4)}px solid {accent}; }}
    QPushButton, QToolButton {{ padding: {px(5)}px {px(12)}px; border: {width}px solid {border};
        border-radius: {px(4)}px; }}
    QPushButton:default {{ border: {px(2)}px solid {accent}; }}
    QPushButton:focus, QToolButton:focus, QLineEdit:focus, QTextEdit:focus, QComboBox:focus {{
        border: {px(2)}px solid {accent}; }}
    QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit {{ padding: {px(4)}px {px(6)}px;
        border: {width}px solid {border}; border-radius: {px(4)}px; }}
    QLabel#title {{ font-size: {px(20)}px; font-weight: bold; }}
    QLabel#subtitle {{ color: {'#ffffff' if high_contrast else '#5b6472'}; }}
    QStatusBar {{ border-top: {width}px solid {border}; }}
    QToolTip {{ border: {width}px solid {border}; padding: {px(4)}px; }}
    """

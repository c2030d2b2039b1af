"""Contrast (WCAG 2) of every text colour the app uses: at least 7:1 in the high-contrast theme and
4.5:1 in the normal one. Ratios are computed from the palettes and style sheets that
studio.ui.theme applies, from the colours the article editor shows for every article theme and
block style, and from the timeline's own fills, so a new colour cannot slip below."""
from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QApplication

from studio.editor.article import Block, Span
from studio.editor.blocks import STYLED_BLOCKS
from studio.editor.themes import THEMES
from studio.ui import theme
from studio.ui.theme import MIN_RATIO, colours, contrast

MODES = [pytest.param(False, id="normal"), pytest.param(True, id="high-contrast")]


@pytest.fixture
def app(qapp):
    yield qapp
    theme.apply(qapp, 1.0, False)


def test_ratio_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast(theme.readable("#888888", "#ffffff", 4.5), "#ffffff") >= 4.5
    assert contrast(theme.readable("#4a3b32", "#000000", 7), "#000000") >= 7


@pytest.mark.parametrize("high_contrast", MODES)
def test_palette_and_named_colours(app, high_contrast):
    theme.apply(app, 1.0, high_contrast)
    p, minimum = app.palette(), MIN_RATIO[high_contrast]
    pairs = [("Text/Base", QPalette.Text, QPalette.Base), ("Text/AlternateBase", QPalette.Text, QPalette.AlternateBase),
             ("WindowText/Window", QPalette.WindowText, QPalette.Window),
             ("ButtonText/Button", QPalette.ButtonText, QPalette.Button),
             ("HighlightedText/Highlight", QPalette.HighlightedText, QPalette.Highlight),
             ("ToolTipText/ToolTipBase", QPalette.ToolTipText, QPalette.ToolTipBase),
             ("PlaceholderText/Base", QPalette.PlaceholderText, QPalette.Base),
             ("PlaceholderText/Window", QPalette.PlaceholderText, QPalette.Window),
             ("Link/Base", QPalette.Link, QPalette.Base)]
    low = [(name, round(contrast(p.color(fg), p.color(bg)), 2)) for name, fg, bg in pairs
           if contrast(p.color(fg), p.color(bg)) < minimum]
    for group in (QPalette.Disabled,):  # greyed-out text is still text
        for fg, bg in ((QPalette.Text, QPalette.Base), (QPalette.WindowText, QPalette.Window),
                       (QPalette.ButtonText, QPalette.Button)):
            if contrast(p.color(group, fg), p.color(group, bg)) < minimum:
                low.append((f"disabled {fg}", round(contrast(p.color(group, fg), p.color(group, bg)), 2)))
    low += [(name, round(contrast(fg, bg), 2)) for name, fg, bg in theme.text_pairs(high_contrast)
            if contrast(fg, bg) < minimum]
    assert not low, low


def _rules(sheet: str):
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet.replace("{{", "{").replace("}}", "}")):
        props = dict((k.strip(), v.strip()) for k, _, v in (d.partition(":") for d in body.split(";")) if v.strip())
        yield selectors.strip(), props


@pytest.mark.parametrize("high_contrast", MODES)
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_style_sheet_text_colours(app, high_contrast, scale):
    theme.apply(app, scale, high_contrast)
    c, minimum = colours(high_contrast), MIN_RATIO[high_contrast]
    low, checked = [], 0
    for selectors, props in _rules(app.styleSheet()):
        if "color" not in props:
            continue
        # a rule's text sits on its own background, or on the window's
        background = props.get("background") or props.get("background-color") or c["window"]
        if "nav" in selectors and "background" not in props:
            background = c["nav_bg"]
        checked += 1
        if contrast(props["color"], background) < minimum:
            low.append((selectors, props["color"], background, round(contrast(props["color"], background), 2)))
    assert checked >= 4 and not low, low


@pytest.mark.parametrize("high_contrast", MODES)
def test_focus_ring_is_visible(app, high_contrast, qtbot):
    """The navigation list shows where the keyboard is (it had no focus mark at all), and every
    focusable kind of control gets a ring: thick (3 px at 100%) on a projector."""
    theme.apply(app, 2.0, high_contrast)
    rules = dict(_rules(app.styleSheet()))
    ring = 3 if high_contrast else 2
    nav = next(props for sel, props in rules.items() if "#nav::item:focus" in sel)
    assert f"{ring * 2}px solid" in nav["border"]
    focus = next(props for sel, props in rules.items() if "QPushButton:focus" in sel)
    for kind in ("QAbstractItemView:focus", "QCheckBox:focus", "QSpinBox:focus", "QComboBox:focus"):
        assert kind in next(sel for sel in rules if "QPushButton:focus" in sel)
    width, _, colour = focus["border"].partition("px solid ")
    assert int(width) == ring * 2
    window = colours(high_contrast)["window"]
    assert contrast(colour, window) >= 3  # WCAG non-text contrast of the ring itself


def _document(theme_obj, high_contrast: bool) -> QTextDocument:
    from studio.ui.editor.document import DocumentBuilder

    blocks = [Block("heading", [Span("标题一")], level=1), Block("heading", [Span("标题二")], level=2),
              Block("paragraph", [Span("正文"), Span("粗体", bold=True), Span("链接", link="https://example.com"),
                                  Span("高亮", highlight="#ffec99"), Span("自选色", color="#ffd43b"),
                                  Span("深色", color="#222222")]),
              Block("quote", [Span("引用"), Span("引用里的链接", link="https://example.com")]),
              Block("list", items=[[Span("一")], [Span("二")]]),
              Block("image", asset_id=None, caption="图片说明"), Block("divider")]
    blocks += [Block("styled", [Span("卡片正文")], style=key, title="卡片标题") for key in STYLED_BLOCKS]
    doc = QTextDocument()
    DocumentBuilder(doc, theme_obj, lambda _id: None, high_contrast=high_contrast).build(blocks)
    return doc


def _low_contrast_texts(doc: QTextDocument, high_contrast: bool) -> list:
    minimum, page = MIN_RATIO[high_contrast], colours(high_contrast)["base"]
    default_text = colours(high_contrast)["text"]
    low = []
    qb = doc.begin()
    while qb.isValid():
        frame = QTextCursor(qb).currentFrame()
        behind = page
        if frame is not None and frame != doc.rootFrame() and frame.frameFormat().hasProperty(QTextFormat.BackgroundBrush):
            behind = frame.frameFormat().background().color().name()
        if qb.blockFormat().hasProperty(QTextFormat.BackgroundBrush):
            behind = qb.blockFormat().background().color().name()
        it = qb.begin()
        while not it.atEnd():
            frag = it.fragment()
            it += 1
            text = frag.text().replace("\ufffc", "").strip()
            if not text:
                continue
            f = frag.charFormat()
            fg = f.foreground().color().name() if f.hasProperty(QTextFormat.ForegroundBrush) else default_text
            bg = f.background().color().name() if f.hasProperty(QTextFormat.BackgroundBrush) else behind
            if contrast(fg, bg) < minimum:
                low.append((text, fg, bg, round(contrast(fg, bg), 2)))
        qb = qb.next()
    return low


@pytest.mark.parametrize("high_contrast", MODES)
@pytest.mark.parametrize("key", list(THEMES))
def test_article_editor_shows_every_theme_readably(qapp, key, high_contrast):
    """Every text of the body (headings, quotes, captions, links, styled cards and bars, colours
    the writer picked) as the editor shows it, against what it sits on."""
    doc = _document(THEMES[key], high_contrast)
    assert doc.toPlainText().count("卡片标题") == len(STYLED_BLOCKS)
    assert not _low_contrast_texts(doc, high_contrast)


def test_high_contrast_view_keeps_the_article(qapp):
    """The projector rendering is only a view: the blocks read back are the stored ones (span
    colours and highlights included) and the theme's own colours are unchanged."""
    from studio.ui.editor.document import read_blocks

    warm = THEMES["warm"]
    before = (warm.text, warm.primary, warm.muted, warm.soft)
    plain, contrast_doc = _document(warm, False), _document(warm, True)
    assert [b.to_dict() for b in read_blocks(contrast_doc)] == [b.to_dict() for b in read_blocks(plain)]
    assert (warm.text, warm.primary, warm.muted, warm.soft) == before
    body = contrast_doc.begin().next().next().begin().fragment().charFormat().foreground().color()
    assert body.lightness() > 200  # light text on black, not the theme's dark brown


def test_editor_page_uses_the_projector_rendering(qtbot, project):
    from studio.editor import store
    from studio.editor.article import Article
    from studio.ui.app import create_window
    from studio.ui.settings import Settings

    article_id = store.create_article(project, Article(title="t", theme="warm", blocks=[
        Block("paragraph", [Span("正文文字")]), Block("quote", [Span("引用文字")])]))
    w = create_window(Settings(high_contrast=True))
    qtbot.addWidget(w)
    w.ctx.set_project(project)
    try:
        page = w.page("editor")
        page.open_article(article_id)
        doc = page.editor.document()
        assert "正文文字" in doc.toPlainText()
        assert not _low_contrast_texts(doc, True)
        assert store.load_article(project, article_id).theme == "warm"
    finally:
        w.ctx.set_project(None)
        theme.apply(QApplication.instance(), 1.0, False)


def _over(fill: QColor, base: str) -> str:
    """`fill` composited over the opaque `base`."""
    b, a = QColor(base), fill.alphaF()
    return QColor.fromRgbF(fill.redF() * a + b.redF() * (1 - a), fill.greenF() * a + b.greenF() * (1 - a),
                           fill.blueF() * a + b.blueF() * (1 - a)).name()


@pytest.mark.parametrize("high_contrast", MODES)
def test_timeline_and_canvas_chrome(qapp, high_contrast):
    from studio.ui.video import timeline_view as tv

    minimum, c = MIN_RATIO[high_contrast], colours(high_contrast)
    low = [hue for hue in range(360) if contrast(tv.CLIP_TEXT, tv.clip_fill(hue)) < minimum]
    assert not low, f"clip names unreadable on hues {low[:10]}…"
    assert contrast(tv.CAPTION_TEXT, tv.CAPTION_FILL) >= minimum
    for under in (c["base"], c["alternate"], "#000000"):  # the song's label over its waveform row
        assert contrast(tv.LABEL_TEXT, _over(tv.LABEL_FILL, under)) >= minimum
    # the canvas' safe-area label is drawn on a box of the theme's base colour
    assert contrast(c["text"], c["base"]) >= minimum


@pytest.mark.parametrize("high_contrast", MODES)
def test_status_colours_in_tables_and_badges(app, high_contrast):
    from studio.check.report_html import COLOURS
    from studio.ui.check.highlighter import COLORS
    from studio.ui.library.delegate import COLOR_VALUES

    theme.apply(app, 1.0, high_contrast)
    c, minimum = colours(high_contrast), MIN_RATIO[high_contrast]
    for colour in list(COLOURS.values()) + list(COLORS.values()) + ["#8e24aa", "#d99a00"]:
        for row in (c["base"], c["alternate"]):
            assert contrast(theme.ink(colour), row) >= minimum, colour
        assert contrast("#ffffff", theme.fill_behind(colour)) >= minimum, colour
    for colour in COLOR_VALUES.values():
        assert contrast("#ffffff", theme.fill_behind(colour)) >= minimum

"""A crafted .nms is untrusted input (issue 10): every value read from it is validated by type and
range when the Article / Canvas model is built, and every HTML writer escapes what it writes.

Before: string values in Span.size and Block.align broke out of style="" in the WeChat HTML and
injected event handlers; links with javascript: survived; a width or level of the wrong type
crashed the exports.
"""
from __future__ import annotations

import json
import sqlite3
from html.parser import HTMLParser

import pytest

from studio.check.copyright import AssetStatus
from studio.check.finding import Finding
from studio.check.fonts import FontStatus
from studio.check.report import Report
from studio.check.report_html import render_html
from studio.cli import main
from studio.editor import canvas_render, canvas_store, store
from studio.editor.article import Article, Block, Span, paragraph, safe_url
from studio.editor.canvas import Canvas, Layer
from studio.editor.markdown_export import to_markdown
from studio.editor.sample import sample_article
from studio.editor.wechat_html import css, render_document
from studio.project import create_project
from tests.conftest import make_image

EVIL = '16px" onmouseover="alert(1)" x="'
HOSTILE_BODY = [
    {"kind": "paragraph", "align": 'center" onclick="alert(2)" x="',
     "spans": [{"text": "大小", "size": EVIL}, {"text": "颜色", "color": 'red" onfocus="alert(3)'},
               {"text": "底色", "highlight": "#ffec99;background:url(javascript:alert(4))"},
               {"text": "链接", "link": "javascript:alert(5)"}, {"text": "tab", "link": "java\tscript:alert(6)"},
               {"text": "数据", "link": "data:text/html,<script>alert(7)</script>"},
               {"text": "<script>alert(8)</script>", "bold": "yes"}, 42, None]},
    {"kind": "heading", "level": "2\" onload=\"alert(9)", "spans": [{"text": "标题", "size": 1e308}]},
    {"kind": "heading", "level": 99, "spans": ["很大的级别"]},
    {"kind": "image", "asset_id": "1 OR 1=1", "width": '100%" onerror="alert(10)', "caption": "<img src=x>"},
    {"kind": "image", "asset_id": True, "width": -5},
    {"kind": "spacer", "height": "1e9"},
    {"kind": "spacer", "height": 10 ** 12},
    {"kind": "styled", "style": '"><script>alert(11)</script>', "title": "卡片", "spans": ["内容"]},
    {"kind": "list", "items": [[{"text": "一", "underline": 1}], "not a list", [{"text": "二", "size": -3}]],
     "ordered": "true"},
    {"kind": "<script>", "spans": ["未知类型保留文字"]},
    "not a block",
]


class Tags(HTMLParser):
    """Every start tag with its attributes; the text of <script> (there must be none)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def assert_clean_html(html: str) -> None:
    tags = tags_of(html)
    names = {t for t, _ in tags}
    assert "script" not in names and "iframe" not in names
    for tag, attrs in tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert set(attrs) <= {"style", "href", "src", "alt", "lang", "charset", "name", "content"}, (tag, attrs)
        style = attrs.get("style") or ""
        assert "url(" not in style and "javascript" not in style and "expression" not in style, style
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("http://", "https://", "mailto:")) and '"' not in href, href


def test_article_from_dict_validates_every_value():
    article = Article.from_dict({"title": 5, "author": ["x"], "theme": '"><b>', "original": "no",
                                 "cover_asset_id": "3", "cover_canvas_id": -1, "blocks": HOSTILE_BODY})
    assert (article.title, article.author, article.theme, article.original) == ("", "", "simple", True)
    assert article.cover_asset_id is None and article.cover_canvas_id is None
    first = article.blocks[0]
    assert first.align == ""
    assert [(s.text, s.size, s.color, s.highlight, s.link, s.bold) for s in first.spans][:7] == [
        ("大小", 0, "", "", "", False), ("颜色", 0, "", "", "", False), ("底色", 0, "", "", "", False),
        ("链接", 0, "", "", "", False), ("tab", 0, "", "", "", False), ("数据", 0, "", "", "", False),
        ("<script>alert(8)</script>", 0, "", "", "", False)]  # text stays text: writers escape it
    heading, big = article.blocks[1], article.blocks[2]
    assert (heading.level, heading.spans[0].size, big.level) == (2, 72, 4)  # clamped to the largest size
    image, other = article.blocks[3], article.blocks[4]
    assert (image.asset_id, image.width, other.asset_id, other.width) == (None, 100, None, 10)
    assert [b.height for b in article.blocks[5:7]] == [24, 400]
    assert article.blocks[7].style == "card-border"
    items = article.blocks[8]
    assert items.ordered is False and [[s.text for s in i] for i in items.items] == [["一"], ["二"]]
    assert items.items[0][0].underline is False and items.items[1][0].size == 0
    assert (article.blocks[9].kind, article.blocks[9].text) == ("paragraph", "未知类型保留文字")
    assert len(article.blocks) == 10


def test_valid_values_survive_validation():
    article = sample_article([1, 2, 3], cover_asset_id=1, theme="ink")
    article.blocks.append(paragraph(Span("x", bold=True, italic=True, underline=True, color="#123456",
                                         highlight="#abcdef", link="mailto:a@b.cn", size=18), align="right"))
    assert Article.from_dict(json.loads(json.dumps(article.to_dict()))) == article


@pytest.mark.parametrize("url, relative, expected", [
    ("https://example.com/a?b=1#c", False, "https://example.com/a?b=1#c"),
    ("HTTP://EXAMPLE.COM", False, "HTTP://EXAMPLE.COM"),
    ("mailto:a@example.com", False, "mailto:a@example.com"),
    ("../notes/b.md", True, "../notes/b.md"), ("#top", True, "#top"), ("../notes/b.md", False, ""),
    ("javascript:alert(1)", True, ""), (" JavaScript:alert(1)", True, ""), ("java\tscript:alert(1)", True, ""),
    ("data:text/html,hi", True, ""), ("vbscript:x", True, ""), ("file:///etc/passwd", True, ""),
    ("//evil.example/x", True, ""), ("\\\\evil\\share", True, ""), ("https://x/\u0085y", False, ""), ('https://x/" onclick="y', False, ""),
    (None, True, ""), (42, True, ""),
])
def test_safe_url(url, relative, expected):
    assert safe_url(url, relative=relative) == expected


def test_css_never_leaves_the_style_attribute():
    assert css(color='red" onclick="x', font_size=EVIL, width="1px;position:fixed", margin="0px") == "margin:0px"
    assert css(background="url(javascript:x)", x="expression(alert(1))", y="a/*", z="</style>") == ""
    assert css(font_family="'Noto Sans CJK SC',sans-serif", font_size=16, flag=True, n=float("nan")) == \
        "font-family:'Noto Sans CJK SC',sans-serif;font-size:16px"


def test_writers_escape_even_a_model_built_in_code():
    """Defence in depth: an Article that never went through from_dict (built by code, by a
    plugin) still cannot inject markup through the WeChat writer."""
    article = Article(title='"><script>alert(1)</script>', blocks=[
        Block("paragraph", [Span("x", size=EVIL, color=EVIL, link='https://a.cn/" onclick="alert(2)')],  # type: ignore[arg-type]
              align='center" onclick="alert(3)'),
        Block("heading", [Span("h")], level="3"),  # type: ignore[arg-type]
        Block("image", asset_id=1, width='50" onerror="alert(4)'),  # type: ignore[arg-type]
        Block("spacer", height="lots"),  # type: ignore[arg-type]
    ])
    assert_clean_html(render_document(article, lambda i: 'a.png" onerror="alert(5)'))


@pytest.fixture
def crafted(tmp_path):
    """A project whose article row and cover row were edited outside the app (raw SQL)."""
    path = tmp_path / "crafted.nms"
    project = create_project(path)
    article_id = store.create_article(project, Article(title="正常的标题"))
    cover_id = canvas_store.add_canvas(project, Canvas(900, 383, preset="wechat-cover"))
    project.close()
    layers = [
        {"kind": "text", "x": "0", "y": float("nan"), "w": 1e12, "h": -4, "rotation": "9", "opacity": 7,
         "visible": "false", "id": '"><x', "props": {"text": "标题", "size": "48px", "font": "../../etc/passwd",
                                                     "color": "not-a-colour", "align": "sideways",
                                                     "line_height": "tall", "stroke_width": 1e9, "shadow": "yes",
                                                     "background": "#12", "padding": -10, "letter_spacing": None}},
        {"kind": "shape", "x": 0, "y": 0, "w": 100, "h": 100, "props": {"shape": "star", "fill": 3, "radius": "r"}},
        {"kind": "qr", "x": 10, "y": 10, "w": 80, "h": 80, "props": {"data": "https://example.com", "border": 1e9,
                                                                     "level": "Z", "fg": "#000"}},
        {"kind": "image", "x": 0, "y": 0, "w": 50, "h": 50, "props": {"asset_id": "1", "path": "/etc/passwd",
                                                                      "edits": [{"op": "explode"}], "fit": 5}},
        {"kind": "video", "x": 0, "y": 0, "w": 10, "h": 10},
        "junk",
    ]
    with sqlite3.connect(path) as db:
        db.execute("UPDATE article SET body = ?, theme = ?, title = ?, cover_canvas_id = ? WHERE id = ?",
                   (json.dumps(HOSTILE_BODY), '"><script>alert(0)</script>', 12345, "1; DROP TABLE article",
                    article_id))
        db.execute("UPDATE canvas SET layers = ?, background = ? WHERE id = ?",
                   (json.dumps(layers), json.dumps({"type": "linear", "colors": ["#fff", "javascript:"],
                                                    "angle": "x"}), cover_id))
    db.close()
    return path, article_id, cover_id


def test_crafted_project_exports_clean_wechat_html(tmp_path, crafted, capsys):
    path, article_id, _cover = crafted
    before = path.read_bytes()
    out = tmp_path / "out" / "post.html"
    assert main(["article", "export", str(path), str(article_id), "--format", "wechat-html", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert_clean_html(html)
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in html  # the text is shown, as text
    assert path.read_bytes() == before  # an export opens the project read-only


def test_crafted_project_exports_markdown_and_long_image(tmp_path, crafted):
    path, article_id, _cover = crafted
    md = tmp_path / "post.md"
    assert main(["article", "export", str(path), str(article_id), "--format", "markdown", "--out", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert "javascript" not in text and "data:" not in text and "<script>" not in text
    png = tmp_path / "post.png"
    assert main(["article", "export", str(path), str(article_id), "--format", "long-image", "--out", str(png),
                 "--max-height", "4000"]) == 0
    assert png.stat().st_size > 0


def test_crafted_cover_is_validated_and_renders(tmp_path, crafted, capsys):
    path, _article, cover_id = crafted
    from studio.project import open_project

    project = open_project(path, readonly=True)
    try:
        canvas = canvas_store.load_canvas(project, cover_id)
    finally:
        project.close()
    assert [layer.kind for layer in canvas.layers] == ["text", "shape", "qr", "image"]
    text, shape, qr, image = canvas.layers
    assert (text.x, text.y, text.w, text.h, text.rotation, text.opacity, text.visible) == (0, 0, 8000, 1, 0, 1, True)
    assert text.id != '"><x' and text.id.isalnum()
    p = text.props
    assert p["font"] == "../../etc/passwd"  # only a name: checked for its licence, drawn with a bundled font
    assert (p["size"], p["color"], p["align"], p["line_height"], p["stroke_width"], p["shadow"],
            p["background"], p["padding"], p["letter_spacing"]) == (48, "#222222", "left", 1.3, 200,
                                                                    False, "", 0, 0)
    assert (shape.props["shape"], shape.props["fill"], shape.props["radius"]) == ("rect", "#4f7cff", 0)
    assert (qr.props["border"], qr.props["level"], qr.props["fg"]) == (20, "M", "#000")
    assert (image.props["asset_id"], image.props["path"], image.props["edits"], image.props["fit"]) == (
        None, "/etc/passwd", [], "cover")  # a bare path is a supported (and licence-checked) image source
    assert canvas.background == {"type": "linear", "colors": ["#fff"], "angle": 90}
    out = tmp_path / "cover.png"
    assert main(["cover", "export", str(path), str(cover_id), "--out", str(out)]) == 2  # not an image: a user error
    err = capsys.readouterr().err
    assert "无法读取图片" in err and "Traceback" not in err and not out.exists()
    canvas.remove(image.id)
    img = canvas_render.render(canvas, scale=0.25, placeholder=True)
    assert img.size == (225, 96)


def test_layer_and_canvas_from_dict_reject_or_default():
    from studio.project.errors import StudioError

    with pytest.raises(StudioError):
        Canvas.from_dict({"width": "wide", "height": 100})
    with pytest.raises(StudioError):
        Layer.from_dict({"kind": "video"})
    layer = Layer.from_dict({"kind": "qr", "props": {"data": 5}})
    assert layer.props["data"] == "https://example.com"


def test_qr_text_too_long_is_a_user_error():
    from studio.project.errors import StudioError

    with pytest.raises(StudioError):
        canvas_render.qr_matrix("码" * 2000, "H")


def test_markdown_export_of_crafted_links():
    article = Article.from_dict({"blocks": HOSTILE_BODY})
    md = to_markdown(article, lambda i: None)
    assert "javascript" not in md and "data:" not in md


def test_report_html_escapes_everything(tmp_path):
    evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    finding = Finding("warn", "licence", evil, evil, evil, evil)
    report = Report("article", evil, evil, evil,  # type: ignore[arg-type]
                    assets=[AssetStatus(evil, evil, asset_id=1, path=evil, licence=evil, author=evil,
                                        source_url="javascript:alert(3)", attribution=evil, licence_cert=evil,
                                        uses=[evil], findings=[finding])],
                    fonts=[FontStatus(evil, family=evil, display_name=evil, path=evil, origin=evil,
                                      licence_text=evil, licence_url=evil, fs_type=8, recorded=evil, uses=[evil])],
                    findings=[finding], checked_at=evil)
    html = render_html(report)
    tags = tags_of(html)
    assert {t for t, _ in tags} <= {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "div",
                                    "small", "span", "table", "thead", "tbody", "tr", "th", "td", "p", "br", "code"}
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on") or a in ("src", "href")]
    make_image(tmp_path / "unused.png")  # the report writer touches no media

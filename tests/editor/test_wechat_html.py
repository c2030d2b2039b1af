"""WeChat HTML: inline styles only, px units, escaped text, safe links, images beside the file."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from studio.editor.article import Article, Block, Span, paragraph, styled
from studio.editor.blocks import STYLED_BLOCKS
from studio.editor.sample import sample_article
from studio.editor.themes import THEMES
from studio.editor.wechat_html import export_wechat_html, render_body, render_document
from tests.conftest import make_image

FORBIDDEN_TAGS = {"style", "link", "script", "iframe"}
FORBIDDEN_ATTRS = {"class", "id", "onclick", "onerror", "onload"}


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.styles, self.hrefs, self.text = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append(name)
            if name == "style":
                self.styles.append(value or "")
            if name == "href":
                self.hrefs.append(value)

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collect:
    c = _Collect()
    c.feed(html)
    return c


def every_block_article(theme: str) -> Article:
    blocks = [styled(key, title=f"标题{key}", text="正文内容", asset_id=1) for key in STYLED_BLOCKS]
    blocks += [Block("heading", [Span("一级")], level=1), Block("heading", [Span("二级")], level=2),
               Block("heading", [Span("三级")], level=3), Block("quote", [Span("引用")]),
               Block("list", items=[[Span("甲")], [Span("乙")]], ordered=True), Block("divider"),
               Block("spacer", height=30), Block("image", asset_id=1, caption="图注", width=60)]
    return Article(title="全部样式", theme=theme, blocks=blocks)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_only_inline_styles_in_px(theme):
    html = render_document(every_block_article(theme), lambda i: "img.png")
    c = parse(html)
    assert not FORBIDDEN_TAGS & set(c.tags)
    assert not FORBIDDEN_ATTRS & set(c.attrs)
    assert c.styles
    for style in c.styles:
        low = style.lower()
        for bad in ("position:fixed", "var(", "calc(", "@media", "!important", "expression("):
            assert bad not in low, style
        # every length is px (image widths may be a percentage of the column)
        for number, unit in re.findall(r"(?<![#\w.])(\d+(?:\.\d+)?)(em|rem|vw|vh|pt|cm|mm|in|ex|ch)\b", low):
            pytest.fail(f"non-px unit {number}{unit} in {style}")
    # every styled block's title made it into the page
    for key in STYLED_BLOCKS:
        assert f"标题{key}" in "".join(c.text), key


def test_user_text_is_escaped_and_bad_links_dropped():
    article = Article(title="<script>alert(1)</script>", blocks=[
        paragraph(Span("<b onclick=x>点我</b> & \"引号\"")),
        paragraph(Span("坏链接", link="javascript:alert(1)"), Span("好链接", link="https://example.com/?a=1&b=2")),
        paragraph(Span("颜色", color="red;position:fixed", highlight="#ffec99")),
        styled("card-soft", title="<img src=x onerror=alert(1)>", text="卡片"),
    ])
    html = render_document(article, lambda i: None)
    c = parse(html)
    assert "script" not in c.tags and "b" not in c.tags and "img" not in c.tags
    assert "onclick" not in c.attrs and "onerror" not in c.attrs
    assert c.hrefs == ["https://example.com/?a=1&b=2"]
    assert "&lt;b onclick=x&gt;点我&lt;/b&gt; &amp; &quot;引号&quot;" in html
    assert "position:fixed" not in html
    assert "background-color:#ffec99" in html


def test_inline_styles_and_theme_colours():
    article = Article(theme="business", blocks=[paragraph(Span("粗", bold=True), Span("斜", italic=True),
                                                         Span("线", underline=True), Span("大", size=20))])
    body = render_body(article, lambda i: None)
    assert "font-weight:bold" in body and "font-style:italic" in body
    assert "text-decoration:underline" in body and "font-size:20px" in body
    assert THEMES["business"].text in body
    other = render_body(Article(theme="sakura", blocks=article.blocks), lambda i: None)
    assert THEMES["sakura"].text in other and THEMES["business"].text not in other


def test_repost_shows_source_line():
    article = Article(original=False, source="某报", source_author="李四", blocks=[paragraph("正文")])
    assert "来源：某报 / 作者：李四" in render_body(article, lambda i: None)


def test_export_writes_images_beside_html(tmp_path):
    (tmp_path / "src").mkdir()
    photo = make_image(tmp_path / "src" / "photo.jpg")
    article = sample_article([1, 1, 2])
    files = export_wechat_html(article, tmp_path / "out" / "post.html",
                               lambda i: photo if i == 1 else tmp_path / "missing.png")
    assert files[0].name == "post.html"
    assert [f.name for f in files[1:]] == ["post-img-01.jpg"]
    assert files[1].read_bytes() == photo.read_bytes()
    html = files[0].read_text(encoding="utf-8")
    assert html.count('src="post-img-01.jpg"') == 2  # the same asset is copied once, used twice
    assert "<img" in html and "missing" not in html

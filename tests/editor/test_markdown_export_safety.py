"""Markdown export escapes link text and targets and drops unsafe URL schemes (issue 10).

Before: a link containing `>` ended the `<...>` destination early, so the rest of the link came
out as raw `<script>`; javascript: and data: links were kept.
"""
from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from studio.editor.article import Article, Block, Span, paragraph
from studio.editor.markdown_export import export_markdown, to_markdown
from studio.editor.markdown_import import parse_markdown
from tests.conftest import make_image


def rendered(md: str) -> str:
    """What a CommonMark renderer (raw HTML allowed, as on most sites) makes of the export."""
    return MarkdownIt("commonmark").render(md)


def link(target: str, text: str = "点这里") -> Article:
    return Article(blocks=[paragraph("前面 ", Span(text, link=target), " 后面")])


@pytest.mark.parametrize("target", [
    "https://a.example/>)<script>alert(1)</script>",
    "https://a.example/x>\n<script>alert(1)</script>",
    "https://a.example/\\",
    "https://a.example/<img src=x onerror=alert(1)>",
])
def test_a_link_target_cannot_end_the_link(target):
    md = to_markdown(link(target), lambda i: None)
    html = rendered(md)
    assert "<script" not in html and "<img" not in html and "onerror" not in html.replace("onerror%3D", "")
    assert html.count("<a ") <= 1 and "后面" in html


@pytest.mark.parametrize("target", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "file:///etc/passwd",
])
def test_unsafe_schemes_are_dropped_and_the_text_kept(target):
    md = to_markdown(link(target), lambda i: None)
    assert "](" not in md and "点这里" in md
    assert "<a " not in rendered(md)


@pytest.mark.parametrize("target", [
    "https://example.com/a?b=1&c=2#d", "http://example.com", "mailto:editor@example.com", "../posts/next.md",
    "#section-2",
])
def test_safe_links_are_kept(target):
    md = to_markdown(link(target), lambda i: None)
    back = parse_markdown(md).article
    assert [s.link for s in back.blocks[0].spans if s.link] == [target]


def test_link_text_and_body_text_stay_text():
    article = Article(blocks=[
        paragraph(Span("<script>alert(1)</script>", link="https://example.com")),
        paragraph("&lt;script&gt;alert(2)&lt;/script&gt; 和 <b>粗</b> 和 ](javascript:alert(3))"),
        Block("heading", [Span("<img src=x onerror=alert(4)>")], level=2),
    ])
    md = to_markdown(article, lambda i: None)
    html = rendered(md)
    assert "<script" not in html and "<b>" not in html and "<img" not in html
    back = parse_markdown(md).article
    assert [b.text for b in back.blocks] == [b.text for b in article.blocks]


def test_image_paths_with_markdown_characters(tmp_path):
    folder = tmp_path / "pics"
    folder.mkdir()
    odd = make_image(folder / "a>b) <c> 50%.png")
    before = odd.read_bytes()
    article = Article(blocks=[Block("image", asset_id=1, caption="图")])
    out = tmp_path / "post.md"
    export_markdown(article, out, lambda i: odd)
    md = out.read_text(encoding="utf-8")
    assert "<script" not in rendered(md)
    found = []
    parse_markdown(md, base_dir=tmp_path, import_image=lambda p: found.append(p) or 7)
    assert found == [odd]  # the exported reference reads back as the same file
    assert odd.read_bytes() == before

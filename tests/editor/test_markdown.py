"""Markdown import (CommonMark) and export."""
from __future__ import annotations

from studio.editor.markdown_export import to_markdown
from studio.editor.markdown_import import CODE_BG, parse_markdown
from studio.editor.sample import sample_article
from tests.conftest import make_image

POST = """# 周末去哪儿

第一段有**加粗**、*斜体*、[链接](https://example.com)和`代码`，
这一行接着写。

## 小标题

![湖面](photos/lake.png "清晨")

1. 第一
2. 第二
   - 嵌套

> 引用第一行
>
> 引用第二行

---

```
print("hi")
```

![网络图片](https://example.com/a.png)
![不存在](nothing.png)
"""


def test_structure_and_inline_styles(tmp_path):
    (tmp_path / "photos").mkdir()
    make_image(tmp_path / "photos" / "lake.png")
    imported = []
    result = parse_markdown(POST, base_dir=tmp_path, import_image=lambda p: imported.append(p) or 42)
    a = result.article
    assert a.title == "周末去哪儿"
    assert [b.kind for b in a.blocks] == ["paragraph", "heading", "image", "list", "quote", "divider", "styled"]
    spans = a.blocks[0].spans
    assert [(s.text, s.bold, s.italic, s.link) for s in spans if s.bold or s.italic or s.link] == [
        ("加粗", True, False, ""), ("斜体", False, True, ""), ("链接", False, False, "https://example.com")]
    assert any(s.text == "代码" and s.highlight == CODE_BG for s in spans)
    # a line break inside Chinese text is not a space
    assert "，这一行接着写。" in a.blocks[0].text
    assert a.blocks[1].level == 2
    assert (a.blocks[2].asset_id, a.blocks[2].caption) == (42, "湖面")
    assert imported == [tmp_path / "photos" / "lake.png"]
    assert a.blocks[3].ordered and [s[0].text for s in a.blocks[3].items] == ["第一", "第二", "嵌套"]
    assert a.blocks[4].text == "引用第一行\n引用第二行"
    assert a.blocks[6].text == 'print("hi")'
    assert len(result.warnings) == 2 and "https://example.com/a.png" in result.warnings[0]
    assert a.digest.startswith("第一段有加粗")


def test_export_then_import_keeps_text():
    article = sample_article([1, 2, 3])
    md = to_markdown(article, lambda i: f"img{i}.png")
    assert md.startswith("# 一杯咖啡的时间")
    assert "![清晨的第一杯咖啡。](<img1.png>)" in md
    assert "### 1. 准备：豆子、磨豆机和 92℃ 的水" in md
    assert "[手机摄影入门](<https://example.com/photo-guide>)" in md
    back = parse_markdown(md, import_image=lambda p: None).article
    assert back.title == article.title
    paragraphs = {b.text for b in article.blocks if b.kind == "paragraph"}
    assert paragraphs <= {b.text for b in back.blocks}
    assert sum(b.kind == "image" for b in back.blocks) == 0  # the importer was told to skip images


def test_markdown_special_characters_are_escaped():
    from studio.editor.article import Article, paragraph
    md = to_markdown(Article(blocks=[paragraph("1*2*3 和 [不是链接] # 号")]), lambda i: None)
    back = parse_markdown(md).article
    assert back.blocks[0].text == "1*2*3 和 [不是链接] # 号"

"""Articles in the project file and the `nmstudio article` commands (public contract)."""
from __future__ import annotations

import json

import pytest
from PIL import Image

from studio.cli import main
from studio.editor import store
from studio.editor.article import paragraph
from studio.editor.sample import sample_article
from studio.project import create_project
from tests.conftest import make_image


def test_save_load_theme_and_undo(project):
    article_id = store.create_article(project, sample_article([], theme="fresh"))
    loaded = store.load_article(project, article_id)
    assert loaded == sample_article([], theme="fresh")
    loaded.blocks.append(paragraph("新的一段"))
    store.save_article(project, article_id, loaded)
    store.apply_theme(project, article_id, "ink")
    assert store.load_article(project, article_id).theme == "ink"
    project.undo()
    assert store.load_article(project, article_id).theme == "fresh"
    project.undo()
    assert store.load_article(project, article_id).blocks[-1].text != "新的一段"
    assert [a.title for a in store.list_articles(project)] == [loaded.title]
    with pytest.raises(store.StudioError):
        store.apply_theme(project, article_id, "nope")
    with pytest.raises(store.ArticleNotFoundError):
        store.load_article(project, 999)


@pytest.fixture
def md_post(tmp_path):
    folder = tmp_path / "post"
    (folder / "img").mkdir(parents=True)
    make_image(folder / "img" / "a.png", size=(300, 200), seed=1)
    make_image(folder / "img" / "b.jpg", size=(200, 300), seed=2)
    (folder / "post.md").write_text(
        "# 导入测试\n\n第一段，介绍一下。\n\n![图一](img/a.png)\n\n## 第二部分\n\n正文，再来一张：\n\n"
        "![图二](img/b.jpg)\n\n![图一又一次](img/a.png)\n", encoding="utf-8")
    return folder / "post.md"


def test_cli_import_and_export_all_formats(tmp_path, md_post, capsys):
    proj = tmp_path / "p.nms"
    create_project(proj).close()
    assert main(["article", "import", str(proj), str(md_post), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"id"} and isinstance(out["id"], int)
    article_id = out["id"]

    with store_project(proj) as p:
        article = store.load_article(p, article_id)
        ids = [b.asset_id for b in article.blocks if b.kind == "image"]
        assert len(ids) == 3 and ids[0] == ids[2] != ids[1]
        assert all(store.asset_paths(p)(i) is not None for i in ids)

    html = tmp_path / "out" / "post.html"
    assert main(["article", "export", str(proj), str(article_id), "--format", "wechat-html", "--out", str(html)]) == 0
    assert sorted(f.name for f in html.parent.iterdir()) == ["post-img-01.png", "post-img-02.jpg", "post.html"]
    assert "<style" not in html.read_text(encoding="utf-8")

    md = tmp_path / "out" / "post.md"
    assert main(["article", "export", str(proj), str(article_id), "--format", "markdown", "--out", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# 导入测试")

    png = tmp_path / "out" / "long.png"
    capsys.readouterr()
    assert main(["article", "export", str(proj), str(article_id), "--format", "long-image", "--out", str(png),
                 "--max-height", "1200"]) == 0
    written = capsys.readouterr().out.split()
    assert written[0] == str(png) and written[1].endswith("long-2.png")
    with Image.open(png) as im:
        assert im.width == 1080 and im.height <= 1200


def test_cli_errors_are_messages(tmp_path, capsys):
    proj = tmp_path / "p.nms"
    create_project(proj).close()
    assert main(["article", "export", str(proj), "5", "--format", "markdown", "--out", str(tmp_path / "x.md")]) == 2
    assert "找不到图文 5" in capsys.readouterr().err
    assert main(["article", "import", str(proj), str(tmp_path / "none.md")]) == 2


def store_project(path):
    from studio.cli.common import opened
    return opened(path)

"""Markdown import is one action and imports only real images from the post's own folder (issue 10).

Before: the images were imported in one transaction and the article created in a second one (a
kill in between left the images without their article, two undo steps), and `![x](../../secret.txt)`
pulled any local file into the project, which the WeChat export then copied out.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from studio.editor import store
from studio.project import create_project, open_project
from studio.project.errors import Cancelled
from studio.project.jobs import CancelToken
from studio.project.models.editor import Article as ArticleRow
from studio.project.models.library import Asset
from tests.conftest import make_image

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def post(tmp_path):
    """A post folder with two real images, a decoy text file, a fake image and a private file
    outside the folder (and a symlink to it inside)."""
    folder = tmp_path / "posts" / "trip"
    (folder / "img").mkdir(parents=True)
    make_image(folder / "img" / "lake.png", seed=1)
    make_image(folder / "img" / "hill.jpg", seed=2)
    (folder / "notes.txt").write_text("草稿，不要发布", encoding="utf-8")
    (folder / "img" / "fake.png").write_text("not a picture at all", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("银行卡密码 123456", encoding="utf-8")
    outside_image = make_image(tmp_path / "private.png", seed=3)
    (folder / "img" / "link.png").symlink_to(outside_image)
    md = folder / "post.md"
    md.write_text(
        "# 游记\n\n出发。\n\n![湖](img/lake.png)\n\n![山](./img/hill.jpg)\n\n![湖again](img/lake.png)\n\n"
        "![密](../../secret.txt)\n\n![私](../../private.png)\n\n![链接](img/link.png)\n\n"
        f"![绝对]({secret})\n\n![笔记](notes.txt)\n\n![假](img/fake.png)\n\n结束。\n", encoding="utf-8")
    files = [md, folder / "img" / "lake.png", folder / "img" / "hill.jpg", folder / "notes.txt",
             folder / "img" / "fake.png", secret, outside_image]
    return md, secret, outside_image, files


def snapshot(files):
    return {str(f): f.read_bytes() for f in files}


def counts(project):
    with project.read() as s:
        return (s.scalar(select(func.count()).select_from(Asset)),
                s.scalar(select(func.count()).select_from(ArticleRow)))


def asset_paths(project):
    with project.read() as s:
        return sorted(Path(p).name for p in s.scalars(select(Asset.path)))


def test_only_real_images_from_the_posts_folder_are_imported(project, post):
    md, secret, outside_image, files = post
    before = snapshot(files)
    article_id, warnings = store.import_markdown(project, md)
    assert asset_paths(project) == ["hill.jpg", "lake.png"]
    article = store.load_article(project, article_id)
    assert [b.caption for b in article.blocks if b.kind == "image"] == ["湖", "山", "湖again"]
    text = "\n".join(warnings)
    for name in ("secret.txt", "private.png", "link.png", "notes.txt", "fake.png"):
        assert name in text, (name, warnings)
    assert "outside the Markdown file's folder" in text and "not an image" in text
    assert snapshot(files) == before

    out = md.parent.parent / "export" / "post.html"
    written = store.export_article(project, article_id, "wechat-html", out)
    copied = b"".join(p.read_bytes() for p in written[1:])
    assert secret.read_bytes() not in copied and "银行卡" not in out.read_text(encoding="utf-8")
    assert sorted(p.suffix for p in written[1:]) == [".jpg", ".png"]


def test_outside_images_with_explicit_permission_but_still_no_text_files(project, post):
    md, secret, outside_image, files = post
    _id, warnings = store.import_markdown(project, md, allow_outside=True)
    assert asset_paths(project) == ["hill.jpg", "lake.png", "private.png"]  # the link resolves to it
    assert any("secret.txt" in w and "not an image" in w for w in warnings)


def test_import_is_one_undo_step_with_its_images(project, post):
    md, *_ = post
    history = len(project.history())
    store.import_markdown(project, md)
    assert len(project.history()) == history + 1
    assert counts(project) == (2, 1)
    project.undo()
    assert counts(project) == (0, 0)
    project.redo()
    assert counts(project) == (2, 1)


def test_an_image_already_in_the_library_is_reused(project, post):
    md, *_ = post
    store.import_markdown(project, md)
    store.import_markdown(project, md)
    assert counts(project) == (2, 2)


def test_a_failure_while_creating_the_article_leaves_nothing(project, post, monkeypatch):
    md, *_ = post

    def broken(row, article):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_fill", broken)
    history = project.history()
    with pytest.raises(RuntimeError):
        store.import_markdown(project, md)
    assert counts(project) == (0, 0) and project.history() == history


def test_cancel_leaves_nothing(project, post):
    md, *_ = post
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        store.import_markdown(project, md, cancel=token)
    assert counts(project) == (0, 0) and project.history() == []


def test_a_kill_during_the_import_leaves_no_orphan_images(tmp_path, post):
    """The process dies (os._exit: no rollback, no clean-up) after the images were inserted,
    while the article row is being written: on reopening, neither is there."""
    md, _secret, _outside, files = post
    path = tmp_path / "kill.nms"
    create_project(path).close()
    before = snapshot(files)
    script = textwrap.dedent(f"""
        import os
        from studio.editor import store
        from studio.project import open_project

        def die(row, article):
            os._exit(9)

        store._fill = die
        project = open_project({str(path)!r})
        store.import_markdown(project, {str(md)!r})
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = tmp_path / "child.log"
    with open(log, "wb") as out:  # not a pipe: the dead process's pool workers would hold it open
        proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, stdout=out, stderr=out,
                                start_new_session=True)
        try:
            code = proc.wait(timeout=120)
        finally:
            try:  # its orphaned pool workers, all in the session we started
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert code == 9, log.read_text(errors="replace")
    project = open_project(path)
    try:
        assert counts(project) == (0, 0)
    finally:
        project.close()
    assert snapshot(files) == before

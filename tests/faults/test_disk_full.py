"""Exports onto a full disk: a clear 磁盘已满, and nothing half-written left behind."""
from __future__ import annotations

import pytest

from studio.cli import main as cli
from studio.editor import store
from studio.editor.sample import sample_article
from studio.library import files
from studio.library.import_ import import_paths
from studio.project.output import OutputFullError
from tests.conftest import make_image
from tests.faults.conftest import tmpfs


def fill(where) -> None:
    """Leave (almost) no free space on the mount."""
    with open(where / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
    for size in (4096, 512, 1):
        try:
            with open(where / f"filler{size}", "wb") as fh:
                while True:
                    fh.write(b"\0" * size)
                    fh.flush()
        except OSError:
            pass


def left_behind(where) -> list[str]:
    return sorted(p.name for p in where.iterdir() if not p.name.startswith("filler"))


@pytest.fixture
def article(project, tmp_path):
    photo = make_image(tmp_path / "photo.png", size=(400, 300))
    asset_id = import_paths(project, [photo], workers=1).imported[0][1]
    article_id = store.create_article(project, sample_article([asset_id]))
    return project, article_id, asset_id


@pytest.mark.parametrize("fmt, name", [("long-image", "long.png"), ("wechat-html", "a.html")])
def test_article_export_onto_a_full_disk(article, tmp_path, fmt, name):
    project, article_id, _ = article
    with tmpfs(tmp_path / "full", size="256k") as disk:
        fill(disk)
        with pytest.raises(OutputFullError) as info:
            store.export_article(project, article_id, fmt, disk / name)
        assert "磁盘已满" in str(info.value)
        assert left_behind(disk) == []


def test_asset_export_onto_a_full_disk(article, tmp_path):
    project, _, asset_id = article
    with tmpfs(tmp_path / "full", size="256k") as disk:
        fill(disk)
        with pytest.raises(OutputFullError):
            files.export_asset(project, asset_id, disk)
        assert left_behind(disk) == []


def test_report_html_onto_a_full_disk_via_the_cli(article, tmp_path, capsys):
    project, article_id, _ = article
    path = project.path
    project.close()
    with tmpfs(tmp_path / "full", size="256k") as disk:
        fill(disk)
        code = cli(["check", "post", str(path), "article", str(article_id), "--html", str(disk / "r.html")])
        assert code != 0 and "磁盘已满" in capsys.readouterr().err
        assert left_behind(disk) == []


def test_import_onto_a_full_disk_says_how_many_were_saved(tmp_path):
    import re

    from studio.project import create_project, errors, open_project

    photos = [make_image(tmp_path / f"p{i}.png", size=(320, 240), seed=i) for i in range(60)]
    with tmpfs(tmp_path / "full", size="600k") as disk:
        project = create_project(disk / "p.nms")
        try:
            with pytest.raises(errors.DiskFullError) as info:
                import_paths(project, photos, workers=1)
        finally:
            project.close()
        message = str(info.value)
        assert "Your last change was not saved" not in message
        saved = int(re.search(r"已导入并保存 (\d+) 个", message).group(1))
        (disk / "filler").unlink(missing_ok=True)
        with open_project(disk / "p.nms") as p:
            assert p.info()["integrity"] == "ok"
            assert p.info()["counts"]["asset"] == saved

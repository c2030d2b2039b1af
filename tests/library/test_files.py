"""Missing files, relinking by content hash, export with attribution, collect project."""
import shutil

from studio.library import catalog, files, import_, ops
from studio.project import open_project
from studio.project.models.library import Asset
from tests.conftest import make_image


def imported(project, tmp_path, n=3):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(n):
        make_image(src / f"p{i}.png", (80, 60), seed=i)
    return src, dict(import_.import_paths(project, [src]).imported)


def test_moved_files_are_missing_then_relinked(project, tmp_path):
    src, ids = imported(project, tmp_path)
    moved = tmp_path / "elsewhere" / "deep"
    moved.mkdir(parents=True)
    shutil.move(str(src / "p0.png"), moved / "renamed.png")
    shutil.move(str(src / "p1.png"), moved / "p1.png")
    missing = files.refresh_missing(project)
    assert sorted(missing) == sorted([ids[str(src / "p0.png")], ids[str(src / "p1.png")]])
    with project.read() as s:
        assert set(catalog.find(s, rule={"field": "missing", "op": "is", "value": True})) == set(missing)
    make_image(tmp_path / "elsewhere" / "decoy.png", (80, 60), seed=99)
    report = files.relink(project, tmp_path / "elsewhere")
    assert {new.rsplit("/", 1)[-1] for _, _, new in report.relinked} == {"renamed.png", "p1.png"}
    assert report.still_missing == []
    assert files.refresh_missing(project) == []
    project.undo()
    with project.read() as s:
        assert s.get(Asset, ids[str(src / "p0.png")]).path == str(src / "p0.png")


def test_export_writes_attribution(project, tmp_path):
    src, ids = imported(project, tmp_path, 1)
    asset_id = next(iter(ids.values()))
    ops.update(project, [asset_id], title="海鸥", author="王五", platform="Unsplash", licence="cc-by",
               source_url="https://example.com/gull")
    out, line = files.export_asset(project, asset_id, tmp_path / "out")
    assert out.read_bytes() == (src / "p0.png").read_bytes()
    assert "王五" in line and "CC BY" in line and "https://example.com/gull" in line
    assert (tmp_path / "out" / "p0.png.署名.txt").read_text(encoding="utf-8").strip() == line
    ops.update(project, [asset_id], attribution="摄影：王五")
    assert files.export_asset(project, asset_id, tmp_path / "out")[1] == "摄影：王五"


def test_collect_project_makes_a_movable_folder(project, tmp_path, tmp_path_factory):
    src, ids = imported(project, tmp_path_factory.mktemp("outside"))
    make_image(project.path.parent / "inside.png", (50, 40), seed=7)
    inside = dict(import_.import_paths(project, [project.path.parent / "inside.png"]).imported)
    report = files.collect_project(project)
    assert (report.copied, report.already_inside) == (3, 1)
    with project.read() as s:
        assert s.get(Asset, next(iter(inside.values()))).path == "inside.png"
    with project.read() as s:
        paths = [s.get(Asset, i).path for i in ids.values()]
    assert all(not p.startswith("/") and p.startswith("素材/") for p in paths)
    project.close()
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copy(project.path, moved / "test.nms")
    shutil.copytree(project.path.parent / "素材", moved / "素材")
    shutil.copy(project.path.parent / "inside.png", moved / "inside.png")
    shutil.rmtree(src)
    shutil.rmtree(project.path.parent / "素材")
    again = open_project(moved / "test.nms")
    try:
        assert files.refresh_missing(again) == []
        assert files.resolve(again, paths[0]) == moved / paths[0]
    finally:
        again.close()


def test_update_missing_tells_whether_anything_changed(project, tmp_path):
    src, ids = imported(project, tmp_path, 2)
    assert files.update_missing(project) == ([], False)
    (src / "p0.png").unlink()
    assert files.update_missing(project) == ([ids[str(src / "p0.png")]], True)
    assert files.update_missing(project) == ([ids[str(src / "p0.png")]], False)
    make_image(src / "p0.png", (80, 60), seed=0)
    assert files.update_missing(project) == ([], True)

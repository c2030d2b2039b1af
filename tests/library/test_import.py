"""Importing folders: good files in, bad files listed with reasons, one undo step, cancel."""
import threading

import pytest

from studio.library import catalog, import_
from studio.project.errors import Cancelled
from studio.project.jobs import CancelToken
from studio.project.models.library import Asset
from tests.conftest import make_image
from tests.library.media import bad_files, good_files


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("import")
    good_files(root / "good" / "nested")
    bad_files(root / "bad")
    (root / "good" / ".hidden.jpg").write_bytes(b"not looked at")
    return root


def test_folder_import_reports_every_file(project, folder):
    seen = []
    report = import_.import_paths(project, [folder], progress=lambda d, t: seen.append((d, t)))
    kinds = {p.rsplit(".", 1)[-1]: i for p, i in report.imported}
    assert set(kinds) == {"jpg", "png", "webp", "gif", "mp4", "wav", "otf", "md"}
    assert {s.path.rsplit("/", 1)[-1] for s in report.skipped} == {
        "empty.jpg", "truncated.jpg", "corrupt.png", "really-png.jpg", "doc.xyz", "bomb.png"}
    assert seen[-1] == (14, 14)
    with project.read() as s:
        assert catalog.counts_by_kind(s) == {"image": 4, "video": 1, "audio": 1, "font": 1, "text": 1}
        assert catalog.thumbnails(s, list(kinds.values())).keys() == set(kinds.values())
        assert set(catalog.find(s, "日落")) == {kinds["jpg"]}  # file name 海边日落.jpg
        assert s.get(Asset, kinds["jpg"]).taken.year == 2023
    assert [h["label"] for h in project.history()] == ["导入 8 个素材 / Import 8 item(s)"]
    project.undo()
    with project.read() as s:
        assert catalog.counts_by_kind(s) == {}


def test_reimport_does_not_duplicate(project, folder):
    first = import_.import_paths(project, [folder / "good"])
    again = import_.import_paths(project, [folder / "good" / "nested" / "风景.png", folder / "good"])
    assert again.already == 8 and sorted(again.imported) == sorted(first.imported)
    with project.read() as s:
        assert sum(catalog.counts_by_kind(s).values()) == 8


def test_tags_and_provenance_applied(project, folder):
    report = import_.import_paths(project, [folder / "good" / "nested" / "风景.png"], tags=["素材"],
                                  provenance={"licence": "cc0", "author": "李四"})
    (path, asset_id), = report.imported
    with project.read() as s:
        a = s.get(Asset, asset_id)
        assert (a.licence, a.author) == ("cc0", "李四")
        assert catalog.tags_of(s, asset_id) == ["素材"]


def test_fingerprints_are_stored_for_images(project, folder):
    fingerprint = pytest.importorskip("studio.project.models.fingerprint")
    report = import_.import_paths(project, [folder / "good" / "nested" / "风景.png"])
    with project.read() as s:
        assert s.get(fingerprint.Fingerprint, report.imported[0][1]).data


def test_missing_path_is_reported(project, tmp_path):
    report = import_.import_paths(project, [tmp_path / "nope.jpg"])
    assert report.imported == [] and "不存在" in report.skipped[0].reason


def test_cancel_keeps_what_was_done(project, tmp_path):
    for n in range(30):
        make_image(tmp_path / f"{n:02}.png", (64, 48), seed=n)
    token = CancelToken()
    batches = []

    def on_batch(ids):
        batches.append(ids)
        token.cancel()

    with pytest.raises(Cancelled):
        import_.import_paths(project, [tmp_path], cancel=token, on_batch=on_batch)
    with project.read() as s:
        count = catalog.counts_by_kind(s).get("image", 0)
    assert 1 <= count < 30 and batches
    assert len(project.history()) == 1  # still one undo step


def test_every_batch_joins_one_labelled_undo_step(project, folder, monkeypatch):
    monkeypatch.setattr(import_, "BATCH_SECONDS", 0.0)  # each file its own batch
    batches = []
    import_.import_paths(project, [folder / "good"], on_batch=batches.append)
    assert len(batches) > 1
    assert [h["label"] for h in project.history()] == ["导入 8 个素材 / Import 8 item(s)"]
    project.undo()
    with project.read() as s:
        assert catalog.counts_by_kind(s) == {}


def test_only_the_project_package_touches_the_history_tables():
    from pathlib import Path

    import studio

    root = Path(studio.__file__).parent
    writers = [str(p.relative_to(root)) for p in root.rglob("*.py")
               if p.parts[len(root.parts)] != "project" and "history_" in p.read_text(encoding="utf-8")]
    assert writers == []

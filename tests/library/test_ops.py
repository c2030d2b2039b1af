"""Library actions: tags with autocomplete, ratings, provenance, notes; all undoable."""
from datetime import date

import pytest

from studio.library import catalog, ops
from studio.project.models.library import Asset


@pytest.fixture
def asset_id(project):
    with project.action("seed") as s:
        a = Asset(kind="image", title="海鸥", path="/x/gull.jpg")
        s.add(a)
        s.flush()
        return a.id


def test_tags_autocomplete_and_cleanup(project, asset_id):
    ops.set_tags(project, asset_id, ["#海边", " 夏天 ", "海边"])
    with project.read() as s:
        assert catalog.tags_of(s, asset_id) == sorted(["海边", "夏天"])
        assert catalog.tag_counts(s, "海") == [("海边", 1)]
    ops.set_tags(project, asset_id, ["夏天"])
    with project.read() as s:
        assert [n for n, _ in catalog.tag_counts(s)] == ["夏天"]  # unused tags go away
    project.undo()
    with project.read() as s:
        assert catalog.tags_of(s, asset_id) == sorted(["海边", "夏天"])


def test_provenance_rating_and_validation(project, asset_id):
    ops.update(project, [asset_id], licence="purchased", licence_cert="VCG-2024-001", author="张三",
               commercial_ok=True, licence_expires="2026-12-31", rating=4, color="red")
    with project.read() as s:
        a = s.get(Asset, asset_id)
        assert (a.licence, a.licence_cert, a.commercial_ok, a.licence_expires, a.rating, a.color) == (
            "purchased", "VCG-2024-001", True, date(2026, 12, 31), 4, "red")
    for bad in ({"rating": 9}, {"licence": "stolen"}, {"color": "chartreuse"}, {"licence_expires": "soon"},
                {"path": "/etc/passwd"}):
        with pytest.raises(ops.InvalidValue):
            ops.update(project, [asset_id], **bad)
    project.undo()
    with project.read() as s:
        assert s.get(Asset, asset_id).licence == "unknown"


def test_hot_topic_note(project):
    nid = ops.create_note(project, "高考作文题热议", summary="全国卷作文题引发讨论", seen_on="2025-06-07",
                          source_url="https://weibo.com/xyz", platform="微博", tags=["热点"])
    with project.read() as s:
        note = s.get(Asset, nid)
        assert note.kind == "note" and note.meta["seen"] == "2025-06-07" and note.path is None
        assert catalog.thumbnail(s, nid)
        assert set(catalog.find(s, "作文")) == {nid} and set(catalog.find(s, "weibo")) == {nid}
        assert set(catalog.find(s, rule={"field": "kind", "op": "in", "value": ["note"]})) == {nid}


def test_delete_is_undoable(project, asset_id):
    ops.add_tags(project, [asset_id], ["海"])
    ops.delete_assets(project, [asset_id])
    with project.read() as s:
        assert s.get(Asset, asset_id) is None and catalog.find(s, "海鸥") == []
    project.undo()
    with project.read() as s:
        assert catalog.find(s, "海鸥") == [asset_id] and catalog.tags_of(s, asset_id) == ["海"]

"""Copyright of a post's media: provenance rules, where each asset is used, missing files and
near-duplicates of library pictures with a restrictive or unknown licence."""
from __future__ import annotations

from datetime import date, timedelta

from PIL import Image

from studio.check import copyright
from studio.check.copyright import AssetStatus
from studio.check.usage import assets_used, post_content
from studio.editor import canvas_store
from studio.editor import store as article_store
from studio.editor.article import Article, image, paragraph
from studio.editor.canvas import Canvas, Layer
from studio.library.import_ import import_paths
from studio.video import store as video_store
from studio.video.timeline import MusicTrack, Timeline, VideoClip
from tests.conftest import make_image, make_music, make_video

TODAY = date(2025, 6, 1)


def add_asset(project, path, **provenance) -> int:
    report = import_paths(project, [path], provenance=provenance, workers=1)
    assert report.imported, report.skipped
    return report.imported[0][1]


def add_article(project, *blocks, **fields) -> int:
    return article_store.create_article(project, Article(title=fields.pop("title", "测试图文"), blocks=list(blocks), **fields))


def levels(findings, area=None):
    return sorted(f.level for f in findings if area is None or f.area == area)


# ---------------------------------------------------------------- provenance rules (pure)

def status(**kw) -> AssetStatus:
    base = dict(title="图", kind="image", asset_id=1, uses=["正文第 1 块（图片）"])
    return AssetStatus(**{**base, **kw})


def test_clean_licences_pass():
    for lic in ("own", "cc0"):
        assert copyright.assess(status(licence=lic, commercial_ok=True), "article", "", TODAY) == []


def test_unknown_licence_warns_with_a_fix():
    [f] = copyright.assess(status(licence="unknown"), "article", "", TODAY)
    assert (f.level, f.area, f.where) == ("warn", "licence", "正文第 1 块（图片）")
    assert "登记" in f.fix


def test_expired_licence_blocks_and_expiring_soon_is_a_notice():
    expired = copyright.assess(status(licence="purchased", licence_cert="A1", expires=TODAY - timedelta(days=1)),
                               "article", "", TODAY)
    assert levels(expired) == ["block"] and "到期" in expired[0].message
    soon = copyright.assess(status(licence="purchased", licence_cert="A1", expires=TODAY + timedelta(days=10)),
                            "article", "", TODAY)
    assert levels(soon) == ["notice"]
    later = copyright.assess(status(licence="purchased", licence_cert="A1", expires=TODAY + timedelta(days=300)),
                             "article", "", TODAY)
    assert later == []


def test_non_commercial_warns():
    assert levels(copyright.assess(status(licence="own", commercial_ok=False), "article", "", TODAY)) == ["warn"]
    nc = copyright.assess(status(licence="cc-by-nc", attribution="图片：王五", author="王五"), "article", "图片：王五", TODAY)
    assert levels(nc) == ["warn"] and nc[0].area == "licence"


def test_attribution_required_by_cc_by():
    no_credit = copyright.assess(status(licence="cc-by"), "article", "", TODAY)
    assert [(f.level, f.area) for f in no_credit] == [("warn", "attribution")]
    credited = status(licence="cc-by", author="张三", attribution="图片：张三 / CC BY 4.0")
    not_shown = copyright.assess(credited, "article", "一段没有署名的正文", TODAY)
    assert [(f.level, f.area) for f in not_shown] == [("warn", "attribution")]
    assert "图片：张三 / CC BY 4.0" in not_shown[0].fix
    # shown in the post (punctuation and spacing may differ)
    assert copyright.assess(credited, "article", "说明：图片 张三/CC-BY 4.0", TODAY) == []
    # a video cannot show it in text we check: a reminder, not a warning
    assert levels(copyright.assess(credited, "video", "", TODAY)) == ["notice"]
    sa = copyright.assess(status(licence="cc-by-sa", author="李四"), "article", "图片：李四", TODAY)
    assert levels(sa) == ["notice"]


def test_missing_file_blocks_and_unregistered_file_warns():
    assert levels(copyright.assess(status(licence="own", missing=True), "article", "", TODAY)) == ["block"]
    bare = copyright.assess(status(asset_id=None, in_library=False, path="/x/y.png"), "cover", "", TODAY)
    assert levels(bare) == ["warn"] and "不在素材库" in bare[0].message


# ---------------------------------------------------------------- usage in real posts

def test_article_lists_each_asset_with_where_and_status(project, tmp_path):
    own = add_asset(project, make_image(tmp_path / "own.png", seed=1), licence="own", commercial_ok=True)
    unknown = add_asset(project, make_image(tmp_path / "web.png", seed=2))
    gone_path = make_image(tmp_path / "gone.png", seed=3)
    gone = add_asset(project, gone_path, licence="cc0")
    gone_path.unlink()
    art = add_article(project, paragraph("正文"), image(own), image(unknown), image(own), image(gone),
                      cover_asset_id=unknown)
    post = post_content(project, "article", art)
    assert [(u.asset_id, u.where) for u in post.media] == [
        (unknown, "封面图"), (own, "正文第 2 块（图片）"), (unknown, "正文第 3 块（图片）"),
        (own, "正文第 4 块（图片）"), (gone, "正文第 5 块（图片）")]
    rows = {r.asset_id: r for r in copyright.gather(project, post.media)}
    assert rows[own].uses == ["正文第 2 块（图片）", "正文第 4 块（图片）"]
    assert rows[unknown].uses == ["封面图", "正文第 3 块（图片）"]
    assert rows[gone].missing and not rows[own].missing
    for row in rows.values():
        row.findings = copyright.assess(row, "article", "")
    assert (rows[own].status, rows[unknown].status, rows[gone].status) == ("pass", "warn", "block")


def test_deleted_asset_is_reported_missing(project, tmp_path):
    art = add_article(project, image(999))
    [row] = copyright.gather(project, assets_used(project, "article", art))
    assert row.missing and not row.in_library
    assert levels(copyright.assess(row, "article", "")) == ["block"]


def test_cover_layer_with_bare_path_and_video_media(project, tmp_path):
    loose = make_image(tmp_path / "loose.png", seed=4)
    lib = add_asset(project, make_image(tmp_path / "lib.png", seed=5), licence="cc0")
    canvas = Canvas(400, 300, layers=[Layer("image", 0, 0, 100, 100, {"path": str(loose)}, name="底图"),
                                      Layer("image", 0, 0, 100, 100, {"asset_id": lib}, name="配图")])
    cid = canvas_store.add_canvas(project, canvas)
    rows = copyright.gather(project, assets_used(project, "cover", cid))
    assert [(r.in_library, r.uses) for r in rows] == [(False, ["图层“底图”"]), (True, ["图层“配图”"])]

    clip = add_asset(project, make_video(tmp_path / "c.mp4", seconds=1.0, audio=False), licence="own")
    make_music(tmp_path / "m.wav", seconds=2.0)
    song = add_asset(project, tmp_path / "m.wav", licence="purchased", licence_expires=date(2020, 1, 1))
    vid = video_store.create(project, "测试视频")
    tl = Timeline(clips=[VideoClip("c.mp4", 0, 0.5, asset_id=clip), VideoClip("c.mp4", 0.5, 1.0, asset_id=clip)],
                  music=MusicTrack("m.wav", asset_id=song))
    video_store.save(project, vid, tl, "t")
    rows = copyright.gather(project, assets_used(project, "video", vid))
    assert [(r.asset_id, r.uses) for r in rows] == [(clip, ["片段 1", "片段 2"]), (song, ["背景音乐"])]
    song_row = rows[1]
    assert "block" in levels(copyright.assess(song_row, "video", ""))


# ---------------------------------------------------------------- near-duplicates

def test_near_duplicate_of_unknown_licence_picture_is_flagged(project, tmp_path):
    original = make_image(tmp_path / "stock.png", size=(480, 360), seed=11)
    stock = add_asset(project, original, licence="unknown")
    copy = tmp_path / "mine.jpg"
    with Image.open(original) as img:   # resized and re-encoded: still the same picture
        img.resize((400, 300)).save(copy, quality=80)
    mine = add_asset(project, copy, licence="own", commercial_ok=True)
    other = add_asset(project, make_image(tmp_path / "other.png", size=(480, 360), seed=12), licence="own")
    art = add_article(project, image(mine), image(other))
    rows = {r.asset_id: r for r in copyright.gather(project, assets_used(project, "article", art))}
    copyright.duplicates(project, list(rows.values()))
    [dup] = rows[mine].findings
    assert (dup.level, dup.area, dup.ref["similar_to"]) == ("warn", "duplicate", stock)
    assert rows[other].findings == []

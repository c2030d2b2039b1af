"""Cover/poster canvas: model, presets as data, templates, exact-size rendering, QR, project storage, CLI."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from PIL import Image

from studio.editor import canvas_render as cr
from studio.editor import canvas_store, presets, textlayout
from studio.editor.canvas import Canvas, Layer, from_template, image_layer, new_canvas, qr_layer, text_layer
from studio.project.errors import MediaError, StudioError
from studio.project.models.library import Asset
from tests.conftest import make_image

WHITE = {"type": "solid", "color": "#ffffff"}
REQUIRED = {"wechat-cover": (900, 383), "wechat-thumb": (200, 200), "xiaohongshu": (1080, 1440),
            "douyin": (1080, 1920), "bilibili": (1920, 1080)}


def dark_mask(img: Image.Image, level: int = 100) -> np.ndarray:
    return np.asarray(img.convert("L")) < level


def decode_qr(img: Image.Image) -> str:
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(np.asarray(img.convert("RGB"))[:, :, ::-1].copy())
    return text


# -- model and data ------------------------------------------------------------------------------
def test_model_round_trips_through_json():
    c = Canvas(900, 383, background={"type": "linear", "colors": ["#000", "#fff"], "angle": 0}, preset="wechat-cover")
    c.add(text_layer("标题", 10, 20, 300, 80, size=40))
    c.add(Layer("shape", 0, 0, 50, 50, {"shape": "ellipse"}, rotation=30, opacity=0.5))
    again = Canvas.from_dict(json.loads(json.dumps(c.to_dict())))
    assert again.to_dict() == c.to_dict()
    assert again.layers[0].prop("font") == "sans-bold"  # defaults filled in
    c.move_to(c.layers[1].id, 0)
    assert [x.kind for x in c.layers] == ["shape", "text"]
    with pytest.raises(StudioError):
        Layer("video", 0, 0, 1, 1)
    with pytest.raises(StudioError):
        Canvas(0, 100)


def test_presets_are_data_with_the_platform_sizes(tmp_path):
    found = presets.load_presets(tmp_path / "none.json")
    for key, size in REQUIRED.items():
        assert (found[key].width, found[key].height) == size
    assert found["wechat-thumb"].derive_from == "wechat-cover"
    assert "custom" in found
    user = tmp_path / "mine.json"
    presets.save_user_preset(presets.Preset("weibo", "微博", "Weibo", 1000, 500), user)
    presets.save_user_preset(presets.Preset("bilibili", "B站大图", "Bilibili big", 2560, 1440), user)
    mine = presets.load_presets(user)
    assert (mine["weibo"].width, mine["bilibili"].width) == (1000, 2560)
    assert mine["xiaohongshu"].height == 1440  # bundled ones stay
    with pytest.raises(StudioError):
        presets.get_preset("nope", mine)


def test_new_canvas_sizes():
    assert (new_canvas("xiaohongshu").width, new_canvas("xiaohongshu").height) == (1080, 1440)
    thumb = new_canvas("wechat-thumb")  # designed on the cover it derives from
    assert (thumb.width, thumb.height, thumb.preset) == (900, 383, "wechat-cover")
    assert (new_canvas("custom", width=640, height=480).width) == 640


def test_at_least_eight_templates_render_at_their_size():
    templates = presets.load_templates()
    assert len(templates) >= 8
    assert sum(1 for t in templates if any(x["kind"] == "qr" for x in t.data["layers"])) >= 1
    kinds = {x["kind"] for t in templates for x in t.data["layers"]}
    assert {"text", "shape", "sticker", "image", "qr"} <= kinds
    sizes = {k: (p.width, p.height) for k, p in presets.load_presets().items()}
    for t in templates:
        img = cr.render(from_template(t.data), scale=0.25, placeholder=True)
        assert img.size == (round(sizes[t.preset][0] / 4), round(sizes[t.preset][1] / 4)), t.key
        assert np.asarray(img.convert("L")).std() > 10, t.key  # not a blank page


# -- rendering -------------------------------------------------------------------------------------
def test_text_pixels_appear_where_placed_and_stay_inside_the_box():
    c = Canvas(600, 400, background=WHITE)
    c.add(text_layer("新媒体工作室，离线完成封面制作与排版，避头尾规则生效。", 100, 150, 220, 200,
                     size=30, color="#000000", font="sans"))
    mask = dark_mask(cr.render(c))
    ys, xs = np.nonzero(mask)
    assert len(xs) > 500
    assert xs.min() >= 100 and xs.max() < 320 and ys.min() >= 150 and ys.max() < 350
    assert ys.max() - ys.min() > 60  # it wrapped onto several lines
    fnt = cr.font("sans", 30)
    lines = cr.wrap_text(c.layers[0].props["text"], fnt, 220)
    assert len(lines) >= 3 and not textlayout.violations(lines)


def test_text_alignment_and_letter_spacing():
    c = Canvas(600, 100, background=WHITE)
    layer = c.add(text_layer("标题", 0, 0, 600, 100, size=40, color="#000000", align="right"))
    xs = np.nonzero(dark_mask(cr.render(c)))[1]
    assert xs.min() > 450
    layer.props.update(align="center")
    xs = np.nonzero(dark_mask(cr.render(c)))[1]
    assert abs((xs.min() + xs.max()) / 2 - 300) < 8
    narrow = xs.max() - xs.min()
    layer.props.update(letter_spacing=40)
    xs = np.nonzero(dark_mask(cr.render(c)))[1]
    assert xs.max() - xs.min() > narrow + 30


def test_shapes_rotation_and_opacity():
    c = Canvas(200, 200, background=WHITE)
    bar = c.add(Layer("shape", 50, 90, 100, 20, {"shape": "rect", "fill": "#000000"}))
    ys, xs = np.nonzero(dark_mask(cr.render(c)))
    assert (xs.max() - xs.min(), ys.max() - ys.min()) == (99, 19)
    bar.rotation = 90
    ys, xs = np.nonzero(dark_mask(cr.render(c)))
    assert xs.max() - xs.min() < 25 and ys.max() - ys.min() > 95  # now tall
    bar.rotation, bar.opacity = 0, 0.5
    grey = np.asarray(cr.render(c).convert("L"))[100, 100]
    assert 110 < grey < 145
    bar.visible = False
    assert not dark_mask(cr.render(c), 250).any()


def test_every_sticker_draws_inside_its_box():
    for key in presets.load_stickers():
        c = Canvas(300, 300, background=WHITE)
        c.add(Layer("sticker", 100, 100, 100, 100, {"sticker": key, "color": "#d00000"}))
        ys, xs = np.nonzero(dark_mask(cr.render(c), 200))
        assert len(xs) > 1000, key
        assert xs.min() >= 98 and xs.max() <= 201 and ys.min() >= 98 and ys.max() <= 201, key


def test_qr_layer_decodes(tmp_path):
    url = "https://example.com/活动/报名?id=42"
    c = Canvas(600, 800, background={"type": "linear", "colors": ["#355c7d", "#c06c84"]})
    c.add(qr_layer(url, 150, 250, 300))
    out = tmp_path / "poster.png"
    cr.export(c, out)
    with Image.open(out) as im:
        assert im.size == (600, 800)
        assert decode_qr(im) == url
    with pytest.raises(MediaError):
        cr.render(Canvas(100, 100, layers=[qr_layer("  ", 0, 0, 50)]))


@pytest.mark.parametrize("template", ["poster-event", "poster-follow"])
def test_interactive_poster_templates_carry_a_readable_qr(tmp_path, template):
    c = from_template(presets.get_template(template).data)
    for layer in c.layers:
        if layer.kind == "qr":
            layer.props["data"] = "https://example.org/s/abc"
    img = cr.render(c, scale=0.5)
    assert decode_qr(img) == "https://example.org/s/abc"


@pytest.mark.parametrize("key", list(REQUIRED) + ["custom"])
@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_export_is_exactly_the_preset_size(tmp_path, key, suffix):
    c = from_template(presets.get_template("wechat-tech").data)
    out = tmp_path / f"{key}{suffix}"
    enc = cr.export(c, out, key)
    want = (presets.get_preset(key).width, presets.get_preset(key).height)
    with Image.open(out) as im:
        assert im.size == want and (enc.width, enc.height) == want
        assert im.format == ("PNG" if suffix == ".png" else "JPEG")


def test_square_thumbnail_is_cut_from_the_safe_area():
    c = new_canvas("wechat-cover")
    c.background = {"type": "solid", "color": "#0000ff"}
    sx, sy, sw, sh = cr.safe_area_px(c)
    assert abs(sw - 383) < 1 and abs(sx - (900 - 383) / 2) < 1
    c.add(Layer("shape", sx + 4, 4, sw - 8, sh - 8, {"fill": "#ff0000"}))
    thumb = cr.render_preset(c, presets.get_preset("wechat-thumb"))
    a = np.asarray(thumb.convert("RGB")).astype(int)
    assert thumb.size == (200, 200)
    assert (a[5:-5, 5:-5, 0] > 200).mean() > 0.97  # all red: the safe area fills the thumbnail
    cover = np.asarray(cr.render_preset(c, presets.get_preset("wechat-cover")).convert("RGB"))
    assert cover[190, 50, 2] > 200  # blue outside the safe area on the full cover


def test_image_layer_fits_cover_and_contain(tmp_path):
    src = tmp_path / "wide.png"
    Image.new("RGB", (400, 100), (0, 200, 0)).save(src)
    c = Canvas(200, 200, background=WHITE)
    layer = c.add(image_layer(None, 0, 0, 200, 200, path=str(src), fit="contain"))
    a = np.asarray(cr.render(c).convert("RGB")).astype(int)
    assert a[100, 100, 1] > 180 and a[10, 100].tolist() == [255, 255, 255]  # letterboxed
    layer.props["fit"] = "cover"
    a = np.asarray(cr.render(c).convert("RGB")).astype(int)
    assert (a[..., 1] > 180).all() and (a[..., 0] < 30).all()
    layer.props["edits"] = [{"op": "filter", "name": "grayscale"}]
    a = np.asarray(cr.render(c).convert("RGB")).astype(int)
    assert abs(a[100, 100, 0] - a[100, 100, 1]) <= 2  # the layer's own edits apply


# -- project and CLI ---------------------------------------------------------------------------------
def _asset(project, path) -> int:
    with project.action("import") as s:
        asset = Asset(kind="image", title="photo", path=str(path))
        s.add(asset)
        s.flush()
        return asset.id


def test_canvas_in_project_with_library_image_and_undo(project, tmp_path):
    photo = make_image(tmp_path / "photo.png", (300, 200), seed=2)
    asset_id = _asset(project, photo)
    c = from_template(presets.get_template("wechat-photo").data, "我的封面")
    next(x for x in c.layers if x.kind == "image").props["asset_id"] = asset_id
    cid = canvas_store.add_canvas(project, c)
    loaded = canvas_store.load_canvas(project, cid)
    assert loaded.to_dict() == c.to_dict()
    loaded.layers[-1].props["text"] = "改过的标题"
    canvas_store.save_canvas(project, cid, loaded)
    enc = canvas_store.export_canvas(project, cid, tmp_path / "c.jpg", "wechat-cover")
    assert (enc.width, enc.height) == (900, 383)
    project.undo()
    assert canvas_store.load_canvas(project, cid).layers[-1].props["text"] == c.layers[-1].props["text"]
    assert [i.name for i in canvas_store.list_canvases(project)] == ["我的封面"]
    photo.unlink()
    with pytest.raises(MediaError, match="relink|Relink"):
        canvas_store.export_canvas(project, cid, tmp_path / "d.png")


def test_cli_new_and_export(tmp_path, capsys):
    from studio.cli import main
    from studio.project import create_project

    path = tmp_path / "p.nms"
    create_project(path).close()
    assert main(["cover", "new", str(path), "--template", "poster-event", "--qr", "https://x.org/a", "--json"]) == 0
    new_id = json.loads(capsys.readouterr().out)["id"]
    out = tmp_path / "thumb.jpg"
    assert main(["cover", "export", str(path), str(new_id), "--preset", "bilibili", "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["width"], result["height"], result["format"]) == (1920, 1080, "jpeg")
    with Image.open(out) as im:
        assert im.size == (1920, 1080)
    full = tmp_path / "poster.png"
    assert main(["cover", "export", str(path), str(new_id), "--out", str(full), "--max-kb", "150"]) == 0
    assert full.stat().st_size <= 150 * 1024
    with Image.open(full) as im:
        assert im.size == (1080, 1440) and decode_qr(im) == "https://x.org/a"
    assert main(["cover", "export", str(path), "99", "--out", str(out)]) == 2
    assert "99" in capsys.readouterr().err
    assert main(["cover", "export", str(path), str(new_id), "--preset", "nope", "--out", str(out)]) == 2


def test_demo_adds_a_finished_cover_a_poster_and_an_edit(project, tmp_path):
    from studio.editor import cover_demo

    made = cover_demo.populate(project)
    cover = canvas_store.load_canvas(project, made["cover"])
    image = next(x for x in cover.layers if x.kind == "image")
    assert image.props["asset_id"] is not None  # a real photo, not a placeholder
    enc = canvas_store.export_canvas(project, made["cover"], tmp_path / "cover.png", "wechat-cover")
    assert (enc.width, enc.height) == (900, 383)
    poster = cr.render(canvas_store.load_canvas(project, made["poster"]), 0.5)
    assert decode_qr(poster) == cover_demo.POSTER_LINK
    enc = canvas_store.export_edit(project, made["edit"], tmp_path / "edit.jpg")
    assert enc.width == enc.height and len(enc.data) <= 200 * 1024

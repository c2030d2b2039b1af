"""Non-destructive image edits: each operation does what it says, only where it says, and never
touches the original file."""
from __future__ import annotations

import hashlib
import io
import os

import numpy as np
import pytest
from PIL import Image

from studio.editor import imageops
from studio.editor.imageops import apply_ops, compress_to_limit, crop_for_aspect
from studio.project.errors import StudioError
from tests.conftest import make_image


@pytest.fixture
def img(tmp_path):
    return Image.open(make_image(tmp_path / "src.png", (320, 240), seed=3)).convert("RGB")


def arr(im):
    return np.asarray(im.convert("RGB"), dtype=np.int16)


def test_crop_uses_fractions_of_the_current_image(img):
    out = apply_ops(img, [{"op": "crop", "box": [0.25, 0.5, 0.5, 0.25]}])
    assert out.size == (160, 60)
    assert np.array_equal(arr(out), arr(img)[120:180, 80:240])


@pytest.mark.parametrize("aspect", [a for a in imageops.ASPECTS if a != "free"])
def test_crop_aspect_presets_give_that_ratio(img, aspect):
    box = crop_for_aspect(*img.size, aspect)
    out = apply_ops(img, [{"op": "crop", "box": box}])
    rw, rh = imageops.ASPECTS[aspect]
    assert abs(out.width / out.height - rw / rh) < 0.02
    assert out.width == img.width or out.height == img.height  # the largest such crop


def test_rotate_clockwise_and_flip(img):
    a = arr(img)
    r = arr(apply_ops(img, [{"op": "rotate", "angle": 90}]))
    assert r.shape == (320, 240, 3)
    assert np.array_equal(r[0, -1], a[0, 0]) and np.array_equal(r[0, 0], a[-1, 0])  # clockwise
    assert np.array_equal(r, np.rot90(a, k=-1))
    assert np.array_equal(arr(apply_ops(img, [{"op": "flip", "axis": "h"}])), a[:, ::-1])
    assert np.array_equal(arr(apply_ops(img, [{"op": "flip", "axis": "v"}])), a[::-1])
    odd = apply_ops(img, [{"op": "rotate", "angle": 30}])
    assert odd.width > img.width and odd.height > img.height  # expanded, nothing cut off


def test_resize_keeps_aspect_and_respects_preview_scale(img):
    assert apply_ops(img, [{"op": "resize", "width": 160}]).size == (160, 120)
    assert apply_ops(img, [{"op": "resize", "height": 60}]).size == (80, 60)
    assert apply_ops(img, [{"op": "resize", "width": 100, "height": 100}]).size == (100, 100)
    # a proxy at half size resizes to half the requested pixels
    half = img.resize((160, 120))
    assert apply_ops(half, [{"op": "resize", "width": 200}], scale=0.5).size == (100, 75)


def test_adjustments_move_the_statistics(img):
    a = arr(img).astype(float)
    brighter = arr(apply_ops(img, [{"op": "adjust", "brightness": 1.3}])).astype(float)
    assert brighter.mean() > a.mean() + 10
    flatter = arr(apply_ops(img, [{"op": "adjust", "contrast": 0.5}])).astype(float)
    assert flatter.std() < a.std() * 0.7
    grey = arr(apply_ops(img, [{"op": "adjust", "saturation": 0.0}]))
    assert np.abs(grey[..., 0] - grey[..., 1]).max() <= 2
    sharp = arr(apply_ops(img, [{"op": "adjust", "sharpness": 2.5}]))
    assert np.abs(sharp - a).mean() > 0.5
    assert np.array_equal(arr(apply_ops(img, [{"op": "adjust"}])), a)  # neutral = unchanged


def test_adjust_keeps_transparency(tmp_path):
    rgba = Image.new("RGBA", (40, 40), (200, 100, 50, 0))
    rgba.paste((200, 100, 50, 255), (0, 0, 20, 40))
    out = apply_ops(rgba, [{"op": "adjust", "brightness": 0.5}, {"op": "filter", "name": "sepia"}])
    alpha = np.asarray(out.getchannel("A"))
    assert alpha[:, :20].min() == 255 and alpha[:, 20:].max() == 0


@pytest.mark.parametrize("name", list(imageops.FILTERS))
def test_every_filter_changes_the_picture(img, name):
    out = arr(apply_ops(img, [{"op": "filter", "name": name}]))
    assert np.abs(out - arr(img)).mean() > 3
    half = arr(apply_ops(img, [{"op": "filter", "name": name, "strength": 0.5}]))
    assert 0 < np.abs(half - arr(img)).mean() < np.abs(out - arr(img)).mean()


def test_grayscale_filter_is_grey(img):
    g = arr(apply_ops(img, [{"op": "filter", "name": "grayscale"}]))
    assert np.array_equal(g[..., 0], g[..., 1]) and np.array_equal(g[..., 1], g[..., 2])


def _changed(before, after):
    return np.abs(arr(after) - arr(before)).sum(axis=2) > 0


def test_text_watermark_lands_at_its_position_with_its_opacity(img):
    op = {"op": "watermark_text", "text": "新媒体工作室", "position": "bottom-right", "opacity": 0.8}
    changed = _changed(img, apply_ops(img, [op]))
    ys, xs = np.nonzero(changed)
    assert len(xs) > 200
    assert xs.min() > img.width // 2 and ys.min() > img.height // 2
    ys, xs = np.nonzero(_changed(img, apply_ops(img, [{**op, "position": "top-left"}])))
    assert xs.max() < img.width // 2 and ys.max() < img.height // 2
    faint = np.abs(arr(apply_ops(img, [{**op, "opacity": 0.2}])) - arr(img)).sum()
    strong = np.abs(arr(apply_ops(img, [op])) - arr(img)).sum()
    assert faint < strong * 0.5
    assert not _changed(img, apply_ops(img, [{**op, "opacity": 0}])).any()
    tiled = _changed(img, apply_ops(img, [{**op, "position": "tile", "size": 0.08}]))
    quads = [tiled[:120, :160], tiled[:120, 160:], tiled[120:, :160], tiled[120:, 160:]]
    assert all(q.sum() > 50 for q in quads)  # tiles cover the whole picture


def test_logo_watermark(tmp_path, img):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (50, 50), (255, 0, 0, 255)).save(logo)
    out = arr(apply_ops(img, [{"op": "watermark_logo", "asset_id": 7, "position": "top-right",
                               "opacity": 1.0, "scale": 0.25, "margin": 0}],
                      resolve=lambda aid: str(logo) if aid == 7 else ""))
    assert tuple(out[5, -5]) == (255, 0, 0)
    assert tuple(out[5, 5]) == tuple(arr(img)[5, 5])
    with pytest.raises(StudioError):
        apply_ops(img, [{"op": "watermark_logo"}])


@pytest.mark.parametrize("mode", ["pixelate", "blur"])
def test_mosaic_changes_only_the_region(img, mode):
    box = [0.25, 0.25, 0.5, 0.5]
    out = apply_ops(img, [{"op": "mosaic", "box": box, "mode": mode, "size": 0.05}])
    changed = _changed(img, out)
    inside = np.zeros_like(changed)
    inside[60:180, 80:240] = True
    assert not changed[~inside].any()
    assert changed[inside].mean() > 0.5
    if mode == "pixelate":
        block = arr(out)[60:76, 80:96]
        assert len(np.unique(block.reshape(-1, 3), axis=0)) <= 4  # flat blocks, detail gone


def test_compress_meets_the_size_limit(tmp_path):
    noisy = Image.fromarray(np.random.default_rng(1).integers(0, 255, (600, 800, 3), np.uint8))
    for fmt, limit in (("JPEG", 60_000), ("JPEG", 8_000), ("PNG", 150_000), ("WEBP", 20_000)):
        enc = compress_to_limit(noisy, limit, fmt)
        assert len(enc.data) <= limit
        with Image.open(io.BytesIO(enc.data)) as im:
            assert im.format == fmt
    assert len(imageops.encode(noisy, "JPEG", 90)) > 60_000  # the limit really forced work
    with pytest.raises(StudioError):
        compress_to_limit(noisy, 100)


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


def test_export_never_touches_the_original(tmp_path):
    src = make_image(tmp_path / "photo.jpg", (400, 300), seed=5)
    before = _digest(src)
    ops = [{"op": "crop", "box": [0, 0, 0.5, 0.5]}, {"op": "filter", "name": "warm"},
           {"op": "mosaic", "box": [0, 0, 0.2, 0.2]}, {"op": "compress", "max_kb": 10, "format": "jpeg"}]
    enc = imageops.export_edit(src, ops, tmp_path / "out.jpg")
    assert _digest(src) == before
    assert (tmp_path / "out.jpg").stat().st_size <= 10 * 1024
    assert enc.format == "JPEG" and (enc.width, enc.height) == (200, 150)
    with pytest.raises(StudioError):
        imageops.export_edit(src, ops, src)
    assert _digest(src) == before


def test_unknown_operation_is_refused(img):
    with pytest.raises(StudioError):
        apply_ops(img, [{"op": "explode"}])
    with pytest.raises(StudioError):
        apply_ops(img, [{"op": "crop"}])


def test_edits_are_stored_in_the_project_and_undoable(project, tmp_path):
    from studio.editor import canvas_store
    from studio.project.models.library import Asset

    src = make_image(tmp_path / "a.png", (200, 100), seed=9)
    before = _digest(src)
    with project.action("import") as s:
        asset = Asset(kind="image", title="a", path=str(src))
        s.add(asset)
        s.flush()
        asset_id = asset.id
    edit_id = canvas_store.add_edit(project, asset_id, [{"op": "flip", "axis": "h"}])
    canvas_store.save_edit(project, edit_id, [{"op": "flip", "axis": "h"}, {"op": "resize", "width": 50}])
    assert [o["op"] for o in canvas_store.load_edit(project, edit_id).ops] == ["flip", "resize"]
    enc = canvas_store.export_edit(project, edit_id, tmp_path / "edited.png")
    assert (enc.width, enc.height) == (50, 25)
    project.undo()
    assert [o["op"] for o in canvas_store.load_edit(project, edit_id).ops] == ["flip"]
    assert _digest(src) == before

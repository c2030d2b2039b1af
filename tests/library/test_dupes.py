"""Near-duplicate finder (查重): fingerprints, pair confirmation, grouping, project and CLI."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image, ImageOps

from studio.library import dupes, fingerprint, nearmatch
from studio.library.fingerprint import ImagePrint
from tests.library import dupeset

POSITIVE = dupeset.TRANSFORMS


@pytest.fixture(scope="module")
def photos() -> dict[str, Image.Image]:
    return dupeset.originals()


def fp(img: Image.Image) -> ImagePrint:
    """Through the bytes, as the library stores it."""
    return fingerprint.decode(fingerprint.compute(img))


# ---------------------------------------------------------------- fingerprints

def test_fingerprint_round_trip(photos):
    p = fingerprint.analyse(photos["coffee"])
    q = fp(photos["coffee"])
    assert np.array_equal(p.hashes, q.hashes)
    assert np.array_equal(p.thumb, q.thumb)
    assert np.array_equal(p.features.des, q.features.des)
    assert np.allclose(p.mirror.xy, q.mirror.xy)
    assert len(q.features) > 50


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        fingerprint.decode(b"NMFP\x63\x00garbage")
    assert not fingerprint.is_current(None)
    assert not fingerprint.is_current(b"NMFP\x63\x00")


@pytest.mark.parametrize("img", [
    Image.new("RGB", (1, 1), "red"), Image.new("RGB", (300, 300), "white"), Image.new("RGBA", (90, 60)),
    Image.new("P", (64, 64)), Image.fromarray(np.random.default_rng(0).integers(0, 255, (2, 900, 3), np.uint8)),
    Image.fromarray(np.random.default_rng(0).integers(0, 60000, (50, 60)).astype(np.uint16)),
], ids=["1px", "white", "rgba", "palette", "sliver", "16bit"])
def test_odd_images_get_a_fingerprint(img):
    """Import treats an exception here as a broken file, so odd but valid pictures must pass."""
    p = fp(img)
    assert p.thumb.size > 0 and len(p.hashes) == 4
    dupes.match(p, p)


def test_mirror_hash_is_hash_of_mirror(photos):
    img = photos["astronaut"]
    a, b = fp(img), fp(ImageOps.mirror(img))
    assert int(a.hashes[fingerprint.HASH_FULL_MIRROR]) == int(b.hashes[fingerprint.HASH_FULL]) or \
        bin(int(a.hashes[fingerprint.HASH_FULL_MIRROR]) ^ int(b.hashes[fingerprint.HASH_FULL])).count("1") <= 2
    assert bin(int(a.hashes[0]) ^ int(b.hashes[0])).count("1") > 10  # the plain hash does not see it


@pytest.mark.parametrize("dark", [False, True])
def test_content_box_finds_the_picture_in_a_phone_screenshot(photos, dark):
    shot = dupeset.screenshot(photos["coffee"], np.random.default_rng(2), dark=dark)
    x0, y0, x1, y1 = fp(shot).box
    assert y0 > 0.15 and y1 < 0.7 and (y1 - y0) > 0.2  # neither the status bar nor the comments
    assert fp(photos["coffee"]).box == (0.0, 0.0, 1.0, 1.0)  # an ordinary photo is kept whole


def test_padding_is_trimmed(photos):
    img = photos["chelsea"]
    padded = ImageOps.expand(img, border=(40, 90), fill=(255, 255, 255))
    x0, y0, x1, y1 = fp(padded).box
    assert x0 > 0.05 and y0 > 0.15 and x1 < 0.95 and y1 < 0.85


# ---------------------------------------------------------------- pairs

@pytest.mark.parametrize("name", ["astronaut", "coffee", "brick-a"])
def test_reposted_copies_match(photos, name):
    rng = np.random.default_rng(11)
    original = fp(photos[name])
    missed = [t for t in POSITIVE if dupes.match(original, fp(dupeset.VARIANTS[t](photos[name], rng))) is None]
    assert missed == []


def test_mirrored_match_says_so(photos):
    m = dupes.match(fp(photos["rocket"]), fp(ImageOps.mirror(photos["rocket"])))
    assert m is not None and m.mirrored


@pytest.mark.parametrize("a, b", [("brick-a", "brick-b"), ("grass-a", "grass-b"), ("gravel-a", "gravel-b"),
                                  ("hubble-a", "hubble-b"), ("coffee", "chelsea"), ("astronaut", "camera"),
                                  ("retina-a", "retina-b")])
def test_different_photos_of_the_same_kind_do_not_match(photos, a, b):
    pa, pb = fp(photos[a]), fp(photos[b])
    assert dupes.match(pa, pb) is None
    assert dupes.match(pa, fp(ImageOps.mirror(photos[b]))) is None


def test_same_watermark_or_same_app_chrome_is_not_a_copy(photos):
    """What two different reposts share (a stamp, a phone's status bar) must not join them."""
    marked = [fp(dupeset.watermark(photos[n], np.random.default_rng(4))) for n in ("coffee", "rocket")]
    assert dupes.match(*marked) is None
    tiled = [fp(dupeset.tiled_mark(photos[n], np.random.default_rng(4))) for n in ("moon", "camera")]
    assert dupes.match(*tiled) is None
    plated = [fp(dupeset.logo(photos[n])) for n in ("clock", "cell", "retina-b")]
    assert [dupes.match(plated[0], p) for p in plated[1:]] + [dupes.match(plated[1], plated[2])] == [None] * 3
    for dark in (False, True):
        shots = [fp(dupeset.screenshot(photos[n], np.random.default_rng(6), dark=dark))
                 for n in ("hubble-a", "hubble-b")]
        assert dupes.match(*shots) is None


# ---------------------------------------------------------------- grouping

def test_group_separates_pictures_and_joins_exact_copies(photos):
    rng = np.random.default_rng(3)
    prints = {1: fp(photos["coffee"]), 2: fp(dupeset.crop(photos["coffee"], rng)),
              3: fp(dupeset.screenshot(photos["coffee"], rng)), 4: fp(photos["brick-a"]),
              5: fp(photos["brick-b"]), 6: fp(ImageOps.mirror(photos["brick-b"])), 7: None, 8: None}
    sha = {7: "ab" * 32, 8: "ab" * 32, 1: "cd" * 32}
    assert dupes.group(prints, sha) == [[1, 2, 3], [5, 6], [7, 8]]


def test_group_reports_progress_and_cancels(photos):
    from studio.project.errors import Cancelled
    from studio.project.jobs import CancelToken

    prints = {i: fp(ImageOps.mirror(photos["coffee"]) if i % 2 else photos["coffee"]) for i in range(4)}
    seen = []
    dupes.group(prints, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        dupes.group(prints, cancel=token)


# ---------------------------------------------------------------- project, CLI, videos

@pytest.fixture(scope="module")
def library_files(tmp_path_factory, photos):
    items = dupeset.build(names=["coffee", "astronaut", "grass-a", "grass-b"],
                          transforms=("mirror", "crop", "screenshot", "watermark"))
    folder = tmp_path_factory.mktemp("dupes")
    truth = dupeset.write(folder, items)
    copy = folder / "coffee-copy.png"
    copy.write_bytes((folder / "coffee.png").read_bytes())
    truth[str(copy)] = "coffee"
    return folder, truth


def _as_groups(groups: list[list[str]]) -> set[frozenset]:
    return {frozenset(g) for g in groups}


def test_find_groups_in_a_project(project, library_files):
    from studio.library.import_ import import_paths

    folder, truth = library_files
    import_paths(project, [str(folder)])
    found = _as_groups(dupes.find_group_paths(project))
    expected = {frozenset(p for p in truth if truth[p] == g) for g in set(truth.values())}
    assert found == expected


def test_missing_fingerprints_are_computed_and_kept(project, library_files):
    from sqlalchemy import func, select

    from studio.library.import_ import import_paths
    from studio.project.models.fingerprint import Fingerprint

    folder, truth = library_files
    import_paths(project, [str(folder)])
    with project.engine.begin() as conn:
        conn.execute(Fingerprint.__table__.delete())
    groups = dupes.find_groups(project)
    assert len(groups) == 4
    with project.read() as s:
        assert s.scalar(select(func.count()).select_from(Fingerprint)) == len(truth)


def test_similar_to_finds_the_source_of_a_repost(project, library_files, photos):
    from studio.library.import_ import import_paths

    folder, _ = library_files
    report = import_paths(project, [str(folder / "coffee.png"), str(folder / "astronaut.png")])
    ids = {path.split("/")[-1]: i for path, i in report.imported}
    repost = dupeset.screenshot(dupeset.watermark(photos["coffee"], np.random.default_rng(1)), np.random.default_rng(1))
    assert dupes.similar_to(project, repost) == [ids["coffee.png"]]
    assert dupes.similar_to(project, repost, ids=[ids["astronaut.png"]]) == []
    assert dupes.similar_to(project, photos["chelsea"]) == []


def test_cli_dupes_json(tmp_path, library_files, capsys):
    from studio.cli import main

    folder, truth = library_files
    nms = tmp_path / "p.nms"
    assert main(["new", str(nms)]) == 0
    main(["import", str(nms), str(folder / "coffee.png"), str(folder / "coffee__mirror.png"),
          str(folder / "grass-a.png"), str(folder / "grass-b.png"), "--json"])
    capsys.readouterr()
    assert main(["dupes", str(nms), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert _as_groups(out["groups"]) == {frozenset([str(folder / "coffee.png"), str(folder / "coffee__mirror.png")])}


def _clip(src: Image.Image, path, tmp_path, vf: str) -> str:
    from studio.media import ffmpeg

    still = tmp_path / f"{path}.png"
    src.save(still)
    out = tmp_path / f"{path}.mp4"
    ffmpeg.run(["-loop", "1", "-t", "2", "-i", str(still), "-vf",
                f"scale=320:-2,crop=240:180:'t*30':'t*10',{vf}", "-r", "8", "-pix_fmt", "yuv420p",
                "-c:v", "libx264", str(out)])
    return str(out)


def test_videos_by_keyframes(tmp_path, photos):
    a = _clip(photos["coffee"], "a", tmp_path, "null")
    copy = _clip(photos["coffee"], "b", tmp_path,  # mirrored, cropped, smaller, brighter, stamped
                 "hflip,crop=iw*0.88:ih*0.88:0:ih*0.05,scale=160:-2,eq=brightness=0.06,"
                 "drawbox=x=8:y=8:w=50:h=16:color=white@0.7:t=fill")
    other = _clip(photos["astronaut"], "c", tmp_path, "null")
    pa, pb, pc = (fingerprint.decode(fingerprint.compute_video(p, frames=4)) for p in (a, copy, other))
    assert len(pa.frames) == 4
    assert dupes.same_video(pa, pb)
    assert not dupes.same_video(pa, pc)
    assert dupes.group({1: pa, 2: pb, 3: pc}) == [[1, 2]]


def test_many_videos_are_paired_through_their_keyframes(tmp_path, photos, monkeypatch):
    monkeypatch.setattr(nearmatch, "VIDEO_ALL_PAIRS", 0)
    a = _clip(photos["rocket"], "a", tmp_path, "null")
    copy = _clip(photos["rocket"], "b", tmp_path, "scale=200:-2")
    other = _clip(photos["chelsea"], "c", tmp_path, "null")
    prints = {i: fingerprint.decode(fingerprint.compute_video(p, frames=4)) for i, p in enumerate((a, copy, other))}
    assert dupes.group(prints) == [[0, 1]]


def test_import_leaves_orb_features_to_the_first_run_which_makes_them_as_import_would(project, library_files):
    from sqlalchemy import select

    from studio.library import analyse
    from studio.library.import_ import import_paths
    from studio.project.models.fingerprint import Fingerprint

    folder, truth = library_files
    report = import_paths(project, [str(folder)])
    paths = dict((i, p) for p, i in report.imported)

    def stored():
        with project.read() as s:
            return {i: fingerprint.decode(d) for i, d in s.execute(select(Fingerprint.asset_id, Fingerprint.data))}

    at_import = stored()
    assert set(at_import) == set(paths) and all(fingerprint.needs_features(p) for p in at_import.values())
    dupes.find_groups(project)
    completed = stored()
    for i, p in completed.items():
        assert not fingerprint.needs_features(p)
        same = fingerprint.decode(fingerprint.compute(analyse.open_reduced(paths[i])))
        assert np.array_equal(p.features.des, same.features.des) and np.array_equal(p.mirror.xy, same.mirror.xy)
        assert np.array_equal(p.hashes, at_import[i].hashes) and np.array_equal(p.thumb, at_import[i].thumb)
        assert (p.box, p.work_size) == (at_import[i].box, at_import[i].work_size)

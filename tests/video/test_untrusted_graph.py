"""A project file is untrusted input: no value of a stored timeline may add filters to the ffmpeg
graph, write a file, or reach ffmpeg as anything but checked numbers, names and colours.

The property test feeds arbitrary strings (and numbers as strings, NaN, huge numbers) into every
field of a stored timeline: each one is refused with a user error, or compiles to exactly the
filters of a twin timeline whose free-text fields are harmless, with the text reaching ffmpeg
only through files, unchanged. A few examples run end to end through `nmstudio video-cover` and
`nmstudio render`, checking that only the expected output file is written.
"""
from __future__ import annotations

import copy
import math
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from studio.cli import main
from studio.media import synth
from studio.project import create_project, open_project
from studio.project.models.video import VideoProject
from studio.video import store
from studio.video.captions import ass_unescape
from studio.video.render import compile_timeline, plain_text
from studio.video.timeline import Timeline, TimelineError, checked
from studio.video.values import printable

# The documented names (a copy here, so a widened list in the code is noticed).
FITS = ("crop", "fit", "blur")
ASPECTS = ("9:16", "1:1", "16:9", "3:4")
COLOR_FILTERS = ("none", "warm", "cool", "bw", "vivid", "vintage", "bright")
TRANSITIONS = ("crossfade", "fadeblack", "slide", "zoom")
FONTS = ("sans", "sans-bold", "serif", "serif-bold")
POSITIONS = ("bottom", "middle", "top")
GRAPH_FILTERS = {  # every filter the compiler may emit
    "setpts", "fps", "scale", "crop", "pad", "split", "gblur", "overlay", "colorbalance", "hue", "eq", "curves",
    "format", "setsar", "tpad", "trim", "fade", "concat", "settb", "xfade", "drawtext", "colorchannelmixer",
    "subtitles", "asetpts", "atempo", "volume", "aresample", "aformat", "apad", "atrim", "afade", "adelay",
    "amix", "anullsrc",
}

EXPLOIT = "white@1[a];[a]metadata=mode=print:file={target},drawtext=text=x"
NASTY = [
    EXPLOIT, "#FFFFFF@1[x];[x]metadata=mode=print:file=/tmp/nms-pwned", "red:enable=0", "#FFFFFF'", "white\n",
    "'", "\\", "[a]", ";", ",", ":", "%{localtime}", "%{eif:1+1:d}", "满100%减50", "C:\\new", "{\\i1}x",
    "\x00", "\r\nDialogue: 0,0:00:00.00,9:00:00.00,Default,,0,0,0,,x", "../../etc/passwd", "sans:fontfile=/x",
    "0.5", "1e400", "nan", "-0", "1,2", "0.5:enable=0", "", " ", "crossfade'", "bottom;x",
]


def garbage() -> st.SearchStrategy:
    return st.one_of(st.text(max_size=40), st.sampled_from(NASTY),
                     st.floats(allow_nan=True, allow_infinity=True), st.integers(-10 ** 20, 10 ** 20),
                     st.none(), st.booleans(), st.lists(st.integers(), max_size=2))


def mostly(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Usually a valid value, now and then anything else (there are some 30 such fields in a
    timeline, so a third of the examples have none garbled and reach the compiler)."""
    return st.integers(0, 40).flatmap(lambda k: garbage() if k == 40 else valid)


def num(lo: float, hi: float) -> st.SearchStrategy:
    return mostly(st.floats(lo, hi, allow_nan=False))


colours = mostly(st.one_of(st.from_regex(r"#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?", fullmatch=True),
                           st.sampled_from(["white", "Black", "red", "YELLOW"])))
fonts = mostly(st.sampled_from(FONTS))
texts = st.one_of(st.text(max_size=60), st.sampled_from(NASTY))


@st.composite
def stored_timelines(draw, media) -> dict:
    """A timeline as a project stores it (JSON), any field possibly garbage."""
    n = draw(st.integers(1, 3))
    clips = []
    for i in range(n):
        still = draw(mostly(st.booleans()))
        clip = {"path": media["image"] if still is True else media["clip"], "src_in": draw(num(0, 0.5)),
                "src_out": draw(num(0.6, 1.0)), "speed": draw(num(0.5, 2)), "volume": draw(num(0, 2)),
                "color": draw(mostly(st.sampled_from(COLOR_FILTERS))), "still": still,
                "asset_id": media["ids"]["image" if still is True else "clip"]}
        if i and draw(st.booleans()):
            clip["transition"] = {"kind": draw(mostly(st.sampled_from(TRANSITIONS))), "duration": draw(num(0.1, 0.4))}
        clips.append(clip)
    overlays = []
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(mostly(st.sampled_from(["text", "logo"])))
        overlays.append({"kind": kind, "start": draw(num(0, 0.5)), "end": draw(num(0.5, 2)), "text": draw(texts),
                         "path": media["logo"] if kind == "logo" else draw(texts), "x": draw(num(0, 1)),
                         "y": draw(num(0, 1)), "size": draw(num(0.02, 0.3)), "color": draw(colours),
                         "font": draw(fonts), "opacity": draw(num(0, 1)),
                         "asset_id": media["ids"]["logo"] if kind == "logo" else None})
    captions = [{"start": draw(num(0, 0.5)), "end": draw(num(0.5, 2)), "text": draw(texts)}
                for _ in range(draw(st.integers(0, 2)))]
    style = {"font": draw(fonts), "colour": draw(colours), "stroke_colour": draw(colours),
             "box_colour": draw(colours), "position": draw(mostly(st.sampled_from(POSITIONS))),
             "size": draw(num(20, 160)), "box": draw(mostly(st.booleans())), "box_opacity": draw(num(0, 1))}
    data = {"canvas": {"width": draw(mostly(st.sampled_from([72, 96]))), "height": 128, "fps": draw(mostly(st.just(30))),
                       "fit": draw(mostly(st.sampled_from(FITS))), "aspect": draw(mostly(st.sampled_from(ASPECTS)))},
            "clips": clips, "overlays": overlays, "captions": captions, "caption_style": style}
    if draw(st.booleans()):
        data["music"] = {"path": media["song"], "src_in": draw(num(0, 1)), "start": draw(num(0, 0.5)),
                         "volume": draw(num(0, 2)), "fade_in": draw(num(0, 1)), "fade_out": draw(num(0, 1)),
                         "asset_id": media["ids"]["song"]}
    return data


# ---- an independent reading of ffmpeg's filtergraph syntax --------------------------------

def split_outside(text: str, seps: str) -> list[str]:
    """Split on `seps` outside '...' quotes and backslash escapes (ffmpeg's graph level)."""
    parts, cur, quoted, i = [], [], False, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            cur.append(text[i:i + 2])
            i += 2
            continue
        if ch == "'":
            quoted = not quoted
        elif ch in seps and not quoted:
            parts.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def filter_names(graph: str) -> list[str]:
    names = []
    for chain in split_outside(graph, ";"):
        for f in split_outside(chain, ","):
            f = re.sub(r"^(\s*\[[^\]]*\])*\s*", "", f)
            m = re.match(r"[A-Za-z0-9_]+", f)
            names.append(m[0] if m else f"<{f!r}>")
    return names


def twin(tl: Timeline) -> Timeline:
    """`tl` with harmless text, colours, fonts and caption position (the names and numbers kept)."""
    t = copy.deepcopy(tl)
    assert t.canvas.fit in FITS and t.canvas.aspect in ASPECTS
    for c in t.clips:
        assert c.color in COLOR_FILTERS and (c.transition is None or c.transition.kind in TRANSITIONS)
        assert all(isinstance(v, float) and math.isfinite(v) for v in (c.src_in, c.src_out, c.speed, c.volume))
    for o in t.overlays:
        assert o.kind in ("text", "logo")
        assert all(isinstance(v, float) and math.isfinite(v) for v in (o.start, o.end, o.x, o.y, o.size, o.opacity))
        o.text, o.color, o.font = "x", "#FFFFFF", "sans"
    for c in t.captions:
        c.text = "x"
    t.caption_style = {k: v for k, v in t.caption_style.items() if k in ("size", "box", "box_opacity")}
    return t


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    d = tmp_path_factory.mktemp("untrusted")
    clip = synth.write_clip(d / "clip.mp4", 1.0, "96x64", 25, "color=c=blue")
    Image.new("RGB", (32, 24), (200, 30, 30)).save(d / "still.png")
    Image.new("RGB", (20, 10), (255, 255, 255)).save(d / "logo.png")
    song = d / "song.wav"
    synth.write_music(song, 2.0, 120.0)
    from studio.library.import_ import import_paths

    project = create_project(d / "p.nms")
    paths = {"clip": clip, "image": d / "still.png", "logo": d / "logo.png", "song": song}
    ids = dict(import_paths(project, list(paths.values())).imported)
    project.close()
    return {"dir": d, "project": d / "p.nms", **{k: str(v) for k, v in paths.items()},
            "ids": {k: ids[str(v)] for k, v in paths.items()}}


def load_or_refuse(data: dict):
    try:
        return Timeline.from_dict(copy.deepcopy(data))
    except TimelineError as err:
        assert str(err)  # a message a user can act on
        return None


def compiled(tl: Timeline, out: Path, frames=None):
    work = Path(tempfile.mkdtemp(prefix="nms-test-"))
    try:
        job = compile_timeline(tl, out, "draft", work, frames=frames)
        files = {p.name: p.read_text(encoding="utf-8") for p in work.iterdir()}
        return job, files
    finally:
        shutil.rmtree(work)


@settings(max_examples=250, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_stored_timeline_is_refused_or_compiles_to_the_expected_filters(media, data):
    stored = data.draw(stored_timelines(media))
    tl = load_or_refuse(stored)
    event("refused" if tl is None else "compiled")
    if tl is None:
        return
    out = media["dir"] / "out.mp4"
    job, files = compiled(tl, out)
    names = filter_names(job.graph)
    assert set(names) <= GRAPH_FILTERS, names
    assert names == filter_names(compiled(twin(tl), out)[0].graph)
    # text reaches ffmpeg only through files, shown as typed (no %{...} expansion)
    texts = [o.text for o in tl.overlays if o.kind == "text"]
    assert job.graph.count("expansion=none") == names.count("drawtext") == len(texts)
    for k, o in enumerate(tl.overlays):
        if o.kind == "text":
            assert files[f"text{k}.txt"] == plain_text(o.text) == "\n".join(printable(x) for x in o.text.splitlines())
    if tl.captions:
        events = [line.split(",", 9)[9] for line in files["captions.ass"].splitlines() if line.startswith("Dialogue:")]
        shown = [c.text for c in sorted(tl.captions, key=lambda c: c.start) if c.end > c.start and c.text.strip()]
        flat = lambda s: re.sub(r"\s", "", s)  # noqa: E731 - wrapping adds line breaks, drops spaces at them
        assert [flat(ass_unescape(e)) for e in events] == [flat(printable(" ".join(t.splitlines()))) for t in shown]
    # every input is a checked, existing file given by absolute path
    for inp in job.inputs:
        assert os.path.isabs(inp[-1]) and os.path.isfile(inp[-1])


@pytest.mark.parametrize("field, value", [
    ("overlays.0.color", EXPLOIT), ("overlays.0.color", "#FFFFFF@1"), ("overlays.0.font", "../../../etc/passwd"),
    ("overlays.0.x", "0.5:enable=0"), ("overlays.0.x", "0.5"), ("overlays.0.size", float("nan")),
    ("overlays.0.opacity", 1e400), ("clips.0.color", "warm,metadata=file=x"), ("clips.0.speed", "2"),
    ("clips.0.transition", {"kind": "fade;metadata", "duration": 0.2}), ("canvas.width", "72:flags=x"),
    ("canvas.fps", 30.5), ("caption_style.colour", "#FFF"), ("caption_style.position", "top,x"),
    ("caption_style.font", "sans\n"), ("clips.0.still", "yes"), ("captions.0.text", 5),
])
def test_each_field_is_checked_on_load_and_again_when_the_graph_is_built(media, field, value):
    good = {"canvas": {"width": 72, "height": 128, "fps": 30},
            "clips": [{"path": media["clip"], "src_in": 0.0, "src_out": 0.5}],
            "overlays": [{"kind": "text", "start": 0.0, "end": 0.5, "text": "x"}],
            "captions": [{"start": 0.0, "end": 0.5, "text": "x"}], "caption_style": {}}
    assert Timeline.from_dict(copy.deepcopy(good)).overlays[0].text == "x"
    bad = copy.deepcopy(good)
    *path, last = field.split(".")
    node = bad
    for key in path:
        node = node[int(key)] if key.isdigit() else node[key]
    node[int(last) if last.isdigit() else last] = value
    with pytest.raises(TimelineError) as refused:
        Timeline.from_dict(bad)
    assert "Invalid video data" in str(refused.value) or "转场" in str(refused.value)
    # a timeline built in code (not read from a file) is checked again before any graph is built
    tl = Timeline.from_dict(copy.deepcopy(good))
    obj = tl
    for key in path:
        obj = obj[int(key)] if key.isdigit() else (obj[key] if isinstance(obj, dict) else getattr(obj, key))
    if isinstance(obj, dict):
        obj[last] = value
    else:
        setattr(obj, last, value)
    with pytest.raises(TimelineError):
        compile_timeline(tl, media["dir"] / "never.mp4", "draft", media["dir"] / "work-never")
    with pytest.raises(TimelineError):
        checked(tl)


def _store_raw(project_path: Path, data: dict) -> int:
    """Write a timeline into the project as another program (or an attacker) would: unchecked."""
    project = open_project(project_path)
    try:
        with project.action("raw") as s:
            row = VideoProject(name="v", preset="draft", timeline=data, detected_beats={})
            s.add(row)
            s.flush()
            return row.id
    finally:
        project.close()


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def test_exploit_colour_writes_no_file_and_is_refused(media, tmp_path, capsys, monkeypatch):
    """The reported attack: an overlay colour that added a `metadata` filter writing TARGET."""
    target = tmp_path / "TARGET"
    project = tmp_path / "p.nms"
    shutil.copy(media["project"], project)
    data = {"canvas": {"width": 72, "height": 128, "fps": 30},
            "clips": [{"path": media["clip"], "src_in": 0.0, "src_out": 0.5, "asset_id": media["ids"]["clip"]}],
            "overlays": [{"kind": "text", "start": 0.0, "end": 0.5, "text": "hi",
                          "color": EXPLOIT.format(target=target)}]}
    vid = _store_raw(project, data)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    before = _files_under(tmp_path)
    assert main(["video-cover", str(project), str(vid), "--out", str(tmp_path / "cover.png")]) == 2
    assert main(["render", str(project), str(vid), "--out", str(tmp_path / "v.mp4")]) == 2
    err = capsys.readouterr().err
    assert "overlays[0].color" in err and "视频数据无效" in err
    assert not target.exists()
    assert _files_under(tmp_path) - before <= {project.with_name("p.nms.lock")}


@settings(max_examples=4, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_end_to_end_a_stored_timeline_writes_only_the_output(media, data, tmp_path_factory, capsys):
    """Real ffmpeg runs (few): `nmstudio video-cover` on a fuzzed stored timeline either refuses it
    (exit 2) or writes the cover, and nothing else appears anywhere under the test's folders."""
    stored = data.draw(stored_timelines(media))
    for clip in stored["clips"]:  # paths in the file are ignored: the library's are used
        clip["path"] = data.draw(st.sampled_from(["", "/etc/passwd", "concat:a|b", "../x.mp4"]))
    root = tmp_path_factory.mktemp("e2e")
    project = root / "p.nms"
    shutil.copy(media["project"], project)
    vid = _store_raw(project, stored)
    tmp = root / "tmp"
    tmp.mkdir()
    saved = tempfile.tempdir
    tempfile.tempdir = str(tmp)
    try:
        before = _files_under(root)
        out = root / "out" / "cover.jpg"
        out.parent.mkdir()
        code = main(["video-cover", str(project), str(vid), "--at", "0.1", "--out", str(out)])
    finally:
        tempfile.tempdir = saved
    err = capsys.readouterr().err
    assert code in (0, 2), err
    added = _files_under(root) - before - {out.parent, project.with_name("p.nms.lock")}
    assert added == ({out} if code == 0 else set()), (err, added)
    assert list(tmp.iterdir()) == []  # the private temp folder is gone


def test_stored_media_paths_come_from_the_library(media, tmp_path):
    project_path = tmp_path / "p.nms"
    shutil.copy(media["project"], project_path)
    vid = _store_raw(project_path, {
        "clips": [{"path": "/etc/passwd", "src_in": 0.0, "src_out": 0.5, "asset_id": media["ids"]["clip"]},
                  {"path": "/etc/passwd", "src_in": 0.0, "src_out": 0.5}],
        "overlays": [{"kind": "logo", "start": 0, "end": 1, "path": media["logo"]}],
        "music": {"path": "concat:/etc/passwd|/etc/hosts", "asset_id": None}})
    project = open_project(project_path)
    try:
        tl = store.load(project, vid)
    finally:
        project.close()
    assert tl.clips[0].path == media["clip"]   # by asset number
    assert tl.clips[1].path == ""              # not a library file: refused when rendering
    assert tl.overlays[0].path == media["logo"]  # no number, but the library holds that file
    assert tl.music.path == ""

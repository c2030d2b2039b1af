"""Render a timeline: compile it to ONE ffmpeg filter graph, then export H.264 + AAC MP4.

Frame exactness: every clip is normalised to the canvas frame rate (so variable-rate phone
footage becomes constant) and trimmed to an exact number of output frames, so a cut lands on
`Timeline.cut_frames()` and nowhere else. Transitions (xfade) are centred on the cut and eat
into extra "handle" frames on both sides instead of moving it. Fade through black is two plain
fades that meet at the cut (xfade's own `fadeblack` goes dark a third of the way in, which would
put the black moment before the beat).

Safety: a timeline may come from an untrusted project file. It is checked against the grammar of
studio.video.values before a graph is built (`timeline.checked`), so only checked numbers, names
and '0xRRGGBB' colours are spliced into the graph; text goes through files (drawtext `textfile=`
with `expansion=none`, ASS with its own escaping), never through the graph; ffmpeg runs in a
private temp folder and the graph names its helper files there by plain relative names. Exports
are written under a temporary name and renamed into place when complete (studio.project.output).
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

from studio.media import ffmpeg
from studio.project import output
from studio.project.errors import MediaError, StudioError
from studio.project.jobs import CancelToken, Progress
from studio.resources import font_path
from studio.video import captions
from studio.video import values as V
from studio.video.presets import Preset, get_preset
from studio.video.timeline import Canvas, Timeline, VideoClip, checked, slice_timeline

XFADE = {"crossfade": "fade", "slide": "slideleft", "zoom": "zoomin"}  # fadeblack: see _fades
COLOR = {
    "none": "",
    "warm": "colorbalance=rs=0.08:gs=0.02:bs=-0.08",
    "cool": "colorbalance=rs=-0.08:gs=0.0:bs=0.10",
    "bw": "hue=s=0",
    "vivid": "eq=saturation=1.45:contrast=1.05",
    "vintage": "curves=preset=vintage",
    "bright": "eq=brightness=0.06:contrast=1.04",
}
AUDIO_RATE = 48000


class RenderError(StudioError):
    """The timeline cannot be rendered as it is (empty, missing media, ...)."""


@dataclass
class Job:
    """A compiled render: the ffmpeg arguments (without the executable) and the output length."""

    args: list[str]
    duration: float
    graph: str
    workdir: Path
    inputs: list[list[str]] = field(default_factory=list)


class _Graph:
    """Collects inputs and filter chains while compiling."""

    def __init__(self) -> None:
        self.inputs: list[list[str]] = []
        self.chains: list[str] = []

    def input(self, *args: str) -> int:
        self.inputs.append(list(args))
        return len(self.inputs) - 1

    def chain(self, text: str) -> None:
        self.chains.append(text)


# ---- public API ---------------------------------------------------------------------------

def compile_timeline(tl: Timeline, out: str | os.PathLike, preset: Preset | str | None = None,
                     workdir: str | os.PathLike | None = None, frames: Optional[int] = None) -> Job:
    """Build the ffmpeg command that renders `tl` to `out`. `frames` limits the output to that
    many frames (a cover image uses 1). Helper files (ASS captions, text) go into `workdir` (a
    new private temp folder if not given), which the graph names relatively: run the job with
    `cwd=job.workdir`. Every value of `tl` is checked first (InvalidValueError)."""
    preset = get_preset(preset) if not isinstance(preset, Preset) else preset
    tl = checked(tl)
    if not tl.clips:
        raise RenderError("The timeline has no clips (时间线上没有片段); add clips first.")
    _check_media(tl)
    workdir = Path(workdir) if workdir else output.temp_dir("render")
    workdir.mkdir(parents=True, exist_ok=True)
    g = _Graph()
    cuts = tl.cut_frames()
    handles = _handles(tl, cuts)
    video = _video_track(g, tl, cuts, handles)
    video = _decorate(g, tl, video, workdir)
    audio = _audio_track(g, tl, cuts, handles) if frames is None else None
    graph = ";\n".join(g.chains)
    script = workdir / "graph.txt"
    script.write_text(graph, encoding="utf-8")
    out = os.path.abspath(out)  # ffmpeg runs in `workdir`
    args = [a for inp in g.inputs for a in inp]
    args += ["-/filter_complex", str(script.absolute()), "-map", f"[{video}]"]
    if frames is not None:
        args += ["-frames:v", str(frames), "-update", "1", out]
        return Job(args, frames / tl.canvas.fps, graph, workdir, g.inputs)
    args += ["-map", f"[{audio}]"] + encode_args(preset, tl.canvas.fps) + [out]
    return Job(args, cuts[-1] / tl.canvas.fps, graph, workdir, g.inputs)


def encode_args(preset: Preset, fps: int) -> list[str]:
    """Output options shared by every export (and by the benchmark's reference command)."""
    args = ["-c:v", "libx264", "-preset", preset.x264, "-crf", str(preset.crf), "-pix_fmt", "yuv420p",
            "-r", str(fps), "-fps_mode", "cfr"]
    if preset.maxrate_k:
        args += ["-maxrate", f"{preset.maxrate_k}k", "-bufsize", f"{preset.maxrate_k * 2}k"]
    return args + ["-c:a", "aac", "-b:a", f"{preset.audio_k}k", "-ar", str(AUDIO_RATE),
                   "-movflags", "+faststart"]


def render(tl: Timeline, out: str | os.PathLike, preset: Preset | str | None = None, *,
           progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> Path:
    """Export `tl` to an MP4 at `out`, all or nothing: ffmpeg writes a temporary name beside it
    that is renamed to `out` only when complete, and removed on cancel or failure."""
    return export(tl, out, preset, "render", progress=progress, cancel=cancel)


def cover_frame(tl: Timeline, t: float, out: str | os.PathLike, *, width: int = 0) -> Path:
    """Save the composed frame at timeline second `t` as an image (JPEG/PNG by extension).
    `width` > 0 renders a smaller copy (used for scrubbing)."""
    t = max(0.0, min(t, tl.duration - 1 / tl.canvas.fps))
    part = slice_timeline(tl, t, t + 2 / tl.canvas.fps)
    if width:
        part.canvas = part.canvas.scaled(width / part.canvas.width)
    jpeg = Path(out).suffix.lower() in (".jpg", ".jpeg")
    return export(part, out, "preview", "cover", frames=1, extra=["-q:v", "3"] if jpeg else [])


def export(tl: Timeline, out: str | os.PathLike, preset: Preset | str | None, kind: str, *,
           frames: Optional[int] = None, extra: Sequence[str] = (), progress: Optional[Progress] = None,
           cancel: Optional[CancelToken] = None) -> Path:
    """Compile `tl` and run ffmpeg in a private temp folder (`nms-<kind>-…`, removed afterwards),
    writing a temporary name beside `out` that replaces `out` only when ffmpeg succeeded."""
    out = Path(out)
    if not out.parent.is_dir():
        raise RenderError(f"The output folder does not exist (输出文件夹不存在): {out.parent}")
    with output.atomic_output(out) as part, private_dir(kind) as work:
        job = compile_timeline(tl, part, preset, work, frames=frames)
        ffmpeg.run([*job.args[:-1], *extra, job.args[-1]], duration=job.duration, progress=progress,
                   cancel=cancel, output=part, cwd=work)
        if not part.is_file():
            raise MediaError(f"ffmpeg wrote nothing (没有生成文件): {out}")
    return out


@contextmanager
def private_dir(kind: str) -> Iterator[Path]:
    """A private temp folder for one job, removed when the block ends (a killed run's folder is
    removed by `output.clean_stale_temp` at a later start)."""
    path = output.temp_dir(kind)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _check_media(tl: Timeline) -> None:
    """Every medium must be an existing file; paths are made absolute (ffmpeg runs elsewhere)."""
    items = [(f"clip {i + 1} (片段 {i + 1})", c) for i, c in enumerate(tl.clips)]
    items += [(f"logo {i + 1} (图标 {i + 1})", o) for i, o in enumerate(tl.overlays) if o.kind == "logo"]
    items += [("the music (音乐)", tl.music)] if tl.music else []
    for what, item in items:
        if not item.path:
            raise RenderError(f"The file of {what} is not in the library (素材不在素材库中); add it to the "
                              "library, relink it, or remove it from the timeline.")
        if not os.path.isfile(item.path):
            raise RenderError(f"Media file missing (素材文件丢失): {item.path} ({what}). Relink it in the library "
                              "or remove it from the timeline.")
        item.path = os.path.abspath(item.path)


def _even(x: float) -> int:
    return max(2, int(round(x / 2)) * 2)


# ---- video --------------------------------------------------------------------------------

def _half_frames(tl: Timeline, cuts: list[int], kinds) -> list[tuple[int, int]]:
    """(head, tail) frames per clip that a transition of one of `kinds` into/out of it spans
    on each side of its cut (half the transition, at most half of either clip)."""
    n = len(tl.clips)
    head, tail = [0] * n, [0] * n
    for i in range(1, n):
        tr = tl.clips[i].transition
        if tr is None or tr.kind not in kinds:
            continue
        shortest = min(cuts[i] - cuts[i - 1], cuts[i + 1] - cuts[i])
        half = min(round(tr.duration * tl.canvas.fps / 2), shortest // 2)
        head[i] = tail[i - 1] = max(0, half)
    return list(zip(head, tail))


def _handles(tl: Timeline, cuts: list[int]) -> list[tuple[int, int]]:
    """(head, tail) extra frames per clip that an xfade into/out of it overlaps."""
    return _half_frames(tl, cuts, XFADE)


def _fades(tl: Timeline, cuts: list[int]) -> list[tuple[int, int]]:
    """(in, out) frames of fade from/to black per clip: the last frame before a fade-through-black
    cut and the first after it are black, so the dark moment sits on the cut."""
    return _half_frames(tl, cuts, ("fadeblack",))


def _video_track(g: _Graph, tl: Timeline, cuts: list[int], handles) -> str:
    fps = tl.canvas.fps
    fades = _fades(tl, cuts)
    labels = [_clip_video(g, tl.canvas, i, clip, cuts[i + 1] - cuts[i], *handles[i], fades[i])
              for i, clip in enumerate(tl.clips)]
    # runs of hard cuts are concatenated; runs are joined by xfade centred on their cut
    runs: list[list[str]] = [[labels[0]]]
    for i in range(1, len(labels)):
        if handles[i][0]:
            runs.append([labels[i]])
        else:
            runs[-1].append(labels[i])
    run_labels = []
    for k, run in enumerate(runs):
        if len(run) == 1:
            run_labels.append(run[0])
            continue
        g.chain("".join(f"[{x}]" for x in run) + f"concat=n={len(run)}:v=1:a=0,settb=1/{fps}[run{k}]")
        run_labels.append(f"run{k}")
    current = run_labels[0]
    starts = [i for i in range(1, len(labels)) if handles[i][0]]
    for k, i in enumerate(starts, start=1):
        half = handles[i][0]
        kind = XFADE[tl.clips[i].transition.kind]
        g.chain(f"[{current}][{run_labels[k]}]xfade=transition={kind}:duration={2 * half / fps:.6f}"
                f":offset={(cuts[i] - half) / fps:.6f}[xf{k}]")
        current = f"xf{k}"
    return current


def _clip_video(g: _Graph, canvas: Canvas, i: int, clip: VideoClip, frames: int, head: int, tail: int,
                fade: tuple[int, int] = (0, 0)) -> str:
    fps = canvas.fps
    total = head + frames + tail
    if clip.still:
        idx = g.input("-loop", "1", "-framerate", str(fps), "-t", f"{total / fps + 0.1:.6f}", "-i", clip.path)
        pad_head, speed = 0, 1.0
    else:
        speed = clip.speed
        start = clip.src_in - head / fps * speed
        pad_head = max(0, round(-start / speed * fps))
        start = max(0.0, start)
        length = (total - pad_head) / fps * speed + 2 / fps
        idx = g.input("-ss", f"{start:.6f}", "-t", f"{length:.6f}", "-i", clip.path)
    filters = [f"setpts=(PTS-STARTPTS)/{speed:.6f}" if speed != 1 else "setpts=PTS-STARTPTS",
               f"fps={fps}", *_fit(canvas, str(i)), COLOR.get(clip.color, ""), "format=yuv420p", "setsar=1",
               f"tpad=start={pad_head}:start_mode=clone:stop=-1:stop_mode=clone",
               f"trim=end_frame={total}", "setpts=PTS-STARTPTS"]
    if fade[0]:  # frame 0 black, full picture from frame `fade[0]` on
        filters.append(f"fade=t=in:s=0:n={fade[0]}")
    if fade[1]:  # the last frame black, full picture `fade[1]` frames before it
        filters.append(f"fade=t=out:s={total - 1 - fade[1]}:n={fade[1]}")
    g.chain(f"[{idx}:v]" + ",".join(f for f in filters if f) + f"[v{i}]")
    return f"v{i}"


def _fit(canvas: Canvas, tag: str) -> list[str]:
    w, h = canvas.width, canvas.height
    fill = f"scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h}"
    if canvas.fit == "fit":
        return [f"scale={w}:{h}:force_original_aspect_ratio=decrease",
                f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:black"]
    if canvas.fit == "blur":
        # blur a small copy (cheap), scale it back up as the background
        sw, sh = _even(w / 8), _even(h / 8)
        return [f"split[fg{tag}][bg{tag}];[bg{tag}]scale={sw}:{sh}:force_original_aspect_ratio=increase,"
                f"crop={sw}:{sh},gblur=sigma=3:steps=2,scale={w}:{h}[bgb{tag}];"
                f"[fg{tag}]scale={w}:{h}:force_original_aspect_ratio=decrease[fgs{tag}];"
                f"[bgb{tag}][fgs{tag}]overlay=(W-w)/2:(H-h)/2"]
    return [fill]


def _decorate(g: _Graph, tl: Timeline, video: str, workdir: Path) -> str:
    """Text and logo overlays, then burned-in captions, on the composed video."""
    w, h = tl.canvas.width, tl.canvas.height
    for k, ov in enumerate(tl.overlays):
        enable = f"enable='between(t,{ov.start:.3f},{ov.end:.3f})'"
        alpha = max(0.0, min(1.0, ov.opacity))
        if ov.kind == "text":
            # The text goes through a file, shown as is: expansion=none, so '%' and '\\' are
            # plain characters (the default expansion evaluates %{...} and eats backslashes).
            name = f"text{k}.txt"
            (workdir / name).write_text(plain_text(ov.text), encoding="utf-8")
            rgb, a = V.split_colour(ov.color, f"overlays[{k}].color")
            size = max(8, round(ov.size * h))
            g.chain(f"[{video}]drawtext=fontfile={_esc(font_path(V.font(ov.font, f'overlays[{k}].font')))}"
                    f":textfile={name}:expansion=none"
                    f":fontsize={size}:fontcolor=0x{rgb}@{alpha * a:.3f}:borderw={max(1, size // 14)}"
                    f":bordercolor=black@{0.6 * alpha:.3f}"
                    f":x={ov.x:.4f}*w-text_w/2:y={ov.y:.4f}*h-text_h/2:{enable}[ov{k}]")
        else:
            idx = g.input("-loop", "1", "-framerate", str(tl.canvas.fps), "-i", ov.path)
            fade = f",colorchannelmixer=aa={alpha:.3f}" if alpha < 1 else ""
            g.chain(f"[{idx}:v]scale={_even(ov.size * w)}:-2,format=rgba{fade}[logo{k}]")
            g.chain(f"[{video}][logo{k}]overlay=x={ov.x:.4f}*W-w/2:y={ov.y:.4f}*H-h/2"
                    f":shortest=1:{enable}[ov{k}]")
        video = f"ov{k}"
    if tl.captions:
        (workdir / "captions.ass").write_text(_captions_ass(tl), encoding="utf-8")
        g.chain(f"[{video}]{captions.subtitles_filter('captions.ass')}[cap]")
        video = "cap"
    return video


def plain_text(text: str) -> str:
    """Overlay text as written to its drawtext text file: any line break as one newline,
    control characters dropped, everything else exactly as typed."""
    return "\n".join(V.printable(line) for line in text.splitlines())


def _captions_ass(tl: Timeline) -> str:
    return captions.to_ass(tl.captions, captions.CaptionStyle.from_dict(tl.caption_style),
                           tl.canvas.width, tl.canvas.height)


def _esc(value: str | os.PathLike) -> str:
    """Escape a filter option value for a filter graph (both levels of ffmpeg's quoting)."""
    v = str(value)
    for ch in ("\\", "'", ":"):
        v = v.replace(ch, "\\" + ch)
    for ch in ("\\", "'", "[", "]", ",", ";"):
        v = v.replace(ch, "\\" + ch)
    return v


# ---- audio --------------------------------------------------------------------------------

def _audio_track(g: _Graph, tl: Timeline, cuts: list[int], handles) -> str:
    fps = tl.canvas.fps
    total = cuts[-1] / fps
    parts = []
    for i, clip in enumerate(tl.clips):
        if clip.still or clip.volume <= 0 or not _has_audio(clip.path):
            continue
        head, tail = handles[i]
        parts.append(_clip_audio(g, i, clip, (cuts[i] - head) / fps,
                                 (cuts[i + 1] - cuts[i] + head + tail) / fps, head / fps, tail / fps))
    if tl.music is not None:
        parts.append(_music(g, tl, total))
    end = f"apad=whole_dur={total:.6f},atrim=end={total:.6f},asetpts=PTS-STARTPTS[aout]"
    if not parts:
        g.chain(f"anullsrc=r={AUDIO_RATE}:cl=stereo,{end}")
    elif len(parts) == 1:
        g.chain(f"[{parts[0]}]{end}")
    else:
        g.chain("".join(f"[{p}]" for p in parts)
                + f"amix=inputs={len(parts)}:normalize=0:duration=longest,{end}")
    return "aout"


def _clip_audio(g: _Graph, i: int, clip: VideoClip, at: float, length: float, fade_in: float, fade_out: float) -> str:
    start = max(0.0, clip.src_in - fade_in * clip.speed)
    idx = g.input("-ss", f"{start:.6f}", "-t", f"{length * clip.speed + 0.05:.6f}", "-i", clip.path)
    filters = ["asetpts=PTS-STARTPTS", *_atempo(clip.speed), f"volume={clip.volume:.3f}",
               f"aresample={AUDIO_RATE}", "aformat=channel_layouts=stereo", "apad", f"atrim=end={length:.6f}"]
    if fade_in:
        filters.append(f"afade=t=in:d={fade_in:.3f}")
    if fade_out:
        filters.append(f"afade=t=out:st={length - fade_out:.3f}:d={fade_out:.3f}")
    filters.append(f"adelay=delays={round(at * 1000)}:all=1")
    g.chain(f"[{idx}:a]" + ",".join(filters) + f"[a{i}]")
    return f"a{i}"


def _music(g: _Graph, tl: Timeline, total: float) -> str:
    m = tl.music
    length = m.played(total)
    idx = g.input("-ss", f"{m.src_in:.6f}", "-t", f"{length + 0.05:.6f}", "-i", m.path)
    filters = ["asetpts=PTS-STARTPTS", f"volume={m.volume:.3f}", f"aresample={AUDIO_RATE}",
               "aformat=channel_layouts=stereo", f"atrim=end={length:.6f}"]
    if m.fade_in:
        filters.append(f"afade=t=in:d={m.fade_in:.3f}")
    if m.fade_out:
        filters.append(f"afade=t=out:st={max(0.0, length - m.fade_out):.3f}:d={m.fade_out:.3f}")
    if m.start > 0:
        filters.append(f"adelay=delays={round(m.start * 1000)}:all=1")
    g.chain(f"[{idx}:a]" + ",".join(filters) + "[music]")
    return "music"


def _atempo(speed: float) -> list[str]:
    """atempo takes 0.5..2 per instance; chain instances for other speeds."""
    out = []
    while speed > 2.0:
        out.append("atempo=2.0")
        speed /= 2.0
    while speed < 0.5:
        out.append("atempo=0.5")
        speed /= 0.5
    if abs(speed - 1.0) > 1e-6:
        out.append(f"atempo={speed:.6f}")
    return out


_AUDIO_CACHE: dict[tuple[str, float], bool] = {}


def _has_audio(path: str) -> bool:
    try:
        key = (path, os.path.getmtime(path))
    except OSError:
        raise RenderError(f"A clip's file is missing (片段文件丢失): {path}. Relink it in the library.") from None
    if key not in _AUDIO_CACHE:
        _AUDIO_CACHE[key] = ffmpeg.probe(path).audio is not None
    return _AUDIO_CACHE[key]

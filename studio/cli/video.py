"""Short-video commands: beats, beatcut, render, videos, video-cover."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from studio.cli.common import opened, print_json, print_rows
from studio.project.errors import StudioError
from studio.video.presets import PRESETS, get_preset
from studio.video.timeline import ASPECTS, FIT_MODES


def register(sub) -> None:
    p = sub.add_parser("beats", help="tempo, beats and downbeats of a song (节拍检测)")
    p.add_argument("audio", metavar="AUDIO")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_beats)

    p = sub.add_parser("beatcut", help="cut clips on the music's beats (一键踩点)")
    p.add_argument("--music", required=True, metavar="AUDIO")
    p.add_argument("--out", required=True, metavar="OUT.mp4")
    p.add_argument("--every", type=int, default=2, metavar="N", help="cut every N beats (default 2)")
    p.add_argument("--mode", choices=("every", "downbeats", "accents"), default="every",
                   help="cut every N beats, on downbeats only, or on strong accents")
    p.add_argument("--aspect", choices=list(ASPECTS), default=None, help="canvas (default 9:16)")
    p.add_argument("--fit", choices=FIT_MODES, default="crop", help="crop to fill, fit, or fit on blur")
    p.add_argument("--preset", default=None, metavar="NAME", help=_preset_help())
    p.add_argument("clips", nargs="+", metavar="CLIP")
    p.set_defaults(func=cmd_beatcut)

    p = sub.add_parser("render", help="export a video of a project (导出视频)")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("video_id", type=int, metavar="VIDEO_ID")
    p.add_argument("--out", required=True, metavar="OUT.mp4")
    p.add_argument("--preset", default=None, metavar="NAME", help=_preset_help())
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("videos", help="list the videos of a project (视频列表)")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_videos)

    p = sub.add_parser("video-cover", help="save a video's frame as a cover image (导出封面帧)")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("video_id", type=int, metavar="VIDEO_ID")
    p.add_argument("--at", type=float, default=0.0, metavar="SECONDS")
    p.add_argument("--out", required=True, metavar="COVER.jpg")
    p.set_defaults(func=cmd_cover)


def _preset_help() -> str:
    return "export preset: " + ", ".join(n for n in PRESETS if n != "preview") + " (default douyin)"


def cmd_beats(args) -> int:
    from studio.video import beats

    result = beats.analyse(args.audio)
    if not result.beats:
        print("没有找到节拍：歌曲太短（不到 1 秒）或几乎无声 / no beats found: the song is too short "
              "(under 1 s) or nearly silent; set the tempo by hand or tap it.", file=sys.stderr)
    if args.json:
        print_json({"tempo": round(result.tempo, 3), "beats": [round(b, 4) for b in result.beats],
                    "downbeats": [round(b, 4) for b in result.downbeats]})
    else:
        print(f"tempo {result.tempo:.1f} BPM, {len(result.beats)} beats, {len(result.downbeats)} downbeats")
        print(" ".join(f"{b:.2f}" for b in result.beats))
    return 0


def cmd_beatcut(args) -> int:
    from studio.video.beatcut import beatcut
    from studio.video.render import render

    preset = get_preset(args.preset)
    aspect = args.aspect or (preset.aspect if args.preset else "9:16")
    canvas = preset.canvas(args.fit, aspect)
    _check_inputs([args.music, *args.clips])
    tl = beatcut(args.clips, args.music, canvas, mode=args.mode, every=args.every)
    out = render(tl, args.out, preset, progress=_Progress())
    print(f"{out}  {canvas.width}x{canvas.height} {canvas.fps} fps, {tl.duration:.2f} s, "
          f"{len(tl.clips)} cuts on {len(tl.beats.beats)} beats ({tl.beats.tempo:.1f} BPM)")
    return 0


def cmd_render(args) -> int:
    from studio.video import store
    from studio.video.render import render

    with opened(args.project, readonly=True) as project:
        tl = store.load(project, args.video_id)
        preset = get_preset(args.preset or store.preset_of(project, args.video_id))
    if args.preset:  # a platform preset sets the canvas size; the timeline keeps its fit mode
        tl.canvas = preset.canvas(tl.canvas.fit)
    out = render(tl, args.out, preset, progress=_Progress())
    print(f"{out}  {tl.canvas.width}x{tl.canvas.height} {tl.canvas.fps} fps, {tl.duration:.2f} s ({preset.label})")
    return 0


def cmd_videos(args) -> int:
    from studio.video import store

    with opened(args.project, readonly=True) as project:
        videos = store.list_videos(project)
    print_rows(args.json, videos, lambda v: f"{v['id']:>4}  {v['name']}  ({v['clips']} clips, preset {v['preset']})")
    return 0


def cmd_cover(args) -> int:
    from studio.video import store
    from studio.video.render import cover_frame

    with opened(args.project, readonly=True) as project:
        tl = store.load(project, args.video_id)
    print(cover_frame(tl, args.at, args.out))
    return 0


def _check_inputs(paths) -> None:
    for p in paths:
        if not Path(p).is_file():
            raise StudioError(f"File not found (找不到文件): {p}")


class _Progress:
    """Percent and time left on stderr when it is a terminal."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.tty or not total:
            return
        elapsed = time.monotonic() - self.start
        left = elapsed * (total - done) / done if done else 0
        end = "\n" if done >= total else ""
        print(f"\r导出 export {100 * done // total:3d}%  剩余 {left:4.0f} s left", end=end, file=sys.stderr, flush=True)

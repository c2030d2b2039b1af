"""Benchmark: `beatcut` export of a 20 s song at 1080x1920 against a hand-written ffmpeg command
that makes the same cuts at the same size and encoder preset, measured in the same run.

    python benchmarks/video_beatcut.py [--runs 2]

Prints the time of each and the ratio (target: ours <= 1.2x the hand-written command).
"""
from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from studio.media import ffmpeg, synth
from studio.video.beatcut import beatcut
from studio.video.presets import get_preset
from studio.video.render import encode_args, render

SOURCES = ("testsrc2", "mandelbrot", "smptehdbars", "gradients")


def make_inputs(folder: Path) -> tuple[list[Path], Path]:
    clips = [synth.write_clip(folder / f"clip{i}.mp4", 6.0, "1920x1080", 30, src) for i, src in enumerate(SOURCES)]
    song = folder / "song.wav"
    synth.write_music(song, 20.0, 120.0)
    return clips, song


def reference_command(tl, out: Path) -> list[str]:
    """What an expert would type: one input per segment, scale+crop, fps, exact trims, concat."""
    fps, w, h = tl.canvas.fps, tl.canvas.width, tl.canvas.height
    cuts = tl.cut_frames()
    args, chains = [], []
    for i, clip in enumerate(tl.clips):
        frames = cuts[i + 1] - cuts[i]
        args += ["-ss", f"{clip.src_in:.6f}", "-t", f"{frames / fps + 0.1:.6f}", "-i", clip.path]
        chains.append(f"[{i}:v]fps={fps},scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},"
                      f"setsar=1,trim=end_frame={frames},setpts=PTS-STARTPTS[v{i}]")
    n = len(tl.clips)
    args += ["-i", tl.music.path]
    graph = ";".join(chains) + ";" + "".join(f"[v{i}]" for i in range(n)) + f"concat=n={n}:v=1:a=0[v]"
    return [ffmpeg.ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error", *args,
            "-filter_complex", graph, "-map", "[v]", "-map", f"{n}:a", "-t", f"{cuts[-1] / fps:.6f}",
            *encode_args(get_preset("douyin"), fps), str(out)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-beatcut-") as tmp:
        folder = Path(tmp)
        clips, song = make_inputs(folder)
        preset = get_preset("douyin")
        t = time.perf_counter()
        tl = beatcut(clips, song, preset.canvas())
        plan = time.perf_counter() - t
        ours, ref = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            render(tl, folder / "ours.mp4", preset)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            subprocess.run(reference_command(tl, folder / "ref.mp4"), check=True)
            ref.append(time.perf_counter() - t)
        o, r = min(ours), min(ref)
        print(f"segments: {len(tl.clips)}, output {tl.canvas.width}x{tl.canvas.height} {tl.duration:.2f} s")
        print(f"plan (beat analysis + clip scan): {plan:.2f} s")
        print(f"export, ours:         {o:.2f} s   (runs {', '.join(f'{x:.2f}' for x in ours)})")
        print(f"export, hand-written: {r:.2f} s   (runs {', '.join(f'{x:.2f}' for x in ref)})")
        print(f"ratio export ours/hand-written: {o / r:.2f}x  (target <= 1.2x)")
        print(f"ratio whole beatcut (plan + export)/hand-written: {(plan + o) / r:.2f}x")


if __name__ == "__main__":
    main()

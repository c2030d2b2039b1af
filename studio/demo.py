"""The demo project, built on first use from resources/demo plus generated music and clips.

Each pillar contributes content through `populate(project)` in its own demo module.
"""
from __future__ import annotations

import importlib
import importlib.util
import shutil
from pathlib import Path

from studio.media import synth
from studio.project import create_project, jobs
from studio.resources import resource
from studio.userdata import data_dir

# Order matters: the library comes first, the others use its assets.
CONTRIBUTORS = [
    "studio.library.demo",
    "studio.editor.cover_demo",
    "studio.editor.demo",
    "studio.video.demo",
    "studio.video.script_demo",
    "studio.check.demo",
]
DEMO_BPM = 120.0


def demo_dir() -> Path:
    return data_dir() / "demo"


def demo_path() -> Path:
    return demo_dir() / "demo.nms"


def photos() -> list[Path]:
    return sorted(resource("demo", "photos").glob("*.jpg"))


def media() -> dict:
    """Generated demo media (created once): a song with known beats and short clips."""
    folder = demo_dir() / "media"
    folder.mkdir(parents=True, exist_ok=True)
    song = folder / "示例音乐-120bpm.wav"
    clips = [folder / f"clip-{name}.mp4" for name in ("testsrc", "bars", "mandelbrot", "gradients")]
    if not song.exists():
        synth.write_music(song, seconds=16.0, bpm=DEMO_BPM)
    for clip, source in zip(clips, ("testsrc2", "smptehdbars", "mandelbrot", "gradients")):
        if not clip.exists():
            synth.write_clip(clip, seconds=4.0, size="640x360", fps=30, source=source)
    return {"music": song, "clips": clips, "photos": photos()}


def ensure_demo(progress=None, cancel=None, rebuild: bool = False) -> Path:
    """Return the demo project's path, building it first if needed."""
    target = demo_path()
    if target.exists() and not rebuild:
        return target
    progress = progress or jobs.no_progress
    demo_dir().mkdir(parents=True, exist_ok=True)
    building = demo_dir() / "building.nms"
    building.unlink(missing_ok=True)
    modules = [importlib.import_module(m) for m in CONTRIBUTORS if importlib.util.find_spec(m) is not None]
    modules = [m for m in modules if hasattr(m, "populate")]
    progress(0, len(modules) + 1)
    media()
    project = create_project(building, name="示例项目 Demo")
    try:
        for i, module in enumerate(modules, start=1):
            jobs.check(cancel)
            module.populate(project)
            progress(i, len(modules) + 1)
        project.clear_history()  # the user's undo starts at their own first action
    except BaseException:
        project.close()
        building.unlink(missing_ok=True)
        raise
    project.close()
    if target.exists():
        target.unlink()
    shutil.move(building, target)
    progress(len(modules) + 1, len(modules) + 1)
    return target

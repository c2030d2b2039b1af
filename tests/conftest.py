"""Shared test setup: offscreen Qt, a private user-data folder, fresh projects and tiny media."""
from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import studio  # noqa: E402,F401 - first: it limits numpy's BLAS threads before numpy loads
os.environ.setdefault("NMSTUDIO_HOME", tempfile.mkdtemp(prefix="nmstudio-home-"))

from pathlib import Path  # noqa: E402

import gc  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from studio.media import synth  # noqa: E402
from studio.project import create_project  # noqa: E402


@pytest.fixture(autouse=True)
def _collect_cycles():
    """With a window made, the cycle collector runs only from the GUI thread's timer
    (studio.ui.gc_guard); tests that run no event loop collect after themselves."""
    yield
    if not gc.isenabled():
        from studio.ui.gc_guard import collect_due

        collect_due()


@pytest.fixture
def project(tmp_path):
    """A fresh, open project in a temporary folder."""
    p = create_project(tmp_path / "test.nms")
    yield p
    p.close()


def make_image(path, size=(320, 240), seed: int = 0, fmt: str | None = None) -> Path:
    """A varied, seeded test picture (smooth gradients plus shapes), not a flat colour."""
    rng = np.random.default_rng(seed)
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w, 3), np.float32)
    for c in range(3):
        fx, fy, ph = rng.uniform(0.5, 4, 2).tolist() + [rng.uniform(0, 6.28)]
        img[..., c] = 127 + 120 * np.sin(x / w * fx * 6.28 + ph) * np.cos(y / h * fy * 6.28)
    for _ in range(6):
        cx, cy, r = rng.integers(0, w), rng.integers(0, h), rng.integers(5, max(6, min(w, h) // 4))
        img[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = rng.integers(0, 255, 3)
    path = Path(path)
    Image.fromarray(img.clip(0, 255).astype(np.uint8)).save(path, format=fmt)
    return path


def make_video(path, seconds: float = 2.0, size: str = "160x120", fps: int = 25, source: str = "testsrc2",
               audio: bool = True) -> Path:
    return synth.write_clip(path, seconds=seconds, size=size, fps=fps, source=source, audio=audio)


def make_music(path, seconds: float = 8.0, bpm: float = 120.0, seed: int = 0) -> list[float]:
    """Write a song with known beats; returns the beat times in seconds."""
    return synth.write_music(path, seconds=seconds, bpm=bpm, seed=seed)


def open_window(qtbot, project=None, settings=None, size=(1280, 860)):
    """The main window as a user sees it: on `project`, shown and exposed (and active)."""
    from studio.ui.app import create_window
    from studio.ui.settings import Settings

    window = create_window(settings or Settings())
    qtbot.addWidget(window)
    if project is not None:
        window.ctx.set_project(project)
    window.resize(*size)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


def open_page(qtbot, page_class, project, size=(1200, 800)):
    """One page on its own window context, on `project`, shown and exposed (`page.ctx` is its context)."""
    from studio.ui.context import AppContext
    from studio.ui.settings import Settings

    ctx = AppContext(Settings())
    ctx.set_project(project)
    page = page_class(ctx)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page

"""A TMPDIR longer than about 75 characters made the worker pool fail ("AF_UNIX path too long":
the fork server's socket lives under it), so `nmstudio import` failed. The pool now puts
multiprocessing's own temp folder in a short system folder."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import make_image

ROOT = Path(__file__).resolve().parents[2]


def test_import_works_with_a_120_character_tmpdir(tmp_path):
    long_tmp = tmp_path / ("t" * (120 - len(str(tmp_path)) - 1))
    long_tmp.mkdir()
    assert len(str(long_tmp)) == 120
    photos = tmp_path / "photos"
    photos.mkdir()
    for i in range(3):
        make_image(photos / f"{i}.png", seed=i)
    project = tmp_path / "p.nms"
    env = {**os.environ, "TMPDIR": str(long_tmp)}

    def nmstudio(*args):
        return subprocess.run([sys.executable, "-m", "studio", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=180)

    assert nmstudio("new", str(project)).returncode == 0
    done = nmstudio("import", str(project), str(photos))
    assert done.returncode == 0, done.stderr
    assert "imported 3" in done.stdout

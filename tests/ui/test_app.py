"""The main window: every scale, projector theme, live language switch, screenshots."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from studio.ui import pages
from studio.ui.app import create_window
from studio.ui.settings import SCALES, Settings


@pytest.fixture
def window(qtbot, project):
    w = create_window(Settings())
    qtbot.addWidget(w)
    w.ctx.set_project(project)
    w.ctx.project = project
    yield w
    w.ctx.project = None  # the fixture closes the project


@pytest.mark.parametrize("scale", SCALES)
def test_window_opens_at_every_scale(qtbot, project, scale):
    w = create_window(Settings(scale=scale))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    font = QApplication.instance().font()
    assert abs(font.pointSizeF() - 10 * scale) < 0.01
    assert w.nav.width() == round(150 * scale)
    assert "Noto Sans CJK SC" in font.family()


def test_language_and_contrast_apply_live(window, qtbot):
    window.show()
    assert window.nav.item(1).text() == "素材库"
    window.change(language="en")
    assert window.nav.item(1).text() == "Library"
    assert window.menuBar().actions()[0].text() == "&File"
    window.change(high_contrast=True)
    assert QApplication.instance().palette().window().color().name() == "#000000"
    window.change(high_contrast=False, language="zh")
    assert QApplication.instance().palette().window().color().name() != "#000000"


def test_undo_menu_follows_project_history(window, project):
    from studio.project.models import Asset

    with project.action("添加笔记") as s:
        s.add(Asset(kind="note", title="n"))
    assert window.undo_action.isEnabled() and "添加笔记" in window.undo_action.text()
    window.undo()
    assert window.statusBar().currentMessage() == "已撤销：添加笔记"
    assert not window.undo_action.isEnabled() and window.redo_action.isEnabled()


def test_every_registered_page_builds(window):
    for key, *_ in pages.PAGES:
        window.show_page(key)
        assert window.stack.currentWidget().widget() is window.built[key]


def test_screenshot_command_writes_png(tmp_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NMSTUDIO_HOME=str(tmp_path / "home"))
    project = tmp_path / "p.nms"
    subprocess.run([sys.executable, "-m", "studio", "new", str(project)], check=True, env=env)
    r = subprocess.run([sys.executable, "-m", "studio", "gui", str(project), "--scale", "2", "--size", "900x600",
                        "--screenshot", str(out)], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    img = Image.open(out)
    assert img.size[1] == 600 and img.size[0] >= 900  # a page may need more width at 200%
    assert len(set(img.convert("L").getdata())) > 20  # real content, not a blank window


def test_command_line_scale_is_not_saved(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NMSTUDIO_HOME=str(tmp_path / "home"))
    project = tmp_path / "p.nms"
    subprocess.run([sys.executable, "-m", "studio", "new", str(project)], check=True, env=env)
    subprocess.run([sys.executable, "-m", "studio", "gui", str(project), "--scale", "2", "--screenshot",
                    str(tmp_path / "a.png")], check=True, env=env, capture_output=True, timeout=120)
    import json

    saved = json.loads((tmp_path / "home" / "settings.json").read_text(encoding="utf-8"))
    assert saved.get("scale", 1.0) == 1.0
    assert saved["recent"] == [str(project)]

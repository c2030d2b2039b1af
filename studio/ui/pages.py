"""The pages in the navigation, in order. Each pillar registers one line here.

key, Chinese title, English title, "module:Class" (imported lazily when the window is built).
"""
from __future__ import annotations

PAGES: list[tuple[str, str, str, str]] = [
    ("home", "首页", "Home", "studio.ui.home:HomePage"),
    ("library", "素材库", "Library", "studio.ui.library.page:LibraryPage"),
    ("editor", "图文", "Articles", "studio.ui.editor.page:EditorPage"),
    ("canvas", "封面海报", "Covers", "studio.ui.canvas.page:CanvasPage"),
    ("video", "视频", "Video", "studio.ui.video.page:VideoPage"),
    ("script", "分镜脚本", "Shot script", "studio.ui.script.page:ScriptPage"),
    ("check", "审核", "Checker", "studio.ui.check.page:CheckPage"),
    ("report", "发布检查", "Publish check", "studio.ui.check.report_panel:ReportPage"),
]


def load(spec: str):
    import importlib

    module, _, cls = spec.partition(":")
    return getattr(importlib.import_module(module), cls)

"""Home page: New / Open / Demo / Recent projects, and what is in the open project."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from studio.ui.context import AppContext


class HomePage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        title = QLabel(tr("新媒体工作室", "New Media Studio"), objectName="title")
        subtitle = QLabel(tr("离线完成素材管理、图文排版、短视频踩点剪辑和内容审核，所有工作保存在一个项目文件中。",
                             "Materials, layout, beat-synced video and content checks, offline, in one project file."),
                          objectName="subtitle")
        subtitle.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in ((tr("新建项目", "New project"), "new_project"),
                           (tr("打开项目", "Open project"), "open_project"),
                           (tr("打开示例项目", "Open demo"), "open_demo")):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=slot: getattr(ctx.window, s)())
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.summary = QLabel(objectName="subtitle")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: ctx.window.open_path(item.data(Qt.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(ctx.px(32), ctx.px(24), ctx.px(32), ctx.px(24))
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(tr("最近的项目", "Recent projects")))
        layout.addWidget(self.recent, 1)
        self.set_project(ctx.project)

    def set_project(self, project) -> None:
        self.recent.clear()
        for path in self.ctx.settings.recent:
            item = QListWidgetItem(f"{Path(path).name}    {path}")
            item.setData(Qt.UserRole, path)
            self.recent.addItem(item)
        if project is None:
            self.summary.setText(self.ctx.tr("还没有打开项目。", "No project is open."))
            return
        counts = project.info()["counts"]
        parts = [f"{self.ctx.tr('当前项目', 'Current project')}: {project.name}  ({project.path})"]
        labels = {"asset": ("素材", "assets"), "article": ("图文", "articles"), "canvas": ("封面海报", "covers"),
                  "video_project": ("视频", "videos")}
        parts += [f"{self.ctx.tr(*labels[t])}: {counts[t]}" for t in labels if t in counts]
        self.summary.setText("    ".join(parts))

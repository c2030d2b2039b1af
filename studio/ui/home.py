"""Home page: New / Open / Demo / Recent projects, and what is in the open project."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from studio.ui.context import AppContext


class HomePage(QScrollArea):
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
        steps = QGridLayout()  # wraps, so 200% fits a 1280-px projector
        for i, (key, zh, en) in enumerate((
                ("library", "导入素材、标注授权", "Import materials, record licences"),
                ("editor", "写文章、套主题排版", "Write and style the article"),
                ("canvas", "做封面和海报", "Make the cover and poster"),
                ("video", "短视频踩点剪辑", "Cut a short video to the beat"),
                ("check", "违禁词与版权审核", "Check words and copyright")), start=1):
            step = QPushButton(f"{i}. {tr(zh, en)}")
            step.setToolTip(tr("打开这一步的页面", "Open the page for this step"))
            step.clicked.connect(lambda _=False, k=key: ctx.window.show_page(k))
            steps.addWidget(step, (i - 1) // 3, (i - 1) % 3)
        steps.setColumnStretch(3, 1)
        self.summary = QLabel(objectName="subtitle")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.recent = QListWidget()
        self.recent.setMinimumHeight(ctx.px(120))
        self.recent.itemActivated.connect(lambda item: ctx.window.open_path(item.data(Qt.UserRole)))
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.NoFrame)
        content = QWidget()
        self.setWidget(content)  # scrolls instead of squeezing at 200%
        layout = QVBoxLayout(content)
        layout.setContentsMargins(ctx.px(32), ctx.px(24), ctx.px(32), ctx.px(24))
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(buttons)
        layout.addSpacing(ctx.px(12))
        layout.addWidget(QLabel(tr("一篇新媒体作品的流程", "The workflow of one post")))
        layout.addLayout(steps)
        layout.addSpacing(ctx.px(12))
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

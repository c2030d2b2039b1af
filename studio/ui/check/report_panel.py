"""发布检查 page: pick a post (article, cover or video), check it, read the verdict and every
finding with where it is and how to fix it; media and font tables; export the HTML report."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from studio.check.finding import AREAS_ZH, LEVEL_ZH
from studio.check.fonts import embedding_zh
from studio.check.report_html import COLOURS
from studio.ui.theme import fill_behind, ink
from studio.check.usage import POST_KINDS, POST_KINDS_ZH

POST_KINDS_EN = {"article": "Article", "cover": "Cover", "video": "Video"}
KIND_ZH = {"image": "图片", "video": "视频", "audio": "音乐"}


def _table(headers: list[str], stretch: tuple[int, ...]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setWordWrap(True)
    head = t.horizontalHeader()
    for col in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if col in stretch else QHeaderView.ResizeMode.Interactive
        head.setSectionResizeMode(col, mode)
    return t


def _fit_columns(t: QTableWidget) -> None:
    """Narrow columns fit their contents up to about 12 characters, so the text columns keep room."""
    limit = t.fontMetrics().horizontalAdvance("正") * 12
    head = t.horizontalHeader()
    for col in range(t.columnCount()):
        if head.sectionResizeMode(col) == QHeaderView.ResizeMode.Interactive:
            t.resizeColumnToContents(col)
            t.setColumnWidth(col, min(t.columnWidth(col), limit))


def _fill(t: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    """rows: (level of the row, cell texts); the first cell is coloured by the level."""
    t.setRowCount(len(rows))
    for r, (level, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c == 0:
                item.setForeground(QColor(ink(COLOURS.get(level, "#495057"))))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            t.setItem(r, c, item)
    _fit_columns(t)
    t.resizeRowsToContents()


class ReportPage(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx, tr = ctx, ctx.tr
        self.report = None
        self._auto = True     # check the first post when the page is first shown
        self._ticket = 0
        self._subject = None  # (kind, id) of the post whose report is shown or being made
        self.kind = QComboBox()
        for k in POST_KINDS:
            self.kind.addItem(ctx.tr(POST_KINDS_ZH[k], POST_KINDS_EN.get(k, k)), k)
        self.kind.currentIndexChanged.connect(self._fill_posts)
        self.post = QComboBox()
        self.post.setMinimumContentsLength(16)
        self.post.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.post.currentIndexChanged.connect(lambda _i: self._post_changed())
        self.check_btn = QPushButton(tr("检查", "Check"))
        self.check_btn.clicked.connect(self.run_check)
        self.export_btn = QPushButton(tr("导出 HTML 报告…", "Export HTML…"))
        self.export_btn.clicked.connect(self._export)
        self.export_btn.setEnabled(False)
        top = QHBoxLayout()
        for w in (QLabel(tr("作品", "Post")), self.kind, self.post, self.check_btn, self.export_btn):
            top.addWidget(w)
        top.setStretchFactor(self.post, 1)

        self.verdict = QLabel(tr("选择一篇作品，点“检查”。", "Pick a post and press Check."))
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.findings = _table([tr("级别", "Level"), tr("类别", "Area"), tr("位置", "Where"), tr("对象", "Subject"),
                                tr("问题", "Problem"), tr("怎么改", "Fix")], stretch=(4, 5))
        self.assets = _table([tr("状态", "Status"), tr("素材", "Asset"), tr("类型", "Kind"), tr("授权", "Licence"),
                              tr("作者", "Author"), tr("来源", "Source"), tr("用在", "Used in")], stretch=(1, 6))
        self.fonts = _table([tr("状态", "Status"), tr("字体", "Font"), tr("授权表", "Licence table"),
                             tr("文件授权字段", "File licence"), tr("嵌入许可", "Embedding"), tr("用在", "Used in")],
                            stretch=(2, 5))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.findings, tr("问题清单", "Findings"))
        self.tabs.addTab(self.assets, tr("素材授权", "Media"))
        self.tabs.addTab(self.fonts, tr("字体", "Fonts"))
        # row heights depend on column widths, which a hidden tab does not know yet
        self.tabs.currentChanged.connect(lambda i: self.tabs.widget(i).resizeRowsToContents())
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.verdict)
        lay.addWidget(self.tabs, 1)
        ctx.on_change(self, lambda _changes: self._project_edited())
        self.set_project(ctx.project)

    # ---------------------------------------------------------------- posts
    def set_project(self, project) -> None:
        self.report = None
        self._auto = True
        self._ticket += 1
        self._show(None)
        self._fill_posts()

    def _fill_posts(self) -> None:
        from studio.check.usage import list_posts

        current = self.post.currentData()
        self.post.blockSignals(True)  # refilling keeps the post: only a real change counts
        self.post.clear()
        project = self.ctx.project
        if project is not None:
            for post_id, title in list_posts(project).get(self.kind.currentData(), []):
                self.post.addItem(f"#{post_id} {title}", post_id)
            self.post.setCurrentIndex(max(0, self.post.findData(current)))
        self.post.blockSignals(False)
        self.check_btn.setEnabled(self.post.count() > 0)
        self._post_changed()

    def _post_changed(self) -> None:
        """Another post picked: the previous post's verdict and findings go (a check still
        running for it is ignored when it ends)."""
        if self._subject is not None and self._subject != (self.kind.currentData(), self.post.currentData()):
            self._ticket += 1
            self._show(None)

    def _project_edited(self) -> None:
        self._fill_posts()
        if self.report is not None:
            self.verdict.setText(self.verdict.text().split("\n")[0] + "\n" + self.ctx.tr(
                "作品或素材已修改，请重新检查。", "The project changed: check again."))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self._auto and self.ctx.project is not None and self.post.count():
            self.run_check()

    # ---------------------------------------------------------------- checking
    def run_check(self) -> None:
        project, post_id, kind = self.ctx.project, self.post.currentData(), self.kind.currentData()
        if project is None or post_id is None:
            return
        from studio.check.report import build_report

        self._auto = False
        self._ticket += 1
        ticket = self._ticket   # only the latest request may fill the page
        self._subject = (kind, post_id)
        self.check_btn.setEnabled(False)
        self.verdict.setStyleSheet("")
        self.verdict.setText(self.ctx.tr("正在检查…", "Checking…"))

        def job(progress, cancel):
            return build_report(project, kind, post_id, progress=progress, cancel=cancel)

        def done(report):
            if ticket == self._ticket:
                self._show(report)

        def failed(exc):
            if ticket != self._ticket:
                return
            self.check_btn.setEnabled(True)
            from studio.ui.errors import show_error

            show_error(self, exc)

        self.ctx.run(job, title=self.ctx.tr("发布检查", "Checking post"), on_done=done, on_error=failed,
                     modal=False)

    def _show(self, report) -> None:
        self.report = report
        self._subject = (report.kind, report.id) if report is not None else None
        self.check_btn.setEnabled(self.post.count() > 0)
        self.export_btn.setEnabled(report is not None)
        if report is None:
            for t in (self.findings, self.assets, self.fonts):
                t.setRowCount(0)
            self.verdict.setStyleSheet("")
            self.verdict.setText(self.ctx.tr("选择一篇作品，点“检查”。", "Pick a post and press Check."))
            return
        counts = report.counts()
        self.verdict.setText(f"{LEVEL_ZH[report.overall]}　{report.title}\n"
                             f"禁止发布 {counts['block']} 项 · 需处理 {counts['warn']} 项 · 提示 {counts['notice']} 项 · "
                             f"素材 {len(report.assets)} 个 · 字体 {len(report.fonts)} 款 · {report.checked_at}")
        colour = fill_behind(COLOURS[report.overall])
        self.verdict.setStyleSheet(f"QLabel {{ background: {colour}; color: white; font-weight: bold;"
                                   f" padding: 0.6em; border-radius: 4px; }}")
        _fill(self.findings, [(f.level, [LEVEL_ZH[f.level], AREAS_ZH.get(f.area, f.area), f.where, f.subject,
                                         f.message, f.fix]) for f in report.findings])
        _fill(self.assets, [(a.status, [LEVEL_ZH[a.status], (f"#{a.asset_id} " if a.asset_id is not None else "")
                                        + a.title, KIND_ZH.get(a.kind, a.kind), a.licence_zh, a.author or "—",
                                        a.source_url or a.platform or "—", "、".join(a.uses)])
                            for a in report.assets])
        _fill(self.fonts, [(f.status, [LEVEL_ZH[f.status], f.display + (f"（{f.recorded}）" if f.recorded else ""),
                                       f"{f.entry.zh}：{f.entry.licence}" if f.entry else "授权表中没有",
                                       (f.licence_url or f.licence_text[:80] or "—") if f.path else "找不到字体文件",
                                       embedding_zh(f.fs_type), "、".join(f.uses)]) for f in report.fonts])
        self.tabs.setTabText(0, self.ctx.tr(f"问题清单（{len(report.findings)}）", f"Findings ({len(report.findings)})"))

    def _export(self) -> None:
        if self.report is None:
            return
        from studio.check.report_html import write_html

        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("导出 HTML 报告", "Export HTML report"),
                                              f"发布检查-{self.report.title}.html", "HTML (*.html)")
        if path:
            write_html(self.report, path)
            self.ctx.status.emit(self.ctx.tr(f"已导出：{path}", f"Exported: {path}"))

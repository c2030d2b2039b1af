"""审核 page: live text check with findings, comment review, and the project's lexicons."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
                               QWidget)

from studio.check import comments as cm
from studio.check.lexicon import PLATFORMS, SEVERITY_ZH, category_label
from studio.ui.check.highlighter import COLORS, attach
from studio.ui.check.lexicons import LexiconTab
from studio.ui.check.live import LEXICON_TABLES, checker_for

SAMPLE = ("【限时秒杀】本品采用国家級工艺，全网最低价！三天见效，无副作用～\n"
          "想要优惠的宝子加我薇信：abc123，或者 V❤X 私聊，wei xin 同号。\n"
          "这是我第一次写测评，力争第一；他开了一枪，支援部队赶到；这个消毒品牌很靠谱。")


def table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def set_row(t: QTableWidget, row: int, values, color: str | None = None, data=None) -> None:
    for col, v in enumerate(values):
        item = QTableWidgetItem(str(v))
        if color:
            item.setForeground(QColor(color))
        if data is not None and col == 0:
            item.setData(Qt.ItemDataRole.UserRole, data)
        t.setItem(row, col, item)


class TextTab(QWidget):
    """Paste or load text; hits are highlighted as you type and listed on the right."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx, tr = ctx, ctx.tr
        self.live = checker_for(ctx)
        self.platform = QComboBox()
        self.platform.addItem(tr("通用", "General"), None)
        for key, zh in PLATFORMS.items():
            self.platform.addItem(zh, key)
        self.platform.currentIndexChanged.connect(self._platform_changed)
        self.article = QComboBox()
        load = QPushButton(tr("载入文章", "Load article"))
        load.clicked.connect(self._load_article)
        apply_all = QPushButton(tr("全部采用建议", "Apply all suggestions"))
        apply_all.clicked.connect(self._apply_all)
        top = QHBoxLayout()
        for w in (QLabel(tr("平台规则", "Platform")), self.platform, self.article, load, apply_all):
            top.addWidget(w)
        top.addStretch(1)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(tr("在此粘贴或输入文案，问题词会实时标出。", "Paste or type text here."))
        self.checker = attach(self.editor, self.live, tr)
        self.summary = QLabel()
        self.results = table([tr("位置", "Pos"), tr("原文", "Text"), tr("词条", "Term"), tr("类别", "Category"),
                              tr("级别", "Severity"), tr("建议", "Suggestion")])
        self.results.cellDoubleClicked.connect(self._goto)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.summary)
        rl.addWidget(self.results, 1)
        split = QSplitter()
        split.addWidget(self.editor)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self._timer = QTimer(self, singleShot=True, interval=250, timeout=self._refresh)
        self.editor.textChanged.connect(self._timer.start)
        self.live.changed.connect(self._timer.start)
        self.editor.setPlainText(SAMPLE)

    def _platform_changed(self) -> None:
        self.live.platform = self.platform.currentData()
        self.live.rebuild()

    def _refresh(self) -> None:
        tr = self.ctx.tr
        if not self.live.ready:
            self.summary.setText(tr("正在加载词库…", "Loading lexicons…"))
            return
        found = self.checker.findings()
        self.results.setRowCount(len(found))
        counts = {s: 0 for s in COLORS}
        for row, (pos, f) in enumerate(found):
            counts[f.severity] += 1
            set_row(self.results, row, [pos, f.text, f.term, category_label(f.category), SEVERITY_ZH[f.severity],
                                        f.suggestion or ""], COLORS[f.severity], (pos, f))
        self.summary.setText(tr("共 {n} 处：禁用 {block}，高危 {high}，提示 {notice}。悬停标记可替换、忽略或加入白名单。",
                                "{n} findings: {block} block, {high} high, {notice} notice.")
                             .format(n=len(found), **counts))

    def _goto(self, row: int, _col: int) -> None:
        pos, f = self.results.item(row, 0).data(Qt.ItemDataRole.UserRole)
        c = self.editor.textCursor()
        c.setPosition(pos)
        c.setPosition(pos + len(f.text.encode("utf-16-le")) // 2, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(c)
        self.editor.setFocus()

    def _apply_all(self) -> None:
        doc = self.editor.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for pos, f in reversed(self.checker.findings()):
            if f.suggestion and not f.suggestion.startswith("（"):
                self.checker.replace(doc.findBlock(pos), f)
        cursor.endEditBlock()

    def set_project(self, project) -> None:
        self.article.clear()
        if project is None:
            return
        try:
            from sqlalchemy import select

            from studio.project.models.editor import Article as Row
            with project.read() as s:
                for row in s.scalars(select(Row).order_by(Row.id)):
                    self.article.addItem(row.title or f"#{row.id}", row.id)
        except Exception:  # noqa: BLE001 - the editor pillar may be older than this page
            pass

    def _load_article(self) -> None:
        aid = self.article.currentData()
        if aid is None or self.ctx.project is None:
            return
        from studio.editor.article import Article, Block
        from studio.project.models.editor import Article as Row
        with self.ctx.project.read() as s:
            row = s.get(Row, aid)
            art = Article(title=row.title, digest=row.digest, blocks=[Block.from_dict(b) for b in row.body or []])
        self.editor.setPlainText("\n".join(art.texts()))


class CommentTab(QWidget):
    """Paste or import comments; violations and negative ones are flagged; mark for reply/pin/hand-over."""

    FILTERS = (("全部", "All"), ("违规", "Violations"), ("负面", "Negative"), ("未处理", "Unmarked"))

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx, tr = ctx, ctx.tr
        self.live = checker_for(ctx)
        self.rows: list = []
        self.paste = QPlainTextEdit()
        self.paste.setPlaceholderText(tr("每行一条评论，可写成“昵称：评论”。", "One comment per line; 'name: text' works."))
        self.paste.setMaximumHeight(ctx.px(110))
        analyse = QPushButton(tr("分析粘贴的评论", "Analyse pasted"))
        analyse.clicked.connect(self._analyse_paste)
        imp = QPushButton(tr("导入 CSV/XLSX…", "Import CSV/XLSX…"))
        imp.clicked.connect(self._import)
        self.filter = QComboBox()
        for zh, en in self.FILTERS:
            self.filter.addItem(tr(zh, en))
        self.filter.currentIndexChanged.connect(self._show)
        bar = QHBoxLayout()
        for w in (analyse, imp, QLabel(tr("筛选", "Filter")), self.filter):
            bar.addWidget(w)
        bar.addStretch(1)
        for mark, label in cm.MARKS.items():
            b = QPushButton(tr("清除标记", "Clear mark") if not mark else label)
            b.clicked.connect(lambda _=False, m=mark: self._mark(m))
            bar.addWidget(b)
        self.table = table([tr("作者", "Author"), tr("评论", "Comment"), tr("违规", "Violation"),
                            tr("负面度", "Negativity"), tr("依据", "Cues"), tr("标记", "Mark")])
        self.table.setSelectionMode(QTableWidget.SelectionMode.ExtendedSelection)
        self.status = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.paste)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)

    def _ingest(self, items, batch: str) -> None:
        if not self.live.ready:
            self.live.rebuild(wait=True)
        cm.analyse(items, self.live._matcher)
        if self.ctx.project is not None:
            cm.save(self.ctx.project, items, batch)
            self.reload()
        else:
            self.rows = [_Memo(c) for c in items]
            self._show()

    def _analyse_paste(self) -> None:
        items = cm.parse_pasted(self.paste.toPlainText())
        if items:
            self._ingest(items, self.ctx.tr("粘贴", "pasted"))

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.ctx.tr("导入评论", "Import comments"), "",
                                              "Comments (*.csv *.xlsx *.txt)")
        if path:
            from pathlib import Path
            self._ingest(cm.read_file(path), Path(path).name)

    def reload(self) -> None:
        self.rows = cm.listed(self.ctx.project) if self.ctx.project is not None else self.rows
        self._show()

    def _show(self) -> None:
        f = self.filter.currentIndex()
        rows = [r for r in self.rows if f == 0 or (f == 1 and r.severity) or (f == 2 and r.negative >= 0.5)
                or (f == 3 and not r.mark)]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            viol = "、".join(f"{x['text']}({category_label(x['category'])})" for x in r.findings)
            color = COLORS.get(r.severity) or ("#8e24aa" if r.negative >= 0.5 else None)
            set_row(self.table, i, [r.author, r.text, viol, f"{r.negative:.2f}", r.note, cm.MARKS[r.mark]],
                    color, r.id)
        n_bad = sum(1 for r in self.rows if r.severity)
        n_neg = sum(1 for r in self.rows if r.negative >= 0.5)
        self.status.setText(self.ctx.tr(f"共 {len(self.rows)} 条，违规 {n_bad} 条，负面 {n_neg} 条。",
                                        f"{len(self.rows)} comments, {n_bad} violations, {n_neg} negative."))

    def _mark(self, mark: str) -> None:
        ids = {self.table.item(i.row(), 0).data(Qt.ItemDataRole.UserRole) for i in self.table.selectedIndexes()}
        if not ids:
            return
        if self.ctx.project is not None:
            cm.set_mark(self.ctx.project, sorted(ids), mark)
            self.reload()
        else:
            for r in self.rows:
                if r.id in ids:
                    r.mark = mark
            self._show()


class _Memo:
    """A comment analysed without a project (not saved)."""

    _next = 0

    def __init__(self, c) -> None:
        _Memo._next += 1
        self.id, self.mark = _Memo._next, ""
        self.author, self.text, self.severity, self.negative = c.author, c.text, c.severity, c.negative
        self.findings, self.note = c.findings, "、".join(c.cues)


class CheckPage(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx, tr = ctx, ctx.tr
        self.tabs = QTabWidget()
        self.text_tab = TextTab(ctx)
        self.comment_tab = CommentTab(ctx)
        self.lexicon_tab = LexiconTab(ctx)
        self.tabs.addTab(self.text_tab, tr("文本检查", "Text check"))
        self.tabs.addTab(self.comment_tab, tr("评论审核", "Comments"))
        self.tabs.addTab(self.lexicon_tab, tr("词库与白名单", "Lexicons"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        ctx.on_change(self, lambda changes: changes.touches("check_comment", *LEXICON_TABLES) and self._data_changed())
        self.set_project(ctx.project)

    def set_project(self, project) -> None:
        self.text_tab.set_project(project)
        self.comment_tab.rows = []
        self.comment_tab.reload()
        self.lexicon_tab.set_project(project)

    def _data_changed(self) -> None:
        if self.ctx.project is not None:
            self.comment_tab.reload()
            self.lexicon_tab.reload()

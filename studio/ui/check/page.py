"""审核 page: live text check with findings, comment review, and the project's lexicons."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
                               QSplitter, QTableWidget, QTabWidget, QVBoxLayout, QWidget)

from studio.check import comments as cm
from studio.check import usage, writeback
from studio.check.lexicon import PLATFORMS, SEVERITY_ZH, category_label
from studio.project.errors import StudioError
from studio.ui.check.highlighter import COLORS, TextEditChecker
from studio.ui.check.lexicons import LexiconTab
from studio.ui.check.live import LEXICON_TABLES, checker_for
from studio.ui.check.tables import set_row, table

PLATFORMS_EN = {"douyin": "Douyin", "xiaohongshu": "Xiaohongshu", "wechat": "WeChat", "weibo": "Weibo"}
SAMPLE = ("【限时秒杀】本品采用国家級工艺，全网最低价！三天见效，无副作用～\n"
          "想要优惠的宝子加我薇信：abc123，或者 V❤X 私聊，wei xin 同号。\n"
          "这是我第一次写测评，力争第一；他开了一枪，支援部队赶到；这个消毒品牌很靠谱。")
POST_TABLES = ("article", "canvas", "video_project")


class _WriteBackChecker(TextEditChecker):
    """The text tab's checker: a replacement goes into the post the text came from first, and
    only then into the text here (so both always agree)."""

    def __init__(self, tab: "TextTab") -> None:
        super().__init__(tab.editor, tab.live, tab.ctx.tr)
        self.tab = tab

    def replace_many(self, hits) -> None:
        if self.tab.write_back(hits):
            super().replace_many(hits)


class TextTab(QWidget):
    """Paste text or load a post's texts; hits are highlighted as you type and listed on the
    right. Replacing a hit in a loaded post also replaces it in the post (one undo step)."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx, tr = ctx, ctx.tr
        self.live = checker_for(ctx)
        self.source: writeback.CheckedPost | None = None  # the post the text was loaded from
        self.platform = QComboBox()
        self.platform.addItem(tr("通用", "General"), None)
        for key, zh in PLATFORMS.items():
            self.platform.addItem(tr(zh, PLATFORMS_EN.get(key, key)), key)
        self.platform.currentIndexChanged.connect(self._platform_changed)
        self.posts = QComboBox()
        self.posts.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.posts.setMinimumContentsLength(6)
        load = QPushButton(tr("载入作品", "Load post"))
        load.setToolTip(tr("载入图文、封面或视频的全部文字；替换会写回原处", "Load the texts of an article, cover or "
                           "video; replacements are written back to it"))
        load.clicked.connect(self.load_post)
        apply_all = QPushButton(tr("全部采用建议", "Apply all suggestions"))
        apply_all.clicked.connect(self._apply_all)
        top = QHBoxLayout()
        for w in (QLabel(tr("平台规则", "Platform")), self.platform, self.posts, load, apply_all):
            top.addWidget(w, 1 if w is self.posts else 0)
        self.source_label = QLabel(wordWrap=True)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(tr("在此粘贴或输入文案，问题词会实时标出。", "Paste or type text here."))
        self.checker = _WriteBackChecker(self)
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
        lay.addWidget(self.source_label)
        lay.addWidget(split, 1)
        self._timer = QTimer(self, singleShot=True, interval=250, timeout=self._refresh)
        self.editor.textChanged.connect(self._timer.start)
        self.live.changed.connect(self._timer.start)
        self._show_source(None, SAMPLE)

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
        """Every suggestion at once, as one undo step; of overlapping hits the first one."""
        doc, hits, free_from = self.editor.document(), [], 0
        for pos, f in self.checker.findings():
            if writeback.is_replacement(f.suggestion) and pos >= free_from:
                hits.append((doc.findBlock(pos), f))
                free_from = pos + len(f.text.encode("utf-16-le")) // 2
        self.checker.replace_many(hits)

    # -- posts -----------------------------------------------------------------------------
    def set_project(self, project) -> None:
        if self.source is not None:
            self._show_source(None, "")
        self.refresh_posts()

    def refresh_posts(self) -> None:
        """List the project's articles, covers and videos, keeping the one chosen."""
        keep = self.posts.currentData()
        self.posts.clear()
        project = self.ctx.project
        for kind, posts in (usage.list_posts(project).items() if project is not None else ()):
            for post_id, title in posts:
                self.posts.addItem(f"{usage.POST_KINDS_ZH[kind]}：{title}", (kind, post_id))
        found = [i for i in range(self.posts.count()) if self.posts.itemData(i) == keep]
        self.posts.setCurrentIndex(found[0] if found else 0)

    def load_post(self) -> None:
        chosen = self.posts.currentData()
        if chosen is None or self.ctx.project is None:
            return
        try:
            source = writeback.load_post(self.ctx.project, *chosen)
        except StudioError as exc:
            QMessageBox.warning(self, self.ctx.tr("载入", "Load"), str(exc))
            return
        self._show_source(source, source.text)

    def _show_source(self, source: writeback.CheckedPost | None, text: str) -> None:
        self.source = source
        tr = self.ctx.tr
        if source is None:
            self.source_label.setText(tr("粘贴的文字：替换只改动这里。", "Pasted text: replacements change it here only."))
        else:
            kind = usage.POST_KINDS_ZH[source.kind]
            self.source_label.setText(tr(f"来自{kind}《{source.title}》：替换会写回原处，可撤销。",
                                         f"From {source.kind} “{source.title}”: replacements go back into it (undoable)."))
        self.editor.setPlainText(text)

    def write_back(self, hits) -> bool:
        """Write replacements into the loaded post; False (nothing changed) when that cannot be done."""
        project = self.ctx.project
        if self.source is None or project is None or not hits:
            return True
        doc = self.editor.document()
        lines = [doc.findBlockByNumber(n).text() for n in range(doc.blockCount())]
        try:
            fixes = self.source.fixes(lines, [(b.blockNumber(), f.start, f.end, f.suggestion) for b, f in hits])
            with project.initiated_by(self):
                writeback.apply_fixes(project, self.source.kind, self.source.id, fixes)
        except StudioError as exc:
            QMessageBox.warning(self, self.ctx.tr("无法写回原文", "Cannot write back"), str(exc))
            return False
        self.source.applied(fixes)
        return True


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
        self._lexicons_stale = True
        self.tabs.currentChanged.connect(lambda _i: self._fill_lexicons())
        ctx.on_change(self, self._data_changed)
        self.set_project(ctx.project)

    def set_project(self, project) -> None:
        self.text_tab.set_project(project)
        self.comment_tab.rows = []
        self.comment_tab.reload()
        self._lexicons_stale = True
        self._fill_lexicons()

    def _fill_lexicons(self) -> None:
        """The lexicon tab lists thousands of terms: it is filled when shown, not while hidden."""
        if self._lexicons_stale and self.tabs.currentWidget() is self.lexicon_tab:
            self._lexicons_stale = False
            self.lexicon_tab.set_project(self.ctx.project)

    def _data_changed(self, changes) -> None:
        if self.ctx.project is None:
            return
        if changes.touches("check_comment", *LEXICON_TABLES):
            self.comment_tab.reload()
            self._lexicons_stale = True
            self._fill_lexicons()
        if changes.touches(*POST_TABLES) and not changes.started_by(self.text_tab):
            self.text_tab.refresh_posts()

"""词库与白名单 tab: project lexicons (import/export txt/csv/xlsx, versions), their terms, the allow-list."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from studio.check import lexicon as lx
from studio.check import store
from studio.project.errors import StudioError
from studio.ui.check.tables import table


class LexiconTab(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx, tr = ctx, ctx.tr
        self.lex_table = table([tr("词库", "Lexicon"), tr("词条", "Terms"), tr("版本", "Version"), tr("启用", "On")])
        self.lex_table.itemSelectionChanged.connect(self._show_entries)
        self.lex_table.cellDoubleClicked.connect(self._toggle)
        buttons = QHBoxLayout()
        for zh, en, slot in (("导入…", "Import…", self._import), ("新建", "New", self._new),
                             ("导出…", "Export…", self._export), ("版本…", "Versions…", self._versions),
                             ("删除", "Delete", self._delete)):
            b = QPushButton(tr(zh, en))
            b.clicked.connect(slot)
            buttons.addWidget(b)
        self.entries = table([tr("词条", "Term"), tr("类别", "Category"), tr("级别", "Severity"),
                               tr("建议", "Suggestion"), tr("依据", "Reason")])
        self.entries.setSelectionMode(QTableWidget.SelectionMode.ExtendedSelection)
        self.term = QLineEdit(placeholderText=tr("新词条", "New term"))
        self.category = QComboBox()
        for key, c in lx.CATEGORIES.items():
            self.category.addItem(c.zh, key)
        self.category.setCurrentIndex(list(lx.CATEGORIES).index("user"))
        self.severity = QComboBox()
        for s in lx.SEVERITIES:
            self.severity.addItem(lx.SEVERITY_ZH[s], s)
        self.severity.setCurrentIndex(1)
        self.suggest = QLineEdit(placeholderText=tr("建议替换", "Suggestion"))
        add = QPushButton(tr("添加", "Add"))
        add.clicked.connect(self._add_term)
        self.term.returnPressed.connect(self._add_term)
        remove = QPushButton(tr("删除所选", "Remove selected"))
        remove.clicked.connect(self._remove_terms)
        add_row = QHBoxLayout()
        for w in (self.term, self.category, self.severity, self.suggest, add, remove):
            add_row.addWidget(w)
        self.allow = QListWidget()
        self.allow_edit = QLineEdit(placeholderText=tr("加入白名单的词语", "Phrase to allow"))
        self.allow_edit.returnPressed.connect(self._add_allow)
        allow_rm = QPushButton(tr("移出白名单", "Remove"))
        allow_rm.clicked.connect(self._remove_allow)
        self.builtin_label = QLabel()
        self.builtin_label.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(QLabel(tr("项目词库（双击切换启用）", "Project lexicons (double-click toggles)")))
        left.addWidget(self.lex_table, 1)
        left.addLayout(buttons)
        left.addWidget(QLabel(tr("白名单", "Allow-list")))
        left.addWidget(self.allow, 1)
        left.addWidget(self.allow_edit)
        left.addWidget(allow_rm)
        right = QVBoxLayout()
        right.addWidget(self.builtin_label)
        right.addWidget(self.entries, 1)
        right.addLayout(add_row)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 2)
        lay.addLayout(right, 3)  # filled by set_project (the checker page calls it when the tab is shown)

    def _builtin_summary(self) -> None:
        counts = Counter(e.category for e in lx.builtin().entries)
        parts = "、".join(f"{lx.category_label(k)} {n}" for k, n in counts.items())
        self.builtin_label.setText(self.ctx.tr(f"内置词库（依据见 resources/lexicons/SOURCES.md）：{parts}",
                                               f"Builtin lexicons: {parts}"))

    def set_project(self, project) -> None:
        self.setEnabled(True)
        self._builtin_summary()
        self.reload()

    def _selected(self) -> int | None:
        rows = self.lex_table.selectionModel().selectedRows() if self.lex_table.selectionModel() else []
        return self.lex_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def reload(self) -> None:
        p = self.ctx.project
        keep = self._selected()
        lexes = store.lexicons(p) if p else []
        self.lex_table.setRowCount(len(lexes))
        for i, d in enumerate(lexes):
            for col, v in enumerate((d["name"], d["entries"], f"v{d['version']}", "✔" if d["enabled"] else "—")):
                item = QTableWidgetItem(str(v))
                item.setData(Qt.ItemDataRole.UserRole, d["id"])
                self.lex_table.setItem(i, col, item)
            if d["id"] == keep:
                self.lex_table.selectRow(i)
        self.allow.clear()
        if p:
            self.allow.addItems(store.allow_list(p))
        self._show_entries()

    def _show_entries(self) -> None:
        lid = self._selected()
        rows = store.entries(self.ctx.project, lid) if lid and self.ctx.project else lx.builtin().entries
        self.entries.setRowCount(len(rows))
        for i, e in enumerate(rows):
            for col, v in enumerate((e.term, lx.category_label(e.category), lx.SEVERITY_ZH[e.effective_severity],
                                     e.suggestion or "", e.reason)):
                self.entries.setItem(i, col, QTableWidgetItem(v))

    def _need_project(self) -> bool:
        if self.ctx.project is None:
            QMessageBox.information(self, "", self.ctx.tr("请先新建或打开项目，词库保存在项目中。",
                                                          "Open a project first: lexicons live in the project."))
            return False
        return True

    def _run(self, fn, *args):
        try:
            return fn(self.ctx.project, *args)
        except StudioError as err:
            QMessageBox.warning(self, self.ctx.tr("词库", "Lexicon"), str(err))
            return None

    def _import(self) -> None:
        if not self._need_project():
            return
        path, _ = QFileDialog.getOpenFileName(self, self.ctx.tr("导入词库", "Import lexicon"), "",
                                              "Lexicon (*.txt *.csv *.xlsx)")
        if path:
            self._run(store.import_file, path)

    def _new(self) -> None:
        if not self._need_project():
            return
        name, ok = QInputDialog.getText(self, self.ctx.tr("新建词库", "New lexicon"), self.ctx.tr("名称", "Name"))
        if ok and name.strip():
            self._run(store.create_lexicon, name.strip())

    def _export(self) -> None:
        lid = self._selected()
        if lid is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("导出词库", "Export lexicon"), "lexicon.txt",
                                              "Text (*.txt);;CSV (*.csv);;Excel (*.xlsx)")
        if path:
            self._run(store.export_file, lid, Path(path))

    def _versions(self) -> None:
        lid = self._selected()
        if lid is None:
            return
        vs = store.versions(self.ctx.project, lid)
        labels = [f"v{v['version']}  {v['at']:%Y-%m-%d %H:%M}  {v['label']}  ({v['terms']})" for v in vs]
        choice, ok = QInputDialog.getItem(self, self.ctx.tr("恢复版本", "Restore version"),
                                          self.ctx.tr("选择要恢复的版本", "Version to restore"), labels, len(labels) - 1,
                                          False)
        if ok:
            self._run(store.restore_version, lid, vs[labels.index(choice)]["version"])

    def _delete(self) -> None:
        lid = self._selected()
        if lid is not None:
            self._run(store.delete_lexicon, lid)

    def _toggle(self, row: int, _col: int) -> None:
        lid = self.lex_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        on = self.lex_table.item(row, 3).text() == "✔"
        self._run(store.set_enabled, lid, not on)

    def _add_term(self) -> None:
        lid = self._selected()
        term = self.term.text().strip()
        if not term or lid is None:
            return
        e = lx.Entry(term, self.category.currentData(), self.severity.currentData(),
                     self.suggest.text().strip() or None, self.ctx.tr("用户添加", "added by user"))
        self._run(store.add_entries, lid, [e])
        self.term.clear()
        self.suggest.clear()

    def _remove_terms(self) -> None:
        lid = self._selected()
        terms = sorted({self.entries.item(i.row(), 0).text() for i in self.entries.selectedIndexes()})
        if lid is not None and terms:
            self._run(store.remove_terms, lid, terms)

    def _add_allow(self) -> None:
        phrase = self.allow_edit.text().strip()
        if phrase and self._need_project():
            self._run(store.add_allow, phrase)
            self.allow_edit.clear()

    def _remove_allow(self) -> None:
        item = self.allow.currentItem()
        if item and self.ctx.project:
            self._run(store.remove_allow, item.text())

"""分镜脚本 page: pick or create a shooting script, edit its shots in a table, link shots to clips
of a video, export to xlsx/csv/Markdown. Every edit goes through studio.video.script (undoable)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMenu, QMessageBox, QPushButton, QStyledItemDelegate, QTableWidget,
                               QTableWidgetItem, QToolButton, QVBoxLayout, QWidget)

from studio.ui.context import AppContext
from studio.ui.errors import show_error
from studio.video import script

FIELDS = [key for key, _, _ in script.COLUMNS]


class ChoiceDelegate(QStyledItemDelegate):
    """An editable combo box with suggestions (景别, 运镜) that still accepts free text."""

    def __init__(self, choices: list[str], parent=None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.setEditable(True)
        box.addItems(self.choices)
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data() or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class ScriptPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.project = None
        self.script_id: int | None = None
        self.doc: script.ScriptDoc | None = None
        self._loading = False
        tr = ctx.tr

        self.picker = QComboBox()
        self.picker.setMinimumContentsLength(16)
        self.picker.currentIndexChanged.connect(self._pick)
        new = QToolButton(text=tr("新建脚本", "New script"))
        new.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(new)
        for key, zh, en in script.template_names():
            menu.addAction(tr(f"模板：{zh}", f"Template: {en}"), lambda k=key: self.new_script(k))
        new.setMenu(menu)
        export = QToolButton(text=tr("导出", "Export"))
        export.setPopupMode(QToolButton.InstantPopup)
        emenu = QMenu(export)
        for suffix, label in ((".xlsx", "Excel (.xlsx)"), (".csv", "CSV (.csv)"), (".md", "Markdown (.md)")):
            emenu.addAction(label, lambda s=suffix: self.export(s))
        export.setMenu(emenu)
        delete = QPushButton(tr("删除脚本", "Delete script"))
        delete.clicked.connect(self.delete_script)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("分镜脚本", "Script")))
        top.addWidget(self.picker, 1)
        top.addWidget(new)
        top.addWidget(export)
        top.addWidget(delete)

        self.title = QLineEdit(placeholderText=tr("脚本标题", "Script title"))
        self.title.editingFinished.connect(self._save_title)
        self.video = QComboBox()
        self.video.currentIndexChanged.connect(self._link_video)
        meta = QHBoxLayout()
        meta.addWidget(self.title, 2)
        meta.addWidget(QLabel(tr("关联视频", "Linked video")))
        meta.addWidget(self.video, 1)
        self.notes = QLineEdit(placeholderText=tr("备注：平台、时长、风格……", "Notes: platform, length, style…"))
        self.notes.editingFinished.connect(self._save_notes)

        self.table = QTableWidget(0, len(script.COLUMNS))
        self.table.setHorizontalHeaderLabels(script.headers(ctx.settings.language == "en"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        widths = {"scene": 64, "music": 80, "clip": 90}
        for i, key in enumerate(FIELDS):
            if key in ("content", "line"):
                header.setSectionResizeMode(i, QHeaderView.Stretch)
            elif key in widths:
                header.setSectionResizeMode(i, QHeaderView.Interactive)
                self.table.setColumnWidth(i, ctx.px(widths[key]))
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.setItemDelegateForColumn(FIELDS.index("shot_size"), ChoiceDelegate(script.SHOT_SIZES, self))
        self.table.setItemDelegateForColumn(FIELDS.index("camera"), ChoiceDelegate(script.CAMERA_MOVES, self))
        self.clip_delegate = ChoiceDelegate([], self)
        self.table.setItemDelegateForColumn(FIELDS.index("clip"), self.clip_delegate)
        self.table.itemChanged.connect(self._cell_edited)

        buttons = QHBoxLayout()
        for text, slot in ((tr("添加镜头", "Add shot"), self.add_shot), (tr("删除镜头", "Delete shot"), self.delete_shot),
                           (tr("上移", "Up"), lambda: self.move(-1)), (tr("下移", "Down"), lambda: self.move(1)),
                           (tr("按视频片段生成镜头", "Shots from video clips"), self.from_timeline)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.summary = QLabel(objectName="subtitle")
        buttons.addWidget(self.summary)

        self.empty = QLabel(objectName="subtitle")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(ctx.px(16), ctx.px(12), ctx.px(16), ctx.px(12))
        layout.addLayout(top)
        layout.addLayout(meta)
        layout.addWidget(self.notes)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        ctx.on_change(self, lambda changes: changes.touches("shot_script", "shot", "asset") and self.refresh())
        self.set_project(ctx.project)

    # ---------------------------------------------------------------- loading
    def set_project(self, project) -> None:
        self.project = project
        self.script_id = None
        self.refresh()

    def refresh(self) -> None:
        self._loading = True
        try:
            self._fill_picker()
            self._fill_videos()
            self._fill_table()
        finally:
            self._loading = False

    def _fill_picker(self) -> None:
        self.picker.blockSignals(True)
        self.picker.clear()
        items = script.list_scripts(self.project) if self.project else []
        for it in items:
            self.picker.addItem(f"{it['title']}  ({it['shots']})", it["id"])
        ids = [it["id"] for it in items]
        if self.script_id not in ids:
            self.script_id = ids[0] if ids else None
        if self.script_id is not None:
            self.picker.setCurrentIndex(ids.index(self.script_id))
        self.picker.blockSignals(False)
        tr = self.ctx.tr
        if self.project is None:
            self.empty.setText(tr("请先在首页新建或打开一个项目。", "Open or create a project on the Home page first."))
        elif not items:
            self.empty.setText(tr("还没有分镜脚本。点击“新建脚本”，从模板开始。",
                                  "No shooting script yet. Click “New script” and start from a template."))
        self.empty.setVisible(self.script_id is None)
        self.setEnabledAll(self.project is not None)

    def setEnabledAll(self, enabled: bool) -> None:
        for w in (self.table, self.title, self.notes, self.video):
            w.setEnabled(enabled and self.script_id is not None)

    def _videos(self) -> list[dict]:
        if self.project is None:
            return []
        from studio.video import store

        return store.list_videos(self.project)

    def _fill_videos(self) -> None:
        self.video.blockSignals(True)
        self.video.clear()
        self.video.addItem(self.ctx.tr("（无）", "(none)"), None)
        for v in self._videos():
            self.video.addItem(f"{v['id']} · {v['name']}", v["id"])
        self.doc = script.load(self.project, self.script_id) if self.script_id is not None else None
        if self.doc is not None:
            i = self.video.findData(self.doc.video_id)
            self.video.setCurrentIndex(max(0, i))
        self.video.blockSignals(False)

    def _clip_labels(self) -> list[str]:
        if self.doc is None or self.doc.video_id is None:
            return []
        from studio.video import store

        try:
            tl = store.load(self.project, self.doc.video_id, resolve=False)
        except Exception:  # noqa: BLE001 - a deleted video simply offers no clips
            return []
        return [f"#{i + 1} {Path(c.path).stem[:10]} {c.length:.1f}s" for i, c in enumerate(tl.clips)]

    def _fill_table(self) -> None:
        self.table.blockSignals(True)
        doc = self.doc
        self.title.setText(doc.title if doc else "")
        self.notes.setText(doc.notes if doc else "")
        clips = self._clip_labels()
        self.clip_delegate.choices = ["—"] + clips
        self.table.setRowCount(len(doc.shots) if doc else 0)
        for r, shot in enumerate(doc.shots if doc else []):
            values = shot.cells(r + 1)
            values[FIELDS.index("clip")] = clips[shot.clip_index] if shot.clip_index is not None and \
                shot.clip_index < len(clips) else ("" if shot.clip_index is None else f"#{shot.clip_index + 1}")
            for c, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                if FIELDS[c] == "number":
                    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
                    item.setTextAlignment(Qt.AlignCenter)
                if FIELDS[c] == "duration":
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                item.setData(Qt.UserRole, shot.id)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)
        tr = self.ctx.tr
        if doc:
            self.summary.setText(tr(f"共 {len(doc.shots)} 个镜头 · 总时长 {doc.total_duration:.1f} 秒",
                                    f"{len(doc.shots)} shots · {doc.total_duration:.1f} s"))
        else:
            self.summary.setText("")

    # ---------------------------------------------------------------- actions
    def _do(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown to the user, the table is reloaded
            show_error(self, exc)
            self.refresh()
            return None

    def _pick(self, index: int) -> None:
        self.script_id = self.picker.itemData(index)
        self.refresh()

    def new_script(self, template: str) -> None:
        if self.project is None:
            return
        zh, en, _ = script.TEMPLATES[template]
        title = self.ctx.tr(f"新分镜脚本（{zh}）", f"New script ({en})")
        sid = self._do(script.create, self.project, title, template)
        if sid is not None:
            self.script_id = sid
            self.refresh()

    def delete_script(self) -> None:
        if self.script_id is None:
            return
        answer = QMessageBox.question(self, self.ctx.tr("删除脚本", "Delete script"),
                                      self.ctx.tr("删除这个分镜脚本？可以用“撤销”恢复。",
                                                  "Delete this shooting script? Undo brings it back."))
        if answer == QMessageBox.Yes:
            self._do(script.delete_script, self.project, self.script_id)

    def export(self, suffix: str) -> None:
        if self.doc is None:
            return
        default = str(Path.home() / f"{self.doc.title or 'script'}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("导出分镜脚本", "Export shooting script"), default,
                                              f"*{suffix}")
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            if self._do(script.export, self.doc, path) is not None:
                self.ctx.status.emit(self.ctx.tr(f"已导出 {path}", f"Exported {path}"))

    def _selected_shot(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item else None

    def add_shot(self) -> None:
        if self.script_id is not None:
            self._do(script.add_shot, self.project, self.script_id, None, self._selected_shot())

    def delete_shot(self) -> None:
        shot = self._selected_shot()
        if shot is not None:
            self._do(script.delete_shot, self.project, shot)

    def move(self, delta: int) -> None:
        shot, row = self._selected_shot(), self.table.currentRow()
        if shot is not None:
            self._do(script.move_shot, self.project, shot, delta)
            self.table.selectRow(max(0, min(self.table.rowCount() - 1, row + delta)))

    def from_timeline(self) -> None:
        if self.doc is None or self.doc.video_id is None:
            QMessageBox.information(self, self.ctx.tr("按视频片段生成镜头", "Shots from video clips"),
                                    self.ctx.tr("请先在上方选择“关联视频”。", "Choose a linked video above first."))
            return
        from studio.video import store

        tl = store.load(self.project, self.doc.video_id, resolve=False)
        self._do(script.shots_from_timeline, self.project, self.script_id, [c.length for c in tl.clips],
                 [Path(c.path).stem for c in tl.clips])

    def _save_title(self) -> None:
        if self.doc is not None and self.title.text() != self.doc.title:
            self._do(script.update_script, self.project, self.script_id, title=self.title.text())

    def _save_notes(self) -> None:
        if self.doc is not None and self.notes.text() != self.doc.notes:
            self._do(script.update_script, self.project, self.script_id, notes=self.notes.text())

    def _link_video(self, index: int) -> None:
        if not self._loading and self.script_id is not None:
            self._do(script.update_script, self.project, self.script_id, video_id=self.video.itemData(index))

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        key = FIELDS[item.column()]
        shot_id = item.data(Qt.UserRole)
        text = item.text().strip()
        if key == "clip":
            choices = self.clip_delegate.choices
            value = choices.index(text) - 1 if text in choices and text != "—" else None
            self._do(script.update_shot, self.project, shot_id, clip_index=value)
        elif key == "duration":
            self._do(script.update_shot, self.project, shot_id, duration=text or 0)
        elif key != "number":
            self._do(script.update_shot, self.project, shot_id, **{key: item.text()})

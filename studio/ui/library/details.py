"""The details panel: preview, facts, tags (with autocomplete) and provenance editing.

There is no save button: a rating or a choice is saved at once, typed text after a short pause,
when the field is left, or when another item is selected. Each save is one undoable action.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QCompleter, QFormLayout, QGridLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from studio.library import catalog, files, ops
from studio.ui.library.delegate import KIND_LABELS

COLOR_NAMES = {"": ("无", "None"), "red": ("红", "Red"), "orange": ("橙", "Orange"), "yellow": ("黄", "Yellow"),
               "green": ("绿", "Green"), "blue": ("蓝", "Blue"), "purple": ("紫", "Purple"), "grey": ("灰", "Grey")}
COMMERCIAL = [(None, ("未知", "Unknown")), (True, ("可以", "Allowed")), (False, ("不可以", "Not allowed"))]
TYPING_SAVE_MS = 800  # typed text is saved after this pause
CHOICES = ("rating", "color", "licence", "commercial_ok")  # saved at once, each change its own undo step


class TagCompleter(QCompleter):
    """Completes the last comma-separated tag in a line edit from the project's tags. The tags
    are read when the line edit gets the focus: counting them over a big library takes tens of
    milliseconds, too much to repeat whenever the selection changes."""

    def __init__(self, parent, load_tags: Callable[[], list[str]]) -> None:
        super().__init__(parent)
        self.load_tags = load_tags
        self.setModel(QStringListModel(self))
        self.setCaseSensitivity(Qt.CaseInsensitive)
        self.setFilterMode(Qt.MatchStartsWith)
        parent.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.FocusIn and watched is self.widget():
            self.set_tags(self.load_tags())
        return super().eventFilter(watched, event)

    def set_tags(self, names: list[str]) -> None:
        self.model().setStringList(names)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt naming
        return [_split_tags(path)[-1] if path and not path.endswith(("，", ",", " ")) else ""]

    def pathFromIndex(self, index) -> str:  # noqa: N802 - Qt naming
        done = _split_tags(self.widget().text())[:-1]
        return "，".join(done + [index.data()]) + "，"


class _FocusOut(QObject):
    """Calls `slot` when `widget` loses the keyboard focus (a QPlainTextEdit has no editingFinished)."""

    def __init__(self, widget: QWidget, slot: Callable[[], None]) -> None:
        super().__init__(widget)
        self.slot = slot
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.FocusOut:
            self.slot()
        return False


def _split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.replace(",", "，").split("，")] or [""]


class DetailsPanel(QScrollArea):
    relink_requested = Signal()
    export_requested = Signal()
    preview_requested = Signal(int)

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.asset_id: int | None = None
        self.ids: list[int] = []
        self._project = None  # the project the form was read from
        self._pending: set[str] = set()  # fields edited but not saved yet
        self._loading = False
        self._typing = QTimer(self, singleShot=True, interval=TYPING_SAVE_MS, timeout=self.flush)
        ctx.on_flush(self, self.flush)  # an undo, a project switch or quit saves typing first
        self.setWidgetResizable(True)
        self.setMinimumWidth(max(260, ctx.px(200)))
        tr = ctx.tr
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.preview = QLabel(alignment=Qt.AlignCenter)
        self.preview.setMinimumHeight(ctx.px(180))
        self.facts = QLabel(wordWrap=True, textInteractionFlags=Qt.TextSelectableByMouse)
        self.missing = QLabel(tr("⚠ 文件不在原位置。可以指定一个文件夹，按内容重新查找。",
                                 "⚠ The file is not where it was. Point at a folder to find it by content."),
                              wordWrap=True, objectName="warning")
        buttons = QGridLayout()
        self.open_button = QPushButton(tr("预览/播放", "Preview / play"))
        self.open_button.clicked.connect(lambda: self.asset_id and self.preview_requested.emit(self.asset_id))
        self.relink_button = QPushButton(tr("重新链接…", "Relink…"))
        self.relink_button.clicked.connect(self.relink_requested)
        self.export_button = QPushButton(tr("导出（含署名）…", "Export with credit…"))
        self.export_button.clicked.connect(self.export_requested)
        for n, b in enumerate((self.open_button, self.export_button, self.relink_button)):
            buttons.addWidget(b, n // 2, n % 2)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.title = QLineEdit()
        self.tags = QLineEdit(placeholderText=tr("用逗号分隔，如：日落，风景", "comma separated"))
        self.completer = TagCompleter(self.tags, self._tag_names)
        self.tags.setCompleter(self.completer)
        self.rating = QSpinBox(minimum=0, maximum=5, suffix=" ★")
        self.color = _combo([(tr(*COLOR_NAMES[c]), c) for c in catalog.COLORS])
        self.licence = _combo([(tr(*ops.LICENCE_NAMES[lic]), lic) for lic in catalog.LICENCES])
        self.cert = QLineEdit(placeholderText=tr("购买授权的证书编号", "certificate number"))
        self.author = QLineEdit()
        self.platform = QLineEdit()
        self.source = QLineEdit(placeholderText="https://")
        self.commercial = _combo([(tr(*names), value) for value, names in COMMERCIAL])
        self.expires = QLineEdit(placeholderText=tr("到期日 2026-12-31，留空为长期", "YYYY-MM-DD or empty"))
        self.attribution = QLineEdit(placeholderText=tr("留空则按来源自动生成", "empty: built from the source"))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(ctx.px(90))
        rows = [(tr("标题", "Title"), self.title), (tr("标签", "Tags"), self.tags), (tr("评分", "Rating"), self.rating),
                (tr("颜色标签", "Colour"), self.color), (tr("授权", "Licence"), self.licence),
                (tr("证书号", "Certificate"), self.cert), (tr("作者", "Author"), self.author),
                (tr("平台", "Platform"), self.platform), (tr("来源链接", "Source URL"), self.source),
                (tr("可商用", "Commercial use"), self.commercial), (tr("授权到期", "Expires"), self.expires),
                (tr("署名", "Attribution"), self.attribution), (tr("备注", "Notes"), self.notes)]
        for label, widget in rows:
            form.addRow(label, widget)
        self.credit = QLabel(wordWrap=True, textInteractionFlags=Qt.TextSelectableByMouse)
        for w in (self.preview, self.facts, self.missing):
            layout.addWidget(w)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.credit)
        layout.addStretch(1)
        self._connect_fields()
        ctx.on_change(self, self._data_changed)
        self._load()

    def _connect_fields(self) -> None:
        """Choices save at once; text after a pause in typing and when the field is left (a date
        only then: half a date is no date)."""
        lines = {"title": self.title, "tags": self.tags, "licence_cert": self.cert, "author": self.author,
                 "platform": self.platform, "source_url": self.source, "attribution": self.attribution,
                 "licence_expires": self.expires}
        for field, edit in lines.items():
            edit.editingFinished.connect(lambda f=field: self._edited(f, now=True))
            if field != "licence_expires":
                edit.textEdited.connect(lambda _t, f=field: self._edited(f))
        self.notes.textChanged.connect(lambda: self._edited("notes"))
        _FocusOut(self.notes, self.flush)
        self.rating.valueChanged.connect(lambda _v: self._edited("rating", now=True))
        for field, box in zip(CHOICES[1:], (self.color, self.licence, self.commercial)):
            box.currentIndexChanged.connect(lambda _i, f=field: self._edited(f, now=True))

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self.flush()  # e.g. another page is shown
        super().hideEvent(event)

    # -- showing ---------------------------------------------------------------------------
    def _tag_names(self) -> list[str]:
        """The project's tags, most used first (for completion)."""
        if self.ctx.project is None:
            return []
        with self.ctx.project.read() as s:
            return [name for name, _ in catalog.tag_counts(s)]

    def show_asset(self, asset_id: int | None, ids: list[int] | None = None) -> None:
        """Show `asset_id`; `ids` is the whole selection, which an edit changes together. Edits
        not saved yet go to the items shown before."""
        ids = ids or ([asset_id] if asset_id is not None else [])
        if (asset_id, set(ids), self.ctx.project) == (self.asset_id, set(self.ids), self._project):
            return  # same selection: the form is current (see _data_changed)
        self.flush()
        self.asset_id, self.ids, self._project = asset_id, ids, self.ctx.project
        self._load()

    def _data_changed(self, changes) -> None:
        """Our own saves only update the credit line (the form already shows them); a change
        from elsewhere (undo, the grid's menu) reloads the form."""
        if self.asset_id is None or not any(changes.touches_row("asset", i) for i in self.ids):
            return
        if changes.started_by(self):
            self._show_credit()
        else:
            self._typing.stop()
            self._pending.clear()
            self._load()

    def _load(self) -> None:
        project, asset_id, count = self.ctx.project, self.asset_id, len(self.ids)
        enabled = asset_id is not None and project is not None
        self.widget().setEnabled(enabled)
        if not enabled:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.ctx.tr("选择一个素材查看详情", "Select an item to see its details"))
            self.facts.setText("")
            self.missing.hide()
            self.credit.setText("")
            return
        with project.read() as s:
            asset = catalog.get(s, asset_id)
            if asset is None:
                return self.show_asset(None)
            tags = catalog.tags_of(s, asset_id)
            thumb = catalog.thumbnail(s, asset_id)
        self._show_preview(asset, thumb)
        self.facts.setText(self._facts(asset, count))
        path = files.resolve(project, asset.path)
        gone = path is not None and not path.exists()
        self.missing.setVisible(gone)
        self.relink_button.setVisible(gone)
        self.open_button.setEnabled(not gone and asset.kind != "note")
        self._loading = True
        try:
            self.title.setText(asset.title)
            self.title.setEnabled(count == 1)  # many items keep their own titles
            self.tags.setText("，".join(tags))
            self.rating.setValue(asset.rating)
            _select(self.color, asset.color)
            _select(self.licence, asset.licence)
            _select(self.commercial, asset.commercial_ok)
            self.cert.setText(asset.licence_cert)
            self.author.setText(asset.author)
            self.platform.setText(asset.platform)
            self.source.setText(asset.source_url)
            self.expires.setText(asset.licence_expires.isoformat() if asset.licence_expires else "")
            self.attribution.setText(asset.attribution)
            self.notes.setPlainText(asset.notes)
        finally:
            self._loading = False
        self.credit.setText(self.ctx.tr("署名：", "Credit: ") + files.attribution_line(asset))

    def _show_credit(self) -> None:
        with self.ctx.project.read() as s:
            asset = catalog.get(s, self.asset_id)
        if asset is not None:
            self.credit.setText(self.ctx.tr("署名：", "Credit: ") + files.attribution_line(asset))

    def _show_preview(self, asset, thumb: bytes | None) -> None:
        pix = QPixmap()
        if thumb:
            pix.loadFromData(thumb)
        if pix.isNull():
            self.preview.setText(self.ctx.tr(*KIND_LABELS.get(asset.kind, (asset.kind, asset.kind))))
            return
        side = max(64, min(self.ctx.px(260), self.viewport().width() - self.ctx.px(24)))  # never wider than the panel
        self.preview.setPixmap(pix.scaled(side, side, Qt.KeepAspectRatio, Qt.SmoothTransformation))

    def _facts(self, a, count: int) -> str:
        tr = self.ctx.tr
        m = a.meta or {}
        bits = [tr(*KIND_LABELS.get(a.kind, (a.kind, a.kind)))]
        if m.get("width"):
            bits.append(f"{m['width']}×{m['height']}")
        if a.duration:
            bits.append(f"{a.duration:.1f} s")
        for key in ("fps", "codec", "sample_rate", "camera", "family", "style"):
            if m.get(key):
                bits.append(f"{m[key]} fps" if key == "fps" else f"{m[key]} Hz" if key == "sample_rate" else str(m[key]))
        if a.size:
            bits.append(_size(a.size))
        lines = [" · ".join(bits)]
        if a.taken:
            lines.append(tr("拍摄/创建：", "Taken: ") + a.taken.strftime("%Y-%m-%d %H:%M"))
        if m.get("seen"):
            lines.append(tr("发现日期：", "Seen on: ") + m["seen"])
        if a.path:
            lines.append(a.path)
        if count > 1:
            lines.append(tr(f"已选择 {count} 个，修改会应用到全部", f"{count} selected: changes apply to all"))
        return "\n".join(lines)

    # -- saving ----------------------------------------------------------------------------
    def values(self) -> dict:
        expires = self.expires.text().strip()
        return {
            "title": self.title.text(), "rating": self.rating.value(), "color": self.color.currentData(),
            "licence": self.licence.currentData(), "licence_cert": self.cert.text(), "author": self.author.text(),
            "platform": self.platform.text(), "source_url": self.source.text(),
            "commercial_ok": self.commercial.currentData(), "licence_expires": expires or None,
            "attribution": self.attribution.text(), "notes": self.notes.toPlainText(),
        }

    def _edited(self, field: str, now: bool = False) -> None:
        if self._loading or self.asset_id is None:
            return
        self._pending.add(field)
        if now:
            self.flush()
        else:
            self._typing.start()

    def flush(self) -> None:
        """Save the edits not saved yet: each field that changed is one undoable action (typing
        bursts in one field within a few seconds merge into one)."""
        self._typing.stop()
        fields, self._pending = self._pending, set()
        project = self.ctx.project
        if not fields or project is None or project is not self._project or self.asset_id is None:
            return
        try:
            with project.read() as s:
                before = catalog.get(s, self.asset_id)
                old_tags = catalog.tags_of(s, self.asset_id)
            if before is None:
                return
            values = self.values()
            with project.initiated_by(self):
                for field in sorted(fields & values.keys()):
                    if _differs(getattr(before, field), values[field]):
                        typed = field not in CHOICES  # a burst of typing in one field is one undo step
                        ops.update(project, self.ids, merge=("details", tuple(self.ids), field) if typed else None,
                                   **{field: values[field]})
                tags = [t for t in _split_tags(self.tags.text()) if t]
                if "tags" in fields and set(tags) != set(old_tags):
                    if len(self.ids) == 1:
                        ops.set_tags(project, self.asset_id, tags)
                    else:
                        ops.add_tags(project, self.ids, [t for t in tags if t not in old_tags])
        except Exception as exc:  # noqa: BLE001 - shown to the user
            from studio.ui.errors import show_error

            show_error(self, exc)


def _differs(old, new) -> bool:
    if isinstance(old, date):
        old = old.isoformat()
    if {old, new} <= {None, ""} and old is not new and not isinstance(new, bool):
        return False  # an empty text field and a missing value mean the same
    return old != new


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _combo(items) -> QComboBox:
    box = QComboBox()
    for text, data in items:
        box.addItem(text, data)
    return box


def _select(box: QComboBox, value) -> None:
    for i in range(box.count()):
        if box.itemData(i) == value:
            box.setCurrentIndex(i)
            return

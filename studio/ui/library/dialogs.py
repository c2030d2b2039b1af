"""Small dialogs of the library page: a hot-topic note and a smart-collection rule editor."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from studio.library.catalog import ASSET_KINDS, LICENCES
from studio.library.ops import LICENCE_NAMES
from studio.ui.library.delegate import KIND_LABELS


class NoteDialog(QDialog):
    """热点素材: title, source link, date seen, summary, tags."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.setWindowTitle(tr("新建热点笔记", "New hot-topic note"))
        self.title = QLineEdit()
        self.url = QLineEdit(placeholderText="https://")
        self.platform = QLineEdit(placeholderText=tr("微博、知乎、抖音…", "Weibo, Zhihu…"))
        self.seen = QLineEdit(date.today().isoformat())
        self.summary = QPlainTextEdit()
        self.tags = QLineEdit(tr("热点", "hot topic"))
        form = QFormLayout(self)
        for label, w in ((tr("标题", "Title"), self.title), (tr("来源链接", "Source URL"), self.url),
                         (tr("平台", "Platform"), self.platform), (tr("发现日期", "Seen on"), self.seen),
                         (tr("摘要", "Summary"), self.summary), (tr("标签", "Tags"), self.tags)):
            form.addRow(label, w)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict:
        tags = [t.strip() for t in self.tags.text().replace(",", "，").split("，") if t.strip()]
        return dict(title=self.title.text(), summary=self.summary.toPlainText(), source_url=self.url.text(),
                    platform=self.platform.text(), seen_on=self.seen.text().strip() or None, tags=tags)


FIELD_CHOICES = [
    ("kind", ("类型是", "Kind is")), ("tags", ("带标签", "Has tag")), ("rating", ("评分至少", "Rating at least")),
    ("licence", ("授权是", "Licence is")), ("date", ("日期晚于", "Date after")),
    ("size", ("大于（MB）", "Larger than (MB)")), ("text", ("包含文字", "Contains text")),
    ("commercial_ok", ("可商用", "Commercial use allowed")),
]


class RuleRow(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.field = QComboBox()
        for key, names in FIELD_CHOICES:
            self.field.addItem(ctx.tr(*names), key)
        self.value = QComboBox()
        self.value.setEditable(True)
        self.field.currentIndexChanged.connect(self._choices)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.value, 1)
        self._choices()

    def _choices(self) -> None:
        key = self.field.currentData()
        self.value.clear()
        if key == "kind":
            for kind in ASSET_KINDS:
                self.value.addItem(self.ctx.tr(*KIND_LABELS[kind]), kind)
        elif key == "licence":
            for lic in LICENCES:
                self.value.addItem(self.ctx.tr(*LICENCE_NAMES[lic]), lic)
        elif key == "commercial_ok":
            self.value.addItem(self.ctx.tr("是", "Yes"), True)
            self.value.addItem(self.ctx.tr("否", "No"), False)

    def rule(self) -> dict:
        key = self.field.currentData()
        data = self.value.currentData()
        text = self.value.currentText().strip()
        if key in ("kind", "licence"):
            return {"field": key, "op": "in", "value": [data]}
        if key == "commercial_ok":
            return {"field": key, "op": "is", "value": data}
        if key == "tags":
            return {"field": "tags", "op": "has_any", "value": [t.strip() for t in text.replace(",", "，").split("，") if t.strip()]}
        if key == "rating":
            return {"field": "rating", "op": ">=", "value": text}
        if key == "date":
            return {"field": "date", "op": ">=", "value": text}
        if key == "size":
            try:
                return {"field": "size", "op": ">", "value": float(text) * 1024 * 1024}
            except ValueError:
                return {"field": "size", "op": ">", "value": text}
        return {"field": "text", "op": "matches", "value": text}


class SmartCollectionDialog(QDialog):
    """Build a rule tree: all or any of several conditions."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("新建智能收藏夹", "New smart collection"))
        self.name = QLineEdit()
        self.mode = QComboBox()
        self.mode.addItem(tr("满足全部条件", "Match all"), "and")
        self.mode.addItem(tr("满足任一条件", "Match any"), "or")
        self.rows_box = QVBoxLayout()
        self.rows: list[RuleRow] = []
        add = QPushButton(tr("添加条件", "Add condition"))
        add.clicked.connect(self.add_row)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(tr("名称", "Name"), self.name)
        form.addRow(tr("匹配", "Match"), self.mode)
        layout.addLayout(form)
        layout.addLayout(self.rows_box)
        layout.addWidget(add)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.add_row()

    def add_row(self) -> RuleRow:
        row = RuleRow(self.ctx)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        return row

    def rule(self) -> dict:
        return {"op": self.mode.currentData(), "rules": [r.rule() for r in self.rows]}

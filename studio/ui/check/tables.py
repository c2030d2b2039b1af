"""Read-only result tables shared by the 审核 tabs."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from studio.ui.theme import ink


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
            item.setForeground(QColor(ink(color)))
        if data is not None and col == 0:
            item.setData(Qt.ItemDataRole.UserRole, data)
        t.setItem(row, col, item)

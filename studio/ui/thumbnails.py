"""List thumbnails decoded in a worker thread and shown a moment later (20 of them took 40-80 ms
on the GUI thread, a stall of their own when a page opens)."""
from __future__ import annotations

from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListWidget
from shiboken6 import isValid

from studio.ui.workers import run_job


def decode(blob: bytes) -> QImage:
    """loadFromData lets go of the GIL while it decodes (the static QImage.fromData does not)."""
    image = QImage()
    image.loadFromData(blob)
    return image


def show_later(view: QListWidget, thumbs: list[tuple[int, bytes]]) -> None:
    """Decode `(row, encoded image)` pairs off the GUI thread, then set them as the rows' icons,
    unless the list was refilled or closed meanwhile (call this after each filling)."""
    serial = getattr(view, "_thumb_serial", 0) + 1
    view._thumb_serial = serial
    if not thumbs:
        return

    def show(icons: list[tuple[int, QImage]]) -> None:
        if not isValid(view) or view._thumb_serial != serial:
            return
        for row, image in icons:
            if not image.isNull() and view.item(row) is not None:
                view.item(row).setIcon(QIcon(QPixmap.fromImage(image)))

    run_job(None, lambda progress, cancel: [(row, decode(blob)) for row, blob in thumbs],
            on_done=show, on_error=lambda exc: None)

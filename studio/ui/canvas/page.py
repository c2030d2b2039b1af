"""封面海报 page: the cover/poster editor and the image-edit panel, as two tabs."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from studio.ui.canvas.editor import CoverEditor
from studio.ui.canvas.imageedit import ImageEditPanel


class CanvasPage(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.editor = CoverEditor(ctx)
        self.images = ImageEditPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, ctx.tr("封面与海报", "Covers & posters"))
        self.tabs.addTab(self.images, ctx.tr("图片编辑", "Image edits"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(ctx.px(8), ctx.px(8), ctx.px(8), ctx.px(8))
        layout.addWidget(self.tabs)
        self._images_stale = True
        self.tabs.currentChanged.connect(lambda _i: self._fill_images())
        self.set_project(ctx.project)

    def set_project(self, project) -> None:
        self.editor.set_project(project)
        if not self._images_stale:
            self.images.set_project(None)  # let go of the previous project's picture now
        self._images_stale = True
        self._fill_images()

    def _fill_images(self) -> None:
        """The image-edit tab reads the library (thumbnails, the first picture's preview) when it
        is shown, not while it is hidden: that was a third of the page's first opening."""
        if self._images_stale and self.tabs.currentWidget() is self.images:
            self._images_stale = False
            self.images.set_project(self.ctx.project)

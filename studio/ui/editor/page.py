"""The 图文 page: pick an article, edit metadata and body (WYSIWYG), insert styled blocks and
library images, switch themes in one click, proofread, preview the long image and export.

Edits are saved to the project shortly after typing stops (one undoable action per burst);
structural changes (insert a block, change a block's type, apply a theme) save at once and
rebuild the document from the model.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QMimeData, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (QColor, QFont, QGuiApplication, QImage, QImageReader, QPixmap, QTextCharFormat,
                           QTextDocument, QTextListFormat)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QColorDialog, QComboBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu,
                               QMessageBox, QPushButton, QScrollArea, QSplitter, QTabWidget, QToolButton,
                               QVBoxLayout, QWidget)
from shiboken6 import isValid

from studio.editor import canvas_store, edits, longimage, proofread, store
from studio.editor.article import Article, Block, Span, merge_spans
from studio.editor.blocks import KIND_NAMES, STYLED_BLOCKS
from studio.editor.themes import THEMES, get_theme
from studio.editor.wechat_html import render_body
from studio.ui.editor.document import COLOR, KIND, SIZE, DocumentBuilder, prop, read_blocks
from studio.ui.editor.textedit import ASSET_MIME, ArticleTextEdit
from studio.ui import thumbnails
from studio.ui.workers import run_job

SAVE_DELAY_MS = 800
MAX_PICTURE_W = 1200  # body pictures are kept at most this wide (the column is narrower)
BLOCK_TYPE_NAMES = {"paragraph": ("正文", "Body"), "h1": ("标题 1", "Heading 1"), "h2": ("标题 2", "Heading 2"),
                    "h3": ("标题 3", "Heading 3"), "quote": ("引用", "Quote")}
ARTICLE_TABLES = ("article",)
LIST_TABLES = ("article", "canvas", "asset", "asset_thumb")  # what the article, cover and image lists show
SIZES = [0, 12, 14, 15, 16, 18, 20, 24, 28]


class ImageList(QListWidget):
    """Library images; drag one into the body, or double-click to insert at the cursor."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.setDragEnabled(True)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setIconSize(QSize(ctx.px(64), ctx.px(48)))

    def load(self, project) -> None:
        """List the images at once; their thumbnails appear a moment later."""
        self.clear()
        thumbs = []
        for row, image in enumerate(store.list_images(project) if project is not None else []):
            item = QListWidgetItem(image.title)
            item.setData(Qt.UserRole, image.id)
            self.addItem(item)
            if image.thumbnail:
                thumbs.append((row, image.thumbnail))
        thumbnails.show_later(self, thumbs)

    def mimeData(self, items) -> QMimeData:  # noqa: N802 - Qt naming
        import json

        data = QMimeData()
        data.setData(ASSET_MIME, json.dumps([i.data(Qt.UserRole) for i in items]).encode())
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ASSET_MIME]


def _load_picture(path) -> QImage:
    """A body picture, at most MAX_PICTURE_W wide (runs in a worker thread: QImage is thread-safe)."""
    img = QImage(str(path))
    if not img.isNull() and img.width() > MAX_PICTURE_W:
        img = img.scaledToWidth(MAX_PICTURE_W, Qt.SmoothTransformation)
    return img


class EditorPage(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.project = None
        self.article_id: Optional[int] = None
        self.article = Article()
        self._saved: Optional[dict] = None
        self._loading = False
        self._images: dict[int, QImage] = {}  # body pictures by asset id (a grey box while decoding)
        self._images_serial = 0  # which project the pictures being decoded belong to
        self.save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS, timeout=self.save)
        self._build()
        self.live_checks = self._attach_checker()
        ctx.on_change(self, self._on_data_changed)
        ctx.on_flush(self, self._save_pending)
        self.set_project(ctx.project)

    def _attach_checker(self) -> list:
        """Live sensitive-word highlighting from the checker pillar, when it is installed."""
        try:
            from studio.ui.check.highlighter import attach
            from studio.ui.check.live import checker_for
        except ImportError:
            return []
        live = checker_for(self.ctx)
        return [attach(w, live, self.ctx.tr) for w in (self.editor, self.title, self.digest)]

    # ---- the document the checker's highlighter attaches to ------------------------------------------
    def document(self):
        return self.editor.document()

    # ---- layout ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        tr = self.ctx.tr
        self.articles = QComboBox()
        self.articles.activated.connect(lambda _i: self.open_article(self.articles.currentData()))
        self.theme = QComboBox()
        for t in THEMES.values():
            self.theme.addItem(tr(t.name, t.name_en), t.key)
        self.theme.activated.connect(lambda _i: self.apply_theme(self.theme.currentData()))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("图文", "Article")))
        top.addWidget(self.articles, 2)
        for text, slot in ((tr("新建", "New"), self.new_article), (tr("导入 Markdown", "Import Markdown"), self.import_md),
                           (tr("删除", "Delete"), self.delete_article)):
            top.addWidget(_button(text, slot))
        top.addStretch(1)
        self.actions_row = QHBoxLayout()
        self.actions_row.addWidget(QLabel(tr("主题", "Theme")))
        self.actions_row.addWidget(self.theme)
        self.actions_row.addWidget(_button(tr("复制富文本", "Copy rich text"), self.copy_rich))
        export = QToolButton()
        export.setText(tr("导出", "Export"))
        export.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(export)
        for text, fmt in ((tr("公众号 HTML…", "WeChat HTML…"), "wechat-html"),
                          (tr("长图 PNG/JPEG…", "Long image…"), "long-image"),
                          (tr("Markdown…", "Markdown…"), "markdown")):
            menu.addAction(text, lambda f=fmt: self.export(f))
        export.setMenu(menu)
        self.actions_row.addWidget(export)

        self.editor = ArticleTextEdit()
        self.editor.document().contentsChanged.connect(self._touched)
        self.editor.images_dropped.connect(self.insert_images)
        self.editor.undo_requested.connect(self.undo)
        self.editor.redo_requested.connect(self.redo)
        self.editor.cursorPositionChanged.connect(self._sync_format_controls)

        self.empty_hint = QLabel(tr("还没有图文。点「新建」写一篇，或「导入 Markdown」。",
                                    "No article yet. Click New to write one, or Import Markdown."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignCenter)
        self.body = QWidget()  # everything that edits the open article
        cl = QVBoxLayout(self.body)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(self._meta_form())
        bars = self._format_bar()
        cl.addLayout(bars[0])
        cl.addLayout(bars[1])
        cl.addWidget(self.editor, 1)
        center = QWidget()
        outer = QVBoxLayout(center)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.empty_hint)
        outer.addWidget(self.body, 1)

        left = QTabWidget()
        self.images = ImageList(self.ctx)
        self.images.itemDoubleClicked.connect(lambda item: self.insert_images([item.data(Qt.UserRole)]))
        left.addTab(self.images, tr("图片", "Images"))
        self.block_list = QListWidget()
        for kind in KIND_NAMES:
            header = QListWidgetItem(f"— {tr(KIND_NAMES[kind], kind)} —")
            header.setFlags(Qt.NoItemFlags)
            self.block_list.addItem(header)
            for bs in STYLED_BLOCKS.values():
                if bs.kind == kind:
                    item = QListWidgetItem(tr(bs.name, bs.name_en))
                    item.setData(Qt.UserRole, bs.key)
                    self.block_list.addItem(item)
        self.block_list.itemDoubleClicked.connect(lambda item: item.data(Qt.UserRole) and self.insert_styled(item.data(Qt.UserRole)))
        left.addTab(self.block_list, tr("样式块", "Styled blocks"))

        # One side panel (rather than one each side) keeps the page narrow enough for 200% scale.
        left.addTab(self._proof_panel(), tr("校对", "Proofread"))
        left.addTab(self._preview_panel(), tr("长图预览", "Preview"))
        left.setUsesScrollButtons(True)

        split = QSplitter()
        split.addWidget(center)
        split.addWidget(left)
        split.setStretchFactor(0, 3)
        split.setSizes([self.ctx.px(760), self.ctx.px(320)])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def _meta_form(self) -> QFormLayout:
        tr = self.ctx.tr
        self.title = QLineEdit()
        self.author = QLineEdit()
        self.digest = QLineEdit()
        self.original = QCheckBox(tr("原创", "Original"))
        self.source = QLineEdit()
        self.source.setPlaceholderText(tr("转载来源，例如 人民网", "Source of a repost"))
        self.source_author = QLineEdit()
        self.source_author.setPlaceholderText(tr("原作者", "Original author"))
        self.cover = QComboBox()
        for w in (self.title, self.author, self.digest, self.source, self.source_author):
            w.textEdited.connect(self._touched)
        self.original.toggled.connect(self._original_toggled)
        self.cover.activated.connect(lambda _i: self._touched())
        form = QFormLayout()
        form.addRow(tr("标题", "Title"), self.title)
        row = QHBoxLayout()
        row.addWidget(self.author, 1)
        row.addWidget(QLabel(tr("封面", "Cover")))
        row.addWidget(self.cover, 1)
        form.addRow(tr("作者", "Author"), row)
        form.addRow(tr("摘要", "Digest"), self.digest)
        row = QHBoxLayout()
        row.addWidget(self.original)
        row.addWidget(self.source, 1)
        row.addWidget(self.source_author, 1)
        form.addRow(tr("声明", "Rights"), row)
        return form

    def _format_bar(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """Two short rows, so the page still fits a window at 200% scale."""
        tr = self.ctx.tr
        bar = QHBoxLayout()
        bar.addWidget(_tool("↶", tr("撤销", "Undo"), self.undo))
        bar.addWidget(_tool("↷", tr("重做", "Redo"), self.redo))
        self.block_type = QComboBox()
        self.block_type.setFocusPolicy(Qt.NoFocus)  # choosing a type leaves the focus in the text
        for key in edits.BLOCK_TYPES:
            self.block_type.addItem(tr(*BLOCK_TYPE_NAMES[key]), key)
        self.block_type.activated.connect(lambda _i: self.set_block_type(self.block_type.currentData()))
        bar.addWidget(self.block_type)
        self.bold = _tool("B", tr("加粗", "Bold"), lambda: self._merge(bold=True), checkable=True)
        self.italic = _tool("I", tr("斜体", "Italic"), lambda: self._merge(italic=True), checkable=True)
        self.underline = _tool("U", tr("下划线", "Underline"), lambda: self._merge(underline=True), checkable=True)
        for b in (self.bold, self.italic, self.underline):
            bar.addWidget(b)
        bar.addWidget(_tool(tr("色", "A"), tr("文字颜色", "Text colour"), self.pick_color))
        bar.addWidget(_tool(tr("亮", "H"), tr("背景高亮", "Highlight"), self.toggle_highlight))
        bar.addWidget(_tool(tr("链", "L"), tr("插入链接", "Link"), self.set_link))
        self.size = QComboBox()
        self.size.setFocusPolicy(Qt.NoFocus)
        for px in SIZES:
            self.size.addItem(tr("字号", "Size") if px == 0 else f"{px}px", px)
        self.size.activated.connect(lambda _i: self.set_size(self.size.currentData()))
        bar.addWidget(self.size)
        bar.addStretch(1)
        row = self.actions_row
        row.insertWidget(0, _tool("•", tr("无序列表", "Bullets"), lambda: self.make_list(False)))
        row.insertWidget(1, _tool("1.", tr("有序列表", "Numbers"), lambda: self.make_list(True)))
        row.insertWidget(2, _tool("—", tr("分割线", "Divider"), lambda: self.insert_blocks([Block("divider")])))
        row.insertWidget(3, _tool("␣", tr("空白", "Spacer"), lambda: self.insert_blocks([Block("spacer")])))
        row.insertStretch(4, 1)
        return bar, row

    def _proof_panel(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.stats = QLabel()
        self.stats.setWordWrap(True)
        self.issues = QListWidget()
        self.issues.setWordWrap(True)
        self.issues.itemActivated.connect(self._goto_issue)
        self.issues.itemClicked.connect(self._goto_issue)
        lay.addWidget(self.stats)
        lay.addWidget(self.issues, 1)
        return w

    def _preview_panel(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(_button(self.ctx.tr("生成预览", "Render preview"), self.render_preview))
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)
        lay.addWidget(scroll, 1)
        return w

    def hideEvent(self, event) -> None:  # noqa: N802 - leaving the page saves pending typing
        self._save_pending()
        super().hideEvent(event)

    def _save_pending(self) -> None:
        if self.save_timer.isActive():
            self.save()

    # ---- project and articles ------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.save_timer.stop()
        self.project = project
        self.article_id = None
        self._images.clear()
        self._images_serial += 1
        self._reload_lists()
        ids = [self.articles.itemData(i) for i in range(self.articles.count())]
        self.open_article(ids[0] if ids else None)

    def _reload_lists(self) -> None:
        """Refill the article, cover and image lists, keeping what is selected in each."""
        tr = self.ctx.tr
        article, cover = self.article_id, self.cover.currentData()
        self.images.load(self.project)
        for combo in (self.articles, self.cover):
            combo.blockSignals(True)
            combo.clear()
        self.cover.addItem(tr("无封面", "No cover"), "")
        if self.project is not None:
            for info in store.list_articles(self.project):
                self.articles.addItem(info.title or tr("（无标题）", "(untitled)"), info.id)
            for c in canvas_store.list_canvases(self.project):
                self.cover.addItem(tr("封面设计：", "Design: ") + (c.name or str(c.id)), f"canvas:{c.id}")
            for i in range(self.images.count()):
                item = self.images.item(i)
                self.cover.addItem(tr("图片：", "Image: ") + item.text(), f"asset:{item.data(Qt.UserRole)}")
        self.articles.setCurrentIndex(max(0, self.articles.findData(article)))
        self.cover.setCurrentIndex(max(0, self.cover.findData(cover)))
        for combo in (self.articles, self.cover):
            combo.blockSignals(False)

    def open_article(self, article_id: Optional[int]) -> None:
        self.save_timer.stop()
        self.article_id = article_id
        self.article = store.load_article(self.project, article_id) if article_id is not None else Article()
        self._show(cursor_pos=0, scroll=0)
        self._saved = _normalised(self.article)  # opening an article is not an edit
        idx = self.articles.findData(article_id)
        if idx >= 0:
            self.articles.setCurrentIndex(idx)
        self.setEnabled(self.project is not None)
        self.body.setEnabled(article_id is not None)
        self.empty_hint.setVisible(self.project is not None and article_id is None)
        self.editor.setReadOnly(article_id is None)

    def _show(self, cursor_pos: Optional[int] = None, gap_at: Optional[int] = None,
              scroll: Optional[int] = None) -> None:
        """Fill the form and rebuild the body document from `self.article`. The cursor goes to
        `cursor_pos`, or to the empty line made at block `gap_at`; the view keeps its scroll
        position unless `scroll` says where."""
        self._loading = True
        bar = self.editor.verticalScrollBar()
        scroll = bar.value() if scroll is None else scroll
        a = self.article
        for w, value in ((self.title, a.title), (self.author, a.author), (self.digest, a.digest),
                         (self.source, a.source), (self.source_author, a.source_author)):
            if w.text() != value:
                w.setText(value)
        self.original.setChecked(a.original)
        self._original_toggled(a.original, touch=False)
        cover = f"canvas:{a.cover_canvas_id}" if a.cover_canvas_id is not None else \
            f"asset:{a.cover_asset_id}" if a.cover_asset_id is not None else ""
        self.cover.setCurrentIndex(max(0, self.cover.findData(cover)))
        self.theme.setCurrentIndex(max(0, self.theme.findData(a.theme)))
        builder = DocumentBuilder(self.editor.document(), get_theme(a.theme), self._qimage, zoom=self.ctx.settings.scale,
                                  high_contrast=self.ctx.settings.high_contrast)
        self._builder = builder
        gap = builder.build(a.blocks, gap_at)
        self.editor.line_formats = builder.line_formats()
        cursor = self.editor.textCursor()
        cursor.setPosition(min(gap if cursor_pos is None else cursor_pos, self.editor.document().characterCount() - 1))
        self.editor.setTextCursor(cursor)
        bar.setValue(scroll)
        if gap_at is not None:
            self.editor.ensureCursorVisible()
        self._loading = False
        self._sync_format_controls()
        self._update_proof()

    def _qimage(self, asset_id: int) -> Optional[QImage]:
        """The picture for the body. One not decoded yet is a grey box of its shape while a worker
        decodes it (a 12-megapixel photo takes 100 ms and more), then the document shows it."""
        if asset_id not in self._images and self.project is not None:
            path = store.asset_paths(self.project)(asset_id)
            size = QImageReader(str(path)).size() if path else None  # from the header: quick
            if size is None or size.isEmpty():
                self._images[asset_id] = _load_picture(path) if path else QImage()
            else:
                if size.width() > MAX_PICTURE_W:
                    size = QSize(MAX_PICTURE_W, round(size.height() * MAX_PICTURE_W / size.width()))
                box = QImage(size, QImage.Format_RGB32)
                box.fill(QColor("#eeeeee"))
                self._images[asset_id] = box
                serial = self._images_serial
                run_job(None, lambda progress, cancel: _load_picture(path),
                        on_done=lambda img: self._picture_loaded(serial, asset_id, img), on_error=lambda exc: None)
        return self._images.get(asset_id)

    def _picture_loaded(self, serial: int, asset_id: int, img: QImage) -> None:
        if not isValid(self) or serial != self._images_serial or img.isNull():
            return  # another project (or the page is gone); an unreadable file stays a grey box
        self._images[asset_id] = img
        self.editor.document().addResource(QTextDocument.ImageResource, QUrl(f"asset:{asset_id}"), img)
        self.editor.viewport().update()

    def _on_data_changed(self, changes) -> None:
        """Refresh what another page, an undo or the CLI changed; never our own saves."""
        if self.project is None or changes.started_by(self):
            return
        if changes.touches(*LIST_TABLES):
            self._reload_lists()
        if self.article_id is None or not changes.touches_row("article", self.article_id):
            return
        if self.articles.findData(self.article_id) < 0:  # deleted (or undone back past its creation)
            ids = [self.articles.itemData(i) for i in range(self.articles.count())]
            self.open_article(ids[0] if ids else None)
            return
        self.save_timer.stop()
        fresh = store.load_article(self.project, self.article_id)
        if _normalised(fresh) != self._saved:  # changed elsewhere (project undo, checker, CLI): show it
            self.article = fresh
            self._saved = _normalised(fresh)
            self._show(self.editor.textCursor().position())

    # ---- saving ----------------------------------------------------------------------------------------
    def _touched(self, *_args) -> None:
        if not self._loading and self.article_id is not None:
            self.save_timer.start()

    def _collect(self) -> Article:
        a = self.article
        kind, _, ident = (self.cover.currentData() or "").partition(":")
        cover = (kind, int(ident)) if ident else None
        return Article(title=self.title.text().strip(), author=self.author.text().strip(),
                       digest=self.digest.text().strip(),
                       cover_asset_id=cover[1] if cover and cover[0] == "asset" else None,
                       cover_canvas_id=cover[1] if cover and cover[0] == "canvas" else None,
                       original=self.original.isChecked(), source=self.source.text().strip(),
                       source_author=self.source_author.text().strip(), theme=a.theme,
                       blocks=read_blocks(self.editor.document()))

    def save(self) -> None:
        """Save the form and body; a burst of typing in one field is one undo step."""
        self.save_timer.stop()
        if self.project is None or self.article_id is None:
            return
        article = self._collect()
        data = article.to_dict()
        if data == self._saved:
            return
        fields = edits.changed_fields(Article.from_dict(self._saved), article)
        title_changed = article.title != self.article.title
        self.article, self._saved = article, data
        with self.project.initiated_by(self):
            store.save_article(self.project, self.article_id, article, label=edits.edit_label(fields),
                               merge=("article", self.article_id, tuple(fields)))
        if title_changed:
            self.articles.setItemText(max(0, self.articles.findData(self.article_id)),
                                      article.title or self.ctx.tr("（无标题）", "(untitled)"))
        self._update_proof()

    # ---- structure edits ---------------------------------------------------------------------------------
    def insert_blocks(self, new_blocks: list[Block]) -> None:
        """Insert blocks after the cursor's block, save, and rebuild; typing goes on in an
        empty line just after them."""
        if self.article_id is None:
            return
        self.editor.place_marker()
        article = self._collect()
        after = edits.insert_blocks(article.blocks, edits.take_marker(article.blocks), new_blocks)
        kinds = {b.kind for b in new_blocks}
        label = ("插入图片 / Insert image" if kinds == {"image"} else
                 "插入样式块 / Insert styled block" if kinds == {"styled"} else "插入内容 / Insert")
        self._replace(article, label, gap_at=after)

    def insert_images(self, ids: list[int]) -> None:
        self.insert_blocks([Block("image", asset_id=i) for i in ids])

    def insert_styled(self, key: str) -> None:
        bs = STYLED_BLOCKS[key]
        tr = self.ctx.tr
        text = "" if bs.kind == "titlebar" else tr("在这里输入内容。", "Type here.")
        image = None
        if bs.kind == "imagetext":
            selected = self.images.selectedItems() or [self.images.item(0)] if self.images.count() else []
            image = selected[0].data(Qt.UserRole) if selected and selected[0] is not None else None
        self.insert_blocks([Block("styled", [Span(text)] if text else [], style=key,
                                  title=tr(bs.name, bs.name_en), asset_id=image)])

    def set_block_type(self, key: str) -> None:
        self.editor.setFocus()
        if self.article_id is None:
            return
        pos = self.editor.textCursor().position()
        self.editor.place_marker()
        article = self._collect()
        index = edits.take_marker(article.blocks) - 1
        if not edits.set_block_type(article.blocks, index, key):
            self._show(pos)  # not a text block: only the marker goes
            return
        name = BLOCK_TYPE_NAMES[key]
        self._replace(article, f"段落类型：{name[0]} / Block type: {name[1]}", cursor_pos=pos)

    def apply_theme(self, key: str) -> None:
        if self.article_id is None:
            return
        article = self._collect()
        article.theme = key
        self._replace(article, f"应用主题：{get_theme(key).name} / Apply theme: {get_theme(key).name_en}",
                      cursor_pos=self.editor.textCursor().position())

    def _replace(self, article: Article, label: str, cursor_pos: Optional[int] = None,
                 gap_at: Optional[int] = None) -> None:
        """Save a structural edit as one step and rebuild the document."""
        self.save_timer.stop()
        self.article, self._saved = article, _normalised(article)
        with self.project.initiated_by(self):
            store.save_article(self.project, self.article_id, article, label=label)
        self._show(cursor_pos, gap_at=gap_at)
        self.editor.setFocus()

    def make_list(self, ordered: bool) -> None:
        self.editor.textCursor().createList(QTextListFormat.ListDecimal if ordered else QTextListFormat.ListDisc)

    # ---- inline styles ----------------------------------------------------------------------------------------
    def _merge(self, *, bold=False, italic=False, underline=False) -> None:
        fmt = QTextCharFormat()
        if bold:
            fmt.setFontWeight(QFont.Bold if self.bold.isChecked() else QFont.Normal)
        if italic:
            fmt.setFontItalic(self.italic.isChecked())
        if underline:
            fmt.setFontUnderline(self.underline.isChecked())
        self.editor.mergeCurrentCharFormat(fmt)

    def pick_color(self) -> None:
        color = QColorDialog.getColor(QColor(get_theme(self.article.theme).primary), self)
        if color.isValid():
            fmt = QTextCharFormat()
            fmt.setForeground(color)
            fmt.setProperty(COLOR, color.name())
            self.editor.mergeCurrentCharFormat(fmt)

    def toggle_highlight(self) -> None:
        fmt = QTextCharFormat()
        if self.editor.currentCharFormat().hasProperty(QTextCharFormat.BackgroundBrush):
            cursor = self.editor.textCursor()
            current = cursor.charFormat()
            current.clearBackground()
            cursor.setCharFormat(current)
            return
        fmt.setBackground(QColor("#ffec99"))
        self.editor.mergeCurrentCharFormat(fmt)

    def set_link(self) -> None:
        url, ok = QInputDialog.getText(self, self.ctx.tr("链接", "Link"), "URL (https://…)")
        if ok:
            fmt = QTextCharFormat()
            fmt.setAnchor(bool(url))
            fmt.setAnchorHref(url.strip())
            accent = get_theme(self.article.theme).accent
            builder = getattr(self, "_builder", None)
            fmt.setForeground(QColor(builder.ink(accent, builder.page) if builder else accent))
            fmt.setFontUnderline(bool(url))
            self.editor.mergeCurrentCharFormat(fmt)

    def set_size(self, px: int) -> None:
        fmt = QTextCharFormat()
        fmt.setProperty(SIZE, px)
        size = (px or get_theme(self.article.theme).font_size) + 1
        fmt.setProperty(QTextCharFormat.FontPixelSize, max(1, round(size * self.ctx.settings.scale)))
        self.editor.mergeCurrentCharFormat(fmt)

    def _sync_format_controls(self) -> None:
        fmt = self.editor.currentCharFormat()
        block = self.editor.textCursor().blockFormat()
        kind = prop(block, KIND) or "paragraph"
        key = f"h{min(3, block.headingLevel() or 2)}" if kind == "heading" else kind
        index = self.block_type.findData(key)
        self.block_type.setEnabled(index >= 0 and not self.editor.isReadOnly())
        if index >= 0:
            self.block_type.setCurrentIndex(index)
        heading = kind == "heading"  # headings are bold by their style, not a span
        self.bold.setChecked(not heading and fmt.fontWeight() >= QFont.DemiBold)
        self.italic.setChecked(fmt.fontItalic())
        self.underline.setChecked(fmt.fontUnderline())

    def _original_toggled(self, checked: bool, touch: bool = True) -> None:
        self.source.setEnabled(not checked)
        self.source_author.setEnabled(not checked)
        if touch:
            self._touched()

    # ---- undo -----------------------------------------------------------------------------------------------
    def undo(self) -> None:
        """The document's own typing first; past it (after an insert, a restart), the project's."""
        doc = self.editor.document()
        if doc.isUndoAvailable():
            doc.undo()
        elif self.project is not None:
            self.save()
            if self.project.can_undo():
                self.project.undo()

    def redo(self) -> None:
        doc = self.editor.document()
        if doc.isRedoAvailable():
            doc.redo()
        elif self.project is not None and self.project.can_redo():
            self.save()
            self.project.redo()

    # ---- articles ------------------------------------------------------------------------------------------
    def new_article(self) -> None:
        if self.project is None:
            return
        self.save()
        tr = self.ctx.tr
        article = Article(title=tr("未命名图文", "Untitled article"), blocks=[Block("paragraph", [Span("")])])
        new_id = store.create_article(self.project, article)
        self._reload_lists()
        self.open_article(new_id)

    def delete_article(self) -> None:
        if self.article_id is None:
            return
        tr = self.ctx.tr
        if QMessageBox.question(self, tr("删除图文", "Delete article"),
                                tr("删除这篇图文？可以用撤销恢复。", "Delete this article? Undo brings it back.")) != QMessageBox.Yes:
            return
        store.delete_article(self.project, self.article_id)

    def import_md(self) -> None:
        if self.project is None:
            return
        tr = self.ctx.tr
        path, _ = QFileDialog.getOpenFileName(self, tr("导入 Markdown", "Import Markdown"), "", "Markdown (*.md *.markdown *.txt)")
        if not path:
            return
        project = self.project

        def job(progress, cancel):
            return store.import_markdown(project, path, theme=self.theme.currentData() or "simple",
                                         progress=progress, cancel=cancel)

        def done(result):
            article_id, warnings = result
            self._reload_lists()
            self.open_article(article_id)
            if warnings:
                QMessageBox.information(self, tr("导入完成", "Imported"), "\n".join(warnings))

        self.ctx.run(job, title=tr("正在导入…", "Importing…"), on_done=done)

    # ---- export -----------------------------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        if self.article_id is None:
            return
        self.save()
        tr = self.ctx.tr
        filters = {"wechat-html": "HTML (*.html)", "long-image": "PNG (*.png);;JPEG (*.jpg)", "markdown": "Markdown (*.md)"}
        suffix = {"wechat-html": ".html", "long-image": ".png", "markdown": ".md"}[fmt]
        name = (self.article.title or "article")[:40] + suffix
        out, _ = QFileDialog.getSaveFileName(self, tr("导出", "Export"), name, filters[fmt])
        if not out:
            return
        project, article_id = self.project, self.article_id

        def job(progress, cancel):
            return store.export_article(project, article_id, fmt, out, progress=progress, cancel=cancel)

        self.ctx.run(job, title=tr("正在导出…", "Exporting…"),
                     on_done=lambda files: self.ctx.status.emit(tr("已导出：", "Exported: ") + ", ".join(Path(f).name for f in files)))

    def copy_rich(self) -> None:
        """Put the WeChat HTML (inline styles only) on the clipboard for the WeChat editor."""
        self.save()
        paths = store.asset_paths(self.project)

        def src(asset_id: int) -> Optional[str]:
            path = paths(asset_id)
            return QUrl.fromLocalFile(str(path)).toString() if path else None

        data = QMimeData()
        data.setHtml(render_body(self.article, src))
        data.setText(self.article.body_text())
        QGuiApplication.clipboard().setMimeData(data)
        self.ctx.status.emit(self.ctx.tr("已复制，可粘贴到公众号编辑器", "Copied: paste into the WeChat editor"))

    def render_preview(self) -> None:
        if self.article_id is None:
            return
        self.save()
        article, paths = self.article, store.asset_paths(self.project)

        def job(progress, cancel):
            load = lambda i: longimage.open_image(paths(i), 750) if paths(i) else None  # noqa: E731
            return longimage.render(article, load, width=750, max_height=60000, progress=progress, cancel=cancel)

        def done(parts):
            img = parts[0]
            qimg = QImage(img.tobytes("raw", "RGB"), img.width, img.height, img.width * 3, QImage.Format_RGB888).copy()
            self.preview.setPixmap(QPixmap.fromImage(qimg).scaledToWidth(self.ctx.px(280), Qt.SmoothTransformation))

        self.ctx.run(job, title=self.ctx.tr("正在生成预览…", "Rendering…"), on_done=done)

    # ---- proofreading -----------------------------------------------------------------------------------
    def _update_proof(self) -> None:
        tr = self.ctx.tr
        report = proofread.proofread(self.article if self._loading else self._collect_safe())
        s = report.stats
        self.stats.setText(tr(f"字数 {s.chars}（汉字 {s.cjk}，英文词 {s.words}）· 图片 {s.images} · 阅读约 {s.reading_minutes} 分钟",
                              f"{s.chars} characters ({s.cjk} Chinese, {s.words} words) · {s.images} images · "
                              f"~{s.reading_minutes} min"))
        self.issues.clear()
        for issue in report.issues[:300]:
            label = issue.message + (f"：「{issue.text}」" if issue.text else "")
            if issue.suggestion.strip():
                label += f" → {issue.suggestion}"
            item = QListWidgetItem(label)
            item.setData(Qt.UserRole, issue.text)
            self.issues.addItem(item)

    def _collect_safe(self) -> Article:
        return self._collect() if self.article_id is not None else self.article

    def _goto_issue(self, item: QListWidgetItem) -> None:
        text = item.data(Qt.UserRole)
        if not text:
            return
        found = self.editor.document().find(text, self.editor.textCursor())
        if found.isNull():
            found = self.editor.document().find(text)
        if not found.isNull():
            self.editor.setTextCursor(found)
            self.editor.setFocus()


def _normalised(article: Article) -> dict:
    """The article as the document reads it back (neighbouring runs of one style merged)."""
    data = article.to_dict()
    for block in data["blocks"]:
        if "spans" in block:
            block["spans"] = [s.to_dict() for s in merge_spans([Span.from_dict(x) for x in block["spans"]])]
        if "items" in block:
            block["items"] = [[s.to_dict() for s in merge_spans([Span.from_dict(x) for x in item])]
                              for item in block["items"]]
    return data


def _button(text: str, slot) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(lambda _checked=False: slot())
    return b


def _tool(text: str, tip: str, slot, checkable: bool = False) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setCheckable(checkable)
    b.clicked.connect(lambda _checked=False: slot())
    return b

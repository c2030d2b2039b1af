"""The main window: navigation over the pillars, project menu, settings, status bar."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QApplication, QFileDialog, QFrame, QHBoxLayout, QLabel, QListWidget,
                               QMainWindow, QMessageBox, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from studio import APP_NAME, __version__
from studio.project import SUFFIX, create_project, open_project
from studio.project.errors import ProjectReadOnlyError
from studio.ui import gc_guard, pages, preload, qt_translations, theme
from studio.ui.context import AppContext
from studio.ui.errors import install_excepthook, show_error
from studio.ui.settings import SCALES, Settings


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        self.nav = QListWidget(objectName="nav")
        self.stack = QStackedWidget()
        self.built: dict[str, QWidget] = {}
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.viewport().setAcceptDrops(True)
        self.nav.viewport().installEventFilter(self)  # dragging over a page's name opens it
        self.banner = QLabel(objectName="warning", wordWrap=True)  # read-only or damaged project
        self.banner.linkActivated.connect(lambda _link: self.recover_project())
        self.banner.hide()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self.project_label = QLabel()
        self.statusBar().addPermanentWidget(self.project_label)
        ctx.on_project(self, self._on_project)
        ctx.on_change(self, self._on_data_changed)
        ctx.status.connect(lambda msg: self.statusBar().showMessage(msg, 5000))
        self.rebuild()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt naming
        """Holding a drag over a page's name opens that page, so assets dragged from the library
        grid can be dropped on the video timeline. Nothing is dropped on the list itself."""
        if obj is self.nav.viewport() and event.type() in (QEvent.DragEnter, QEvent.DragMove):
            row = self.nav.indexAt(event.position().toPoint()).row()
            if row >= 0 and row != self.nav.currentRow():
                self.nav.setCurrentRow(row)
            event.setAccepted(event.type() == QEvent.DragEnter)  # keep the moves coming, refuse the drop
            return True
        return super().eventFilter(obj, event)

    # -- building (again, when language or scale changes) ---------------------
    def rebuild(self) -> None:
        self.ctx.flush.emit()  # pages are about to be replaced: keep their pending typing
        current = self.current_key()
        tr = self.ctx.tr
        self.menuBar().clear()
        self._build_menus()
        self.nav.blockSignals(True)
        self.nav.clear()
        for page in list(self.built.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.built.clear()
        while self.stack.count():
            self.stack.removeWidget(self.stack.widget(0))
        for key, zh, en, _ in pages.PAGES:
            self.nav.addItem(tr(zh, en))
            self.stack.addWidget(QWidget())  # placeholder until first shown
        self.nav.setFixedWidth(self.ctx.px(150))
        self.nav.blockSignals(False)
        self.setWindowTitle(f"{tr('新媒体工作室', APP_NAME)} {__version__}")
        self._on_project(self.ctx.project)
        self.show_page(current or "home")

    def _build_menus(self) -> None:
        tr = self.ctx.tr
        file_menu = self.menuBar().addMenu(tr("文件", "&File"))
        self._add(file_menu, tr("新建项目…", "New project…"), self.new_project, QKeySequence.New)
        self._add(file_menu, tr("打开项目…", "Open project…"), self.open_project, QKeySequence.Open)
        self._add(file_menu, tr("打开示例项目", "Open demo project"), self.open_demo)
        recent = file_menu.addMenu(tr("最近的项目", "Recent projects"))
        for path in self.ctx.settings.recent:
            self._add(recent, path, lambda p=path: self.open_path(p))
        self._add(file_menu, tr("另存副本…", "Save a copy…"), self.save_copy)
        self._add(file_menu, tr("恢复到新文件…", "Recover into a new file…"), self.recover_project)
        self._add(file_menu, tr("关闭项目", "Close project"), lambda: self.ctx.set_project(None))
        file_menu.addSeparator()
        self._add(file_menu, tr("退出", "Quit"), self.close, QKeySequence.Quit)
        edit = self.menuBar().addMenu(tr("编辑", "&Edit"))
        self.undo_action = self._add(edit, tr("撤销", "Undo"), self.undo, QKeySequence.Undo)
        self.redo_action = self._add(edit, tr("重做", "Redo"), self.redo, QKeySequence.Redo)
        view = self.menuBar().addMenu(tr("设置", "&Settings"))
        lang = view.addMenu(tr("语言 Language", "Language 语言"))
        lang.menuAction().setProperty("bilingual", True)  # findable by someone who cannot read the other
        group = QActionGroup(self)
        for code, label in (("zh", "中文"), ("en", "English")):
            act = self._add(lang, label, lambda c=code: self.change(language=c))
            act.setProperty("bilingual", True)  # each language is named in itself, in both modes
            act.setCheckable(True)
            act.setChecked(self.ctx.settings.language == code)
            group.addAction(act)
        scale = view.addMenu(tr("界面缩放", "UI scale"))
        group = QActionGroup(self)
        for value in SCALES:
            act = self._add(scale, f"{value:.0%}", lambda v=value: self.change(scale=v))
            act.setCheckable(True)
            act.setChecked(abs(self.ctx.settings.scale - value) < 1e-6)
            group.addAction(act)
        contrast = self._add(view, tr("高对比度（投影）", "High contrast (projector)"),
                             lambda: self.change(high_contrast=not self.ctx.settings.high_contrast))
        contrast.setCheckable(True)
        contrast.setChecked(self.ctx.settings.high_contrast)
        help_menu = self.menuBar().addMenu(tr("帮助", "&Help"))
        self._add(help_menu, tr("关于", "About"), lambda: QMessageBox.about(
            self, APP_NAME, f"{tr('新媒体工作室', APP_NAME)} {__version__}\n"
            + tr("字体：Noto Sans/Serif CJK SC（SIL OFL 1.1）", "Fonts: Noto Sans/Serif CJK SC (SIL OFL 1.1)")))

    def _add(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every platform binding: Ctrl+Y and Ctrl+Shift+Z redo
        elif shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    # -- pages ----------------------------------------------------------------
    def current_key(self) -> str | None:
        row = self.nav.currentRow()
        return pages.PAGES[row][0] if 0 <= row < len(pages.PAGES) else None

    def show_page(self, key: str) -> None:
        keys = [p[0] for p in pages.PAGES]
        if key not in keys:
            raise SystemExit(f"unknown view {key!r}; choose from {', '.join(keys)}")
        self.nav.setCurrentRow(keys.index(key))

    def page(self, key: str) -> QWidget:
        """The page widget for `key`, built on first use."""
        if key not in self.built:
            row = [p[0] for p in pages.PAGES].index(key)
            widget = pages.load(pages.PAGES[row][3])(self.ctx)
            holder = QScrollArea(widgetResizable=True, frameShape=QFrame.NoFrame)
            old = self.stack.widget(row)
            self.stack.insertWidget(row, holder)
            self.stack.removeWidget(old)
            old.deleteLater()
            # A page wider than the screen scrolls; it never stretches the window. The holder is in
            # the window first: each move of a widget tree restyles all of it (the app's style sheet),
            # and this way the page's tree moves once.
            holder.setWidget(widget)
            self.built[key] = widget
        return self.built[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        self.page(pages.PAGES[row][0])
        self.stack.setCurrentIndex(row)

    # -- project --------------------------------------------------------------
    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("新建项目", "New project"),
                                              str(Path.home() / f"untitled{SUFFIX}"), f"*{SUFFIX}")
        if path:
            if not path.endswith(SUFFIX):
                path += SUFFIX
            self._guard(lambda: self._set(create_project(path)))

    def open_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.ctx.tr("打开项目", "Open project"), str(Path.home()),
                                              f"New Media Studio (*{SUFFIX});;* (*)")
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Open a project; one on read-only media (or a read-only file) opens with edits off."""
        def attempt():
            try:
                project = open_project(path)
            except ProjectReadOnlyError:
                project = open_project(path, readonly=True)
            self._set(project)

        return self._guard(attempt)

    def recover_project(self) -> None:
        """Copy what is readable from the open (damaged) project into a new file and open that."""
        from studio.project.recover import recover

        project = self.ctx.project
        if project is None:
            return
        tr = self.ctx.tr
        target, _ = QFileDialog.getSaveFileName(self, tr("恢复到新文件", "Recover into a new file"),
                                                str(project.path.with_name(project.path.stem + "-恢复" + SUFFIX)),
                                                f"*{SUFFIX}")
        if not target:
            return
        source = project.path
        self.ctx.set_project(None)
        self.ctx.run(lambda progress, cancel: recover(source, target, progress=progress, cancel=cancel),
                     title=tr("正在恢复…", "Recovering…"), on_done=lambda result: self.open_path(str(result.path)),
                     on_error=lambda exc: (show_error(self, exc), self.open_path(str(source))))

    def open_demo(self) -> None:
        from studio import demo

        if demo.demo_path().exists():
            self.open_path(str(demo.demo_path()))
            return
        self.ctx.run(lambda progress, cancel: demo.ensure_demo(progress=progress, cancel=cancel),
                     title=self.ctx.tr("正在生成示例项目…", "Building the demo project…"),
                     on_done=lambda path: self.open_path(str(path)))

    def save_copy(self) -> None:
        from studio.project import save_as

        if self.ctx.project is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.ctx.tr("另存副本", "Save a copy"), "", f"*{SUFFIX}")
        if path:
            self._guard(lambda: save_as(self.ctx.project, path))

    def _set(self, project) -> None:
        saved = Settings.load()  # only the recent list changes: command-line overrides stay unsaved
        saved.add_recent(str(project.path))
        saved.save()
        self.ctx.settings.recent = saved.recent
        self.ctx.set_project(project)
        if project.migrated_from:
            self.ctx.status.emit(self.ctx.tr(f"项目已从旧版本升级，备份：{project.backup_path}",
                                             f"Project upgraded; backup at {project.backup_path}"))

    def _guard(self, fn) -> bool:
        try:
            fn()
            return True
        except Exception as exc:  # noqa: BLE001 - shown as a dialog, never a traceback
            print(f"nmstudio: {exc}", file=sys.stderr)
            show_error(self, exc)
            return False

    def undo(self) -> None:
        if self.ctx.project is not None:
            self.ctx.flush.emit()  # typing still waiting for its autosave is the newest step
            self._guard(self.ctx.project.undo)

    def redo(self) -> None:
        if self.ctx.project is not None:
            self.ctx.flush.emit()
            self._guard(self.ctx.project.redo)

    def _on_project(self, project) -> None:
        tr = self.ctx.tr
        name = project.name if project else tr("未打开项目", "No project")
        self.project_label.setText(f"{tr('项目', 'Project')}: {name}")
        if project is not None and project.damaged:
            self.banner.setText(tr("项目文件已损坏，已只读打开，编辑已关闭。<a href='recover'>恢复到新文件…</a>",
                                   "The project file is damaged: opened read-only, edits are off. "
                                   "<a href='recover'>Recover into a new file…</a>"))
        elif project is not None and project.readonly:
            self.banner.setText(tr("只读打开（文件或所在文件夹只读），编辑已关闭。要编辑，请把项目复制到可写的文件夹。",
                                   "Opened read-only (the file or its folder is read-only): edits are off. "
                                   "Copy the project to a writable folder to edit it."))
        self.banner.setVisible(project is not None and project.readonly)
        for page in self.built.values():
            page.set_project(project)
        self._refresh_undo()

    def _on_data_changed(self, changes) -> None:
        done = {"undo": ("已撤销", "Undone"), "redo": ("已重做", "Redone")}.get(changes.kind, ("已保存", "Saved"))
        if changes.label:
            label = self.ctx.tr_pair(changes.label)  # history labels carry both languages: show one
            self.statusBar().showMessage(self.ctx.tr(f"{done[0]}：{label}", f"{done[1]}: {label}"), 4000)
        self._refresh_undo()

    def _refresh_undo(self) -> None:
        p = self.ctx.project
        undo, redo = (p.undo_label(), p.redo_label()) if p else (None, None)
        tr = self.ctx.tr
        undo, redo = (self.ctx.tr_pair(undo) if undo else undo), (self.ctx.tr_pair(redo) if redo else redo)
        self.undo_action.setEnabled(bool(undo))
        self.redo_action.setEnabled(bool(redo))
        self.undo_action.setText(tr("撤销", "Undo") + (f" {undo}" if undo else ""))
        self.redo_action.setText(tr("重做", "Redo") + (f" {redo}" if redo else ""))

    # -- settings -------------------------------------------------------------
    def change(self, **values) -> None:
        for key, value in values.items():
            setattr(self.ctx.settings, key, value)
        self.ctx.settings.save()
        theme.apply(QApplication.instance(), self.ctx.settings.scale, self.ctx.settings.high_contrast)
        qt_translations.install(QApplication.instance(), self.ctx.settings.language)
        self.rebuild()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        QThreadPool.globalInstance().waitForDone(3000)
        self.ctx.set_project(None)
        super().closeEvent(event)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("NewMediaStudio")
    gc_guard.install()  # the cycle collector runs on this thread only
    return app


def create_window(settings: Settings) -> MainWindow:
    app = make_app()
    theme.apply(app, settings.scale, settings.high_contrast)
    qt_translations.install(app, settings.language)
    ctx = AppContext(settings)
    return MainWindow(ctx)


def run(args) -> int:
    if args.screenshot and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # screenshots need no screen
    sys.setswitchinterval(0.001)  # background Python threads must not starve the GUI thread
    settings = Settings.load()
    if args.scale:
        settings.scale = args.scale
    if args.lang:
        settings.language = args.lang
    if args.contrast:
        settings.high_contrast = True
    app = make_app()
    window = create_window(settings)
    install_excepthook(lambda: window)
    w, _, h = args.size.partition("x")
    window.resize(int(w), int(h))
    if args.demo:
        from studio import demo

        path = demo.ensure_demo()
        if not window.open_path(str(path)) and args.screenshot:
            return 2
    elif args.path and not window.open_path(args.path) and args.screenshot:
        return 2
    if args.view:
        window.show_page(args.view)
    window.show()
    if not args.screenshot:
        preload.start(window.ctx)  # the pages' imports, while the window sits idle
    if args.screenshot:
        QTimer.singleShot(200, lambda: _screenshot(window, args.screenshot))
        QTimer.singleShot(120_000, lambda: app.exit(1))  # never hang a script
    return app.exec()


def _screenshot(window: MainWindow, out: str, settle_ms: int = 800) -> None:
    """Wait for background work to settle, then write the window to a PNG and quit."""
    QThreadPool.globalInstance().waitForDone(10000)
    QApplication.processEvents()

    def grab() -> None:
        QThreadPool.globalInstance().waitForDone(10000)
        QApplication.processEvents()
        ok = window.grab().save(out)
        print(f"screenshot: {out}" if ok else f"could not write {out}", file=sys.stderr)
        window.close()
        QApplication.instance().exit(0 if ok else 1)

    QTimer.singleShot(settle_ms, grab)

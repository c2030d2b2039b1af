"""Live sensitive-word highlighting for any text editor (正文、标题、摘要、字幕、封面文字).

``attach(editor, checker)`` works with QTextEdit/QPlainTextEdit (a QSyntaxHighlighter: Qt re-runs
it only for the paragraph that changed, and results are cached per paragraph text, so a keystroke
costs one paragraph scan) and with QLineEdit (formats through an input-method event). Hovering a
hit shows a card with category, severity, reason and suggestion, and one-click replace, ignore
once, or add to the allow-list.
"""
from __future__ import annotations

import logging
from collections import OrderedDict

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (QColor, QCursor, QInputMethodEvent, QSyntaxHighlighter, QTextBlock, QTextCharFormat,
                           QTextCursor)
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from studio.check.lexicon import SEVERITY_ZH, Lexicon, builtin, category_label
from studio.check.matcher import Finding, Matcher

COLORS = {"block": "#d32f2f", "high": "#ef6c00", "notice": "#1e88e5"}


def _format(severity: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    color = QColor(COLORS[severity])
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(color)
    bg = QColor(color)
    bg.setAlpha(40)
    fmt.setBackground(bg)
    return fmt


def utf16_offsets(text: str) -> list[int] | None:
    """Qt positions (UTF-16) of each Python index, or None when they are the same (no emoji etc.)."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    out, q = [], 0
    for c in text:
        out.append(q)
        q += 2 if ord(c) >= 0x10000 else 1
    out.append(q)
    return out


class LiveChecker(QObject):
    """The matcher an editor checks against, with a per-paragraph cache, ignored hits and the
    allow-list. Rebuilding the matcher (lexicon or platform changed) happens off the UI thread."""

    changed = Signal()       # matcher rebuilt or ignore/allow changed: re-highlight everything
    _built = Signal(object)

    def __init__(self, lexicon_source=None, parent=None) -> None:
        super().__init__(parent)
        self._source = lexicon_source or builtin
        self._matcher: Matcher | None = None
        self._cache: OrderedDict[str, list[Finding]] = OrderedDict()
        self._ignored: set[tuple[str, int, str]] = set()
        self.extra_allow: list[str] = []
        self.on_allow = None     # callable(phrase) that stores the phrase (project allow-list)
        self._built.connect(self._set_matcher)
        self._generation = 0

    @property
    def ready(self) -> bool:
        return self._matcher is not None

    def rebuild(self, wait: bool = False) -> None:
        self._generation += 1
        gen = self._generation
        extra = list(self.extra_allow)

        def work():
            lex: Lexicon = self._source()  # the project's lexicons: queries, kept off the UI thread
            lex.allow += extra
            m = Matcher(lex)
            m.scan("预热加微信")  # loads the segmenter dictionary before the first keystroke
            try:
                self._built.emit((gen, m))
            except RuntimeError:  # the window closed while we were building
                pass

        def background():
            try:
                work()
            except Exception:  # noqa: BLE001 - e.g. the project closed meanwhile; its successor rebuilds
                logging.getLogger(__name__).warning("could not build the live checker", exc_info=True)

        if wait:
            work()
            self._set_matcher(None)
        else:
            QThreadPool.globalInstance().start(background)

    def _set_matcher(self, item) -> None:
        if item is None:
            return
        gen, m = item
        if gen == self._generation:
            self._matcher = m
            self._cache.clear()
            self.changed.emit()

    def set_matcher(self, m: Matcher) -> None:
        self._matcher = m
        self._cache.clear()
        self.changed.emit()

    def scan(self, text: str) -> list[Finding]:
        if self._matcher is None or not text:
            return []
        hits = self._cache.get(text)
        if hits is None:
            hits = self._matcher.scan(text)
            self._cache[text] = hits
            if len(self._cache) > 4000:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(text)
        return [f for f in hits if (text, f.start, f.term) not in self._ignored]

    def ignore(self, text: str, f: Finding) -> None:
        self._ignored.add((text, f.start, f.term))

    def allow(self, phrase: str) -> None:
        if self.on_allow:
            self.on_allow(phrase)
        else:
            self.extra_allow.append(phrase)
        self.rebuild()


class _BlockFindings:
    pass


class CheckHighlighter(QSyntaxHighlighter):
    def __init__(self, document, checker: LiveChecker) -> None:
        super().__init__(document)
        self.checker = checker
        self._formats = {s: _format(s) for s in COLORS}
        self.findings: dict[int, tuple[str, list[Finding]]] = {}  # block number -> (text, hits)
        checker.changed.connect(self.rehighlight)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt naming
        hits = self.checker.scan(text)
        block = self.currentBlock()
        if hits:
            self.findings[block.blockNumber()] = (text, hits)
        else:
            self.findings.pop(block.blockNumber(), None)
        q = utf16_offsets(text) if hits else None
        for f in hits:
            a, b = (q[f.start], q[f.end]) if q else (f.start, f.end)
            self.setFormat(a, b - a, self._formats[f.severity])

    def at(self, block, qpos: int) -> Finding | None:
        text, hits = self.findings.get(block.blockNumber(), ("", []))
        if text != block.text():
            return None
        q = utf16_offsets(text)
        for f in hits:
            a, b = (q[f.start], q[f.end]) if q else (f.start, f.end)
            if a <= qpos < b:
                return f
        return None


class FindingCard(QFrame):
    """The hover card: what was found, why, and three actions."""

    def __init__(self, ctx_tr) -> None:
        super().__init__(None, Qt.WindowType.ToolTip)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("findingCard")
        self.tr_ = ctx_tr
        lay = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.replace_btn = QPushButton()
        self.ignore_btn = QPushButton(ctx_tr("忽略一次", "Ignore once"))
        self.allow_btn = QPushButton(ctx_tr("加入白名单", "Add to allow-list"))
        for w in (self.title, self.reason, self.replace_btn, self.ignore_btn, self.allow_btn):
            lay.addWidget(w)
        self._hide = QTimer(self, singleShot=True, interval=1500, timeout=self._maybe_hide)

    def show_finding(self, f: Finding, global_pos) -> None:
        color = COLORS[f.severity]
        self.title.setText(f"<b style='color:{color}'>[{SEVERITY_ZH[f.severity]}] {category_label(f.category)}</b>"
                           f"　“{f.text}” → {self.tr_('词条', 'term')}：{f.term}")
        self.reason.setText(f.reason or "")
        self.replace_btn.setVisible(bool(f.suggestion))
        self.replace_btn.setText(self.tr_(f"替换为“{f.suggestion}”", f"Replace with “{f.suggestion}”"))
        self.adjustSize()
        self.move(global_pos)
        self.show()
        self._hide.start()

    def _maybe_hide(self) -> None:
        if self.geometry().contains(QCursor.pos()):
            self._hide.start()
        else:
            self.hide()

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._hide.start(400)
        super().leaveEvent(event)


class TextEditChecker(QObject):
    """Highlighter + hover card on a QTextEdit / QPlainTextEdit."""

    def __init__(self, editor, checker: LiveChecker, tr=lambda zh, en: zh) -> None:
        super().__init__(editor)
        self.editor, self.checker = editor, checker
        self.highlighter = CheckHighlighter(editor.document(), checker)
        self.card = FindingCard(tr)
        self.card.replace_btn.clicked.connect(self._replace)
        self.card.ignore_btn.clicked.connect(self._ignore)
        self.card.allow_btn.clicked.connect(self._allow)
        self._current = None
        editor.viewport().installEventFilter(self)
        editor.destroyed.connect(self.card.deleteLater)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            cursor = self.editor.cursorForPosition(event.pos())
            block = cursor.block()
            f = self.highlighter.at(block, cursor.positionInBlock())
            if f is None and cursor.positionInBlock() > 0:
                f = self.highlighter.at(block, cursor.positionInBlock() - 1)
            if f:
                self._current = (block, f)
                self.card.show_finding(f, event.globalPos() + QPoint(8, 12))
                return True
        return False

    def _span_cursor(self, block, f: Finding) -> QTextCursor:
        q = utf16_offsets(block.text())
        a, b = (q[f.start], q[f.end]) if q else (f.start, f.end)
        c = QTextCursor(block)
        c.setPosition(block.position() + a)
        c.setPosition(block.position() + b, QTextCursor.MoveMode.KeepAnchor)
        return c

    def replace(self, block, f: Finding, text: str | None = None) -> None:
        self._span_cursor(block, f).insertText(f.suggestion if text is None else text)

    def replace_many(self, hits: list[tuple[QTextBlock, Finding]]) -> None:
        """Put each hit's suggestion in its place, as one edit (one Ctrl+Z in the editor)."""
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        for block, f in sorted(hits, key=lambda h: (h[0].position(), h[1].start), reverse=True):
            self.replace(block, f)  # last first: the places before it stay where they were
        cursor.endEditBlock()

    def _replace(self) -> None:
        if self._current and self._current[1].suggestion:
            self.replace_many([self._current])
        self.card.hide()

    def _ignore(self) -> None:
        if self._current:
            block, f = self._current
            self.checker.ignore(block.text(), f)
            self.highlighter.rehighlightBlock(block)
        self.card.hide()

    def _allow(self) -> None:
        if self._current:
            self.checker.allow(self._current[1].text)
        self.card.hide()

    def findings(self) -> list[tuple[int, Finding]]:
        """(document position in UTF-16 units, finding) of every current hit, in order."""
        doc, out = self.editor.document(), []
        for num, (text, hits) in sorted(self.highlighter.findings.items()):
            block = doc.findBlockByNumber(num)
            if block.isValid() and block.text() == text:
                q = utf16_offsets(text)
                out += [(block.position() + (q[f.start] if q else f.start), f) for f in hits]
        return out


class LineEditChecker(QObject):
    """Formats on a QLineEdit (titles, digests, cover text) through an input-method event; the
    tooltip lists the findings."""

    def __init__(self, editor: QLineEdit, checker: LiveChecker) -> None:
        super().__init__(editor)
        self.editor, self.checker = editor, checker
        self.formats = {s: _format(s) for s in COLORS}
        self.hits: list[Finding] = []
        editor.textChanged.connect(self.refresh)
        checker.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        text = self.editor.text()
        self.hits = self.checker.scan(text)
        q = utf16_offsets(text)
        cur = self.editor.cursorPosition()
        attrs = []
        for f in self.hits:
            a, b = (q[f.start], q[f.end]) if q else (f.start, f.end)
            attrs.append(QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.TextFormat, a - cur, b - a,
                                                     self.formats[f.severity]))
        QCoreApplication.sendEvent(self.editor, QInputMethodEvent("", attrs))
        self.editor.setToolTip("\n".join(
            f"[{SEVERITY_ZH[f.severity]}] {category_label(f.category)} “{f.text}”"
            + (f" → {f.suggestion}" if f.suggestion else "") for f in self.hits))


def attach(editor: QWidget, checker: LiveChecker, tr=lambda zh, en: zh) -> QObject:
    """Check ``editor`` live: a QTextEdit/QPlainTextEdit or a QLineEdit."""
    if isinstance(editor, QLineEdit):
        return LineEditChecker(editor, checker)
    return TextEditChecker(editor, checker, tr)

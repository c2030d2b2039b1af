"""Qt's own strings (OK/Cancel, Yes/No, file and colour dialogs, context menus) in the UI language.

PySide6 ships Qt's catalogues (qtbase_zh_CN.qm) under PySide6/Qt/translations; in Chinese mode
they are installed on the application, in English Qt's built-in English is used.
"""
from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

CATALOGUES = ("qtbase",)
_installed: list[QTranslator] = []


def install(app: QApplication, language: str) -> bool:
    """Use Qt's translations for `language` ("zh" or "en"); True when a catalogue was loaded."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "zh":
        QLocale.setDefault(QLocale(QLocale.English, QLocale.UnitedStates))
        return False
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    folder = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    for name in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(f"{name}_zh_CN", folder):
            app.installTranslator(translator)
            _installed.append(translator)
    return bool(_installed)

"""发布检查 page: picks posts by kind, checks one in the background, shows verdict and tables."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool, Qt

from studio.editor import canvas_store
from studio.editor.article import image, paragraph
from studio.editor.canvas import Canvas, Layer
from studio.ui.context import AppContext
from studio.ui.settings import Settings
from tests.check.test_copyright import add_article, add_asset
from tests.conftest import make_image


@pytest.fixture
def ctx(project):
    ctx = AppContext(Settings())
    ctx.project = project
    yield ctx
    QThreadPool.globalInstance().waitForDone(10000)
    ctx.project = None


def test_page_checks_a_post_and_lists_findings_assets_fonts(qtbot, ctx, project, tmp_path):
    from studio.ui.check.report_panel import ReportPage

    web = add_asset(project, make_image(tmp_path / "w.png", seed=3))
    add_article(project, paragraph("周末读书。"), image(web), title="读书笔记")
    canvas_store.add_canvas(project, Canvas(400, 300, layers=[
        Layer("text", 0, 0, 100, 40, {"text": "海报", "font": "微软雅黑"}, name="标题")], name="海报"))
    page = ReportPage(ctx)
    qtbot.addWidget(page)
    assert page.post.count() == 1 and page.post.currentText() == "#1 读书笔记"
    page.run_check()
    qtbot.waitUntil(lambda: page.report is not None, timeout=30000)
    assert page.report.overall == "warn" and page.export_btn.isEnabled()
    assert page.verdict.text().startswith("需处理")
    assert page.findings.rowCount() == 2 and page.findings.item(1, 2).text() == "正文第 2 块（图片）"
    assert page.findings.item(0, 1).text() == "封面"  # the article has no cover
    assert page.assets.rowCount() == 1 and page.assets.item(0, 3).text() == "未知"
    assert page.fonts.rowCount() == 2

    page.kind.setCurrentIndex(page.kind.findData("cover"))
    assert page.post.currentText() == "#1 海报"
    page.run_check()
    qtbot.waitUntil(lambda: page.report is not None and page.report.kind == "cover", timeout=30000)
    assert page.verdict.text().startswith("禁止发布")
    assert page.fonts.item(0, 1).text() == "微软雅黑" and page.fonts.item(0, 0).text() == "禁止发布"

    page.report.title = "导出"
    from studio.check.report_html import write_html

    out = write_html(page.report, tmp_path / "r.html")
    assert "微软雅黑" in out.read_text(encoding="utf-8")



def test_switching_posts_clears_the_previous_verdict(qtbot, ctx, project, tmp_path, monkeypatch):
    from studio.check.report import build_report
    from studio.ui.check.report_panel import ReportPage

    own = add_asset(project, make_image(tmp_path / "own.png", seed=5), licence="own", commercial_ok=True)
    first = add_article(project, paragraph("周末读书。"), title="第一篇", cover_asset_id=own)
    second = add_article(project, paragraph("安静的周末。"), title="第二篇")  # no cover
    finished = []
    run = ctx.run

    def spy(job, on_done, **kw):  # notes when a check has come back, shown or not
        return run(job, on_done=lambda r: (on_done(r), finished.append(r.id)), **kw)

    monkeypatch.setattr(ctx, "run", spy)
    page = ReportPage(ctx)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.check_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: finished == [first], timeout=30000)
    assert page.verdict.text().startswith("通过") and page.export_btn.isEnabled()
    page.post.setFocus()
    qtbot.keyClick(page.post, Qt.Key_Down)
    assert page.post.currentData() == second
    assert page.report is None and not page.verdict.text().startswith("通过") and not page.export_btn.isEnabled()
    assert page.findings.rowCount() == 0 and page.verdict.styleSheet() == ""
    qtbot.mouseClick(page.check_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: finished == [first, second], timeout=30000)
    expected = build_report(project, "article", second)
    assert page.verdict.text().startswith("需处理　第二篇") and page.report.counts() == expected.counts()
    assert [page.findings.item(r, 1).text() for r in range(page.findings.rowCount())] == ["封面"]
    # a check still running when another post is picked does not fill the page when it ends
    qtbot.mouseClick(page.check_btn, Qt.LeftButton)
    qtbot.keyClick(page.post, Qt.Key_Up)
    qtbot.waitUntil(lambda: finished == [first, second, second], timeout=30000)
    assert page.report is None and page.post.currentData() == first and page.check_btn.isEnabled()

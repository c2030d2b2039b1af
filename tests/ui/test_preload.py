"""The start-up preload imports every page's modules in the background (studio.ui.preload)."""
import gc
import sys

from studio.ui import pages, preload
from studio.project.jobs import CancelToken


def test_preload_covers_every_page_and_imports_them():
    names = preload.modules()
    assert {spec.partition(":")[0] for *_, spec in pages.PAGES} <= set(names)
    assert "studio.ui.check.highlighter" in names  # the 图文 page imports it only when it opens
    try:
        preload.load()
        assert all(name in sys.modules for name in names)
    finally:
        gc.unfreeze()  # the test process keeps collecting as before


def test_a_cancelled_preload_stops_before_importing():
    token = CancelToken()
    token.cancel()
    before = set(sys.modules)
    preload.load(token)
    gc.unfreeze()
    assert set(sys.modules) == before


def test_after_the_preload_the_window_has_its_live_checker_ready(qtbot, tmp_path):
    from studio.ui.context import AppContext
    from studio.ui.settings import Settings

    ctx = AppContext(Settings())
    try:
        preload.start(ctx)
        qtbot.waitUntil(lambda: getattr(ctx, "_check_live", None) is not None and ctx._check_live.ready,
                        timeout=60000)
    finally:
        gc.unfreeze()

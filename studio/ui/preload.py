"""Import every page's modules in the background while the freshly opened window sits idle,
and load the Chinese segmenter's dictionary.

A page's first open used to pay for its imports on the GUI thread: the checker's pinyin tables
for the 图文 and 审核 pages, numpy, Pillow, SQL models, dialogs ... 0.2 to 1 s of frozen window.
Importing is mostly Python bytecode, so a background thread shares the GIL well (the GUI thread
gets it back within a millisecond: see sys.setswitchinterval in studio.ui.app.run). A page opened
before its modules are in waits, through Python's import lock, only for what is left of them.
Background Python work still slows the GUI thread down (every Qt call gives the GIL away and
waits to get it back), which is why it is done here, before the user opens pages and types,
rather than when the library or the checker first needs the dictionary.
"""
from __future__ import annotations

import gc
import importlib
import logging
import time

from studio.ui import pages

PAUSE_S = 0.002  # between modules: the GUI thread paints and handles input in these gaps
# Imported by the pages only when first wanted, but on the GUI thread.
LAZY = ["studio.ui.check.highlighter", "studio.ui.check.live", "imageio_ffmpeg"]


def modules() -> list[str]:
    return [spec.partition(":")[0] for *_, spec in pages.PAGES] + LAZY


def load(cancel=None) -> None:
    """Import the pages' modules (a missing optional one is skipped). Everything alive before and
    after is taken out of the cycle collector's reach: a full collection walking all of it holds
    the GIL for 100 ms and more, a stall of its own, whichever thread it happens in."""
    gc.freeze()
    for name in modules():
        if cancel is not None and cancel.cancelled:
            return
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the page reports it properly when it is opened
            logging.getLogger(__name__).warning("preloading %s failed", name, exc_info=True)
        time.sleep(PAUSE_S)
    from PIL import Image

    from studio.library import search

    Image.init()  # the image format plugins, otherwise loaded by the first thumbnail or cover
    search.warm_up()  # jieba's dictionary (library search, checker): a second of Python, read politely
    gc.freeze()


def start(ctx) -> None:
    """Preload in the shared thread pool (the window waits for it when it closes), then build the
    window's live checker. A failure only means that a page or the search pays for it later, as
    before: it is logged, not shown."""
    ctx.run(lambda progress, cancel: load(cancel), modal=False, on_done=lambda _: _start_checker(ctx),
            on_error=lambda exc: logging.getLogger(__name__).warning("preloading failed: %s", exc))


def _start_checker(ctx) -> None:
    """The live checker the 图文, 视频 and 审核 pages share builds its matcher in a worker thread,
    whose Python work slowed down the GUI thread as the first of those pages was being built:
    now it is built while the window sits idle, and the pages find it ready."""
    try:
        from studio.ui.check.live import checker_for
    except ImportError:  # the checker pillar is optional
        return
    checker_for(ctx)

"""One LiveChecker per window, following the open project's lexicons, allow-list and platform."""
from __future__ import annotations

from studio.check import store
from studio.check.lexicon import builtin
from studio.ui.check.highlighter import LiveChecker

_REBUILD_WORDS = ("词库", "白名单", "词条", "lexicon", "Allow", "terms")


def checker_for(ctx) -> LiveChecker:
    """The shared checker of this window (editor pages attach their editors to it)."""
    live = getattr(ctx, "_check_live", None)
    if live is None:
        live = LiveChecker(lambda: _lexicon(ctx, live), parent=ctx)
        live.platform = None
        live.on_allow = lambda phrase: _allow(ctx, live, phrase)
        ctx._check_live = live
        ctx.project_changed.connect(lambda _p: live.rebuild())
        ctx.data_changed.connect(lambda label: _maybe_rebuild(live, label))
        live.rebuild()
    return live


def _lexicon(ctx, live):
    if ctx.project is None:
        return builtin()
    return store.project_lexicon(ctx.project, platform=live.platform)


def _allow(ctx, live, phrase: str) -> None:
    if ctx.project is None:
        live.extra_allow.append(phrase)
    else:
        store.add_allow(ctx.project, phrase, "from editor")


def _maybe_rebuild(live, label: str) -> None:
    if any(w in label for w in _REBUILD_WORDS):
        live.rebuild()

"""One LiveChecker per window, following the open project's lexicons, allow-list and platform."""
from __future__ import annotations

from studio.check import store
from studio.check.lexicon import builtin
from studio.ui.check.highlighter import LiveChecker

LEXICON_TABLES = ("check_lexicon", "check_lexicon_entry", "check_lexicon_version", "check_allow")


def checker_for(ctx) -> LiveChecker:
    """The shared checker of this window (editor pages attach their editors to it)."""
    live = getattr(ctx, "_check_live", None)
    if live is None:
        live = LiveChecker(lambda: _lexicon(ctx, live), parent=ctx)
        live.platform = None
        live.on_allow = lambda phrase: _allow(ctx, live, phrase)
        ctx._check_live = live
        ctx.on_project(live, lambda _p: live.rebuild())
        ctx.on_change(live, lambda changes: changes.touches(*LEXICON_TABLES) and live.rebuild())
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


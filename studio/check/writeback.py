"""Write the checker's replacements back into the post its text came from.

The 审核 page checks the texts of a post as studio.check.usage lists them (title, digest and
body blocks of an article, text layers of a cover, captions and text overlays of a video), each
with a `ref` saying where it sits. A replacement there is a `Fix` of one of those texts;
`apply_fixes` writes a batch of them into the article, canvas or timeline as one undo step.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Callable, Iterable, Optional

from studio.check.usage import TextPart, check_kind, post_content
from studio.project.errors import StudioError


@dataclass(frozen=True)
class Fix:
    ref: dict    # TextPart.ref: where the text sits in the post
    text: str    # the whole text as it was checked
    start: int   # the words replaced: text[start:end] (Python indices)
    end: int
    new: str


class SourceChangedError(StudioError):
    """The text in the post is no longer the one that was checked."""


class EditedHereError(StudioError):
    """The checker's copy of a text was edited by hand, so its places no longer match the post."""


@dataclass
class CheckedPost:
    """The texts of one post, one after another on their own lines, as the checker shows them,
    and the way back from a place in those lines to the text of the post it belongs to."""

    kind: str
    id: int
    title: str
    parts: list[TextPart]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.parts)

    def _line_places(self) -> list[tuple[int, int]]:
        """(part index, where the line starts in the part's text) for each line."""
        places = []
        for i, part in enumerate(self.parts):
            at = 0
            for line in part.text.split("\n"):
                places.append((i, at))
                at += len(line) + 1
        return places

    def fixes(self, lines: list[str], hits: Iterable[tuple[int, int, int, str]]) -> list[Fix]:
        """Fixes for replacements (line number, start, end, new text) in the checker's `lines`."""
        places, expected = self._line_places(), self.text.split("\n")
        out = []
        for line, start, end, new in hits:
            if len(lines) != len(expected) or lines[line] != expected[line]:
                raise EditedHereError("审核页里的文字已手动改过，无法对应到原文；请重新载入后再替换。 / "
                                      "The text here was edited by hand; load the post again to replace in it.")
            i, at = places[line]
            out.append(Fix(self.parts[i].ref, self.parts[i].text, at + start, at + end, new))
        return out

    def applied(self, fixes: list[Fix]) -> None:
        """Take written fixes into the texts, so later replacements find them."""
        for ref, text, fs in _by_text(fixes):
            for part in self.parts:
                if part.ref == ref and part.text == text:
                    part.text = _fixed(text, text, fs)
                    break


def load_post(project, kind: str, post_id: int) -> CheckedPost:
    content = post_content(project, kind, post_id)
    return CheckedPost(content.kind, content.id, content.title, content.texts)


def is_replacement(suggestion: Optional[str]) -> bool:
    """A suggestion that can stand in for the words; not advice in brackets like （删除或提供依据）."""
    return bool(suggestion) and not suggestion.startswith("（")


def fix_label(fixes: list[Fix]) -> str:
    if len(fixes) == 1:
        f = fixes[0]
        return f"审核：“{f.text[f.start:f.end]}”改为“{f.new}” / Check: replace with {f.new}"
    return f"审核：采用 {len(fixes)} 条建议 / Check: apply {len(fixes)} suggestions"


def apply_fixes(project, kind: str, post_id: int, fixes: Iterable[Fix]) -> None:
    """Write the fixes into the post (one undo step). Raises SourceChangedError, writing nothing,
    when a text was changed elsewhere after it was checked."""
    fixes = list(fixes)
    check_kind(kind)
    on_canvas = sorted((f for f in fixes if "canvas" in f.ref), key=lambda f: f.ref["canvas"])
    own = [f for f in fixes if "canvas" not in f.ref]  # the cover of an article has canvas refs
    writes: list[Callable[[], None]] = []  # every text is found before anything is written
    if own:
        writer = {"article": _article, "video": _video}.get(kind)
        if writer is None:
            raise StudioError(f"这段文字不在封面的图层里：{own[0].ref} / No cover layer is named in {own[0].ref}.")
        writes.append(writer(project, post_id, own))
    for canvas_id, group in groupby(on_canvas, lambda f: f.ref["canvas"]):
        writes.append(_canvas(project, int(canvas_id), list(group)))
    if writes:
        with project.group(fix_label(fixes)):
            for write in writes:
                write()


LABEL = "审核：替换 / Check: replace"  # each save's own label; the group names the undo step


def _by_text(fixes: list[Fix]) -> list[tuple[dict, str, list[Fix]]]:
    """(ref, checked text, its fixes last first) for each text the fixes touch."""
    found: dict[tuple, tuple[dict, str, list[Fix]]] = {}
    for f in fixes:
        found.setdefault((repr(sorted(f.ref.items())), f.text), (f.ref, f.text, []))[2].append(f)
    return [(ref, text, sorted(fs, key=lambda f: f.start, reverse=True)) for ref, text, fs in found.values()]


def _fixed(current, text: str, fixes: list[Fix]) -> Optional[str]:
    """`text` with the fixes made (last first, so earlier offsets stay right), or None when the
    post no longer holds the checked text."""
    if current is None or str(current) != text:
        return None
    for f in fixes:
        text = text[:f.start] + f.new + text[f.end:]
    return text


def _changed(text: str) -> SourceChangedError:
    short = text if len(text) <= 20 else text[:20] + "…"
    return SourceChangedError(f"“{short}”在原处已被修改，请重新载入后再替换。 / "
                              "That text was changed in its post after it was checked; load it again.")


# ---------------------------------------------------------------- articles

def _article(project, article_id: int, fixes: list[Fix]) -> Callable[[], None]:
    from studio.editor import store

    art = store.load_article(project, article_id)
    for ref, text, fs in _by_text(fixes):
        if ref.get("field") in ("title", "digest"):
            new = _fixed(getattr(art, ref["field"]), text, fs)
            if new is not None:
                setattr(art, ref["field"], new)
            done = new is not None
        elif "block" in ref:
            done = 0 <= ref["block"] < len(art.blocks) and _fix_block(art.blocks[ref["block"]], text, fs)
        else:
            raise StudioError("来源行请在图文页的“来源/作者”栏修改。 / Edit the source line in the article's "
                              "source fields.")
        if not done:
            raise _changed(text)
    return lambda: store.save_article(project, article_id, art, LABEL)


def _fix_block(block, text: str, fixes: list[Fix]) -> bool:
    """Fix whichever text of the block was checked: its title, body, a list item or a caption."""
    from studio.editor.article import replace_text, spans_text

    for attr in ("title", "caption"):
        new = _fixed(getattr(block, attr), text, fixes)
        if new is not None:
            setattr(block, attr, new)
            return True
    for i, spans in enumerate([block.spans] + block.items):
        if spans_text(spans) == text:
            for f in fixes:
                spans = replace_text(spans, f.start, f.end, f.new)
            if i:
                block.items[i - 1] = spans
            else:
                block.spans = spans
            return True
    return False


# ---------------------------------------------------------------- covers and posters

def _canvas(project, canvas_id: int, fixes: list[Fix]) -> Callable[[], None]:
    from studio.editor import canvas_store

    canvas = canvas_store.load_canvas(project, canvas_id)
    layers = {layer.id: layer for layer in canvas.layers}
    for ref, text, fs in _by_text(fixes):
        layer = layers.get(ref.get("layer"))
        marks = [op for op in layer.props.get("edits") or [] if op.get("op") == "watermark_text"] if layer else []
        for target in ([layer.props] if layer else []) + marks:  # a text or sticker layer, or a text watermark
            new = _fixed(target.get("text"), text, fs)
            if new is not None:
                target["text"] = new
                break
        else:
            raise _changed(text)
    return lambda: canvas_store.save_canvas(project, canvas_id, canvas, LABEL)


# ---------------------------------------------------------------- videos

def _video(project, video_id: int, fixes: list[Fix]) -> Callable[[], None]:
    from studio.video import store

    tl = store.load(project, video_id, resolve=False)
    for ref, text, fs in _by_text(fixes):
        if "overlay" in ref:
            items, index = tl.overlays, ref["overlay"]
        else:
            items, index = tl.captions, ref.get("caption", 0) - 1  # captions are numbered from 1
        item = items[index] if 0 <= index < len(items) else None
        new = _fixed(item.text if item is not None else None, text, fs)
        if new is None:
            raise _changed(text)
        item.text = new
    return lambda: store.save(project, video_id, tl, LABEL)

"""Structural edits of an article's blocks, and what an edit is called in the history.

The 图文 page marks the cursor's place with a private-use character, reads the document back
into blocks, and applies one of these pure functions.
"""
from __future__ import annotations

from studio.editor.article import Article, Block

MARKER = "\ue000"  # where the cursor was: new blocks go after the block that holds it
BLOCK_TYPES = ("paragraph", "h1", "h2", "h3", "quote")  # the block-type menu, in order
TEXT_KINDS = ("paragraph", "heading", "quote")

# Article fields -> (Chinese, English) history labels.
FIELD_LABELS = {
    "title": ("修改标题", "Edit title"),
    "author": ("修改作者", "Edit author"),
    "digest": ("修改摘要", "Edit digest"),
    "cover": ("更换封面", "Change cover"),
    "rights": ("修改原创声明", "Edit rights"),
    "theme": ("应用主题", "Apply theme"),
    "blocks": ("编辑图文：正文", "Edit article: body"),
}
_FIELD_OF = {"cover_asset_id": "cover", "cover_canvas_id": "cover", "original": "rights", "source": "rights",
             "source_author": "rights"}


def take_marker(blocks: list[Block]) -> int:
    """Remove the marker; return the index just after the block that held it (len if none).
    An empty paragraph holding it is removed, so an insert fills that line."""
    for index, block in enumerate(blocks):
        for span in list(block.spans) + [s for item in block.items for s in item]:
            if MARKER in span.text:
                span.text = span.text.replace(MARKER, "")
                if block.kind == "paragraph" and not block.text.strip():
                    del blocks[index]
                    return index
                return index + 1
        if MARKER in block.title or MARKER in block.caption:
            block.title = block.title.replace(MARKER, "")
            block.caption = block.caption.replace(MARKER, "")
            return index + 1
    return len(blocks)


def insert_blocks(blocks: list[Block], index: int, new: list[Block]) -> int:
    """Insert `new` at `index`; return the index just after them (where typing goes on)."""
    index = max(0, min(index, len(blocks)))
    blocks[index:index] = new
    return index + len(new)


def block_type(block: Block) -> str:
    """The block-type menu key of a block ("" for blocks the menu does not apply to)."""
    if block.kind == "heading":
        return f"h{min(3, max(1, block.level))}"
    return block.kind if block.kind in ("paragraph", "quote") else ""


def set_block_type(blocks: list[Block], index: int, key: str) -> bool:
    """Make blocks[index] a paragraph, heading (h1–h3) or quote; False if it is not a text block."""
    if key not in BLOCK_TYPES or not 0 <= index < len(blocks) or blocks[index].kind not in TEXT_KINDS:
        return False
    block = blocks[index]
    if key.startswith("h"):
        block.kind, block.level = "heading", int(key[1])
    else:
        block.kind = key
    return True


def changed_fields(before: Article, after: Article) -> list[str]:
    """Which labelled fields differ, in FIELD_LABELS order."""
    a, b = before.to_dict(), after.to_dict()
    found = {_FIELD_OF.get(k, k) for k in set(a) | set(b) if a.get(k) != b.get(k)}
    return [f for f in FIELD_LABELS if f in found]


def edit_label(fields: list[str]) -> str:
    """ "修改标题 / Edit title" for one field; "编辑图文 / Edit article" for several."""
    zh, en = FIELD_LABELS[fields[0]] if len(fields) == 1 else ("编辑图文", "Edit article")
    return f"{zh} / {en}"

"""Covers, posters and image edits in the project file: each change is one undoable action."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from sqlalchemy import select

from studio.editor import canvas_render, imageops
from studio.editor.canvas import Canvas
from studio.library import files
from studio.project.errors import MediaError, StudioError
from studio.project.models.canvas import Canvas as CanvasRow
from studio.project.models.canvas import ImageEdit
from studio.project.models.library import Asset


class NotFoundError(StudioError):
    pass


@dataclass
class CanvasInfo:
    id: int
    name: str
    preset: str
    width: int
    height: int


# -- assets -----------------------------------------------------------------------------------
def asset_resolver(project):
    """A function asset id -> file path, reading the library once per id (used while rendering)."""
    cache: dict[int, str] = {}

    def resolve(asset_id: int) -> str:
        if asset_id not in cache:
            with project.read() as s:
                asset = s.get(Asset, asset_id)
                if asset is None or not asset.path:
                    raise MediaError(f"素材 {asset_id} 不存在 / Library asset {asset_id} does not exist; "
                                     "pick another image for this layer.")
                cache[asset_id] = str(files.resolve(project, asset.path))
        path = cache[asset_id]
        if not Path(path).exists():
            raise MediaError(f"素材文件丢失 / The image of asset {asset_id} is missing: {path}. "
                             "Relink it in the library (素材库 → 重新链接).")
        return path

    return resolve


# -- canvases -----------------------------------------------------------------------------------
def _row(s, canvas_id: int) -> CanvasRow:
    row = s.get(CanvasRow, canvas_id)
    if row is None:
        raise NotFoundError(f"找不到封面 {canvas_id} / No cover or poster with id {canvas_id}. "
                            "List them with `nmstudio cover list PROJECT`.")
    return row


def _to_model(row: CanvasRow) -> Canvas:
    return Canvas.from_dict({"name": row.name, "preset": row.preset, "width": row.width,
                             "height": row.height, "background": row.background, "layers": row.layers})


def _fill(row: CanvasRow, canvas: Canvas) -> None:
    d = canvas.to_dict()
    row.name, row.preset, row.width, row.height = d["name"], d["preset"], d["width"], d["height"]
    row.background, row.layers = d["background"], d["layers"]


def add_canvas(project, canvas: Canvas, label: str = "新建封面 / New cover") -> int:
    with project.action(label) as s:
        row = CanvasRow(width=canvas.width, height=canvas.height)
        _fill(row, canvas)
        s.add(row)
        s.flush()
        return row.id


def load_canvas(project, canvas_id: int) -> Canvas:
    with project.read() as s:
        return _to_model(_row(s, canvas_id))


def save_canvas(project, canvas_id: int, canvas: Canvas, label: str = "编辑封面 / Edit cover") -> None:
    with project.action(label) as s:
        _fill(_row(s, canvas_id), canvas)


def delete_canvas(project, canvas_id: int) -> None:
    with project.action("删除封面 / Delete cover") as s:
        s.delete(_row(s, canvas_id))


def list_canvases(project) -> list[CanvasInfo]:
    with project.read() as s:
        rows = s.scalars(select(CanvasRow).order_by(CanvasRow.id)).all()
        return [CanvasInfo(r.id, r.name, r.preset, r.width, r.height) for r in rows]


def export_canvas(project, canvas_id: int, out: str | Path, preset: Optional[str] = None,
                  max_bytes: Optional[int] = None, progress=None, cancel=None) -> imageops.Encoded:
    return canvas_render.export(load_canvas(project, canvas_id), out, preset, max_bytes=max_bytes,
                                resolve=asset_resolver(project), progress=progress, cancel=cancel)


# -- image edits --------------------------------------------------------------------------------------
def add_edit(project, asset_id: int, ops: list[dict], name: str = "") -> int:
    imageops.validate_ops(ops)
    with project.action("编辑图片 / Edit image") as s:
        if s.get(Asset, asset_id) is None:
            raise NotFoundError(f"素材 {asset_id} 不存在 / Library asset {asset_id} does not exist.")
        row = ImageEdit(asset_id=asset_id, ops=list(ops), name=name)
        s.add(row)
        s.flush()
        return row.id


def load_edit(project, edit_id: int) -> ImageEdit:
    with project.read() as s:
        row = s.get(ImageEdit, edit_id)
        if row is None:
            raise NotFoundError(f"找不到图片编辑 {edit_id} / No image edit with id {edit_id}.")
        s.expunge(row)
        return row


def edits_of(project, asset_id: int) -> list[ImageEdit]:
    with project.read() as s:
        rows = s.scalars(select(ImageEdit).where(ImageEdit.asset_id == asset_id).order_by(ImageEdit.id)).all()
        for row in rows:
            s.expunge(row)
        return list(rows)


def save_edit(project, edit_id: int, ops: list[dict], label: str = "编辑图片 / Edit image") -> None:
    imageops.validate_ops(ops)
    with project.action(label) as s:
        row = s.get(ImageEdit, edit_id)
        if row is None:
            raise NotFoundError(f"找不到图片编辑 {edit_id} / No image edit with id {edit_id}.")
        row.ops = list(ops)


def export_edit(project, edit_id: int, out: str | Path, fmt: Optional[str] = None) -> imageops.Encoded:
    edit = load_edit(project, edit_id)
    resolve = asset_resolver(project)
    return imageops.export_edit(resolve(edit.asset_id), edit.ops, out, fmt=fmt, resolve=resolve)

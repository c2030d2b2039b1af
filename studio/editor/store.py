"""Articles in the project file: create, load, save (one undoable action each), import and export."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import select

from studio.editor import canvas_store, longimage, markdown_export, markdown_import, wechat_html
from studio.editor.article import Article
from studio.editor.themes import THEMES
from studio.library import catalog, files
from studio.project.errors import StudioError
from studio.project.models.editor import Article as ArticleRow
from studio.project.models.library import Asset

FORMATS = ("wechat-html", "markdown", "long-image")


class ArticleNotFoundError(StudioError):
    def __init__(self, article_id: int) -> None:
        super().__init__(f"找不到图文 {article_id} / No article with id {article_id}. "
                         "List them with `nmstudio article list PROJECT`.")


@dataclass
class ArticleInfo:
    id: int
    title: str
    theme: str
    modified: datetime


_META = ("title", "author", "digest", "cover_asset_id", "cover_canvas_id", "original", "source",
         "source_author", "theme")


def _fill(row: ArticleRow, article: Article) -> None:
    for name in _META:
        setattr(row, name, getattr(article, name))
    row.body = [b.to_dict() for b in article.blocks]


def to_article(row: ArticleRow) -> Article:
    data = {name: getattr(row, name) for name in _META}
    data["blocks"] = row.body or []
    return Article.from_dict(data)


def _row(s, article_id: int) -> ArticleRow:
    row = s.get(ArticleRow, article_id)
    if row is None:
        raise ArticleNotFoundError(article_id)
    return row


def create_article(project, article: Article, label: str = "新建图文 / New article") -> int:
    with project.action(label) as s:
        row = ArticleRow()
        _fill(row, article)
        s.add(row)
        s.flush()
        return row.id


def load_article(project, article_id: int) -> Article:
    with project.read() as s:
        return to_article(_row(s, article_id))


def save_article(project, article_id: int, article: Article, label: str = "编辑图文 / Edit article",
                 merge=None) -> None:
    """One undoable action (saves with the same `merge` key in one typing burst become one)."""
    with project.action(label, merge=merge) as s:
        _fill(_row(s, article_id), article)


def delete_article(project, article_id: int) -> None:
    with project.action("删除图文 / Delete article") as s:
        s.delete(_row(s, article_id))


def list_articles(project) -> list[ArticleInfo]:
    with project.read() as s:
        rows = s.execute(select(ArticleRow.id, ArticleRow.title, ArticleRow.theme, ArticleRow.modified)
                         .order_by(ArticleRow.id)).all()
        return [ArticleInfo(*r) for r in rows]


@dataclass
class LibraryImage:
    id: int
    title: str
    thumbnail: Optional[bytes]


def list_images(project) -> list[LibraryImage]:
    """The library's images, oldest first, for the insert-image list and the cover choice."""
    with project.read() as s:
        rows = s.execute(select(Asset.id, Asset.title, Asset.path).where(Asset.kind == "image")
                         .order_by(Asset.id)).all()
        thumbs = catalog.thumbnails(s, [r[0] for r in rows])
    return [LibraryImage(i, title or Path(path or "").name, thumbs.get(i)) for i, title, path in rows]


def list_cover_designs(project) -> list:
    """Cover designs (封面海报) an article can use as its cover."""
    return canvas_store.list_canvases(project)


def apply_theme(project, article_id: int, theme: str) -> None:
    """One click: the whole article takes the theme (palette, fonts, block styles)."""
    if theme not in THEMES:
        raise StudioError(f"没有主题 {theme!r} / Unknown theme {theme!r}; choose one of {', '.join(THEMES)}.")
    with project.action(f"应用主题 / Apply theme {theme}") as s:
        _row(s, article_id).theme = theme


def asset_paths(project) -> Callable[[int], Optional[Path]]:
    """asset id -> file path for rendering; None when the asset or its file is gone."""
    cache: dict[int, Optional[Path]] = {}

    def resolve(asset_id: int) -> Optional[Path]:
        if asset_id not in cache:
            with project.read() as s:
                asset = s.get(Asset, asset_id)
                path = files.resolve(project, asset.path) if asset is not None else None
            cache[asset_id] = path if path is not None and path.is_file() else None
        return cache[asset_id]

    return resolve


# -- Markdown import ----------------------------------------------------------------------------
def import_markdown(project, path: Path | str, theme: str = "simple", progress=None,
                    cancel=None) -> tuple[int, list[str]]:
    """Import a .md file as a new article; its local images are imported into the library.

    Returns (article id, warnings about images that could not be imported).
    """
    found: list[Path] = []

    def record(image_path: Path) -> int:  # placeholder ids, replaced after one batch import
        found.append(image_path)
        return -len(found)

    result = markdown_import.import_markdown_file(path, record, theme=theme)
    ids = _import_images(project, found, progress, cancel)
    warnings = list(result.warnings)
    kept = []
    for block in result.article.blocks:
        if block.asset_id is not None and block.asset_id < 0:
            image_path = found[-block.asset_id - 1]
            block.asset_id = ids.get(str(image_path))
            if block.asset_id is None:
                warnings.append(f"图片无法导入 / image could not be imported: {image_path.name}")
                if block.kind == "image":
                    continue
        kept.append(block)
    result.article.blocks = kept
    label = f"导入 Markdown / Import {Path(path).name}"
    return create_article(project, result.article, label), warnings


def _import_images(project, paths: list[Path], progress, cancel) -> dict[str, int]:
    if not paths:
        return {}
    from studio.library.import_ import import_paths

    unique = list(dict.fromkeys(p.resolve() for p in paths))
    report = import_paths(project, unique, progress=progress, cancel=cancel)
    by_resolved = {str(Path(p).resolve()): asset_id for p, asset_id in report.imported}
    return {str(p): by_resolved[str(p.resolve())] for p in paths if str(p.resolve()) in by_resolved}


# -- export -------------------------------------------------------------------------------------
def export_article(project, article_id: int, fmt: str, out: Path | str, *, width: int = 1080,
                   max_height: int = longimage.DEFAULT_MAX_HEIGHT, progress=None, cancel=None) -> list[Path]:
    """Export in one of FORMATS; returns the files written (first the main one)."""
    article = load_article(project, article_id)
    paths = asset_paths(project)
    if fmt == "wechat-html":
        files = wechat_html.export_wechat_html(article, out, paths)
        return files + _export_cover(project, article, Path(out), paths)
    if fmt == "markdown":
        return markdown_export.export_markdown(article, out, paths)
    if fmt == "long-image":
        if width not in longimage.WIDTHS:
            raise StudioError(f"长图宽度只能是 1080 或 750 / long-image width must be 1080 or 750, not {width}.")
        return longimage.export(article, out, paths, width=width, max_height=max_height,
                                progress=progress, cancel=cancel)
    raise StudioError(f"未知格式 {fmt!r} / Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")


def _export_cover(project, article: Article, out: Path, paths) -> list[Path]:
    """The cover beside the HTML (`<stem>-cover.png`, 900×383) for upload in the WeChat editor."""
    target = out.with_name(f"{out.stem}-cover.png")
    if article.cover_canvas_id is not None:
        from studio.editor import canvas_store

        try:
            canvas_store.export_canvas(project, article.cover_canvas_id, target, "wechat-cover")
            return [target]
        except StudioError:
            return []
    src = paths(article.cover_asset_id) if article.cover_asset_id is not None else None
    if src is None:
        return []
    target = target.with_suffix(src.suffix.lower())
    shutil.copyfile(src, target)
    return [target]

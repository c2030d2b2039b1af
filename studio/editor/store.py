"""Articles in the project file: create, load, save (one undoable action each), import and export."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import select

from studio.editor import longimage, markdown_export, markdown_import, wechat_html
from studio.editor.article import Article
from studio.editor.themes import THEMES
from studio.library import catalog, files
from studio.project import output
from studio.project import jobs
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
                    cancel=None, allow_outside: bool = False) -> tuple[int, list[str]]:
    """Import a .md file as a new article; its local images are imported into the library.

    ONE action (one transaction, one undo step): the new assets and the article commit together
    or not at all, so a crash or a cancel never leaves images without their article. Images are
    analysed first (in the worker pool, outside the write lock). A Markdown file is untrusted:
    only real images (their content decodes as an image) are imported, and only from the
    Markdown file's folder tree unless `allow_outside` (`![x](../../secret.txt)` must not pull a
    private file into the project, to be copied out by the next export). Everything skipped is
    named in the returned warnings.

    Returns (article id, warnings about images that could not be imported).
    """
    path = Path(path)
    found: list[Path] = []

    def record(image_path: Path) -> int:  # placeholder ids, replaced once the images are in
        found.append(image_path)
        return -len(found)

    result = markdown_import.import_markdown_file(path, record, theme=theme)
    warnings = list(result.warnings)
    images, refused = _analyse_images(path, found, allow_outside, progress, cancel)
    jobs.check(cancel)  # the last moment to cancel: after this the import is written at once
    label = f"导入 Markdown / Import {path.name}"
    with project.action(label) as s:
        ids = _insert_images(s, images)
        kept = []
        for block in result.article.blocks:
            if block.asset_id is not None and block.asset_id < 0:
                image_path = found[-block.asset_id - 1]
                block.asset_id = ids.get(_key(image_path))
                if block.asset_id is None:
                    reason = refused.get(_key(image_path), "")
                    warnings.append(f"图片未导入 / image not imported: {image_path.name}"
                                    + (f" — {reason}" if reason else ""))
                    if block.kind == "image":
                        continue
            kept.append(block)
        result.article.blocks = kept
        row = ArticleRow()
        _fill(row, result.article)
        s.add(row)
        s.flush()
        article_id = row.id
    return article_id, list(dict.fromkeys(warnings))


def _key(path: Path) -> str:
    return str(path.resolve())


def _analyse_images(md_path: Path, paths: list[Path], allow_outside: bool, progress, cancel):
    """(resolved path -> Analysed image, resolved path -> why it was refused)."""
    from studio.library.analyse import Skipped
    from studio.library.import_ import analyse_files

    root = md_path.resolve().parent
    refused: dict[str, str] = {}
    todo: list[Path] = []
    for p in dict.fromkeys(Path(_key(p)) for p in paths):
        if not allow_outside and not p.is_relative_to(root):
            refused[str(p)] = ("不在 Markdown 文件所在的文件夹里，未导入 / outside the Markdown file's folder, "
                               "not imported")
        else:
            todo.append(p)
    images = {}
    if progress:
        progress(0, len(todo))
    for done, item in enumerate(analyse_files(todo, cancel=cancel), 1):
        if isinstance(item, Skipped):
            refused[item.path] = item.reason
        elif item.kind != "image":
            refused[item.path] = "不是图片文件 / not an image file"
        else:
            images[item.path] = item
        if progress:
            progress(done, len(todo))
    return images, refused


def _insert_images(s, images: dict) -> dict[str, int]:
    """Add the analysed images as assets in session `s`; an image already in the library at the
    same path with the same content is reused."""
    from studio.library.import_ import insert

    known = catalog.by_path(s, list(images))
    ids = {}
    for key, item in images.items():
        asset_id, sha = known.get(key, (None, None))
        ids[key] = asset_id if asset_id is not None and sha == item.sha256 else insert(s, item)
    return ids


# -- export -------------------------------------------------------------------------------------
def export_article(project, article_id: int, fmt: str, out: Path | str, *, width: int = 1080,
                   max_height: int = longimage.DEFAULT_MAX_HEIGHT, progress=None, cancel=None) -> list[Path]:
    """Export in one of FORMATS; returns the files written (first the main one)."""
    article = load_article(project, article_id)
    paths = asset_paths(project)
    if fmt in ("wechat-html", "markdown"):  # a page and the pictures beside it: all or none
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        with output.removed_on_failure(Path(out).parent):
            if fmt == "markdown":
                return markdown_export.export_markdown(article, out, paths)
            files = wechat_html.export_wechat_html(article, out, paths)
            return files + _export_cover(project, article, Path(out), paths)
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
    return [output.copy_file(src, target)]

"""`nmstudio article ...`: graphic-text articles (图文) — import Markdown, export, list, theme, check."""
from __future__ import annotations

import argparse
import sys

from studio.cli.common import opened, print_json
from studio.editor import longimage, proofread, store
from studio.editor.themes import THEMES


def register(sub) -> None:
    article = sub.add_parser("article", help="graphic-text articles (图文排版)")
    asub = article.add_subparsers(dest="article_command", metavar="ACTION", required=True)

    p = asub.add_parser("import", help="import a Markdown file as a new article")
    p.add_argument("project")
    p.add_argument("file", help="a .md file (CommonMark); its local images go to the library")
    p.add_argument("--theme", default="simple", choices=sorted(THEMES))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = asub.add_parser("export", help="export as WeChat HTML, Markdown or a long image")
    p.add_argument("project")
    p.add_argument("id", type=int)
    p.add_argument("--format", required=True, choices=store.FORMATS)
    p.add_argument("--out", required=True,
                   help="output file; long images: the first PNG/JPEG, further parts get -2, -3 ...")
    p.add_argument("--width", type=int, default=1080, choices=longimage.WIDTHS, help="long-image width")
    p.add_argument("--max-height", type=int, default=longimage.DEFAULT_MAX_HEIGHT,
                   help="long-image part height limit in pixels")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)

    p = asub.add_parser("list", help="articles in a project")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = asub.add_parser("theme", help="apply a theme to a whole article")
    p.add_argument("project")
    p.add_argument("id", type=int)
    p.add_argument("theme", choices=sorted(THEMES))
    p.set_defaults(func=cmd_theme)

    p = asub.add_parser("proofread", help="counts, punctuation, spacing, typos and length limits")
    p.add_argument("project")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_proofread)


def cmd_import(args: argparse.Namespace) -> int:
    with opened(args.project) as project:
        article_id, warnings = store.import_markdown(project, args.file, theme=args.theme)
    for warning in warnings:
        print(f"警告 / warning: {warning}", file=sys.stderr)
    if args.json:
        print_json({"id": article_id})
    else:
        print(f"已导入图文 {article_id} / imported article {article_id}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project:
        files = store.export_article(project, args.id, args.format, args.out, width=args.width,
                                     max_height=args.max_height)
    if args.json:
        print_json({"files": [str(f) for f in files]})
    else:
        for f in files:
            print(f)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project:
        items = store.list_articles(project)
    if args.json:
        print_json([{"id": a.id, "title": a.title, "theme": a.theme, "modified": a.modified.isoformat()}
                    for a in items])
    else:
        for a in items:
            print(f"{a.id}\t{a.theme}\t{a.title}")
    return 0


def cmd_theme(args: argparse.Namespace) -> int:
    with opened(args.project) as project:
        store.apply_theme(project, args.id, args.theme)
    return 0


def cmd_proofread(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project:
        report = proofread.proofread(store.load_article(project, args.id))
    s = report.stats
    if args.json:
        print_json({"stats": s.__dict__, "issues": [i.__dict__ for i in report.issues]})
        return 0
    print(f"字数 {s.chars}（汉字 {s.cjk}，英文词 {s.words}），图片 {s.images}，阅读约 {s.reading_minutes} 分钟")
    for issue in report.issues:
        print(f"[{issue.where}] {issue.message}: {issue.text!r}" + (f" → {issue.suggestion!r}" if issue.suggestion else ""))
    return 0

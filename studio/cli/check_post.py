"""`nmstudio check post PROJECT KIND ID [--json] [--html OUT]`: the full post report (发布检查),
sensitive words and copyright. Registered from the `check` group in studio/cli/check.py."""
from __future__ import annotations

import argparse
from contextlib import contextmanager
from pathlib import Path

from studio.cli.common import print_json


def register(csub) -> None:
    p = csub.add_parser("post", help="full report of one post: sensitive words and copyright (发布检查)")
    p.add_argument("project", metavar="PROJECT", help="project file (.nms)")
    p.add_argument("kind", metavar="KIND", help="article | cover | video")
    p.add_argument("id", metavar="ID", type=int, help="the post's id (see `nmstudio article list`, ...)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--html", metavar="OUT", help="also write a self-contained HTML report")
    p.set_defaults(func=cmd_post)


def cmd_post(args: argparse.Namespace) -> int:
    from studio.check.report import build_report
    from studio.check.report_html import write_html

    with _open(args.project) as project:
        report = build_report(project, args.kind, args.id)
    if args.html:
        write_html(report, Path(args.html))
    if args.json:
        print_json(report.to_dict())
    else:
        print_text(report, args.html)
    return 1 if report.overall == "block" else 0


@contextmanager
def _open(path):
    """Writable (fingerprints get cached), or read-only while the window has the project open."""
    from studio.project import open_project
    from studio.project.errors import ProjectLockedError, ProjectReadOnlyError

    try:
        project = open_project(path)
    except (ProjectLockedError, ProjectReadOnlyError):
        project = open_project(path, readonly=True)
    try:
        yield project
    finally:
        project.close()


def print_text(report, html: str | None) -> None:
    from studio.check.finding import AREAS_ZH, LEVEL_ZH

    counts = report.counts()
    print(f"{report.title}（{report.kind} #{report.id}）：{LEVEL_ZH[report.overall]} / {report.overall}"
          f"  禁止 {counts['block']} · 需处理 {counts['warn']} · 提示 {counts['notice']}")
    print("素材 / media:")
    for a in report.assets:
        ident = f"#{a.asset_id}" if a.asset_id is not None else "(未入库)"
        print(f"  [{LEVEL_ZH[a.status]}] {ident} {a.title}  授权：{a.licence_zh}  用于：{'、'.join(a.uses)}")
    print("字体 / fonts:")
    for f in report.fonts:
        table = f.entry.zh if f.entry else "授权表中没有"
        print(f"  [{LEVEL_ZH[f.status]}] {f.display}  {table}  用于：{'、'.join(f.uses)}")
    if report.findings:
        print("问题 / findings:")
    for f in report.findings:
        print(f"  [{LEVEL_ZH[f.level]}] {AREAS_ZH.get(f.area, f.area)} · {f.where} · {f.subject}：{f.message}\n"
              f"      → {f.fix}")
    if html:
        print(f"HTML 报告 / report: {html}")

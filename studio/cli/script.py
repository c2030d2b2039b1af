"""Shooting-script commands: `nmstudio script list|export`."""
from __future__ import annotations

from studio.cli.common import opened, print_rows


def register(sub) -> None:
    p = sub.add_parser("script", help="shooting scripts (分镜脚本): list and export")
    ssub = p.add_subparsers(dest="script_command", metavar="ACTION", required=True)
    q = ssub.add_parser("list", help="list the shooting scripts of a project")
    q.add_argument("project", metavar="PROJECT")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
    q = ssub.add_parser("export", help="export a script to .xlsx, .csv or .md")
    q.add_argument("project", metavar="PROJECT")
    q.add_argument("script_id", type=int, metavar="SCRIPT_ID")
    q.add_argument("--out", required=True, metavar="FILE.xlsx|.csv|.md")
    q.set_defaults(func=cmd_export)


def cmd_list(args) -> int:
    from studio.video import script

    with opened(args.project, readonly=True) as project:
        items = script.list_scripts(project)
    print_rows(args.json, items, lambda it: f"{it['id']:>4}  {it['title']}  ({it['shots']} shots, {it['duration']:.1f} s)")
    return 0


def cmd_export(args) -> int:
    from studio.video import script

    with opened(args.project, readonly=True) as project:
        doc = script.load(project, args.script_id)
    out = script.export(doc, args.out)
    print(f"{out}  {len(doc.shots)} shots, {doc.total_duration:.1f} s")
    return 0

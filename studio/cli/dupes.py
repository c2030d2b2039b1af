"""Near-duplicate finder command (查重): `nmstudio dupes PROJECT [--json]`."""
from __future__ import annotations

from studio.cli.common import opened, print_json


def register(sub) -> None:
    p = sub.add_parser("dupes", help="find copies of one picture or video in the library (查重)")
    p.add_argument("path", metavar="PROJECT")
    p.add_argument("--json", action="store_true",
                   help='print {"groups": [[path, ...], ...]}, each group the copies of one picture')
    p.set_defaults(func=cmd_dupes)


def cmd_dupes(args) -> int:
    from studio.library.dupes import find_group_paths

    with opened(args.path) as project:
        groups = find_group_paths(project)
    if args.json:
        print_json({"groups": groups})
        return 0
    if not groups:
        print("没有发现重复 / no duplicates found")
    for n, paths in enumerate(groups, start=1):
        print(f"第 {n} 组 / group {n} ({len(paths)}):")
        for path in paths:
            print(f"  {path}")
    return 0

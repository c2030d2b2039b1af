"""Project commands: new, info, undo, redo, history, recover."""
from __future__ import annotations

from studio.cli.common import opened, print_json
from studio.project import create_project


def register(sub) -> None:
    p = sub.add_parser("new", help="create a project file (新建项目)")
    p.add_argument("path", metavar="PATH.nms")
    p.add_argument("--name", default="")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("info", help="schema version, contents and integrity (项目信息)")
    p.add_argument("path", metavar="PATH.nms")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    for name, helptext in (("undo", "undo the last action (撤销)"), ("redo", "redo (重做)")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("path", metavar="PATH.nms")
        p.set_defaults(func=cmd_undo_redo)

    p = sub.add_parser("history", help="list undoable actions (操作历史)")
    p.add_argument("path", metavar="PATH.nms")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("recover", help="copy what can be read from a damaged project into a new file (恢复项目)")
    p.add_argument("path", metavar="DAMAGED.nms")
    p.add_argument("target", metavar="NEW.nms")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_recover)


def cmd_new(args) -> int:
    project = create_project(args.path, name=args.name)
    print(f"Created {project.path}")
    project.close()
    return 0


def cmd_info(args) -> int:
    with opened(args.path, readonly=True) as project:
        info = project.info()
    if args.json:
        print_json(info)
    else:
        print(f"{info['name']}  ({info['path']})")
        print(f"schema: {info['schema_version']}   integrity: {info['integrity']}   size: {info['size_bytes']} bytes")
        for table, count in info["counts"].items():
            print(f"  {table:24} {count}")
    return 0 if info["integrity"] == "ok" else 1


def cmd_undo_redo(args) -> int:
    with opened(args.path) as project:
        label = project.undo() if args.command == "undo" else project.redo()
    print(f"{args.command}: {label}" if label else f"Nothing to {args.command}.")
    return 0


def cmd_history(args) -> int:
    with opened(args.path, readonly=True) as project:
        items = project.history()
    if args.json:
        print_json({"actions": items})
    else:
        for item in items:
            print(f"{item['id']:5} {'(undone) ' if item['undone'] else ''}{item['label']}  {item['at']}")
    return 0


def cmd_recover(args) -> int:
    from studio.project.recover import recover

    result = recover(args.path, args.target)
    lost = sum(result.lost.values())
    if args.json:
        print_json({"path": str(result.path), "rows": result.rows, "lost": result.lost})
    else:
        print(f"Recovered {sum(result.rows.values())} rows into {result.path}"
              + (f"; {lost} could not be read" if lost else "") + f". The original {args.path} is unchanged.")
    return 0

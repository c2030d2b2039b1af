"""Material library commands: import, assets, relink, asset-set, note, export-asset, collect."""
from __future__ import annotations

import sys

from studio.cli.common import opened, print_json
from studio.project.models.library import ASSET_KINDS, COLORS, LICENCES


def register(sub) -> None:
    p = sub.add_parser("import", help="import files and folders into the library (导入素材)")
    p.add_argument("path", metavar="PROJECT")
    p.add_argument("files", metavar="PATH", nargs="+")
    p.add_argument("--tag", action="append", default=[], help="tag every imported item (repeatable)")
    p.add_argument("--licence", choices=LICENCES, help="licence of the imported items")
    p.add_argument("--author", help="author of the imported items")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("assets", help="list or search the library (素材列表/搜索)")
    p.add_argument("path", metavar="PROJECT")
    p.add_argument("--search", metavar="Q", default="", help="words to find in titles, tags, notes, file names")
    p.add_argument("--kind", choices=ASSET_KINDS)
    p.add_argument("--tag", action="append", default=[], help="only items with this tag (repeatable)")
    p.add_argument("--missing", action="store_true", help="only items whose file is missing")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_assets)

    p = sub.add_parser("relink", help="find moved files again by content hash (重新链接)")
    p.add_argument("path", metavar="PROJECT")
    p.add_argument("folder", metavar="FOLDER")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_relink)

    p = sub.add_parser("asset-set", help="edit tags, rating and provenance of assets (编辑素材信息)")
    p.add_argument("path", metavar="PROJECT")
    p.add_argument("ids", metavar="ID", type=int, nargs="+")
    p.add_argument("--title")
    p.add_argument("--add-tag", action="append", default=[])
    p.add_argument("--remove-tag", action="append", default=[])
    p.add_argument("--rating", type=int, choices=range(6))
    p.add_argument("--color", choices=[c for c in COLORS if c] + ["none"])
    p.add_argument("--licence", choices=LICENCES)
    p.add_argument("--cert", dest="licence_cert", help="certificate number of a purchased licence")
    p.add_argument("--author")
    p.add_argument("--platform")
    p.add_argument("--source-url")
    p.add_argument("--commercial", choices=["yes", "no", "unknown"])
    p.add_argument("--expires", dest="licence_expires", metavar="YYYY-MM-DD")
    p.add_argument("--attribution")
    p.add_argument("--notes")
    p.set_defaults(func=cmd_asset_set)

    p = sub.add_parser("note", help="add a hot-topic note (热点素材)")
    p.add_argument("path", metavar="PROJECT")
    p.add_argument("title")
    p.add_argument("--summary", default="")
    p.add_argument("--url", default="")
    p.add_argument("--seen", metavar="YYYY-MM-DD")
    p.add_argument("--platform", default="")
    p.add_argument("--tag", action="append", default=[])
    p.set_defaults(func=cmd_note)

    p = sub.add_parser("export-asset", help="copy an asset out with its attribution line (导出素材)")
    p.add_argument("path", metavar="PROJECT")
    p.add_argument("id", type=int)
    p.add_argument("dest", metavar="FOLDER")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("collect", help="copy all media next to the project (收集素材)")
    p.add_argument("path", metavar="PROJECT")
    p.set_defaults(func=cmd_collect)


def _progress(label: str):
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        print(f"\r{label} {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    return report


def cmd_import(args) -> int:
    from studio.library.import_ import import_paths

    provenance = {k: v for k, v in (("licence", args.licence), ("author", args.author)) if v}
    with opened(args.path) as project:
        report = import_paths(project, args.files, tags=args.tag, provenance=provenance,
                              progress=_progress("导入 / Importing"))
    if args.json:
        print_json(report.as_json())
    else:
        new = len(report.imported) - report.already
        print(f"导入 {new} 个 / imported {new}"
              + (f"，{report.already} 个已在素材库 / {report.already} already in the library" if report.already else ""))
        for s in report.skipped:
            print(f"跳过 / skipped: {s.path}: {s.reason}")
    return 1 if report.skipped else 0


def cmd_assets(args) -> int:
    from studio.library import catalog
    from studio.library.files import resolve
    from studio.project.models.library import Asset

    rules = []
    if args.kind:
        rules.append({"field": "kind", "op": "in", "value": [args.kind]})
    if args.tag:
        rules.append({"field": "tags", "op": "has_all", "value": args.tag})
    with opened(args.path, readonly=True) as project, project.read() as s:
        ids = catalog.find(s, args.search, rule={"op": "and", "rules": rules})
        assets = {a.id: a for a in s.query(Asset).filter(Asset.id.in_(ids))} if ids else {}
        items = []
        for i in ids:
            item = _asset_json(assets[i], catalog.tags_of(s, i))
            item["missing"] = bool(item["path"]) and not resolve(project, item["path"]).exists()
            if item["missing"] or not args.missing:
                items.append(item)
            if args.limit and len(items) >= args.limit:
                break
    if args.json:
        print_json({"assets": items, "count": len(items)})
    else:
        for a in items:
            flag = " [缺失 missing]" if a["missing"] else ""
            tags = f"  #{' #'.join(a['tags'])}" if a["tags"] else ""
            print(f"{a['id']:>6}  {a['kind']:<5}  {a['title']}{tags}  [{a['licence']}]{flag}  {a['path'] or ''}")
        print(f"{len(items)} 个素材 / item(s)")
    return 0


def _asset_json(a, tags: list[str]) -> dict:
    return {
        "id": a.id, "kind": a.kind, "title": a.title, "path": a.path, "size": a.size, "sha256": a.sha256,
        "tags": tags, "rating": a.rating, "color": a.color, "missing": bool(a.missing), "meta": a.meta,
        "duration": a.duration, "added": a.added.isoformat(timespec="seconds") if a.added else None,
        "taken": a.taken.isoformat(timespec="seconds") if a.taken else None, "notes": a.notes,
        "source_url": a.source_url, "author": a.author, "platform": a.platform, "licence": a.licence,
        "licence_cert": a.licence_cert, "commercial_ok": a.commercial_ok,
        "licence_expires": a.licence_expires.isoformat() if a.licence_expires else None,
        "attribution": a.attribution,
    }


def cmd_relink(args) -> int:
    from studio.library.files import relink

    with opened(args.path) as project:
        report = relink(project, args.folder, progress=_progress("查找 / Searching"))
    if args.json:
        print_json({"relinked": [{"id": i, "old": old, "path": new} for i, old, new in report.relinked],
                    "missing": report.still_missing})
    else:
        for _, old, new in report.relinked:
            print(f"{old} -> {new}")
        print(f"重新链接 {len(report.relinked)} 个 / relinked {len(report.relinked)}; "
              f"仍缺失 {len(report.still_missing)} 个 / still missing {len(report.still_missing)}")
    return 0


def cmd_asset_set(args) -> int:
    from studio.library import ops

    fields = {k: getattr(args, k) for k in ("title", "rating", "licence", "licence_cert", "author", "platform",
                                            "source_url", "licence_expires", "attribution", "notes")
              if getattr(args, k) is not None}
    if args.color is not None:
        fields["color"] = "" if args.color == "none" else args.color
    if args.commercial is not None:
        fields["commercial_ok"] = {"yes": True, "no": False, "unknown": None}[args.commercial]
    with opened(args.path) as project:
        _check_ids(project, args.ids)
        ops.update(project, args.ids, **fields)
        ops.add_tags(project, args.ids, args.add_tag)
        ops.remove_tags(project, args.ids, args.remove_tag)
    return 0


def _check_ids(project, ids) -> None:
    from studio.project.errors import StudioError
    from studio.project.models.library import Asset

    with project.read() as s:
        found = {i for (i,) in s.query(Asset.id).filter(Asset.id.in_(ids))}
    if set(ids) - found:
        raise StudioError(f"没有这些素材 / no asset with id {sorted(set(ids) - found)}; see `nmstudio assets`.")


def cmd_note(args) -> int:
    from studio.library import ops

    with opened(args.path) as project:
        note_id = ops.create_note(project, args.title, summary=args.summary, source_url=args.url,
                                  seen_on=args.seen, platform=args.platform, tags=args.tag)
    print(note_id)
    return 0


def cmd_export(args) -> int:
    from studio.library.files import export_asset

    with opened(args.path) as project:
        _check_ids(project, [args.id])
        out, line = export_asset(project, args.id, args.dest)
    print(out)
    print(line)
    return 0


def cmd_collect(args) -> int:
    from studio.library.files import collect_project

    with opened(args.path) as project:
        report = collect_project(project, progress=_progress("复制 / Copying"))
    print(f"复制 {report.copied} 个文件到 {report.folder} / copied {report.copied} file(s); "
          f"缺失 {len(report.missing)} / missing {len(report.missing)}")
    return 1 if report.missing else 0

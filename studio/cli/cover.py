"""`nmstudio cover ...`: covers and posters (封面海报) — list, create from a template, export."""
from __future__ import annotations

import argparse

from studio.cli.common import opened, print_json, print_rows
from studio.editor import canvas_store
from studio.editor.canvas import from_template, new_canvas
from studio.editor.presets import PresetError, get_template, load_presets, load_templates


def register(sub) -> None:
    cover = sub.add_parser("cover", help="covers and posters (封面海报)")
    csub = cover.add_subparsers(dest="cover_command", metavar="ACTION", required=True)

    p = csub.add_parser("export", help="export a cover at a preset's exact size (PNG or JPEG)")
    p.add_argument("project")
    p.add_argument("id", type=int)
    p.add_argument("--preset", help="size preset (see `nmstudio cover presets`); default: the cover's own")
    p.add_argument("--out", required=True, help="output file; .png or .jpg decides the format")
    p.add_argument("--max-kb", type=float, help="compress under this many kilobytes")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)

    p = csub.add_parser("list", help="covers and posters in a project")
    p.add_argument("project")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = csub.add_parser("new", help="create a cover from a template or an empty preset")
    p.add_argument("project")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--template", help="template key (see `nmstudio cover templates`)")
    group.add_argument("--preset", help="empty canvas of this preset")
    p.add_argument("--name", default="")
    p.add_argument("--qr", help="link for the QR-code layers (interactive poster / 互动海报)")
    p.add_argument("--size", help="WIDTHxHEIGHT for --preset custom, e.g. 1200x800")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_new)

    p = csub.add_parser("presets", help="size presets (editable data)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_presets)

    p = csub.add_parser("templates", help="cover and poster templates")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_templates)


def cmd_export(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project:
        preset = args.preset
        if not preset:  # the cover's own preset; a custom size exports at its own size
            preset = canvas_store.load_canvas(project, args.id).preset
            preset = preset if preset in load_presets() and preset != "custom" else None
        max_bytes = int(args.max_kb * 1024) if args.max_kb else None
        enc = canvas_store.export_canvas(project, args.id, args.out, preset, max_bytes)
    result = {"path": str(args.out), "width": enc.width, "height": enc.height,
              "format": enc.format.lower(), "bytes": len(enc.data)}
    if args.json:
        print_json(result)
    else:
        print(f"{args.out}  {enc.width}×{enc.height} {enc.format} {len(enc.data) // 1024} KB")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project:
        items = canvas_store.list_canvases(project)
    print_rows(args.json, items, lambda i: f"{i.id:>4}  {i.width}×{i.height}  {i.preset:<14} {i.name}",
               data=[vars(i) for i in items])
    return 0


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = text.lower().replace("×", "x").split("x")
        return int(w), int(h)
    except ValueError:
        raise PresetError(f"尺寸格式应为 宽x高 / Size must look like 1200x800, not {text!r}.") from None


def cmd_new(args: argparse.Namespace) -> int:
    if args.template:
        canvas = from_template(get_template(args.template).data, args.name)
    else:
        w, h = _size(args.size) if args.size else (0, 0)
        canvas = new_canvas(args.preset, args.name, w, h)
    if args.qr:
        for layer in canvas.layers:
            if layer.kind == "qr":
                layer.props["data"] = args.qr
    with opened(args.project) as project:
        new_id = canvas_store.add_canvas(project, canvas)
    if args.json:
        print_json({"id": new_id})
    else:
        print(f"{new_id}  {canvas.width}×{canvas.height}  {canvas.name}")
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    presets = load_presets()
    print_rows(args.json, presets.values(), lambda p: f"{p.key:<14} {p.width:>5}×{p.height:<5} {p.name_zh} / {p.name_en}",
               data=[p.to_dict() for p in presets.values()])
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    templates = load_templates()
    print_rows(args.json, templates, lambda t: f"{t.key:<18} {t.preset:<14} {t.name_zh} / {t.name_en}",
               data=[{"key": t.key, "name_zh": t.name_zh, "name_en": t.name_en, "preset": t.preset} for t in templates])
    return 0

"""`nmstudio gui`: start the window (optionally on the demo, on one view, and screenshot it)."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("gui", help="open the window (打开图形界面)")
    p.add_argument("path", nargs="?", metavar="PATH.nms")
    p.add_argument("--demo", action="store_true", help="open the bundled demo project")
    p.add_argument("--view", help="page to show: library, editor, canvas, video, script, check, ...")
    p.add_argument("--scale", type=float, help="UI scale: 1, 1.25, 1.5 or 2")
    p.add_argument("--lang", choices=["zh", "en"])
    p.add_argument("--contrast", action="store_true", help="high-contrast projector theme")
    p.add_argument("--screenshot", metavar="OUT.png", help="render the window to a PNG and exit")
    p.add_argument("--size", default="1280x800", help="window size for screenshots, WxH")
    p.set_defaults(func=cmd_gui)


def cmd_gui(args) -> int:
    from studio.ui.app import run

    return run(args)

"""The `nmstudio` command line: thin; parses arguments, calls the core, prints text or --json.

Each module in this package with a `register(subparsers)` function adds its commands, and
COMMANDS says which module holds which command, so that running one command imports only its
module (start-up time matters: `nmstudio beats` must answer within a second).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from studio import __version__
from studio.project.errors import StudioError


COMMANDS = {
    "new": "project", "info": "project", "undo": "project", "redo": "project", "history": "project",
    "recover": "project",
    "gui": "gui",
    "import": "library", "assets": "library", "relink": "library", "asset-set": "library", "note": "library",
    "export-asset": "library", "collect": "library",
    "dupes": "dupes",
    "article": "editor", "cover": "cover",
    "beats": "video", "beatcut": "video", "render": "video", "videos": "video", "video-cover": "video",
    "script": "script",
    "check": "check",
}

CLEANS_TEMP = {"gui", "render", "beatcut", "video-cover"}  # commands that make private temp folders


def build_parser(modules: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nmstudio", description="新媒体工作室 New Media Studio — offline new-media production")
    parser.add_argument("--version", action="version", version=f"nmstudio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules or sorted(set(COMMANDS.values())):
        module = importlib.import_module(f"{__name__}.{name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _utf8_stdio()
    argv = sys.argv[1:] if argv is None else argv
    first = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser([COMMANDS[first]] if first in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if args.command in CLEANS_TEMP:
        from studio.project.output import clean_stale_temp

        clean_stale_temp()  # what a killed earlier run left in the temp folder (one glob: cheap)
    try:
        return int(args.func(args) or 0)
    except StudioError as err:
        print(f"nmstudio: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a user
        from studio.userdata import write_crash_log

        try:
            where = f" Details were written to {write_crash_log(exc)}."
        except Exception:  # noqa: BLE001 - not even the log could be written (full disk)
            where = ""
        print(f"nmstudio: unexpected error (意外错误): {exc}.{where}", file=sys.stderr)
        return 3


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass

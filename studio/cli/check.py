"""`nmstudio check ...`: the content checker (内容审核). Each sub-command registers itself below;
the copyright report (`check post`) joins as another ``_register_*`` function in this file."""
from __future__ import annotations

import argparse
from pathlib import Path

from studio.cli import check_post
from studio.cli.common import print_json
from studio.project.errors import StudioError

PLATFORM_CHOICES = ("douyin", "xiaohongshu", "wechat", "weibo")


class UsageError(StudioError):
    exit_code = 2


def register(sub) -> None:
    p = sub.add_parser("check", help="content checker: sensitive words, copyright (内容审核)")
    csub = p.add_subparsers(dest="check_command", metavar="CHECK")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
    _register_text(csub)
    check_post.register(csub)


def _register_text(csub) -> None:
    p = csub.add_parser("text", help="find sensitive and non-compliant words in a text file (敏感词检查)")
    p.add_argument("file", metavar="FILE", help="UTF-8 text file")
    p.add_argument("--lexicon", action="append", default=[], metavar="LEX",
                   help="extra lexicon (.txt/.csv/.xlsx), repeatable")
    p.add_argument("--no-builtin", action="store_true", help="use only the --lexicon files")
    p.add_argument("--platform", choices=PLATFORM_CHOICES, help="apply a platform profile")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_text)


def build_lexicon(paths: list[str], no_builtin: bool, platform: str | None):
    from studio.check import lexicon as lx

    if no_builtin and not paths:
        raise UsageError("--no-builtin 需要至少一个 --lexicon 词库。 / --no-builtin needs at least one --lexicon.")
    lex = lx.Lexicon("cli") if no_builtin else lx.builtin()
    for path in paths:
        if not Path(path).is_file():
            raise UsageError(f"找不到词库文件：{path} / lexicon file not found: {path}")
        lex.extend(lx.load(path))
    return lx.apply_platform(lex, platform)


def read_text_file(path: str) -> str:
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"找不到文件：{path} / file not found: {path}")
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise UsageError(f"{path} 不是 UTF-8 文本，请另存为 UTF-8。 / {path} is not UTF-8 text ({err}).") from err


def cmd_text(args: argparse.Namespace) -> int:
    from studio.check.lexicon import SEVERITY_ZH, category_label
    from studio.check.matcher import Matcher

    text = read_text_file(args.file)
    findings = Matcher(build_lexicon(args.lexicon, args.no_builtin, args.platform)).scan(text)
    if args.json:
        print_json({"findings": [f.public() for f in findings]})
    else:
        for f in findings:
            line = text.count("\n", 0, f.start) + 1
            sugg = f" → {f.suggestion}" if f.suggestion else ""
            print(f"{line}:{f.start}-{f.end}\t[{SEVERITY_ZH[f.severity]}] {category_label(f.category)}\t"
                  f"“{f.text}” ({f.term}){sugg}")
        print(f"共 {len(findings)} 处 / {len(findings)} finding(s)")
    return 1 if any(f.severity in ("block", "high") for f in findings) else 0

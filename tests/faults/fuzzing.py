"""Damaged inputs for the fuzz test and `benchmarks/fuzz.py`: valid seed files of each kind,
mutated with a fixed seed (flipped bytes, truncation, inserted junk, swapped blocks), each run
through the public command that reads that kind of file in a child process.

An outcome is one of: ok (read), clean (a StudioError: exit 1 or 2 with a message), unexpected
(exit 3: a crash log), hang (over the time limit) or crash (killed by a signal).
"""
from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from PIL import Image

KINDS = ("image", "video", "audio", "text", "markdown", "srt", "xlsx", "project")
OUTCOMES = ("ok", "clean", "unexpected", "hang", "crash")


def seed_files(folder: Path) -> dict[str, Path]:
    """One valid file of each kind."""
    from studio.media import synth
    from studio.project import create_project
    from studio.project.models import Asset

    folder.mkdir(parents=True, exist_ok=True)
    files = {"image": folder / "seed.jpg", "video": folder / "seed.mp4", "audio": folder / "seed.wav",
             "text": folder / "seed.txt", "markdown": folder / "seed.md", "srt": folder / "seed.srt",
             "xlsx": folder / "seed.xlsx", "project": folder / "seed.nms"}
    Image.new("RGB", (64, 48), "#3366cc").save(files["image"], quality=80)
    synth.write_clip(files["video"], seconds=1, size="64x48", fps=10)
    synth.write_music(files["audio"], seconds=2)
    files["text"].write_text("全网最低价，效果最好！加微信领取。\n第二行正常文字。\n", encoding="utf-8")
    files["markdown"].write_text("# 标题\n\n正文 **加粗** [链接](https://example.com)\n\n![图](seed.jpg)\n\n- 一\n- 二\n",
                                 encoding="utf-8")
    files["srt"].write_text("1\n00:00:00,000 --> 00:00:01,500\n第一句\n\n2\n00:00:01,500 --> 00:00:03,000\n第二句\n",
                            encoding="utf-8")
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["term", "category", "severity"])
    book.active.append(["违禁词", "ad", "high"])
    book.save(files["xlsx"])
    with create_project(files["project"]) as p:
        with p.action("note") as s:
            s.add(Asset(kind="note", title="笔记", notes="内容" * 200))
    return files


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        how = rng.choice(("flip", "truncate", "insert", "swap", "zero"))
        if not out:
            break
        at = rng.randrange(len(out))
        if how == "flip":
            for i in range(at, min(len(out), at + rng.randint(1, 32))):
                out[i] = rng.randrange(256)
        elif how == "truncate":
            del out[at:]
        elif how == "insert":
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif how == "swap" and len(out) > 64:
            b = rng.randrange(len(out))
            n = rng.randint(1, 32)
            out[at:at + n], out[b:b + n] = out[b:b + n], out[at:at + n]
        else:
            out[at:at + rng.randint(1, 512)] = b"\0" * len(out[at:at + 512])
    return bytes(out)


_SRT = "import sys; from studio.video import captions\ntry:\n captions.read_srt(sys.argv[1])\n" \
       "except Exception as e:\n from studio.project.errors import StudioError\n sys.exit(2 if isinstance(e, StudioError) else 3)"


def command(kind: str, path: Path, work: Path) -> list[str]:
    """The command line that reads a file of `kind` (SRT has no command: its reader, directly)."""
    if kind == "srt":
        return [sys.executable, "-c", _SRT, str(path)]
    project = work / f"target-{path.stem}.nms"
    args = {"image": ["import", str(project)], "video": ["import", str(project)], "audio": ["import", str(project)],
            "markdown": ["article", "import", str(project)], "text": ["check", "text"],
            "xlsx": ["check", "text", str(work / "sample.txt"), "--lexicon"]}.get(kind, ["info"])
    return [sys.executable, "-m", "studio", *args, str(path)]


def run(kind: str, path: Path, work: Path, timeout: float = 60.0) -> str:
    """Run the reading command on `path` in a child process; the outcome."""
    if kind in ("image", "video", "audio", "markdown"):
        target = work / f"target-{path.stem}.nms"
        if not target.exists():
            subprocess.run([sys.executable, "-m", "studio", "new", str(target)], capture_output=True, check=True)
    (work / "sample.txt").write_text("违禁词 测试\n", encoding="utf-8")
    try:
        done = subprocess.run(command(kind, path, work), capture_output=True, timeout=timeout, cwd=work)
    except subprocess.TimeoutExpired:
        return "hang"
    if done.returncode < 0:
        return "crash"
    if done.returncode == 3 or b"Traceback" in done.stderr:
        return "unexpected"
    return "ok" if done.returncode == 0 else "clean"


def cases(files: dict[str, Path], folder: Path, per_kind: int, seed: int):
    """(kind, damaged file) pairs, `per_kind` of each, reproducible from `seed`."""
    rng = random.Random(seed)
    for kind in KINDS:
        data = files[kind].read_bytes()
        for n in range(per_kind):
            damaged = folder / f"{kind}-{n}{files[kind].suffix}"
            damaged.write_bytes(mutate(data, rng))
            yield kind, damaged

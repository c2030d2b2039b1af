"""The main window on the demo project: the longest event-loop stall of each page's first open,
of later page switches and of a few ordinary edits, against a 100 ms budget.

    xvfb-run -a python benchmarks/gui_stalls.py [--profile] [--runs 1] [--pages editor,video] [--no-tour]

(without a display it runs on Qt's offscreen platform, which paints less and so stalls less)

A 5 ms heartbeat timer runs throughout; an action's stall is the largest gap between two beats
from just before the action until the GUI has been idle for a while after it (background jobs
delivering their results included). Every page's first open is measured in a fresh process in
which it is the first page opened, so it pays for all the imports it needs; a further process
opens all pages in navigation order, switches between them again and makes edits:
typing in the 图文 body and its autosave, a rating in 素材库, undo.
Modules run byte-compiled (into a cache in the temporary folder), as in an installed app.
The demo project is copied to a temporary folder first, so the user's demo stays untouched.
With `--runs N` each figure is the median of N processes (others sharing the machine add noise).
`--profile` prints the top functions (cProfile, cumulative) of every action over budget.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # under xvfb-run or on a desktop: the real thing
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_MS = 100.0
PAGES = ["library", "editor", "canvas", "video", "script", "check", "report"]
NAMES = {"home": "首页", "library": "素材库", "editor": "图文", "canvas": "封面海报", "video": "视频",
         "script": "分镜脚本", "check": "审核", "report": "发布检查"}


# ---- the child: one window, a heartbeat, the actions -------------------------------------------
class Stalls:
    def __init__(self, app, profile: bool) -> None:
        from PySide6.QtCore import QThreadPool, QTimer, Qt

        self.app, self.profile = app, profile
        self.prof = None  # the profiler of the action being measured (runs only while the GUI works)
        self.pool = QThreadPool.globalInstance()
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.worst = self.worst_cpu = 0.0
        self.beat = QTimer(interval=5, timeout=self._tick)
        self.beat.setTimerType(Qt.PreciseTimer)
        self.beat.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if now - self.last > self.worst:
            self.worst, self.worst_cpu = now - self.last, cpu - self.last_cpu
        self.last, self.last_cpu = now, cpu

    def idle(self, quiet_ms: float) -> None:
        """Run the event loop until no job runs and `quiet_ms` passed since the last one ended."""
        from PySide6.QtCore import QEventLoop

        end = time.perf_counter() + quiet_ms / 1000
        limit = time.perf_counter() + 20
        while time.perf_counter() < min(end, limit):
            if self.prof:
                self.prof.enable()
            self.app.processEvents(QEventLoop.AllEvents, 5)
            if self.prof:
                self.prof.disable()
            time.sleep(0.001)  # as an idle loop would: let the beat come due
            if self.pool.activeThreadCount():
                end = time.perf_counter() + quiet_ms / 1000

    def measure(self, action, quiet_ms: float = 600, settle: bool = True) -> tuple[float, float, str]:
        """Worst stall (ms) of `action()` and what follows it, the GUI thread's CPU time in it
        (the rest is waiting: for the GIL, or for a core on a busy machine), plus a profile when
        over budget.
        With `settle` the GUI first idles a moment, so the previous action's tail is not counted."""
        import cProfile
        import io
        import pstats

        if settle:
            self.idle(150)
        prof = cProfile.Profile() if self.profile else None
        self.last, self.last_cpu = time.perf_counter(), time.thread_time()
        self.worst = self.worst_cpu = 0.0
        if prof:
            prof.enable()
        action()
        if prof:
            prof.disable()
        self._tick()  # the action's own run counts as a stall even if it ends the window
        self.prof = prof
        self.idle(quiet_ms)
        self.prof = None
        worst = self.worst * 1000
        text = ""
        if prof and worst > BUDGET_MS:
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
            text = out.getvalue()
        return worst, self.worst_cpu * 1000, text


def child(args) -> None:
    """`nmstudio gui PROJECT` as a user starts it (studio.ui.app.run), measured from inside its
    event loop; settings come from an empty NMSTUDIO_HOME, so they are the defaults."""
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="gui-stalls-"))
    os.environ["NMSTUDIO_HOME"] = str(tmp / "home")
    path = tmp / "demo.nms"
    shutil.copy2(args.demo, path)
    from PySide6.QtCore import QTimer

    from studio.ui import app as appmod

    qapp = appmod.make_app()
    emit = lambda action, ms, cpu=0.0, prof="": print(json.dumps({"action": action, "ms": ms, "cpu": cpu, "profile": prof}, ensure_ascii=False), flush=True)  # noqa: E731

    def tour() -> None:
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, appmod.MainWindow))
        stalls = Stalls(qapp, args.profile)
        emit("window shown, start-up work in the background", *stalls.measure(lambda: None, quiet_ms=300, settle=False))
        emit("start-up to an idle window (imports, demo project, 首页)", (time.perf_counter() - started) * 1000)
        measure_pages(window, stalls, emit, args.first)
        window.close()
        qapp.exit(0)

    QTimer.singleShot(0, tour)
    code = appmod.run(argparse.Namespace(path=str(path), demo=False, view=None, scale=None, lang=None,
                                         contrast=False, screenshot=None, size="1280x800"))
    shutil.rmtree(tmp, ignore_errors=True)
    if code:
        raise SystemExit(code)


def measure_pages(window, stalls, emit, first: str | None) -> None:
    def switch(key: str):
        return lambda: window.show_page(key)

    if first:
        emit(f"first open {NAMES[first]}", *stalls.measure(switch(first)))
        return
    for key in PAGES:
        emit(f"first open {NAMES[key]} (after the pages before it)", *stalls.measure(switch(key)))
    worst: dict[str, tuple[float, float, str]] = {}
    for key in ["home"] + PAGES + PAGES[::-1] + ["editor", "video", "library", "editor"]:
        found = stalls.measure(switch(key))
        if found[0] >= worst.get(key, (-1,))[0]:
            worst[key] = found
    for key in ["home"] + PAGES:
        emit(f"later switch to {NAMES[key]} (worst)", *worst[key])
    edits(window, stalls, emit)


def edits(window, stalls, emit) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor

    window.show_page("editor")
    page = window.page("editor")
    stalls.idle(300)
    editor = page.editor
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.Start)
    cursor.movePosition(QTextCursor.NextBlock)
    cursor.movePosition(QTextCursor.EndOfBlock)
    editor.setTextCursor(cursor)

    def key(char: str = "字"):
        def press() -> None:
            for kind in (QEvent.KeyPress, QEvent.KeyRelease):
                stalls.app.sendEvent(editor, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, char))
        return press

    typed = [stalls.measure(key(), quiet_ms=100) for _ in range(5)]
    emit("图文: type a character in the body (worst of 5)", *max(typed))
    emit("图文: autosave of that typing", *stalls.measure(lambda: None, quiet_ms=1500))
    emit("图文: undo (the typing)", *stalls.measure(window.undo))

    window.show_page("library")
    lib = window.page("library")
    stalls.idle(300)
    spin = lib.details.rating
    emit("素材库: change a rating", *stalls.measure(lambda: spin.setValue((spin.value() + 1) % 6)))
    emit("素材库: undo (the rating)", *stalls.measure(window.undo))


# ---- the parent: a fresh process for each run --------------------------------------------------
def child_env() -> dict:
    """Byte-compiled modules, as an installed app has them (a checkout may run with
    PYTHONDONTWRITEBYTECODE, then every import compiles its source again), kept outside the tree."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "nmstudio-bench-pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(extra: list[str], profile: bool) -> list[dict]:
    from studio import demo

    cmd = [sys.executable, __file__, "--child", "--demo", str(demo.demo_path()), *extra]
    cmd += ["--profile"] if profile else []
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=child_env())
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"child {' '.join(extra)} failed with {out.returncode}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--demo", help=argparse.SUPPRESS)
    ap.add_argument("--first", choices=PAGES, help="child: open only this page")
    ap.add_argument("--pages", default=",".join(PAGES), help="first opens to measure, comma-separated")
    ap.add_argument("--no-tour", action="store_true", help="skip the switches and edits")
    ap.add_argument("--profile", action="store_true", help="cProfile each action over budget")
    ap.add_argument("--runs", type=int, default=1, help="repeat each process; the median run is reported")
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    from studio import demo

    demo.ensure_demo()  # built once, outside any measurement
    load = os.getloadavg()[0]
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "studio")], env=child_env(), check=True)
    runs: dict[str, list[dict]] = {}
    jobs = [["--first", key] for key in args.pages.split(",") if key] + ([] if args.no_tour else [[]])
    for extra in jobs:
        for _ in range(args.runs):
            for row in run_child(extra, args.profile):
                runs.setdefault(row["action"], []).append(row)
    rows = {action: sorted(found, key=lambda r: r["ms"])[len(found) // 2] for action, found in runs.items()}
    width = max(len(a) for a in rows) + 2
    print(f"{'action':<{width}}{'worst stall':>12}{'GUI CPU':>9}{'max of runs':>13}{'budget':>9}  verdict")
    over = 0
    for action, row in rows.items():
        startup = action.startswith("start-up to")
        verdict = "(not a stall)" if startup else ("OK" if row["ms"] <= BUDGET_MS else "OVER")
        over += verdict == "OVER"
        budget = "" if startup else f"{BUDGET_MS:.0f} ms"
        cpu = "" if startup else f"{row['cpu']:.0f} ms"
        top = max(r["ms"] for r in runs[action])
        print(f"{action:<{width}}{row['ms']:>9.0f} ms{cpu:>9}{top:>10.0f} ms{budget:>9}  {verdict}")
    print(f"{over} of {sum(not a.startswith('start-up to') for a in rows)} actions over the {BUDGET_MS:.0f} ms budget "
          f"({os.cpu_count()} cores, load average {load:.1f} before and {os.getloadavg()[0]:.1f} after; "
          f"Qt platform {os.environ.get('QT_QPA_PLATFORM') or 'xcb/wayland'})")
    print("GUI CPU: the GUI thread's own CPU time within the worst stall; the rest of it was waiting "
          "(for the GIL, or for a core when the machine is busy)")
    for action, row in rows.items():
        if row["profile"]:
            print(f"\n==== {action}: {row['ms']:.0f} ms\n{row['profile']}")


if __name__ == "__main__":
    main()

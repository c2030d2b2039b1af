"""Beat analysis of a 3-minute song in a fresh process, against the 1 s budget of issue 5.

Writes a 3-minute synthesized song (MP3 through the bundled ffmpeg, as users bring), then times
`python -c "analyse(...)"` and `nmstudio beats --json` as new processes (best of 3, after one warm-up
so the disk cache is not what we measure). Prints the ratio to the budget (<= 1.0 passes).
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET = 1.0


def fresh(args: list[str], runs: int = 3) -> tuple[float, float]:
    """Best wall time and best CPU time (user + sys of the process and its ffmpeg) of `runs`."""
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT)  # warm-up
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        best_wall = min(best_wall, time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best_wall, best_cpu


def main() -> int:
    from studio.media.ffmpeg import ffmpeg_exe
    from tests.video.songgen import generate, write_wav

    with tempfile.TemporaryDirectory() as tmp:
        wav, mp3 = Path(tmp) / "song.wav", Path(tmp) / "song.mp3"
        write_wav(generate("rock", seed=1, duration=180.0), wav)
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(wav), "-b:a", "192k", str(mp3)], check=True)
        py = sys.executable
        empty = fresh([py, "-c", "pass"])
        api = fresh([py, "-c", f"from studio.video.beats import analyse; analyse({str(mp3)!r})"])
        cli = fresh([py, "-m", "studio", "beats", str(mp3), "--json"])
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times suffer on a busy machine;"
          " CPU time does not)")
    for label, (wall, cpu) in (("python start-up alone", empty), ("analyse() fresh process", api),
                               ("nmstudio beats --json", cli)):
        print(f"{label:26s} wall {wall:6.3f} s (ratio {wall / BUDGET:.2f})   cpu {cpu:6.3f} s (ratio {cpu / BUDGET:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

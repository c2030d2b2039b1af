"""The bundled ffmpeg (from imageio-ffmpeg): locate it, run it with progress/cancel, probe files.

The wheel ships no ffprobe, so probing parses `ffmpeg -i` and audio is decoded through a pipe.
"""
from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from studio.project.errors import Cancelled, MediaError, ToolMissingError
from studio.project import jobs
from studio.project.jobs import CancelToken, Progress


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # noqa: BLE001 - any failure means the tool is unusable
        raise ToolMissingError(
            f"The bundled ffmpeg is missing (找不到 ffmpeg): {exc}. Reinstall with `pip install imageio-ffmpeg`."
        ) from exc


@dataclass
class VideoStream:
    codec: str
    width: int
    height: int
    fps: float
    rotation: int = 0


@dataclass
class AudioStream:
    codec: str
    sample_rate: int
    channels: int


@dataclass
class ProbeResult:
    duration: float
    video: Optional[VideoStream] = None
    audio: Optional[AudioStream] = None
    format: str = ""
    tags: dict = field(default_factory=dict)


_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_INPUT = re.compile(r"Input #0, ([^,\n]+)")
_VIDEO = re.compile(r"Stream #0:\d+[^:]*: Video: (\w+).*?(\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"([\d.]+) (?:fps|tbr)")
_AUDIO = re.compile(r"Stream #0:\d+[^:]*: Audio: (\w+)[^,]*, (\d+) Hz, ([^,]+)")
_ROTATION = re.compile(r"rotation of (-?[\d.]+) degrees|rotate\s*:\s*(-?\d+)")


def probe(path: str | os.PathLike) -> ProbeResult:
    """Read duration and stream facts of a media file. Raises MediaError when unreadable."""
    path = Path(path)
    if not path.exists():
        raise MediaError(f"File not found (找不到文件): {path}")
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        capture_output=True, text=True, errors="replace", timeout=60, **jobs.child_options(),
    )
    return parse_probe(proc.stderr, path)


def parse_probe(text: str, path: Path | str = "") -> ProbeResult:
    if "Invalid data found" in text or "Input #0" not in text:
        raise MediaError(f"Not a readable media file (无法读取的媒体文件): {path}")
    m = _DURATION.search(text)
    duration = int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3]) if m else 0.0
    result = ProbeResult(duration=duration, format=(_INPUT.search(text) or [None, ""])[1])
    for line in text.splitlines():
        if result.video is None and (v := _VIDEO.search(line)):
            fps = _FPS.search(line)
            result.video = VideoStream(v[1], int(v[2]), int(v[3]), float(fps[1]) if fps else 0.0)
        elif result.audio is None and (a := _AUDIO.search(line)):
            channels = {"mono": 1, "stereo": 2}.get(a[3].strip(), 2)
            result.audio = AudioStream(a[1], int(a[2]), channels)
    if result.video and (r := _ROTATION.search(text)):
        result.video.rotation = int(round(float(r[1] or r[2]))) % 360
    if result.video is None and result.audio is None:
        raise MediaError(f"No audio or video stream in (没有音视频流): {path}")
    return result


def decode_audio(path: str | os.PathLike, sample_rate: int = 22050, mono: bool = True,
                 start: float = 0.0, duration: Optional[float] = None) -> np.ndarray:
    """Decode any audio (or a video's sound) to float32 samples in [-1, 1]; shape (n,) or (n, 2)."""
    channels = 1 if mono else 2
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error"]
    if start:
        args += ["-ss", f"{start:.6f}"]
    args += ["-i", str(path)]
    if duration is not None:
        args += ["-t", f"{duration:.6f}"]
    args += ["-vn", "-ac", str(channels), "-ar", str(sample_rate), "-f", "f32le", "-"]
    proc = subprocess.run(args, capture_output=True, **jobs.child_options())
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["unknown error"]
        raise MediaError(f"Cannot decode audio (无法解码音频) {path}: {reason[0]}")
    samples = np.frombuffer(proc.stdout, dtype="<f4").copy()
    return samples if mono else samples.reshape(-1, 2)


_PROGRESS_TIME = re.compile(r"out_time_(?:us|ms)=(\d+)")


def run(args: Sequence[str], *, duration: float = 0.0, progress: Optional[Progress] = None,
        cancel: Optional[CancelToken] = None, output: Optional[str | os.PathLike] = None,
        cwd: Optional[str | os.PathLike] = None) -> None:
    """Run ffmpeg with `args` (without the executable). Reports progress in milliseconds of
    output time against `duration`; on cancel or failure the process is stopped and `output`
    (if given) is removed. `cwd`: the folder ffmpeg runs in (a render's private temp folder, so
    its filter graph names helper files by plain relative names that need no escaping)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                            cwd=cwd, **jobs.child_options())
    total_ms = max(1, int(duration * 1000))
    err_lines: list[str] = []
    def drain_stderr() -> None:
        for line in proc.stderr:  # type: ignore[union-attr]
            err_lines.append(line.rstrip())
            del err_lines[:-20]

    t = threading.Thread(target=drain_stderr, daemon=True)
    t.start()
    reported = -1
    try:
        if progress is not None and duration:
            progress(0, total_ms)  # a determinate bar from the start, before ffmpeg's first report
            reported = 0
        for line in proc.stdout:  # type: ignore[union-attr]
            if cancel is not None and cancel.cancelled:
                proc.kill()
                proc.wait()
                raise Cancelled()
            m = _PROGRESS_TIME.match(line)
            if m and progress is not None and duration:
                done = min(total_ms, int(m[1]) // 1000)
                if done > reported:  # each report carries the time twice (out_time_us, out_time_ms)
                    reported = done
                    progress(done, total_ms)
        proc.wait()
        t.join(timeout=5)
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        if proc.returncode != 0:
            raise MediaError(_explain(err_lines))
        if progress is not None and duration and reported < total_ms:
            progress(total_ms, total_ms)
    except BaseException:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if output is not None:
            _remove_quietly(Path(output))
        raise
    finally:
        t.join(timeout=5)  # ffmpeg has exited, so the reader has reached the end of stderr
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]


def _explain(err_lines: list[str]) -> str:
    text = "\n".join(err_lines[-5:])
    if "No space left" in text:
        return "The disk is full (磁盘已满); free some space and export again."
    if "Permission denied" in text:
        return f"Permission denied (没有写入权限): {text}"
    return f"ffmpeg failed (处理失败): {text or 'unknown error'}"


def _remove_quietly(path: Path) -> None:
    for _ in range(3):
        try:
            path.unlink(missing_ok=True)
            return
        except OSError:
            time.sleep(0.1)

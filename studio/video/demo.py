"""The demo video project (示例视频): generated clips and a generated song, cut on the beat.

The media are synthesised (ffmpeg test sources and a numpy drum loop), so the demo needs no
downloads and carries no licence questions.
"""
from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from studio.media import ffmpeg

SAMPLE_RATE = 44100
CLIP_SOURCES = {
    "城市 City": "testsrc2=s={w}x{h}:r={fps}",
    "分形 Fractal": "mandelbrot=s={w}x{h}:r={fps}",
    "细胞 Cells": "life=s={w}x{h}:r={fps}:mold=10:ratio=0.3:death_color=#203050:life_color=#f0c040",
    "渐变 Gradient": "gradients=s={w}x{h}:r={fps}:speed=0.02:n=4",
    "彩条 Bars": "smptehdbars=s={w}x{h}:r={fps}",
}


def make_clip(path: str | Path, source: str = "testsrc2", seconds: float = 4.0, size=(360, 640),
              fps: int = 30, tone: float | None = 440.0) -> Path:
    """A short H.264 clip from an ffmpeg test source (a lavfi graph such as 'color=c=red');
    `tone` adds a sine sound track of that frequency."""
    w, h = size
    src = source.format(w=w, h=h, fps=fps)
    if "=" not in src:
        src = f"{src}=s={w}x{h}:r={fps}"
    elif "s=" not in src and "size=" not in src:
        src += f":s={w}x{h}:r={fps}"
    args = ["-f", "lavfi", "-i", src]
    if tone:
        args += ["-f", "lavfi", "-i", f"sine=frequency={tone}:sample_rate=44100"]
    args += ["-t", f"{seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", str(fps)]
    args += ["-c:a", "aac", "-shortest"] if tone else []
    ffmpeg.run(args + [str(path)], output=path)
    return Path(path)


def drum_loop(tempo: float = 120.0, seconds: float = 12.0, sample_rate: int = SAMPLE_RATE,
              beats_per_bar: int = 4, offset: float = 0.0) -> tuple[np.ndarray, list[float]]:
    """A simple song: kick on every beat (louder on downbeats), hats between, a bass note per bar.
    Returns mono samples in [-1, 1] and the beat times."""
    n = int(seconds * sample_rate)
    t = np.arange(n) / sample_rate
    song = np.zeros(n, dtype=np.float64)
    period = 60.0 / tempo
    beats = list(np.arange(offset, seconds - 0.05, period))
    kick_len = int(0.15 * sample_rate)
    kt = np.arange(kick_len) / sample_rate
    kick = np.sin(2 * np.pi * (50 + 90 * np.exp(-kt * 30)) * kt) * np.exp(-kt * 18)
    rng = np.random.default_rng(7)
    hat = rng.standard_normal(int(0.04 * sample_rate)) * np.exp(-np.arange(int(0.04 * sample_rate)) / 200)
    for k, b in enumerate(beats):
        i = int(b * sample_rate)
        gain = 1.0 if k % beats_per_bar == 0 else 0.6
        seg = song[i:i + kick_len]
        seg += gain * kick[:len(seg)]
        j = int((b + period / 2) * sample_rate)
        seg = song[j:j + len(hat)]
        seg += 0.15 * hat[:len(seg)]
    bass_freqs = (55.0, 73.4, 65.4, 49.0)
    bar = period * beats_per_bar
    freq = np.array([bass_freqs[int(max(0.0, x - offset) / bar) % 4] for x in t[::256]]).repeat(256)[:n]
    song += 0.12 * np.sin(2 * np.pi * np.cumsum(freq) / sample_rate)
    song /= max(1e-9, np.abs(song).max()) / 0.9
    return song.astype(np.float32), [float(b) for b in beats]


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Path:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(sample_rate)
        f.writeframes(pcm.tobytes())
    return Path(path)


def make_song(path: str | Path, tempo: float = 120.0, seconds: float = 12.0) -> list[float]:
    """Write a generated song (WAV) and return its beat times."""
    samples, beats = drum_loop(tempo, seconds)
    write_wav(path, samples)
    return beats

"""Generated media for the demo project and the tests: music with known beats and short clips."""
from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from studio.media import ffmpeg


def music(seconds: float = 20.0, bpm: float = 120.0, sr: int = 44100, seed: int = 0) -> tuple[np.ndarray, list[float]]:
    """A simple pop loop (kick, snare, hi-hat, bass, chords). Returns samples and beat times."""
    rng = np.random.default_rng(seed)
    n = int(seconds * sr)
    out = np.zeros(n, dtype=np.float32)
    beat = 60.0 / bpm
    beats = [i * beat for i in range(int(seconds / beat) + 1) if i * beat < seconds]
    t_kick = np.arange(int(0.25 * sr)) / sr
    kick = np.sin(2 * np.pi * (50 + 100 * np.exp(-t_kick * 30)) * t_kick) * np.exp(-t_kick * 12)
    t_snare = np.arange(int(0.18 * sr)) / sr
    snare = rng.standard_normal(t_snare.size) * np.exp(-t_snare * 25) * 0.5
    t_hat = np.arange(int(0.05 * sr)) / sr
    hat = rng.standard_normal(t_hat.size) * np.exp(-t_hat * 80) * 0.15
    roots = [220.0, 174.61, 261.63, 196.0]  # A F C G
    for i, b in enumerate(beats):
        _mix(out, kick * 0.9, b, sr)
        if i % 2 == 1:
            _mix(out, snare, b, sr)
        _mix(out, hat, b + beat / 2, sr)
        root = roots[(i // 4) % 4]
        t = np.arange(int(beat * sr)) / sr
        env = np.exp(-t * 3)
        chord = sum(np.sin(2 * np.pi * root * r * t) for r in (1.0, 1.26, 1.5)) * 0.06 * env
        bass = np.sin(2 * np.pi * root / 4 * t) * 0.25 * env
        _mix(out, (chord + bass).astype(np.float32), b, sr)
    peak = float(np.max(np.abs(out))) or 1.0
    return (out / peak * 0.8).astype(np.float32), beats


def _mix(out: np.ndarray, sound: np.ndarray, at: float, sr: int) -> None:
    start = int(round(at * sr))
    if start >= out.size:
        return
    end = min(out.size, start + sound.size)
    out[start:end] += sound[: end - start]


def write_wav(path: str | Path, samples: np.ndarray, sr: int = 44100) -> Path:
    path = Path(path)
    data = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as fh:
        fh.setnchannels(1)
        fh.setsampwidth(2)
        fh.setframerate(sr)
        fh.writeframes(data.tobytes())
    return path


def write_music(path: str | Path, seconds: float = 20.0, bpm: float = 120.0, seed: int = 0) -> list[float]:
    """Write a song (format from the suffix: .wav directly, others through ffmpeg); return beat times."""
    path = Path(path)
    samples, beats = music(seconds, bpm, seed=seed)
    if path.suffix.lower() == ".wav":
        write_wav(path, samples)
    else:
        tmp = path.with_suffix(".tmp.wav")
        write_wav(tmp, samples)
        try:
            ffmpeg.run(["-i", str(tmp), str(path)], output=path)
        finally:
            tmp.unlink(missing_ok=True)
    return beats


def write_clip(path: str | Path, seconds: float = 3.0, size: str = "320x240", fps: int = 25,
               source: str = "testsrc2", audio: bool = True) -> Path:
    """A short H.264 clip from an ffmpeg lavfi source (testsrc2, smptebars, mandelbrot, color=c=red...)."""
    path = Path(path)
    sep = ":" if "=" in source else "="
    video = f"{source}{sep}size={size}:rate={fps}"
    args = ["-f", "lavfi", "-i", video]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "aac"]
    args += ["-t", f"{seconds}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)]
    ffmpeg.run(args, output=path)
    return path

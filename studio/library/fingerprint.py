"""Near-duplicate fingerprints (查重指纹) of images and video keyframes.

One fingerprint is a small versioned blob stored per asset. For an image it holds the box of
its content (a picture pasted inside a phone screenshot or padded with borders is found
again), perceptual hashes of the whole image and of that content, each also mirrored, a tiny
grey thumbnail of the content for a final look, and ORB local features of the content and of
its mirror image, so crops, watermarks and mirroring can be confirmed without re-reading files.
"""
from __future__ import annotations

import struct
import subprocess
import threading
from dataclasses import dataclass, field
from io import BytesIO
from typing import Optional

import cv2
import numpy as np
from PIL import Image

from studio.media import ffmpeg
from studio.project import jobs
from studio.project.errors import MediaError

VERSION = 1
MAGIC = b"NMFP"
KIND_IMAGE, KIND_VIDEO = 0, 1

SMALL = 192  # analysis size (max side) for finding the content box
WORK = 320  # ORB working size of the content box (max side)
THUMB = 64  # grey thumbnail of the content box (max side), for the final comparison
N_FEATURES = 240
UNIFORM = 12  # colour range (0-255) up to which a row or column counts as plain border
GRID = 4  # keep the strongest features per cell so a logo or text cannot take them all
VIDEO_FRAMES = 8

HASH_FULL, HASH_FULL_MIRROR, HASH_BOX, HASH_BOX_MIRROR = range(4)


@dataclass
class Features:
    """ORB keypoints (x, y in WORK-scaled box pixels) and 32-byte descriptors."""

    xy: np.ndarray  # (n, 2) float32
    des: np.ndarray  # (n, 32) uint8

    def __len__(self) -> int:
        return len(self.xy)


@dataclass
class ImagePrint:
    box: tuple  # content box as fractions (x0, y0, x1, y1) of the whole image
    hashes: np.ndarray  # (4,) uint64: full, full mirrored, box, box mirrored
    thumb: np.ndarray  # grey uint8 of the content box, max side THUMB
    work_size: tuple  # (w, h) of the content box at WORK scale
    features: Optional[Features] = None
    mirror: Optional[Features] = None  # features of the mirrored box, in mirrored coordinates


@dataclass
class VideoPrint:
    frames: list = field(default_factory=list)  # ImagePrint per keyframe


# ---------------------------------------------------------------- computing

def compute(img: Image.Image, features: bool = True) -> bytes:
    """Fingerprint of a decoded image (any size; an already reduced copy is faster). Without
    `features` it has everything but the ORB features, which are two thirds of the work: import
    stores such a print and the finder completes it from the file when it first compares."""
    return encode(analyse(img, features))


def needs_features(p) -> bool:
    """An image print made without its ORB features (see `compute`)."""
    return isinstance(p, ImagePrint) and p.features is None


def analyse(img: Image.Image, features: bool = True) -> ImagePrint:
    rgb = _rgb_array(img)
    h, w = rgb.shape[:2]
    small = _fit(rgb, SMALL)
    sx0, sy0, sx1, sy1 = content_box(small)
    sh, sw = small.shape[:2]
    grey = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    box_grey = grey[sy0:sy1, sx0:sx1]
    x0, y0 = min(w - 1, round(sx0 * w / sw)), min(h - 1, round(sy0 * h / sh))
    x1, y1 = max(x0 + 1, round(sx1 * w / sw)), max(y0 + 1, round(sy1 * h / sh))
    work = _fit(cv2.cvtColor(rgb[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY), WORK)
    print_ = ImagePrint(box=(sx0 / sw, sy0 / sh, sx1 / sw, sy1 / sh),
                        hashes=np.array([*phash_pair(grey), *phash_pair(box_grey)], dtype=np.uint64),
                        thumb=_fit(work, THUMB), work_size=(work.shape[1], work.shape[0]))
    if features:
        print_.features, print_.mirror = orb_pair(work)
    return print_


def _rgb_array(img: Image.Image) -> np.ndarray:
    if img.mode != "RGB":
        img = img.convert("RGB")
    if max(img.size) > 4 * WORK:  # a cheap integer reduction first; quality is not needed here
        img = img.reduce(max(1, max(img.size) // (2 * WORK)))
    arr = np.asarray(img)
    limit = 2 * WORK
    if max(arr.shape[:2]) > limit:
        arr = _fit(arr, limit)
    return np.ascontiguousarray(arr)


def _fit(arr: np.ndarray, side: int) -> np.ndarray:
    """Scale so the longer side is `side` (down with area averaging, up with linear)."""
    h, w = arr.shape[:2]
    s = side / max(h, w)
    size = (max(1, round(w * s)), max(1, round(h * s)))
    if size == (w, h):
        return arr
    return cv2.resize(arr, size, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)


def phash_pair(grey: np.ndarray) -> tuple:
    """64-bit DCT perceptual hashes (low 8x8 frequencies against their median) of an image and
    of its mirror image. Mirroring only flips the sign of odd horizontal frequencies."""
    small = cv2.resize(np.ascontiguousarray(grey), (32, 32), interpolation=cv2.INTER_AREA)
    coeffs = cv2.dct(small.astype(np.float32))[:8, :8]
    mirrored = coeffs * np.where(np.arange(8) % 2, -1.0, 1.0).astype(np.float32)
    return tuple(_bits(c.flatten()) for c in (coeffs, mirrored))


def _bits(coeffs: np.ndarray) -> int:
    return int(np.packbits(coeffs > np.median(coeffs[1:])).view(">u8")[0])


_local = threading.local()  # one ORB object per thread: OpenCV's detectors keep state


def _detector():
    orb = getattr(_local, "orb", None)
    if orb is None:
        orb = _local.orb = cv2.ORB_create(nfeatures=N_FEATURES * 4, scaleFactor=1.2, nlevels=6,
                                          edgeThreshold=15, patchSize=31, fastThreshold=10)
    return orb


def orb_pair(grey: np.ndarray) -> tuple[Features, Features]:
    """ORB features of a picture and of its mirror image. Keypoints are detected once, spread
    over a grid (so a bold watermark or one busy corner cannot take them all), and mirrored:
    a mirrored patch has the mirrored orientation, so only the descriptors are computed again."""
    if min(grey.shape) < 2 * 16:  # a sliver: no room for a feature patch (and ORB's pyramid fails)
        return _describe(None, grey, []), _describe(None, grey, [])
    orb = _detector()
    kps = _spread(orb.detect(grey, None), grey.shape, N_FEATURES)
    w = grey.shape[1]
    flipped = [cv2.KeyPoint(w - 1 - k.pt[0], k.pt[1], k.size, (180.0 - k.angle) % 360.0, k.response, k.octave)
               for k in kps]
    return _describe(orb, grey, kps), _describe(orb, np.ascontiguousarray(grey[:, ::-1]), flipped)


def _describe(orb, grey: np.ndarray, kps: list) -> Features:
    kps, des = orb.compute(grey, kps) if kps else ((), None)
    if des is None or not kps:
        return Features(np.zeros((0, 2), np.float32), np.zeros((0, 32), np.uint8))
    return Features(np.array([k.pt for k in kps], dtype=np.float32), des)


def _spread(kps, shape, limit: int) -> list:
    if len(kps) <= limit:
        return list(kps)
    h, w = shape
    pts = np.array([k.pt for k in kps], dtype=np.float32)
    response = np.array([k.response for k in kps], dtype=np.float32)
    cell = (np.minimum(GRID - 1, (pts[:, 1] * GRID / h).astype(int)) * GRID
            + np.minimum(GRID - 1, (pts[:, 0] * GRID / w).astype(int)))
    order = np.lexsort((-response, cell))  # by cell, strongest first
    sorted_cells = cell[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_cells, sorted_cells)
    first = order[rank < limit // (GRID * GRID)]
    rest = order[rank >= limit // (GRID * GRID)]
    rest = rest[np.argsort(-response[rest])][: max(0, limit - len(first))]
    return [kps[i] for i in np.concatenate([first, rest])]


# ---------------------------------------------------------------- the content box

def content_box(rgb: np.ndarray) -> tuple:
    """(x0, y0, x1, y1) of the picture inside uniform borders or a phone screenshot's chrome.
    Meant for a small image (max side about SMALL)."""
    h, w = rgb.shape[:2]
    box = _trim_uniform(rgb, (0, 0, w, h))
    inner = _embedded_picture(rgb, box)
    if inner is not None:
        box = _trim_uniform(rgb, inner)
    return box


def _trim_uniform(a: np.ndarray, box: tuple) -> tuple:
    """Shrink `box` past rows and columns of (nearly) one colour at its edges."""
    x0, y0, x1, y1 = box
    for _ in range(2):  # trimming rows changes which columns look uniform, and back
        sub = np.ascontiguousarray(a[y0:y1, x0:x1])
        rows = np.flatnonzero(_spread_of_lines(sub, 1) > UNIFORM)
        cols = np.flatnonzero(_spread_of_lines(sub, 0) > UNIFORM)
        if len(rows) < 8 or len(cols) < 8:
            return box
        trimmed = (x0 + cols[0], y0 + rows[0], x0 + cols[-1] + 1, y0 + rows[-1] + 1)
        if trimmed == (x0, y0, x1, y1):
            break
        x0, y0, x1, y1 = trimmed
    return int(x0), int(y0), int(x1), int(y1)


def _spread_of_lines(a: np.ndarray, dim: int) -> np.ndarray:
    """Largest per-channel (max - min) along each row (dim=1) or column (dim=0)."""
    hi = cv2.reduce(a, dim, cv2.REDUCE_MAX).reshape(-1, 3)
    lo = cv2.reduce(a, dim, cv2.REDUCE_MIN).reshape(-1, 3)
    return _channel_max(cv2.subtract(hi, lo))


def _channel_max(a: np.ndarray) -> np.ndarray:
    return np.maximum(np.maximum(a[..., 0], a[..., 1]), a[..., 2])


def _embedded_picture(a: np.ndarray, box: tuple) -> Optional[tuple]:
    """The tallest band of 'busy' rows with flat background above and below it: how a photo
    sits in a phone screenshot between the status bar, app chrome and caption text."""
    x0, y0, x1, y1 = box
    region = np.ascontiguousarray(a[y0:y1, x0:x1])
    h, w = region.shape[:2]
    q = region >> 3
    keys = (q[..., 0].astype(np.int32) << 10) | (q[..., 1].astype(np.int32) << 5) | q[..., 2]
    bg_key = int(np.bincount(keys.ravel()).argmax())
    bg = np.median(region[keys == bg_key], axis=0).astype(np.uint8)
    # App backgrounds are flat to the last bit; walls and skies are not. Counted over the whole
    # screen, margins included, which the uniform-border trim has already cut off `region`.
    if (_channel_max(cv2.absdiff(a, np.full_like(a, bg))) <= 3).mean() < 0.2:
        return None
    diff = _channel_max(cv2.absdiff(region, np.full_like(region, bg)))
    busy = (diff > 4).astype(np.float32)  # a pale sky is not the flat background, even when close
    busy_rows = _close_gaps(busy.mean(axis=1) > 0.5, 2)
    r0, r1 = _longest_run(busy_rows)
    margin = max(2, round(0.03 * h))
    if r1 - r0 < 0.15 * h or r0 < margin or h - r1 < margin:
        return None
    # A screen has empty full-width lines between its parts; clipped highlights do not.
    empty = (diff <= 3).mean(axis=1) >= 0.95
    if not (empty[:r0].any() and empty[r1:].any()):
        return None
    busy_cols = _close_gaps(busy[r0:r1].mean(axis=0) > 0.5, 2)
    c0, c1 = _longest_run(busy_cols)
    # A caption line right above or below can join the band; within the picture's columns
    # text still shows background between its strokes, a photo does not.
    flat_share = (diff[r0:r1, c0:c1] <= 3).mean(axis=1)
    solid = np.flatnonzero(flat_share <= 0.2)
    if len(solid):
        r0, r1 = r0 + solid[0], r0 + solid[-1] + 1
    if (r1 - r0) * (c1 - c0) < 0.05 * h * w:  # a picture sent in a chat can be this small
        return None
    return x0 + c0, y0 + r0, x0 + c1, y0 + r1


def _close_gaps(mask: np.ndarray, gap: int) -> np.ndarray:
    out = mask.copy()
    idx = np.flatnonzero(mask)
    for a, b in zip(idx[:-1], idx[1:]):
        if 1 < b - a <= gap + 1:
            out[a:b] = True
    return out


def _longest_run(mask: np.ndarray) -> tuple:
    best, start = (0, 0), None
    for i, v in enumerate(np.append(mask, False)):
        if v and start is None:
            start = i
        elif not v and start is not None:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return best


# ---------------------------------------------------------------- videos

def compute_video(path, frames: int = VIDEO_FRAMES) -> bytes:
    """Fingerprint of a video from `frames` keyframes spread over its length."""
    return encode_video(analyse_video(path, frames))


def analyse_video(path, frames: int = VIDEO_FRAMES) -> VideoPrint:
    info = ffmpeg.probe(path)
    if info.video is None:
        raise MediaError(f"No video stream (没有视频画面): {path}")
    duration = max(info.duration, 0.0)
    times = [duration * (i + 0.5) / frames for i in range(frames)] if duration > 0 else [0.0]
    out = VideoPrint()
    for t in times:
        img = _grab_frame(path, t)
        if img is not None:
            out.frames.append(analyse(img))
    if not out.frames:
        raise MediaError(f"Cannot decode any frame of (无法解码视频画面): {path}")
    return out


def _grab_frame(path, t: float) -> Optional[Image.Image]:
    args = [ffmpeg.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-ss", f"{t:.3f}",
            "-i", str(path), "-frames:v", "1", "-an", "-sn",
            "-vf", f"scale='min({2 * WORK},iw)':-2", "-f", "image2pipe", "-vcodec", "png", "-"]
    proc = subprocess.run(args, capture_output=True, timeout=60, **jobs.child_options())
    if proc.returncode != 0 or not proc.stdout:
        return None
    return Image.open(BytesIO(proc.stdout)).convert("RGB")


# ---------------------------------------------------------------- bytes

def encode(p: ImagePrint) -> bytes:
    return MAGIC + bytes([VERSION, KIND_IMAGE]) + _pack_image(p)


def encode_video(v: VideoPrint) -> bytes:
    parts = [MAGIC, bytes([VERSION, KIND_VIDEO]), struct.pack("<H", len(v.frames))]
    for f in v.frames:
        blob = _pack_image(f)
        parts += [struct.pack("<I", len(blob)), blob]
    return b"".join(parts)


def decode(data: bytes) -> ImagePrint | VideoPrint:
    """Read a fingerprint blob; raises ValueError for an unknown format or version."""
    if data[:4] != MAGIC or data[4] != VERSION:
        raise ValueError("unknown fingerprint format")
    if data[5] == KIND_IMAGE:
        return _unpack_image(memoryview(data)[6:])[0]
    (count,) = struct.unpack_from("<H", data, 6)
    pos, frames = 8, []
    for _ in range(count):
        (n,) = struct.unpack_from("<I", data, pos)
        frames.append(_unpack_image(memoryview(data)[pos + 4: pos + 4 + n])[0])
        pos += 4 + n
    return VideoPrint(frames)


def is_current(data: Optional[bytes]) -> bool:
    return bool(data) and data[:4] == MAGIC and data[4] == VERSION


_HEAD = struct.Struct("<4f4QHHHHH")


def _pack_image(p: ImagePrint) -> bytes:
    th, tw = p.thumb.shape
    feats = [f for f in (p.features, p.mirror) if f is not None]
    head = _HEAD.pack(*p.box, *[int(x) for x in p.hashes], tw, th, *p.work_size, len(feats))
    parts = [head, np.ascontiguousarray(p.thumb, np.uint8).tobytes()]
    for f in feats:
        parts += [struct.pack("<H", len(f)), f.xy.astype("<f4").tobytes(), f.des.astype(np.uint8).tobytes()]
    return b"".join(parts)


def _unpack_image(buf: memoryview) -> tuple:
    *vals, = _HEAD.unpack_from(buf, 0)
    box, hashes = tuple(vals[:4]), np.array(vals[4:8], dtype=np.uint64)
    tw, th, ww, wh, nfeats = vals[8:]
    pos = _HEAD.size
    thumb = np.frombuffer(buf, np.uint8, tw * th, pos).reshape(th, tw)
    pos += tw * th
    feats = []
    for _ in range(nfeats):
        (n,) = struct.unpack_from("<H", buf, pos)
        pos += 2
        xy = np.frombuffer(buf, "<f4", 2 * n, pos).reshape(n, 2)
        pos += 8 * n
        des = np.frombuffer(buf, np.uint8, 32 * n, pos).reshape(n, 32)
        pos += 32 * n
        feats.append(Features(xy, des))
    features, mirror = (feats + [None, None])[:2]
    return ImagePrint(box, hashes, thumb, (ww, wh), features, mirror), pos

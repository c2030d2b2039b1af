"""Whether two fingerprints show the same picture (近似匹配), and which pairs are worth asking.

Candidates come cheaply from perceptual hashes (whole image, content box, each mirrored) and
from a locality-sensitive index of ORB descriptors, which still finds crops, watermarks and
screenshots whose hashes moved. A candidate pair is then confirmed: ORB matches must agree on
one similarity transform (scale + shift, mirrored or not), agree across the picture rather than
in one patch, and the two pictures, aligned by it, must look alike where they overlap. That is
what keeps different photos apart even when they share a logo, a phone's status bar or a
brick texture.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import cv2
import numpy as np

from studio.library.fingerprint import HASH_BOX, HASH_FULL, Features, ImagePrint, VideoPrint

HASH_CANDIDATE = 12  # of 64 bits: generous, every candidate is confirmed afterwards
HASH_SURE = 6  # this close, a picture too plain for features can be confirmed by look alone
LSH_TABLES = 16
LSH_BITS = 24
LSH_MAX_BUCKET = 24  # a bucket shared by many descriptors is a common pattern, not evidence
LSH_MIN_VOTES = 4
LSH_MIN_LIFT = 4.0  # collisions over what the two pictures' busyness alone would give
LSH_TOP = 6  # and each picture's best few partners, if above chance at all
LSH_TOP_LIFT = 2.5
RATIO = 0.8  # Lowe's ratio test for descriptor matches
MIN_INLIERS = 10
SURE_LOOK = 0.8  # normalised correlation of the aligned thumbnails where they overlap
MOST_LOOK = 0.75  # the same over the 80% of the overlap that fits best
MIN_SUPPORT = 0.3  # share of feature-rich cells of the overlap that hold an inlier
MIN_COVERAGE = 0.15  # share of the overlap spanned by the inliers...
PATCH_LOOK = 0.85  # ...unless the aligned pictures look this alike
VIDEO_FRAME_SHARE = 0.5
VIDEO_ALL_PAIRS = 60

Print = Union[ImagePrint, VideoPrint]


@dataclass
class Match:
    inliers: int
    look: float  # normalised correlation of the overlap, -1..1
    mirrored: bool
    scale: float
    support: float = 0.0


# ---------------------------------------------------------------- candidates

def image_candidates(prints: list[ImagePrint]) -> set[tuple[int, int]]:
    """Index pairs (a < b) worth confirming."""
    return hash_candidates(prints) | feature_candidates(prints)


def hash_distances(queries: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Smallest Hamming distance between the whole/box hashes of each query and every hash
    (plain or mirrored) of each other print: (len(queries), len(others)) uint8."""
    best = np.full((len(queries), len(others)), 64, np.uint8)
    for a in (HASH_FULL, HASH_BOX):
        for b in range(4):
            x = queries[:, a][:, None] ^ others[:, b][None, :]
            np.minimum(best, _popcount(x), out=best)
    return best


def hash_candidates(prints: list[ImagePrint], block: int = 512) -> set[tuple[int, int]]:
    if len(prints) < 2:
        return set()
    hashes = np.stack([p.hashes for p in prints])
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(prints), block):
        d = hash_distances(hashes[start:start + block], hashes)
        rows, cols = np.nonzero(d <= HASH_CANDIDATE)
        rows += start
        keep = rows != cols
        pairs.update(zip(np.minimum(rows, cols)[keep].tolist(), np.maximum(rows, cols)[keep].tolist()))
    return pairs


def _popcount(x: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(x).astype(np.uint8)
    bytes_ = x.view(np.uint8).reshape(*x.shape, 8)
    return _POP8[bytes_].sum(axis=-1, dtype=np.uint8)


_POP8 = np.array([bin(i).count("1") for i in range(256)], np.uint8)


def feature_candidates(prints: list[ImagePrint]) -> set[tuple[int, int]]:
    """Pairs of prints whose ORB descriptors (plain or mirrored) fall together into the buckets
    of random bit-sampling hashes far more often than their overall busyness predicts: an index
    that ignores crops, overlays and borders. ORB descriptors are far from uniform, so raw
    collision counts favour busy pictures; the lift over chance corrects for that."""
    codes, n = feature_collisions(prints)
    if not len(codes):
        return set()
    pairs, votes = np.unique(codes, return_counts=True)
    a, b = pairs // n, pairs % n
    busy = np.bincount(a, votes, minlength=n) + np.bincount(b, votes, minlength=n)
    lift = votes * (2.0 * votes.sum()) / np.maximum(busy[a] * busy[b], 1.0)
    keep = (lift >= LSH_MIN_LIFT) & (votes >= LSH_MIN_VOTES)
    keep |= _top_partners(a, b, lift, n, LSH_TOP) & (votes >= LSH_MIN_VOTES) & (lift >= LSH_TOP_LIFT)
    return set(zip(a[keep].tolist(), b[keep].tolist()))


def _top_partners(a: np.ndarray, b: np.ndarray, score: np.ndarray, n: int, k: int) -> np.ndarray:
    """Mask of pairs that are among the k best-scoring partners of either member. In a small
    library one picture's copies make up most of its collisions, which lowers their lift."""
    mask = np.zeros(len(a), bool)
    for own in (a, b):
        order = np.lexsort((-score, own))
        first = np.searchsorted(own[order], own[order], side="left")
        mask[order[np.arange(len(order)) - first < k]] = True
    return mask


def feature_collisions(prints: list[ImagePrint]) -> tuple[np.ndarray, int]:
    """Codes a * n + b (a < b), one per descriptor pair of two prints sharing a bucket."""
    owners, des = [], []
    for i, p in enumerate(prints):
        for f in (p.features, p.mirror):
            if f is not None and len(f):
                owners.append(np.full(len(f), i, np.int64))
                des.append(f.des)
    n = len(prints)
    if len(owners) < 2:
        return np.zeros(0, np.int64), n
    owner = np.concatenate(owners)
    des = np.concatenate(des)
    rng = np.random.default_rng(20240611)
    codes = [_bucket_pairs(_sample_bits(des, rng.choice(256, LSH_BITS, replace=False)), owner, n)
             for _ in range(LSH_TABLES)]
    return np.concatenate(codes), n


def _sample_bits(des: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Key made of the descriptor bits at `positions` (bit-sampling LSH for Hamming space)."""
    key = np.zeros(len(des), np.int64)
    for j, pos in enumerate(positions.tolist()):
        key |= ((des[:, pos >> 3] >> (7 - (pos & 7))) & 1).astype(np.int64) << j
    return key


def _bucket_pairs(keys: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Codes a * n + b (a < b) of owners sharing a bucket, once per pair of descriptors."""
    order = np.argsort(keys, kind="stable")
    keys, owner = keys[order], owner[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    out = []
    for size in range(2, LSH_MAX_BUCKET + 1):
        first = starts[sizes == size]
        if not len(first):
            continue
        members = owner[first[:, None] + np.arange(size)]
        ia, ib = np.triu_indices(size, 1)
        a, b = members[:, ia].ravel(), members[:, ib].ravel()
        keep = a != b
        out.append(np.minimum(a, b)[keep] * n + np.maximum(a, b)[keep])
    return np.concatenate(out) if out else np.zeros(0, np.int64)


# ---------------------------------------------------------------- confirming a pair

def match(a: ImagePrint, b: ImagePrint) -> Optional[Match]:
    """How `b` shows the same picture as `a`, or None when it does not."""
    best = None
    for mirrored, fb in ((False, b.features), (True, b.mirror)):
        m = _feature_match(a, b, a.features, fb, mirrored)
        if m is not None and (best is None or m.look > best.look):
            best = m
    if best is not None:
        return best
    return _look_match(a, b)


def _feature_match(a: ImagePrint, b: ImagePrint, fa: Optional[Features], fb: Optional[Features],
                   mirrored: bool) -> Optional[Match]:
    if fa is None or fb is None or len(fa) < MIN_INLIERS or len(fb) < MIN_INLIERS:
        return None
    pairs = _BF.knnMatch(fa.des, fb.des, k=2)
    good = [m[0] for m in pairs if len(m) == 2 and m[0].distance < RATIO * m[1].distance]
    if len(good) < MIN_INLIERS:
        return None
    src = fa.xy[[m.queryIdx for m in good]]
    dst = fb.xy[[m.trainIdx for m in good]]
    transform, inliers = cv2.estimateAffinePartial2D(src, dst, method=cv2.RANSAC,
                                                     ransacReprojThreshold=4.0, maxIters=500)
    if transform is None or inliers is None or int(inliers.sum()) < MIN_INLIERS:
        return None
    scale = float(np.hypot(transform[0, 0], transform[1, 0]))
    angle = abs(float(np.degrees(np.arctan2(transform[1, 0], transform[0, 0]))))
    if not (0.2 < scale < 5.0) or angle > 10:
        return None
    count = int(inliers.sum())
    if count < 20 and count < 0.5 * len(good):  # a few agreeing among many: chance, or a shared stamp
        return None
    agreeing = src[inliers.ravel().astype(bool)]
    support = _support(a, b, transform, agreeing)
    looks = _aligned_look(a, b, transform, mirrored)
    if looks is None or not _convincing(count, support, _coverage(a, b, transform, agreeing), *looks):
        return None
    return Match(count, looks[0], mirrored, scale, support)


def _convincing(inliers: int, support: float, coverage: float, look: float, look_most: float) -> bool:
    """Agreement must be both wide (support, coverage) and visible (look); one can make up for
    the other only when it is very strong. `look_most` leaves out the pixels a stamp or caption
    changed. Textures look alike only roughly once aligned, so many inliers all over suffice.
    Inliers in one small patch (a shared logo) count only if the whole overlap looks alike."""
    if support < MIN_SUPPORT or (coverage < MIN_COVERAGE and look < PATCH_LOOK):
        return False
    return (look >= SURE_LOOK or (look_most >= MOST_LOOK and support >= 0.5 and inliers >= 20)
            or (inliers >= 40 and support >= 0.75))


_BF = cv2.BFMatcher(cv2.NORM_HAMMING)


def _coverage(a: ImagePrint, b: ImagePrint, transform: np.ndarray, inlier_xy: np.ndarray) -> float:
    """Share of the overlap (in a's coordinates) spanned by the inliers' bounding box. A shared
    logo or caption agrees in one small patch, a copy over most of the picture."""
    bw, bh = b.work_size
    m = np.vstack([transform, [0.0, 0.0, 1.0]])
    if abs(np.linalg.det(m)) < 1e-9:
        return 0.0
    corners = np.array([[0, 0, 1], [bw, 0, 1], [0, bh, 1], [bw, bh, 1]], float) @ np.linalg.inv(m).T
    aw, ah = a.work_size
    x0, y0 = max(0.0, corners[:, 0].min()), max(0.0, corners[:, 1].min())
    x1, y1 = min(float(aw), corners[:, 0].max()), min(float(ah), corners[:, 1].max())
    overlap = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    if overlap <= 0 or len(inlier_xy) == 0:
        return 0.0
    span = np.ptp(inlier_xy[:, 0]) * np.ptp(inlier_xy[:, 1])
    return float(min(1.0, span / overlap))


def _support(a: ImagePrint, b: ImagePrint, transform: np.ndarray, inlier_xy: np.ndarray,
             grid: int = 4) -> float:
    """Share of a's feature-rich grid cells (inside the overlap) that hold an inlier. A copy
    agrees all over; two different photos that share only a logo, a caption or a phone's
    status bar agree in a few cells."""
    xy = a.features.xy
    mapped = xy @ transform[:, :2].T + transform[:, 2]
    bw, bh = b.work_size
    inside = (mapped[:, 0] >= 0) & (mapped[:, 0] < bw) & (mapped[:, 1] >= 0) & (mapped[:, 1] < bh)
    aw, ah = a.work_size

    def cells(points: np.ndarray) -> np.ndarray:
        cx = np.minimum(grid - 1, (points[:, 0] * grid / aw).astype(int))
        cy = np.minimum(grid - 1, (points[:, 1] * grid / ah).astype(int))
        return cy * grid + cx

    counts = np.bincount(cells(xy[inside]), minlength=grid * grid)
    rich = counts >= 3
    if not rich.any():
        return 0.0
    hit = np.bincount(cells(inlier_xy), minlength=grid * grid) > 0
    return float((hit & rich).sum() / rich.sum())


def _aligned_look(a: ImagePrint, b: ImagePrint, transform: np.ndarray,
                  mirrored: bool) -> Optional[tuple[float, float]]:
    """Correlation of a's thumbnail warped onto b's (mirrored) thumbnail over their overlap:
    of all pixels, and of the 80% that best fit one brightness/contrast change (so a
    watermark, a caption or a logo does not count against a copy)."""
    # work pixels -> thumbnail pixels, per axis: S_b . T . S_a^-1
    sa = np.diag([a.thumb.shape[1] / a.work_size[0], a.thumb.shape[0] / a.work_size[1]])
    sb = np.diag([b.thumb.shape[1] / b.work_size[0], b.thumb.shape[0] / b.work_size[1]])
    t = np.hstack([sb @ transform[:, :2] @ np.linalg.inv(sa), (sb @ transform[:, 2])[:, None]])
    target = b.thumb[:, ::-1] if mirrored else b.thumb
    h, w = target.shape
    warped = cv2.warpAffine(a.thumb.astype(np.float32), t, (w, h), flags=cv2.INTER_LINEAR)
    inside = cv2.warpAffine(np.ones(a.thumb.shape, np.float32), t, (w, h), flags=cv2.INTER_NEAREST)
    mask = cv2.erode(inside, np.ones((3, 3), np.uint8)) > 0.5
    if mask.sum() < 0.15 * min(target.size, a.thumb.size * (t[0, 0] ** 2 + t[1, 0] ** 2)) or mask.sum() < 64:
        return None
    x, y = warped[mask], target.astype(np.float32)[mask]
    fit = np.polyfit(x, y, 1) if x.std() > 1e-3 else np.array([0.0, y.mean()])
    residual = np.abs(y - np.polyval(fit, x))
    most = residual <= np.quantile(residual, 0.8)
    return _ncc(x, y), _ncc(x[most], y[most])


def _ncc(x: np.ndarray, y: np.ndarray) -> float:
    x = x - x.mean()
    y = y - y.mean()
    denom = float(np.sqrt((x * x).sum() * (y * y).sum()))
    return float((x * y).sum() / denom) if denom > 1e-6 else 0.0


def _look_match(a: ImagePrint, b: ImagePrint) -> Optional[Match]:
    """For plain pictures with too few features: nearly equal hashes and thumbnails."""
    for mirrored, hb in ((False, b.hashes[[HASH_FULL, HASH_BOX]]),
                         (True, b.hashes[[HASH_FULL + 1, HASH_BOX + 1]])):
        d = int(_popcount(a.hashes[[HASH_FULL, HASH_BOX]][:, None] ^ hb[None, :]).min())
        if d > HASH_SURE:
            continue
        target = b.thumb[:, ::-1] if mirrored else b.thumb
        resized = cv2.resize(a.thumb, (target.shape[1], target.shape[0]), interpolation=cv2.INTER_AREA)
        look = _ncc(resized.astype(np.float32).ravel(), target.astype(np.float32).ravel())
        if look >= SURE_LOOK:
            return Match(0, look, mirrored, 1.0, 1.0)
    return None


def video_candidates(videos: list[VideoPrint]) -> set[tuple[int, int]]:
    """Pairs of videos worth confirming: all of them in a small library, else those with a
    pair of keyframes that are candidates."""
    if len(videos) <= VIDEO_ALL_PAIRS:
        return {(a, b) for a in range(len(videos)) for b in range(a + 1, len(videos))}
    owner = [k for k, v in enumerate(videos) for _ in v.frames]
    frames = [f for v in videos for f in v.frames]
    pairs = {(owner[a], owner[b]) for a, b in image_candidates(frames)}
    return {(a, b) for a, b in pairs if a != b}


def same_video(a: VideoPrint, b: VideoPrint, tries: int = 3) -> bool:
    """Most keyframes of the shorter video are copies of keyframes of the other (each tried
    against the `tries` frames with the closest hashes, so a trimmed copy still lines up)."""
    if not a.frames or not b.frames:
        return False
    if len(a.frames) > len(b.frames):
        a, b = b, a
    others = np.stack([f.hashes for f in b.frames])
    need = max(1, int(np.ceil(VIDEO_FRAME_SHARE * len(a.frames))))
    found = 0
    for k, fa in enumerate(a.frames):
        order = np.argsort(hash_distances(fa.hashes[None, :], others)[0], kind="stable")[:tries]
        found += any(match(fa, b.frames[j]) is not None for j in order)
        if found >= need or found + len(a.frames) - k - 1 < need:
            break
    return found >= need


def similar(query: ImagePrint, prints: dict[int, Optional[Print]]) -> list[int]:
    """Ids whose image (or any video keyframe) is a near-duplicate of `query`, best first."""
    ids, flat, owners = [], [], []
    for i, p in prints.items():
        frames = [p] if isinstance(p, ImagePrint) else (p.frames if isinstance(p, VideoPrint) else [])
        for f in frames:
            flat.append(f)
            owners.append(i)
    if not flat:
        return []
    near = set(np.flatnonzero(hash_distances(query.hashes[None, :], np.stack([f.hashes for f in flat]))[0]
                              <= HASH_CANDIDATE).tolist())
    near |= {b - 1 for a, b in feature_candidates([query, *flat]) if a == 0}
    scored: dict[int, float] = {}
    for k in sorted(near):
        m = match(query, flat[k])
        if m is not None:
            scored[owners[k]] = max(scored.get(owners[k], -1.0), m.look)
    ids = sorted(scored, key=lambda i: -scored[i])
    return ids

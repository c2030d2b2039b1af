"""Material library: import, media probing, thumbnails, hashes, search, tags and collections,
near-duplicates, relinking, licences."""
from studio.project import jobs


def _single_threaded_opencv() -> None:
    """The pool's workers already keep the cores busy; OpenCV's own thread pool in each of them
    only adds switching (about 2 ms of CPU per photo fingerprint)."""
    import cv2

    cv2.setNumThreads(1)


# Import analyses files and the near-duplicate finder fingerprints them in the shared pool.
jobs.prepare_workers(preload=["studio.library.analyse", "studio.library.fingerprint"],
                     setup=_single_threaded_opencv)

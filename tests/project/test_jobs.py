"""The one worker pool (studio.project.jobs) that every pillar submits CPU work to."""
import os

import cv2

import studio.library  # noqa: F401  registers the library's worker set-up
from studio.project import jobs


def test_one_shared_pool_prepared_by_the_pillars_and_fresh_after_a_reset():
    jobs.reset_pool()
    first = jobs.pool()
    try:
        assert jobs.pool() is first
        assert first.submit(cv2.getNumThreads).result(timeout=60) == 1   # the library's set-up ran
        pid = first.submit(os.getpid).result(timeout=60)
        jobs.reset_pool()
        second = jobs.pool()
        assert second is not first
        assert second.submit(os.getpid).result(timeout=60) != pid
    finally:
        jobs.reset_pool()


def test_prepare_workers_names_each_module_and_set_up_once():
    before = (list(jobs._preload), list(jobs._setups))
    jobs.prepare_workers(preload=["studio.library.analyse"], setup=studio.library._single_threaded_opencv)
    assert (jobs._preload, jobs._setups) == before

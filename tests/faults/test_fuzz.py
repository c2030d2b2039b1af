"""Damaged media, text, Markdown, SRT, xlsx and project files: every one is read or refused with a
clear message; none gives a traceback, a hang or a crash (a fixed seed, a bounded count)."""
from __future__ import annotations

from collections import Counter

from tests.faults.fuzzing import cases, run, seed_files

PER_KIND = 2  # benchmarks/fuzz.py runs many more


def test_damaged_files_get_clear_errors(tmp_path):
    files = seed_files(tmp_path / "seeds")
    work = tmp_path / "work"
    work.mkdir()
    outcomes, bad = Counter(), []
    for kind, damaged in cases(files, work, PER_KIND, seed=20261204):
        before = damaged.read_bytes()
        outcome = run(kind, damaged, work, timeout=90)
        outcomes[outcome] += 1
        if outcome not in ("ok", "clean"):
            bad.append((kind, damaged.name, outcome))
        assert damaged.read_bytes() == before, f"{damaged.name} was changed by a command that only reads it"
    assert not bad, (bad, outcomes)
    assert outcomes["clean"] > 0  # the damage is real: some files are refused

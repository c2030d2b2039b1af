"""Small helpers shared by the CLI command modules."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Iterator

from studio.project import Project, open_project


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=None, default=str)
    sys.stdout.write("\n")


@contextmanager
def opened(path, readonly: bool = False) -> Iterator[Project]:
    project = open_project(path, readonly=readonly)
    try:
        yield project
    finally:
        project.close()

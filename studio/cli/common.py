"""Small helpers shared by the CLI command modules."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from studio.project import Project


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=None, default=str)
    sys.stdout.write("\n")


def print_rows(as_json: bool, rows, line, data=None) -> None:
    """A listing: with --json print `data` (default: the rows), otherwise one `line(row)` per row."""
    if as_json:
        print_json(rows if data is None else data)
    else:
        for row in rows:
            print(line(row))


@contextmanager
def opened(path, readonly: bool = False) -> Iterator["Project"]:
    from studio.project import open_project  # SQLAlchemy loads only for commands that need it

    project = open_project(path, readonly=readonly)
    try:
        yield project
    finally:
        project.close()

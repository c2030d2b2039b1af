"""What one action, undo or redo changed: tables, rows and who started it (like Anki's OpChanges).

Pages refresh only what a notice touches, and skip the notices of their own saves, so an
autosave never reloads the page over an edit in progress.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

ACTION, UNDO, REDO, RESET = "action", "undo", "redo", "reset"

# The inverse statements the history triggers write (see history._trigger_sql).
_STEP = re.compile(r'^(?:DELETE FROM|UPDATE|INSERT INTO) "((?:[^"]|"")*)"')
_ROW_AT_END = re.compile(r"WHERE rowid=(-?\d+)$")
_ROW_IN_VALUES = re.compile(r"^INSERT INTO \"(?:[^\"]|\"\")*\"\([^)]*\) VALUES\((-?\d+),")


@dataclass(frozen=True)
class Changes:
    label: str = ""
    kind: str = ACTION  # action | undo | redo | reset (everything may have changed)
    rows: Mapping[str, frozenset[int]] = field(default_factory=dict)
    initiator: object = None  # whatever `Project.initiated_by` named (usually a page)

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.rows)

    def touches(self, *tables: str) -> bool:
        return self.kind == RESET or any(t in self.rows for t in tables)

    def touches_row(self, table: str, rowid: int | None) -> bool:
        return self.kind == RESET or rowid in self.rows.get(table, ())

    def started_by(self, who: object) -> bool:
        """True for a plain action `who` started (not an undo or redo of it)."""
        return self.kind == ACTION and who is not None and self.initiator is who


def touched_rows(step_sqls: Iterable[str]) -> dict[str, frozenset[int]]:
    """Table -> rowids, read from recorded inverse statements."""
    found: dict[str, set[int]] = {}
    for sql in step_sqls:
        m = _STEP.match(sql)
        if not m:
            continue
        table = m.group(1).replace('""', '"')
        row = _ROW_AT_END.search(sql) if not sql.startswith("INSERT") else _ROW_IN_VALUES.match(sql)
        rows = found.setdefault(table, set())
        if row:
            rows.add(int(row.group(1)))
    return {t: frozenset(r) for t, r in found.items()}

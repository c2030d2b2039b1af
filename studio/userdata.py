"""Per-user folders (settings, logs, demo project) and the crash log."""
from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

APP_DIR = "NewMediaStudio"


def data_dir() -> Path:
    """The user's data folder, created on demand. NMSTUDIO_HOME overrides (tests, portable use)."""
    if os.environ.get("NMSTUDIO_HOME"):
        base = Path(os.environ["NMSTUDIO_HOME"])
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home())) / APP_DIR
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_DIR
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / APP_DIR
    base.mkdir(parents=True, exist_ok=True)
    return base


def write_crash_log(exc: BaseException) -> Path:
    """Append the full traceback to the log file and return its path (users see only the path)."""
    log = data_dir() / "logs" / "nmstudio.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"\n=== {datetime.now().isoformat(timespec='seconds')} ===\n")
        fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    return log

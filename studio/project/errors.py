"""Errors a user can act on. Every message says what happened and what to do."""
from __future__ import annotations


class StudioError(Exception):
    """Base of all errors shown to users. `str(err)` is the user-facing message."""

    exit_code = 2


class Cancelled(StudioError):
    def __init__(self, message: str = "已取消 / Cancelled") -> None:
        super().__init__(message)


class ProjectError(StudioError):
    """A problem with the project file itself."""


class NotAProjectError(ProjectError):
    def __init__(self, path) -> None:
        super().__init__(
            f"“{path}” this is not a New Media Studio project (不是新媒体工作室项目文件). "
            "Open a .nms file created by the program, or create a new project."
        )


class ProjectNotFoundError(ProjectError):
    def __init__(self, path) -> None:
        super().__init__(f"Project file not found (找不到项目文件): {path}. Check the path, or create it with `nmstudio new`.")


class ProjectExistsError(ProjectError):
    def __init__(self, path) -> None:
        super().__init__(f"A file already exists at {path} (文件已存在). Choose another name or open it instead.")


class ProjectTooNewError(ProjectError):
    def __init__(self, path, revision: str) -> None:
        super().__init__(
            f"“{path}” was written by a newer version of New Media Studio (schema {revision}) "
            "(此项目由更新版本创建). Update the program to open it; the file was not changed."
        )


class ProjectLockedError(ProjectError):
    def __init__(self, path, holder: dict) -> None:
        self.holder = holder
        super().__init__(
            f"“{path}” is already open (项目已被打开) by process {holder.get('pid')} on "
            f"{holder.get('host')} (user {holder.get('user', '?')}) since {holder.get('since')}. "
            "Close it there first, or open a copy."
        )


class ProjectReadOnlyError(ProjectError):
    def __init__(self, path) -> None:
        super().__init__(
            f"“{path}” cannot be written (只读): the file or its folder is read-only. "
            "Copy the project to a writable folder and open the copy."
        )


class DiskFullError(ProjectError):
    def __init__(self, path) -> None:
        super().__init__(
            f"The disk holding “{path}” is full (磁盘已满). Your last change was not saved; "
            "everything before it is safe. Free some space and try again."
        )


class ProjectBusyError(ProjectError):
    def __init__(self, path) -> None:
        super().__init__(
            f"“{path}” is busy (项目正被其他程序使用). Another program is writing to it; "
            "wait a moment and try again."
        )


class CorruptProjectError(ProjectError):
    def __init__(self, path, detail: str = "") -> None:
        super().__init__(
            f"“{path}” is damaged (项目文件已损坏){': ' + detail if detail else ''}. "
            "Restore it from a backup (.bak) or a copy; the program did not change it."
        )


class DamagedProjectError(ProjectReadOnlyError):
    """Raised on a write to a project that failed its integrity check (it was opened read-only)."""

    def __init__(self, path, detail: str = "") -> None:
        ProjectError.__init__(
            self,
            f"“{path}” is damaged (项目文件已损坏){': ' + detail if detail else ''}; it was opened read-only "
            "and nothing was written. Recover what can be read into a new file with "
            f"`nmstudio recover \"{path}\" NEW.nms` (文件 → 恢复到新文件), or restore a backup (.bak).")


class ForeignDatabaseError(NotAProjectError):
    def __init__(self, path, what: str) -> None:
        ProjectError.__init__(
            self,
            f"“{path}” is an SQLite database of another program ({what}), not a New Media Studio project "
            "(不是新媒体工作室项目文件). It was not changed.")


class MediaError(StudioError):
    """A media file could not be read or processed."""


class ToolMissingError(StudioError):
    """A bundled tool (ffmpeg) is not available."""

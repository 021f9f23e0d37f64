"""Writing: the only place that changes files on disk.

Every write is atomic (a temporary file in the same folder, flushed, then
renamed over the target), so an interrupted build leaves each file either old
or new, never half-written. A file whose bytes would not change is not
touched at all, so its mtime stays and a no-op build writes nothing.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import BriefingsError


class WriteError(OSError, BriefingsError):
    """A file could not be written (disk full, no permission); the old file is untouched.

    An OSError, so callers that catch those still do; a BriefingsError, so the
    command reports it on one line instead of a traceback.
    """

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(error.errno, error.strerror or str(error))
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: cannot write ({self.strerror}) — free disk space or fix permissions, then build again"


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` to `path` atomically unless it already holds exactly that.

    Returns True when the file was written. Raises WriteError when it cannot be.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise WriteError(path, error) from error
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(path.parent)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise WriteError(path, error) from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.chmod(temporary, 0o644)  # mkstemp makes 0600; pages are public files
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, WriteError):
            raise WriteError(path, error) from error
        raise
    _swept[path.parent] = _mtime(path.parent)  # our own rename needs no new sweep
    return True


# --- temporaries left by a killed write -----------------------------------------------

# `.index.md.<pid>.<random>.tmp`, as made above.
_TEMPORARY = re.compile(r"^\..+\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")
# Folder → its mtime when last swept: a folder nobody has changed since needs no new look.
_swept: dict[Path, int | None] = {}


def _mtime(folder: Path) -> int | None:
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return None


def _writer_gone(pid: int) -> bool:
    if pid == os.getpid():
        return True  # writes here are sequential: one of ours cannot be in flight now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, another user's
    return False


def _remove_leftovers(folder: Path) -> None:
    """Delete temporaries whose writer was killed before renaming them (SIGKILL, power loss).

    They are hidden files MkDocs ignores, but garbage all the same: a build
    after an interrupted one must leave exactly what an uninterrupted one does.
    """
    if os.name != "posix":
        return  # no cheap way to ask whether the writing process is gone
    mtime = _mtime(folder)
    if mtime is not None and _swept.get(folder) == mtime:
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match and _writer_gone(int(match["pid"])):
            try:
                os.unlink(entry.path)
            except OSError:
                pass
    _swept[folder] = _mtime(folder)


def remove_file(path: Path) -> bool:
    """Delete a generated file that has been replaced (e.g. by a redirect); True if it existed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True

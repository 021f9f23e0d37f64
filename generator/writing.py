"""Writing: the only place that changes files on disk.

Every write is atomic (a temporary file in the same folder, flushed, then
renamed over the target), so an interrupted build leaves each file either old
or new, never half-written. A file whose bytes would not change is not
touched at all, so its mtime stays and a no-op build writes nothing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` to `path` atomically unless it already holds exactly that.

    Returns True when the file was written.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; pages are public files
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def remove_file(path: Path) -> bool:
    """Delete a generated file that has been replaced (e.g. by a redirect); True if it existed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True

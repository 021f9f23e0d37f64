"""One build at a time per docs folder.

`briefings build` holds an exclusive lock on the docs folder while it reads the
pages there and writes new ones; `briefings check` holds a shared one, so it
never compares against a half-written tree. The lock is `flock` on the folder
itself: nothing is created (no lock file to go stale, nothing in the site), and
the kernel releases it when the process ends, however it ends (even SIGKILL).

A second build waits for the first (up to `wait` seconds, saying so once), then
gives up with a BuildLocked error, which the command reports as exit status 2.
Where `fcntl` does not exist (Windows) builds are not locked.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import BriefingsError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

# How long a second build waits for the first by default, in seconds.
DEFAULT_WAIT = 120.0
_POLL = 0.05


class BuildLocked(BriefingsError):
    """Another build holds the docs folder."""

    def __init__(self, folder: Path, waited: float) -> None:
        self.folder = folder
        super().__init__(
            f"{folder}: another `briefings build` is still writing this folder (waited {waited:g} s) — "
            "let it finish and run the command again, or pass --wait SECONDS to wait longer"
        )


@contextmanager
def locked(folder: Path, *, shared: bool = False, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the lock on `folder` (created when missing, unless `shared`) for the block."""
    if fcntl is None:
        yield
        return
    if not shared:
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        yield  # nothing there to read, nothing to guard
        return
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(descriptor, mode)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLocked(folder, wait) from None
                if not told:
                    print(f"waiting for another `briefings build` to finish writing {folder} (up to {wait:g} s)…", file=sys.stderr, flush=True)
                    told = True
                time.sleep(_POLL)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)

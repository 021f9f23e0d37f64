"""Which files in the sources folder are articles.

Its own small module, on `os.scandir` rather than `Path.rglob`: a build with
nothing to do (stamp.py) lists 10,000 sources and every page of the docs
folder, and pathlib's per-path objects cost more than the listing itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from .errors import SourceError

# Files in sources/ that describe the corpus rather than being articles.
NOT_ARTICLES = {"readme.md", "readme.txt", "license", "license.md", ".gitkeep"}


def walk(folder: str, *, hidden: bool) -> Iterator[tuple[str, os.DirEntry]]:
    """Every entry below `folder` that is not a directory, as (path relative to it with '/', entry).

    Symbolic links are listed, never followed (a link to a folder is an entry too).
    Folders that cannot be read are passed over, as `Path.rglob` does.
    """
    pending = [("", folder)]
    while pending:
        prefix, directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except (PermissionError, FileNotFoundError, NotADirectoryError):
            continue
        for entry in listed:
            if not hidden and entry.name.startswith("."):
                continue
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((relative + "/", entry.path))
            else:
                yield relative, entry


def source_names(folder: Path) -> list[str]:
    """The candidate sources below `folder` as paths relative to it ('2025/03/x.md'), sorted.

    Hidden files and folders are skipped, and so are the corpus's own README and
    LICENSE; anything else that is a file or a link is a candidate (the reader
    reports those that are not articles).
    """
    if not folder.is_dir():
        raise SourceError(folder, "sources folder not found", "create it or pass --sources DIR")
    return sorted(
        relative
        for relative, entry in walk(str(folder), hidden=False)
        if (entry.is_symlink() or entry.is_file()) and entry.name.lower() not in NOT_ARTICLES
    )


def discover_sources(folder: Path) -> list[Path]:
    """Every candidate source file below `folder`, in a stable order (hidden files skipped)."""
    return [folder / relative for relative in source_names(folder)]

"""Which files in the sources folder are articles.

Its own small module: a no-op build (stamp.py) lists the sources without
importing the reading and cleaning stack.
"""

from __future__ import annotations

from pathlib import Path

from .errors import SourceError

# Files in sources/ that describe the corpus rather than being articles.
NOT_ARTICLES = {"readme.md", "readme.txt", "license", "license.md", ".gitkeep"}


def discover_sources(folder: Path) -> list[Path]:
    """Every candidate source file below `folder`, in a stable order (hidden files skipped)."""
    if not folder.is_dir():
        raise SourceError(folder, "sources folder not found", "create it or pass --sources DIR")
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if (path.is_file() or path.is_symlink()) and path.name.lower() not in NOT_ARTICLES:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())

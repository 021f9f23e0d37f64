"""The last build's stamp: a build where nothing changed answers in well under a second.

Even answered by the cache, a full build loads every article, reads every
published page and compares every page with the file on disk: seconds at
10,000 articles. Most builds in CI and at a contributor's desk change nothing,
so after each build we keep a stamp of

- its inputs: every source file's bytes (the same salted hashes the article
  cache uses), the settings, the files they name (entities.yml, decisions.yml,
  templates, ...), and the generator's code;
- the docs folder as the build left it: every file's size and modification
  time, as `git status` trusts its index;
- what the build printed, as the next build would print it (warnings, errors,
  notes, counts).

When the inputs hash the same and the docs folder stats the same, the next
build replays that output and writes nothing: what it would have found.
Anything else — one changed byte in a source, a page a person touched, a new
file — takes the full build.

Modification times are only trusted where they can tell. A file the build
wrote is checked by content until a build has verified it (a person could have
edited it while the build was still running), and so is any file modified
within RACY_NS of the stamp (filesystems with coarse timestamps could give an
edit the same time as the write): git's "racy clean" rule.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from .cache import ArticleCache, Cache, cache_folder, docs_folder_key, inputs_digest
from .config import Settings
from .discovery import source_names, walk
from .errors import SourceError

# Files modified this close to the stamp are verified by content, not by their time.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Stamp:
    inputs: str  # inputs_key() of the build
    files: dict[str, tuple[int, int]]  # docs-folder path → (size, mtime in ns) after the build
    verify: dict[str, str]  # docs-folder path → SHA-256 its content must have (times not trusted yet)
    output: tuple[tuple[bool, str], ...]  # (to stderr?, line) as a build that finds nothing to do prints
    exit_code: int


def inputs_key(settings: Settings) -> str:
    """Everything a build reads except the docs folder, as one hash (reads and hashes every source)."""
    articles = ArticleCache(settings)
    unreadable = []
    folder = str(settings.sources)
    for relative in source_names(settings.sources):
        if articles.key_of(os.path.join(folder, relative), relative) is None:
            unreadable.append(relative)  # not a plain file: its error is part of the output
    digest = inputs_digest(settings, articles.keys)
    digest.update(repr(unreadable).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def scan(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below `folder` (hidden ones too): relative path → (size, mtime in ns)."""
    found: dict[str, tuple[int, int]] = {}
    for relative, entry in walk(str(folder), hidden=True):
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        found[relative] = (info.st_size, info.st_mtime_ns)
    return found


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _store(settings: Settings) -> tuple[Cache, str]:
    return Cache(cache_folder(settings)), docs_folder_key(settings)


def record(
    settings: Settings, inputs: str, written: dict[Path, str], output: list[tuple[bool, str]], exit_code: int,
    files: dict[str, tuple[int, int]] | None = None,
) -> None:
    """Keep the stamp of a build that just finished (call it while the build still holds its lock).

    `written`: each file the build wrote → the SHA-256 of what it wrote. `files`: the
    docs folder's scan, when the caller has just made it.
    """
    files = scan(settings.out) if files is None else files
    verify = {path.relative_to(settings.out).as_posix(): digest for path, digest in written.items()}
    recent = time.time_ns() - RACY_NS
    for relative, (_, mtime) in files.items():
        if mtime >= recent and relative not in verify:
            digest = _digest(settings.out / relative)
            if digest is not None:
                verify[relative] = digest
    cache, key = _store(settings)
    cache.put("stamps", key, Stamp(inputs, files, verify, tuple(output), exit_code), keep=8)


def forget(settings: Settings) -> None:
    """No stamp for this docs folder (the next build is a full one)."""
    cache, key = _store(settings)
    cache.put("stamps", key, None)


def unchanged_since_last_build(settings: Settings) -> tuple[Stamp | None, str | None]:
    """(the last build's stamp if nothing changed since, the inputs key when it was computed).

    Pass the inputs key on to `record` after a full build: the sources are hashed once.
    """
    try:
        inputs = inputs_key(settings)
    except SourceError:
        return None, None  # no sources folder: the full build says so
    cache, key = _store(settings)
    stamp = cache.get("stamps", key)
    if not isinstance(stamp, Stamp) or inputs != stamp.inputs:
        return None, inputs
    files = scan(settings.out)
    if files != stamp.files:
        return None, inputs
    if any(_digest(settings.out / relative) != digest for relative, digest in stamp.verify.items()):
        return None, inputs
    if stamp.verify:
        # Verified: from now on their times can be trusted (bar the racy ones), and the
        # next no-op build need not read them again.
        record(settings, inputs, {}, list(stamp.output), stamp.exit_code, files)
    return stamp, inputs

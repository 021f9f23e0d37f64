"""The last build's stamp: a build where nothing changed answers in well under a second.

Even answered by the cache, a full build loads every article, reads every
published page and compares every page with the file on disk: seconds at
10,000 articles. Most builds in CI and at a contributor's desk change nothing,
so after each build we keep a stamp of

- its inputs: every source file's bytes (the same salted hashes the article
  cache uses), the settings, the files they name (entities.yml, decisions.yml,
  templates, ...), and the generator's code;
- each source's size, modification time and inode when it was hashed, so that
  the next build reads again only the sources whose stat changed;
- the docs folder as the build left it: every file's size and modification
  time, as `git status` trusts its index;
- what the build printed, as the next build would print it (warnings, errors,
  notes, counts).

When the inputs hash the same and the docs folder stats the same, the next
build replays that output and writes nothing: what it would have found.
Anything else — one changed byte in a source, a page a person touched, a new
file — takes the full build.

Modification times are only trusted where they can tell. Each file the build
wrote is read back after the docs folder is scanned: one a person edited while
the build was running (after it was written, before the scan) is then checked by
content next time, whatever its time says. Any file modified within RACY_NS of
the stamp is checked by content too, as filesystems with coarse timestamps could
give a later edit the same time: git's "racy clean" rule. Past that window, an
edit shows in the file's time. A source modified within RACY_NS of being hashed
is hashed again next time, by the same rule.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ArticleCache, Cache, Signature, article_salt, cache_folder, docs_folder_key, inputs_digest
from .config import Settings
from .discovery import source_names, walk
from .errors import SourceError

# Files modified this close to the stamp are verified by content, not by their time.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads except the docs folder, as one hash, and how each source looked."""

    key: str
    # Source (path in sources/) → (its signature when it was hashed, its article key), for
    # the sources whose time can be trusted (not modified within RACY_NS of being hashed).
    sources: dict[str, tuple[Signature, str]] = field(default_factory=dict)
    # The article salt the sources' keys were made with (cache.article_salt), hashed
    salt: str = ""


@dataclass(frozen=True)
class Stamp:
    inputs: str  # Inputs.key of the build
    files: dict[str, tuple[int, int]]  # docs-folder path → (size, mtime in ns) after the build
    verify: dict[str, str]  # docs-folder path → SHA-256 its content must have (times not trusted yet)
    output: tuple[tuple[bool, str], ...]  # (to stderr?, line) as a build that finds nothing to do prints
    exit_code: int
    sources: dict[str, tuple[Signature, str]] = field(default_factory=dict)  # Inputs.sources of the build
    sources_salt: str = ""  # Inputs.salt of the build: its source keys hold under this salt only


def read_inputs(settings: Settings, known: dict[str, tuple[Signature, str]] | None = None) -> Inputs:
    """Everything a build reads except the docs folder, as one hash.

    Every source is hashed, except those `known` from the last build whose
    signature is unchanged: as git trusts its index, a changed file is one whose
    size, time or inode changed (and the racy ones were never trusted).
    """
    articles = ArticleCache(settings, trusted=known)
    unreadable = []
    folder = str(settings.sources)
    trusted_before = time.time_ns() - RACY_NS
    for relative in source_names(settings.sources):
        if articles.key_of(os.path.join(folder, relative), relative) is None:
            unreadable.append(relative)  # not a plain file: its error is part of the output
    digest = inputs_digest(settings, articles.keys)
    digest.update(repr(unreadable).encode("utf-8", "surrogateescape"))
    trusted = {
        relative: (signature, articles.keys[relative])
        for relative, signature in articles.signatures.items()
        if signature[1] < trusted_before
    }
    return Inputs(digest.hexdigest(), trusted, _salt_id(settings))


def _salt_id(settings: Settings) -> str:
    return hashlib.sha256(article_salt(settings).encode("utf-8", "surrogateescape")).hexdigest()


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


def _digest(path: Path | str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _store(settings: Settings) -> tuple[Cache, str]:
    return Cache(cache_folder(settings)), docs_folder_key(settings)


def record(
    settings: Settings, inputs: Inputs, written: dict[Path, str], output: list[tuple[bool, str]], exit_code: int,
    files: dict[str, tuple[int, int]] | None = None,
) -> None:
    """Keep the stamp of a build that just finished (call it while the build still holds its lock).

    `written`: each file the build wrote → the SHA-256 of what it wrote. `files`: the
    docs folder's scan, when the caller has just made it.

    The written files are read back after the scan (not before: an edit between the
    two would then pass unseen). One that is no longer what the build wrote keeps
    that digest in `verify`, so the next build sees the difference and takes the edit.
    """
    files = scan(settings.out) if files is None else files
    recent = time.time_ns() - RACY_NS
    folder = str(settings.out)
    verify: dict[str, str] = {}
    for path, digest in written.items():
        relative = path.relative_to(settings.out).as_posix()
        if relative not in files or _digest(os.path.join(folder, relative)) != digest:
            verify[relative] = digest  # deleted or edited since the build wrote it: the next build sees it
    for relative, (_, mtime) in files.items():
        if mtime >= recent and relative not in verify:
            digest = _digest(os.path.join(folder, relative))
            if digest is not None:
                verify[relative] = digest
    cache, key = _store(settings)
    cache.put("stamps", key, Stamp(inputs.key, files, verify, tuple(output), exit_code, inputs.sources, inputs.salt), keep=8)


def forget(settings: Settings) -> None:
    """No stamp for this docs folder (the next build is a full one)."""
    cache, key = _store(settings)
    cache.put("stamps", key, None)


def unchanged_since_last_build(settings: Settings) -> tuple[Stamp | None, Inputs | None]:
    """(the last build's stamp if nothing changed since, the inputs when they were read).

    Pass the inputs on to `record` after a full build: the sources are hashed once.
    """
    cache, key = _store(settings)
    stamp = cache.get("stamps", key)
    if not isinstance(stamp, Stamp):
        stamp = None
    try:
        # The keys the last build took are trusted only under the same code and reading
        # settings (a stamp from before they were kept has neither: getattr).
        known = stamp.sources if stamp is not None and getattr(stamp, "sources_salt", "") == _salt_id(settings) else None
        inputs = read_inputs(settings, known)
    except SourceError:
        return None, None  # no sources folder: the full build says so
    if stamp is None or inputs.key != stamp.inputs:
        return None, inputs
    files = scan(settings.out)
    if files != stamp.files:
        return None, inputs
    folder = str(settings.out)
    if any(_digest(os.path.join(folder, relative)) != digest for relative, digest in stamp.verify.items()):
        return None, inputs
    if stamp.verify or inputs.sources != stamp.sources:
        # Verified (pages) or past the racy window (sources): from now on their times
        # can be trusted, and the next no-op build need not read them again.
        record(settings, inputs, {}, list(stamp.output), stamp.exit_code, files)
    return stamp, inputs

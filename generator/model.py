"""The nouns of the pipeline: plain, frozen data passed from stage to stage.

Every stage is a function from these values to these values; only `reading`
(the start) and `writing` (the end) touch the file system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """Something the reader noticed about a source.

    `code` is stable and machine-readable (tests and `inspect --json` use it);
    `message` is the sentence a person reads.
    """

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass(frozen=True)
class FaqPair:
    question: str
    answer: str


@dataclass(frozen=True)
class RawDocument:
    """What a format reader extracts from a file before cleaning.

    `metadata` holds only what the file states explicitly (front matter, HTML
    meta tags); `lines` is the text, one physical line each.
    """

    path: Path
    format: str
    lines: tuple[str, ...]
    metadata: dict[str, object] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Article:
    """One cleaned article: the unit every later stage works on."""

    id: str
    path: Path
    title: str
    outlet: str | None
    url: str | None
    author: str | None
    published: datetime
    updated: datetime | None
    paragraphs: tuple[str, ...]
    faq: tuple[FaqPair, ...] = ()
    warnings: tuple[Problem, ...] = ()
    tags: tuple[str, ...] = ()
    # When `briefings add URL|FEED` downloaded it (None for files added from disk).
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class Sentence:
    """The unit of provenance: everything a briefing says points back to one."""

    text: str
    article_id: str
    index: int


@dataclass(frozen=True)
class DatedMention:
    """A happening the text dates, resolved to a calendar day."""

    day: date
    phrase: str
    sentence: Sentence


@dataclass(frozen=True)
class EntityRef:
    """An entity as one event sees it: who or what, and how often its articles name it."""

    key: str
    name: str
    type: str
    mentions: int


@dataclass(frozen=True)
class Event:
    """One real-world happening, reported by one or more articles.

    `articles` are distinct reports; `copies` maps an article id to the
    near-identical copies (syndication) that were folded into it.
    """

    id: str
    slug: str
    title: str
    articles: tuple[Article, ...]
    copies: tuple[tuple[str, tuple[Article, ...]], ...] = ()
    entities: tuple[EntityRef, ...] = ()
    story_id: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def start(self) -> datetime:
        return min(article.published for article in self.articles)

    @property
    def end(self) -> datetime:
        return max(article.published for article in self.articles)

    def copies_of(self, article_id: str) -> tuple[Article, ...]:
        return dict(self.copies).get(article_id, ())

    @property
    def outlets(self) -> tuple[str, ...]:
        names = {article.outlet for article in self.articles if article.outlet}
        names |= {copy.outlet for _, copies in self.copies for copy in copies if copy.outlet}
        return tuple(sorted(names))


@dataclass(frozen=True)
class Story:
    """Events that continue one thread, in order."""

    id: str
    title: str
    event_ids: tuple[str, ...]
    entities: tuple[EntityRef, ...] = ()

"""Site-level pages: the month archive, the timeline, the outlets page, JSON twins, and pagination.

Why not Material's blog plugin for the archive: it wants every post in its own
folder (`blog/posts/`) with its own front matter (`date`, `categories`,
`authors`) and builds its archive, pagination and URLs from that. Our
briefings are generated pages with stable URLs under `events/YYYY/MM/`, kept
in sync with people's edits, so the archive is generated here instead: plain
Markdown pages, one (or a few, numbered) per month. None of them is listed in
`nav` one by one (a nav with every page makes Material builds many times
slower); they are reached through links from `archive/index.md`.

A long list is split into numbered pages of `page_size` entries:
`archive/2025-10.md`, `archive/2025-10-2.md`, … each with previous/next links.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Sequence, TypeVar

from .describe import describe_event
from .events import event_page_path

T = TypeVar("T")

ARCHIVE_INDEX = "archive/index.md"
TIMELINE = "timeline"
OUTLETS = "outlets.md"


@dataclass(frozen=True)
class Pager:
    """Where one numbered page sits among its siblings (paths inside the docs folder)."""

    path: str
    number: int
    count: int
    previous: str | None
    next: str | None

    @property
    def first(self) -> bool:
        return self.number == 1


def numbered_path(base: str, number: int) -> str:
    """`archive/2025-10` → `archive/2025-10.md`, then `archive/2025-10-2.md`, `archive/2025-10-3.md`…"""
    return f"{base}.md" if number == 1 else f"{base}-{number}.md"


def paginate(items: Sequence[T], size: int, base: str) -> list[tuple[Pager, list[T]]]:
    """`items` in pages of at most `size`; an empty list is one empty page."""
    chunks = [list(items[start : start + size]) for start in range(0, len(items), size)] or [[]]
    count = len(chunks)
    return [
        (
            Pager(
                numbered_path(base, number),
                number,
                count,
                numbered_path(base, number - 1) if number > 1 else None,
                numbered_path(base, number + 1) if number < count else None,
            ),
            chunk,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


@dataclass(frozen=True)
class Month:
    key: str  # "2025-10"
    label: str  # "October 2025"
    briefings: tuple  # newest first: content.Briefing or merging.Listing

    @property
    def base(self) -> str:
        return f"archive/{self.key}"


def months_of(newest_first: Sequence) -> list[Month]:
    """Briefings grouped by the month their event started, newest month first (order kept)."""
    grouped: dict[str, list] = {}
    labels: dict[str, str] = {}
    for briefing in newest_first:
        start = briefing.event.start
        key = f"{start:%Y-%m}"
        grouped.setdefault(key, []).append(briefing)
        labels[key] = f"{start:%B %Y}"
    return [Month(key, labels[key], tuple(grouped[key])) for key in sorted(grouped, reverse=True)]


@dataclass(frozen=True)
class Happening:
    """One dated happening of the timeline: the day, the source sentence, who said it, its briefing."""

    day: date
    text: str
    outlet: str | None
    event_id: str
    event_title: str
    source: str
    sentence: int


def happenings(briefings: Sequence) -> list[Happening]:
    """Every dated happening of every briefing, newest day first (then by briefing, source, sentence)."""
    found = []
    for briefing in briefings:
        outlet_of = {article.id: article.outlet for article in briefing.event.articles}
        for mention in briefing.timeline:
            found.append(Happening(
                mention.day, mention.sentence.text, outlet_of.get(mention.sentence.article_id),
                briefing.event.id, briefing.event.title, mention.sentence.article_id, mention.sentence.index,
            ))
    return sorted(found, key=lambda h: (-h.day.toordinal(), h.event_id, h.source, h.sentence))


def json_twin_path(event) -> str:
    """The briefing's data beside its page: `events/YYYY/MM/<id>.json` (a stable URL)."""
    return event_page_path(event).removesuffix(".md") + ".json"


def json_twin(briefing) -> str:
    """The briefing as data: its event, articles, entities and every sentence with its source.

    The shape of `briefings events --json` (describe.py), plus `generator` so
    the build recognises its own files. Keys in a fixed order, UTF-8 as is.
    """
    data = describe_event(briefing.event, briefing) | {"generator": "briefings"}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

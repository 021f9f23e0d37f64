"""Site-level pages: the month archive, the timeline, the outlets page, JSON twins, and pagination.

Why not Material's blog plugin for the archive: it wants every post in its own
folder (`blog/posts/`) with its own front matter (`date`, `categories`,
`authors`) and builds its archive, pagination and URLs from that. Our
briefings are generated pages with stable URLs under `events/YYYY/MM/`, kept
in sync with people's edits, so the archive is generated here instead: plain
Markdown pages, one (or a few, numbered) per month. None of them is listed in
`nav` one by one (a nav with every page makes Material builds many times
slower); they are reached through links from `archive/index.md`.

A long list is split into pages of at most `page_size` entries, linked newer/older:
`archive/2025-10.md` (the newest), then `archive/2025-10-2.md`, `archive/2025-10-1.md`
(the oldest): see `paginate`. The timeline is cut by month the same way
(`timeline/2025-10.md`), under `timeline.md`, which shows the latest happenings.
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
TIMELINE = "timeline.md"
OUTLETS = "outlets.md"


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list sits among its siblings (paths inside the docs folder).

    The landing page (`part` None) holds the newest entries; older parts are numbered
    from the oldest, so their names and entries stay put as new entries arrive.
    """

    path: str
    part: int | None
    newer: str | None
    older: str | None

    @property
    def first(self) -> bool:
        return self.part is None


def numbered_path(base: str, part: int | None) -> str:
    """`archive/2025-10` → `archive/2025-10.md` (the newest entries), `archive/2025-10-1.md` (the oldest)…"""
    return f"{base}.md" if part is None else f"{base}-{part}.md"


def paginate(newest_first: Sequence[T], size: int, base: str) -> list[tuple[Pager, list[T]]]:
    """`newest_first` in pages of at most `size`, landing page (newest) first; an empty list is one empty page.

    Pages are cut from the oldest entry: part 1 holds the `size` oldest, part 2 the next,
    and the landing page `base.md` what is left (the newest). A new entry, which is
    nearly always among the newest, changes the landing page only; when the landing
    page is full it becomes the next part. So adding one briefing rewrites one or two
    pages, not every page after it, and an old part's URL always shows the same entries.
    """
    oldest_first = list(reversed(newest_first))
    count = max(1, -(-len(oldest_first) // size))
    parts: list[int | None] = [*range(1, count), None]
    paths = [numbered_path(base, part) for part in parts]
    pages = []
    for index, part in enumerate(parts):
        chunk = oldest_first[index * size : (index + 1) * size] if part is not None else oldest_first[index * size :]
        pager = Pager(paths[index], part, paths[index + 1] if index + 1 < count else None, paths[index - 1] if index else None)
        pages.append((pager, chunk[::-1]))
    return pages[::-1]


@dataclass(frozen=True)
class Month:
    key: str  # "2025-10"
    label: str  # "October 2025"
    briefings: tuple  # newest first: content.Briefing or merging.Listing

    @property
    def base(self) -> str:
        return f"archive/{self.key}"


def happenings_by_month(entries: Sequence["Happening"]) -> list[tuple[str, str, list["Happening"]]]:
    """(key "2025-10", label "October 2025", happenings) for each month, newest first (order kept)."""
    months: dict[str, tuple[str, list]] = {}
    for entry in entries:
        months.setdefault(f"{entry.day:%Y-%m}", (f"{entry.day:%B %Y}", []))[1].append(entry)
    return [(key, label, found) for key, (label, found) in months.items()]


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

"""Grouping: articles → events.

For now every article is its own event; the events issue replaces this with
online clustering. What is fixed here already is an event's identity: the date
and slug of its first article's title, which become its page URL.
"""

from __future__ import annotations

from slugify import slugify

from .model import Article, Event

SLUG_WORDS_MAX_CHARS = 60


def title_slug(title: str) -> str:
    """A URL-safe slug: ASCII, lower case, at most 60 characters, never empty."""
    return slugify(title, max_length=SLUG_WORDS_MAX_CHARS, word_boundary=True) or "untitled"


def event_id(first: Article) -> str:
    return f"{first.published.date().isoformat()}-{title_slug(first.title)}"


def group_into_events(articles: list[Article]) -> list[Event]:
    """One event per article, ids made unique by a numeric suffix in a stable order."""
    ordered = sorted(articles, key=lambda a: (a.published, a.id))
    events: list[Event] = []
    taken: set[str] = set()
    for article in ordered:
        base = event_id(article)
        unique, counter = base, 2
        while unique in taken:
            unique, counter = f"{base}-{counter}", counter + 1
        taken.add(unique)
        events.append(Event(id=unique, slug=unique, title=article.title, articles=(article,)))
    return events


def event_page_path(event: Event) -> str:
    """Where the event's briefing lives, relative to the docs folder."""
    start = event.start
    return f"events/{start.year:04d}/{start.month:02d}/{event.slug}.md"

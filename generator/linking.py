"""Cross-links: related briefings (with the reason), story neighbours, entity pages.

Every link points at a page this build writes, so `mkdocs build --strict`
can check them all.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from slugify import slugify

from .model import EntityRef, Event, Story

RELATED_MAX = 5
# An entity gets a page when the corpus names it this often (fewer is noise).
ENTITY_PAGE_MIN_MENTIONS = 2
TYPE_FOLDERS = {"person": "people", "place": "places", "organisation": "organisations"}


@dataclass(frozen=True)
class Related:
    event: Event
    reason: str
    score: float


@dataclass(frozen=True)
class EntityPage:
    key: str
    name: str
    type: str
    aliases: tuple[str, ...]
    path: str
    events: tuple[Event, ...]


def entity_pages(events: list[Event], aliases: dict[str, tuple[str, ...]]) -> dict[str, EntityPage]:
    """Entity key → its page, for entities named often enough; paths unique and stable."""
    events_of: dict[str, list[Event]] = defaultdict(list)
    mentions: dict[str, int] = defaultdict(int)
    ref_of: dict[str, EntityRef] = {}
    for event in events:
        for ref in event.entities:
            events_of[ref.key].append(event)
            mentions[ref.key] += ref.mentions
            ref_of[ref.key] = ref
    pages: dict[str, EntityPage] = {}
    taken: set[str] = set()
    for key in sorted(events_of):
        if mentions[key] < ENTITY_PAGE_MIN_MENTIONS:
            continue
        ref = ref_of[key]
        base = f"entities/{TYPE_FOLDERS[ref.type]}/{slugify(ref.name, max_length=60, word_boundary=True) or 'entity'}"
        path, counter = f"{base}.md", 2
        while path in taken:
            path, counter = f"{base}-{counter}.md", counter + 1
        taken.add(path)
        ordered = tuple(sorted(events_of[key], key=lambda e: (e.start, e.id), reverse=True))
        pages[key] = EntityPage(key, ref.name, ref.type, aliases.get(key, ()), path, ordered)
    return pages


def related_events(events: list[Event], max_related: int = RELATED_MAX) -> dict[str, list[Related]]:
    """For each event, the most related others: same story first, then shared entities (rarer count more)."""
    events_with: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        for ref in event.entities:
            events_with[ref.key].append(event)
    rarity = {key: math.log(1 + len(events) / len(found)) for key, found in events_with.items()}
    in_story: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.story_id:
            in_story[event.story_id].add(event.id)
    related: dict[str, list[Related]] = {}
    others = {e.id: e for e in events}
    for event in events:
        shared: dict[str, list[EntityRef]] = defaultdict(list)
        for ref in event.entities:
            for other in events_with[ref.key]:
                shared[other.id].append(ref)
        shared.pop(event.id, None)
        story_mates = in_story[event.story_id] - {event.id} if event.story_id else set()
        scored = []
        for other_id in set(shared) | story_mates:
            same_story = other_id in story_mates
            if not same_story and len(shared[other_id]) < 2:
                continue  # one shared name (a city, a ministry) is not a relation
            other = others[other_id]
            refs = sorted(shared.get(other_id, []), key=lambda r: (-rarity[r.key], r.name))
            score = (10.0 if same_story else 0.0) + sum(rarity[r.key] for r in refs)
            parts = (["same story"] if same_story else []) + (
                ["shared: " + ", ".join(r.name for r in refs[:3])] if refs else []
            )
            scored.append(Related(other, "; ".join(parts), score))
        scored.sort(key=lambda r: (-r.score, r.event.id))
        related[event.id] = scored[:max_related]
    return related


def story_neighbours(story: Story | None, event_id: str) -> tuple[str | None, str | None]:
    """(previous, next) event ids in the story."""
    if story is None:
        return None, None
    position = story.event_ids.index(event_id)
    previous = story.event_ids[position - 1] if position > 0 else None
    following = story.event_ids[position + 1] if position + 1 < len(story.event_ids) else None
    return previous, following

"""Cross-links: related briefings (with the reason), story neighbours, entity pages.

Every link points at a page this build writes, so `mkdocs build --strict`
can check them all.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
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
    events_with: dict[str, list[int]] = defaultdict(list)
    for position, event in enumerate(events):
        for ref in event.entities:
            events_with[ref.key].append(position)
    rarity = {key: math.log(1 + len(events) / len(found)) for key, found in events_with.items()}
    # Which events share at least two names with an event, counted in one pass over
    # arrays: a country named in hundreds of events makes the pairs far too many to list.
    holders = {key: np.array(found, dtype=np.int64) for key, found in events_with.items()}
    keys_of = [{ref.key for ref in event.entities} for event in events]
    in_story: dict[str, set[int]] = defaultdict(set)
    for position, event in enumerate(events):
        if event.story_id:
            in_story[event.story_id].add(position)
    rarity_of = [np.array([rarity[ref.key] for ref in event.entities]) for event in events]
    related: dict[str, list[Related]] = {}
    for position, event in enumerate(events):
        found = [holders[ref.key] for ref in event.entities]
        together = np.concatenate(found) if found else np.zeros(0, np.int64)
        shared_count = np.bincount(together, minlength=len(events))
        shared_count[position] = 0
        story_mates = in_story[event.story_id] - {position} if event.story_id else set()
        # one shared name (a city, a ministry) is not a relation
        others = set(np.flatnonzero(shared_count >= 2).tolist()) | story_mates
        scored = [
            _related(event, events[other], other in story_mates, keys_of[other], rarity)
            for other in _shortlist(others, story_mates, together, np.repeat(rarity_of[position], [len(f) for f in found]),
                                    len(events), max_related)
        ]
        scored.sort(key=lambda r: (-r.score, r.event.id))
        related[event.id] = scored[:max_related]
    return related


def _shortlist(
    others: set[int], story_mates: set[int], holders: np.ndarray, weights: np.ndarray, total: int, wanted: int
) -> list[int]:
    """The candidates that can be among the `wanted` best: scores summed for all at once.

    `holders`: the positions of the events naming each of the event's names, one
    after the other; `weights`: the rarity of the name each position stands for.
    A busy event shares two names with hundreds of others; giving each its reason
    (the names, sorted) is the costly part, so only those whose score (summed by
    one weighted bincount) comes within a rounding margin of the best `wanted` get one.
    """
    if len(others) <= wanted:
        return sorted(others)
    approximate = np.bincount(holders, weights=weights, minlength=total)
    candidates = sorted(others)
    scores = approximate[candidates] + np.array([10.0 if other in story_mates else 0.0 for other in candidates])
    cut = np.sort(scores)[-wanted] - 1e-6  # summed in another order than _related's: allow for rounding
    return [other for other, score in zip(candidates, scores) if score >= cut]


def _related(event: Event, other: Event, same_story: bool, other_keys: set[str], rarity: dict[str, float]) -> Related:
    """Why `other` is related to `event`, and how much: the story first, then the rarer names they share."""
    refs = sorted((ref for ref in event.entities if ref.key in other_keys), key=lambda r: (-rarity[r.key], r.name))
    score = (10.0 if same_story else 0.0) + sum(rarity[r.key] for r in refs)
    parts = (["same story"] if same_story else []) + (["shared: " + ", ".join(r.name for r in refs[:3])] if refs else [])
    return Related(other, "; ".join(parts), score)


def story_neighbours(story: Story | None, event_id: str) -> tuple[str | None, str | None]:
    """(previous, next) event ids in the story."""
    if story is None:
        return None, None
    position = story.event_ids.index(event_id)
    previous = story.event_ids[position - 1] if position > 0 else None
    following = story.event_ids[position + 1] if position + 1 < len(story.event_ids) else None
    return previous, following

"""Events and stories with stable identities.

`group()` runs the grouping (clustering.py) and turns its positions into
Event and Story values with ids that never change once published: an event's
id is the date and slug of its first article's title, and an article that a
page already lists (`pinned`) keeps that page's event. Editorial decisions
(decisions.yml) are applied last, so a person always has the final word.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slugify import slugify

from .analysis import ArticleAnalysis, analyse
from .decisions import Decisions
from .entities import EntityIndex, EntityOverrides, resolve_entities
from .model import Article, EntityRef, Event, Story

if TYPE_CHECKING:
    from .clustering import Candidate, ClusterSettings

SLUG_WORDS_MAX_CHARS = 60
STORY_TITLE_ENTITIES = 3


def title_slug(title: str) -> str:
    """A URL-safe slug: ASCII, lower case, at most 60 characters, never empty."""
    return slugify(title, max_length=SLUG_WORDS_MAX_CHARS, word_boundary=True) or "untitled"


def event_id(first: Article) -> str:
    return f"{first.published.date().isoformat()}-{title_slug(first.title)}"


def event_page_path(event: Event) -> str:
    """Where the event's briefing lives, relative to the docs folder (from its id: stable)."""
    return f"events/{event.id[:4]}/{event.id[5:7]}/{event.slug}.md"


def story_page_path(story: Story) -> str:
    return f"stories/{story.id}.md"


@dataclass
class Grouped:
    events: list[Event]
    stories: list[Story]
    entities: EntityIndex
    # article id → the events it was compared with (event id, scores), for `explain`
    explanations: dict[str, list[tuple[str, Candidate]]] = field(default_factory=dict)
    # article id → id of the article it is a copy of
    duplicates: dict[str, str] = field(default_factory=dict)
    # event id no longer used → event id that replaced it (merges)
    merged: dict[str, str] = field(default_factory=dict)
    excluded: list[Article] = field(default_factory=list)
    duplicate_scan: object = None  # clustering.DuplicateScan: where the next build's scan for copies can resume


def _excluded(article: Article, decisions: Decisions) -> bool:
    return article.id in decisions.excluded_sources or (article.outlet or "") in decisions.excluded_outlets


def _assign_ids(
    clusters: list[list[int]], articles: list[Article], pinned: dict[str, str]
) -> dict[str, list[int]]:
    """Event id → member positions; a published id is kept, a new one is date + slug."""
    by_id: dict[str, list[int]] = {}
    for members in sorted(clusters, key=lambda m: m[0]):
        previous = [pinned[articles[m].id] for m in members if articles[m].id in pinned]
        base = next((p for p in previous if p not in by_id), None) or event_id(articles[members[0]])
        unique, counter = base, 2
        while unique in by_id:
            unique, counter = f"{base}-{counter}", counter + 1
        by_id[unique] = list(members)
    return by_id


def _apply_decisions(
    by_id: dict[str, list[int]], articles: list[Article], decisions: Decisions
) -> tuple[dict[str, list[int]], dict[str, list[str]], dict[str, str]]:
    """Moves, splits and merges over event id → positions; returns notes per event and merges."""
    notes: dict[str, list[str]] = defaultdict(list)
    merged: dict[str, str] = {}
    position_of = {article.id: index for index, article in enumerate(articles)}

    def take_out(position: int) -> None:
        for members in by_id.values():
            if position in members:
                members.remove(position)

    for source in decisions.splits:
        if source in position_of:
            position = position_of[source]
            take_out(position)
            new_id = event_id(articles[position])
            while new_id in by_id:
                new_id += "-split"
            by_id[new_id] = [position]
            notes[new_id].append(f"Split out of another event by editorial decision: {source}.")
    for source, target in decisions.moves:
        if source in position_of and target in by_id:
            take_out(position_of[source])
            by_id[target].append(position_of[source])
            notes[target].append(f"{source} was moved into this event by editorial decision.")
    for into, others in decisions.merges:
        if into not in by_id:
            continue
        for other in others:
            if other in by_id and other != into:
                by_id[into].extend(by_id.pop(other))
                merged[other] = into
                notes[into].append(f"Merged with the event {other} by editorial decision.")
    kept = {event: sorted(members) for event, members in by_id.items() if members}
    return kept, notes, merged


def _entity_refs(counter: Counter[str], index: EntityIndex) -> tuple[EntityRef, ...]:
    refs = [
        EntityRef(key, index.entities[key].name, index.entities[key].type, count)
        for key, count in counter.items()
        if key in index.entities
    ]
    return tuple(sorted(refs, key=lambda r: (-r.mentions, r.name)))


def group(
    articles: list[Article],
    *,
    settings: ClusterSettings | None = None,
    overrides: EntityOverrides | None = None,
    decisions: Decisions | None = None,
    pinned: dict[str, str] | None = None,
    analyses: dict[str, ArticleAnalysis] | None = None,
    explain: bool = False,
    duplicate_scan: object = None,
) -> Grouped:
    """Articles → events (with copies folded in) and stories.

    `analyses`: each article's names and shingles from the per-article stage
    (cached, computed in parallel); what is missing is computed here.
    `explain`: score every article against its candidate events, pinned ones
    too, for `Grouped.explanations` (a build needs the scores of new articles only).
    `duplicate_scan`: the last build's `Grouped.duplicate_scan` (see find_duplicates).
    """
    # scikit-learn, SciPy and datasketch take seconds to import: only a build that groups pays for them.
    from .clustering import ClusterSettings, DuplicateScan, compute_features, find_duplicates, group_events, group_stories

    settings = settings or ClusterSettings()
    decisions = decisions or Decisions()
    pinned = pinned or {}
    excluded = [a for a in articles if _excluded(a, decisions)]
    articles = [a for a in articles if not _excluded(a, decisions)]

    analyses = dict(analyses or {})
    for article in articles:
        if article.id not in analyses:
            analyses[article.id] = analyse(article)
    earlier_scan = duplicate_scan if isinstance(duplicate_scan, DuplicateScan) else None
    duplicates, scan = find_duplicates(articles, settings.duplicate_threshold, analyses, earlier_scan, settings.duplicate_window_days)
    copies: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.id in duplicates:
            copies[duplicates[article.id]].append(article)
    primaries = sorted((a for a in articles if a.id not in duplicates), key=lambda a: (a.published, a.id))

    entity_index = resolve_entities(
        {a.id: list(analyses[a.id].mentions) for a in primaries}, overrides or EntityOverrides()
    )
    features = compute_features(primaries, entity_index.counts, settings, analyses)
    grouping = group_events(primaries, features, settings, pinned, score_pinned=explain)
    by_id = _assign_ids(grouping.events, primaries, pinned)
    id_of_cluster = {tuple(members): event for event, members in by_id.items()}
    cluster_ids = [id_of_cluster[tuple(members)] for members in grouping.events]
    by_id, notes, merged = _apply_decisions(by_id, primaries, decisions)

    ordered = sorted(by_id.items(), key=lambda item: (primaries[item[1][0]].published, item[0]))
    event_ids = [event for event, _ in ordered]
    stories_positions = group_stories([members for _, members in ordered], primaries, features, settings)

    story_of: dict[str, str] = {}
    stories: list[Story] = []
    for members in stories_positions:
        if len(members) < 2:
            continue
        ids = tuple(event_ids[m] for m in members)
        counter: Counter[str] = Counter()
        shared: Counter[str] = Counter()
        for m in members:
            event_counter: Counter[str] = Counter()
            for position in ordered[m][1]:
                event_counter.update(features.entities[position])
            counter.update(event_counter)
            shared.update(set(event_counter))
        refs = _entity_refs(counter, entity_index)
        # The story is named after what its events share, most named first.
        title_names = [r.name for r in refs if shared[r.key] == len(members)][:STORY_TITLE_ENTITIES]
        story = Story(id=f"story-{ids[0]}", title=" · ".join(title_names) or ids[0], event_ids=ids, entities=refs)
        stories.append(story)
        for event in ids:
            story_of[event] = story.id

    events = []
    for event, members in ordered:
        counter = Counter()
        for position in members:
            counter.update(features.entities[position])
        event_articles = tuple(primaries[m] for m in members)
        events.append(
            Event(
                id=event,
                slug=event,
                title=decisions.renames.get(event, event_articles[0].title),
                articles=event_articles,
                copies=tuple((a.id, tuple(copies[a.id])) for a in event_articles if copies.get(a.id)),
                entities=_entity_refs(counter, entity_index),
                story_id=story_of.get(event),
                notes=tuple(notes.get(event, ())) + ((f"Title changed by editorial decision.",) if event in decisions.renames else ()),
            )
        )
    explanations = {
        primaries[position].id: [(cluster_ids[c.event], c) for c in candidates]
        for position, candidates in grouping.decisions.items()
    }
    return Grouped(events, stories, entity_index, explanations, duplicates, merged, excluded, scan)

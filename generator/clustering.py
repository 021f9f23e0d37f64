"""Grouping: articles → near-duplicate sets → events → stories.

1. Near-duplicates (syndicated copies, light rewrites) are found with MinHash
   LSH over word shingles (datasketch): linear in the corpus, no pairwise pass.
   The shingles and signatures come from the per-article stage (analysis.py).
2. Events are built online, in publication order: each article joins the most
   similar open event or opens a new one. Candidates come from an inverted
   index (top terms and entities → events) limited to a time window, so one
   new article costs a handful of comparisons whatever the corpus size, and an
   article already published on an event's page stays there (`pinned`): new
   sources never reshuffle old events.
3. Stories link events that continue one thread: shared main actors and a
   similar topic, weeks or months apart.

Similarity is text (TF-IDF cosine, scikit-learn, fitted once per build) plus
shared named entities weighted by rarity; every knob is in `ClusterSettings`.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from datasketch import MinHash, MinHashLSH
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from .analysis import MINHASH_SCHEME, NUM_PERM, ArticleAnalysis, minhash_permutations
from .model import Article


@dataclass(frozen=True)
class ClusterSettings:
    # Jaccard similarity of word 3-shingles above which two articles are copies.
    duplicate_threshold: float = 0.5
    # ...of articles published at most this many days apart: copies follow their
    # original within days, and without a window the LSH proposes every report of
    # an outlet on similar events (at 100k articles that grew with the square of N).
    duplicate_window_days: int = 7
    # Score (text cosine blended with entity overlap) needed to join an event.
    event_threshold: float = 0.2
    # Weight of shared entities in the score (the rest is text similarity).
    entity_weight: float = 0.2
    # An article joins only events whose latest article is at most this old.
    event_window_days: int = 4
    # ...and whose first article is at most this old: an event is one happening,
    # so it closes even while reports keep coming (later ones start a new event,
    # linked by the story). Without it, a busy thread grows without end and
    # every new article is compared with all of it.
    event_max_days: int = 10
    # Text similarity to the closest members looks at this many of the
    # event's most recent members (bounded work per article).
    nearest_members: int = 32
    # ...and averages the similarity to this many of them, the closest: an
    # article must be like several reports of the event, not like one alone,
    # so one misplaced report cannot pull its own event's reports after it
    # (labelled set F1 0.948 -> 0.969; ECB+ unchanged; see tests/benchmarks/README.md).
    closest_members: int = 3
    # Score needed to link two events into one story.
    story_threshold: float = 0.35
    # Events further apart than this are never one story.
    story_window_days: int = 400
    # Index terms per article (its highest TF-IDF words).
    index_terms: int = 12
    # Text similarity to an event blends the centroid (the event as a whole)
    # with the closest members (reports that share a detail).
    nearest_member_weight: float = 0.5
    # An article joins an event only if it is at least this share as alike to
    # the event's closest members as the event's own reports are to each other
    # (its cohesion). How alike the reports of one event are depends on the
    # sources (wire copy rewritten by outlets is far more alike than reports
    # written apart), so a fixed threshold alone cannot tell "another report of
    # this event" from "a report of another event of the same kind": where
    # same-kind events crowd the same days, they chained into one (at the
    # synthetic corpus's 100k density, events of 250 articles; see
    # tests/benchmarks/README.md).
    cohesion_share: float = 0.4
    # An event of one report has no cohesion yet: the bar is then this share of
    # the mean cohesion of the other events the article is compared with (one
    # pair is a noisier measure than several, hence a lower share).
    first_report_share: float = 0.35
    # An article cannot join an event whose main actors are not its own: when it
    # names someone at least `main_name_mentions` times whom no report of the
    # event names, and never names someone that at least `main_core_share` of
    # the event's reports name that often. Two title fights of one champion, two
    # firings by one club: the text is alike, the other party is not (at the
    # synthetic corpus's 100k density, events F1 0.912 -> 0.988; see
    # tests/benchmarks/README.md). 0 turns the check off.
    main_name_mentions: int = 4
    main_core_share: float = 0.7


# --- features ------------------------------------------------------------------------


@dataclass
class Features:
    """What the grouping compares, computed once per build."""

    ids: list[str]
    vectors: sparse.csr_matrix  # L2-normalised TF-IDF rows
    terms: list[list[int]]  # top term columns per article
    entities: list[Counter[str]]  # entity key → mentions
    entity_idf: dict[str, float]


def compute_features(
    articles: list[Article], entity_counts: dict[str, Counter[str]], settings: ClusterSettings,
    analyses: dict[str, ArticleAnalysis],
) -> Features:
    vectors = tfidf_vectors([(analyses[a.id].words, analyses[a.id].word_counts) for a in articles])
    terms = []
    for row in range(vectors.shape[0]):
        start, end = vectors.indptr[row], vectors.indptr[row + 1]
        order = np.argsort(-vectors.data[start:end], kind="stable")[: settings.index_terms]
        terms.append([int(vectors.indices[start + i]) for i in order])
    entities = [entity_counts.get(a.id, Counter()) for a in articles]
    document_frequency: Counter[str] = Counter(key for counter in entities for key in counter)
    total = max(1, len(articles))
    entity_idf = {key: math.log((1 + total) / (1 + df)) + 1.0 for key, df in document_frequency.items()}
    return Features([a.id for a in articles], vectors, terms, entities, entity_idf)


def tfidf_vectors(counted: list[tuple[str, np.ndarray]]) -> sparse.csr_matrix:
    """TF-IDF rows (sublinear tf, smoothed idf, unit length) of articles given as (sorted words, counts).

    The words come one per line (analysis.word_counts), split here one article at a time.

    Exactly what scikit-learn's TfidfVectorizer gives on the texts (a test holds
    them equal): the words were counted by its analyzer in the per-article stage
    (analysis.word_counts), so a build only lays the counts out, drops the words
    in more than 60 % of the articles (with over 20 of them), and weighs the rest
    with its TfidfTransformer. Columns are the words in sorted order, as there.
    """
    def words_of(text: str) -> list[str]:
        return text.split("\n") if text else []

    seen: set[str] = set()
    for words, _ in counted:
        seen.update(words_of(words))
    column = {word: index for index, word in enumerate(sorted(seen))}
    indptr = np.cumsum([0] + [len(counts) for _, counts in counted])
    indices = np.fromiter(
        (column[word] for words, _ in counted for word in words_of(words)), dtype=np.int32, count=int(indptr[-1])
    )
    data = np.concatenate([counts for _, counts in counted] + [np.zeros(0, np.int32)]).astype(np.float32)
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(counted), len(column)))
    max_df = 0.6 if len(counted) > 20 else 1.0
    kept = np.flatnonzero(np.bincount(matrix.indices, minlength=matrix.shape[1]) <= max_df * len(counted))
    if not len(kept):
        # No word at all (or no article): every text is dissimilar, which is the truth.
        return sparse.csr_matrix((len(counted), 1), dtype=np.float32)
    matrix = matrix[:, kept]
    return TfidfTransformer(sublinear_tf=True).fit_transform(matrix).tocsr()


def name_weights(names: Counter[str], idf: dict[str, float]) -> tuple[dict[str, float], float]:
    """Each name's weight (rarity × log-damped mentions) and their sum: what `shared_names` compares.

    Worked out once per article (or event), then compared with every candidate.
    """
    weights = {key: (1 + math.log(mentions)) * idf.get(key, 1.0) for key, mentions in names.items()}
    return weights, sum(weights.values())


def shared_names(weighted: tuple[dict[str, float], float], other: Counter[str]) -> float:
    """How much of one side's naming (`name_weights`) the other shares: the names' similarity.

    It is the share of the article's own (weighted) names found in the event,
    not a cosine: an event gathers names from every report, and a new report
    that names the same people should not look less similar for that.
    """
    weights, total = weighted
    if not weights or not other or not total:
        return 0.0
    return sum(weight for key, weight in weights.items() if key in other) / total


# --- near-duplicates -------------------------------------------------------------------

@dataclass
class DuplicateScan:
    """What `find_duplicates` went through, in order, and what it found: the next build goes on from here."""

    threshold: float
    window_days: int
    seen: list[tuple[str, str]]  # (article id, content hash), in the order scanned
    parent: dict[str, str]  # copy → the article it copies
    scanned: int = 0  # articles this scan compared: the new ones when it went on from an earlier one


def find_duplicates(
    articles: list[Article], threshold: float, analyses: dict[str, ArticleAnalysis],
    earlier: DuplicateScan | None = None, window_days: int = 7,
) -> tuple[dict[str, str], DuplicateScan]:
    """Map each copy's id to the id of the article it copies (the earliest of its set), and the scan to go on from.

    Articles are scanned in publication order, each compared with the originals
    (articles that are not copies) published at most `window_days` before it.
    MinHash LSH (datasketch) over each article's word 3-shingles proposes
    candidates; the exact Jaccard overlap of the shingles decides, so hashing
    never merges two texts by accident. Between the two, the signatures' own
    estimate of the overlap sets aside candidates far below the threshold (under
    half of it: four standard errors at 64 permutations), as the LSH over reports
    that share a house style proposes many.

    `earlier`: the scan of an earlier build. When these articles are its articles
    plus new ones, only the new ones are scanned, each against the originals in
    its window before it, through an LSH of those alone (the candidates a scan
    from the start proposes); the answer is that scan's, unless a new article is
    alike an original after it in its window, which would change what was
    decided for that one: then everything is scanned again.
    """
    ordered = sorted(articles, key=lambda a: (a.published, a.id))
    order = [(a.id, analyses[a.id].content_hash) for a in ordered]
    window = timedelta(days=window_days)
    if earlier is not None and (earlier.threshold, earlier.window_days) == (threshold, window_days):
        known = set(earlier.seen)
        if [key for key in order if key in known] == earlier.seen:  # none gone, none changed, none moved
            new = [index for index, key in enumerate(order) if key not in known]
            scan = DuplicateScan(threshold, window_days, order, dict(earlier.parent), len(new))
            if all(_add_one(index, ordered, scan, analyses, window) for index in new):
                return dict(scan.parent), scan
    scan = DuplicateScan(threshold, window_days, order, {}, len(ordered))
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    live: deque[Article] = deque()  # the originals in the LSH, oldest first
    for article in ordered:
        while live and live[0].published < article.published - window:
            lsh.remove(live.popleft().id)
        signature = _signature(analyses[article.id])
        found = _first_alike(article, sorted(lsh.query(signature)), scan, analyses)
        if found is None:
            lsh.insert(article.id, signature)
            live.append(article)
        else:
            scan.parent[article.id] = scan.parent.get(found, found)
    return dict(scan.parent), scan


def _signature(analysis: ArticleAnalysis) -> MinHash:
    # Permutations given: drawing them again costs more than the lookup.
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=analysis.minhash, scheme=MINHASH_SCHEME, permutations=minhash_permutations())


def _first_alike(article: Article, candidates: list[str], scan: DuplicateScan, analyses: dict[str, ArticleAnalysis]) -> str | None:
    analysis = analyses[article.id]
    return next((other for other in candidates if _alike(analysis, analyses[other], scan.threshold)), None)


def _add_one(
    index: int, ordered: list[Article], scan: DuplicateScan, analyses: dict[str, ArticleAnalysis], window: timedelta,
) -> bool:
    """Scan the new article at `index` as a scan from the start reaches it; False when that cannot be done alone."""
    article = ordered[index]
    start, end = index, index + 1
    while start > 0 and ordered[start - 1].published >= article.published - window:
        start -= 1
    while end < len(ordered) and ordered[end].published <= article.published + window:
        end += 1
    signature = _signature(analyses[article.id])
    found = _first_alike(article, sorted(_lsh_of(ordered[start:index], scan, analyses).query(signature)), scan, analyses)
    if found is not None:
        scan.parent[article.id] = scan.parent.get(found, found)
        return True
    # An original: every article after it within its window would have met it.
    later = _lsh_of(ordered[index + 1:end], scan, analyses, copies=True)
    return _first_alike(article, sorted(later.query(signature)), scan, analyses) is None


def _lsh_of(
    articles: list[Article], scan: DuplicateScan, analyses: dict[str, ArticleAnalysis], copies: bool = False,
) -> MinHashLSH:
    """An LSH of the originals among `articles` (as the scan has decided them so far), or of all of them."""
    lsh = MinHashLSH(threshold=scan.threshold, num_perm=NUM_PERM)
    for article in articles:
        if copies or article.id not in scan.parent:
            lsh.insert(article.id, _signature(analyses[article.id]))
    return lsh


def _alike(one: ArticleAnalysis, other: ArticleAnalysis, threshold: float) -> bool:
    """Whether two texts' shingles overlap (Jaccard) at least `threshold`; the signatures rule out most pairs first."""
    if np.count_nonzero(one.minhash == other.minhash) < threshold / 2 * NUM_PERM:
        return False
    shared = _shared_count(one.shingles, other.shingles)
    return shared / (len(one.shingles) + len(other.shingles) - shared) >= threshold


def _shared_count(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two sorted arrays of unique values have in common.

    A binary search of the shorter in the longer: `np.intersect1d` sorts both
    again, and it was most of the near-duplicate check's time.
    """
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    found = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return int(np.count_nonzero(b[found] == a))


# --- events ------------------------------------------------------------------------------


@dataclass
class _OpenEvent:
    """An event as the online pass knows it. What scoring needs of its members (their
    vectors, their sum, its names) is folded in only when an article is scored against
    it (`fold`): in a build that adds a few sources to published ones, nearly no event is."""

    members: list[int]
    vector_sum: sparse.csr_matrix  # sparse: a dense row per event would not fit at 100k articles
    first: datetime
    last: datetime
    keys: set[object] = field(default_factory=set)  # its entries in the candidate index
    # The vectors of its `nearest_members` latest folded members, and the same stacked
    recent_vectors: list[sparse.csr_matrix] = field(default_factory=list)
    recent: _Rows | None = None
    entities: Counter[str] = field(default_factory=Counter)  # names of the first `folded` members
    norm: float = 1.0  # of vector_sum (1 while it is empty)
    folded: int = 0
    # Each member after the first: its similarity to its closest earlier members, summed
    alikeness_sum: float = 0.0
    # Name → how many of its members name it at least `main_name_mentions` times
    main_names: Counter[str] = field(default_factory=Counter)

    @property
    def cohesion(self) -> float | None:
        """How alike the event's reports are to each other (None for one report)."""
        return self.alikeness_sum / (self.folded - 1) if self.folded > 1 else None

    def fold(self, features: Features, settings: ClusterSettings, scratch: np.ndarray) -> None:
        """Bring the scoring state up to all members, added one by one in order as they joined.

        `scratch` is a zero vector of the vocabulary's width, lent for each
        member's vector scattered into it (see _dot), and left zero again.
        """
        new = self.members[self.folded :]
        if not new:
            return
        vectors = self.recent_vectors + [features.vectors[position] for position in new]
        stacked = _stack(vectors)
        for offset, position in enumerate(new):
            at = len(self.recent_vectors) + offset  # this member's row in `vectors`
            vector = vectors[at]
            if self.folded + offset:  # not the event's first report
                scratch[vector.indices] = vector.data
                earlier = _products(stacked, scratch)[max(0, at - settings.nearest_members) : at]
                scratch[vector.indices] = 0.0
                self.alikeness_sum += _closest_mean(earlier, settings)
            self.vector_sum = self.vector_sum + vector
            self.entities.update(features.entities[position])
            self.main_names.update(main_names(features.entities[position], settings))
        self.recent_vectors = vectors[-settings.nearest_members :]
        self.recent = _stack(self.recent_vectors)
        self.norm = _norm(self.vector_sum) or 1.0
        self.folded = len(self.members)


@dataclass(frozen=True)
class _Rows:
    """Sparse rows laid end to end, for all their products with one dense vector at once (_products)."""

    indices: np.ndarray  # column of each stored value
    data: np.ndarray
    rows: np.ndarray  # row of each stored value
    count: int


def _stack(vectors: list[sparse.csr_matrix]) -> _Rows:
    return _Rows(
        np.concatenate([v.indices for v in vectors]),
        np.concatenate([v.data for v in vectors]),
        np.repeat(np.arange(len(vectors)), [v.nnz for v in vectors]),
        len(vectors),
    )


def _products(rows: _Rows, dense: np.ndarray) -> np.ndarray:
    """Every row's dot product with `dense`: one gather and one bincount for all of
    them (a member at a time, the Python calls cost more than the arithmetic)."""
    return np.bincount(rows.rows, weights=rows.data * dense[rows.indices], minlength=rows.count)


@dataclass(frozen=True)
class Candidate:
    """One event an article was compared with, for `briefings explain`."""

    event: int
    score: float
    text: float
    entities: float
    alike: float  # similarity to the event's closest members (part of `text`)
    alike_needed: float  # what the event's cohesion asks of `alike` (0: no bar yet)
    # (a main name of the article the event never names, a core name of the event
    # the article never names): other actors, so it cannot join
    other_actors: tuple[str, str] | None = None

    @property
    def can_join(self) -> bool:
        return self.alike >= self.alike_needed and self.other_actors is None


@dataclass
class Grouping:
    """Events as lists of article positions, with the scores behind each choice."""

    events: list[list[int]]
    decisions: dict[int, list[Candidate]] = field(default_factory=dict)  # article position → candidates


class _CandidateIndex:
    """Index term or entity → open events that carry it.

    Events leave the index when they close (too old to join), so a lookup
    costs what the last few days hold, not what the whole corpus holds: the
    grouping stays linear in the number of articles.
    """

    def __init__(self, settings: ClusterSettings) -> None:
        self.window = settings.event_window_days * 86400
        self.max_span = settings.event_max_days * 86400
        self.events: dict[object, set[int]] = defaultdict(set)
        self.closing: list[tuple[float, int]] = []  # (time it closes at, event), a heap

    def closes_at(self, event: _OpenEvent) -> float:
        return min(event.last.timestamp() + self.window, event.first.timestamp() + self.max_span)

    def is_open(self, event: _OpenEvent, when: datetime) -> bool:
        return when.timestamp() <= self.closes_at(event)

    def add(self, event_index: int, event: _OpenEvent, keys: list[object]) -> None:
        for key in keys:
            self.events[key].add(event_index)
        event.keys.update(keys)
        heapq.heappush(self.closing, (self.closes_at(event), event_index))

    def close_before(self, when: datetime, events: list[_OpenEvent]) -> None:
        while self.closing and self.closing[0][0] < when.timestamp():
            closes, event_index = heapq.heappop(self.closing)
            event = events[event_index]
            if self.closes_at(event) != closes:
                continue  # it was joined since: a later entry in the heap stands for it
            for key in event.keys:
                self.events[key].discard(event_index)
                if not self.events[key]:
                    del self.events[key]
            event.keys.clear()

    def candidates(self, keys: list[object]) -> set[int]:
        found: set[int] = set()
        for key in keys:
            found |= self.events.get(key, set())
        return found


def group_events(
    articles: list[Article],
    features: Features,
    settings: ClusterSettings,
    pinned: dict[str, str] | None = None,
    *,
    score_pinned: bool = False,
) -> Grouping:
    """Online clustering in publication order (articles must come sorted by (published, id)).

    A pinned article (already on a published page) joins that page's event
    without being scored: at 10,000 published articles, scoring them all was
    most of the grouping in a build that adds one. `score_pinned` scores them
    anyway, for `briefings explain`.
    """
    pinned = pinned or {}
    width = features.vectors.shape[1]
    events: list[_OpenEvent] = []
    pinned_event: dict[str, int] = {}
    index = _CandidateIndex(settings)
    grouping = Grouping(events=[])

    dense = np.zeros(width, dtype=np.float32)  # the article's vector, scattered: see _dot
    scratch = np.zeros(width, dtype=np.float32)  # a member's vector, scattered, as events fold
    for position, article in enumerate(articles):
        ents = features.entities[position]
        keys: list[object] = [("t", t) for t in features.terms[position]] + [("e", e) for e in ents]
        index.close_before(article.published, events)
        scored: list[Candidate] = []
        if article.id not in pinned or score_pinned:
            open_events = [
                (i, events[i]) for i in sorted(index.candidates(keys)) if index.is_open(events[i], article.published)
            ]
            scored = _score(features.vectors[position], ents, open_events, features, settings, (dense, scratch))
            grouping.decisions[position] = scored[:5]
        target: int | None = None
        if article.id in pinned:
            # Published on a page already: it stays with that page's event.
            target = pinned_event.get(pinned[article.id])
        else:
            target = next((c.event for c in scored if c.score >= settings.event_threshold and c.can_join), None)
        if target is None:
            target = len(events)
            empty = sparse.csr_matrix((1, width), dtype=np.float32)
            events.append(_OpenEvent([], empty, article.published, article.published))
            grouping.events.append(events[target].members)
            if article.id in pinned:
                pinned_event[pinned[article.id]] = target
        event = events[target]
        event.members.append(position)
        event.last = max(event.last, article.published)
        index.add(target, event, keys)
    return grouping


def _score(
    vector: sparse.csr_matrix, names: Counter[str], open_events: list[tuple[int, _OpenEvent]],
    features: Features, settings: ClusterSettings, scratches: tuple[np.ndarray, np.ndarray],
) -> list[Candidate]:
    """An article's score against each open event, best first (ties: the earlier event).

    `scratches` are two zero vectors of the vocabulary's width: the first is
    lent for the article's vector scattered into it (see _dot), the second to
    fold events; both are left zero again.
    """
    dense, scratch = scratches
    for _, event in open_events:
        event.fold(features, settings, scratch)
    cohesions = [c for _, event in open_events if (c := event.cohesion) is not None]
    # For an event of one report: the typical cohesion of its neighbours.
    typical = sum(cohesions) / len(cohesions) if cohesions else 0.0
    dense[vector.indices] = vector.data
    weighted_names = name_weights(names, features.entity_idf)
    own_main_names = main_names(names, settings)
    scored = []
    for event_index, event in open_events:
        assert event.recent is not None  # folded above
        centroid = _dot(event.vector_sum, dense) / event.norm
        alike = _closest_mean(_products(event.recent, dense), settings)
        text = (1 - settings.nearest_member_weight) * centroid + settings.nearest_member_weight * alike
        entity = shared_names(weighted_names, event.entities)
        score = (1 - settings.entity_weight) * text + settings.entity_weight * entity
        cohesion = event.cohesion
        needed = settings.cohesion_share * cohesion if cohesion is not None else settings.first_report_share * typical
        actors = other_actors(own_main_names, names, event, settings)
        scored.append(Candidate(event_index, score, text, entity, alike, needed, actors))
    dense[vector.indices] = 0.0
    return sorted(scored, key=lambda c: (-c.score, c.event))


def main_names(names: Counter[str], settings: ClusterSettings) -> list[str]:
    """The names a report keeps coming back to: its main actors (none when the check is off)."""
    if not settings.main_name_mentions:
        return []
    return sorted(key for key, mentions in names.items() if mentions >= settings.main_name_mentions)


def other_actors(
    own_main_names: list[str], names: Counter[str], event: _OpenEvent, settings: ClusterSettings
) -> tuple[str, str] | None:
    """(the article's main name the event never names, the event's core name the
    article never names), or None when the article's main actors may be the event's.

    Both sides must hold: a report that only adds a name (a new witness) or only
    leaves one out (a shorter report) is still a report of the event.
    """
    new = next((key for key in own_main_names if key not in event.entities), None)
    if new is None:
        return None
    needed = settings.main_core_share * event.folded
    missing = next(
        (key for key, reports in sorted(event.main_names.items()) if reports >= needed and key not in names), None
    )
    return (new, missing) if missing is not None else None


def _closest_mean(similarities: np.ndarray, settings: ClusterSettings) -> float:
    """Mean of the `closest_members` highest similarities (to an event's recent members)."""
    closest = np.sort(similarities)[::-1][: settings.closest_members]
    return float(closest.sum()) / len(closest)


# --- stories --------------------------------------------------------------------------------


@dataclass
class _OpenStory:
    events: list[int]
    vector_sum: sparse.csr_matrix  # the story's text, all its articles together
    centroid: sparse.csr_matrix  # vector_sum at unit length, kept as it changes
    entities: Counter[str]  # its main names, summed over its events
    last: datetime  # start of its latest event


def _dot(row: sparse.csr_matrix, dense: np.ndarray) -> float:
    """The dot product of a one-row sparse matrix with a dense vector.

    One gather and one BLAS call: a sparse × sparse product (`multiply().sum()`)
    costs tens of microseconds of SciPy overhead each, and the grouping makes
    millions of them at 10,000 articles.
    """
    return float(np.dot(row.data, dense[row.indices]))


def _norm(row: sparse.csr_matrix) -> float:
    return math.sqrt(float(np.dot(row.data, row.data)))


def _unit(row: sparse.csr_matrix) -> sparse.csr_matrix:
    norm = _norm(row)
    return row / norm if norm else row


def group_stories(
    events: list[list[int]],
    articles: list[Article],
    features: Features,
    settings: ClusterSettings,
    main_entities: int = 6,
) -> list[list[int]]:
    """Events linked into threads: each story is a list of event positions, in order.

    Online again, in order of the events' starts: an event joins the story it
    is most like, taken as a whole (its text and its main names), or starts
    one. Comparing with the whole story rather than with any one of its events
    keeps a thread from chaining into its neighbours' (A like B, B like C...).
    Only stories whose latest event is at most `story_window_days` old, found
    through the names they share, are compared.
    """
    window = settings.story_window_days * 86400
    stories: list[_OpenStory] = []
    by_entity: dict[str, set[int]] = defaultdict(set)
    dense = np.zeros(features.vectors.shape[1])  # the event's vector, scattered (see _dot); float64, as _unit makes it
    for event_index, members in enumerate(events):
        start = min(articles[m].published for m in members)
        # Summed as sparse rows: a dense row per event is the whole vocabulary wide.
        vector = _unit(sparse.csr_matrix(np.ones((1, len(members)), dtype=np.float32)) @ features.vectors[members])
        dense[vector.indices] = vector.data
        counter: Counter[str] = Counter()
        for m in members:
            counter.update(features.entities[m])
        mains = Counter(dict(counter.most_common(main_entities)))
        best, best_score = None, settings.story_threshold
        weighted_mains = name_weights(mains, features.entity_idf)  # once, not once per candidate story
        for story_index in sorted({s for key in mains for s in by_entity.get(key, ())}):
            story = stories[story_index]
            if (start - story.last).total_seconds() > window:
                continue
            text = _dot(story.centroid, dense)
            entity = shared_names(weighted_mains, story.entities)
            score = (1 - settings.entity_weight) * text + settings.entity_weight * entity
            if score >= best_score:
                best, best_score = story_index, score
        if best is None:
            best = len(stories)
            empty = sparse.csr_matrix(vector.shape, dtype=vector.dtype)
            stories.append(_OpenStory([], empty, empty, Counter(), start))
        dense[vector.indices] = 0.0
        story = stories[best]
        story.events.append(event_index)
        story.vector_sum = story.vector_sum + vector
        story.centroid = _unit(story.vector_sum)
        story.entities.update(mains)
        story.last = max(story.last, start)
        for key in mains:
            by_entity[key].add(best)
    return sorted((story.events for story in stories), key=lambda events_of: events_of[0])

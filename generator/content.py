"""Content: what a briefing says about one event, every piece tied to a source sentence.

A briefing is assembled from the event's articles only: a LexRank summary
(summarise.py), verbatim quotes (quotes.py), the sources' own FAQ plus
questions the sources answer, a timeline of dated happenings, and for each
outlet the sentence that sets its report apart. Nothing is written that is not
a sentence of a source, and every item carries the sentence it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from .dates import find_relative_dates
from .model import Article, DatedMention, Event, Sentence
from .quotes import Quote, extract_quotes
from .summarise import DEPENDENT_OPENING, SummarySettings, summarise
from .text import split_sentences, stop_words

MAX_TAGS = 6
MAX_QUOTES = 6
MAX_TIMELINE = 12


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str
    sources: tuple[str, ...]  # article ids
    sentence: Sentence | None = None  # for answers the generator chose: their provenance
    from_source: bool = False  # True: the question and answer are a source's own FAQ


@dataclass(frozen=True)
class Coverage:
    article: Article
    sentence: Sentence | None  # what sets this outlet's report apart, if anything does


@dataclass(frozen=True)
class Update:
    """What reports that joined a published briefing added to it."""

    day: str  # ISO date of the newest joining report
    sources: tuple[str, ...]  # article ids
    sentences: tuple[Sentence, ...]  # what they say that the page did not yet say
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Briefing:
    event: Event
    lede: Sentence
    summary: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    faq: tuple[FaqItem, ...]
    timeline: tuple[DatedMention, ...]
    coverage: tuple[Coverage, ...]
    tags: tuple[str, ...]
    updates: tuple[Update, ...] = ()


def sentences_of(article: Article) -> list[Sentence]:
    """The article's sentences, numbered in reading order across paragraphs."""
    texts = [s for paragraph in article.paragraphs for s in split_sentences(paragraph)]
    return [Sentence(text, article.id, index) for index, text in enumerate(texts)]


def timeline_of(article: Article, sentences: list[Sentence], languages: tuple[str, ...]) -> list[DatedMention]:
    """Dated happenings: each sentence with a date phrase, resolved against publication."""
    base = article.published.date()
    mentions = []
    for sentence in sentences:
        precise = [(p, d) for p, d in find_relative_dates(sentence.text, base, languages) if not _VAGUE.search(p)]
        for phrase, day in precise[:1]:
            mentions.append(DatedMention(day=day, phrase=phrase, sentence=sentence))
    return mentions


# "this week", "last month": true, but not a day a timeline can put a happening on.
_VAGUE = re.compile(r"\b(?:week|weekend|month|year)\b", re.I)


def stands_alone(sentence: Sentence) -> bool:
    """Whether a sentence can be shown out of its article: no dangling quote, no "He…"."""
    text = sentence.text
    return not DEPENDENT_OPENING.match(text) and text.count('"') % 2 == 0 and text[:1] not in "\"“”'‘’" and not text.endswith(("”", '"'))


def _normal_question(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def source_faq(articles: tuple[Article, ...]) -> list[FaqItem]:
    """The sources' own FAQ pairs; the same question from several sources is asked once."""
    items: dict[str, FaqItem] = {}
    for article in articles:
        for pair in article.faq:
            key = _normal_question(pair.question)
            if key in items:
                first = items[key]
                items[key] = FaqItem(first.question, first.answer, first.sources + (article.id,), from_source=True)
            else:
                items[key] = FaqItem(pair.question, pair.answer, (article.id,), from_source=True)
    return list(items.values())


# Questions the sources can answer, each with the cue its answer sentence must carry.
# Why did it happen: a cause. "due to" + a verb is a timetable ("due to sign on
# Tuesday"), not a cause; "after", "following" and "amid" are causes in news
# ("walked out after talks collapsed") unless a time follows ("after midnight",
# "after six hours"), and weaker than "because", as a purpose ("so that") is.
_CAUSE = re.compile(
    r"\b(?:because|as a result of|in response to|caused by|prompted by|driven by"
    r"|due to(?! (?:be|begin|start|open|close|sign|meet|take|arrive|return|visit|vote|resume|end|finish|leave|make|hold|report|appear)\b))\b",
    re.I,
)
_TIME = r"(?:\d|midnight|noon|dark|(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august|september|october|november|december|(?:a|an|the|two|three|four|five|six|seven|eight|nine|ten|several|many|\d+) (?:hours?|days?|weeks?|months?|years?|minutes?)\b)"
_AFTER = re.compile(rf"\b(?:(?:after|following|amid) (?!{_TIME})|so that|in order to)", re.I)
# Why does it matter: a consequence; "could" (not "could not") and "warned that" are
# weaker than "which means". Not "would": in news it mostly reports an intention ("the ministry said it
# would send engineers"), which answers What happens next.
_CONSEQUENCE = re.compile(r"\b(?:which means|meaning that|as a result(?! of)|will mean|would mean|threatens to|puts? at risk)\b", re.I)
_LIKELY = re.compile(r"\b(?:could(?! not)|threatens?|warned that|risks?)\b", re.I)
_NEXT = re.compile(r"\b(?:will|is expected to|are expected to|plans? to|is due to|are due to|scheduled|next (?:week|month|year)|is set to|are set to)\b", re.I)


def _names_in(event: Event, kind: str) -> Callable[[Sentence], int]:
    """How many of the event's eight most named entities of `kind` a sentence names."""
    names = [ref.name for ref in event.entities if ref.type == kind][:8]
    return lambda s: sum(name in s.text for name in names)


def _cue(strong: re.Pattern[str], weak: re.Pattern[str]) -> Callable[[Sentence], int]:
    return lambda s: 2 if strong.search(s.text) else 1 if weak.search(s.text) else 0


def generated_faq(
    event: Event, sentences: list[Sentence], used: set[Sentence], ranked: tuple[Sentence, ...] = ()
) -> list[FaqItem]:
    """Who, where, why, why it matters and what next — asked only where a source sentence answers it.

    Of the sentences that answer a "why" equally well, the most central (`ranked`,
    the summariser's order) is chosen; otherwise, and then, the earliest.
    """
    pool = [s for s in sentences if 8 <= len(s.text.split()) <= 60 and s not in used and not s.text.endswith("?") and stands_alone(s)]
    centrality = {s: position for position, s in enumerate(ranked)}
    people, organisations, places = (_names_in(event, kind) for kind in ("person", "organisation", "place"))
    questions = (
        ("Who is involved?", lambda s: people(s) + organisations(s), 2, False),
        ("Where did it happen?", places, 1, False),
        ("Why did it happen?", _cue(_CAUSE, _AFTER), 1, True),
        ("Why does it matter?", _cue(_CONSEQUENCE, _LIKELY), 1, True),
        ("What happens next?", lambda s: 1 if _NEXT.search(s.text) else 0, 1, False),
    )
    items = []
    for question, score, needed, central_first in questions:
        if not pool:
            break
        rank = (lambda s: centrality.get(s, len(centrality))) if central_first else (lambda s: 0)
        scores = [score(s) for s in pool]
        at = min(range(len(pool)), key=lambda i: (-scores[i], rank(pool[i]), pool[i].article_id, pool[i].index))
        if scores[at] >= needed:
            best = pool.pop(at)
            items.append(FaqItem(question, best.text, (best.article_id,), sentence=best))
    return items


def coverage_of(event: Event, sentences_by_article: list[list[Sentence]]) -> list[Coverage]:
    """For each report, the sentence least like anything the other reports say."""
    if len(event.articles) < 2:
        return [Coverage(article, None) for article in event.articles]
    usable = [[s for s in sentences if 8 <= len(s.text.split()) <= 50 and stands_alone(s)] for sentences in sentences_by_article]
    flat = [s for sentences in usable for s in sentences]
    if not flat:
        return [Coverage(article, None) for article in event.articles]
    from sklearn.feature_extraction.text import TfidfVectorizer  # on first use: seconds to import

    try:
        vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([s.text for s in flat])
    except ValueError:
        return [Coverage(article, None) for article in event.articles]
    similarity = (vectors @ vectors.T).toarray()
    owner = np.array([position for position, sentences in enumerate(usable) for _ in sentences])
    result = []
    for position, article in enumerate(event.articles):
        mine = np.flatnonzero(owner == position)
        others = np.flatnonzero(owner != position)
        if len(mine) == 0 or len(others) == 0:
            result.append(Coverage(article, None))
            continue
        closest_elsewhere = similarity[np.ix_(mine, others)].max(axis=1)
        best = int(mine[int(np.argmin(closest_elsewhere))])
        result.append(Coverage(article, flat[best]))
    return result


def full_name(speaker: str | None, event: Event) -> str | None:
    """A surname the quote gives ("Quan") as the full name the articles give ("Teresa Quan")."""
    if speaker is None or " " in speaker:
        return speaker
    matches = [ref.name for ref in event.entities if ref.type == "person" and ref.name.split()[-1] == speaker]
    return matches[0] if len(matches) == 1 else speaker


def pick_lede(summary_lede: Sentence, sentences_by_article: list[list[Sentence]], scores_from: tuple[Sentence, ...]) -> Sentence:
    """The lede: the first summary sentence that opens a report, else the most central one."""
    openings = {sentences[0] for sentences in sentences_by_article if sentences}
    return next((s for s in scores_from if s in openings and stands_alone(s)), summary_lede)


_WORD = re.compile(r"\w+")
NEW_SENTENCES_PER_UPDATE = 3


def _words(text: str) -> set[str]:
    """Content words: "the", "of", "on" would make any two sentences look alike."""
    return {w for w in _WORD.findall(text.casefold()) if w not in stop_words()}


def updates_of(
    entries: tuple[tuple[str, tuple[str, ...]], ...],
    event: Event,
    sentences_by_article: list[list[Sentence]],
    quotes: list[Quote],
) -> tuple[Update, ...]:
    """For each update, the joining reports' sentences that no earlier report said, and their quotes."""
    position = {article.id: i for i, article in enumerate(event.articles)}
    updates = []
    seen = set()
    for day, sources in entries:
        earlier = [s for article_id, i in position.items() if article_id not in sources and article_id not in seen for s in sentences_by_article[i]]
        earlier_words = [_words(s.text) for s in earlier]
        fresh: list[Sentence] = []
        for source in sources:
            if source not in position:
                continue  # a report since removed: its update says nothing now
            for sentence in sentences_by_article[position[source]]:
                words = _words(sentence.text)
                said = any(len(words & other) > 0.6 * len(words) for other in earlier_words)
                if 8 <= len(sentence.text.split()) <= 50 and stands_alone(sentence) and not said:
                    fresh.append(sentence)
                    earlier_words.append(words)
                if len([f for f in fresh if f.article_id == source]) >= NEW_SENTENCES_PER_UPDATE:
                    break
        new_quotes = tuple(q for q in quotes if q.sentence.article_id in sources)
        updates.append(Update(day, tuple(sources), tuple(fresh), new_quotes))
        seen.update(sources)
    return tuple(updates)


def brief(
    event: Event,
    summary_sentences: int,
    languages: tuple[str, ...] = ("en",),
    updates: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Briefing:
    """Everything the page of `event` says, each item tied to its source sentence.

    `updates` are the (date, joining sources) the page has announced, oldest first.
    """
    sentences_by_article = [sentences_of(article) for article in event.articles]
    summary = summarise(sentences_by_article, SummarySettings(sentences=summary_sentences))
    quotes: list[Quote] = []
    for article, sentences in zip(event.articles, sentences_by_article):
        for quote in extract_quotes(article, sentences):
            if not any(quote.text == q.text for q in quotes):  # a wire quote carried by two outlets
                quotes.append(replace(quote, speaker=full_name(quote.speaker, event)))
    timeline = [m for article, sentences in zip(event.articles, sentences_by_article) for m in timeline_of(article, sentences, languages)]
    timeline.sort(key=lambda m: (m.day, m.sentence.article_id, m.sentence.index))
    all_sentences = [s for sentences in sentences_by_article for s in sentences]
    faq = source_faq(event.articles) + generated_faq(event, all_sentences, set(summary.sentences), summary.ranked)
    tags = {tag for article in event.articles for tag in article.tags} | {ref.name for ref in event.entities[:MAX_TAGS]}
    return Briefing(
        event=event,
        lede=pick_lede(summary.lede, sentences_by_article, summary.ranked),
        summary=summary.sentences,
        quotes=tuple(quotes[:MAX_QUOTES]),
        faq=tuple(faq),
        timeline=tuple(timeline[:MAX_TIMELINE]),
        coverage=tuple(coverage_of(event, sentences_by_article)),
        tags=tuple(sorted(tags)),
        updates=updates_of(updates, event, sentences_by_article, quotes),
    )

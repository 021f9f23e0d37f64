"""Content: what a briefing says about one event, every piece tied to a Sentence.

This first version is deliberately plain — the lead sentences as the summary,
the source's own FAQ, and the body's relative dates resolved into a timeline —
so that every later refinement keeps the same shape: nothing appears on a page
that does not point back to a sentence of a source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .dates import find_relative_dates
from .events import event_page_path
from .model import Article, DatedMention, Event, FaqPair, Sentence
from .text import split_sentences

MAX_TAGS = 6


@dataclass(frozen=True)
class SourceFaq:
    pair: FaqPair
    article: Article


@dataclass(frozen=True)
class Briefing:
    event: Event
    path: str
    lede: Sentence
    summary: tuple[Sentence, ...]
    timeline: tuple[DatedMention, ...]
    faq: tuple[SourceFaq, ...]
    tags: tuple[str, ...]


def sentences_of(article: Article) -> list[Sentence]:
    """The article's sentences, numbered in reading order across paragraphs."""
    texts = [s for paragraph in article.paragraphs for s in split_sentences(paragraph)]
    return [Sentence(text, article.id, index) for index, text in enumerate(texts)]


def timeline_of(article: Article, sentences: list[Sentence], languages: tuple[str, ...]) -> list[DatedMention]:
    """Dated happenings: each sentence with a relative date, resolved against publication."""
    base = article.published.date()
    mentions = []
    for sentence in sentences:
        for phrase, day in find_relative_dates(sentence.text, base, languages)[:1]:
            mentions.append(DatedMention(day=day, phrase=phrase, sentence=sentence))
    return mentions


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+))*")
_NOT_NAMES = {"The", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "I", "In", "On", "At",
              "But", "And", "As", "For", "While", "During", "After", "Before", "Although", "However", "Mr", "Mrs", "Ms"}


def frequent_names(article: Article, limit: int = MAX_TAGS) -> list[str]:
    """Capitalised names said at least twice: a stand-in for entities until NER lands."""
    counts: Counter[str] = Counter()
    for paragraph in article.paragraphs:
        for match in _NAME.finditer(paragraph):
            name = match.group(0)
            if name.split()[0] not in _NOT_NAMES:
                counts[name] += 1
    frequent = [name for name, count in counts.items() if count >= 2]
    frequent.sort(key=lambda name: (-counts[name], name))
    return frequent[:limit]


def brief(event: Event, summary_sentences: int, languages: tuple[str, ...] = ("en",)) -> Briefing:
    """Everything the page of `event` says, each item tied to its source sentence."""
    summary: list[Sentence] = []
    timeline: list[DatedMention] = []
    faq: list[SourceFaq] = []
    tags: set[str] = set()
    for article in event.articles:
        sentences = sentences_of(article)
        summary.extend(sentences[:summary_sentences])
        timeline.extend(timeline_of(article, sentences, languages))
        faq.extend(SourceFaq(pair, article) for pair in article.faq)
        tags.update(article.tags or frequent_names(article))
    summary = summary[:summary_sentences]
    timeline.sort(key=lambda m: (m.day, m.sentence.article_id, m.sentence.index))
    return Briefing(
        event=event,
        path=event_page_path(event),
        lede=summary[0],
        summary=tuple(summary),
        timeline=tuple(timeline),
        faq=tuple(faq),
        tags=tuple(sorted(tags)),
    )

"""Content: what a briefing says about one event, every piece tied to a Sentence.

This first version is deliberately plain — the lead sentences as the summary,
the source's own FAQ, and the body's relative dates resolved into a timeline —
so that every later refinement keeps the same shape: nothing appears on a page
that does not point back to a sentence of a source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import find_relative_dates
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


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _repeats(sentence: Sentence, chosen: list[Sentence], threshold: float = 0.6) -> bool:
    """Whether `sentence` says what a chosen one already says (word overlap)."""
    words = _words(sentence.text)
    return any(len(words & _words(c.text)) / max(1, min(len(words), len(_words(c.text)))) >= threshold for c in chosen)


def lead_summary(sentences_by_article: list[list[Sentence]], count: int) -> list[Sentence]:
    """Lead sentences taken in turn from each article, earliest first, repeats skipped."""
    chosen: list[Sentence] = []
    depth = 0
    while len(chosen) < count and any(depth < len(s) for s in sentences_by_article):
        for sentences in sentences_by_article:
            if depth < len(sentences) and len(chosen) < count and not _repeats(sentences[depth], chosen):
                chosen.append(sentences[depth])
        depth += 1
    return chosen


def brief(event: Event, summary_sentences: int, languages: tuple[str, ...] = ("en",)) -> Briefing:
    """Everything the page of `event` says, each item tied to its source sentence."""
    timeline: list[DatedMention] = []
    faq: list[SourceFaq] = []
    tags: set[str] = set()
    sentences_by_article = []
    for article in event.articles:
        sentences = sentences_of(article)
        sentences_by_article.append(sentences)
        timeline.extend(timeline_of(article, sentences, languages))
        faq.extend(SourceFaq(pair, article) for pair in article.faq)
        tags.update(article.tags)
    summary = lead_summary(sentences_by_article, summary_sentences)
    tags.update(ref.name for ref in event.entities[:MAX_TAGS])
    timeline.sort(key=lambda m: (m.day, m.sentence.article_id, m.sentence.index))
    return Briefing(
        event=event,
        lede=summary[0],
        summary=tuple(summary),
        timeline=tuple(timeline),
        faq=tuple(faq),
        tags=tuple(sorted(tags)),
    )

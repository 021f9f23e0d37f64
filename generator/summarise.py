"""Extractive, multi-document summaries: LexRank centrality, without repeats.

Sentences of all an event's articles are scored by LexRank (PageRank over
the graph of their TF-IDF cosine similarities: a sentence is central when
many sentences, across outlets, say something like it), lightly weighted
towards the top of each article (where news puts what matters), then chosen
greedily while skipping any sentence too similar to one already chosen (two
outlets saying the same thing count once). Sentences that lean on a previous
one ("He said…", "This visit…") bring that sentence with them, or are
skipped. The choice is shown in reading order: by article date, then position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import Sentence

# Openings that only make sense after an earlier sentence.
# Measured on the BBC dev set: a wider list (It, But, However, Also…) skips
# sentences that read fine alone and costs precision; these openings do need
# what came before ("He said…", "This visit…").
DEPENDENT_OPENING = re.compile(r"^(?:[\"“‘']?)(?:He|She|They|His|Her|Their|(?:This|These|Those) [a-z]+)\b")


@dataclass(frozen=True)
class Summary:
    lede: Sentence  # the single most central sentence
    sentences: tuple[Sentence, ...]  # the summary, in reading order
    ranked: tuple[Sentence, ...] = ()  # every candidate, most central first


@dataclass(frozen=True)
class SummarySettings:
    sentences: int = 5
    # Cosine similarity above which two sentences are the same statement.
    redundancy: float = 0.5
    # Edges of the LexRank graph: similarities below this count as unrelated
    # (0 keeps the whole weighted graph, which measured best).
    graph_threshold: float = 0.0
    damping: float = 0.85
    # Weight of "earlier in the article is more important" against centrality
    # (0 measured best on BBC: centrality already favours the lede).
    position_weight: float = 0.0
    # Sentences shorter than this (words) are captions, datelines or fragments.
    min_words: int = 6
    max_words: int = 60
    # Longer sentences carry more of the story; 0 ignores length.
    length_weight: float = 0.0


def lexrank(similarity: np.ndarray, threshold: float, damping: float, iterations: int = 50) -> np.ndarray:
    """Stationary distribution of a random walk over the thresholded similarity graph."""
    size = similarity.shape[0]
    adjacency = (similarity >= threshold).astype(np.float64) * similarity
    np.fill_diagonal(adjacency, 0.0)
    degree = adjacency.sum(axis=1, keepdims=True)
    degree[degree == 0] = 1.0
    transition = adjacency / degree
    scores = np.full(size, 1.0 / size)
    for _ in range(iterations):
        updated = (1 - damping) / size + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-9:
            return updated
        scores = updated
    return scores


def _usable(sentence: Sentence, settings: SummarySettings) -> bool:
    words = len(sentence.text.split())
    return settings.min_words <= words <= settings.max_words and not sentence.text.endswith("?")


def summarise(
    articles: list[list[Sentence]],
    settings: SummarySettings = SummarySettings(),
    vectorizer: TfidfVectorizer | None = None,
) -> Summary:
    """The summary of one event: `articles` are each article's sentences, earliest article first."""
    candidates = [(a, s) for a, sentences in enumerate(articles) for s in sentences if _usable(s, settings)]
    if not candidates:
        # Nothing of summary length: the articles' first sentences are all there is.
        fallback = tuple(s for sentences in articles for s in sentences[:1])[: settings.sentences]
        return Summary(fallback[0], fallback)
    texts = [s.text for _, s in candidates]
    if vectorizer is None:
        vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", token_pattern=r"(?u)\b\w[\w'-]+\b")
        try:
            vectors = vectorizer.fit_transform(texts)
        except ValueError:  # nothing but stop words
            plain = tuple(s for _, s in candidates[: settings.sentences])
            return Summary(plain[0], plain)
    else:
        vectors = vectorizer.transform(texts)
    similarity = (vectors @ vectors.T).toarray()
    centrality = lexrank(similarity, settings.graph_threshold, settings.damping) * len(candidates)
    position = np.array([1.0 / (1.0 + s.index) for _, s in candidates])
    length = np.array([np.log1p(len(s.text.split())) for _, s in candidates])
    scores = ((1 - settings.position_weight) * centrality + settings.position_weight * position * 2) * length ** settings.length_weight
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))

    chosen: list[int] = []
    by_key = {(candidates[i][0], candidates[i][1].index): i for i in range(len(candidates))}
    for i in order:
        if len(chosen) >= settings.sentences:
            break
        if any(similarity[i, j] >= settings.redundancy for j in chosen):
            continue  # another outlet already said it
        article, sentence = candidates[i]
        if DEPENDENT_OPENING.match(sentence.text):
            antecedent = by_key.get((article, sentence.index - 1))
            if antecedent is None or len(chosen) + 2 > settings.sentences:
                continue  # it cannot stand alone and its antecedent cannot come with it
            if antecedent not in chosen and not any(similarity[antecedent, j] >= settings.redundancy for j in chosen):
                chosen.append(antecedent)
        chosen.append(i)
    lede = next((i for i in order if not DEPENDENT_OPENING.match(candidates[i][1].text)), order[0])
    chosen.sort(key=lambda i: (candidates[i][0], candidates[i][1].index))
    ranked = tuple(candidates[i][1] for i in order)
    return Summary(candidates[lede][1], tuple(candidates[i][1] for i in chosen), ranked)

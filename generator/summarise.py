"""Extractive, multi-document summaries: LexRank centrality, without repeats.

Sentences of all an event's articles are scored by LexRank (PageRank over the
graph of their cosine similarities: a sentence is central when many sentences,
across outlets, say something like it), then chosen greedily while skipping any
sentence too similar to one already chosen (two outlets saying the same thing
count once). A sentence that leans on the one before it ("He said…", "This
visit…") brings that sentence with it when it is itself among the most central,
or is skipped. The choice is shown in reading order: by article date, then
position.

Sentence vectors are term frequencies, 1 + log(count), of the words outside
scikit-learn's English stop list, with no IDF. An IDF weighs down the words a
story keeps repeating, and those are exactly the words that make a sentence
central to it. On the BBC dev set (tests/benchmarks/README.md, sentence
precision at k = 5) an IDF over the event's own sentences gave 0.818 and one
IDF fitted on all 893 articles (the "vectorise once per build" idea) 0.792;
without IDF, 0.842. So nothing is fitted: no vocabulary to share across events,
and an article costs one pass of a regular expression over its sentences and a
few small matrix operations.

Measured there too and left out, because centrality already carries them and
each lowered precision when added to it: a longer-sentence prior, a penalty for
sentences with quotation marks, a bonus for a paragraph's or the article's first
sentence, overlap with the title, similarity to the centroid, a threshold on the
graph's edges, leaving out reporting words ("said", "told", "Mr").
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache
from itertools import count, filterfalse

import numpy as np
from scipy import sparse

from .model import Sentence
from .text import stop_words

# Openings that only make sense after an earlier sentence.
# Measured on the BBC dev set: a wider list (It, But, However, Also…) skips
# sentences that read fine alone and costs precision; these openings do need
# what came before ("He said…", "This visit…").
DEPENDENT_OPENING = re.compile(r"^(?:[\"“‘']?)(?:He|She|They|His|Her|Their|(?:This|These|Those) [a-z]+)\b")

# Words: two or more word characters, inner apostrophes and hyphens kept
# ("year's", "one-off"), as the scikit-learn token pattern used here before,
# r"\b\w[\w'-]+\b". Written here without the boundaries (a word begins and ends
# with a word character: the same matches, tests/test_summarise.py), and with
# the ASCII word characters spelled out, which the engine tests against a bitmap
# before trying Unicode's \w. This scan is the largest single step of a summary.
_WORD_CHARACTER = r"0-9_a-zA-Z\w"
_TERM = re.compile(rf"[{_WORD_CHARACTER}][{_WORD_CHARACTER}'-]*[{_WORD_CHARACTER}]")
_SEPARATOR = "\x00"
_TERM_OR_SEPARATOR = re.compile(_TERM.pattern + "|" + _SEPARATOR)
# Where every word character is ASCII, \w is [0-9_a-zA-Z]: with nothing but the
# bitmap the scan takes half the time. That is nearly all English text (922 of
# the 923 BBC and example articles): its non-ASCII characters are "£", "€",
# curly quotes and dashes, none of them \w.
_ASCII_TERM_OR_SEPARATOR = re.compile(r"[0-9_a-zA-Z][0-9_a-zA-Z'-]*[0-9_a-zA-Z]|" + _SEPARATOR)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Word vectors are a dense array up to this many cells (1.6 MB: any article, an
# event of a few reports), sparse beyond, where most cells would be zero.
_DENSE_CELLS = 200_000

# Up to this many sentences, LexRank's stationary distribution is solved exactly
# in one call; beyond it, by power iteration (the solve grows with the cube).
_SOLVE_LIMIT = 600

# From about 100 sentences, numpy's OpenBLAS shares a solve among its threads.
# Waiting for them, on a busy machine or in a build's process pool, took 50 ms
# where one thread takes 0.2–0.4 (the BBC set's three articles of 105 to 162
# sentences). One thread also makes the scores' last bits, and so the order of
# two identical sentences, the same whatever the number of cores. Limiting the
# threads costs ~50 µs a call, nothing next to the work at this size.
_ONE_BLAS_THREAD_FROM = 64


@dataclass(frozen=True)
class Summary:
    lede: Sentence  # the single most central sentence
    sentences: tuple[Sentence, ...]  # the summary, in reading order
    ranked: tuple[Sentence, ...] = ()  # every candidate, most central first


@dataclass(frozen=True)
class SummarySettings:
    sentences: int = 5
    # Cosine similarity at or above which two sentences are the same statement.
    # Set on events with several outlets, not on BBC (one article rarely repeats
    # itself: 0.4 to 1.0 move its precision by under 0.01). At 0.5, "The decision was
    # split, with six members voting for the cut and three…" and "Six of the nine
    # members … backed the cut, while three voted to keep the rate" (0.56) count
    # once, as do two outlets' "closed in January 2024 because of corrosion" (0.57).
    redundancy: float = 0.5
    # The same, between sentences of two different reports: two outlets telling the
    # same happening in their own words share fewer words than one writer repeating
    # a statement. Set on the example corpus's multi-outlet events, where pairs from
    # two reports at 0.4–0.5 say one thing ("Estmark and Norvalia signed an agreement
    # on Tuesday to build a 1.4-gigawatt power cable beneath the Bregan Strait" and
    # "Voss and Norvalian President Matthias Kerr signed an agreement to build an
    # undersea power cable across the Bregan Strait", 0.49).
    redundancy_across: float = 0.4
    # LexRank's damping factor: the usual 0.85 (0.75 and 0.95 measured within 0.005).
    damping: float = 0.85
    # A "He said…" sentence brings its antecedent only when the antecedent ranks
    # among the `antecedent_rank` × `sentences` most central candidates, i.e. would
    # nearly have been chosen anyway; otherwise it is skipped. On BBC: bringing any
    # antecedent 0.837, within 2k 0.842, never bringing one 0.840 (`SUMMARIES_GRID`).
    # A weak antecedent spends a place on a sentence that centrality did not pick.
    antecedent_rank: float = 2.0
    # Sentences shorter than this (words) are captions, datelines or fragments.
    min_words: int = 6
    max_words: int = 60


def similarities(texts: list[str]) -> np.ndarray:
    """Cosine similarity of every two texts' word vectors (see the module docstring): a square array.

    A text's words are its `_TERM`s, lower-cased, less scikit-learn's English stop
    words. A text's similarity with itself is 1, or 0 when it has no such word.
    """
    # One pass of the expression over all the texts joined by a character that is
    # not a word character (nor in any cleaned article): the words found are each
    # text's own, and the separators found between them say which text.
    if any(_SEPARATOR in text for text in texts):
        texts = [text.replace(_SEPARATOR, " ") for text in texts]
    joined = _SEPARATOR.join(texts).lower()
    ascii_words = joined.isascii() or not any(map(str.isalnum, _NON_ASCII.findall(joined)))  # \w: alphanumeric or "_"
    terms = (_ASCII_TERM_OR_SEPARATOR if ascii_words else _TERM_OR_SEPARATOR).findall(joined)
    found = list(filterfalse(stop_words().__contains__, terms))
    # Columns in order of first appearance (the separator holds one too, left empty).
    columns = dict(zip(dict.fromkeys(found), count()))
    ids = np.fromiter(map(columns.__getitem__, found), dtype=np.int64, count=len(found))
    separator = columns.get(_SEPARATOR)
    shape = (len(texts), max(1, len(columns)))
    # A word's row is the number of separators before it. (Separators are counted
    # too, in their own column, emptied after: cheaper than leaving them out.)
    rows = np.cumsum(ids == separator) if separator is not None else np.zeros_like(ids)
    if shape[0] * shape[1] <= _DENSE_CELLS:
        counts = np.bincount(rows * shape[1] + ids, minlength=shape[0] * shape[1]).reshape(shape)
        if separator is not None:
            counts[:, separator] = 0
        weights = _term_weights(int(counts.max(initial=0)))[counts]
        norms = np.sqrt(np.einsum("ij,ij->i", weights, weights))
        # A word of one sentence only adds to that sentence's length (its norm),
        # never to a product with another: leaving its column out of the product
        # changes nothing and makes the matrix a few times narrower.
        shared = weights[:, np.add.reduce(counts > 0, axis=0) > 1]
        shared /= np.maximum(norms, 1.0)[:, None]  # a norm is 0 (no words; 1 keeps 0/0 out) or at least 1
        similarity = shared @ shared.T
    else:
        words = ids != separator
        rows, ids = rows[words], ids[words]
        counted = sparse.csr_matrix((np.ones(len(ids)), (rows, ids)), shape=shape)  # repeated words add up
        counted.data = 1.0 + np.log(counted.data)
        norms = np.sqrt(np.asarray(counted.multiply(counted).sum(axis=1)).ravel())
        normalised = sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ counted
        similarity = (normalised @ normalised.T).toarray()
    np.fill_diagonal(similarity, norms > 0)
    return similarity


@lru_cache(maxsize=8)
def _term_weights(most: int) -> np.ndarray:
    """1 + log(count) for every count up to `most`, 0 for 0 (shared: not to be written to).
    A word count's weight is one look-up, cheaper than masking the counts to take a few logarithms."""
    weights = np.zeros(most + 1)
    weights[1:] = 1.0 + np.log(np.arange(1, most + 1))
    return weights


def lexrank(similarity: np.ndarray, damping: float) -> np.ndarray:
    """Stationary distribution (sums to 1) of a random walk over the weighted similarity graph."""
    size = similarity.shape[0]
    transition = similarity.copy()
    np.fill_diagonal(transition, 0.0)
    degree = transition.sum(axis=1)
    degree[degree == 0] = 1.0  # a sentence like no other: it gets the teleport share only
    transition /= degree[:, None]
    teleport = np.full(size, (1 - damping) / size)
    if size <= _SOLVE_LIMIT:
        # I - damping × transitionᵀ, with one product instead of three arrays:
        # transition's diagonal is 0, so the system's is 1.
        system = transition.T * -damping
        np.fill_diagonal(system, 1.0)
        scores = np.linalg.solve(system, teleport)
    else:
        scores = np.full(size, 1.0 / size)
        for _ in range(100):
            previous, scores = scores, teleport + damping * (transition.T @ scores)
            if np.abs(scores - previous).sum() < 1e-10:
                break
    return scores / scores.sum()


def _usable(text: str, min_words: int, max_words: int) -> bool:
    return (
        min_words <= len(text.split()) <= max_words
        and not text.endswith("?")
        # A quotation that opens and does not close (or closes what an earlier
        # sentence opened) is a piece of a longer quote: it reads broken alone.
        # It costs BBC precision (0.847 → 0.842), which a page can afford.
        and text.count('"') % 2 == 0
        and text.count("“") == text.count("”")
    )


def summarise(articles: list[list[Sentence]], settings: SummarySettings = SummarySettings()) -> Summary:
    """The summary of one event: `articles` are each article's sentences, earliest article first."""
    low, high = settings.min_words, settings.max_words
    candidates = [(a, s) for a, sentences in enumerate(articles) for s in sentences if _usable(s.text, low, high)]
    if not candidates:
        # Nothing of summary length: the articles' first sentences are all there is.
        fallback = tuple(s for sentences in articles for s in sentences[:1])[: settings.sentences]
        return Summary(fallback[0], fallback)
    with _blas_threads(len(candidates)):
        similarity = similarities([s.text for _, s in candidates])
        if not similarity.any():  # nothing but stop words
            plain = tuple(s for _, s in candidates[: settings.sentences])
            return Summary(plain[0], plain)
        scores = lexrank(similarity, settings.damping)
    # Most central first, ties in candidate order (Python's sort is stable, in reverse too):
    # one conversion instead of a numpy scalar per comparison.
    order = sorted(range(len(candidates)), key=scores.tolist().__getitem__, reverse=True)

    chosen: list[int] = []
    article_of = [a for a, _ in candidates]

    def repeats(i: int) -> bool:
        """Whether candidate i says what a chosen sentence says."""
        return any(
            similarity[i, j] >= (settings.redundancy if article_of[i] == article_of[j] else settings.redundancy_across)
            for j in chosen
        )

    by_key = {(candidates[i][0], candidates[i][1].index): i for i in range(len(candidates))}
    for i in order:
        if len(chosen) >= settings.sentences:
            break
        if repeats(i):
            continue  # another outlet, or the same one, already said it
        article, sentence = candidates[i]
        if DEPENDENT_OPENING.match(sentence.text):
            antecedent = by_key.get((article, sentence.index - 1))
            if antecedent is None:
                continue  # it cannot stand alone and there is nothing to bring with it
            if antecedent not in chosen:
                if len(chosen) + 2 > settings.sentences or order.index(antecedent) >= settings.antecedent_rank * settings.sentences:
                    continue  # no room for its antecedent, or the antecedent is not worth a place
                if repeats(antecedent):
                    continue  # its antecedent repeats a chosen sentence: "He" would follow the wrong one
                chosen.append(antecedent)
        chosen.append(i)
    lede = next((i for i in order if not DEPENDENT_OPENING.match(candidates[i][1].text)), order[0])
    chosen.sort(key=lambda i: (candidates[i][0], candidates[i][1].index))
    ranked = tuple(candidates[i][1] for i in order)
    return Summary(candidates[lede][1], tuple(candidates[i][1] for i in chosen), ranked)


def _blas_threads(sentences: int):
    """One BLAS thread for a matrix of this many sentences if threads would be shared out (see _ONE_BLAS_THREAD_FROM)."""
    if sentences < _ONE_BLAS_THREAD_FROM:
        return nullcontext()
    return _blas_controller().limit(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController  # scikit-learn's dependency; finds numpy's OpenBLAS

    return ThreadpoolController()

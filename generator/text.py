"""Small text utilities shared by the stages: normalising and sentence splitting.

The sentence splitter is a regular expression with an abbreviation list: the
well-known libraries either need model data that cannot be downloaded at build
time (NLTK punkt) or are unmaintained and slow (pysbd). News prose is regular
enough that this is accurate, and it is ~100x faster.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# White space to fold into one space. A lone " " is left alone (matching it would
# replace every space of a paragraph by itself: most of the cost of normalising).
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise_line(line: str) -> str:
    """NFC, no control characters, single spaces, no surrounding white space."""
    line = unicodedata.normalize("NFC", line)
    if line.isprintable() and "  " not in line:
        # The common case, without two regular-expression scans: control characters,
        # the BOM and every space but " " are unprintable, so there is nothing to fold.
        return line.strip()
    line = _CONTROL.sub("", line).replace("\ufeff", "")
    return _SPACES.sub(" ", line).strip()


# Words after which a period does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt",
    "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "det", "maj", "cmdr", "adm",
    "inc", "ltd", "co", "corp", "plc", "llc", "bros", "dept", "univ", "assn", "no", "nos",
    "vs", "etc", "e.g", "i.e", "approx", "est", "fig", "vol", "op", "cf", "al", "ft",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "d.c",
}

# A candidate boundary: terminal punctuation, optional closing quotes/brackets,
# white space, then something that can start a sentence.
_BOUNDARY = re.compile(r"([.!?]+[\"'\u201d\u2019)\]]*)\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")


def _ends_with_abbreviation(text: str) -> bool:
    # The last white-space-separated word, less its final period (string methods:
    # a regular expression here was half the splitter's time).
    words = text.rsplit(None, 1)
    last = words[-1] if words else ""
    if len(last) < 2 or not last.endswith("."):
        return False
    word = last[:-1].lstrip("(\"'\u201c\u2018").lower()
    # Initials such as "J." in "John J. Smith" are not sentence ends either.
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, each verbatim (joining them gives the text back)."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end(1)
        candidate = paragraph[start:end]
        if paragraph[match.start(1)] == "." and _ends_with_abbreviation(candidate):
            continue
        sentences.append(candidate.strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def word_count(text: str) -> int:
    return len(text.split())


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """scikit-learn's English stop list, imported on first use: importing
    scikit-learn takes seconds, which a build answered by its cache never pays."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS

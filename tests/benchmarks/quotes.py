"""Quote extraction on PolNeAR (real political news with annotated direct quotes).

- precision: share of extracted quotes that overlap a gold quote;
- recall: share of gold quotes of 8 words or more that an extracted quote overlaps;
- speaker accuracy: among matched quotes whose gold source is a name, the share
  where our speaker names the same person or body. A gold source is a name when
  one of its comma-separated parts (parentheses dropped) ends in a capitalised
  word: "Sen. Claire McCaskill (D-Mo.)", "Scott Pruitt, the attorney general of
  Oklahoma,", "the White House", "Another critic, Laurence H. Tribe,". Pronouns
  ("he") and descriptions ("the Indiana governor", "the ad's narrator") name no
  one, so the gold cannot tell whether the name we resolved is theirs: they are
  counted and reported, not scored. Two names match when they share a head:
  the last word, without titles, suffixes ("Jr.") or a possessive, compared
  case-insensitively, plus for "X of Y" the last word of each side ("Gov. Tom
  Reed of Ohio"). So "Trump" = "Donald Trump's", "Mr. Obama" = "President
  Obama", "White House" = "the White House", "Reed" = "Gov. Tom Reed of Ohio";
  "The New York Post" is not "The New York Times". A missing speaker never matches.
Overlap is by words: at least half of the shorter quote's words in order-free
overlap with the other; a quote's speaker is judged against the gold quote it
overlaps most (two quotes in one article often share half their short words). Nothing here knows individual files.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import replace

from generator.analysis import read_article
from generator.config import load_settings
from generator.entities import gazetteer
from generator.errors import SourceError
from generator.quotes import extract_quotes

from . import EVAL_ROOT, REPO_ROOT, load_gold

POLNEAR = EVAL_ROOT / "polnear"
TARGETS = {"precision": 0.95, "recall": 0.80, "speaker_accuracy": 0.85}
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who", "said", "his", "her"}
TITLE_WORDS = {"mr", "mrs", "ms", "dr", "president", "gov", "sen", "rep", "secretary", "the", "of"}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def overlap(a: str, b: str) -> float:
    """Share of the shorter quote's distinct words that the other has."""
    first, second = set(words(a)), set(words(b))
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


def overlaps(a: str, b: str) -> bool:
    return overlap(a, b) >= 0.5


def partner_of(quote: str, gold_quotes: list[dict]) -> dict | None:
    """The gold quote ours is: the one it overlaps most (not merely the first it overlaps)."""
    best = max(gold_quotes, key=lambda g: overlap(quote, g["quote"]), default=None)
    return best if best is not None and overlaps(quote, best["quote"]) else None


SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# A part opening with one of these describes someone rather than naming them:
# "a narrator in the ad", "another critic", "his former business partner".
DESCRIBING = {"a", "an", "another", "one", "several", "some", "his", "her", "their", "its", "my", "our"}


def _last_word(part: str) -> str | None:
    tokens = [re.sub(r"['’]s?$", "", t).strip(".") for t in re.findall(r"[^\W\d_][\w.'’\-]*", part)]
    while tokens and tokens[-1].casefold() in SUFFIXES:
        tokens.pop()
    if tokens and tokens[-1][:1].isupper() and tokens[-1].casefold() not in TITLE_WORDS:
        return tokens[-1].casefold()
    return None


def name_heads(source: str | None) -> set[str]:
    """The head words of the name a source gives, or an empty set when it names no one.

    "Sen. Ann McGill (D-Ore.), who chairs the panel," → {"mcgill"}; "Gov. Tom
    Reed of Ohio" → {"reed", "ohio"}; "the Indiana governor", "the chair of the
    DNC", "he" → set().
    """
    if not source:
        return set()
    text = re.sub(r"\([^)]*\)", " ", source.replace("\u00a0", " ")).strip()
    if text.casefold() in PRONOUNS:
        return set()
    for segment in text.split(","):
        words = segment.split()
        if not words or words[0].casefold() in DESCRIBING:
            continue
        owner, of, place = segment.partition(" of ")
        if of:  # "Gov. Tom Reed of Ohio", "Bank of Aldermere"; not "the chair of the DNC"
            heads = {h for h in (_last_word(owner), _last_word(place)) if h}
            if _last_word(owner) is None and owner.split()[-1][:1].islower():
                continue
        else:
            heads = {h for h in (_last_word(segment),) if h}
        if heads:
            return heads
    return set()


def same_speaker(ours: str | None, gold: str) -> bool:
    """Whether our speaker names the same person or body as the gold name (a shared head)."""
    return bool(name_heads(ours) & name_heads(gold))


def run(report: dict) -> None:
    gold = load_gold(POLNEAR, "quotes", "quotes")
    if gold is None:
        return
    settings = load_settings(REPO_ROOT / "briefings.yml")
    extracted = matched = 0
    long_gold = long_found = 0
    speaker_checked = speaker_right = 0
    unscored = {"pronoun": 0, "description": 0}
    misses: list[tuple[str, object, str]] = []
    seconds = 0.0
    gazetteer()  # loaded once per build by the entity stage too: not part of the per-article time
    for relative, gold_quotes in sorted(gold.items()):
        path = POLNEAR / relative
        try:
            article = read_article(path, POLNEAR, settings)
        except SourceError as error:
            print(f"  unreadable: {error}")
            continue
        started = time.perf_counter()
        quotes = extract_quotes(article)
        seconds += time.perf_counter() - started
        for quote in quotes:
            extracted += 1
            partner = partner_of(quote.text, gold_quotes)
            if partner is not None:
                matched += 1
                speaker = (partner.get("speaker") or "").strip()
                if not speaker:
                    continue
                if name_heads(speaker):
                    speaker_checked += 1
                    right = same_speaker(quote.speaker, speaker)
                    speaker_right += right
                    if not right:
                        misses.append((relative, quote, speaker))
                else:
                    unscored["pronoun" if speaker.split()[0].casefold() in PRONOUNS else "description"] += 1
        for g in gold_quotes:
            if len(words(g["quote"])) >= 8:
                long_gold += 1
                long_found += any(overlaps(q.text, g["quote"]) for q in quotes)
    precision = matched / extracted if extracted else 0.0
    recall = long_found / long_gold if long_gold else 0.0
    speakers = speaker_right / speaker_checked if speaker_checked else 0.0
    print(f"\nQuotes (PolNeAR dev: {len(gold)} articles, {long_gold} gold quotes of 8+ words)")
    print(f"{'measure':<18}{'value':>8}{'target':>9}  result")
    results = {}
    for name, value in (("precision", precision), ("recall", recall), ("speaker_accuracy", speakers)):
        met = value >= TARGETS[name]
        print(f"{name:<18}{value:>8.3f}{TARGETS[name]:>9.2f}  {'met' if met else 'MISSED'}")
        results[name] = {"value": round(value, 4), "target": TARGETS[name], "met": met}
    print(f"extracted {extracted} quotes, {matched} match gold; speakers checked on {speaker_checked} named sources "
          f"(not scored: {unscored['pronoun']} pronoun, {unscored['description']} description sources); {1000 * seconds / max(1, len(gold)):.2f} ms per article")
    report["quotes_polnear"] = results
    shown = int(os.environ.get("QUOTES_MISSES", "0") or 0)
    if shown:  # `QUOTES_MISSES=20 python -m tests.benchmarks.run --only quotes`: the misses, with their context
        unattributed = sum(1 for _, quote, _ in misses if quote.speaker is None)
        print(f"speaker misses: {unattributed} unattributed, {len(misses) - unattributed} another name")
        for relative, quote, speaker in misses[:shown]:
            print(f"- {relative}\n  gold {speaker!r}, ours {quote.speaker!r}\n  {quote.sentence.text[:300]}")

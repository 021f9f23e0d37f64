"""Quote extraction on PolNeAR (real political news with annotated direct quotes).

- precision: share of extracted quotes that overlap a gold quote;
- recall: share of gold quotes of 8 words or more that an extracted quote overlaps;
- speaker accuracy: among matched quotes whose gold source is a name (not a
  pronoun such as "he"), the share where our speaker names the same person or
  body (the two names share a word other than a title such as "Mr.", case-insensitive).
Overlap is by words: at least half of the shorter quote's words in order-free
overlap with the other. Nothing here knows individual files.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

from generator.build import read_article
from generator.config import load_settings
from generator.errors import SourceError
from generator.quotes import extract_quotes

from . import EVAL_ROOT, REPO_ROOT, load_gold

POLNEAR = EVAL_ROOT / "polnear"
TARGETS = {"precision": 0.95, "recall": 0.80, "speaker_accuracy": 0.85}
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who", "said", "his", "her"}
TITLE_WORDS = {"mr", "mrs", "ms", "dr", "president", "gov", "sen", "rep", "secretary", "the", "of"}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def overlaps(a: str, b: str) -> bool:
    first, second = set(words(a)), set(words(b))
    if not first or not second:
        return False
    return len(first & second) >= 0.5 * min(len(first), len(second))


def same_speaker(ours: str | None, gold: str) -> bool:
    if not ours:
        return False
    mine = {w for w in words(ours) if w not in TITLE_WORDS}
    theirs = {w for w in words(gold) if w not in TITLE_WORDS}
    return bool(mine & theirs)  # "Mr. Obama" and "President Obama" share "obama"


def run(report: dict) -> None:
    gold = load_gold(POLNEAR, "quotes", "quotes")
    if gold is None:
        return
    settings = load_settings(REPO_ROOT / "briefings.yml")
    extracted = matched = 0
    long_gold = long_found = 0
    speaker_checked = speaker_right = 0
    seconds = 0.0
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
            partner = next((g for g in gold_quotes if overlaps(quote.text, g["quote"])), None)
            if partner is not None:
                matched += 1
                speaker = (partner.get("speaker") or "").strip()
                if speaker and speaker.split()[0].casefold() not in PRONOUNS:
                    speaker_checked += 1
                    speaker_right += same_speaker(quote.speaker, speaker)
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
    print(f"extracted {extracted} quotes, {matched} match gold; speakers checked on {speaker_checked}; {1000 * seconds / max(1, len(gold)):.2f} ms per article")
    report["quotes_polnear"] = results

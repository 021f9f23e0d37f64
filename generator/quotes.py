"""Key quotes: direct quotations, verbatim, with the speaker the text names.

A quote is the exact text between a pair of quotation marks (straight or
curly) in one paragraph; it is never trimmed or stitched. Short spans (scare
quotes, titles, a few words) are not key quotes. The speaker is taken only
from an explicit attribution next to the quote — `"…," said Maria Lopez`,
`Lopez said: "…"`, `according to …` — and stays empty for a pronoun ("he
said"): we name a speaker only where the text names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Article, Sentence
from .text import split_sentences

MIN_QUOTE_WORDS = 6

SPEECH = (
    r"(?:said|says|say|told|tells|added|adds|noted|notes|warned|warns|insisted|insists|argued|argues|explained|"
    r"explains|stated|states|wrote|writes|declared|declares|asked|asks|replied|replies|recalled|recalls|"
    r"continued|continues|admitted|admits|conceded|concedes|acknowledged|acknowledges|claimed|claims|"
    r"tweeted|announced|announces|remarked|observed|cautioned|predicted|urged|urges|responded|responds|"
    r"maintained|maintains|emphasi[sz]ed|stressed|suggested|suggests|complained|joked|shouted|told reporters|"
    r"concluded|concludes|reported|reports|sang|sings|posted|testified|recounted|quipped|boasted|pointed out|"
    r"went on|goes on|tweets|wrote in|said in)"
)
# A name: capitalised words with optional titles and connectors, e.g. "Mr. Obama",
# "Prime Minister Helena Voss", "Maria Lopez", "Bank of Aldermere".
# A capitalised word; a period belongs to it only in an abbreviation ("Mr.", "G.K."),
# so "said Hester. Michael Mulgrew" does not run two sentences together.
_CAP = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][a-z]{0,2}\.|[A-Z][\w'’\-]*)"
NAME = rf"(?:{_CAP}(?:\s+(?:of|de|van|von|al|the|and|for|la|le|du|da|bin)\s+{_CAP}|\s+{_CAP}){{0,5}})"
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who", "one"}
NOT_SPEAKERS = {"but", "and", "then", "also", "later", "earlier", "today", "yesterday", "when", "as", "so", "this", "that"}

# Quoted spans inside one paragraph: curly pairs, or straight pairs.
_CURLY = re.compile(r"“([^“”]+)”")
_STRAIGHT = re.compile(r'"([^"]+)"')

# Attribution after the quote: `," said Lopez`, `," Lopez said`, `," campaign spokesman Brian Fallon said`.
_AFTER_VERB_WHO = re.compile(rf"^\s*[,.!?—–-]*\s*{SPEECH}\s+(?P<who>[^“”\";!?]{{1,120}})")
_AFTER_WHO_VERB = re.compile(rf"^\s*[,.!?—–-]*\s*(?P<who>[^“”\";!?]{{1,120}}?)\s+{SPEECH}\b")
# Attribution before the quote: `Lopez said: "`, `Lopez said at a rally. "`, `According to Lopez, "`
_BEFORE_WHO_VERB = re.compile(rf"(?P<who>[^“”\";!?]{{1,160}}?)\s+{SPEECH}\b[^“”\"]{{0,90}}$")
_BEFORE_VERB_WHO = re.compile(rf"^\s*{SPEECH}\s+(?P<who>[^“”\";!?]{{1,120}})$")
_BEFORE_ACCORDING = re.compile(rf"[Aa]ccording to (?P<name>{NAME})\s*,?\s*$")
_CAPITALISED_RUN = re.compile(rf"{NAME}")
_CALENDAR = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Today|Yesterday)$"
)


@dataclass(frozen=True)
class Quote:
    text: str  # verbatim, without the quotation marks
    speaker: str | None
    sentence: Sentence  # where the quote starts: its provenance


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"['’]s$", "", name.strip().rstrip(",.;:"))
    words = name.split()
    if not words or words[0].lower() in PRONOUNS or words[0].lower() in NOT_SPEAKERS:
        return None
    if words[0].islower():
        return None  # "the mayor", "officials": not a name
    return name


PRONOUN = object()  # the attribution is a pronoun: "he said"


def _name_in(who: str, verb_first: bool = False) -> str | object | None:
    """The speaker's name in an attribution phrase, PRONOUN, or None.

    "campaign spokesman Brian Fallon" → "Brian Fallon"; "Rep. Jim Jordan
    (R-Ohio), an oversight panel member," → "Rep. Jim Jordan"; "in a
    statement Friday, Trump" → "Trump". The name is the segment nearest the
    verb that is not an appositive ("the director", "a Korea scholar").
    """
    who = re.sub(r"\([^)]*\)", " ", who)
    segments = [seg.strip() for seg in who.split(",") if seg.strip()]
    if not verb_first:
        segments.reverse()  # nearest the verb first
    for segment in segments:
        words = segment.split()
        if words[0].lower() in PRONOUNS:
            return PRONOUN if len(words) == 1 else None
        if words[0].lower() in {"the", "a", "an", "who", "which", "whose"} or not re.search(r"[A-Za-z]", segment):
            continue  # an appositive or an age ("Quina Jones, 25, said"): the name is in another segment
        runs = [m.group(0) for m in _CAPITALISED_RUN.finditer(segment)]
        runs = [r for r in runs if r.split()[0].lower() not in PRONOUNS | NOT_SPEAKERS and not _CALENDAR.match(r)]
        if runs:
            return _clean_name(runs[0] if verb_first else runs[-1])
        return None
    return None


def _speaker(before: str, after: str) -> str | object | None:
    """The named speaker from the text around a quote, PRONOUN, or None.

    A name beats a pronoun: in `DuVernay said … because “…” she said`, the
    quote is DuVernay's.
    """
    found: list[object] = []
    match = _AFTER_VERB_WHO.match(after)
    if match:
        found.append(_name_in(match.group("who"), verb_first=True))
    match = _AFTER_WHO_VERB.match(after)
    if match and len(match.group("who").split()) <= 12:
        found.append(_name_in(match.group("who")))
    match = _BEFORE_ACCORDING.search(before[-200:])
    if match:
        found.append(_clean_name(match.group("name")))
    # The clause just before the quote ("… Trump said at a rally." or "Lynch said she thought,").
    clause = re.split(r"[.;!?“”\"]\s", re.sub(r"[\s.,:—–-]+$", "", before[-300:]))[-1]
    match = _BEFORE_WHO_VERB.search(clause)
    if match:
        found.append(_name_in(match.group("who")))
    match = _BEFORE_VERB_WHO.match(clause)
    if match:  # `“…,” said Ryan Ellis, a tax consultant. “…”`: the attribution between two quotes
        found.append(_name_in(match.group("who"), verb_first=True))
    names = [f for f in found if isinstance(f, str)]
    if names:
        return names[0]
    return PRONOUN if PRONOUN in found else None


def _spans(paragraph: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each quoted span; curly quotes win where both occur."""
    spans = [(m.start(), m.end(), m.group(1)) for m in _CURLY.finditer(paragraph)]
    if not spans:
        spans = [(m.start(), m.end(), m.group(1)) for m in _STRAIGHT.finditer(paragraph)]
    # A quote running on to the next paragraph has an opening mark and no closing one.
    opened = paragraph.rfind("“")
    if opened > paragraph.rfind("”") and opened >= 0 and all(opened >= end for _, end, _ in spans):
        spans.append((opened, len(paragraph), paragraph[opened + 1 :]))
    return spans


def _is_key_quote(inner: str) -> bool:
    words = inner.split()
    if len(words) < MIN_QUOTE_WORDS:
        return False  # scare quotes, titles, slogans
    # A quoted phrase inside a sentence ("had refused to give a single written
    # guarantee") starts in lower case and ends without punctuation: a
    # fragment, not something a person said as a whole.
    whole = inner[:1].isupper() or inner[:1] in "…." or inner.rstrip()[-1:] in ".,!?…;:—-"
    return whole and any(ch.isalpha() for ch in inner)


def extract_quotes(article: Article, sentences: list[Sentence] | None = None) -> list[Quote]:
    """Every key quote in the article, in reading order."""
    quotes: list[Quote] = []
    sentence_index = 0
    last_speaker: str | None = None
    last_speaker_paragraph = -10
    for paragraph_number, paragraph in enumerate(article.paragraphs):
        previous_end = 0
        paragraph_sentences = split_sentences(paragraph)
        starts = []
        cursor = 0
        for text in paragraph_sentences:
            found = paragraph.find(text, cursor)
            starts.append(found if found >= 0 else cursor)
            cursor = (found if found >= 0 else cursor) + len(text)
        for start, end, inner in _spans(paragraph):
            text = inner.strip()
            found = _speaker(paragraph[previous_end:start], paragraph[end:])
            if found is PRONOUN or (found is None and previous_end > 0):
                # "…," he said / a quote continued after its attribution: the speaker
                # is the one the text last named for a quote, in this or the previous paragraph.
                found = last_speaker if paragraph_number - last_speaker_paragraph <= 1 else None
            if isinstance(found, str):
                last_speaker, last_speaker_paragraph = found, paragraph_number
            previous_end = end
            if not _is_key_quote(text):
                continue  # too short to show, but its attribution still carries on
            position = max((i for i, s in enumerate(starts) if s <= start), default=0)
            sentence = Sentence(paragraph_sentences[position], article.id, sentence_index + position)
            quotes.append(Quote(text=text, speaker=found if isinstance(found, str) else None, sentence=sentence))
        sentence_index += len(paragraph_sentences)
    return quotes

"""Key quotes: direct quotations, verbatim, with the speaker the text names.

A quote is the exact text between a pair of quotation marks (straight or
curly) in one paragraph; it is never trimmed or stitched. Short spans (scare
quotes, titles, a few words) are not key quotes.

The speaker is the one the text names for the quote, found with rules a news
editor would recognise:

- an attribution next to the quote: `"…," said Maria Lopez`, `"…," Lopez
  said`, `Lopez said: "…"`, `according to Lopez, "…"`, `"…" ― Maria Lopez`
  (the dash of pull quotes and reader comments), `"…," said Maria Lopez, a
  lawyer for the union`, `"…," said union lawyer Maria Lopez`;
- the subject of the sentence that carries the quote: `Lopez called the plan
  "…"`, `Lopez, 52, left the meeting early, saying "…"`;
- the attribution of the paragraph before, when it ends with a colon (`Lopez
  added:`) or left a quotation open (a quote running over paragraphs);
- a pronoun (`"…," she said`) or a description (`"…," the minister said`)
  stands for the person or body the article last named that fits: a pronoun
  for the nearest earlier speaker or sentence subject (within two paragraphs)
  of matching kind (he/she: a person, of that gender when the article shows it
  with "Ms."/"Mr." or with "her"/"his" beside the name; it: an organisation),
  a description for the nearest earlier name carrying that title ("Minister
  Ana Ruiz", "Ana Ruiz, the minister"). A pronoun after an unnamed person ("A
  spokeswoman declined to comment. '…,' she said") stays unnamed, and so does
  anything nothing earlier fits: a speaker is never guessed.

The gender and naming cues are read from the article itself (which words it
capitalises mid-sentence, which pronouns go with which names); no list of
names is involved.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, replace
from functools import lru_cache

from .entities import NOT_NAMES, ORGANISATION_WORDS, TITLES, entity_key, gazetteer
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
    r"went on|goes on|tweets|wrote in|said in|demanded|demands|exclaimed|whispered|yelled|pleaded|vowed|vows)"
)
# Verbs that put someone's words in quotation marks without being verbs of saying:
# `Lopez called the plan "…"`, `Lopez described him as "…"`.
REPORTING = (
    r"(?:called|calls|described|describes|branded|brands|dubbed|labell?ed|attacked|attacks|blasted|slammed|"
    r"criticized|criticised|mocked|scolded|praised|accused|accuses|promised|pledged|denounced|hailed|lamented|"
    r"touted|characteri[sz]ed|referred to|defended|told|urged|recalled)"
)
# A participle that hangs an utterance on the sentence's subject: `Lopez left, saying "…"`.
PARTICIPLE = (
    r"(?:saying|adding|tweeting|writing|asking|telling|noting|declaring|arguing|explaining|insisting|warning|"
    r"stating|replying|responding|calling|describing|vowing|promising|urging|joking|quipping|recalling)"
)
# A name: capitalised words with optional titles and connectors, e.g. "Mr. Obama",
# "Prime Minister Helena Voss", "Maria Lopez", "Bank of Aldermere".
# A capitalised word; a period belongs to it only in an abbreviation ("Mr.", "G.K."),
# so "said Hester. Michael Mulgrew" does not run two sentences together.
_CAP = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][a-z]{0,2}\.|[A-Z][\w'’\-]*)"
NAME = rf"(?:{_CAP}(?:\s+(?:of|de|van|von|al|the|and|for|la|le|du|da|bin)\s+{_CAP}|\s+{_CAP}){{0,5}})"
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who", "one"}
NOT_SPEAKERS = {"but", "and", "then", "also", "later", "earlier", "today", "yesterday", "when", "as", "so", "this", "that"}
# A part of an attribution that opens with one of these is an adverbial or a
# relative clause, not the speaker: "At a rally in Ohio, Lopez said", "Lopez,
# who leads the union, said".
_LEADING = {
    "at", "in", "on", "during", "after", "before", "from", "with", "without", "by", "over", "under", "since",
    "until", "while", "when", "as", "following", "despite", "amid", "speaking", "asked", "if", "although",
    "who", "which", "whose", "whom", "where", "one", "but", "and", "meanwhile", "still", "now", "then", "also",
}
_ADVERB = re.compile(r"^(?:\w+ly|also|later|earlier|then|again|too|previously|once|still|now|just|had|has|have|would|will|could|did|does)$")
_PARTY = re.compile(r"^[RDI]\.?-[A-Z][\w.\- ]*$")  # "R-Ky.", "D-N.Y." after a US politician's name

# Quoted spans inside one paragraph: curly pairs, or straight pairs.
_CURLY = re.compile(r"“([^“”]+)”")
_STRAIGHT = re.compile(r'"([^"]+)"')

# Attribution after the quote: `," said Lopez`, `," Lopez said`, `," campaign spokesman Brian Fallon said`.
_AFTER_VERB_WHO = re.compile(rf"^\s*[,.!?—–-]*\s*{SPEECH}\s+(?P<who>[^“”\";!?]{{1,120}})")
_AFTER_WHO_VERB = re.compile(rf"^\s*[,.!?—–-]*\s*(?P<who>[^“”\";!?]{{1,250}}?)\s+{SPEECH}\b")
# A byline dash after the quote: `“…” ― Maria Lopez`, `“…” — Maria Lopez.`
_AFTER_DASH = re.compile(rf"^\s*[,.]?\s*(?:[―—–]|--?)\s*(?P<name>{NAME})\s*(?:[.,;]|$|[“\"])")
# Attribution before the quote: `Lopez said: "`, `Lopez said at a rally. "`, `According to Lopez, "`
_SPEECH_AT = re.compile(rf"\s+{SPEECH}\b")
_SPEECH_THAT_AT = re.compile(rf"\s+{SPEECH}\s+that\b")
_REPORTING_AT = re.compile(rf"\s+{REPORTING}\b")
_PARTICIPLE_AT = re.compile(rf"\b{PARTICIPLE}\b")
_NAME_AT_END = re.compile(rf"(?P<name>{NAME})\s+$")
_BEFORE_VERB_WHO = re.compile(rf"^\s*(?i:{SPEECH})\s+(?P<who>[^“”\";!?]{{1,250}})$")  # also `Said Lopez: "…"`
_BEFORE_ACCORDING = re.compile(rf"[Aa]ccording to (?P<name>{NAME})\s*,?\s*$")
_CAPITALISED_RUN = re.compile(rf"{NAME}")
_CALENDAR = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Today|Yesterday)$"
)
# What a body speaks through: "the IMF report said", "the White House statement said".
_DOCUMENTS = r"report|statement|letter|release|press release|memo|study|survey|ruling|filing|website|ad|advert|advertisement|complaint|lawsuit|editorial|analysis"
# Capitalised only because they open a sentence or a question.
_FUNCTION_WORDS = {
    "did", "does", "do", "is", "was", "are", "were", "will", "would", "can", "could", "should", "has", "have",
    "had", "why", "what", "how", "where", "yes", "no", "not", "please", "thank", "thanks", "let", "look", "well",
}
# An organisation's name may hold "for" ("Center for Media Justice"); a person's does not
# ("Dana Reyes for the Herald" is Dana Reyes writing for the Herald).
_ORG_WORDS = ORGANISATION_WORDS | {"house", "center", "centre", "campaign", "institute", "project", "coalition", "network"}


_NOUN_PHRASE = re.compile(rf"(?P<role>(?:[\w'’\-.]+\s+){{0,4}}?)(?P<name>{NAME})")
_TAIL_NAME = re.compile(rf"(?<=[a-z] )(?P<name>{NAME})$")
_DOCUMENT = re.compile(rf"[Tt]he\s+(?P<name>{NAME})(?:['’]s)?\s+(?:{_DOCUMENTS})")
_SUBJECT = re.compile(rf"(?:[Tt]he\s+)?(?P<role>(?:[a-z][\w'’\-]*\s+){{0,3}})(?P<name>{NAME})(?=\s+[a-z]|\s*$)")
_VERB_IN_ROLE = re.compile(rf"\b(?:{SPEECH}|{REPORTING}|is|was|has|had|will|would|did)\b")
_NAME_THEN_COMMA = re.compile(rf"\s*{NAME},")
_SPEECH_VERB = re.compile(rf"\s{SPEECH}\b")
_HONORIFIC = re.compile(rf"\b(?P<t>Mr|Mrs|Ms|Miss)\.?\s+(?P<n>{NAME})")


@dataclass(frozen=True)
class Quote:
    text: str  # verbatim, without the quotation marks
    speaker: str | None
    sentence: Sentence  # where the quote starts: its provenance


@dataclass(frozen=True)
class _Pronoun:
    """The attribution is a pronoun ("he said"): whom it stands for is found from earlier text."""

    word: str
    back: int = 0  # for a pronoun before the quote: how far before the quote its sentence starts


@dataclass(frozen=True)
class _Description:
    """The attribution is a description ("the minister said"): `head` is its noun."""

    head: str


# What the text around a quote says about its speaker.
Found = str | _Pronoun | _Description | None


def _common_word(word: str) -> bool:
    """A capitalised word that is not a name ("After", "Meanwhile"), unless it is a title ("Mr.")."""
    return word.lower() in NOT_NAMES and word.lower().rstrip(".") not in TITLES


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"['’]s$", "", name.strip().rstrip(",.;:"))
    name = re.sub(r"^[Tt]he\s+(?=[A-Z])", "", name)  # "the White House" is White House
    owner, has_for, _ = name.partition(" for ")
    if has_for and len(owner.split()) >= 2 and not {w.lower() for w in owner.split()} & _ORG_WORDS:
        name = owner  # "Dana Reyes for the Herald"
    words = name.split()
    while len(words) > 1 and _common_word(words[0]):
        words = words[1:]  # "After Lopez", "Meanwhile Lopez"; not "Mr. Lopez"
    name = " ".join(words)
    if not words or words[0].lower() in PRONOUNS or words[0].lower() in NOT_SPEAKERS or _common_word(words[0]):
        return None
    if words[0].islower() or _PARTY.match(name):
        return None  # "the mayor", "officials", "R-Ky.": not a name
    return name


def _runs(segment: str) -> list[re.Match]:
    """Capitalised runs that can be names: not dates, not common words that open a sentence."""
    runs = []
    for match in _CAPITALISED_RUN.finditer(segment):
        text = match.group(0)
        first = text.split()[0].lower()
        if first in PRONOUNS | NOT_SPEAKERS or _CALENDAR.match(re.sub(r"['’]s$", "", text)):
            continue
        if len(text.split()) == 1 and first in NOT_NAMES | _FUNCTION_WORDS:
            continue  # "Officials", "Police", "Speaking" opening a sentence
        runs.append(match)
    return runs


def _pick(segment: str, verb_first: bool) -> str | None:
    """The name in an attribution's noun phrase.

    "campaign spokesman Brian Fallon" → "Brian Fallon"; "Mr. Morgan of the
    Sierra Club" → "Mr. Morgan"; "MSNBC host Chris Matthews" → "Chris
    Matthews"; "in a statement Friday, Trump" → "Trump".
    """
    # "Lopez's lawyer": a possessor names whose lawyer, not who speaks.
    runs = [m for m in _runs(segment) if not re.match(r"['’]s\s+[a-z]", segment[m.end() - 2 : m.end() + 2])]
    # A run that is the complement of the one before ("of the Sierra Club", "at the
    # University of Lund") does not name the speaker.
    kept: list[re.Match] = []
    for match in runs:
        between = segment[kept[-1].end() : match.start()] if kept else ""
        if kept and re.fullmatch(r"\s+(?:of|at|for|from|with|in|on)(?:\s+the)?\s+", between):
            continue
        kept.append(match)
    if not kept:
        return None
    if verb_first:
        # `said MSNBC host Chris Matthews`: an organisation and a role before the name.
        chosen = kept[0]
        for match in kept[1:]:
            if re.fullmatch(r"\s+(?:[a-z][\w'’\-]*\s+){1,3}", segment[chosen.end() : match.start()]):
                chosen = match
            else:
                break
        return _clean_name(chosen.group(0))
    return _clean_name(kept[-1].group(0))


def _noun_phrase_name(segment: str) -> str | None:
    """The name when the whole segment is a name with a few role words before it ("union lawyer Dana Reyes")."""
    match = _NOUN_PHRASE.fullmatch(segment.strip())
    if not match or match.group("name").split()[0].lower() in NOT_NAMES | PRONOUNS:
        return None
    if re.search(r"\b(?:of|at|for|from|in|on|to|with|by|about)\s+(?:the\s+)?$", match.group("role")):
        return None  # "president of the Teachers Union": the speaker's body, not the speaker
    return _clean_name(match.group("name"))


def _description(segment: str) -> _Description | None:
    """ "the minister", "the former mayor also" → _Description("minister"/"mayor")."""
    words = [w for w in re.findall(r"[\w'’\-]+", segment) if not _ADVERB.match(w.lower())]
    if len(words) < 2 or words[0].lower() not in {"the", "a", "an"} or not words[-1].islower():
        return None
    return _Description(words[-1].lower())


def _name_in(who: str, verb_first: bool = False) -> Found:
    """The speaker named in an attribution phrase, a _Pronoun, a _Description, or None.

    "campaign spokesman Brian Fallon" → "Brian Fallon"; "Rep. Jim Jordan
    (R-Ohio), an oversight panel member," → "Rep. Jim Jordan"; "in a
    statement Friday, Trump" → "Trump"; "Lopez, who chairs the panel," →
    "Lopez"; "the minister" → _Description("minister"). The name is the
    segment nearest the verb that is not an appositive ("the director", "a
    Korea scholar"), a relative clause or an adverbial.
    """
    who = re.sub(r"\([^)]*\)", " ", who)
    if not verb_first and re.search(r"\band\s*$", who):
        return None  # `Lopez visited the plant and said "…"`: the subject is the sentence's (see _subject)
    segments = [seg.strip() for seg in who.split(",") if seg.strip()]
    if not verb_first:
        segments.reverse()  # nearest the verb first
    description: _Description | None = None
    for index, segment in enumerate(segments):
        words = segment.split()
        first = words[0].lower()
        if _PARTY.match(segment) or not re.search(r"[A-Za-z]", segment) or all(_ADVERB.match(w.lower()) for w in words):
            continue  # "R-Ky.", an age ("Quina Jones, 25, said"), "forcefully"
        if first in PRONOUNS and len(words) == 1:
            return _Pronoun(first)
        if first in _LEADING and (len(words) > 1 or first in {"who", "which"}):
            if first in PRONOUNS - {"who", "one"}:
                return None
            if index == 0 and not verb_first and first not in {"who", "which", "whose", "whom", "one"}:
                # "In an interview Lopez said": the subject closes the adverbial
                tail = _TAIL_NAME.search(segment)
                if tail and _clean_name(tail.group("name")):
                    return _clean_name(tail.group("name"))
            continue  # "who leads the union", "At a rally in Ohio", "one of the states suing"
        if first in PRONOUNS and all(_ADVERB.match(w.lower()) for w in words[1:]):
            return _Pronoun(first)  # "he also", "she later"
        if first in PRONOUNS:
            return None
        if first in {"a", "an", "another"}:
            continue  # an appositive: the name is in another segment
        document = _DOCUMENT.fullmatch(segment)
        if document and index == 0:
            return _clean_name(document.group("name"))  # "the IMF report stated": the IMF's words
        if first == "the" and (len(words) == 1 or not words[1][:1].isupper() or words[-1].islower()):
            description = description or (_description(segment) if index == 0 else None)
            continue  # "the director": an appositive, or the subject itself when nothing names it
        name = _pick(segment, verb_first) if index == 0 else _noun_phrase_name(segment)
        if name:
            return name
        if index == 0 and not description:
            return None  # the phrase nearest the verb names no one
    return description


def _subject(clause: str) -> Found:
    """The subject of a sentence: its first segment that is not an adverbial ("On Monday, Lopez …")."""
    clause = re.sub(r"\([^)]*\)", " ", clause)
    for segment in (seg.strip() for seg in clause.split(",")):
        words = segment.split()
        if not words or _PARTY.match(segment) or not re.search(r"[A-Za-z]", segment):
            continue
        first = words[0].lower()
        if first in PRONOUNS - {"who", "one"}:
            return _Pronoun(first) if first in {"he", "she", "it"} else None
        if first in _LEADING:
            continue
        match = _SUBJECT.match(segment)
        if match and _VERB_IN_ROLE.search(match.group("role")):
            match = None  # "the former president said Obamacare …": the name is not the subject
        if match and re.search(r"['’]s$", match.group("name")):
            return None  # "Lopez's lawyer said": someone the sentence does not name
        if match and match.group("name").split()[0].lower() not in NOT_NAMES | PRONOUNS:
            return _clean_name(match.group("name"))
        return _description(" ".join(words[:3]) if first == "the" else "")
    return None


def _last_sentence(text: str) -> str:
    sentences = split_sentences(text.strip())
    return sentences[-1] if sentences else ""


def _whos_before(clause: str, verbs: re.Pattern, gap: int) -> list[str]:
    """The words before each verb of saying close enough to the end of the clause (at most `gap`
    characters after it), the verb nearest the quote first."""
    whos = []
    previous_end = 0
    for verb in verbs.finditer(clause):
        rest = clause[verb.end() :]
        if len(rest) <= gap and not re.search(r"[“”\"]", rest):
            # After an earlier verb of saying, only what follows it: `the Gazette reported that | Okoro warned`.
            start = previous_end if whos else max(0, verb.start() - 160)
            who = re.split(r"[“”\";!?]", clause[start : verb.start()])[-1]
            if who.strip():
                whos.append(who)
        previous_end = verb.end()
    return whos[::-1]


def _attributed(whos: list[str], clause: str) -> Found:
    """Who the nearest attribution names (`the Gazette reported that Okoro warned: "…"` is Okoro's);
    else what the first one says (a pronoun, a description)."""
    found = [_name_in(who) if not re.search(r"\band\s*$", who) else _subject(clause) for who in whos]
    return next((f for f in found if isinstance(f, str)), found[-1] if found else None)


def _speaker(before: str, after: str) -> Found:
    """The speaker the text around a quote names: a name, a _Pronoun, a _Description or None.

    A name beats a pronoun or description: in `DuVernay said … because “…” she
    said`, the quote is DuVernay's.
    """
    found: list[Found] = []
    match = _AFTER_DASH.match(after)
    if match:
        found.append(_clean_name(match.group("name")))
    match = _AFTER_VERB_WHO.match(after)
    if match:
        found.append(_name_in(match.group("who"), verb_first=True))
    match = _AFTER_WHO_VERB.match(after)
    # A long stretch before the verb is the sentence going on, unless it is a name and its appositive
    # (`"…," Ana Ruiz, the director of the city's largest shelter, told reporters`).
    if match and (len(match.group("who").split()) <= 12 or _NAME_THEN_COMMA.match(match.group("who"))):
        found.append(_name_in(match.group("who")))
    match = _BEFORE_ACCORDING.search(before[-200:])
    if match:
        found.append(_clean_name(match.group("name")))
    # The sentence just before the quote ("… Trump said at a rally." or "Lynch said she thought,").
    sentence = _last_sentence(before[-600:])
    back = len(before) - before.rfind(sentence) if sentence else 0
    after_found = len(found)
    clause = re.split(r"[;“”\"]\s*", re.sub(r"[\s.,:—–-]+$", "", sentence))[-1]
    for verbs, gap in ((_SPEECH_AT, 90), (_SPEECH_THAT_AT, 200)):
        whos = _whos_before(clause, verbs, gap)  # `Lopez said at a rally:`, `Lopez said that …`
        if whos:
            found.append(_attributed(whos, clause))
            break
    match = _BEFORE_VERB_WHO.match(clause)
    if match:  # `“…,” said Ryan Ellis, a tax consultant. “…”`: the attribution between two quotes
        found.append(_name_in(match.group("who"), verb_first=True))
    participle = _PARTICIPLE_AT.search(clause)
    if participle and len(clause) - participle.end() <= 150 and not re.search(r"[“”\".;]", clause[participle.end() :]):
        match = _NAME_AT_END.search(clause[max(0, participle.start() - 80) : participle.start()])
        if match and len(clause) - participle.end() <= 80:  # `footage of Lopez saying, “…”`
            found.append(_clean_name(match.group("name")))
        if re.search(r",\s*$", clause[: participle.start()]):  # `Lopez, 52, left the meeting early, saying “…”`
            found.append(_subject(clause[: participle.start()]))
    whos = _whos_before(clause, _REPORTING_AT, 90)
    if whos:  # `Lopez called the plan “…”`
        said = _SPEECH_VERB.search(whos[-1])
        # `Lopez said after Reyes was called …`: the subject of the verb of saying speaks
        found.append(_attributed([whos[-1][: said.start()]] if said else whos, clause))
    # A pronoun before the quote stands for someone named before it, not for a name between it and the quote.
    found[after_found:] = [replace(f, back=back) if isinstance(f, _Pronoun) else f for f in found[after_found:]]
    names = [f for f in found if isinstance(f, str)]
    if names:
        return names[0]
    return next((f for f in found if f is not None), None)


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


# --- whom a pronoun or a description stands for ------------------------------------------------

# Nouns for a person: a sentence opening "A spokeswoman …" or "The officer …" is about someone
# the pronoun that follows may stand for, named or not.
_PERSON_NOUNS = sorted(
    (TITLES - {"foreign", "finance", "defence", "defense", "health", "interior", "economy", "trade", "energy", "vice",
               "deputy", "executive", "head", "star", "forward", "st", "saint", "lady", "lord", "sister", "brother"})
    | {"spokeswoman", "spokesperson", "official", "resident", "witness", "woman", "man", "worker", "mother",
       "father", "wife", "husband", "daughter", "son", "friend", "neighbour", "neighbor", "owner", "farmer",
       "driver", "nurse", "doctor", "teacher", "student", "voter", "supporter", "critic", "expert", "source",
       "aide", "adviser", "advisor", "activist", "protester", "survivor", "victim", "customer", "employee",
       "member", "veteran", "parent", "candidate", "nominee", "congressman", "congresswoman", "narrator",
       "announcer", "host", "reporter", "scientist", "researcher", "historian", "professor", "pilot", "soldier"},
    key=len, reverse=True,
)
_SOMEONE = re.compile(
    rf"^\s*(?:A|An|The|One|Another)\s+(?:[a-z][\w'’\-]*\s+){{0,3}}?(?P<noun>{'|'.join(_PERSON_NOUNS)})\b(?!['’]s)"
)
_MALE = re.compile(r"\b(?:he|him|his|himself)\b", re.I)
_FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
_TITLE_ABBREVIATIONS = {
    "senator": ("Sen", "Senator"), "governor": ("Gov", "Governor"), "representative": ("Rep", "Representative"),
    "congressman": ("Rep", "Representative", "Congressman"), "congresswoman": ("Rep", "Representative", "Congresswoman"),
    "general": ("Gen", "General"), "professor": ("Prof", "Professor"), "doctor": ("Dr", "Doctor"),
    "reverend": ("Rev", "Reverend"), "lieutenant": ("Lt",), "colonel": ("Col",), "sergeant": ("Sgt",),
    "captain": ("Capt", "Captain"),
}


_INSIDE = re.compile(r"(?<=[\w,;:’'”\"] )[A-Z][\w'’\-]*")


def _capitalised_inside(paragraphs: list[str] | tuple[str, ...]) -> set[str]:
    """Words the article capitalises inside a sentence: names, not words capitalised for opening one."""
    return {word.removesuffix("’s").removesuffix("'s") for paragraph in paragraphs for word in _INSIDE.findall(paragraph)}


def _full(name: str) -> str:
    """A name without its titles, lower-cased: "Sen. Ann McGill" → "ann mcgill"; "Mr. Obama" → "obama"."""
    words = [w for w in re.findall(r"[\w'’\-.]+", name) if w.lower().rstrip(".") not in TITLES]
    return " ".join(w.strip(".").casefold() for w in words) or name.casefold()


def _key(name: str) -> str:
    """A person's key: the last word of the name ("Maria Lopez", "Ms. Lopez" → "lopez")."""
    words = re.findall(r"[\w'’\-]+", name)
    return words[-1].casefold() if words else ""


def _is_organisation(name: str) -> bool:
    """ "White House", "Bank of Aldermere", "NATO", "U.N."; not "House Speaker Paul Ryan" (a person)."""
    words = [w.lower().strip(".") for w in name.split(" of ")[0].split()]
    return (bool(words) and words[-1] in _ORG_WORDS) or bool(re.fullmatch(r"[A-Z]{2,6}|(?:[A-Z]\.)+[A-Z]?\.?", name))


# "Republican", "Russian", "Democratic", "African Americans": adjectives and groups, not one person.
_GROUP_OR_ADJECTIVE = re.compile(r"(?:ican|ian|ians|ans|ese|ish|ic|ist|ists)$")


@lru_cache(maxsize=256)
def _description_patterns(head: str) -> tuple[re.Pattern, ...]:
    """Where an article names the holder of a description's noun, most telling first."""
    titles = (head.capitalize(),) + _TITLE_ABBREVIATIONS.get(head, ())
    title = "|".join(re.escape(t) for t in titles)
    return tuple(re.compile(pattern) for pattern in (
        # "Foreign Minister Ana Ruiz", "Sen. Ann McGill"; the vice president is not the president
        rf"(?<!Vice )(?<!Deputy )(?<!Assistant )(?<!Lieutenant )(?<!Lt\. )\b(?:{title})\.?\s+(?P<name>{NAME})",
        rf"(?P<name>{NAME}),\s+(?:the|a|an)\s+[^,.;“”\"]{{0,60}}?\b{re.escape(head)}\b(?=\s*[,.;)—–]|\s+(?:of|for|at)\b)",  # "Ana Ruiz, the minister,"
        rf"\b{re.escape(head)}\s+(?P<name>{NAME})",  # "the mayor Ana Ruiz", "spokesman Tom Dale"
        rf"(?P<name>(?:{NAME}\s+)?{re.escape(head.capitalize())}(?:\s+(?:of|on|for)\s+{NAME})?)",  # "the Commission on …"
    ))


@dataclass
class _Mention:
    paragraph: int
    offset: int  # where in the paragraph
    name: str
    subject: bool  # the sentence's subject, or a speaker: what "he said" most often stands for


_COMPLEMENT = re.compile(r"[A-Z][\w.]*\s+(?:of|on|for|at)\s+(?:the\s+)?$")  # "Commission on Presidential Debates"
_PLACE_CUE = re.compile(r"\b(?:in|at|on|from|to|near|into|across|outside)\s+(?:the\s+)?$")
# A name followed by a title or an organisation word qualifies it ("U.S. senator", "Trump campaign").
_MODIFIES = re.compile(r"^\s+(?P<w>[a-z]+)")


class _Memory:
    """Who the article has named so far, for pronouns and descriptions to stand for."""

    def __init__(self, paragraphs: tuple[str, ...] | list[str]):
        self.paragraphs = list(paragraphs)
        self.speakers: set[str] = set()
        self.spoken: list[_Mention] = []  # speakers named so far, kept while the rest is not read yet
        self._read = False

    def _read_article(self) -> None:
        """Read the names and the gender cues once, the first time a pronoun or description needs them."""
        if self._read:
            return
        self._read = True
        self.mentions: list[_Mention] = []  # names in reading order
        sentences_by_paragraph = [split_sentences(paragraph) for paragraph in self.paragraphs]
        self.sentence_starts: list[list[int]] = []
        self.pronoun_subjects: dict[tuple[int, int], str] = {}  # sentences opening "She says …"
        self.someone_subjects: dict[tuple[int, int], str] = {}  # sentences opening "A spokeswoman …"
        # A capitalised word is a name only if the article also capitalises it mid-sentence:
        # "Bombs may not be falling" names no one.
        inside = _capitalised_inside(self.paragraphs)
        # … or ends a longer name: "Trump" after "Donald Trump".
        inside |= {m.group(0).split()[-1] for paragraph in self.paragraphs for m in _CAPITALISED_RUN.finditer(paragraph) if " " in m.group(0)}
        votes: dict[str, list[int]] = {}
        for number, (paragraph, sentences) in enumerate(zip(self.paragraphs, sentences_by_paragraph)):
            cursor = 0
            self.sentence_starts.append([])
            for position, sentence in enumerate(sentences):
                offset = paragraph.find(sentence, cursor)
                offset = offset if offset >= 0 else cursor
                cursor = offset + len(sentence)
                self.sentence_starts[-1].append(offset)
                unquoted = re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group(0)), sentence)
                subject = _subject(re.split(r"[“\"]", sentence)[0])
                if isinstance(subject, _Pronoun):
                    self.pronoun_subjects[(number, offset)] = subject.word
                someone = _SOMEONE.match(re.split(r"[“\",]", sentence)[0])
                if someone and not isinstance(subject, (str, _Pronoun)):
                    self.someone_subjects[(number, offset)] = someone.group("noun").lower()
                names = []
                for match in _runs(unquoted):
                    words = match.group(0).split()
                    while words and (
                        _common_word(words[0])
                        or (len(words) == 1 and words[0] not in inside and match.start() == 0 and words[0].lower() not in TITLES)
                    ):
                        words = words[1:]
                    preceding = unquoted[max(0, match.start() - 40) : match.start()]
                    if not words or _PLACE_CUE.search(preceding) or _COMPLEMENT.search(preceding):
                        continue
                    follower = _MODIFIES.match(unquoted[match.end() :])
                    if follower and follower.group("w") in TITLES | ORGANISATION_WORDS | {"campaign", "nominee", "aides", "official", "officials"}:
                        continue
                    name = _clean_name(" ".join(words))
                    if name:
                        is_subject = isinstance(subject, str) and _key(subject) == _key(name)
                        names.append(name)
                        self.mentions.append(_Mention(number, offset + match.start(), name, is_subject))
                people = {_key(n) for n in names if not _is_organisation(n)}
                if isinstance(subject, str) and people == {_key(subject)}:
                    # "Lopez said her plan…", "Lopez left. She …": the only person named is the subject.
                    tally = votes.setdefault(_full(subject), [0, 0])
                    nxt = sentences[position + 1] if position + 1 < len(sentences) else ""
                    tally[0] += len(_MALE.findall(unquoted)) + bool(re.match(r"He\b", nxt))
                    tally[1] += len(_FEMALE.findall(unquoted)) + bool(re.match(r"She\b", nxt))
                for title in _HONORIFIC.finditer(sentence):
                    tally = votes.setdefault(_full(title.group("n")), [0, 0])
                    tally[0 if title.group("t") == "Mr" else 1] += 3
        self.mentions.extend(self.spoken)
        self.mentions.sort(key=lambda m: (m.paragraph, m.offset))
        # Who shares a surname: "Trump" may be Donald or Ivanka, and then says nothing about either.
        self.full_names: dict[str, set[str]] = {}
        for full in [_full(mention.name) for mention in self.mentions] + list(votes):
            if " " in full:
                self.full_names.setdefault(_key(full), set()).add(full)
        self.votes = votes

    def gender_of(self, name: str) -> str | None:
        """ "he", "she" or None (no evidence, or mixed: a couple, a family, two people of one surname)."""
        full, surname = _full(name), _key(name)
        namesakes = self.full_names.get(surname, set())
        keys = {full} if " " in full else set()
        if " " not in full or namesakes <= {full}:
            keys |= {surname} | (namesakes if len(namesakes) == 1 else set())
        male = sum(self.votes.get(key, (0, 0))[0] for key in keys)
        female = sum(self.votes.get(key, (0, 0))[1] for key in keys)
        if male >= 3 * female and male > 0:
            return "he"
        if female >= 3 * male and female > 0:
            return "she"
        return None

    def remember(self, paragraph: int, offset: int, name: str) -> None:
        self.speakers.add(_key(name))
        mention = _Mention(paragraph, offset, name, True)
        self.spoken.append(mention)
        if self._read:
            insort(self.mentions, mention, key=lambda m: (m.paragraph, m.offset))

    def fits(self, word: str, mention: _Mention) -> bool:
        name = mention.name
        if word == "it":
            return _is_organisation(name)
        if _is_organisation(name) or " and " in name or _GROUP_OR_ADJECTIVE.search(name.split()[-1]):
            return False
        gender = self.gender_of(name)
        if gender is None and not mention.subject and _key(name) not in self.speakers and entity_key(name) in gazetteer():
            return False  # "Chicago": a place, unless the article has it speak or act
        return gender in (None, word)

    def pronoun(self, word: str, paragraph: int, offset: int) -> str | None:
        """The name a pronoun stands for: the nearest earlier sentence (within two paragraphs)
        naming someone who fits; in it, the subject or speaker, else the first such name."""
        if word not in {"he", "she", "it"}:
            return None  # "they", "we", "I": a group or the speaker quoting, not one named person
        self._read_article()
        earlier = [m for m in self.mentions if (m.paragraph, m.offset) < (paragraph, offset) and paragraph - m.paragraph <= 2]
        sentences: dict[tuple[int, int], list[_Mention]] = {
            (number, start): []
            for number in range(max(0, paragraph - 2), paragraph + 1)
            for start in self.sentence_starts[number]
            if (number, start) < (paragraph, offset)
        }
        for mention in earlier:
            sentences.setdefault((mention.paragraph, self._sentence_start(mention.paragraph, mention.offset)), []).append(mention)
        for key in sorted(sentences, reverse=True):
            fitting = [m for m in sentences[key] if self.fits(word, m)]
            if key in self.someone_subjects and not any(m.subject for m in fitting) and word != "it":
                # "A spokeswoman for the ministry declined to comment. “…,” she said": the pronoun
                # stands for someone the article does not name here, unless the description names them.
                named = self.description(self.someone_subjects[key], *key)
                return named if named and self.fits(word, _Mention(key[0], key[1], named, True)) else None
            if self.pronoun_subjects.get(key) == word:
                # "She says Trump's tweets about Alicia Machado are lies": the same "she" goes
                # on from further back; the others this sentence names are not her.
                fitting = [m for m in fitting if m.subject]
            if fitting:
                return next((m.name for m in reversed(fitting) if m.subject), fitting[0].name)
        return None

    def _sentence_start(self, paragraph: int, offset: int) -> int:
        starts = self.sentence_starts[paragraph]
        return starts[bisect_right(starts, offset) - 1] if starts else 0

    def description(self, head: str, paragraph: int, offset: int) -> str | None:
        """The nearest earlier name that carries the description's noun as a title or an appositive.

        "the minister" → "Ana Ruiz" after "Foreign Minister Ana Ruiz" or "Ana Ruiz, the minister,".
        """
        text = "\n".join(self.paragraphs[:paragraph] + [self.paragraphs[paragraph][:offset]])
        best: tuple[int, str] | None = None
        for number, pattern in enumerate(_description_patterns(head)):
            for match in pattern.finditer(text):
                name = _clean_name(match.group("name"))
                if number == 3 and (head not in _ORG_WORDS or (name and name.lower() == head)):
                    continue  # a body's own name ("the commission": "Commission on Debates"), not "Vice President"
                if _PLACE_CUE.search(text[max(0, match.start("name") - 20) : match.start("name")]):
                    continue  # "in Chelsea, the mayor said": a place, not the mayor
                if name and (best is None or match.start() > best[0]):
                    best = (match.start(), name)
        return best[1] if best else None


def extract_quotes(article: Article, sentences: list[Sentence] | None = None) -> list[Quote]:
    """Every key quote in the article, in reading order."""
    quotes: list[Quote] = []
    sentence_index = 0
    last_speaker: str | None = None
    last_speaker_paragraph = -10
    memory = _Memory(article.paragraphs)
    inside: set[str] | None = None
    open_speaker: str | None = None  # the speaker of a quotation left open at the end of the previous paragraph
    for paragraph_number, paragraph in enumerate(article.paragraphs):
        previous_end = 0
        paragraph_sentences = split_sentences(paragraph)
        starts = []
        cursor = 0
        for text in paragraph_sentences:
            found = paragraph.find(text, cursor)
            starts.append(found if found >= 0 else cursor)
            cursor = (found if found >= 0 else cursor) + len(text)
        previous = article.paragraphs[paragraph_number - 1] if paragraph_number else ""
        carried, open_speaker = open_speaker, None
        for start, end, inner in _spans(paragraph):
            # A stray mark at an edge ("“… week." between straight quotes) is not part of the words.
            text = inner.strip().strip('"“”„').strip()
            carried_on = False
            found = _speaker(paragraph[previous_end:start], paragraph[end:])
            if found is None and previous_end == 0 and not paragraph[:start].strip():
                if carried:
                    found = carried  # a quotation running on from the paragraph before
                elif previous.rstrip().endswith(":"):
                    # `Lopez added:` or `Lopez had a warning for the council:`, then the quote as a paragraph
                    found = _speaker(previous, "") or _subject(_last_sentence(previous))
                    if isinstance(found, _Pronoun):
                        found = memory.pronoun(found.word, paragraph_number - 1, len(previous))
                    elif isinstance(found, _Description):
                        found = memory.description(found.head, paragraph_number - 1, len(previous))
            if isinstance(found, _Pronoun):
                # "…," he said: the nearest earlier speaker or person named who fits the pronoun.
                found = memory.pronoun(found.word, paragraph_number, start - found.back)
            elif isinstance(found, _Description):
                found = memory.description(found.head, paragraph_number, start)
            elif found is None and previous_end > 0:
                # A quote continued after its attribution in the same paragraph (`"…," Lopez
                # said. "…"`): the speaker the paragraph last named for a quote.
                found = last_speaker if last_speaker_paragraph == paragraph_number else None
                carried_on = True
            if isinstance(found, str) and len(found.split()) == 1 and found.endswith("s") and not found.isupper():
                # "Opponents called the plan “…”": a lone capitalised plural is a name ("Sanders")
                # only if the article also capitalises it inside a sentence.
                inside = _capitalised_inside(article.paragraphs) if inside is None else inside
                found = found if found in inside else None
            if isinstance(found, str) and not carried_on:
                last_speaker, last_speaker_paragraph = found, paragraph_number
                memory.remember(paragraph_number, start, found)
            if end == len(paragraph) and paragraph[start:start + 1] == "“" and not paragraph.endswith("”"):
                open_speaker = found if isinstance(found, str) else None
            previous_end = end
            if not _is_key_quote(text):
                continue  # too short to show, but its attribution still carries on
            position = max((i for i, s in enumerate(starts) if s <= start), default=0)
            sentence = Sentence(paragraph_sentences[position], article.id, sentence_index + position)
            quotes.append(Quote(text=text, speaker=found if isinstance(found, str) else None, sentence=sentence))
        sentence_index += len(paragraph_sentences)
    return quotes

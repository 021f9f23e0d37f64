"""A synthetic news corpus for the scale benchmark, deterministic from a seed.

    python -m tests.benchmarks.corpus --articles 10000 --out bench/corpus-10000 [--seed 1] [--extra 101]

writes, under DIR:

- `sources/YYYY/MM/*.md`: canonical sources (YAML front matter, one paragraph
  per block), about 87 % of the articles;
- `sources/YYYY/MM/*.txt`: raw scrapes (about 10 %) in the style of
  ../shared/seeds: dateline or ` date … Updated …` header, breadcrumb glued to
  the headline, byline, syndication disclaimer, `From the Desk of …`, comment
  form and "Most Popular" residue;
- about 3 % near-duplicates: wire stories republished by another outlet under
  another headline, one paragraph dropped and the closing line swapped;
- `extra/…`: articles that are *not* part of the corpus (the benchmark adds
  them one and a hundred at a time to measure incremental builds);
- `labels.json`: article path (relative to `sources/` or `extra/`) → its
  event and story, for B-cubed scores; `corpus.json`: what was generated
  (version, seed, counts), written last, so a half-written corpus is never reused.

Everything is invented: people, places, countries, organisations and outlets
are made up from syllables and word lists (all URLs use `.example`). The
shape follows the issue: N articles over about N/6 events and N/40 stories,
3–8 outlets per event, 400–900 words per article, spread over two years
(2024-09-01 to 2026-08-31). Articles about one event share its names and key
figures and differ in wording (sentence variants, order, which details each
report keeps, quotes, relative dates such as "yesterday" or "on Tuesday");
a story is a run of events weeks or months apart that share their main
actors, and later events refer back to earlier ones.

Generation is one pass with one `random.Random(seed)`, streaming each file to
disk: 10k articles take 5–10 s, 100k about a minute (one core, idle machine).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# Bump when the output for a given (articles, seed) changes: the benchmark
# regenerates a cached corpus whose version differs.
VERSION = 3
DEFAULT_SEED = 1
DEFAULT_EXTRA = 101
FIRST_DAY = date(2024, 9, 1)
DAYS = 730  # two years
TXT_SHARE = 0.10
COPY_SHARE = 0.03
WORDS = (400, 900)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTH_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")

# --- vocabulary: names made from syllables ------------------------------------------------

FIRST_NAMES = (
    "Helena Matthias Rosa Dana Owen Carla Graham Ilse Kwame Tobias Anneke Jonas Ingrid Rafael Mei Samir Olivia "
    "Sofia Nikhil Clara Tom Leah Ben Sven Jonah Helen Marta Piet Amara Lucas Ines Farid Greta Tomas Yara Emil "
    "Lotte Viktor Nadia Oskar Priya Hugo Elin Marco Zofia Arjun Freya Dmitri Alma Rui Signe Kofi Hanna Felix "
    "Noor Anton Lena Idris Maja Pavel Ruth Teodor Aylin Bruno Cecile Dario Esther Fabian Gloria Henrik Irene "
    "Jakob Kaia Leon Mirela Nils Odile Petra Quentin Rhea Stellan Tamsin Ulrik Vera Wendell Ximena Yusuf Zara "
    "Abel Bianca Conrad Delia Elias Flora Gideon Hedda Ivo Judit Kasper Liv Magnus Nora Orla Pieter Rasmus "
    "Saskia Thea Umar Valentin Wilma Alvar Brigid Cyril Dagny Edmund Fenna Gustav Hilde Isak Jorun Karim "
    "Linnea Milan Nell Otto Paloma Reza Selma Torben Una Vidar Winona Adele Boris Cora Dorian Elke Frode Gaia"
).split()
_ONSETS = ("b br c ch d dr f fl g gr h j k kr l m n p pr r s sh st t tr v w z th sk bl".split())
_VOWELS = ("a e i o u ai ei ou y ae".split())
_CODAS = ("l ll n nn r rr s ss t tt d k ck m nd nt rd rk rn st sk v x".split())
_SURNAME_ENDS = ("son sen berg man er ov ova ic ard ley by holm stad ner ton well ski ini ez ani ette "
                 "mark dahl gaard quist ford ham croft wood").split()
_PLACE_ENDS = ("haven ford mouth vale wick by stad burg field port dale moor ton bridge holm ness "
               "minster cross gate brook").split()
COUNTRIES = (
    # name, demonym
    ("Corvane", "Corvanian"), ("Estmark", "Estmarker"), ("Norvalia", "Norvalian"), ("Aldoria", "Aldorian"),
    ("Belmora", "Belmoran"), ("Caskany", "Caskanian"), ("Dunmere", "Dunmerian"), ("Ostravia", "Ostravian"),
    ("Pellandria", "Pellandrian"), ("Quorvik", "Quorvish"), ("Savrenia", "Savrenian"), ("Tallmoor", "Tallmoorian"),
)
MINISTER_ROLES = ("Finance Minister", "Interior Minister", "Transport Minister",
                  "Health Minister", "Energy Minister", "Justice Minister", "Economy Minister")
NEWSPAPER_WORDS = ("Ledger Courier Observer Post Dispatch Herald Gazette Times Chronicle Tribune Sentinel "
                   "Mercury Examiner Record Standard Journal Bulletin Review Messenger Star").split()
WIRES = ("GlobalWire Syndicate", "Meridian Press Agency", "Continental News Service", "Northline Wire")
AGGREGATORS = ("TheDailyBrightline", "CopperfieldNewsToday", "TheHardNewsDaily", "PulseOfTheNation",
               "NewsBeaconHub", "TheMorningFeedNow", "DailyCurrentWire", "HeadlineHarborNews")
FLUFF_HEADLINES = (
    "Five Things to Know About the New Rail Timetable", "Local Bakery Wins National Award for Rye Sourdough",
    "City Council Approves Budget for Riverside Park", "Ten Walks to Try Before Winter Sets In",
    "Why Everyone Is Talking About Cold-Water Swimming", "The Best Budget Phones of the Year, Ranked",
    "Retired Teacher Turns Garden Into Community Orchard", "How to Cut Your Heating Bill This Season",
    "Museum Reopens Its Maritime Gallery After Repairs", "Volunteers Plant 2,000 Trees Along the Canal",
    "What the New Parking Rules Mean for Drivers", "Chess Club Celebrates 50 Years of Weekly Games",
)
SECTIONS = ("World", "Business", "Politics", "Local", "Health", "Technology", "Sports", "News")


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


class Vocabulary:
    """Invented names, unique within one corpus."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._surnames: set[str] = set()
        self._places: set[str] = set(name for name, _ in COUNTRIES)

    def _stem(self) -> str:
        rng = self.rng
        stem = rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
        if rng.random() < 0.45:
            stem += rng.choice(_VOWELS) + rng.choice(_CODAS)
        return stem

    def surname(self) -> str:
        while True:
            name = _cap(self._stem() + (self.rng.choice(_SURNAME_ENDS) if self.rng.random() < 0.6 else ""))
            if name not in self._surnames and len(name) > 3:
                self._surnames.add(name)
                return name

    def person(self) -> tuple[str, str]:
        """(full name, surname)."""
        surname = self.surname()
        return f"{self.rng.choice(FIRST_NAMES)} {surname}", surname

    def place(self) -> str:
        while True:
            roll = self.rng.random()
            stem = _cap(self._stem())
            if roll < 0.7:
                name = stem + self.rng.choice(_PLACE_ENDS)
            elif roll < 0.8:
                name = f"Port {stem}"
            elif roll < 0.9:
                name = f"{stem} Bay"
            else:
                name = f"New {stem}"
            if name not in self._places:
                self._places.add(name)
                return name


@dataclass
class Country:
    name: str
    demonym: str
    capital: str
    officials: list[tuple[str, str, str]]  # (role, full name, surname)
    institute: str
    regulator: str


@dataclass
class Outlet:
    name: str
    domain: str
    kind: str  # paper | wire | aggregator
    staff: list[str]


def make_countries(vocab: Vocabulary) -> list[Country]:
    countries = []
    for name, demonym in COUNTRIES:
        officials = [(role, *vocab.person()) for role in ("President", "Prime Minister", *MINISTER_ROLES)]
        countries.append(Country(name, demonym, vocab.place(), officials,
                                 f"{vocab.surname()} Institute", f"{name} Data Protection Authority"))
    return countries


def make_outlets(vocab: Vocabulary, rng: random.Random, count: int = 48) -> list[Outlet]:
    outlets = []
    seen = set()
    while len(outlets) < count:
        city = vocab.place()
        word = rng.choice(NEWSPAPER_WORDS)
        name = f"The {city} {word}" if rng.random() < 0.6 else f"{city} {word}"
        if name in seen:
            continue
        seen.add(name)
        domain = re.sub(r"[^a-z]", "", (city + word).lower()) + ".example"
        outlets.append(Outlet(name, domain, "paper", [vocab.person()[0] for _ in range(rng.randint(6, 14))]))
    for name in WIRES:
        outlets.append(Outlet(name, re.sub(r"[^a-z]", "", name.lower()) + ".example", "wire",
                              [vocab.person()[0] for _ in range(10)]))
    for name in AGGREGATORS:
        outlets.append(Outlet(name, "", "aggregator", [vocab.person()[0] for _ in range(4)]))
    return outlets


# --- what events are about: families of topics, each with three stages --------------------
#
# Slots every template may use (filled per event and per article):
#   {city} {country} {demonym} {capital} {minister} {minrole} {ministry} {institute}
#   {p1} {p1s} {p1role}  {p2} {p2s} {p2role}  (main actors: the same in every event of a story)
#   {p3} {p3s} {p3role}  (a person of this event only)
#   {org1} {org2} {thing} {thing2}  (story-level names)
#   {site} {n1} {n2} {n3} {pct1} {pct2} {money}  (this event's key facts)
#   {when} (the event's day, relative to publication) {weekday} {month} {year} {later} {outlet}
# Quotes are written without closing punctuation; the layout adds it.

FAMILIES: dict[str, dict] = {
    "labour": {
        "things": [("dockworkers", "port"), ("nurses", "hospital network"), ("bus drivers", "bus network"),
                   ("rail workers", "rail network"), ("warehouse staff", "distribution centres"),
                   ("baggage handlers", "airport"), ("refuse collectors", "waste service"),
                   ("teachers", "school district"), ("care workers", "care homes"), ("miners", "copper mines")],
        "org1": "{city} {Thing} Union", "org2": "{surname} {industry}",
        "industries": ["Logistics", "Transport", "Services", "Holdings", "Group", "Operations"],
        "p1role": "general secretary of the {org1}", "p2role": "chief executive of {org2}",
        "p3roles": ["a government mediator", "a labour economist at the {institute}", "a shop steward",
                    "a spokesperson for the {city} Chamber of Commerce"],
        "sites": ["Pier {k}", "the {surname} depot", "the {surname} Road terminal", "the {city} North site",
                  "Gate {k}", "the {surname} Street yard"],
        "topic": "the dispute",
        "stages": [
            {"name": "strike", "recap": "the walkout by {n1} {thing} at {site}",
             "titles": ["{Thing} walk out at {city} {thing2} as talks collapse",
                        "{n1} {thing} strike over pay at {site}",
                        "Strike shuts {site} as {org1} rejects offer",
                        "{city} {thing2} halted by {thing} strike"],
             "ledes": ["About {n1} {thing} at the {city} {thing2} walked off the job {when} after talks between the {org1} and {org2} broke down without a deal.",
                       "{n1} {thing} went on strike {when}, bringing work at {site} to a standstill in a dispute over pay and staffing.",
                       "Work at {site} stopped {when} as {n1} members of the {org1} began an open-ended strike against {org2}."],
             "facts": [["The union is asking for a {pct1} percent pay rise over two years, while {org2} has offered {pct2} percent.",
                        "{org2} has offered {pct2} percent, well short of the {pct1} percent the union wants.",
                        "The gap between the two sides is wide: {pct1} percent demanded, {pct2} percent offered."],
                       ["Pickets were in place at all {n2} gates by mid-morning.",
                        "Union members stood at {n2} picket lines around {site} throughout the day."],
                       ["More than {n3} percent of members balloted voted for the action.",
                        "The strike was backed by {n3} percent of those who voted in last month's ballot."]]},
            {"name": "talks", "recap": "the talks between the {org1} and {org2} at {site}",
             "titles": ["{org1} and {org2} return to the table", "Talks resume in {city} {thing2} dispute",
                        "Mediator brings {thing} and employers back to talks"],
             "ledes": ["Negotiators for the {org1} and {org2} met {when} for the first time in weeks, with a government mediator chairing the talks at {site}.",
                       "The {org1} and {org2} resumed talks {when} in an effort to end the long-running dispute over pay for {n1} {thing}."],
             "facts": [["The talks lasted {n2} hours and will continue next week.",
                        "After {n2} hours of talks, both sides agreed to meet again next week."],
                       ["The union has lowered its demand to {pct1} percent, according to people familiar with the talks.",
                        "People close to the talks said the union now seeks {pct1} percent."]]},
            {"name": "deal", "recap": "the pay deal for {n1} {thing} agreed at {site}",
             "titles": ["{Thing} accept pay deal, ending {city} dispute", "{org1} members vote to accept {pct1} percent offer",
                        "Deal ends months of disruption at {city} {thing2}"],
             "ledes": ["Members of the {org1} voted {when} to accept a {pct1} percent pay deal from {org2}, ending a dispute that had disrupted the {city} {thing2} for months.",
                       "The {city} {thing2} dispute is over: {n1} {thing} accepted a new offer {when}."],
             "facts": [["The deal raises pay by {pct1} percent over two years and protects existing jobs until {year}.",
                        "Under the agreement, pay rises {pct1} percent and no job cuts will be made before {year}."],
                       ["{n3} percent of members voted in favour.", "The offer was approved by {n3} percent of those voting."]]},
        ],
        "quotes1": ["Our members did not take this decision lightly, but they have been pushed too far",
                    "We are ready to talk at any hour of the day, but not to accept cuts dressed up as reform",
                    "This is about whether people who keep the {thing2} running can afford to live in {city}",
                    "Nobody wins a long strike, and we want this settled on fair terms"],
        "quotes2": ["Our offer is fair and it is the most we can afford without putting jobs at risk",
                    "We regret the disruption to customers and remain open to talks",
                    "The changes we proposed are needed to keep the {thing2} competitive"],
        "quotes3": ["Both sides have moved, but not far enough yet", "The economic cost grows with every day of disruption",
                    "Members are angry, but they are also tired"],
        "background": ["The dispute centres on pay and on plans by {org2} to change shift patterns at {site}.",
                       "The {org1} represents most of the {thing} at the {city} {thing2}.",
                       "The last major strike at the {city} {thing2} was more than a decade ago.",
                       "Businesses that depend on the {thing2} say they have already lost orders."],
    },
    "diplomacy": {
        "things": [("undersea power cable", "interconnector"), ("cross-border rail link", "rail link"),
                   ("gas pipeline", "pipeline"), ("fisheries treaty", "treaty"), ("joint border crossing", "crossing"),
                   ("customs agreement", "agreement"), ("hydrogen corridor", "corridor")],
        "org1": "{country} Foreign Ministry", "org2": "{surname} Commission",
        "p1role": "{country}'s Prime Minister", "p2role": "President of {country2}",
        "p3roles": ["a senior {demonym2} official", "an analyst at the {institute}", "chair of the {country2} Chamber of Commerce",
                    "a spokesperson for the fishing federation"],
        "sites": ["the Presidential Palace", "{surname} Hall", "the {surname} Conference Centre", "{city} Castle"],
        "topic": "the {thing2}",
        "stages": [
            {"name": "visit", "recap": "{p1s}'s visit to {city}",
             "titles": ["{p1s} arrives in {city} for talks with {p2s}", "{country} leader visits {country2} as {thing2} talks begin",
                        "{p1s} and {p2s} meet in {city} over {thing}"],
             "ledes": ["{p1}, {country}'s Prime Minister, arrived in {city} {when} for talks with {p2s} on a proposed {thing} between the two countries.",
                       "{country}'s {p1} began a two-day visit to {country2} {when}, with a {thing} high on the agenda."],
             "facts": [["Officials estimate the {thing2} would cost about {money} billion euros.",
                        "The project is expected to cost around {money} billion euros."],
                       ["Trade between the two countries reached {n1} million euros last year.",
                        "Last year the two countries traded goods worth {n1} million euros."]]},
            {"name": "summit", "recap": "the {city} summit on the {thing2}",
             "titles": ["{p1s} and {p2s} agree to study {thing}", "Leaders set up working group on {thing2}",
                        "{country} and {country2} move a step closer on {thing2}"],
             "ledes": ["{p1s} and {p2s} agreed {when} to set up a joint working group to study the {thing}, at a press conference at {site}.",
                       "The leaders of {country} and {country2} said {when} that a working group would report on the {thing2} by the autumn."],
             "facts": [["The group will report on the cost, route and ownership of the {thing2} within {n2} months.",
                        "A report on cost and ownership is due in {n2} months."],
                       ["The talks ran {n3} minutes longer than scheduled.", "The meeting overran by {n3} minutes."]]},
            {"name": "agreement", "recap": "the signing of the {thing2} agreement in {city}",
             "titles": ["{country} and {country2} sign {thing2} agreement", "{p1s} and {p2s} sign {money} billion euro {thing2} deal",
                        "Protests outside as leaders sign {thing2} pact"],
             "ledes": ["{p1s} and {p2s} signed an agreement {when} to build the {thing}, a project worth {money} billion euros.",
                       "After months of talks, {country} and {country2} {when} signed the deal on the {thing2}."],
             "facts": [["Construction is due to start in {year}, with the {thing2} operating {n2} years later.",
                        "Work should begin in {year} and take about {n2} years."],
                       ["Several hundred people protested outside {site} during the ceremony.",
                        "Outside {site}, about {n1} protesters gathered as the leaders signed."]]},
        ],
        "quotes1": ["Our two countries share a sea, a history and now, I hope, a {thing2}",
                    "We are not signing a contract today, we are signing up to do the homework properly",
                    "This is the start of a new chapter between {country} and {country2}"],
        "quotes2": ["Nobody should expect miracles, but we are moving in the right direction",
                    "The numbers must work for taxpayers on both sides",
                    "{country2} is open to any project that is fair to our people"],
        "quotes3": ["Both governments like the idea until someone asks who pays for the first kilometre",
                    "The politics are harder than the engineering", "Our members were not consulted"],
        "background": ["The {thing2} has been discussed for more than a decade.",
                       "Relations between {country} and {country2} cooled under {p1s}'s predecessor.",
                       "Fishing communities on both sides fear the effect of construction on their grounds.",
                       "Previous attempts stalled over who would pay and how the profits would be shared."],
    },
    "business": {
        "things": [("supermarket chain", "grocer"), ("regional airline", "airline"), ("steel maker", "steel group"),
                   ("telecoms operator", "operator"), ("shipping line", "shipper"), ("bank", "lender"),
                   ("car parts maker", "supplier"), ("food processor", "processor")],
        "org1": "{surname} {industry}", "org2": "{surname2} {industry}",
        "industries": ["Group", "Holdings", "Industries", "Corporation", "Partners"],
        "p1role": "chief executive of {org1}", "p2role": "chair of {org2}",
        "p3roles": ["an analyst at {surname} Securities", "a competition lawyer", "a spokesperson for the {city} shareholders' association",
                    "an economist at the {institute}"],
        "sites": ["its {city} headquarters", "the {surname} plant", "the {city} stock exchange", "its {surname} Street offices"],
        "topic": "the takeover",
        "stages": [
            {"name": "bid", "recap": "the {money} billion euro bid by {org1} for {org2}",
             "titles": ["{org1} bids {money} billion euros for rival {org2}", "{org1} makes offer for {org2}",
                        "{thing} {org2} receives takeover bid"],
             "ledes": ["{org1} offered {money} billion euros {when} for {org2}, a deal that would create the largest {thing} in {country}.",
                       "{country}'s {thing} {org1} said {when} that it had made a {money} billion euro offer for its rival {org2}."],
             "facts": [["Shares in {org2} rose {pct1} percent after the announcement.",
                        "{org2} shares jumped {pct1} percent."],
                       ["The combined company would employ about {n1} people.",
                        "Together the two firms have around {n1} employees."]]},
            {"name": "results", "recap": "{org1}'s results, with profit down {pct2} percent",
             "titles": ["{org1} profit falls {pct2} percent as costs bite", "{org1} warns on jobs after weak year",
                        "{org1} results overshadowed by {org2} deal"],
             "ledes": ["{org1} reported {when} that its annual profit fell {pct2} percent to {n2} million euros, hit by higher energy and wage costs.",
                       "Profit at {org1} dropped {pct2} percent last year, the company said {when}."],
             "facts": [["Revenue rose {pct1} percent to {n1} million euros.", "Sales grew by {pct1} percent."],
                       ["The company will pay a dividend of {n3} cents a share.", "Shareholders will get {n3} cents a share."]]},
            {"name": "cuts", "recap": "the {n1} job cuts at {org1}",
             "titles": ["{org1} to cut {n1} jobs after {org2} merger", "{n1} jobs to go at {org1}",
                        "Unions condemn {org1} plan to cut {n1} jobs"],
             "ledes": ["{org1} said {when} that it would cut {n1} jobs over {n2} years as it merges its operations with those of {org2}.",
                       "About {n1} jobs will go at {org1}, the company announced {when}."],
             "facts": [["Most of the cuts will fall at {site}.", "The {site} site will bear most of the cuts."],
                       ["The company expects to save {n3} million euros a year.", "Savings are put at {n3} million euros a year."]]},
        ],
        "quotes1": ["This is a rare chance to build a {thing} that can compete beyond {country}",
                    "We will treat every colleague affected with respect", "The numbers speak for themselves"],
        "quotes2": ["The board will study the proposal carefully", "Our shareholders deserve the best value",
                    "The offer undervalues the company"],
        "quotes3": ["The market had expected worse", "Regulators will look hard at this deal",
                    "Integration is where these deals succeed or fail"],
        "background": ["{org1} has grown quickly through acquisitions in recent years.",
                       "The competition authority must approve any merger of this size.",
                       "Both companies have struggled with rising costs.",
                       "{org2} was founded in {city} more than a century ago."],
    },
    "justice": {
        "things": [("fraud", "fraud case"), ("bribery", "bribery case"), ("embezzlement", "embezzlement case"),
                   ("tax evasion", "tax case"), ("money laundering", "laundering case")],
        "org1": "{city} High Court", "org2": "National {Thing} Office",
        "p1role": "a former deputy mayor of {city}", "p2role": "the chief prosecutor",
        "p3roles": ["{p1s}'s lawyer", "a law professor at {city} University", "a spokesperson for the court",
                    "a former investigator"],
        "sites": ["Courtroom {k}", "the {surname} Street courthouse", "the court in {city}"],
        "topic": "the case",
        "stages": [
            {"name": "arrest", "recap": "the arrest of {p1s} on suspicion of {thing}",
             "titles": ["Former {city} official {p1s} arrested in {thing} inquiry", "{p1s} held on suspicion of {thing}",
                        "Police arrest {p1s} over {n2} million euro {thing} claims"],
             "ledes": ["Police arrested {p1}, {p1role}, {when} on suspicion of {thing} involving about {n2} million euros of public money.",
                       "{p1} was detained {when} as part of an investigation by the {org2} into {thing}."],
             "facts": [["Officers searched {n1} properties in {city}.", "{n1} addresses were searched."],
                       ["{p1s} denies any wrongdoing, according to his lawyer.", "Through a lawyer, {p1s} denied the allegations."]]},
            {"name": "trial", "recap": "the opening of {p1s}'s trial at the {org1}",
             "titles": ["{p1s} goes on trial in {city} {thing2}", "Trial of {p1s} opens at {org1}",
                        "Prosecutors outline {thing} charges against {p1s}"],
             "ledes": ["The trial of {p1} opened {when} at the {org1}, where prosecutors accused him of {thing} worth {n2} million euros.",
                       "{p1s} pleaded not guilty {when} as his {thing} trial began in {city}."],
             "facts": [["The prosecution plans to call {n1} witnesses.", "{n1} witnesses are expected to testify."],
                       ["The trial is expected to last {n3} weeks.", "Judges have set aside {n3} weeks for the hearings."]]},
            {"name": "verdict", "recap": "the verdict against {p1s}",
             "titles": ["{p1s} found guilty of {thing}", "{p1s} jailed for {n3} years", "Court convicts {p1s} in {thing2}"],
             "ledes": ["The {org1} found {p1} guilty of {thing} {when} and sentenced him to {n3} years in prison.",
                       "{p1s} was convicted {when} of {thing} involving {n2} million euros and jailed for {n3} years."],
             "facts": [["He was also ordered to repay {n2} million euros.", "The court ordered him to repay {n2} million euros."],
                       ["His lawyers said they would appeal.", "An appeal is expected, his defence team said."]]},
        ],
        "quotes1": ["I have always acted in the interest of the people of {city}", "I will clear my name",
                    "This case is built on rumour"],
        "quotes2": ["No one is above the law", "The evidence is clear and it is overwhelming",
                    "Public money was treated as private property"],
        "quotes3": ["The court will weigh every document", "This case will test the new anti-corruption law",
                    "The sentence sends a message"],
        "background": ["The investigation began after an audit of {city}'s housing fund.",
                       "{p1s} resigned from his post when the inquiry became public.",
                       "The {org2} has brought a series of cases against local officials.",
                       "The case has dominated local politics in {city} for months."],
    },
    "weather": {
        "things": [("storm", "Storm"), ("flood", "floods"), ("heatwave", "heat"), ("blizzard", "snow")],
        "org1": "{city} Council", "org2": "{surname} Power",
        "p1role": "leader of {org1}", "p2role": "head of the National Emergency Agency",
        "p3roles": ["a meteorologist at the National Weather Office", "a resident of {site}",
                    "a spokesperson for {org2}", "an insurance analyst"],
        "sites": ["Quay Street", "the {surname} estate", "{surname} Road", "the old harbour", "the riverside district"],
        "topic": "Storm {stormname}",
        "stages": [
            {"name": "hit", "recap": "Storm {stormname}, which left {n1} homes without power",
             "titles": ["Storm {stormname} leaves {n1} homes without power", "Storm {stormname} batters {city}",
                        "Sea wall breached as Storm {stormname} hits {city}"],
             "ledes": ["Storm {stormname} left about {n1} homes without power {when} and breached flood defences on {site} in {city}.",
                       "Gusts of up to {n2} km/h hit {city} {when} as Storm {stormname} swept across the coast."],
             "facts": [["Wind speeds reached {n2} km/h.", "The weather office measured gusts of {n2} km/h."],
                       ["About {n3} people were moved to emergency shelters.", "{n3} residents spent the night in shelters."]]},
            {"name": "damage", "recap": "the damage count after Storm {stormname}",
             "titles": ["{city} counts cost of Storm {stormname}", "Storm {stormname} damage put at {money} million euros",
                        "Insurers brace for Storm {stormname} claims"],
             "ledes": ["Damage from Storm {stormname} in {city} will cost at least {money} million euros to repair, {org1} said {when}.",
                       "{org1} said {when} that {n1} homes were damaged by Storm {stormname}."],
             "facts": [["Power has been restored to all but {n3} homes.", "{org2} said {n3} homes were still without power."],
                       ["Engineers found {n2} metres of damaged sea wall.", "A {n2}-metre stretch of the sea wall must be rebuilt."]]},
            {"name": "fund", "recap": "the {money} million euro recovery fund for {city}",
             "titles": ["Government sets up {money} million euro fund after Storm {stormname}", "{city} to rebuild sea wall by {year}",
                        "Storm {stormname} victims to get grants"],
             "ledes": ["The government announced {when} a {money} million euro fund to rebuild {city}'s defences after Storm {stormname}.",
                       "Households hit by Storm {stormname} will get grants of up to {n3} euros, {minister} said {when}."],
             "facts": [["The new sea wall should be finished by {year}.", "Work on the sea wall is due to end in {year}."],
                       ["{n1} households have applied for help.", "Applications have come from {n1} households."]]},
        ],
        "quotes1": ["We asked for the money to repair this wall and the sea has answered for us",
                    "Our first concern is the safety of residents", "{city} will recover, but it needs help now"],
        "quotes2": ["Crews are working around the clock", "Stay away from the seafront and from fallen lines",
                    "We will be here for as long as it takes"],
        "quotes3": ["The storm's track was unusual", "We lost everything on the ground floor",
                    "Claims will run into the thousands"],
        "background": ["Local officials have warned for years that the defences needed reinforcement.",
                       "The storm moved parallel to the coast for several hours.",
                       "The weather office kept a flood warning in place until the weekend.",
                       "Schools in {city} stayed closed."],
    },
    "infrastructure": {
        "things": [("bridge", "Bridge"), ("metro line", "Line"), ("tunnel", "Tunnel"), ("ring road", "Ring Road"),
                   ("tram line", "Tramway"), ("ferry terminal", "Terminal")],
        "org1": "{city} Transport Authority", "org2": "{surname} Construction",
        "p1role": "mayor of {city}", "p2role": "project director at {org2}",
        "p3roles": ["a commuter", "a spokesperson for {org1}", "a transport planner at the {institute}", "a local shop owner"],
        "sites": ["the {surname} {Thing2}"], "topic": "the {site}",
        "stages": [
            {"name": "approval", "recap": "the approval of the {site}",
             "titles": ["{city} approves {money} million euro {site}", "Go-ahead for {site} in {city}",
                        "Council backs {site} despite cost concerns"],
             "ledes": ["{city} councillors approved {when} the {site}, a {money} million euro project due to take {n2} months.",
                       "The {site} was given the go-ahead {when} by {city}'s council, {n1} votes to {n3}."],
             "facts": [["The project will cost {money} million euros.", "Costs are put at {money} million euros."],
                       ["Construction will take {n2} months.", "Work is expected to last {n2} months."]]},
            {"name": "delay", "recap": "the delays and cost overruns at the {site}",
             "titles": ["{site} delayed as costs rise", "{site} cost climbs to {money} million euros",
                        "Work on {site} falls behind schedule"],
             "ledes": ["The {site} will open {n2} months late and cost {money} million euros, {org1} said {when}.",
                       "Costs for the {site} have risen to {money} million euros, {org2} disclosed {when}."],
             "facts": [["The original budget was {n1} million euros.", "The first estimate was {n1} million euros."],
                       ["{org2} blamed the price of steel and ground conditions.", "Steel prices and poor ground were blamed."]]},
            {"name": "opening", "recap": "the opening of the {site}",
             "titles": ["{site} opens to traffic", "Crowds cheer as {site} opens in {city}",
                        "{city} celebrates opening of {site}"],
             "ledes": ["The {site} opened {when}, {n2} months after work began, with {p1} cutting the ribbon.",
                       "Thousands of people crossed the {site} {when} as it opened to the public."],
             "facts": [["About {n1} vehicles a day are expected to use it.", "Planners expect {n1} journeys a day."],
                       ["The final cost was {money} million euros.", "It cost {money} million euros in the end."]]},
        ],
        "quotes1": ["This is a great day for {city}", "We kept our promise to the people of {city}",
                    "Every euro was spent where people can see it"],
        "quotes2": ["Building over water is never simple", "Our teams worked through two winters",
                    "We are proud of what we have built"],
        "quotes3": ["It will save me half an hour a day", "I will believe it when I see the first tram",
                    "The cost has been a scandal"],
        "background": ["The old structure was closed after inspectors found serious cracks.",
                       "Traffic in {city} has been congested for years.",
                       "The project was promised in the last two mayoral campaigns.",
                       "Opposition councillors criticised the rising cost."],
    },
    "breach": {
        "things": [("health insurer", "insurer"), ("retail bank", "bank"), ("mobile operator", "operator"),
                   ("hospital group", "hospitals"), ("online retailer", "retailer"), ("energy supplier", "supplier")],
        "org1": "{surname} {industry}", "org2": "{country} Data Protection Authority",
        "industries": ["Health", "Bank", "Telecom", "Energy", "Direct", "Mutual"],
        "p1role": "chief executive of {org1}", "p2role": "head of the {org2}",
        "p3roles": ["a cybersecurity researcher", "a lawyer for affected customers", "a customer", "an analyst at the {institute}"],
        "sites": ["a file-transfer system", "a supplier's servers", "an old customer database", "a cloud storage account"],
        "topic": "the breach",
        "stages": [
            {"name": "breach", "recap": "the theft of data of {n1} {org1} customers",
             "titles": ["Hackers steal data of {n1} {org1} customers", "{org1} discloses data breach",
                        "{org1} says personal data of {n1} people stolen"],
             "ledes": ["{org1}, a {thing} based in {city}, said {when} that hackers had stolen personal data of about {n1} customers through {site}.",
                       "The personal data of {n1} customers of {org1} was stolen in a cyberattack, the {thing} disclosed {when}."],
             "facts": [["The stolen records include names, addresses and dates of birth.", "Names, addresses and birth dates were taken."],
                       ["The intrusion was discovered {n2} days earlier.", "It took {n2} days to discover the intrusion."]]},
            {"name": "fine", "recap": "the {money} million euro fine imposed on {org1}",
             "titles": ["{org1} fined {money} million euros over data breach", "Regulator fines {org1} for breach",
                        "{org2} hits {org1} with record fine"],
             "ledes": ["The {org2} fined {org1} {money} million euros {when} for failing to protect the data of {n1} customers.",
                       "{org1} must pay {money} million euros, the {org2} ruled {when}."],
             "facts": [["The regulator found that passwords were stored without encryption.", "Passwords had not been encrypted, the ruling said."],
                       ["{org1} has {n2} days to appeal.", "It may appeal within {n2} days."]]},
            {"name": "lawsuit", "recap": "the class action against {org1}",
             "titles": ["Customers sue {org1} over data breach", "Class action filed against {org1}",
                        "{n3} customers join lawsuit against {org1}"],
             "ledes": ["Lawyers filed a class action against {org1} {when} on behalf of customers whose data was stolen.",
                       "{n3} customers of {org1} have joined a lawsuit over the breach, their lawyers said {when}."],
             "facts": [["The suit seeks {money} million euros in damages.", "Damages of {money} million euros are sought."],
                       ["A first hearing is set for next month.", "The court will hear the case next month."]]},
        ],
        "quotes1": ["We are deeply sorry for the worry this causes our customers", "We have closed the gap and called in outside experts",
                    "Protecting customer data is our first duty"],
        "quotes2": ["Companies that hold sensitive data must protect it", "This fine should be a warning to the whole sector",
                    "Customers have a right to know what happened"],
        "quotes3": ["This kind of data is valuable to fraudsters for years", "I found out from the news, not from the company",
                    "The company knew about the weakness"],
        "background": ["Customers have been offered free credit monitoring.", "{org1} has about {n1} customers.",
                       "It was the largest breach in {country}'s {thing} sector.",
                       "The company said payment details were not affected."],
    },
    "sports": {
        "things": [("cup", "Cup"), ("league", "League"), ("championship", "Championship")],
        "org1": "{city} {nickname}", "org2": "{city2} {nickname2}",
        "p1role": "coach of {org1}", "p2role": "captain of {org1}",
        "p3roles": ["a {org1} supporter", "the {org2} coach", "a former international", "the league's chief executive"],
        "sites": ["the {surname} Stadium", "{surname} Park", "the {city} Arena"],
        "topic": "the {Thing2}",
        "stages": [
            {"name": "semi", "recap": "{org1}'s semi-final win over {org2}",
             "titles": ["{org1} reach {country} {Thing2} final", "{org1} beat {org2} to reach final",
                        "{p2s} fires {org1} into final"],
             "ledes": ["{org1} beat {org2} {n2}-{n3} {when} to reach the final of the {country} {Thing2}, with {p2} scoring twice.",
                       "{p2s} scored twice as {org1} beat {org2} in the semi-final {when}."],
             "facts": [["A crowd of {n1} watched at {site}.", "{n1} fans were at {site}."],
                       ["It is their first final in {pct1} years.", "They last reached the final {pct1} years ago."]]},
            {"name": "final", "recap": "{org1}'s win in the {Thing2} final",
             "titles": ["{org1} win {country} {Thing2} after {pct1}-year wait", "{org1} beat {org2} in final",
                        "{p2s} winner ends {org1}'s long wait"],
             "ledes": ["{org1} won the {country} {Thing2} {when}, beating {org2} {n2}-{n3} at {site} to end a {pct1}-year wait.",
                       "{p2s} scored the winner {when} as {org1} beat {org2} in the final."],
             "facts": [["The winning goal came in the {n3}th minute of extra time.", "The decisive goal came late in extra time."],
                       ["{n1} supporters filled {site}.", "The final was watched by {n1} people at {site}."]]},
            {"name": "coach", "recap": "the departure of {p1s} from {org1}",
             "titles": ["{p1s} leaves {org1}", "{org1} coach {p1s} steps down", "{p1s} quits weeks after {Thing2} win"],
             "ledes": ["{p1}, who led {org1} to the {Thing2}, said {when} that he would leave the club at the end of the season.",
                       "{org1} coach {p1s} resigned {when}, weeks after winning the {Thing2}."],
             "facts": [["He spent {n2} years at the club.", "He joined the club {n2} years ago."],
                       ["The club said a successor would be named next month.", "A new coach will be appointed next month."]]},
        ],
        "quotes1": ["The players gave everything", "This club means everything to me", "We did it for the people of {city}"],
        "quotes2": ["I just hit it and hoped", "This is the best day of my life", "The fans carried us"],
        "quotes3": ["I have waited my whole life for this", "They deserved it on the day", "It was a night to remember"],
        "background": ["{org1} were founded in {city} in the 1900s.", "{org2} had won the previous two meetings.",
                       "The club's budget is among the smallest in the league.", "Tickets sold out within hours."],
    },
}

# Further event-specific sentences per family: a report uses some of them, in its own order.
DETAILS: dict[str, list[str]] = {
    "labour": [
        "Managers at {org2} said contingency plans kept some services running at {site}.",
        "The {org1} says its members have had a real-terms pay cut over the past {n2} years.",
        "Around {n3} percent of the workforce at {site} are members of the union.",
        "Freight operators said the backlog at {site} would take weeks to clear.",
        "{org2} said the dispute was costing it about {money} million euros a day.",
        "A government mediator has offered to chair talks between the {org1} and {org2}.",
        "Workers at {site} said the new shift rota would leave them with fewer days off.",
        "The {org1} has promised to keep emergency cover at {site}.",
        "{p2s} wrote to staff at {site} urging them to accept the offer.",
    ],
    "diplomacy": [
        "The {thing2} would run about {n1} kilometres between the two countries.",
        "{p1s} was greeted at {city} airport by {country2}'s foreign minister.",
        "Energy, trade and security in the border region were also on the agenda.",
        "{p1s} laid a wreath at the war memorial in {city} before the talks.",
        "Officials from both sides have met {n2} times since the spring.",
        "Business leaders joined {p1s} at a lunch hosted by the {country2} Chamber of Commerce.",
        "A joint press conference at {site} was delayed by {n3} minutes.",
        "{country} is {country2}'s third-largest trading partner.",
        "The two parliaments must approve any final agreement on the {thing2}.",
    ],
    "business": [
        "{org1} employs about {n1} people, most of them in {city}.",
        "The company's shares have fallen {pct2} percent this year.",
        "Analysts had expected an offer closer to {money} billion euros.",
        "{org2}'s largest shareholder has not said whether it will accept.",
        "Trade unions asked for guarantees on jobs at {site}.",
        "The deal would need the approval of the competition authority in {capital}.",
        "{p1s} has led {org1} for {n2} years.",
        "{org1} said it would keep the {org2} brand for at least {n2} years.",
        "Profit margins in the {thing} business have shrunk across {country}.",
    ],
    "justice": [
        "Prosecutors say the money passed through {n1} accounts abroad.",
        "The alleged offences date back {n2} years, to {p1s}'s time in office.",
        "{p1s} was released on bail of {n3},000 euros.",
        "Investigators from the {org2} seized documents at {site}.",
        "Two former aides of {p1s} are also under investigation.",
        "The case file runs to more than {n1} pages.",
        "Journalists and members of the public queued outside {site} from early morning.",
        "The judge warned both sides not to comment on the evidence in public.",
        "{p1s}'s lawyer said his client would co-operate fully with the court.",
    ],
    "weather": [
        "The weather office issued its highest warning for {city} and the surrounding coast.",
        "Trains between {city} and {capital} were cancelled for the day.",
        "{org2} brought in {n3} extra repair crews from other regions.",
        "Fallen trees blocked roads around {site}.",
        "Volunteers handed out blankets and hot meals at the {city} community hall.",
        "Fishing boats were ordered to stay in harbour.",
        "Water came up to {n2} metres deep in the streets around {site}.",
        "Insurers said they had received {n1} claims by the evening.",
        "Forecasters said more rain was expected before the weekend.",
    ],
    "infrastructure": [
        "The {site} is {n2} kilometres long.",
        "{org2} employed about {n1} workers on the site at the peak of construction.",
        "Traffic on the old route had reached {n1} vehicles a day before it closed.",
        "Cyclists and pedestrians will have a separate lane on the {site}.",
        "The {org1} says journey times across {city} will fall by a third.",
        "Residents near the {site} complained about noise during construction.",
        "The {site} was designed by a firm based in {capital}.",
        "Tolls on the {site} will be reviewed after {n2} months.",
        "The first passengers were greeted by a brass band.",
    ],
    "breach": [
        "{org1} said it had informed the {org2} within {n2} hours of discovering the attack.",
        "Customers were told to watch for suspicious emails and calls.",
        "The attackers demanded a ransom, according to people familiar with the investigation.",
        "{org1} has set up a helpline that received {n1} calls on the first day.",
        "Security researchers said the weakness in {site} had been known for months.",
        "Police in {city} have opened a criminal investigation.",
        "{org1}'s shares fell {pct2} percent after the disclosure.",
        "The company said it would write to every customer affected.",
        "{p1s} apologised to customers in a video message.",
    ],
    "sports": [
        "{org1} finished the regular season in {n3}th place.",
        "{p2s} has scored {n2} goals this season.",
        "Thousands of supporters travelled from {city} for the match.",
        "The referee showed {n2} yellow cards in a bad-tempered first half.",
        "{org2} had more of the ball but few clear chances.",
        "The victory parade through {city} is planned for next weekend.",
        "{p1s} took over as coach {n2} years ago with the club near the bottom of the table.",
        "Ticket prices for the match were criticised by supporters' groups.",
        "Police said the crowd at {site} was well behaved.",
    ],
}

# Concrete things an event is also about: each event draws four, and its reports
# mention most of them, so that two events of one kind in the same week still
# differ in more than their names (as two real strikes or two storms do).
SUBJECTS = (
    "night buses", "school canteens", "pension fund", "ferry timetable", "water tower", "grain silos",
    "harbour cranes", "fish market", "cycle lanes", "tram depot", "town hall roof", "rent controls",
    "housing waiting list", "hospital car park", "flood barrier", "solar farm", "wind turbines", "coal yard",
    "container backlog", "ticket prices", "overtime rules", "night shifts", "safety equipment", "holiday pay",
    "sick leave", "apprentice wages", "canal locks", "airport runway", "railway sidings", "toll booths",
    "street lighting", "sewage works", "public library", "swimming pool", "football ground", "concert hall",
    "market square", "shopping centre", "steel mill", "paper mill", "brewery", "bakery chain", "dairy farms",
    "vineyards", "orchards", "forestry plantations", "quarry", "salt works", "oil terminal", "gas storage",
    "power station", "substation", "data centre", "call centre", "customs post", "border fence",
    "coastguard station", "lifeboat crews", "fire brigade", "ambulance service", "police budget", "prison wing",
    "court backlog", "legal aid", "tax office", "land registry", "planning rules", "zoning map", "heritage list",
    "cathedral", "museum collection", "university campus", "student housing", "nursery places", "care homes",
    "pharmacy network", "vaccine stocks", "blood bank", "maternity ward", "mental health services",
    "bus drivers' rota", "delivery vans", "taxi licences", "parking fines", "speed cameras", "ring road",
    "river crossing", "ferry fleet", "fishing quotas", "trawler fleet", "herring grounds", "cod stocks",
    "mussel beds", "nature reserve", "bird colony", "peat bogs", "drinking water", "reservoir levels",
    "irrigation canals", "wheat harvest", "potato crop", "sugar beet", "cattle markets", "slaughterhouse",
    "export licences", "import duties", "currency reserves", "bond auction", "credit rating", "stock options",
    "shareholder vote", "annual report", "audit committee", "payroll system", "mobile app", "password reset",
    "customer helpline", "loyalty scheme", "price cap", "energy bills", "fuel duty", "road tax",
)
SUBJECT_SENTENCES = [
    "Residents also raised concerns about the {s1} near {site}.",
    "The {s2} has been at the centre of local debate in {city} for years.",
    "A separate row over the {s3} added to the pressure on {p2s}.",
    "{p3s} pointed to the {s1} as an example of what is at stake.",
    "Questions about the {s4} are expected to come up again {later}.",
    "Campaigners in {city} linked the issue to the {s2}.",
    "Officials said the {s3} would not be affected, at least for now.",
    "The {s4} was mentioned repeatedly at a packed public meeting in {city}.",
    "Some argue that the {s1} and the {s2} should be dealt with together.",
    "A report on the {s3} is due before the end of the year.",
    "{p1s} has promised a decision on the {s4} within weeks.",
    "Local traders say the {s2} matters more to them than anything else.",
]

GENERIC = [
    "Officials in {city} said more details would be released {later}.",
    "The {ministry} said it was following the situation closely.",
    "{minister}, the {minrole}, told reporters in {capital} that the government was ready to help.",
    "Residents interviewed by {outlet} said they were worried about what comes next.",
    "Analysts at the {institute} said {topic} could have consequences well beyond {city}.",
    "Opposition politicians in {capital} called for a full explanation.",
    "The {org1} did not respond to a request for comment.",
    "A spokesperson for {org2} declined to comment further.",
    "Local businesses in {city} reported a sharp fall in customers.",
    "{topic} has been front-page news in {country} all week.",
    "Social media in {country} filled with pictures from {city}.",
    "More than one resident said they had never seen anything like it.",
    "The {ministry} is expected to publish a report {later}.",
    "{p1s} is expected to speak again {later}.",
    "Some observers in {capital} believe the government moved too slowly.",
    "The mood in {city} was tense but calm, according to people there.",
    "Figures released by the {ministry} show the scale of the problem.",
    "It was not immediately clear how long the situation would last.",
    "{p2s} has faced criticism in the past over how {topic} was handled.",
    "The news was met with a mixture of relief and frustration in {city}.",
    "Questions remain about who knew what and when.",
    "{minister} is due to make a statement to parliament {later}.",
    "Several smaller towns near {city} are also affected.",
    "Independent experts have urged both sides to publish their figures.",
    "The {institute} estimates the wider economic cost at several million euros.",
    "For many in {city}, {topic} is the main topic of conversation.",
    "Newspapers in {capital} gave the story prominent coverage.",
    "Officials stressed that essential services were not affected.",
    "Critics argue that the warning signs were there for years.",
    "Supporters say the decision will pay off in the long run.",
    "The last time {city} faced something similar was in the 1990s.",
    "Some details of the plan remain confidential.",
    "Community groups in {city} have offered help to those affected.",
    "A {demonym} government source said the cabinet had discussed {topic} on {weekday2}.",
    "Public broadcasters in {country} carried the news live.",
    "Commentators in {capital} were divided on what it means.",
    "Previous efforts to address the issue came to little.",
    "{p1s} and {p2s} have met several times in recent months.",
    "Nobody was available at the {org1} offices late in the evening.",
    "The full consequences may not be known for months.",
    "It is the latest twist in a story that has run since {prevmonth}.",
    "People in {city} will be watching closely what happens next.",
    "The {minrole} has promised to visit {city} {later}.",
    "A survey published last month found most {demonym}s wanted faster action.",
    "Much will depend on decisions still to be taken in {capital}.",
    "Reporters from across {country} travelled to {city} to cover {topic}.",
    "The {minrole}'s office said {minister} had been briefed.",
    "{p3}, {p3role}, said the coming weeks would be decisive.",
    "Some in {city} questioned whether the response had been adequate.",
    "The {institute} has published several studies on the subject.",
    "Officials promised regular updates {later}.",
    "Few people in {city} expected events to move this quickly.",
    "The {ministry} has set up a team to deal with the consequences.",
    "{p2s} is due to appear before a parliamentary committee {later}.",
    "A petition calling for action has gathered thousands of signatures in {city}.",
    "The issue is likely to feature in next year's election campaign in {country}.",
    "{org2} published a short statement on its website.",
    "Not everyone in {city} agrees with how {topic} has been handled.",
    "Rival politicians in {capital} were quick to comment.",
]
LATER = ("later this week", "next week", "in the coming days", "on Monday", "next month", "this afternoon", "tomorrow")
NICKNAMES = ("Mariners", "Rovers", "United", "Athletic", "Wanderers", "Rangers", "Harriers", "Albion", "City", "Town")
STORM_NAMES = ("Corra", "Delphine", "Evander", "Fenna", "Gorm", "Hilde", "Ivor", "Juno", "Kestrel", "Lorcan",
               "Maren", "Nolan", "Odette", "Piers", "Quilla", "Rowan", "Sabine", "Tobin", "Ulla", "Vance", "Wren")
TAIL_WIRE = "Reporting by {author}; editing by {editor}."
TAIL_COPY = ("This article first appeared on {wire} and is republished with permission.",
             "Originally published by {wire}. Republished under licence.",
             "This story was provided by {wire}; {outlet} did not edit it.")


class _Slots(dict):
    """format_map dictionary that leaves an unknown slot visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass
class Story:
    id: str
    family: str
    slots: dict
    country: Country


@dataclass
class EventPlan:
    id: str
    story: Story
    stage: dict
    day: date
    slots: dict
    articles: int
    copy: bool
    previous: "EventPlan | None" = None


@dataclass
class Corpus:
    """What was planned; generation streams articles from it."""

    seed: int
    rng: random.Random
    vocab: Vocabulary
    countries: list[Country]
    outlets: list[Outlet]
    stories: list[Story] = field(default_factory=list)
    events: list[EventPlan] = field(default_factory=list)


def _number(rng: random.Random, low: int, high: int, step: int = 1) -> str:
    return f"{rng.randrange(low, high, step):,}"


def _story_slots(rng: random.Random, vocab: Vocabulary, family: str, spec: dict, country: Country, countries: list[Country]) -> dict:
    thing, thing2 = rng.choice(spec["things"])
    city = vocab.place()
    surname, surname2 = vocab.surname(), vocab.surname()
    other = rng.choice([c for c in countries if c is not country])
    p1, p1s = vocab.person()
    p2, p2s = vocab.person()
    slots = {
        "thing": thing, "thing2": thing2, "Thing": _cap(thing), "Thing2": _cap(thing2),
        "city": city, "city2": vocab.place(), "country": country.name, "demonym": country.demonym,
        "capital": country.capital, "institute": country.institute,
        "country2": other.name, "demonym2": other.demonym,
        "surname": surname, "surname2": surname2,
        "industry": rng.choice(spec.get("industries", ["Group"])),
        "nickname": rng.choice(NICKNAMES), "nickname2": rng.choice(NICKNAMES),
        "stormname": rng.choice(STORM_NAMES) + ("" if rng.random() < 0.5 else f" {_cap(vocab._stem())}"),
        "p1": p1, "p1s": p1s, "p2": p2, "p2s": p2s,
    }
    if family == "diplomacy":
        # The head of government visits the other country's head of state, in its capital.
        slots["city"] = other.capital
        slots["p1"], slots["p1s"] = country.officials[1][1:]
        slots["p2"], slots["p2s"] = other.officials[0][1:]
    if family == "infrastructure":
        slots["site"] = f"{surname} {_cap(thing2)}"
    slots = _Slots(slots)
    slots["org1"] = spec["org1"].format_map(slots)
    slots["org2"] = spec["org2"].format_map(slots)
    slots["p1role"] = spec["p1role"].format_map(slots)
    slots["p2role"] = spec["p2role"].format_map(slots)
    slots["topic"] = spec["topic"].format_map(slots)
    return slots


def _event_slots(rng: random.Random, vocab: Vocabulary, story: Story, day: date) -> dict:
    spec = FAMILIES[story.family]
    slots = _Slots(story.slots)
    p3, p3s = vocab.person()
    slots.update(
        p3=p3, p3s=p3s,
        n1=_number(rng, 300, 9000, 50), n2=str(rng.randint(2, 18)), n3=str(rng.randint(55, 96)),
        pct1=str(rng.randint(6, 14)), pct2=str(rng.randint(1, 5)), money=f"{rng.randint(12, 990) / 10:g}",
        year=str(day.year + rng.randint(1, 5)), k=str(rng.randint(2, 40)),
        weekday=WEEKDAYS[day.weekday()], month=MONTHS[day.month - 1],
    )
    slots.update(zip(("s1", "s2", "s3", "s4"), rng.sample(SUBJECTS, 4)))
    slots["p3role"] = rng.choice(spec["p3roles"]).format_map(slots)
    if story.family != "infrastructure":
        slots["site"] = rng.choice(spec["sites"]).format_map(_Slots(slots, surname=vocab.surname()))
    official = rng.choice(story.country.officials[2:])
    slots.update(minrole=official[0], minister=official[1])
    slots["ministry"] = f"{story.country.name} {official[0].replace(' Minister', ' Ministry')}"
    return slots


def plan(articles: int, seed: int) -> Corpus:
    """Stories, events and how many articles each event gets (N articles in all)."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    countries = make_countries(vocab)
    outlets = make_outlets(vocab, rng)
    corpus = Corpus(seed, rng, vocab, countries, outlets)
    copies = round(articles * COPY_SHARE)
    originals = articles - copies
    n_events = max(1, min(round(articles / 6), originals // 3 or 1))
    n_stories = max(1, min(round(articles / 40), n_events))
    copy_events = set(rng.sample(range(n_events), min(copies, n_events)))
    # Reports per event by distinct outlets: 3 to 8 (a syndicated copy counts as one
    # of them), the rest spread at random.
    counts = [min(3, originals)] + [3] * (n_events - 1)
    caps = [7 if i in copy_events else 8 for i in range(n_events)]
    remaining = originals - sum(counts)
    while remaining > 0:
        index = rng.randrange(n_events)
        if counts[index] < caps[index] or all(c >= k for c, k in zip(counts, caps)):
            counts[index] += 1
            remaining -= 1
    # Events per story: every story has at least one event, most several.
    story_of = list(range(n_stories)) + [rng.randrange(n_stories) for _ in range(n_events - n_stories)]
    rng.shuffle(story_of)
    members: dict[int, list[int]] = {}
    for event_index, story_index in enumerate(story_of):
        members.setdefault(story_index, []).append(event_index)
    families = list(FAMILIES)
    events: list[EventPlan | None] = [None] * n_events
    for story_index in range(n_stories):
        family = rng.choice(families)
        country = rng.choice(countries)
        slots = _story_slots(rng, vocab, family, FAMILIES[family], country, countries)
        story = Story(f"s{story_index:05d}", family, slots, country)
        corpus.stories.append(story)
        indexes = members.get(story_index, [])
        gaps = [rng.randint(7, 120) for _ in indexes[1:]]
        span = sum(gaps)
        if span > DAYS - 5:
            gaps = [max(5, g * (DAYS - 5) // max(1, span)) for g in gaps]
            span = sum(gaps)
        day = FIRST_DAY + timedelta(days=rng.randint(0, max(0, DAYS - 5 - span)))
        stages = FAMILIES[family]["stages"]
        previous = None
        for position, event_index in enumerate(indexes):
            if position:
                day += timedelta(days=gaps[position - 1])
            stage = stages[min(position, len(stages) - 1)] if position < len(stages) else rng.choice(stages)
            event = EventPlan(f"e{event_index:06d}", story, stage, day, _event_slots(rng, vocab, story, day),
                              counts[event_index], event_index in copy_events, previous)
            events[event_index] = event
            previous = event
    corpus.events = sorted((e for e in events if e is not None), key=lambda e: (e.day, e.id))
    return corpus


# --- writing one article -----------------------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, limit: int = 60) -> str:
    slug = _SLUG.sub("-", text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "untitled"


def _relative(rng: random.Random, event_day: date, published: date) -> str:
    weekday = WEEKDAYS[event_day.weekday()]
    delta = (published - event_day).days
    if delta <= 0:
        return rng.choice((f"on {weekday}", "today", "this morning", f"on {weekday}"))
    if delta == 1:
        return rng.choice(("yesterday", f"on {weekday}", "late yesterday"))
    if delta <= 3:
        return rng.choice((f"on {weekday}", f"{'two' if delta == 2 else 'three'} days ago", f"last {weekday}"))
    return rng.choice((f"on {weekday}", "last week"))


def _previous_phrase(event: EventPlan) -> str:
    previous = event.previous
    if previous is None:
        return ""
    gap = (event.day - previous.day).days
    when = "last week" if gap <= 10 else ("last month" if gap <= 45 else f"in {MONTHS[previous.day.month - 1]}")
    return previous.stage["recap"].format_map(previous.slots), when


CONTEXT = [
    "It comes after {recap} {prevwhen}.",
    "The news follows {recap} {prevwhen}, which drew wide attention in {country}.",
    "{recap_cap} {prevwhen} set the stage for this week's developments.",
    "Many in {city} still remember {recap} {prevwhen}.",
]


def _quote(rng: random.Random, text: str, who: str, surname: str, role: str, outlet: str) -> str:
    form = rng.randrange(5)
    if form == 0:
        return f"\u201c{text},\u201d said {who}, {role}."
    if form == 1:
        return f"\u201c{text},\u201d {surname} said."
    if form == 2:
        return f"{who}, {role}, said: \u201c{text}.\u201d"
    if form == 3:
        return f"\u201c{text},\u201d {surname} told {outlet}."
    return f"\u201c{text},\u201d {who} said on {rng.choice(WEEKDAYS)}."


def compose(rng: random.Random, event: EventPlan, outlet: Outlet, published: date) -> tuple[str, list[str]]:
    """(headline, paragraphs) for one report of `event`."""
    spec = FAMILIES[event.story.family]
    stage = event.stage
    slots = _Slots(event.slots)
    slots["when"] = _relative(rng, event.day, published)
    slots["later"] = rng.choice(LATER)
    slots["outlet"] = outlet.name
    slots["weekday2"] = rng.choice(WEEKDAYS)
    slots["prevmonth"] = MONTHS[(event.previous.day if event.previous else event.day).month - 1]
    title = rng.choice(stage["titles"]).format_map(slots)
    title = title[:1].upper() + title[1:]
    target = rng.randint(*WORDS)

    lede = rng.choice(stage["ledes"]).format_map(slots)
    body: list[str] = []  # sentences; a quote is a paragraph of its own, marked by a leading "\0"
    facts = [rng.choice(variants).format_map(slots) for variants in stage["facts"]]
    facts.append(f"{slots['p1']}, {slots['p1role']}, is at the centre of events." if rng.random() < 0.3
                 else rng.choice(spec["background"]).format_map(slots))
    quotes = [
        ("\0" + _quote(rng, rng.choice(spec["quotes1"]).format_map(slots), slots["p1"], slots["p1s"], slots["p1role"], outlet.name)),
        ("\0" + _quote(rng, rng.choice(spec["quotes2"]).format_map(slots), slots["p2"], slots["p2s"], slots["p2role"], outlet.name)),
    ]
    if rng.random() < 0.7:
        quotes.append("\0" + _quote(rng, rng.choice(spec["quotes3"]).format_map(slots), slots["p3"], slots["p3s"], slots["p3role"], outlet.name))
    rng.shuffle(quotes)
    context = []
    if event.previous is not None:
        recap, when = _previous_phrase(event)
        context.append(rng.choice(CONTEXT).format_map(_Slots(slots, recap=recap, recap_cap=_cap(recap), prevwhen=when)))
    background = rng.sample(spec["background"], k=rng.randint(1, len(spec["background"])))
    background += rng.sample(DETAILS[event.story.family], k=rng.randint(3, len(DETAILS[event.story.family])))
    background += rng.sample(SUBJECT_SENTENCES, k=rng.randint(4, 7))
    # A report keeps most, not all, of the key facts, in its own order.
    kept = [f for f in facts if rng.random() < 0.85]
    rng.shuffle(kept)
    rng.shuffle(background)
    body = kept[:2] + [quotes[0]] + context + kept[2:] + [quotes[1]] + [b.format_map(slots) for b in background] + quotes[2:]
    words = lede.count(" ") + 1 + sum(s.count(" ") + 1 for s in body)
    # About nine words a generic sentence: draw only as many as the length needs.
    fillers = rng.sample(GENERIC, k=min(len(GENERIC), max(0, (target - words) // 9 + 4)))
    extra: list[str] = []
    while words < target and fillers:
        sentence = fillers.pop().format_map(slots)
        extra.append(sentence)
        words += sentence.count(" ") + 1
    # Generic sentences go mostly after the key facts, some between them.
    for sentence in extra:
        body.insert(rng.randint(min(3, len(body)), len(body)), sentence)
    # A sentence that starts with a slot ("{topic} has…" → "the dispute has…") needs its capital.
    body = [s[0].upper() + s[1:] if s[0].islower() else s for s in body]
    paragraphs = [lede if rng.random() < 0.5 or not body or body[0].startswith("\0") else f"{lede} {body.pop(0)}"]
    current: list[str] = []
    for sentence in body:
        if sentence.startswith("\0"):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            paragraphs.append(sentence[1:])
            continue
        current.append(sentence)
        if len(current) >= rng.choice((1, 2, 2, 3, 3)):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return title, paragraphs


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def canonical(title: str, outlet: Outlet, url: str, author: str | None, published: datetime,
              updated: datetime | None, paragraphs: list[str], faq: list[tuple[str, str]]) -> str:
    lines = ["---", f"title: {_yaml_string(title)}", f"outlet: {_yaml_string(outlet.name)}", f"url: {_yaml_string(url)}"]
    if author:
        lines.append(f"author: {_yaml_string(author)}")
    lines.append(f"published: {published.isoformat()}")
    if updated:
        lines.append(f"updated: {updated.isoformat()}")
    lines.append("---")
    blocks = list(paragraphs)
    if faq:
        blocks.append("FAQ:")
        for question, answer in faq:
            blocks += [f"Q: {question}", f"A: {answer}"]
    return "\n".join(lines) + "\n\n" + "\n\n".join(blocks) + "\n"


def _title_case(title: str) -> str:
    return " ".join(_cap(word) for word in title.split())


def scrape(rng: random.Random, title: str, outlet: Outlet, author: str | None, published: datetime,
           paragraphs: list[str], faq: list[tuple[str, str]]) -> str:
    """A raw .txt page as the seeds are: header, body, syndication trailer, comment form."""
    day = published.date()
    parts: list[str] = []
    if rng.random() < 0.8:
        parts.append(f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}")
        headline = _title_case(title)
        if rng.random() < 0.85:
            parts.append(f"Home{rng.choice(SECTIONS)}{headline}\n\n{headline}")
        else:
            parts.append(headline)
        if author:
            parts.append(f"By {author}")
        short_trailer = False
    else:  # seed 003: ` date … Updated …` and no title at all
        updated = day + timedelta(days=rng.choice((0, 0, 1, -1)))
        hour = rng.randint(1, 12)
        parts.append(f" date {day.isoformat()} Updated {MONTH_ABBR[updated.month - 1]} {updated.day}, {updated.year} "
                     f"{hour}:{rng.randint(0, 59):02d} {'am' if rng.random() < 0.5 else 'pm'} ET")
        short_trailer = True
    body = []
    for paragraph in paragraphs:
        if body and rng.random() < 0.08:
            body[-1] += "\n" + paragraph  # scrapes sometimes lose a blank line
        else:
            body.append(paragraph)
    parts.extend(body)
    if faq:
        parts.append("FAQ:")
        for question, answer in faq:
            parts += [f"Q: {question}", f"A: {answer}"]
    parts += ["Source :", "(The story is published based on the data from a syndicated feed. However there can be "
              "minor changes from the original source article.)", f"From the Desk of {outlet.name}"]
    text = "\n\n".join(parts)
    if not short_trailer:
        popular = "\n\n".join(rng.sample(FLUFF_HEADLINES, k=rng.randint(0, 3)))
        text += ("\n\n\nPlease enter your comment!\nPlease enter your name here\n\nThis site uses Akismet to reduce spam. "
                 "Learn how your comment data is processed.\n\nMost Popular\n\n" + (popular + "\n\n" if popular else "")
                 + "Recent Comments\n")
    return text if rng.random() < 0.3 else text + "\n"


def _faq(rng: random.Random, event: EventPlan) -> list[tuple[str, str]]:
    slots = event.slots
    pairs = [
        (f"What happened in {slots['city']}?", event.stage["ledes"][0].format_map(_Slots(slots, when="this week"))),
        (f"Who is {slots['p1']}?", f"{slots['p1']} is {slots['p1role']}."),
        ("What happens next?", f"Officials say more details will follow {rng.choice(LATER)}."),
    ]
    return pairs[: rng.randint(2, 3)]


@dataclass
class Written:
    path: str  # relative to the folder written into
    event: str
    story: str


class Writer:
    """Streams articles of planned events into a folder, keeping names unique."""

    def __init__(self, corpus: Corpus, folder: Path) -> None:
        self.corpus = corpus
        self.folder = folder
        self.used: set[str] = set()
        self.made_dirs: set[Path] = set()
        self.papers = [o for o in corpus.outlets if o.kind == "paper"]
        self.wires = [o for o in corpus.outlets if o.kind == "wire"]
        self.aggregators = [o for o in corpus.outlets if o.kind == "aggregator"]
        self.stats = {"md": 0, "txt": 0, "copies": 0, "faq": 0, "words": 0}

    def _path(self, day: date, title: str, suffix: str) -> str:
        base = f"{day:%Y}/{day:%m}/{day.isoformat()}-{slugify(title)}"
        candidate, counter = base + suffix, 2
        while candidate in self.used:
            candidate, counter = f"{base}--{counter}{suffix}", counter + 1
        self.used.add(candidate)
        return candidate

    def _write(self, relative: str, text: str) -> None:
        path = self.folder / relative
        if path.parent not in self.made_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made_dirs.add(path.parent)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    def article(self, event: EventPlan, outlet: Outlet, published: datetime, raw: bool,
                copy_of: tuple[str, list[str], Outlet] | None = None) -> tuple[Written, str, list[str]]:
        rng = self.corpus.rng
        if copy_of is None:
            title, paragraphs = compose(rng, event, outlet, published.date())
        else:  # a syndicated near-copy: same text, own headline, a paragraph dropped, own closing line
            _, original, wire = copy_of
            title, _ = compose(rng, event, outlet, published.date())
            paragraphs = list(original[:-1])
            if len(paragraphs) > 4:
                del paragraphs[rng.randrange(2, len(paragraphs))]
            paragraphs.append(rng.choice(TAIL_COPY).format(wire=wire.name, outlet=outlet.name))
        author = rng.choice(outlet.staff) if rng.random() < (0.7 if raw else 0.85) and copy_of is None else None
        if outlet.kind == "wire" and copy_of is None:
            paragraphs.append(TAIL_WIRE.format(author=author or rng.choice(outlet.staff), editor=rng.choice(outlet.staff)))
        faq = _faq(rng, event) if rng.random() < (0.06 if raw else 0.02) else []
        if raw:
            relative = self._path(published.date(), title, ".txt")
            text = scrape(rng, title, outlet, author, published, paragraphs, faq)
            self.stats["txt"] += 1
        else:
            relative = self._path(published.date(), title, ".md")
            section = "wire" if outlet.kind == "wire" else rng.choice(("news", "world", "business", "local"))
            url = f"https://{outlet.domain}/{section}/{published:%Y/%m/%d}/{slugify(title, 50)}"
            updated = published + timedelta(hours=rng.randint(1, 30)) if rng.random() < 0.2 else None
            text = canonical(title, outlet, url, author, published, updated, paragraphs, faq)
            self.stats["md"] += 1
        self.stats["faq"] += bool(faq)
        self.stats["words"] += sum(p.count(" ") + 1 for p in paragraphs)
        self._write(relative, text)
        return Written(relative, event.id, event.story.id), title, paragraphs

    def event_articles(self, event: EventPlan, count: int, with_copy: bool, earliest: date | None = None) -> list[Written]:
        """`count` reports of `event` by distinct outlets, plus a syndicated copy of the first when asked."""
        rng = self.corpus.rng
        written = []
        start = max(event.day, earliest) if earliest else event.day
        first_wire = None
        chosen: set[str] = set()
        for index in range(count):
            raw = rng.random() < TXT_SHARE / (1 - COPY_SHARE) and not (index == 0 and with_copy)
            pool = self.aggregators if raw else self.wires if index == 0 and with_copy else self.papers + self.wires
            outlet = rng.choice(pool)
            while outlet.name in chosen:
                outlet = rng.choice(pool)
            chosen.add(outlet.name)
            day = start + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
            published = datetime(day.year, day.month, day.day, rng.randint(5, 22), rng.choice((0, 10, 15, 20, 30, 40, 45, 50)),
                                 tzinfo=timezone.utc)
            item, title, paragraphs = self.article(event, outlet, published, raw)
            written.append(item)
            if index == 0 and with_copy and not raw:
                first_wire = (title, paragraphs, outlet, published)
        if with_copy and first_wire is not None:
            title, paragraphs, wire, published = first_wire
            outlet = rng.choice([o for o in self.papers if o.name not in chosen])
            item, _, _ = self.article(event, outlet, published + timedelta(hours=rng.randint(1, 9)), False,
                                      copy_of=(title, paragraphs, wire))
            self.stats["copies"] += 1
            written.append(item)
        return written


def generate(articles: int, out: Path, seed: int = DEFAULT_SEED, extra: int = DEFAULT_EXTRA) -> dict:
    """Write the corpus into `out` (sources/, extra/, labels.json, corpus.json); return corpus.json's data."""
    started = time.perf_counter()
    corpus = plan(articles, seed)
    writer = Writer(corpus, out / "sources")
    labels: dict[str, dict[str, str]] = {}
    for event in corpus.events:
        for item in writer.event_articles(event, event.articles, event.copy):
            labels[item.path] = {"event": item.event, "story": item.story}
    stats = dict(writer.stats)
    # Articles that arrive later (not in the corpus): the first reports on the latest
    # event, most of the rest on other recent events, some open new events of existing stories.
    extra_labels: dict[str, dict[str, str]] = {}
    extra_order: list[str] = []
    if extra:
        rng = corpus.rng
        late = writer.__class__(corpus, out / "extra")
        late.used = writer.used  # no name may clash with a corpus file
        recent = corpus.events[-40:]
        last_day = corpus.events[-1].day
        plans: list[tuple[EventPlan, date]] = [(corpus.events[-1], last_day)]
        new_events = []
        while len(plans) < extra:
            if rng.random() < 0.7 or len(plans) + 3 > extra:
                plans.append((rng.choice(recent), last_day))
            else:
                story = rng.choice(corpus.stories)
                day = last_day + timedelta(days=rng.randint(1, 5))
                stage = rng.choice(FAMILIES[story.family]["stages"])
                event = EventPlan(f"x{len(new_events):05d}", story, stage, day,
                                  _event_slots(rng, corpus.vocab, story, day), 3, False, None)
                new_events.append(event)
                plans += [(event, day)] * 3
        for event, earliest in plans[:extra]:
            item = late.event_articles(event, 1, False, earliest=max(event.day, earliest))[0]
            extra_labels[item.path] = {"event": item.event, "story": item.story}
            extra_order.append(item.path)
    meta = {
        "version": VERSION, "seed": seed, "articles": len(labels), "requested": articles,
        "events": len({v["event"] for v in labels.values()}), "stories": len({v["story"] for v in labels.values()}),
        "extra": len(extra_order), **stats, "seconds": round(time.perf_counter() - started, 2),
    }
    (out / "labels.json").write_text(
        json.dumps({"meta": {k: v for k, v in meta.items() if k != "seconds"}, "articles": labels, "extra": extra_labels, "extra_order": extra_order},
                   separators=(",", ":")), encoding="utf-8")
    (out / "corpus.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def existing(out: Path) -> dict | None:
    """corpus.json of a complete corpus in `out`, or None."""
    try:
        return json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure(articles: int, out: Path, seed: int = DEFAULT_SEED, extra: int = DEFAULT_EXTRA) -> tuple[dict, bool]:
    """The corpus in `out`, generated unless one of this version, seed and size is there. (meta, reused)."""
    meta = existing(out)
    if meta and (meta.get("version"), meta.get("seed"), meta.get("requested"), meta.get("extra")) == (VERSION, seed, articles, extra):
        return meta, True
    if out.exists():
        shutil.rmtree(out)
    partial = out.with_name(out.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    meta = generate(articles, partial, seed, extra)
    partial.rename(out)
    return meta, False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True, help="articles in the corpus (e.g. 1000, 10000, 100000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write sources/, extra/, labels.json, corpus.json into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--extra", type=int, default=DEFAULT_EXTRA, help="articles written to extra/ for incremental builds")
    parser.add_argument("--force", action="store_true", help="replace DIR if it holds anything")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        if not args.force:
            print(f"error: {args.out} is not empty — pass --force to replace it", file=sys.stderr)
            return 2
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    meta = generate(args.articles, args.out, args.seed, args.extra)
    print(f"{meta['articles']} articles ({meta['md']} .md, {meta['txt']} .txt, {meta['copies']} syndicated copies, "
          f"{meta['faq']} with FAQ), {meta['events']} events, {meta['stories']} stories, "
          f"{meta['words'] // max(1, meta['articles'])} words per article, {meta['extra']} extra; "
          f"{meta['seconds']} s → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

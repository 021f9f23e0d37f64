"""Name mentions: runs of capitalised words, split at titles, typed by the words around them."""

from generator.entities import PERSON, PLACE, PLACE_BY_PREPOSITION, EntityOverrides, mentions_in, resolve_entities


def names(*paragraphs: str) -> list[tuple[str, str | None, int]]:
    return [(m.text, m.type, m.sentence_index) for m in mentions_in(paragraphs)]


def test_titles_split_a_run_and_make_a_person():
    text = (
        "On the same day, the prime minister of Estmark, Prime Minister Helena Voss, met with the governor of the "
        "central bank, Bank of Aldermere Governor Miriam Olafsen, in the city of Bellhaven for talks."
    )
    assert names(text) == [
        ("Estmark", None, 0),
        ("Helena Voss", PERSON, 0),
        ("Bank of Aldermere", "organisation", 0),
        ("Miriam Olafsen", PERSON, 0),
        ("Bellhaven", None, 0),
    ]


def test_a_possessive_ends_a_name():
    assert names("Castellan's Helena Voss said that the deal was good for everyone who works there.") == [
        ("Castellan", None, 0),
        ("Helena Voss", PERSON, 0),
    ]


def test_and_between_names_splits_them():
    text = "The deal was struck after weeks of talks, and officials in Port Harrow said that Jon Adjei and Mara Quist had told the agency nothing about it."
    assert names(text) == [("Port Harrow", PLACE, 0), ("Jon Adjei", None, 0), ("Mara Quist", None, 0)]


def test_the_same_name_is_typed_by_the_words_around_each_mention():
    # Names are resolved once per run and context; the context must still decide the type.
    text = (
        "The talks went on for a long time, said Helena Voss, who leads the group. "
        "Later that week, Helena Voss went home to the north of the country. "
        "She flew to Aldermere on Monday, and the rest of Aldermere was quiet."
    )
    assert names(text) == [
        ("Helena Voss", PERSON, 0),
        ("Helena Voss", None, 1),
        ("Aldermere", PLACE_BY_PREPOSITION, 2),  # a weak cue: resolution weighs it last
        ("Aldermere", None, 2),
    ]


def test_a_lone_capitalised_word_opening_a_sentence_is_not_a_name():
    assert names("Talks resumed on the next day in a small room with no windows at all.") == []


def test_a_title_cased_headline_says_nothing_about_names():
    # (Its sentences are not counted either.)
    assert names("Council Approves New Budget For Harbour", "the harbour council met in Bellhaven, said Mara Quist.") == [
        ("Bellhaven", PLACE_BY_PREPOSITION, 0),
        ("Mara Quist", PERSON, 0),
    ]
    # Three words or fewer are not taken for a headline.
    assert names("Council Approves Budget") == [("Council Approves Budget", "organisation", 0)]


def test_a_surname_opening_a_sentence_counts_when_the_text_names_the_person_in_full():
    text = (
        "The referee stopped the fight after Dario Kessel knocked down Ivo Brandt twice in the sixth round. "
        "Kessel had been the favourite. Brandt said he would fight again. Saturday was cold."
    )
    assert names(text) == [
        ("Dario Kessel", None, 0),
        ("Ivo Brandt", None, 0),
        ("Kessel", None, 1),
        ("Brandt", None, 2),
    ]


def resolved(*articles: tuple[str, ...]) -> dict[str, tuple[str, dict[str, int]]]:
    """Entity key → (type, mentions per article number) over articles given as paragraphs."""
    index = resolve_entities({str(n): mentions_in(paragraphs) for n, paragraphs in enumerate(articles)}, EntityOverrides())
    return {
        key: (entity.type, {article: counts[key] for article, counts in sorted(index.counts.items()) if key in counts})
        for key, entity in sorted(index.entities.items())
    }


def test_a_name_given_in_full_then_by_its_last_word_is_a_person():
    # No title and no speech verb announces the boxers; news style gives them away.
    fight = (
        "On Saturday night Dario Kessel stopped Ivo Brandt in the sixth round at Harlow Arena to keep his title.",
        "Kessel put Brandt on the canvas with a right hand, and the crowd at Harlow Arena rose.",
        # A run that opens a sentence may start with any capitalised word: no "Beyond Brandt".
        "Beyond Brandt, few challengers are left for Kessel.",
    )
    # A named storm and a club are called by their last word too, and are no people.
    storm = (
        "Storm Delphine brought floods to the coast, and the match between Northgate Rovers and the Mariners was off.",
        "Delphine is the fourth named storm of the season. Rovers will play on Tuesday.",
    )
    assert resolved(fight, storm) == {
        "dario kessel": (PERSON, {"0": 3}),
        "ivo brandt": (PERSON, {"0": 2}),  # "Beyond Brandt" is neither him nor anyone
        "northgate rovers": ("organisation", {"1": 2}),  # "Rovers will play": the club by its last word
    }


def test_a_name_whose_first_word_is_a_common_word_is_no_person():
    # "War", "Day" and "Amendment" are used alone too, yet these are a period, a
    # holiday and a law: a dictionary lists "cold", "labor" and "fifth" in lower case only.
    history = (
        "Analysts compared the standoff to the early years of the Cold War, when neither side would talk.",
        "The War ended without a treaty.",
        "Shops stay open on Labor Day, and the Fifth Amendment protects the accused.",
        "The Day passed quietly. The Amendment was cited twice in court.",
        # A given name that is also a name in the dictionary still makes a person.
        "Coach Mark Ellery resigned after the loss, and the board said it would name a successor.",
        "Ellery had led the side for three seasons.",
    )
    assert resolved(history) == {"mark ellery": (PERSON, {"0": 2})}


def test_a_club_called_by_its_last_word_is_the_club():
    match = (
        "Northgate Rovers beat the Harbor City Mariners 2-1 in the cup final on Saturday.",
        "It was the first trophy for Rovers in 19 years, and the Mariners had led at half-time.",
    )
    assert resolved(match) == {
        "harbor city mariners": ("organisation", {"0": 2}),
        "northgate rovers": ("organisation", {"0": 2}),
    }


def test_a_preposition_types_a_name_only_when_nothing_else_does():
    # People follow "to" and "from" as often as places do.
    fight = (
        "The champion lost to Oren Vasko in March, and a letter from Oren Vasko followed.",
        "The rematch will be held in Ostravin next spring, Oren Vasko said on Monday.",
    )
    assert resolved(fight) == {
        "oren vasko": (PERSON, {"0": 3}),  # two prepositions, one speech verb
        "ostravin": (PLACE, {"0": 1}),  # a preposition, and nothing else
    }


def test_a_longer_name_that_only_prepositions_type_is_dropped_rather_than_guessed():
    # One word after "in" is a place ("in Castellan"); two after "to" are as often a
    # person's or a film's. A direction before a known place is a place.
    card = (
        "The challenger lost to Oleg Varns in Castellan and flew home to Southern California.",
        "Fans went to see Silent Orchard at the cinema on the Quay Street side of Castellan.",
    )
    assert resolved(card) == {
        "castellan": (PLACE, {"0": 2}),
        "quay street": (PLACE, {"0": 1}),
        "southern california": (PLACE, {"0": 1}),
    }


def test_a_given_name_that_is_also_a_town_still_makes_a_person():
    # "Austin" is a town in GeoNames, as "Atlanta" is; "Braves" is a common word, "Reyes" is not.
    game = (
        "The trade on Monday sent Austin Reyes to the Atlanta Braves for two prospects.",
        "Reyes hit .301 last season. The Braves play on Friday in Washington D.C. against the Nationals.",
    )
    assert resolved(game) == {"austin reyes": (PERSON, {"0": 2})}


def test_an_acronym_makes_no_surname_and_a_ship_is_no_person():
    report = (
        "The navy sent INS Sukanya to the area, and Det Colin Orpe of the harbour police boarded it.",
        "Sukanya returned to port on Friday. Orpe said nothing was found.",
        "The Sixers NBA franchise fired its coach; NBA officials were told first.",
    )
    assert resolved(report) == {"colin orpe": (PERSON, {"0": 2}), "nba": ("organisation", {"0": 1})}

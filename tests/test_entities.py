"""Name mentions: runs of capitalised words, split at titles, typed by the words around them."""

from generator.entities import PERSON, PLACE, mentions_in


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
        ("Aldermere", PLACE, 2),
        ("Aldermere", None, 2),
    ]


def test_a_lone_capitalised_word_opening_a_sentence_is_not_a_name():
    assert names("Talks resumed on the next day in a small room with no windows at all.") == []


def test_a_title_cased_headline_says_nothing_about_names():
    # (Its sentences are not counted either.)
    assert names("Council Approves New Budget For Harbour", "the harbour council met in Bellhaven, said Mara Quist.") == [
        ("Bellhaven", PLACE, 0),
        ("Mara Quist", PERSON, 0),
    ]
    # Three words or fewer are not taken for a headline.
    assert names("Council Approves Budget") == [("Council Approves Budget", "organisation", 0)]

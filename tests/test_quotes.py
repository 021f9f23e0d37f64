"""The key-quote extractor (generator/quotes.py), as a specification.

Every sentence here is invented news prose. Each case gives an article's
paragraphs and the exact quotes the extractor must return, in reading order,
each with the speaker the text names (None where it names no one). Quotes are
verbatim: the text between the quotation marks, never trimmed or stitched.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.model import Article
from generator.quotes import MIN_QUOTE_WORDS, extract_quotes


def article(*paragraphs: str) -> Article:
    return Article(
        id="news/q.md", path=Path("news/q.md"), title="Quotes", outlet="Harbour Courier", url=None, author=None,
        published=datetime(2026, 3, 4, tzinfo=timezone.utc), updated=None, paragraphs=tuple(paragraphs),
    )


def found(*paragraphs: str) -> list[tuple[str, str | None]]:
    return [(quote.text, quote.speaker) for quote in extract_quotes(article(*paragraphs))]


CASES = {
    # --- the attribution next to the quote -----------------------------------------------------
    "said, then the name": (
        ["“We will not sign any agreement that leaves our farmers worse off,” said Xi Jinping."],
        [("We will not sign any agreement that leaves our farmers worse off,", "Xi Jinping")],
    ),
    "the name, then said": (
        ["“The bridge will reopen to traffic on Friday morning,” Lopez said."],
        [("The bridge will reopen to traffic on Friday morning,", "Lopez")],
    ),
    "speaker before the quote, with a colon": (
        ["Putin said: “The sanctions have failed and everyone in Europe knows it.”"],
        [("The sanctions have failed and everyone in Europe knows it.", "Putin")],
    ),
    "inverted attribution before the quote": (
        ["Said Okafor: “I have never seen the river this high in forty years.”"],
        [("I have never seen the river this high in forty years.", "Okafor")],
    ),
    "according to": (
        ["According to Maria Lopez, “the union has not received a single written offer since March.”"],
        [("the union has not received a single written offer since March.", "Maria Lopez")],
    ),
    "straight quotation marks": (
        ['"Our crews will work through the night to restore power," said Tom Becker.'],
        [("Our crews will work through the night to restore power,", "Tom Becker")],
    ),
    "a byline dash after the quote": (
        ["“The festival brought the whole town together for the first time in years.” ― Carla Mendes"],
        [("The festival brought the whole town together for the first time in years.", "Carla Mendes")],
    ),
    # --- names with titles, roles and appositives ------------------------------------------------
    "appositive after the name": (
        ["“The cranes will be back in service by the end of the month,” said Ryan Cole, a spokesman for the port."],
        [("The cranes will be back in service by the end of the month,", "Ryan Cole")],
    ),
    "role before the name": (
        ["“The cranes will be back in service by the end of the month,” said port spokesman Ryan Cole."],
        [("The cranes will be back in service by the end of the month,", "Ryan Cole")],
    ),
    "the name, then its organisation": (
        ["“Nobody told the residents that the water was unsafe to drink,” Mr. Dale of the Harbour Trust said."],
        [("Nobody told the residents that the water was unsafe to drink,", "Mr. Dale")],
    ),
    "an organisation and a role before the name": (
        ["“I thought the challenger won the debate on every single point,” said Northwind Radio host Mira Shah."],
        [("I thought the challenger won the debate on every single point,", "Mira Shah")],
    ),
    "a title, a party and a state": (
        ["“This bill will not pass the Senate in its current form,” Sen. Ann McGill (D-Ore.) said."],
        [("This bill will not pass the Senate in its current form,", "Sen. Ann McGill")],
    ),
    "president": (
        ["“Our country will meet every one of its climate targets,” said President Helena Voss."],
        [("Our country will meet every one of its climate targets,", "President Helena Voss")],
    ),
    "an appositive and a relative clause before said": (
        ["Dana Okoro, 52, who has run the shelter since 2019, said: “We turned away forty families last night alone.”"],
        [("We turned away forty families last night alone.", "Dana Okoro")],
    ),
    "someone's lawyer is not that someone": (
        ["In an interview with the Herald, Lopez's lawyer said: “My client has done nothing wrong and will be cleared.”"],
        [("My client has done nothing wrong and will be cleared.", None)],
    ),
    "an unnamed resident": (
        ["“It was a disaster from the first minute to the last,” said one resident, who asked not to be named."],
        [("It was a disaster from the first minute to the last,", None)],
    ),
    "an organisation": (
        ["“The embassy will remain open for emergency consular services,” the State Department said."],
        [("The embassy will remain open for emergency consular services,", "State Department")],
    ),
    "what a body publishes speaks for it": (
        ["“Growth will slow to its weakest pace in a decade next year,” the IMF report stated."],
        [("Growth will slow to its weakest pace in a decade next year,", "IMF")],
    ),
    "nested attribution: the nearer speaker": (
        ["According to the Harbour Gazette, port director Lena Park said the cranes “will be back in service by the end of the month.”"],
        [("will be back in service by the end of the month.", "Lena Park")],
    ),
    "nested attribution: one report of another": (
        ["The Harbour Gazette reported that Dana Okoro had warned: “The wall will not survive another storm like this.”"],
        [("The wall will not survive another storm like this.", "Dana Okoro")],
    ),
    # --- the sentence that carries the quote -------------------------------------------------------
    "a reporting verb": (
        ["Okafor called the ruling “a betrayal of every family who lost a home in the flood.”"],
        [("a betrayal of every family who lost a home in the flood.", "Okafor")],
    ),
    "a participle hangs the quote on the subject": (
        ["Ruiz left the chamber before the vote, saying “the result was decided long before today.”"],
        [("the result was decided long before today.", "Ruiz")],
    ),
    "visited and said": (
        ["Governor Paul Okafor toured the flooded district on Monday and said: “Every family here will get help.”"],
        [("Every family here will get help.", "Governor Paul Okafor")],
    ),
    "a plural opening the sentence is not a name": (
        ["Opponents called the plan “a giveaway to the richest landlords in the city.”"],
        [("a giveaway to the richest landlords in the city.", None)],
    ),
    # --- several quotes and several paragraphs -------------------------------------------------
    "a quote continued after its attribution": (
        ["“We are ready,” Okoro said. “The crews have been waiting at the gate since dawn.”"],
        [("The crews have been waiting at the gate since dawn.", "Okoro")],
    ),
    "a quotation running over two paragraphs": (
        [
            "“We have waited three years for this bridge,” said Dana Okoro, who chairs the residents’ association. “Every winter the detour adds an hour to the school run.",
            "“Now the council tells us to wait another two years. That is simply not acceptable.”",
        ],
        [
            ("We have waited three years for this bridge,", "Dana Okoro"),
            ("Every winter the detour adds an hour to the school run.", "Dana Okoro"),
            ("Now the council tells us to wait another two years. That is simply not acceptable.", "Dana Okoro"),
        ],
    ),
    "the attribution ends the paragraph before with a colon": (
        ["Okoro had a warning for the council:", "“If the bridge is not open by winter, we will block the road ourselves.”"],
        [("If the bridge is not open by winter, we will block the road ourselves.", "Okoro")],
    ),
    # --- pronouns and descriptions stand for someone the article named ----------------------
    "the minister: the minister named earlier": (
        ["Finance Minister Ana Ruiz presented the budget to parliament on Tuesday.", "“This budget protects the families who need it most,” the minister said."],
        [("This budget protects the families who need it most,", "Ana Ruiz")],
    ),
    "the minister: named in an appositive": (
        ["Ana Ruiz, the finance minister, presented the budget on Tuesday.", "“This budget protects the families who need it most,” the minister said."],
        [("This budget protects the families who need it most,", "Ana Ruiz")],
    ),
    "the minister: no minister named": (
        ["The budget was presented to parliament on Tuesday.", "“This budget protects the families who need it most,” the minister said."],
        [("This budget protects the families who need it most,", None)],
    ),
    "he said: the person named just before": (
        ["Mayor Tom Becker visited the flooded district on Monday.", "“We will rebuild every home that the river took from us,” he said."],
        [("We will rebuild every home that the river took from us,", "Mayor Tom Becker")],
    ),
    "she said: the last-named person of matching kind": (
        [
            "Ellen Marsh met Paul Okafor in the capital on Friday. Marsh said her office would pay for the repairs.",
            "Okafor said his engineers were ready to start.",
            "“We can begin work on the bridge within a month,” she said.",
        ],
        [("We can begin work on the bridge within a month,", "Marsh")],
    ),
    "he said after another speaker's quote": (
        ["“The talks failed because nobody would move,” said Tom Becker.", "“We will try again next week with a new mediator,” he added."],
        [
            ("The talks failed because nobody would move,", "Tom Becker"),
            ("We will try again next week with a new mediator,", "Tom Becker"),
        ],
    ),
    "it said: an organisation": (
        ["The Harbour Authority closed the port on Sunday.", "“Ships will be allowed in once the channel has been dredged,” it said."],
        [("Ships will be allowed in once the channel has been dredged,", "Harbour Authority")],
    ),
    "he said with no one named: no speaker": (
        ["“The water came up faster than anyone in the village expected,” he said."],
        [("The water came up faster than anyone in the village expected,", None)],
    ),
    "he said when only a woman was named: no speaker": (
        ["Ellen Marsh said her office would pay for the repairs.", "“The contractors have let this town down for years,” he said."],
        [("The contractors have let this town down for years,", None)],
    ),
    "she said after an unnamed spokeswoman: no speaker": (
        [
            "Ellen Marsh, the health minister, announced the inquiry on Monday.",
            "A spokeswoman for the hospital declined to name the contractor. “We do not comment on open investigations,” she said.",
        ],
        [("We do not comment on open investigations,", None)],
    ),
    "he said after the described person whom the article names": (
        ["Governor Paul Okafor signed the order on Monday.", "The governor then flew to the coast. “Nobody will be left behind this time,” he said."],
        [("Nobody will be left behind this time,", "Paul Okafor")],
    ),
    "the president is not the vice president": (
        ["Vice President Tom Reyes opened the summit.", "“We will not be lectured by anyone,” the president said."],
        [("We will not be lectured by anyone,", None)],
    ),
    "they said: a group, not a person": (
        ["Tom Becker met the striking dockworkers on Monday.", "“We are not going back until the safety rules change,” they said."],
        [("We are not going back until the safety rules change,", None)],
    ),
    "a place is not a speaker": (
        ["Rescue teams arrived in Chicago on Monday.", "“We have never seen damage like this in a city,” he said."],
        [("We have never seen damage like this in a city,", None)],
    ),
    "a description after a place is still the description": (
        ["Mayor Bill Harmon toured the site on Sunday.", "At a press conference in Riverside, the mayor said: “There is no evidence yet that this was deliberate.”"],
        [("There is no evidence yet that this was deliberate.", "Bill Harmon")],
    ),
    "a stray mark inside straight quotes (scraped text mixing styles)": (
        ['"“The port will reopen when the talks resume next week," harbour master Lena Okafor said.'],
        [("The port will reopen when the talks resume next week,", "Lena Okafor")],
    ),
    # --- what is not a key quote ---------------------------------------------------------------
    "scare quotes and short fragments": (
        ["The minister called the plan “a disgrace” and said critics were “living in the past”, according to Ruiz."],
        [],
    ),
    "a quoted title": (
        ["Okoro appeared on “The Morning Show” to discuss the strike."],
        [],
    ),
    "no direct quotation at all": (
        ["Dockworkers walked out on Monday, the union said.", "Talks will resume next week, officials said, and the port is expected to reopen."],
        [],
    ),
}


@pytest.mark.parametrize("paragraphs, expected", list(CASES.values()), ids=list(CASES))
def test_quotes_and_their_speakers(paragraphs, expected):
    assert found(*paragraphs) == expected


def test_quotes_are_verbatim_and_cite_their_sentence():
    text = "Officials met on Monday. “The port will reopen when the channel is clear,” said Lena Park. Ships waited offshore."
    (quote,) = extract_quotes(article(text))
    assert f"“{quote.text}”" in text
    assert quote.sentence.text == "“The port will reopen when the channel is clear,” said Lena Park."
    assert (quote.sentence.article_id, quote.sentence.index) == ("news/q.md", 1)


def test_a_quote_under_the_length_threshold_is_left_out_but_its_speaker_carries_on():
    short = " ".join(["word"] * (MIN_QUOTE_WORDS - 1))
    long = "We will keep the shelter open every night until the spring."
    assert found(f"“{short.capitalize()}.” said Dana Okoro. “{long}”") == [(long, "Dana Okoro")]


def test_a_briefing_without_direct_quotation_has_no_quotes():
    from generator.content import brief
    from generator.model import Event

    plain = article(
        "Dockworkers at the port of Harbor City walked out on Monday after talks on pay broke down, the union said.",
        "The port authority said ships would be diverted to Corvane until the strike ends.",
        "Talks are expected to resume next week, officials said, and the port could reopen by the weekend.",
    )
    quoting = article("“We will stay out until the employers put a written offer on the table,” said union leader Dana Okoro.")
    assert brief(Event(id="e", slug="e", title="Port strike", articles=(plain,)), summary_sentences=3).quotes == ()
    (quote,) = brief(Event(id="e", slug="e", title="Port strike", articles=(quoting,)), summary_sentences=3).quotes
    assert (quote.text, quote.speaker) == ("We will stay out until the employers put a written offer on the table,", "Dana Okoro")

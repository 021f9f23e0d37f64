"""The summariser: which sentences an event's summary shows, and why (generator/summarise.py).

Invented reports; each expectation is exact. The summary is a choice of source
sentences, verbatim, shown in reading order (earliest report first, then
position); the lede is the most central sentence that stands alone.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator import summarise as summarise_module
from generator.model import Sentence
from generator.summarise import SummarySettings, similarities, summarise


def report(article_id: str, *texts: str) -> list[Sentence]:
    return [Sentence(text, article_id, index) for index, text in enumerate(texts)]


COURIER = report(
    "courier.md",
    "Dockworkers at the Port of Harbor City walked off the job on Tuesday after contract talks with port employers collapsed overnight.",
    "The strike halted loading at all four container terminals, leaving 14 cargo ships waiting at anchor outside the harbor.",
    "Union leader Maria Lopez said the dockworkers would stay off the job until employers agreed to limits on automated cranes.",
    "She said the talks had broken down over automation, not pay.",
    "The port handles about a third of the country's container traffic.",
    "Photo: Harbor Courier",
    "Employers said they were ready to return to the talks at any time.",
)
LEDGER = report(
    "ledger.md",
    "Contract talks between dockworkers and employers at the Port of Harbor City collapsed overnight, and the dockworkers walked off the job on Tuesday.",
    "Fourteen cargo ships were waiting at anchor outside the harbor by Tuesday evening, the port authority said.",
    "Retailers warned that a long strike at the port would empty shelves before the holidays.",
    'Lopez said: "We have waited two years for a fair deal.',
    'We will not wait any longer."',
)


def places(sentences) -> list[tuple[str, int]]:
    return [(s.article_id, s.index) for s in sentences]


def test_similarity_is_the_cosine_of_word_counts_without_stop_words():
    # "dockworkers ended strike" · "strike ended friday": two shared words of three each.
    sim = similarities(["The dockworkers ended the strike.", "The strike ended on Friday.", "It was over."])
    assert sim[0, 1] == pytest.approx(2 / 3)
    assert sim[0, 2] == 0.0
    assert list(sim.diagonal()) == [1.0, 1.0, 0.0]  # "It was over." has no word that counts
    # A repeated word counts 1 + log(count), not twice: "strike strike" is mostly "strike".
    assert similarities(["strike strike port", "strike"])[0, 1] == pytest.approx((1 + 0.6931471805599453) / (((1 + 0.6931471805599453) ** 2 + 1) ** 0.5))


def test_the_summary_is_the_most_central_sentences_in_reading_order_each_said_once():
    summary = summarise([COURIER, LEDGER], SummarySettings(sentences=3))
    # Ledger's first sentence says what Courier's says (similarity 0.97): it is left out.
    assert places(summary.sentences) == [("courier.md", 0), ("courier.md", 6), ("ledger.md", 1)]
    assert summary.lede == COURIER[0]
    assert all(s in COURIER + LEDGER for s in summary.sentences)  # verbatim source sentences


def test_every_usable_sentence_is_ranked_most_central_first():
    summary = summarise([COURIER, LEDGER], SummarySettings(sentences=3))
    # Not ranked: the photo credit (under 6 words) and the two halves of Lopez's
    # quotation, whose quotation marks open in one sentence and close in the next.
    assert places(summary.ranked) == [
        ("courier.md", 0), ("ledger.md", 0), ("ledger.md", 1), ("courier.md", 6), ("courier.md", 2),
        ("courier.md", 1), ("courier.md", 3), ("courier.md", 4), ("ledger.md", 2),
    ]


def test_a_pronoun_opening_comes_after_the_sentence_it_leans_on():
    summary = summarise([COURIER, LEDGER], SummarySettings(sentences=5))
    # "She said the talks had broken down…" follows "Union leader Maria Lopez said…".
    # Courier's "leaving 14 cargo ships waiting at anchor", more central than "She
    # said…", is out: Ledger's "Fourteen cargo ships were waiting at anchor" said it
    # (0.48: two outlets' words for one fact; within one report 0.5 would be needed).
    assert places(summary.sentences) == [
        ("courier.md", 0), ("courier.md", 2), ("courier.md", 3), ("courier.md", 6), ("ledger.md", 1),
    ]
    across = summarise([COURIER, LEDGER], SummarySettings(sentences=5, redundancy_across=0.5))
    assert places(across.sentences) == [
        ("courier.md", 0), ("courier.md", 1), ("courier.md", 2), ("courier.md", 6), ("ledger.md", 1),
    ]


BUDGET = report(
    "budget.md",
    "Harbor City council approved a 1.2-billion-dollar budget for next year on Monday evening.",
    "The budget raises spending on roads, schools and parks, and the council will pay for it with a higher property tax.",
    "Councillor Dana Whitfield grew up on a farm near the northern border and trained as an accountant.",
    "She said the council budget would cost a typical homeowner about 140 dollars more in property tax next year.",
    "Council members voted 9-2 for the budget after a debate that lasted more than six hours.",
    "Residents filled the public gallery and several spoke against the property tax rise.",
    "The mayor must sign the budget by the end of the month.",
)


def test_a_pronoun_opening_whose_antecedent_is_not_central_is_skipped():
    summary = summarise([BUDGET], SummarySettings(sentences=3))
    # "She said…" is the most central sentence, but "She" is Councillor Whitfield of
    # the farm and the accountancy training, the least central sentence: not among
    # the 2 × 3 most central, so neither is shown.
    assert summary.ranked[0] == BUDGET[3] and summary.ranked[-1] == BUDGET[2]
    assert places(summary.sentences) == [("budget.md", 0), ("budget.md", 1), ("budget.md", 4)]
    assert summary.lede == BUDGET[1]  # the most central sentence that stands alone


def test_with_room_for_both_the_antecedent_comes_with_it():
    # Four sentences: the 2 × 4 most central include the antecedent.
    summary = summarise([BUDGET], SummarySettings(sentences=4))
    assert places(summary.sentences) == [("budget.md", 0), ("budget.md", 1), ("budget.md", 2), ("budget.md", 3)]


def test_large_events_take_the_sparse_and_iterative_path_to_the_same_summary(monkeypatch):
    events = [[COURIER, LEDGER], [BUDGET]]
    expected = [summarise(event, SummarySettings(sentences=4)) for event in events]
    monkeypatch.setattr(summarise_module, "_DENSE_CELLS", 0)
    monkeypatch.setattr(summarise_module, "_SOLVE_LIMIT", 0)
    assert [summarise(event, SummarySettings(sentences=4)) for event in events] == expected


def test_without_a_sentence_of_summary_length_the_first_sentences_stand_in():
    short = [report("a.md", "Port shut.", "Talks off."), report("b.md", "Ships wait outside.")]
    summary = summarise(short, SummarySettings(sentences=3))
    assert places(summary.sentences) == [("a.md", 0), ("b.md", 0)]
    assert summary.lede == short[0][0]


def test_sentences_of_stop_words_only_are_kept_in_their_order():
    empty = report("a.md", "It was all that they had to do there.", "And then there were none of them left here.")
    summary = summarise([empty], SummarySettings(sentences=1))
    assert places(summary.sentences) == [("a.md", 0)]


# --- the FAQ's "why" questions (generator/content.py) ---------------------------------------------

FLOOD = report(
    "flood.md",
    "The River Marle burst its banks in Port Marlow on Wednesday, flooding about 400 homes and closing the town's only bridge.",
    "The river rose after 90 millimetres of rain fell on the hills above the town in less than a day.",
    "Flood defences promised in 2019 were never built because the council could not agree on who would pay for them.",
    "Water reached the town hall shortly after midnight, council staff said.",
    "The council said it would open a rest centre at the leisure centre for families who could not go home.",
    "With the bridge shut, the only road out of the town is a 40-minute detour, which means ambulances from Sandrith take twice as long to arrive.",
    "The environment minister is due to visit the town on Friday.",
)


def why_answers(sentences: list[Sentence], summary_sentences: int = 2) -> list[tuple[str, tuple[str, int]]]:
    """The why questions a briefing of this one report asks, each with the sentence that answers it."""
    from generator.content import generated_faq
    from generator.model import Event

    summary = summarise([sentences], SummarySettings(sentences=summary_sentences))
    event = Event(id="e", slug="e", title="Flood", articles=())
    faq = generated_faq(event, sentences, set(summary.sentences), summary.ranked)
    return [(item.question, (item.sentence.article_id, item.sentence.index)) for item in faq if item.question.startswith("Why")]


def test_why_questions_are_answered_by_a_cause_and_by_a_consequence():
    # The summary (sentences 1 and 3) already says the river rose after the rain.
    assert places(summarise([FLOOD], SummarySettings(sentences=2)).sentences) == [("flood.md", 1), ("flood.md", 3)]
    # "because the council could not agree" is a cause; "which means ambulances … take
    # twice as long" a consequence. Not answers: "shortly after midnight" (a time), "said
    # it would open a rest centre" (an intention), "families who could not go home" (no
    # possibility), "is due to visit" (a timetable).
    assert why_answers(FLOOD) == [("Why did it happen?", ("flood.md", 2)), ("Why does it matter?", ("flood.md", 5))]


def test_a_why_question_is_asked_only_when_a_sentence_answers_it():
    without_cues = [FLOOD[0], FLOOD[1], FLOOD[3], FLOOD[4], FLOOD[6]]
    assert why_answers(without_cues) == []


def test_of_equal_answers_the_most_central_is_chosen():
    causes = report(
        "port.md",
        "Dockworkers at the Port of Harbor City walked off the job on Tuesday after contract talks with port employers collapsed.",
        "The union said the talks failed because employers would not put limits on automated cranes at the port into writing.",
        "A separate dispute on the railways last spring ended because the regional government stepped in with extra money.",
        "Ships waiting outside the port of Harbor City were told to expect delays of at least a week.",
        "Retailers said the dockworkers' strike could leave shelves empty before the holidays.",
    )
    # The summary is the first sentence. Two others say "because": the one about this
    # strike, more central to the event than the railway dispute, answers.
    assert why_answers(causes, summary_sentences=1) == [("Why did it happen?", ("port.md", 1)), ("Why does it matter?", ("port.md", 4))]


# The token pattern of scikit-learn's vectoriser, which the summariser used before
# writing it faster; the words found must stay the same.
SCIKIT_LEARN_TERM = re.compile(r"(?u)\b\w[\w'-]+\b")
TRICKY = [
    "year's one-off 'quoted' -dash- a b c x' 'x -- a-b a--b a'-'b 'tis rock'n'roll co_op __ _a_",
    "£5.2bn, €40m and 3.5% – “curly” ‘quotes’ — dashes… ellipsis",
    "café naïve Zürich São Paulo Ελλάδα Σ σ ς İstanbul ǅ ² ½ ٣ x²",
    "trailing hyphen- and apostrophe' then\x00nul\tand\ttabs\nnew line",
    "",
]


def words_found(pattern: re.Pattern[str], text: str) -> list[str]:
    return [found for found in pattern.findall(text) if found != "\x00"]  # separators are no words


def ascii_expression_applies(text: str) -> bool:
    """What similarities() tests before taking the ASCII expression: no non-ASCII word character."""
    return not any(ch.isalnum() for ch in text if not ch.isascii())


@pytest.mark.parametrize("text", TRICKY)
def test_the_word_expressions_find_what_the_scikit_learn_pattern_finds(text):
    lowered = text.lower()
    expected = SCIKIT_LEARN_TERM.findall(lowered)
    assert summarise_module._TERM.findall(lowered) == expected
    assert words_found(summarise_module._TERM_OR_SEPARATOR, lowered) == expected
    if ascii_expression_applies(lowered):
        assert words_found(summarise_module._ASCII_TERM_OR_SEPARATOR, lowered) == expected


@given(st.text(alphabet=st.sampled_from("ab1_'- .,\x00£é–“”Σς²"), max_size=40))
@hypothesis_settings(max_examples=300, deadline=None)
def test_the_word_expressions_agree_with_the_scikit_learn_pattern_on_any_text(text):
    expected = SCIKIT_LEARN_TERM.findall(text)
    assert words_found(summarise_module._TERM_OR_SEPARATOR, text) == expected
    if ascii_expression_applies(text):
        assert words_found(summarise_module._ASCII_TERM_OR_SEPARATOR, text) == expected


def test_words_outside_ascii_count_like_any_other():
    sim = similarities(["Café owners in Zürich protest.", "The café owners protest.", "Prices rose by £5 in Zürich."])
    assert sim[0, 1] == pytest.approx(3 / (3**0.5 * 4**0.5))  # café, owners, protest of {café, owners, zürich, protest}
    assert sim[0, 2] == pytest.approx(1 / (4**0.5 * 3**0.5))  # zürich, of {prices, rose, zürich}


def test_term_weights_are_one_plus_the_log_of_the_count():
    weights = summarise_module._term_weights(5)
    assert weights[0] == 0.0
    assert list(weights[1:]) == [1.0 + float(np.log(k)) for k in range(1, 6)]


def test_a_large_event_summarised_on_one_blas_thread_is_the_same(monkeypatch):
    expected = summarise([COURIER, LEDGER], SummarySettings(sentences=4))
    monkeypatch.setattr(summarise_module, "_ONE_BLAS_THREAD_FROM", 0)  # every size takes the one-thread path
    assert summarise([COURIER, LEDGER], SummarySettings(sentences=4)) == expected

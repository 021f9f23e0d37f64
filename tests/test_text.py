"""Normalising lines and splitting sentences."""

import pytest

from generator.text import normalise_line, split_sentences


@pytest.mark.parametrize(
    "line, expected",
    [
        ("  Plain   words  ", "Plain words"),
        ("one space stays", "one space stays"),
        ("tab\there", "tab here"),
        ("no\u00a0break, thin\u2009space, ideographic\u3000space", "no break, thin space, ideographic space"),
        ("zero\u200bwidth", "zero width"),
        ("\ufeffbom and \x07bell", "bom and bell"),
        ("Cafe\u0301 \u201cquoted\u201d", "Caf\u00e9 \u201cquoted\u201d"),  # NFC; curly quotes are printable
        (" \u00a0 ", ""),
    ],
)
def test_normalise_line(line, expected):
    assert normalise_line(line) == expected


def test_sentences_split_after_terminal_punctuation_not_abbreviations():
    paragraph = 'Mr. Smith arrived at 9 a.m. on Monday. "We are ready," he said. J. R. Smith agreed! Did he? Yes.'
    assert split_sentences(paragraph) == [
        "Mr. Smith arrived at 9 a.m. on Monday.",
        '"We are ready," he said.',
        "J. R. Smith agreed!",
        "Did he?",
        "Yes.",
    ]


def test_white_space_alone_has_no_sentences():
    assert split_sentences("   ") == []

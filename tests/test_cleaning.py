"""The cleaner on scrapes written in the style of real ones (tests/fixtures/scrapes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.cleaning import clean
from generator.model import RawDocument
from generator.reading import read_source

from .conftest import FIXTURES

SCRAPES = FIXTURES / "scrapes"
EXPECTED = yaml.safe_load((SCRAPES / "expected.yml").read_text(encoding="utf-8"))
RESIDUE = (
    "Please enter your comment",
    "Please enter your name here",
    "Akismet",
    "Most Popular",
    "Recent Comments",
    "Source :",
    "syndicated feed",
    "From the Desk of",
    "Home",
)


def read_fixture(name: str):
    return clean(read_source(SCRAPES / name, 10_000_000), name)


def first_words(text: str, count: int = 8) -> str:
    return " ".join(text.split()[:count])


def last_words(text: str, count: int = 8) -> str:
    return " ".join(text.split()[-count:])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scrape_is_read_as_expected(name: str):
    expected = EXPECTED[name]
    article = read_fixture(name)
    if expected["title"] is not None:
        assert article.title == expected["title"]
    assert article.outlet == expected["outlet"]
    assert article.author == expected["author"]
    assert article.published.date() == date.fromisoformat(expected["published"])
    assert (article.updated.date().isoformat() if article.updated else None) == expected["updated"]
    assert len(article.paragraphs) == expected["paragraphs"]
    assert first_words(article.paragraphs[0]) == expected["first_paragraph_starts"]
    assert last_words(article.paragraphs[-1]) == expected["last_paragraph_ends"]
    assert [[p.question, p.answer] for p in article.faq] == expected["faq"]
    assert sorted(p.code for p in article.warnings) == sorted(expected["warnings"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_page_chrome_survives(name: str):
    article = read_fixture(name)
    text = "\n".join([article.title, *article.paragraphs, *(p.question + p.answer for p in article.faq)])
    for residue in RESIDUE:
        assert not any(line.startswith(residue) for line in text.splitlines()), residue
    assert "Please enter" not in text and "Akismet" not in text


def raw(*lines: str, **metadata) -> RawDocument:
    return RawDocument(path=Path("x.txt"), format="text", lines=lines, metadata=metadata)


def test_breadcrumb_glued_to_title_without_a_repeat():
    article = clean(raw("Tuesday, March 4, 2025", "HomeBusinessGrain prices climb again", "", "Prices rose for a third week."), "x")
    assert article.title == "Grain prices climb again"
    assert article.paragraphs == ("Prices rose for a third week.",)


def test_contradicting_header_dates_keep_the_earlier_as_published():
    article = clean(raw(" date 2023-11-17 Updated Oct. 17, 2023 12:28 am ET", "", "A leader arrived yesterday."), "x")
    assert article.published.date() == date(2023, 10, 17)
    assert article.updated.date() == date(2023, 11, 17)
    [warning] = [w for w in article.warnings if w.code == "date-conflict"]
    assert "2023-11-17" in warning.message and "Oct. 17, 2023" in warning.message


def test_front_matter_written_by_a_person_wins():
    article = clean(
        raw(" date 2023-11-17 Updated Oct. 17, 2023", "", "Body text here.", title="Fixed title", published="2023-11-20", outlet="Desk"),
        "x",
    )
    assert (article.title, article.outlet, article.published.date()) == ("Fixed title", "Desk", date(2023, 11, 20))
    assert not [w for w in article.warnings if w.code == "date-conflict"]


@pytest.mark.parametrize("dateline", ["Tuesday, May 24, 2005", "21 July 2013 Last updated at 11:11 GMT", "9:53 AM, MON 22 JUL 2013"])
def test_a_headline_that_is_only_a_date_gives_way_to_the_first_sentence(dateline):
    article = clean(
        raw("Crews fought the blaze at the Wellbridge depot for six hours. Nobody was hurt.", title=dateline, published="2013-07-22", outlet="Desk"),
        "x",
    )
    assert article.title == "Crews fought the blaze at the Wellbridge depot for six hours"
    assert [w.code for w in article.warnings] == ["title-is-a-date", "no-title"]
    assert repr(dateline) in article.warnings[0].message


def test_a_headline_that_only_names_a_day_is_kept():
    article = clean(raw("Body.", title="March 3 vote set for port deal", published="2025-03-01", outlet="Desk"), "x")
    assert article.title == "March 3 vote set for port deal" and article.warnings == ()


def test_outlet_signature_is_metadata_not_text():
    article = clean(raw("Monday, May 5, 2025", "Title here", "", "Body.", "From the Desk of TheCopperGazette"), "x")
    assert article.outlet == "TheCopperGazette"
    assert article.paragraphs == ("Body.",)


def test_the_footer_and_everything_after_it_is_dropped():
    article = clean(
        raw("Monday, May 5, 2025", "A headline", "", "Real paragraph.", "Most Popular", "Another story headline", "Recent Comments"),
        "x",
    )
    assert article.paragraphs == ("Real paragraph.",)


def test_faq_pairs_are_lifted_out_of_the_body():
    article = clean(
        raw("Monday, May 5, 2025", "A headline", "", "Body.", "FAQ:", "Q: Why?", "A: Because.", "Q: When?", "A: Now."),
        "x",
    )
    assert [(p.question, p.answer) for p in article.faq] == [("Why?", "Because."), ("When?", "Now.")]
    assert article.paragraphs == ("Body.",)

"""Golden files: the full rendered Markdown of two briefings of the example corpus.

A change to what a page says shows up here as a diff to review. To accept an
intended change: `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`
and commit tests/golden/.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from generator.build import build
from generator.config import load_settings

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
PAGES = [
    # Four outlets, quotes with named speakers, a timeline, coverage by outlet.
    "events/2025/03/2025-03-04-dockworkers-walk-out-as-harbor-city-port-talks-collapse.md",
    # Part of a story; a raw scrape with contradicting dates and no headline among its sources.
    "events/2025/09/2025-09-22-voss-returns-to-castellan-to-sign-bregan-strait-power-cable.md",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    settings = replace(load_settings(ROOT / "briefings.yml"), out=tmp_path_factory.mktemp("briefings"))
    build(settings)
    return settings.out


@pytest.mark.parametrize("page", PAGES)
def test_rendered_page_matches_its_golden_file(built, page):
    rendered = (built / page).read_text(encoding="utf-8")
    golden = GOLDEN / page.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_each_key_quote_is_its_own_blockquote(built):
    # Python-Markdown would join quotes that only a blank line separates into one box.
    import markdown

    page = (built / PAGES[0]).read_text(encoding="utf-8")
    quotes = page.split("## Key quotes", 1)[1].split("<!-- briefings:end quotes -->", 1)[0]
    html = markdown.markdown(quotes, extensions=["footnotes"])
    starts = [line for line in quotes.splitlines() if line.startswith("> “")]
    assert len(starts) == html.count("<blockquote>") == 6

"""Every sentence a briefing shows is traceable, word for word, to the source it cites."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.build import build
from generator.config import load_settings
from generator.provenance import claims_on, unsupported

from .conftest import ROOT


@pytest.fixture(scope="module")
def example_pages(tmp_path_factory):
    settings = replace(load_settings(ROOT / "briefings.yml"), out=tmp_path_factory.mktemp("briefings"))
    report = build(settings)
    articles = {article.id: article for article in report.articles}
    pages = {p: p.read_text(encoding="utf-8") for p in sorted((settings.out / "events").rglob("*.md"))}
    return pages, articles


def test_every_cited_claim_occurs_verbatim_in_its_source(example_pages):
    pages, articles = example_pages
    total = 0
    for path, page in pages.items():
        claims = claims_on(page)
        assert claims, f"{path} cites nothing"
        total += len(claims)
        assert unsupported(page, articles) == [], path
    assert total >= 100  # summaries, quotes, answers, timeline rows and coverage of ten events


def test_an_altered_sentence_is_caught(example_pages):
    pages, articles = example_pages
    path, page = next(iter(pages.items()))
    claim = next(c for c in claims_on(page) if len(c.text.split()) > 8)
    words = claim.text.split()
    altered_text = " ".join(words[:3] + ["allegedly"] + words[3:])
    first_line = page.splitlines()[claim.line]
    altered_page = page.replace(first_line, first_line.replace(" ".join(words[:4]), " ".join(words[:3] + ["allegedly", words[3]]), 1))
    assert altered_page != page
    failures = unsupported(altered_page, articles)
    assert [f.text for f in failures] == [altered_text]


def test_a_citation_to_the_wrong_source_is_caught(example_pages):
    pages, articles = example_pages
    page = next(p for p in pages.values() if "[^2]" in p)
    lines = page.splitlines()
    cited_to_first = {c.text for c in claims_on(page) if "[^1]" in lines[c.line]}
    # Point every claim cited to source 1 at source 2 instead (definitions untouched).
    moved = "\n".join(l if l.startswith("[^") else l.replace("[^1]", "[^2]") for l in lines)
    failures = {f.text for f in unsupported(moved, articles)}
    assert failures and failures <= cited_to_first

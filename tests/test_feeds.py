"""feed.xml (RSS 2.0) and feed.json (JSON Feed 1.1): the latest briefings, parsed back."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest

from generator.build import build
from generator.checking import check_problems
from generator.config import load_settings
from generator.syndication import page_url, site_url

from .conftest import ROOT, canonical

BASE = "https://example.org/briefing-digest/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("feeds") / "briefings"
    settings = replace(load_settings(ROOT / "briefings.yml"), out=out)
    return settings, build(settings)


def test_the_project_site_url_is_the_feeds_base():
    assert site_url(ROOT / "mkdocs.yml") == BASE


def test_rss_lists_the_latest_briefings_newest_first(built):
    settings, report = built
    parsed = feedparser.parse((settings.out / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Briefing Digest"
    assert parsed.feed.link == BASE
    entries = parsed.entries
    assert len(entries) == min(report.events, settings.latest_count) == 10
    dates = [datetime(*entry.published_parsed[:6], tzinfo=timezone.utc) for entry in entries]
    assert dates == sorted(dates, reverse=True)
    pages = {p.relative_to(settings.out).as_posix() for p in (settings.out / "events").rglob("*.md")}
    for entry in entries:
        assert entry.link.startswith(BASE + "events/") and entry.link.endswith("/")
        assert entry.link.removeprefix(BASE).removesuffix("/") + ".md" in pages
        assert entry.id == entry.link
        assert entry.title and entry.summary
    newest = entries[0]
    assert newest.title == "Storm Delphine floods Port Marlow as River Marle bursts its banks"
    assert dates[0] == datetime(2025, 10, 8, 13, 10, tzinfo=timezone.utc)
    assert "Storm Delphine" in newest.summary


def test_each_item_is_its_briefing(built):
    """Title, lede and date of each item are the briefing page's own."""
    settings, _ = built
    parsed = feedparser.parse((settings.out / "feed.xml").read_bytes())
    for entry in parsed.entries:
        page = settings.out / (entry.link.removeprefix(BASE).removesuffix("/") + ".md")
        text = page.read_text(encoding="utf-8")
        assert f"title: {entry.title}" in text or f"title: '{entry.title}'" in text or f'title: "{entry.title}"' in text
        assert entry.published_parsed[:3] == tuple(int(part) for part in page.name[:10].split("-"))


def test_json_feed_matches_the_rss(built):
    settings, _ = built
    feed = json.loads((settings.out / "feed.json").read_text(encoding="utf-8"))
    rss = feedparser.parse((settings.out / "feed.xml").read_bytes())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["home_page_url"] == BASE and feed["feed_url"] == BASE + "feed.json"
    assert [i["title"] for i in feed["items"]] == [e.title for e in rss.entries]
    assert [i["url"] for i in feed["items"]] == [e.link for e in rss.entries]
    assert [i["summary"] for i in feed["items"]] == [e.summary for e in rss.entries]
    dates = [datetime.fromisoformat(i["date_published"]) for i in feed["items"]]
    assert dates == sorted(dates, reverse=True)
    assert [d.astimezone(timezone.utc).timetuple()[:6] for d in dates] == [e.published_parsed[:6] for e in rss.entries]


def test_the_front_page_links_the_feeds(built):
    settings, _ = built
    index = (settings.out / "index.md").read_text(encoding="utf-8")
    assert "(feed.xml)" in index and "(feed.json)" in index


def test_feeds_are_deterministic_and_checked(built, tmp_path):
    settings, _ = built
    before = {name: (settings.out / name).read_bytes() for name in ("feed.xml", "feed.json")}
    again = build(settings)
    assert not [p for p in again.written if p.suffix != ".md"]
    assert {name: (settings.out / name).read_bytes() for name in before} == before
    # A fresh folder gets the same bytes.
    other = replace(settings, out=tmp_path / "briefings")
    build(other)
    assert {name: (other.out / name).read_bytes() for name in before} == before
    # `briefings check` notices a missing or edited feed; a build restores it atomically.
    (other.out / "feed.xml").unlink()
    (other.out / "feed.json").write_text("{}", encoding="utf-8")
    problems = check_problems(build(other, write=False))
    assert any("feed.xml: missing" in p for p in problems)
    assert any("feed.json: the file is out of date" in p for p in problems)
    build(other)
    assert {name: (other.out / name).read_bytes() for name in before} == before
    assert not list(other.out.glob(".feed*"))  # no temporary files left


def test_no_site_url_no_feeds(project, tmp_path):
    settings = project({"a.md": canonical("Harbour reopens", "Courier", "2025-01-02", "The harbour reopened on Monday.")})
    settings = replace(settings, mkdocs_file=tmp_path / "absent.yml")
    build(settings)
    assert not (settings.out / "feed.xml").exists() and not (settings.out / "feed.json").exists()
    assert "(feed.xml)" not in (settings.out / "index.md").read_text(encoding="utf-8")


HOSTILE_TITLE = "Fish & <chips> \"]]> </title><script>alert('x')</script> done"
HOSTILE_TEXT = "Crowds said <b>&amp;</b> ]]> <![CDATA[ x ]]> \x02\x0b the pier reopened after repairs on Monday."


def test_hostile_text_stays_text_in_both_feeds(project, tmp_path):
    settings = project({"a.md": canonical(HOSTILE_TITLE.replace('"', "'"), "Courier", "2025-01-02", HOSTILE_TEXT, "More about the pier.")})
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: https://news.example/a&b/\nx: !ENV [HOME]\n", encoding="utf-8")
    settings = replace(settings, mkdocs_file=tmp_path / "mkdocs.yml")
    report = build(settings)
    assert report.errors == []
    rss = (settings.out / "feed.xml").read_bytes()
    parsed = feedparser.parse(rss)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert b"<script>" not in rss and b"<b>" not in rss
    entry = parsed.entries[0]
    assert "<script>alert('x')</script>" in entry.title  # literal text, escaped in the XML
    assert entry.link.startswith("https://news.example/a&b/events/")
    feed = json.loads((settings.out / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["title"] == entry.title
    assert "<b>&amp;</b>" in feed["items"][0]["summary"]


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("events/2025/01/a b.md", BASE + "events/2025/01/a%20b/"),
        ("index.md", BASE),
        ("stories/index.md", BASE + "stories/"),
    ],
)
def test_page_urls(page, url):
    assert page_url(BASE, page) == url

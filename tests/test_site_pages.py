"""Site-level pages: the month archive, pagination, the timeline, coverage charts, outlets, JSON twins."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from generator.build import build, read_and_group
from generator.charts import coverage_svg
from generator.config import load_settings
from generator.content import sentences_of
from generator.errors import ConfigError
from generator.outlets import Outlet, Registry, load_outlets, outlet_key, reach
from generator.site_pages import numbered_path, paginate

from .conftest import ROOT

pytestmark = pytest.mark.slow

STORM = "events/2025/10/2025-10-08-storm-delphine-floods-port-marlow-as-river-marle-bursts-its.md"
CUP = "events/2025/05/2025-05-24-adjei-s-extra-time-winner-brings-the-corvane-cup-home-to-the.md"
RATES = "events/2025/05/2025-05-08-split-vote-as-corvane-reserve-bank-lowers-rates-to-3-50.md"
STRIKE = "events/2025/03/2025-03-04-dockworkers-walk-out-as-harbor-city-port-talks-collapse.md"
CORRA = "events/2025/01/2025-01-15-storm-corra-batters-northern-coast-as-bellhaven-sea-wall-way.md"
STORY = "stories/story-2025-03-17-estmark-s-voss-arrives-in-castellan-for-first-official-visit"


def example_settings(out: Path, **changes):
    return replace(load_settings(ROOT / "briefings.yml"), out=out, **changes)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example corpus built with the default settings (page size 50)."""
    settings = example_settings(tmp_path_factory.mktemp("site") / "briefings")
    report = build(settings)
    assert report.errors == [] and report.page_errors == []
    return settings.out


def body(path: Path) -> str:
    """A generated page's text between its front matter and the end marker."""
    text = path.read_text(encoding="utf-8")
    return text.split("<!-- briefings:begin page -->\n", 1)[1].split("<!-- briefings:end page -->", 1)[0].strip()


# --- the month archive -------------------------------------------------------------------


def test_the_archive_index_lists_months_newest_first_with_counts(site):
    assert body(site / "archive/index.md") == """# Archive

10 briefings, month by month, newest first.

- [October 2025](../archive/2025-10.md) — 1 briefing
- [September 2025](../archive/2025-09.md) — 1 briefing
- [August 2025](../archive/2025-08.md) — 1 briefing
- [July 2025](../archive/2025-07.md) — 1 briefing
- [June 2025](../archive/2025-06.md) — 1 briefing
- [May 2025](../archive/2025-05.md) — 2 briefings
- [March 2025](../archive/2025-03.md) — 2 briefings
- [January 2025](../archive/2025-01.md) — 1 briefing

See also the [timeline](../timeline.md) of dated happenings and the [tags](../tags.md)."""


def test_a_month_page_lists_its_briefings_newest_first_with_date_lede_and_outlets(site):
    assert body(site / "archive/2025-05.md") == f"""# May 2025

2 briefings, newest first · [All months](../archive/index.md)

- 24 May 2025 — [Adjei's extra-time winner brings the Corvane Cup home to the Mariners](../{CUP}) · 2 outlets

    Kwame Adjei scored in the 112th minute as Harbor City Mariners beat Northgate Rovers 2-1 after extra time in the Corvane Cup final at Kingsmead Stadium in Lakeshore on Saturday, winning the trophy for the first time in 19 years.

- 8 May 2025 — [Split vote as Corvane Reserve Bank lowers rates to 3.50%](../{RATES}) · 3 outlets

    Yesterday's decision by the Corvane Reserve Bank to cut interest rates to 3.50 percent will bring modest relief to homeowners on variable-rate mortgages, but savers are likely to see returns fall, analysts said on Friday."""
    front = (site / "archive/2025-05.md").read_text(encoding="utf-8").split("---\n")[1]
    assert "title: May 2025\ndescription: Briefings of May 2025, newest first.\n" in front


def test_every_month_page_together_lists_every_briefing_once(site):
    listed = []
    for page in sorted((site / "archive").glob("2025-*.md")):
        listed += re.findall(r"\]\(\.\./(events/[^)]+\.md)\)", page.read_text(encoding="utf-8"))
    every = sorted(p.relative_to(site).as_posix() for p in (site / "events").rglob("*.md"))
    assert sorted(listed) == every


def test_the_front_page_links_the_archive_timeline_outlets_and_feeds_indexes(site):
    index = (site / "index.md").read_text(encoding="utf-8")
    for line in [
        "- [Archive by month](archive/index.md)",
        "- [Timeline](timeline.md) of dated happenings across every briefing",
        "- [Stories](stories/index.md): events that continue one thread",
        "- [People, places and organisations](entities/index.md)",
        "- [Outlets](outlets.md): who reported, from where, owned by whom",
        "- [Tags](tags.md)",
    ]:
        assert "\n" + line + "\n" in index
    # newest first, each with its date, outlets, reports and tags
    assert index.index(f"## [Storm Delphine floods Port Marlow") < index.index("## [Voss returns to Castellan")
    assert "<small>8 October 2025 · 3 outlets · 3 reports · " in index


# --- pagination --------------------------------------------------------------------------


def test_paginate_cuts_from_the_oldest_and_links_newer_and_older():
    pages = paginate(list("edcba"), 2, "archive/2025-10")  # newest first
    assert [(p.path, p.part, p.newer, p.older, chunk) for p, chunk in pages] == [
        ("archive/2025-10.md", None, None, "archive/2025-10-2.md", ["e"]),
        ("archive/2025-10-2.md", 2, "archive/2025-10.md", "archive/2025-10-1.md", ["d", "c"]),
        ("archive/2025-10-1.md", 1, "archive/2025-10-2.md", None, ["b", "a"]),
    ]
    assert [(p.path, chunk) for p, chunk in paginate([], 2, "timeline/2025-10")] == [("timeline/2025-10.md", [])]
    assert numbered_path("archive/2025-10", None) == "archive/2025-10.md"
    assert numbered_path("archive/2025-10", 12) == "archive/2025-10-12.md"


def test_a_new_entry_changes_only_the_newest_page_and_old_parts_keep_their_entries():
    before = {p.path: (p, chunk) for p, chunk in paginate(list(range(7, 0, -1)), 3, "m")}  # 7 … 1
    after = {p.path: (p, chunk) for p, chunk in paginate(list(range(8, 0, -1)), 3, "m")}  # 8 arrives
    assert {path for path in after if after[path] != before.get(path)} == {"m.md"}
    assert after["m-1.md"][1] == [3, 2, 1] and after["m.md"][1] == [8, 7]
    full = {p.path: (p, chunk) for p, chunk in paginate(list(range(9, 0, -1)), 3, "m")}  # 9: the landing page is full
    grown = {p.path: (p, chunk) for p, chunk in paginate(list(range(10, 0, -1)), 3, "m")}  # 10: it becomes part 3
    assert {path for path in grown if grown[path] != full.get(path)} == {"m.md", "m-3.md", "m-2.md"}  # m-2: its newer link
    assert grown["m-3.md"][1] == full["m.md"][1] == [9, 8, 7]


@pytest.fixture(scope="module")
def tiny_pages(tmp_path_factory) -> tuple[Path, dict[str, str], object]:
    """The example corpus with one entry per page, then rebuilt with 40 per page."""
    out = tmp_path_factory.mktemp("tiny") / "briefings"
    build(example_settings(out, page_size=1))
    one_per_page = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    report = build(example_settings(out, page_size=40))
    return out, one_per_page, report


def test_a_long_month_is_split_into_pages_with_newer_and_older_links(tiny_pages):
    _, pages, _ = tiny_pages
    assert sorted(p for p in pages if p.startswith("archive/")) == [
        "archive/2025-01.md", "archive/2025-03-1.md", "archive/2025-03.md", "archive/2025-05-1.md",
        "archive/2025-05.md", "archive/2025-06.md", "archive/2025-07.md", "archive/2025-08.md",
        "archive/2025-09.md", "archive/2025-10.md", "archive/index.md",
    ]
    newest, oldest = pages["archive/2025-05.md"], pages["archive/2025-05-1.md"]
    assert "\n[Older →](../archive/2025-05-1.md)\n" in newest
    assert "\n[← Newer](../archive/2025-05.md)\n" in oldest
    assert f"(../{CUP})" in newest and f"(../{RATES})" not in newest
    assert f"(../{RATES})" in oldest and "# May 2025, part 1\n" in oldest
    assert "\n2 briefings, newest first · [All months](../archive/index.md)\n" in newest
    assert "\nOlder briefings of May 2025, newest first · [All months](../archive/index.md)\n" in oldest
    assert "- [May 2025](../archive/2025-05.md) — 2 briefings" in pages["archive/index.md"]
    assert "Older →" not in pages["archive/2025-10.md"]  # one page: no links to others


def test_a_long_timeline_month_is_split_the_same_way(tiny_pages):
    out, pages, report = tiny_pages
    march = {p for p in pages if p.startswith("timeline/2025-03")}
    assert march == {"timeline/2025-03.md"} | {f"timeline/2025-03-{n}.md" for n in range(1, 18)}  # 18 happenings
    assert "\n[Older →](../timeline/2025-03-17.md)\n" in pages["timeline/2025-03.md"]
    assert "\n[← Newer](../timeline/2025-03-9.md) · [Older →](../timeline/2025-03-7.md)\n" in pages["timeline/2025-03-8.md"]
    assert "\n[← Newer](../timeline/2025-03-2.md)\n" in pages["timeline/2025-03-1.md"]
    assert "| 3 March 2025 |" in pages["timeline/2025-03-1.md"] and "| 18 March 2025 |" in pages["timeline/2025-03.md"]
    # rebuilt with 40 a page: the pages no longer needed are removed, nobody having edited them
    assert sorted(p.relative_to(out).as_posix() for p in (out / "timeline").glob("2025-03*.md")) == ["timeline/2025-03.md"]
    removed = {p.relative_to(out).as_posix() for p in report.removed}
    assert {"archive/2025-03-1.md", "archive/2025-05-1.md", "timeline/2025-03-1.md", "timeline/2025-03-17.md"} <= removed
    assert all(p.startswith(("archive/", "timeline/")) and re.search(r"-\d+\.md$", p) for p in removed)


# --- the timeline -------------------------------------------------------------------------


def test_the_timeline_lists_every_dated_happening_newest_first_grouped_by_month(site):
    months = sorted((site / "timeline").glob("*.md"), reverse=True)
    assert [p.name for p in months] == ["2025-10.md", "2025-09.md", "2025-08.md", "2025-07.md", "2025-06.md",
                                        "2025-05.md", "2025-03.md", "2025-02.md", "2025-01.md"]
    text = "".join(p.read_text(encoding="utf-8") for p in months)
    assert re.findall(r"^# (.+)$", text, flags=re.M) == [
        "Timeline: October 2025", "Timeline: September 2025", "Timeline: August 2025", "Timeline: July 2025",
        "Timeline: June 2025", "Timeline: May 2025", "Timeline: March 2025", "Timeline: February 2025",
        "Timeline: January 2025"]
    rows = re.findall(r"^\| (\d+ \w+ \d{4}) \| (.+) \| \[(.+)\]\(\.\./([^)]+)\) \|$", text, flags=re.M)
    assert len(rows) == 83
    from datetime import datetime

    days = [datetime.strptime(day, "%d %B %Y") for day, *_ in rows]
    assert days == sorted(days, reverse=True)
    assert rows[0] == (
        "10 October 2025",
        "Schools in Port Marlow and the surrounding district will stay closed until at least Friday, and the coastal "
        "railway is closed between Port Marlow and Sandrith. <small>(Lakeshore Evening Post)</small>",
        "Storm Delphine floods Port Marlow as River Marle bursts its banks",
        STORM,
    )
    assert {target for *_, target in rows} == {p.relative_to(site).as_posix() for p in (site / "events").rglob("*.md")}
    march = (site / "timeline/2025-03.md").read_text(encoding="utf-8")
    assert ("\n18 dated happenings, newest first · [Timeline](../timeline.md) · [May 2025](../timeline/2025-05.md) · "
            "[February 2025](../timeline/2025-02.md)\n") in march


def test_the_timeline_page_shows_the_latest_happenings_and_every_month(site):
    text = (site / "timeline.md").read_text(encoding="utf-8")
    assert "\n83 dated happenings across the briefings, newest first: " in text
    latest = text.split("## Every month")[0]
    assert len(re.findall(r"^\| \d+ \w+ \d{4} \|", latest, flags=re.M)) == 50  # page_size
    assert re.findall(r"^## (.+)$", latest, flags=re.M) == [
        "October 2025", "September 2025", "August 2025", "July 2025", "June 2025", "May 2025"]
    assert text.split("## Every month\n\n")[1].split("\n\n")[0] == """- [October 2025](timeline/2025-10.md) — 10 dated happenings
- [September 2025](timeline/2025-09.md) — 7 dated happenings
- [August 2025](timeline/2025-08.md) — 12 dated happenings
- [July 2025](timeline/2025-07.md) — 8 dated happenings
- [June 2025](timeline/2025-06.md) — 4 dated happenings
- [May 2025](timeline/2025-05.md) — 11 dated happenings
- [March 2025](timeline/2025-03.md) — 18 dated happenings
- [February 2025](timeline/2025-02.md) — 1 dated happening
- [January 2025](timeline/2025-01.md) — 12 dated happenings"""


# --- coverage charts ----------------------------------------------------------------------


def test_the_story_chart_is_a_small_valid_deterministic_svg(site, tmp_path):
    svg = (site / f"{STORY}.svg").read_text(encoding="utf-8")
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(svg.encode("utf-8")) < 20_000
    assert "<script" not in svg and "@font-face" not in svg and "<image" not in svg  # no code, no fonts, no bitmaps
    labels = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"1", "2", "articles per day", "Coverage over time"} <= set(labels)  # text stays text
    # drawn again from the same events: the same bytes
    settings = example_settings(tmp_path / "out")
    _, grouped, _ = read_and_group(settings)
    events = {e.id: e for e in grouped.events}
    again = coverage_svg([events[e] for e in grouped.stories[0].event_ids])
    assert again == svg


def test_charts_drawn_on_a_pool_are_the_charts_drawn_one_by_one(site, tmp_path):
    # A cold build draws its many story charts on a process pool: the same bytes as drawing each here.
    from generator.cache import Cache
    from generator.charts import POOL_MIN_CHARTS, cached_charts

    settings = example_settings(tmp_path / "out")
    _, grouped, _ = read_and_group(settings)
    story = [e for e in grouped.events if e.id in grouped.stories[0].event_ids]
    # Stories of the story's events, each a day later than the one before: as many different charts.
    shifted = [
        [replace(e, articles=tuple(replace(a, published=a.published + timedelta(days=n)) for a in e.articles), copies=())
         for e in story]
        for n in range(POOL_MIN_CHARTS)
    ]

    def files() -> dict[Path, tuple[int, int]]:
        return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (tmp_path / "cache" / "charts").rglob("*.pickle")}

    cache = Cache(tmp_path / "cache")
    on_pool = cached_charts(shifted, cache, workers=2)
    drawn = files()
    assert len(drawn) == POOL_MIN_CHARTS
    assert on_pool == [coverage_svg(events) for events in shifted]
    assert cached_charts(shifted, cache) == on_pool
    assert files() == drawn  # all were there: none drawn or written again


def test_the_story_page_embeds_its_chart_with_alt_text(site):
    story = (site / f"{STORY}.md").read_text(encoding="utf-8")
    name = STORY.split("/")[1]
    assert (
        "![Bar chart of articles per day: 6 articles on 4 days from 17 Mar 2025 to 23 Sep 2025; dashed lines mark "
        f"the start of each event (1: 17 Mar 2025; 2: 22 Sep 2025).]({name}.svg)"
    ) in story
    assert "\ndescription: 'A story of 2 events, 17 March 2025 to 22 September 2025: Estmark and Norvalia signed" in story


def test_entity_pages_carry_a_description(site):
    text = (site / "entities/people/helena-voss.md").read_text(encoding="utf-8")
    assert ("\ndescription: 'Helena Voss: person named in 2 briefings, the latest: Voss returns to Castellan to sign "
            "Bregan Strait power cable deal (22 September 2025).'\n") in text


def test_a_second_build_changes_no_file(site):
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    report = build(example_settings(site))
    assert report.written == [] and report.removed == []
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


# --- outlets ------------------------------------------------------------------------------

REGISTRY = Registry({outlet_key(o.name): o for o in [
    Outlet("Daily A", "Corvane", "Group One", "newspaper"),
    Outlet("Evening A", "Corvane", "group one", "newspaper"),  # same owner, other spelling
    Outlet("Wire B", "Estmark", "Wire Co-op", "agency"),
    Outlet("Blog C", "Norvalia", None, "online"),  # no owner: its own
    Outlet("Blog D", None, None, "online"),  # no country
]})


@pytest.mark.parametrize(("outlets", "expected"), [
    (["Daily A", "Evening A"], (2, 1, ("Corvane",), 0)),
    (["Daily A", "Evening A", "Wire B"], (3, 2, ("Corvane", "Estmark"), 0)),
    (["Blog C", "Blog D"], (2, 2, ("Norvalia",), 1)),
    (["Daily A", "Unlisted Times"], (2, 2, ("Corvane",), 1)),  # missing from the registry: its own owner, no country
    (["  daily   a ", "EVENING A"], (2, 1, ("Corvane",), 0)),  # names match ignoring case and spacing
])
def test_independent_outlets_are_distinct_owners_and_countries_are_counted(outlets, expected):
    found = reach(outlets, REGISTRY)
    assert (found.outlets, found.independent, found.countries, found.unknown_country) == expected


def test_each_briefing_says_how_many_independent_outlets_and_countries_reported_it(site):
    corra = (site / CORRA).read_text(encoding="utf-8")
    assert ("\n<small>Reported by 2 independent outlets (of 3: outlets with one owner count once) from 1 country "
            "(Corvane); country unknown for 1 · [Outlets](../../../outlets.md)</small>\n") in corra
    strike = (site / STRIKE).read_text(encoding="utf-8")
    assert ("\n<small>Reported by 4 independent outlets from 3 countries (Corvane, Estmark, Norvalia) · "
            "[Outlets](../../../outlets.md)</small>\n") in strike


def test_the_outlets_page_lists_every_outlet_with_its_briefings(site):
    assert body(site / "outlets.md").split("\n\n", 2)[2] == """| Outlet | Country | Owner | Kind | Briefings |
| --- | --- | --- | --- | --- |
| CopperfieldNewsToday | Corvane | Brightline Digital | online | 3 |
| GlobalWire Syndicate | Estmark | GlobalWire Cooperative | agency | 4 |
| Harbor City Courier | Corvane | Meridian Media Group | newspaper | 4 |
| Lakeshore Evening Post | Norvalia | Lakeshore Press Holdings | newspaper | 5 |
| Pinecrest Dispatch | Corvane | — | online | 3 |
| The Meridian Ledger | Corvane | Meridian Media Group | newspaper | 4 |
| The Northgate Observer | Corvane | Meridian Media Group | newspaper | 4 |
| TheDailyBrightline | unknown | Brightline Digital | online | 3 |"""


def test_an_outlet_missing_from_the_registry_still_shows_up(project):
    from .conftest import canonical

    settings = project({"2025/03/a.md": canonical("Port strike", "Unlisted Times", "2025-03-04T09:00:00+00:00",
                                                   "Dockworkers at Harbor City walked out on Tuesday.")})
    build(replace(settings, outlets_file=settings.sources.parent / "absent.yml"))
    assert "| Unlisted Times | unknown | — | — | 1 |" in (settings.out / "outlets.md").read_text(encoding="utf-8")
    page = (settings.out / "events/2025/03/2025-03-04-port-strike.md").read_text(encoding="utf-8")
    assert "<small>Reported by 1 independent outlet, country unknown for 1 · [Outlets](../../../outlets.md)</small>" in page


@pytest.mark.parametrize(("text", "message"), [
    ("outlets: [\n", "not valid YAML"),
    ("- name: A\n", "expected one key, 'outlets:', holding a list of outlets"),
    ("outlets:\n  - country: Corvane\n", "outlet #1: needs a 'name:' (the outlet as articles name it)"),
    ("outlets:\n  - name: A\n  - name: B\n    kind: blog\n",
     "outlet #2 ('B'): kind 'blog' is not one of newspaper, agency, broadcaster, online, magazine"),
    ("outlets:\n  - name: A\n    contry: Corvane\n", "outlet #1 ('A'): unknown key 'contry' — known keys: name, country, owner, kind"),
    ("outlets:\n  - name: A\n    owner: [X]\n", "outlet #1 ('A'): 'owner' must be text, got ['X']"),
    ("outlets:\n  - name: A\n  - name: ' a '\n", "outlet #2 ('a'): listed twice — keep one entry per outlet"),
    ("outlets:\n  - Harbor City Courier\n", "outlet #1: expected 'name:', 'country:', 'owner:', 'kind:', got 'Harbor City Courier'"),
])
def test_a_malformed_outlets_file_is_a_clear_error_naming_the_file_and_entry(tmp_path, text, message):
    path = tmp_path / "outlets.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_outlets(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


def test_a_build_with_a_malformed_outlets_file_fails_before_writing(project):
    from .conftest import canonical

    settings = project({"2025/03/a.md": canonical("Port strike", "Daily A", "2025-03-04T09:00:00+00:00", "Text.")})
    (settings.sources.parent / "outlets.yml").write_text("outlets:\n  - owner: X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="outlet #1: needs a 'name:'"):
        build(replace(settings, outlets_file=settings.sources.parent / "outlets.yml"))
    assert not settings.out.exists() or not any(settings.out.rglob("*.md"))


def test_the_repository_outlets_file_lists_every_outlet_of_the_example_corpus():
    registry = load_outlets(ROOT / "outlets.yml")
    named = {a.outlet for a in read_and_group(example_settings(ROOT / "briefings"))[0].articles if a.outlet}
    assert {outlet_key(name) for name in named} <= set(registry.outlets)


# --- JSON twins ---------------------------------------------------------------------------


def test_each_briefing_has_a_json_twin_linked_from_its_page(site):
    pages = sorted(p for p in (site / "events").rglob("*.md"))
    assert sorted(p.with_suffix(".md") for p in (site / "events").rglob("*.json")) == pages
    page = (site / CUP).read_text(encoding="utf-8")
    name = CUP.rsplit("/", 1)[1].removesuffix(".md")
    assert f" · Data: [JSON]({name}.json)</small>" in page


def test_the_json_twin_holds_the_event_its_articles_and_every_sentence_with_its_source(site):
    raw = (site / CUP.replace(".md", ".json")).read_text(encoding="utf-8")
    assert raw.endswith("}\n") and "\\u" not in raw  # UTF-8 as is, one final newline
    data = json.loads(raw)
    assert list(data) == ["id", "slug", "title", "story", "start", "end", "articles", "entities", "lede", "summary",
                          "quotes", "faq", "timeline", "coverage", "generator"]
    assert (data["id"], data["title"], data["start"], data["end"], data["story"]) == (
        "2025-05-24-adjei-s-extra-time-winner-brings-the-corvane-cup-home-to-the",
        "Adjei's extra-time winner brings the Corvane Cup home to the Mariners", "2025-05-24", "2025-05-25", None,
    )
    assert data["articles"][0] == {
        "path": "2025/05/2025-05-24-mariners-win-corvane-cup.md",
        "title": "Adjei's extra-time winner brings the Corvane Cup home to the Mariners",
        "outlets": ["Harbor City Courier"],
        "published": "2025-05-24T21:45:00+01:00",
        "url": "https://harborcitycourier.example/sport/2025/05/mariners-win-corvane-cup",
        "copies": [],
    }
    assert [a["path"] for a in data["articles"]] == [
        "2025/05/2025-05-24-mariners-win-corvane-cup.md", "2025/05/2025-05-25-mariners-end-19-year-wait.txt"]
    assert data["quotes"][0] == {"text": "I saw the space and I just thought, hit it,", "speaker": "Kwame Adjei",
                                 "source": "2025/05/2025-05-24-mariners-win-corvane-cup.md", "sentence": 5}
    assert {"name": "Kingsmead Stadium", "type": "place"} in data["entities"]
    assert data["generator"] == "briefings"
    # every sentence is the numbered sentence of the source it names
    articles = {a.id: a for a in read_and_group(example_settings(site))[0].articles}
    cited = [data["lede"], *data["summary"], *data["timeline"]]
    for item in cited:
        assert sentences_of(articles[item["source"]])[item["sentence"]].text == item["text"]
    assert len(data["summary"]) == 3 and data["faq"] and data["timeline"]


def test_generated_charts_and_twins_no_build_makes_are_removed_and_other_files_kept(project):
    from .conftest import canonical

    settings = project({"2025/03/a.md": canonical("Port strike", "Daily A", "2025-03-04T09:00:00+00:00", "Text.")})
    build(settings)
    old_chart, drawing = settings.out / "stories/story-gone.svg", settings.out / "stories/diagram.svg"
    old_twin, data = settings.out / "events/2025/02/gone.json", settings.out / "events/2025/02/figures.json"
    old_chart.parent.mkdir(parents=True, exist_ok=True)
    old_twin.parent.mkdir(parents=True, exist_ok=True)
    old_chart.write_text("<svg><metadata><dc:title>briefings</dc:title></metadata></svg>\n", encoding="utf-8")
    drawing.write_text("<svg><title>A drawing by a person</title></svg>\n", encoding="utf-8")
    old_twin.write_text('{\n  "id": "gone",\n  "generator": "briefings"\n}\n', encoding="utf-8")
    data.write_text('{"figures": [1, 2]}\n', encoding="utf-8")
    report = build(settings)
    assert sorted(report.removed) == [old_twin, old_chart]
    assert not old_chart.exists() and not old_twin.exists() and drawing.exists() and data.exists()


def test_every_generated_page_has_a_description(site):
    """All but the tags page, which keeps the site's description (the tags plugin fills it)."""
    import yaml

    missing = []
    for path in sorted(p for p in site.rglob("*.md") if p.name != "tags.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        if not isinstance(meta.get("description"), str) or not meta["description"].strip():
            missing.append(path.relative_to(site).as_posix())
    assert missing == []

"""Grouping articles into events and stories, the way an editor would."""

from __future__ import annotations

import json
from datetime import timedelta
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import build, read_and_group
from generator.cli import main
from generator.config import load_settings

from .conftest import ROOT, canonical

# The example corpus as sources/README.md describes it: every event, every file.
EXPECTED_EVENTS = {
    "2025-01-15-storm-corra-batters-northern-coast-as-bellhaven-sea-wall-way": [
        "2025/01/2025-01-15-storm-corra-bellhaven-sea-wall.txt",
        "2025/01/2025-01-15-storm-corra-power-cuts.md",
        "2025/01/2025-01-16-bellhaven-counts-cost.md",
    ],
    "2025-03-04-dockworkers-walk-out-as-harbor-city-port-talks-collapse": [
        "2025/03/2025-03-04-dockworkers-walk-out.md",
        "2025/03/2025-03-04-port-shut-by-strike.md",
        "2025/03/2025-03-05-port-strike-second-day.txt",
        "2025/03/2025-03-06-mayor-offers-city-hall-talks.md",
    ],
    "2025-03-17-estmark-s-voss-arrives-in-castellan-for-first-official-visit": [
        "2025/03/2025-03-17-voss-arrives-castellan.md",
        "2025/03/2025-03-18-what-is-at-stake-voss-visit.md",
        "2025/03/2025-03-18-voss-kerr-power-link-study.md",
    ],
    "2025-05-08-split-vote-as-corvane-reserve-bank-lowers-rates-to-3-50": [
        "2025/05/2025-05-08-split-vote-rate-cut.html",
        "2025/05/2025-05-08-reserve-bank-cuts-rates.md",
        "2025/05/2025-05-09-rate-cut-mortgages-savings.md",
    ],
    "2025-05-24-adjei-s-extra-time-winner-brings-the-corvane-cup-home-to-the": [
        "2025/05/2025-05-24-mariners-win-corvane-cup.md",
        "2025/05/2025-05-25-mariners-end-19-year-wait.txt",
    ],
    "2025-06-10-lumora-health-says-hackers-stole-data-of-2-1-million-members": [
        "2025/06/2025-06-10-lumora-breach-what-members-need-to-know.md",  # syndicated copy
        "2025/06/2025-06-10-lumora-health-data-breach.md",
        "2025/06/2025-06-11-lumora-class-action.md",
    ],
    "2025-07-12-crowds-cheer-as-rebuilt-calloway-bridge-opens-in-harbor-city": [
        "2025/07/2025-07-12-calloway-bridge-reopens.md",
        "2025/07/2025-07-12-crowds-cheer-calloway-bridge.html",
        "2025/07/2025-07-14-first-commute-calloway-bridge.md",
    ],
    "2025-08-11-thousands-evacuated-as-wildfire-spreads-through-redfern": [
        "2025/08/2025-08-11-redfern-valley-evacuated.md",
        "2025/08/2025-08-12-redfern-wildfire-grows.txt",
        "2025/08/2025-08-13-firefighters-gain-ground-redfern.md",
    ],
    "2025-09-22-voss-returns-to-castellan-to-sign-bregan-strait-power-cable": [
        "2025/09/2025-09-22-voss-returns-castellan.md",
        "2025/09/2025-09-23-estmark-norvalia-sign-cable-pact.md",
        "2025/09/2025-09-23-voss-kerr-sign-interconnector.txt",
    ],
    "2025-10-08-storm-delphine-floods-port-marlow-as-river-marle-bursts-its": [
        "2025/10/2025-10-08-storm-delphine-floods-port-marlow.md",
        "2025/10/2025-10-09-port-marlow-clean-up.txt",
        "2025/10/2025-10-09-port-marlow-defences-never-built.md",
    ],
}
VOSS_STORY = (
    "2025-03-17-estmark-s-voss-arrives-in-castellan-for-first-official-visit",
    "2025-09-22-voss-returns-to-castellan-to-sign-bregan-strait-power-cable",
)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example corpus grouped from scratch (no published pages pinning it)."""
    settings = replace(load_settings(ROOT / "briefings.yml"), out=tmp_path_factory.mktemp("out"))
    report, grouped, _ = read_and_group(settings)
    return report, grouped


def members(event) -> list[str]:
    return sorted([a.id for a in event.articles] + [c.id for _, copies in event.copies for c in copies])


def test_the_example_corpus_groups_exactly_as_its_readme_says(example):
    _, grouped = example
    assert {event.id: members(event) for event in grouped.events} == {k: sorted(v) for k, v in EXPECTED_EVENTS.items()}


def test_the_two_visits_months_apart_are_two_events_of_one_story(example):
    _, grouped = example
    [story] = grouped.stories
    assert story.event_ids == VOSS_STORY
    assert story.title == "Helena Voss · Castellan · Estmark"


def test_the_syndicated_copy_is_folded_into_its_original_listing_both_outlets(example):
    _, grouped = example
    event = next(e for e in grouped.events if e.id.startswith("2025-06-10"))
    original = next(a for a in event.articles if a.id.endswith("lumora-health-data-breach.md"))
    [copy] = event.copies_of(original.id)
    assert copy.id.endswith("lumora-breach-what-members-need-to-know.md")
    assert {original.outlet, copy.outlet} <= set(event.outlets)


def test_a_scan_for_copies_carried_on_from_an_earlier_build_finds_what_a_full_scan_finds(example):
    from generator.clustering import find_duplicates

    report, _ = example
    ordered = sorted(report.articles, key=lambda a: (a.published, a.id))
    full, full_scan = find_duplicates(ordered, 0.5, report.analyses)
    original = "2025/06/2025-06-10-lumora-health-data-breach.md"
    assert full == {"2025/06/2025-06-10-lumora-breach-what-members-need-to-know.md": original}
    for cut in range(len(ordered)):  # an earlier build had the first `cut` articles
        _, earlier = find_duplicates(ordered[:cut], 0.5, report.analyses)
        assert find_duplicates(ordered, 0.5, report.analyses, earlier)[0] == full
    for missing in ordered:  # ...or all but one, which arrives now, whatever its date
        _, earlier = find_duplicates([a for a in ordered if a is not missing], 0.5, report.analyses)
        found, scan = find_duplicates(ordered, 0.5, report.analyses, earlier)
        assert found == full and scan.seen == full_scan.seen
        # Only the newcomer is scanned, except when it is the original of a copy scanned
        # before: that copy was taken for an original, and only a new scan puts it right.
        assert scan.scanned == (1 if missing.id != original else len(ordered))
    # An article gone since: scanned from the start.
    _, earlier = find_duplicates(ordered, 0.5, report.analyses)
    assert find_duplicates(ordered[1:], 0.5, report.analyses, earlier)[1].scanned == len(ordered) - 1


def test_copies_are_looked_for_within_a_window_of_days(example):
    from dataclasses import replace as changed

    from generator.clustering import find_duplicates

    report, _ = example
    ordered = sorted(report.articles, key=lambda a: (a.published, a.id))
    original = next(a for a in ordered if a.id == "2025/06/2025-06-10-lumora-health-data-breach.md")
    copy = next(a for a in ordered if a.id == "2025/06/2025-06-10-lumora-breach-what-members-need-to-know.md")
    late = [changed(a, published=original.published + timedelta(days=8)) if a is copy else a for a in ordered]
    assert find_duplicates(late, 0.5, report.analyses, window_days=7)[0] == {}
    assert find_duplicates(late, 0.5, report.analyses, window_days=8)[0] == {copy.id: original.id}


def test_aliases_merge_into_one_person(example):
    _, grouped = example
    voss = grouped.entities.entities["helena voss"]
    assert voss.type == "person" and "Voss" in voss.aliases
    assert grouped.entities.entities["castellan"].type == "place"
    assert grouped.entities.entities["corvane reserve bank"].type == "organisation"


def test_events_json_has_the_documented_shape(capsys):
    assert main(["--config", str(ROOT / "briefings.yml"), "events", "--json", "--out", "/nonexistent"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in events] == list(EXPECTED_EVENTS)
    first = events[0]
    assert set(first) == {"id", "slug", "title", "story", "start", "end", "articles", "entities",
                          "lede", "summary", "quotes", "faq", "timeline", "coverage"}
    assert set(first["summary"][0]) == {"text", "source", "sentence"}
    assert (first["start"], first["end"]) == ("2025-01-15", "2025-01-16")
    assert set(first["articles"][0]) == {"path", "title", "outlets", "published", "url", "copies"}
    assert {"name": "Bellhaven", "type": "place"} in first["entities"]
    assert events[2]["story"] == events[8]["story"] == "story-" + VOSS_STORY[0]


# --- building on a small project --------------------------------------------------------

STRIKE = [
    canonical("Dockworkers walk out at Harbor City port", "Courier", "2025-03-04T08:00:00+00:00",
              "Dockworkers at the Port of Harbor City walked out on Tuesday after pay talks collapsed.",
              "Union leader Teresa Quan said the Harbor and Dock Workers Union would not accept automation without guarantees.",
              "The Harbor City Port Employers Group said it regretted the strike."),
    canonical("Harbor City port shut as strike begins", "Ledger", "2025-03-04T12:00:00+00:00",
              "The Port of Harbor City was shut on Tuesday as dockworkers began a strike over pay and automation.",
              "Teresa Quan of the Harbor and Dock Workers Union told reporters the walkout would continue.",
              "Ships were waiting outside the harbour, the Harbor City Port Employers Group said."),
]
RATES = canonical("Corvane Reserve Bank cuts rates", "Ledger", "2025-05-08T09:00:00+00:00",
                  "The Corvane Reserve Bank cut its main interest rate to 3.5 percent on Thursday.",
                  "Governor Priya Natarajan said inflation had cooled faster than expected.",
                  "Economists had expected the cut after weak retail figures.")
LATE_STRIKE = canonical("Harbor City port strike enters second day", "Observer", "2025-03-05T09:00:00+00:00",
                        "The strike at the Port of Harbor City entered its second day on Wednesday.",
                        "Teresa Quan said the Harbor and Dock Workers Union members were ready to stay out.",
                        "The Harbor City Port Employers Group called for mediation.")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_adding_one_article_changes_only_the_pages_it_must(project):
    settings = project({"2025/03/a.md": STRIKE[0], "2025/03/b.md": STRIKE[1], "2025/05/rates.md": RATES})
    build(settings)
    before = snapshot(settings.out)
    (settings.sources / "2025/03/c.md").write_text(LATE_STRIKE, encoding="utf-8")
    build(settings)
    after = snapshot(settings.out)
    changed = sorted(path for path in after if before.get(path) != after[path])
    strike_page = "events/2025/03/2025-03-04-dockworkers-walk-out-at-harbor-city-port.md"
    assert strike_page in changed
    assert "events/2025/05/2025-05-08-corvane-reserve-bank-cuts-rates.md" not in changed
    # The page, its JSON twin, and the site-level pages that list it or count its outlets and dates.
    allowed = {strike_page, strike_page.removesuffix(".md") + ".json", "index.md", "archive/2025-03.md",
               "entities/index.md", "stories/index.md", "outlets.md", "timeline.md", "timeline/2025-03.md"}
    assert set(changed) - allowed <= {p for p in changed if p.startswith("entities/")}
    assert all(not p.startswith("entities/") or "harbor" in p or "quan" in p or "port" in p or p == "entities/index.md" for p in changed)


def test_a_published_article_never_moves_to_another_event(project):
    settings = project({"2025/03/a.md": STRIKE[0], "2025/05/rates.md": RATES})
    build(settings)
    page = settings.out / "events/2025/03/2025-03-04-dockworkers-walk-out-at-harbor-city-port.md"
    assert page.exists()
    # A second report arrives: it joins the published event, whose id and URL stay.
    (settings.sources / "2025/03/b.md").write_text(STRIKE[1], encoding="utf-8")
    build(settings)
    text = page.read_text(encoding="utf-8")
    assert "2025/03/a.md" in text and "2025/03/b.md" in text


def decisions_project(project, decisions: str):
    settings = project({"2025/03/a.md": STRIKE[0], "2025/03/b.md": STRIKE[1], "2025/05/rates.md": RATES})
    path = settings.sources.parent / "decisions.yml"
    path.write_text(decisions, encoding="utf-8")
    return replace(settings, decisions_file=path)


def test_split_move_rename_and_exclude_decisions(project):
    settings = decisions_project(project, """
split:
  - source: 2025/03/b.md
rename:
  - event: 2025-05-08-corvane-reserve-bank-cuts-rates
    title: "Rates cut to 3.5%"
exclude:
  outlets: [Observer]
""")
    (settings.sources / "2025/03/c.md").write_text(LATE_STRIKE, encoding="utf-8")
    _, grouped, _ = read_and_group(settings)
    by_id = {e.id: e for e in grouped.events}
    assert [a.id for a in by_id["2025-03-04-harbor-city-port-shut-as-strike-begins"].articles] == ["2025/03/b.md"]
    assert by_id["2025-03-04-harbor-city-port-shut-as-strike-begins"].notes == ("Split out of another event by editorial decision: 2025/03/b.md.",)
    assert by_id["2025-05-08-corvane-reserve-bank-cuts-rates"].title == "Rates cut to 3.5%"
    assert [a.id for a in grouped.excluded] == ["2025/03/c.md"]


def test_a_merge_leaves_a_redirect_at_the_old_url(project):
    settings = decisions_project(project, "split:\n  - source: 2025/03/b.md\n")
    build(settings)
    old = settings.out / "events/2025/03/2025-03-04-harbor-city-port-shut-as-strike-begins.md"
    assert old.exists()
    settings.decisions_file.write_text(
        "merge:\n  - into: 2025-03-04-dockworkers-walk-out-at-harbor-city-port\n"
        "    events: [2025-03-04-harbor-city-port-shut-as-strike-begins]\n", encoding="utf-8")
    report = build(settings)
    assert not old.exists()
    stub = settings.out / "events/2025/03/2025-03-04-harbor-city-port-shut-as-strike-begins/index.html"
    html = stub.read_text(encoding="utf-8")
    assert 'url=../../../../events/2025/03/2025-03-04-dockworkers-walk-out-at-harbor-city-port/"' in html
    assert report.redirected == [(old, "events/2025/03/2025-03-04-dockworkers-walk-out-at-harbor-city-port.md")]
    merged = (settings.out / "events/2025/03/2025-03-04-dockworkers-walk-out-at-harbor-city-port.md").read_text(encoding="utf-8")
    assert "Merged with the event 2025-03-04-harbor-city-port-shut-as-strike-begins by editorial decision." in merged


def test_entities_yml_adds_aliases_fixes_types_and_ignores_names(project):
    settings = project({"2025/03/a.md": STRIKE[0], "2025/03/b.md": STRIKE[1]})
    path = settings.sources.parent / "entities.yml"
    path.write_text("entities:\n  - name: Teresa Quan\n    aliases: [Quan]\n  - name: Harbor City Port Employers Group\n"
                    "    type: place\nignore: [Tuesday, Harbor and Dock Workers Union]\n", encoding="utf-8")
    _, grouped, _ = read_and_group(replace(settings, entities_file=path))
    names = grouped.entities.entities
    assert names["harbor city port employers group"].type == "place"
    assert "harbor and dock workers union" not in names
    assert names["teresa quan"].type == "person"


def test_explain_gives_the_scores_of_a_published_article(capsys):
    # The repository's own briefings are published: every article is pinned to its page.
    # A build does not score pinned articles again; `explain` does, to say why it joined.
    _, grouped, _ = read_and_group(load_settings(ROOT / "briefings.yml"))
    assert grouped.explanations == {}
    article = ROOT / "sources/2025/03/2025-03-18-voss-kerr-power-link-study.md"
    assert main(["--config", str(ROOT / "briefings.yml"), "explain", str(article)]) == 0
    assert capsys.readouterr().out == (
        "2025/03/2025-03-18-voss-kerr-power-link-study.md\n"
        "  event: 2025-03-17-estmark-s-voss-arrives-in-castellan-for-first-official-visit\n"
        "  candidates (score = 0.80×text + 0.20×names; it joins the best with score ≥ 0.2 and alike ≥ the bar:\n"
        "  0.4 × how alike the event's reports are to each other, 0.35 × its neighbours' for an event of one report):\n"
        "    0.448  text 0.336  names 0.898  alike 0.300 (≥ 0.124)  2025-03-17-estmark-s-voss-arrives-in-castellan-for-first-official-visit\n"
    )


# Two data breaches in the same days, told in the same words by the wires, each event
# carried by rewrites of one wire story: far more alike within an event than across.
BREACHES = {
    "hollin-wire.md": ("Hollin Bank says hackers stole data of 4,200 customers", "Tarn Valley Wire", "2025-06-02T09:00:00Z", [
        "Hollin Bank said on Monday that hackers had stolen the names, addresses and account numbers of 4,200 "
        "customers in an attack on its branch systems in Castlereagh.",
        "The bank said it found the breach on Friday and had told the data protection regulator. Chief executive "
        "Ada Brennick apologised and said no passwords or card numbers had been taken.",
        '"We are writing to every customer affected and we will cover any losses," Brennick said.',
        "Customers were told to watch their accounts for unusual payments."]),
    "hollin-herald.md": ("Castlereagh bank hit by cyber attack", "Castlereagh Herald", "2025-06-02T13:30:00Z", [
        "Hackers stole the names, addresses and account numbers of 4,200 Hollin Bank customers in an attack on "
        "its branch systems in Castlereagh, the bank said on Monday.",
        "Hollin Bank found the breach on Friday and told the data protection regulator, chief executive Ada "
        "Brennick said, apologising to customers. No passwords or card numbers were taken, she said.",
        "Customers should watch their accounts for unusual payments, the bank said."]),
    "hollin-post.md": ("Hollin Bank apologises after data theft", "Northgate Post", "2025-06-03T07:10:00Z", [
        "Hollin Bank chief executive Ada Brennick apologised on Monday after hackers stole the names, addresses "
        "and account numbers of 4,200 customers from its branch systems in Castlereagh.",
        '"We are writing to every customer affected and we will cover any losses," Brennick said. The bank '
        "found the breach on Friday and told the data protection regulator.",
        "No passwords or card numbers were taken. Customers were told to watch their accounts for unusual "
        "payments."]),
    "marrow-wire.md": ("Marrow Telecom says hackers stole data of 9,800 subscribers", "Tarn Valley Wire", "2025-06-03T10:00:00Z", [
        "Marrow Telecom said on Tuesday that hackers had stolen the names, addresses and phone numbers of 9,800 "
        "subscribers in an attack on its billing systems in Port Eskel.",
        "The operator said it found the breach on Sunday and had told the data protection regulator. Managing "
        "director Felix Oduya apologised and said no passwords had been taken.",
        '"Every subscriber affected will hear from us this week," Oduya said.',
        "Subscribers were told to watch their accounts for unusual payments and to be wary of calls."]),
    "marrow-gazette.md": ("Port Eskel operator reports data breach", "Eskel Gazette", "2025-06-03T16:45:00Z", [
        "Hackers stole the names, addresses and phone numbers of 9,800 Marrow Telecom subscribers in an attack "
        "on its billing systems in Port Eskel, the operator said on Tuesday.",
        "Marrow Telecom found the breach on Sunday and told the data protection regulator, managing director "
        "Felix Oduya said. No passwords were taken, he said.",
        "Subscribers should be wary of calls claiming to come from the operator, Marrow Telecom said."]),
}


def reports_settings(tmp_path: Path, reports: dict[str, tuple[str, str, str, list[str]]]):
    """This repository's settings over a sources folder of `reports` (file → title, outlet, published, paragraphs)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, (title, outlet, published, paragraphs) in reports.items():
        (sources / name).write_text(canonical(title, outlet, published, *paragraphs), encoding="utf-8")
    return replace(load_settings(ROOT / "briefings.yml"), sources=sources, out=tmp_path / "briefings")


def test_events_of_one_kind_in_the_same_days_stay_apart(tmp_path):
    settings = reports_settings(tmp_path, BREACHES)
    _, grouped, _ = read_and_group(settings, explain=True)
    assert [members(e) for e in grouped.events] == [
        ["hollin-herald.md", "hollin-post.md", "hollin-wire.md"],
        ["marrow-gazette.md", "marrow-wire.md"],
    ]
    # The first Marrow report scores above the threshold against the Hollin event (the
    # wires' shared wording), but is far less alike to its reports than they are to each other.
    [(event_id, candidate)] = grouped.explanations["marrow-wire.md"]
    assert event_id == grouped.events[0].id
    assert (round(candidate.score, 3), round(candidate.alike, 3), round(candidate.alike_needed, 3)) == (0.231, 0.275, 0.292)
    assert candidate.score >= settings.event_threshold and not candidate.can_join

    # Without the bar, the threshold alone chains the two breaches into one event.
    _, chained, _ = read_and_group(replace(settings, cohesion_share=0.0, first_report_share=0.0))
    assert [members(e) for e in chained.events] == [
        ["hollin-herald.md", "hollin-post.md", "hollin-wire.md", "marrow-gazette.md", "marrow-wire.md"]
    ]


# One court, one judge, one week, two sentences, told in the court reporters' words:
# the reports of the two trials share most of their wording; the defendant differs.
SENTENCES = {
    "kessel-wire.md": ("Former port official Dario Kessel jailed for 12 years", "Tarn Valley Wire", "2025-09-08T10:00:00Z", [
        "Judge Marta Ilves on Monday sentenced Dario Kessel, a former official of the Port Eskel harbour "
        "board, to 12 years in prison for taking bribes from shipping agents, at the High Court in Castlereagh.",
        "Kessel was found guilty last month of accepting payments worth 1.4 million crowns in return for "
        "berthing permits. The judge said he had betrayed the trust of the public.",
        '"The sentence must deter others in public office," Ilves told the court. Kessel showed no emotion '
        "as the sentence was read.",
        "His lawyer said Kessel would appeal against the verdict and the sentence."]),
    "kessel-herald.md": ("Port bribery official gets 12 years", "Castlereagh Herald", "2025-09-08T15:20:00Z", [
        "Dario Kessel, the former Port Eskel harbour board official found guilty of taking bribes from shipping "
        "agents, was sentenced to 12 years in prison by Judge Marta Ilves at the High Court on Monday.",
        "The judge told the court the sentence must deter others in public office. Kessel had accepted "
        "payments worth 1.4 million crowns for berthing permits, the court heard during the trial.",
        "Kessel showed no emotion. His lawyer said Kessel would appeal."]),
    "pask-wire.md": ("Former customs chief Oren Pask jailed for 9 years", "Tarn Valley Wire", "2025-09-10T10:30:00Z", [
        "Judge Marta Ilves on Wednesday sentenced Oren Pask, a former head of the Port Eskel customs office, "
        "to nine years in prison for taking bribes from shipping agents, at the High Court in Castlereagh.",
        "Pask was found guilty in July of accepting payments worth 900,000 crowns in return for waving "
        "containers through. The judge said he had betrayed the trust of the public.",
        '"Nobody in public office is above the law," Ilves told the court. Pask wept as the sentence was read.',
        "His lawyer said Pask would consider an appeal."]),
    "pask-gazette.md": ("Customs chief jailed in port bribery case", "Eskel Gazette", "2025-09-10T17:05:00Z", [
        "Oren Pask, the former head of the Port Eskel customs office found guilty of taking bribes from "
        "shipping agents, was sentenced to nine years in prison by Judge Marta Ilves at the High Court on Wednesday.",
        "Pask had accepted payments worth 900,000 crowns for waving containers through, the court heard. "
        "The judge said nobody in public office was above the law.",
        "Pask wept in the dock. His lawyer said Pask would consider an appeal."]),
}


def test_one_court_sentencing_two_people_in_one_week_is_two_events(tmp_path, capsys):
    settings = reports_settings(tmp_path, SENTENCES)
    _, grouped, _ = read_and_group(settings, explain=True)
    assert [members(e) for e in grouped.events] == [
        ["kessel-herald.md", "kessel-wire.md"],
        ["pask-gazette.md", "pask-wire.md"],
    ]
    # The first Pask report is like the Kessel reports (same court, judge, charge, wording)
    # and passes both the threshold and the cohesion bar; its main actor is not theirs.
    [(event_id, candidate)] = grouped.explanations["pask-wire.md"]
    assert event_id == grouped.events[0].id
    assert candidate.score >= settings.event_threshold and candidate.alike >= candidate.alike_needed
    assert candidate.other_actors == ("oren pask", "dario kessel")
    assert not candidate.can_join
    # "Pask wept ..." opens its sentence and still counts: the surname of a person named in full.
    assert grouped.entities.of("pask-gazette.md")["oren pask"] == 4

    # Without the check, the two sentences are one event.
    _, chained, _ = read_and_group(replace(settings, main_name_mentions=0))
    assert [members(e) for e in chained.events] == [
        ["kessel-herald.md", "kessel-wire.md", "pask-gazette.md", "pask-wire.md"]
    ]

    # `explain` names the two actors.
    config = ROOT / "briefings.yml"
    assert main(["--config", str(config), "explain", str(settings.sources / "pask-wire.md"), "--sources", str(settings.sources)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("pask-wire.md\n  event: 2025-09-10-former-customs-chief-oren-pask-jailed-for-9-years\n")
    assert out.endswith(
        "2025-09-08-former-port-official-dario-kessel-jailed-for-12-years\n"
        "      other actors: it names 'oren pask' 4+ times and the event never; the event's reports name"
        " 'dario kessel' and it never\n"
        "  none reached the threshold, was alike enough and had its actors: it opened a new event\n"
    )

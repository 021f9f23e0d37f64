"""People's edits survive regeneration (generator/merging.py, applied in build.write_pages).

Each scenario: build, edit a page by hand, add a source to that event, build again —
the edit is byte-identical, the sections nobody touched are regenerated, and the
report names what was kept.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import build
from generator.checking import page_notes
from generator.cli import main
from generator.merging import PageError, merge, parse_body, section_hash

from .conftest import canonical

STRIKE = "events/2025/03/2025-03-04-dockworkers-walk-out-as-port-talks-collapse.md"
SOURCES = {
    "2025/03/strike.md": canonical(
        "Dockworkers walk out as port talks collapse",
        "Harbor City Courier",
        "2025-03-04T09:30:00+00:00",
        "Dockworkers at Harbor City walked off the job on Tuesday after talks with the port authority collapsed.",
        "\u201cWe had no choice,\u201d said union leader Maria Lopez.",
        "The port handles a third of the region's freight.",
        url="https://harborcitycourier.example/2025/03/strike",
    ),
    "2025/05/rates.md": canonical(
        "Reserve bank cuts rates",
        "Ledger Daily",
        "2025-05-08T10:00:00+00:00",
        "The reserve bank cut its main rate on Thursday as inflation cooled.",
        "Economists had expected the move.",
    ),
}
DAY_TWO = (
    "2025/03/strike-day-two.md",
    canonical(
        "Port strike enters second day as dockworkers hold firm",
        "Bay Times",
        "2025-03-05T08:00:00+00:00",
        "Dockworkers at the Harbor City port stayed off the job for a second day on Wednesday after talks with the port authority collapsed.",
        "Union leader Maria Lopez said the strike would go on until the port authority returned to the table.",
        "Ships queued outside the port as freight piled up.",
    ),
)


def section(text: str, name: str) -> str:
    """The lines between a section's two markers."""
    match = re.search(rf"<!-- briefings:begin {name} -->\n(.*?)\n<!-- briefings:end {name} -->", text, re.S)
    assert match, f"no section {name}"
    return match.group(1)


def replace_section(text: str, name: str, body: str) -> str:
    old = section(text, name)
    return text.replace(f"<!-- briefings:begin {name} -->\n{old}\n", f"<!-- briefings:begin {name} -->\n{body}\n", 1)


def add_day_two(settings) -> None:
    (settings.sources / DAY_TWO[0]).write_text(DAY_TWO[1], encoding="utf-8")


@pytest.fixture
def built(project):
    settings = project(SOURCES)
    report = build(settings)
    assert report.errors == [] and report.page_errors == []
    return settings


def read(settings, relative: str = STRIKE) -> str:
    return (settings.out / relative).read_text(encoding="utf-8")


def write(settings, text: str, relative: str = STRIKE) -> None:
    (settings.out / relative).write_text(text, encoding="utf-8")


MY_SUMMARY = "## Summary\n\nThe dockworkers' strike, in my words: talks broke down over pay.[^1]\n\n<small>Edited by the desk.</small>"


def test_an_edited_summary_is_kept_byte_for_byte_and_the_other_sections_are_updated(built):
    write(built, replace_section(read(built), "summary", MY_SUMMARY))
    add_day_two(built)
    report = build(built)
    page = read(built)
    assert section(page, "summary") == MY_SUMMARY
    assert "Bay Times" in section(page, "sources")  # regenerated with the new source
    assert "2 reports" in section(page, "top")
    assert "strike-day-two.md" in section(page, "bottom")
    path = built.out / STRIKE
    assert [(p, k.part) for p, k in report.kept] == [(path, "Summary")]
    notes = page_notes(report)
    assert f"kept your edit of Summary in {path}" in notes
    assert any(
        line.startswith(f"note: Summary in {path} may be stale: new sources 2025/03/strike-day-two.md") for line in notes
    )


def test_a_kept_edit_is_stable_and_the_next_build_touches_no_file(built):
    write(built, replace_section(read(built), "summary", MY_SUMMARY))
    add_day_two(built)
    build(built)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in built.out.rglob("*") if p.is_file()}
    report = build(built)
    assert report.written == []
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in built.out.rglob("*") if p.is_file()} == before
    assert [k.part for _, k in report.kept] == ["Summary"]  # still reported, still kept


def test_accept_edits_stops_the_stale_note_but_keeps_the_edit(built):
    write(built, replace_section(read(built), "summary", MY_SUMMARY))
    add_day_two(built)
    build(built)
    report = build(built, accept_edits=True)
    assert section(read(built), "summary") == MY_SUMMARY
    assert [k.stale for _, k in report.kept] == [None]
    again = build(built)
    assert [k.stale for _, k in again.kept] == [None] and again.written == []


def test_text_outside_the_markers_is_kept_in_place(built):
    mine_top = "> Editor's note: this briefing is updated as the strike goes on."
    mine_after = "## Background\n\nThe last strike at the port was in 1998; it lasted a month."
    text = read(built)
    text = text.replace("<!-- briefings:begin top -->", mine_top + "\n\n<!-- briefings:begin top -->", 1)
    text = text.replace("<!-- briefings:end sources -->", "<!-- briefings:end sources -->\n\n" + mine_after, 1)
    text += "\nLast line, mine too.\n"
    write(built, text)
    add_day_two(built)
    report = build(built)
    page = read(built)
    assert report.kept == []  # nothing generated was edited
    assert "Bay Times" in section(page, "sources")
    body = page.split("\n---\n", 1)[1]
    assert body.lstrip().startswith(mine_top)
    assert page.index("<!-- briefings:end sources -->") < page.index(mine_after) < page.index("<!-- briefings:begin bottom -->")
    assert page.endswith("<!-- briefings:end bottom -->\n\nLast line, mine too.\n")


def test_a_frozen_page_is_not_touched_at_all(built):
    text = read(built).replace("generator: briefings\n", "generator: briefings\nfrozen: true\n", 1)
    write(built, text)
    add_day_two(built)
    report = build(built)
    assert read(built) == text
    path = built.out / STRIKE
    assert report.frozen == [path] and report.outdated_frozen == [path]
    assert f"note: {path} is frozen, so it was not updated although its sources changed" in page_notes(report)
    assert "2 reports" in read(built, "index.md")


HAND_WRITTEN = """---
title: "A history of the Harbor City docks"
date: 2025-04-01
description: "Two centuries of the port, from sail to containers."
tags: [Harbor City]
---

# A history of the Harbor City docks

Written by hand, with no sources.
"""


def test_a_hand_written_page_is_listed_on_the_indexes_and_left_alone(built):
    relative = "events/2025/04/harbour-history.md"
    (built.out / relative).parent.mkdir(parents=True, exist_ok=True)
    write(built, HAND_WRITTEN, relative)
    add_day_two(built)
    report = build(built)
    assert report.page_errors == []
    assert read(built, relative) == HAND_WRITTEN
    index, months, april = read(built, "index.md"), read(built, "archive/index.md"), read(built, "archive/2025-04.md")
    assert "[A history of the Harbor City docks](events/2025/04/harbour-history.md)" in index
    assert "Two centuries of the port, from sail to containers." in index
    assert "[A history of the Harbor City docks](../events/2025/04/harbour-history.md) · written by a contributor" in april
    # its month listed by date, between the strike (March) and the rates cut (May)
    assert months.index("[May 2025]") < months.index("[April 2025](../archive/2025-04.md) — 1 briefing") < months.index("[March 2025]")
    assert report.stale == [] and report.removed == []


def test_a_hand_written_page_without_a_date_is_a_clear_error(built, capsys):
    relative = "events/2025/04/harbour-history.md"
    (built.out / relative).parent.mkdir(parents=True, exist_ok=True)
    write(built, HAND_WRITTEN.replace("date: 2025-04-01\n", ""), relative)
    report = build(built)
    assert [str(e) for e in report.page_errors] == [
        f"{built.out / relative}: a hand-written briefing needs a 'date' (got None) — add 'date: YYYY-MM-DD' (unquoted); "
        "the page was left as it is"
    ]
    assert "harbour-history" not in read(built, "index.md")


def test_a_deleted_marker_is_a_clear_error_and_nothing_is_lost(built, capsys, monkeypatch):
    text = read(built)
    edited = replace_section(text, "summary", MY_SUMMARY).replace("<!-- briefings:end summary -->\n", "", 1)
    write(built, edited)
    add_day_two(built)
    monkeypatch.chdir(built.out.parent)
    (built.out.parent / "briefings.yml").write_text("", encoding="utf-8")
    status = main(["build"])
    err = capsys.readouterr().err
    assert status == 1
    assert read(built) == edited  # left exactly as it was
    assert "events/2025/03/2025-03-04-dockworkers-walk-out-as-port-talks-collapse.md: section 'summary'" in err
    assert "has no end marker" in err and "put back '<!-- briefings:end summary -->'" in err
    assert "2 reports" in read(built, "index.md")  # everything else was still built


def test_an_emptied_section_is_handed_back_to_the_generator(built):
    original = read(built)
    write(built, replace_section(original, "summary", ""))
    report = build(built)
    assert read(built) == original and report.kept == []


def test_deleting_both_markers_makes_the_text_a_persons_own(built):
    text = read(built)
    summary = section(text, "summary")
    text = text.replace("<!-- briefings:begin summary -->\n", "", 1).replace("<!-- briefings:end summary -->\n", "", 1)
    write(built, text)
    add_day_two(built)
    report = build(built)
    page = read(built)
    assert summary in page and "<!-- briefings:begin summary -->" not in page  # not regenerated, not duplicated
    assert [(k.part, k.removed) for _, k in report.kept] == [("Summary", True)]


def test_front_matter_a_person_added_or_edited_is_kept_and_build_keys_are_regenerated(built):
    text = read(built)
    text = text.replace("title: Dockworkers walk out as port talks collapse", "title: Harbor City dockworkers strike", 1)
    text = text.replace("generator: briefings\n", "generator: briefings\nhide: [toc]\n", 1)
    write(built, text)
    add_day_two(built)
    report = build(built)
    page = read(built)
    front = page.split("\n---\n", 1)[0]
    assert "title: Harbor City dockworkers strike" in front
    assert "hide:\n- toc" in front
    assert "- 2025/03/strike-day-two.md" in front  # sources: regenerated
    assert "'title' in the front matter" in [k.part for _, k in report.kept]


def test_an_untouched_page_is_exactly_regenerated(built):
    add_day_two(built)
    build(built)
    first = read(built)
    fresh = build(built)
    assert fresh.written == [] and read(built) == first


# --- the merge on its own ----------------------------------------------------------------------

RENDERED = """---
title: T
generator: briefings
---

# T

<!-- briefings:begin summary -->
## Summary

One.
<!-- briefings:end summary -->

[^1]: A source.
"""


@pytest.mark.parametrize(
    "body, problem",
    [
        ("<!-- briefings:begin a -->\nx\n", "section 'a' (begun on line 1) has no end marker"),
        ("x\n<!-- briefings:end a -->\n", "end marker of section 'a' on line 2 has no begin marker"),
        ("<!-- briefings:begin a -->\n<!-- briefings:begin b -->\n", "section 'a' (begun on line 1) has no end marker before"),
        ("<!-- briefings:begin a -->\n<!-- briefings:end b -->\n", "section 'a' (begun on line 1) is ended by the marker of 'b'"),
        (
            "<!-- briefings:begin a -->\n<!-- briefings:end a -->\n<!-- briefings:begin a -->\n<!-- briefings:end a -->\n",
            "section 'a' appears twice (lines 1 and 3)",
        ),
        ("<!-- briefings:begin summary\nx\n", "line 1 is a damaged marker"),
    ],
)
def test_broken_markers_name_the_file_the_section_and_the_line(body, problem):
    with pytest.raises(PageError) as caught:
        parse_body(body, Path("briefings/x.md"))
    assert str(caught.value).startswith(f"briefings/x.md: {problem}")
    assert str(caught.value).endswith("the page was left as it is")


def test_merging_twice_changes_nothing():
    first = merge(None, RENDERED, "x.md").text
    assert first is not None
    assert merge(first, RENDERED, "x.md").text == first
    # the page as written, fed back as the rendered text, is the same page
    assert merge(first, first, "x.md").text == first


def test_whitespace_and_line_endings_are_not_edits():
    page = merge(None, RENDERED, "x.md").text
    assert page is not None
    crlf = page.replace("One.", "One.   ").replace("\n", "\r\n")
    result = merge(crlf, RENDERED.replace("One.", "Two."), "x.md")
    assert result.kept == [] and "Two." in result.text
    assert section_hash("a\r\nb  \n\n") == section_hash("a\nb")


def test_a_section_the_generator_no_longer_writes_is_dropped_unless_edited():
    page = merge(None, RENDERED, "x.md").text
    without = RENDERED.replace(RENDERED[RENDERED.index("<!-- briefings:begin"):RENDERED.index("[^1]")], "")
    assert "Summary" not in merge(page, without, "x.md").text
    edited = page.replace("One.", "Mine.")
    result = merge(edited, without, "x.md")
    assert "Mine." in result.text and [(k.part, k.orphaned) for k in result.kept] == [("Summary", True)]


def test_a_page_a_person_wrote_at_a_generated_path_is_left_alone():
    mine = "---\ntitle: Mine\n---\n\nMy page.\n"
    result = merge(mine, RENDERED, "x.md")
    assert result.text is None and result.foreign


def test_an_invalid_frozen_value_is_an_error():
    page = merge(None, RENDERED, "x.md").text.replace("generator: briefings", "generator: briefings\nfrozen: yes please")
    with pytest.raises(PageError, match="'frozen' must be true or false"):
        merge(page, RENDERED, "x.md")

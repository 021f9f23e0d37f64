"""The build end to end on a tiny project: pages, determinism, idempotence."""

from __future__ import annotations

from pathlib import Path

from generator.build import build

from .conftest import canonical

SOURCES = {
    "2025/03/strike.md": canonical(
        "Dockworkers walk out as port talks collapse",
        "Harbor City Courier",
        "2025-03-04T09:30:00+00:00",
        "Dockworkers at Harbor City walked off the job on Tuesday after talks collapsed.",
        "\u201cWe had no choice,\u201d said union leader Maria Lopez.",
        "The port handles a third of the region's freight.",
        url="https://harborcitycourier.example/2025/03/strike",
    ),
    "2025/05/rates.txt": (
        "Thursday, May 8, 2025\nHomeBusinessReserve bank cuts rates\n\nReserve bank cuts rates\n\n"
        "The reserve bank cut its main rate yesterday as inflation cooled.\n\n"
        "Economists had expected the move.\n\nFrom the Desk of LedgerDaily\n\nPlease enter your comment!\n"
    ),
}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_one_page_per_event_plus_indexes(project):
    settings = project(SOURCES)
    report = build(settings)
    assert report.errors == []
    assert sorted(p.relative_to(settings.out).as_posix() for p in report.written) == [
        "archive/2025-03.md",
        "archive/2025-05.md",
        "archive/index.md",
        "entities/index.md",
        "events/2025/03/2025-03-04-dockworkers-walk-out-as-port-talks-collapse.json",
        "events/2025/03/2025-03-04-dockworkers-walk-out-as-port-talks-collapse.md",
        "events/2025/05/2025-05-08-reserve-bank-cuts-rates.json",
        "events/2025/05/2025-05-08-reserve-bank-cuts-rates.md",
        "index.md",
        "outlets.md",
        "stories/index.md",
        "tags.md",
        "timeline.md",
        "timeline/2025-03.md",
        "timeline/2025-05.md",
    ]
    assert report.summary_line() == (
        "2 articles read, 0 warnings, 0 errors, 2 events, 0 stories, pages: 15 written, 0 unchanged"
    )


def test_a_second_build_changes_no_byte_and_touches_no_file(project):
    settings = project(SOURCES)
    build(settings)
    before = snapshot(settings.out)
    report = build(settings)
    assert report.written == []
    assert snapshot(settings.out) == before


def test_index_lists_newest_first(project):
    settings = project(SOURCES)
    build(settings)
    index = (settings.out / "index.md").read_text(encoding="utf-8")
    assert index.index("Reserve bank cuts rates") < index.index("Dockworkers walk out")
    assert "(events/2025/05/2025-05-08-reserve-bank-cuts-rates.md)" in index


def test_pages_a_person_wrote_are_left_alone(project):
    settings = project(SOURCES)
    about = settings.out / "about.md"
    about.parent.mkdir(parents=True)
    about.write_text("# About\n\nWritten by hand.\n", encoding="utf-8")
    build(settings)
    assert about.read_text(encoding="utf-8") == "# About\n\nWritten by hand.\n"


def test_a_page_whose_sources_are_gone_is_deleted_when_nobody_edited_it(project):
    settings = project(SOURCES)
    build(settings)
    (settings.sources / "2025/05/rates.txt").unlink()
    report = build(settings)
    page = settings.out / "events/2025/05/2025-05-08-reserve-bank-cuts-rates.md"
    twin = page.with_suffix(".json")
    month = settings.out / "archive/2025-05.md"  # its month has no briefing left
    dates = settings.out / "timeline/2025-05.md"  # nor any dated happening
    assert sorted(report.removed) == [month, twin, page, dates] and report.stale == []
    assert not page.exists() and not twin.exists() and not month.exists() and not dates.exists()


def test_a_page_whose_sources_are_gone_is_kept_and_reported_when_a_person_edited_it(project):
    settings = project(SOURCES)
    build(settings)
    page = settings.out / "events/2025/05/2025-05-08-reserve-bank-cuts-rates.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA note of my own.\n", encoding="utf-8")
    (settings.sources / "2025/05/rates.txt").unlink()
    report = build(settings)
    assert report.stale == [page] and page.exists() and page.with_suffix(".json").exists()
    assert sorted(report.removed) == [settings.out / "archive/2025-05.md", settings.out / "timeline/2025-05.md"]
    assert report.stale_edits[page] == ["text outside the markers"]


def test_a_generated_page_with_a_long_front_matter_is_not_taken_for_a_hand_written_one(tmp_path):
    # A big event lists hundreds of sources before `generator:`; it is still ours.
    from generator.build import BuildReport, read_hand_written_pages

    page = tmp_path / "events" / "2025" / "06" / "2025-06-02-court-verdict.md"
    page.parent.mkdir(parents=True)
    sources = "".join(f"- 2025/06/2025-06-02-court-verdict-report-number-{n}.md\n" for n in range(200))
    page.write_text(
        f"---\ntitle: Court verdict\ndate: '2025-06-02'\nevent: 2025-06-02-court-verdict\nsources:\n{sources}generator: briefings\n---\n\n# Court verdict\n",
        encoding="utf-8",
    )
    hand = tmp_path / "events" / "2025" / "06" / "my-notes.md"
    hand.write_text("---\ntitle: My notes\ndate: 2025-06-03\n---\n\nWritten by a person.\n", encoding="utf-8")
    report = BuildReport()
    assert [h.path for h in read_hand_written_pages(tmp_path, report)] == ["events/2025/06/my-notes.md"]
    assert report.page_errors == []

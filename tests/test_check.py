"""`briefings check`: fails on a docs folder a build would change, passes after `briefings build`."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

from .test_edits import DAY_TWO, MY_SUMMARY, SOURCES, STRIKE, replace_section


@pytest.fixture
def checkout(project):
    """A built project with a briefings.yml at its root (the CLI finds the folders from it)."""
    settings = project(SOURCES)
    config = settings.out.parent / "briefings.yml"
    config.write_text("# defaults\n", encoding="utf-8")
    assert main(["--config", str(config), "build"]) == 0
    return settings, config


def run(config: Path, capsys, *args: str) -> tuple[int, str, str]:
    status = main(["--config", str(config), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_freshly_built_tree_passes(checkout, capsys):
    settings, config = checkout
    status, out, err = run(config, capsys, "check")
    assert status == 0, err
    assert out.strip() == f"{settings.out} is up to date (15 pages checked)"


def test_a_source_added_without_a_rebuild_fails_naming_files_and_sections_then_passes_after_build(checkout, capsys):
    settings, config = checkout
    (settings.sources / DAY_TWO[0]).write_text(DAY_TWO[1], encoding="utf-8")
    before = snapshot(settings.out)
    status, out, err = run(config, capsys, "check")
    assert status == 1
    assert snapshot(settings.out) == before  # check writes nothing
    run_build = "run `briefings build` and commit briefings/"
    page = settings.out / STRIKE
    lines = err.splitlines()
    strike = next(line for line in lines if line.startswith(f"error: {page}: "))
    assert "Summary" in strike and "Sources" in strike and "out of date with sources/" in strike and strike.endswith(run_build)
    assert f"error: {settings.out / 'index.md'}: the page is out of date with sources/ — {run_build}" in lines
    assert "is out of date" in out and "run `briefings build`" in out
    assert run(config, capsys, "build")[0] == 0
    status, out, err = run(config, capsys, "check")
    assert status == 0, err


def test_a_new_event_page_is_reported_missing(checkout, capsys):
    settings, config = checkout
    (settings.sources / "2025/06/vote.md").parent.mkdir(parents=True)
    (settings.sources / "2025/06/vote.md").write_text(
        "---\ntitle: \"Council approves tram depot\"\noutlet: \"Eastbank Post\"\npublished: 2025-06-10\n---\n\n"
        "The Eastbank council approved the new tram depot on Tuesday.\n\nWork starts next spring.\n",
        encoding="utf-8",
    )
    status, _, err = run(config, capsys, "check")
    assert status == 1
    assert f"error: {settings.out / 'events/2025/06/2025-06-10-council-approves-tram-depot.md'}: missing — run `briefings build`" in err


def test_a_kept_edit_is_not_a_failure(checkout, capsys):
    settings, config = checkout
    page = settings.out / STRIKE
    page.write_text(replace_section(page.read_text(encoding="utf-8"), "summary", MY_SUMMARY), encoding="utf-8")
    status, _, err = run(config, capsys, "check")
    assert status == 0, err
    assert f"kept your edit of Summary in {page}" in err


def test_a_broken_marker_fails_naming_the_file_and_section(checkout, capsys):
    settings, config = checkout
    page = settings.out / STRIKE
    page.write_text(page.read_text(encoding="utf-8").replace("<!-- briefings:begin sources -->\n", ""), encoding="utf-8")
    status, _, err = run(config, capsys, "check")
    assert status == 1
    assert f"error: {page}: end marker of section 'sources' on line" in err


@pytest.mark.parametrize(
    "edit, problem",
    [
        (("generator: briefings\n", "generator: briefings\nfrozen: sometimes\n"), "front matter 'frozen' must be true or false"),
        (("generated:\n", "generated: [1, 2]\nold_generated:\n"), "front matter 'generated' is not a mapping"),
        (("title: ", "title: [unclosed\n"), "malformed front matter"),
    ],
)
def test_front_matter_against_the_schema(checkout, capsys, edit, problem):
    settings, config = checkout
    page = settings.out / STRIKE
    page.write_text(page.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    status, _, err = run(config, capsys, "check")
    assert status == 1
    assert f"error: {page}: {problem}" in err


def test_a_page_with_no_sources_left_fails_until_the_build_deletes_it(checkout, capsys):
    settings, config = checkout
    (settings.sources / "2025/05/rates.md").unlink()
    status, _, err = run(config, capsys, "check")
    page = settings.out / "events/2025/05/2025-05-08-reserve-bank-cuts-rates.md"
    assert status == 1 and f"error: {page}: no source produces this page any more" in err
    assert page.exists()
    assert run(config, capsys, "build")[0] == 0 and not page.exists()
    assert run(config, capsys, "check")[0] == 0


def test_check_never_writes_even_when_everything_is_missing(project, capsys):
    settings = project(SOURCES)
    config = settings.out.parent / "briefings.yml"
    config.write_text("", encoding="utf-8")
    status, _, err = run(config, capsys, "check")
    assert status == 1 and "index.md: missing" in err
    assert not settings.out.exists()

"""The `briefings` command as a person or CI runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import FIXTURES, canonical

SCRAPE = FIXTURES / "scrapes" / "date-header-conflict.txt"


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("build", "add", "inspect"):
        assert command in out


def test_inspect_json_has_exactly_the_documented_keys(capsys):
    assert main(["inspect", "--json", str(SCRAPE)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    data = json.loads(line)
    assert list(data) == ["title", "outlet", "url", "author", "published", "updated", "paragraphs", "faq", "warnings"]
    assert data["published"].startswith("2025-01-20T")
    assert data["updated"].startswith("2025-02-20T")
    assert {w["code"] for w in data["warnings"]} == {"date-conflict", "no-title", "no-outlet"}


def test_inspect_reports_a_bad_file_and_goes_on(tmp_path: Path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["inspect", "--json", str(empty), str(SCRAPE)]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1
    assert captured.err == f"error: {empty}: the file is empty — add the article text or delete the file\n"


def test_add_writes_a_canonical_source_that_reads_back_the_same(tmp_path: Path, capsys):
    dest = tmp_path / "sources"
    assert main(["add", str(SCRAPE), "--dest", str(dest)]) == 0
    [written] = sorted(dest.rglob("*.md"))
    assert written.relative_to(dest).parts[:2] == ("2025", "01")
    capsys.readouterr()
    main(["inspect", "--json", str(SCRAPE), str(written)])
    original, canonical_reading = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    for key in ("title", "outlet", "url", "author", "published", "updated", "paragraphs", "faq"):
        assert canonical_reading[key] == original[key], key


def test_add_skips_an_article_already_in_sources(tmp_path: Path, capsys):
    dest = tmp_path / "sources"
    main(["add", str(SCRAPE), "--dest", str(dest)])
    capsys.readouterr()
    assert main(["add", str(SCRAPE), "--dest", str(dest)]) == 0
    assert "already in sources as" in capsys.readouterr().out
    assert len(list(dest.rglob("*.md"))) == 1


def test_build_exits_non_zero_when_a_source_failed_but_writes_the_rest(tmp_path: Path, capsys):
    sources, out = tmp_path / "sources", tmp_path / "out"
    sources.mkdir()
    (sources / "good.md").write_text(canonical("A title", "Outlet", "2025-01-02", "Some body text."), encoding="utf-8")
    (sources / "bad.md").write_text("", encoding="utf-8")
    config = tmp_path / "briefings.yml"
    config.write_text(f"templates: {Path(__file__).resolve().parent.parent / 'templates'}\n", encoding="utf-8")
    code = main(["--config", str(config), "build", "--sources", str(sources), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert f"error: {sources / 'bad.md'}: the file is empty" in captured.err
    assert captured.out.strip() == "1 articles read, 0 warnings, 1 errors, 1 events, 0 stories, pages: 10 written, 0 unchanged"
    assert (out / "events/2025/01/2025-01-02-a-title.md").is_file()


def test_an_unknown_setting_is_a_clear_error(tmp_path: Path, capsys):
    config = tmp_path / "briefings.yml"
    config.write_text("summary_sentense: 4\n", encoding="utf-8")
    assert main(["--config", str(config), "build"]) == 2
    assert "unknown setting 'summary_sentense'" in capsys.readouterr().err

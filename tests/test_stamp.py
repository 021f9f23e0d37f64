"""The build stamp (generator/stamp.py): a build with nothing to do answers without building.

It must answer exactly as a full build would — same lines, same exit status, no
file written — and step aside the moment anything it cannot vouch for changed:
a source byte, a setting file, a page a person edited (even one that kept its
size and modification time), a new file in the docs folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import generator.build as build_module
import generator.cache as cache_module
from generator import stamp
from generator.cli import main
from generator.config import load_settings

from .conftest import ROOT
from .test_cache import snapshot
from .test_edits import DAY_TWO, SOURCES, STRIKE, replace_section, section
from .conftest import write_files


@pytest.fixture
def cli_project(tmp_path: Path):
    """A project folder with briefings.yml; `run(*args)` runs `briefings build` there → (exit, out, err)."""
    write_files(tmp_path / "sources", SOURCES)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    config = tmp_path / "briefings.yml"
    config.write_text(
        f"sources: {tmp_path / 'sources'}\nout: {tmp_path / 'briefings'}\ntemplates: {tmp_path / 'templates'}\n"
        f"mkdocs_file: {tmp_path / 'mkdocs.yml'}\nentities_file: {tmp_path / 'entities.yml'}\n",
        encoding="utf-8",
    )
    return tmp_path


def run(project: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["--config", str(project / "briefings.yml"), "build", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def full_build_must_not_run(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the stamp should have answered")

    monkeypatch.setattr(build_module, "build", refuse)


def test_a_build_with_nothing_to_do_replays_what_a_full_build_would_print(cli_project, capsys, monkeypatch):
    run(cli_project, capsys)
    # A full build of the unchanged project, for comparison (no stamp: forgotten first).
    stamp.forget(load_settings(cli_project / "briefings.yml"))
    full = run(cli_project, capsys)
    assert full[1] == "2 articles read, 0 warnings, 0 errors, 2 events, 0 stories, pages: 0 written, 15 unchanged\n"
    before = snapshot(cli_project / "briefings")

    full_build_must_not_run(monkeypatch)
    assert run(cli_project, capsys) == full
    assert snapshot(cli_project / "briefings") == before  # same bytes, same modification times


def test_the_first_build_after_a_writing_build_is_answered_with_the_counts_of_a_no_op(cli_project, capsys, monkeypatch):
    first = run(cli_project, capsys)
    assert first[1].endswith("pages: 15 written, 0 unchanged\n")
    full_build_must_not_run(monkeypatch)
    assert run(cli_project, capsys) == (0, first[1].replace("15 written, 0 unchanged", "0 written, 15 unchanged"), first[2])


def test_a_changed_source_takes_the_full_build(cli_project, capsys):
    run(cli_project, capsys)
    write_files(cli_project / "sources", dict([DAY_TWO]))
    code, out, _ = run(cli_project, capsys)
    assert code == 0 and "3 articles read" in out and "pages: 0 written" not in out


def test_a_changed_settings_file_takes_the_full_build(cli_project, capsys):
    run(cli_project, capsys)
    (cli_project / "entities.yml").write_text("ignore: [Harbor City]\n", encoding="utf-8")
    _, out, _ = run(cli_project, capsys)
    assert "pages: 0 written" not in out  # the entity page of Harbor City went


def test_a_page_edited_after_the_build_takes_the_full_build_and_its_edit_is_kept(cli_project, capsys):
    run(cli_project, capsys)
    page = cli_project / "briefings" / STRIKE
    text = page.read_text(encoding="utf-8")
    page.write_text(replace_section(text, "summary", section(text, "summary") + "\nA reader's correction.\n"), encoding="utf-8")
    code, out, err = run(cli_project, capsys)
    assert code == 0 and f"kept your edit of Summary in {page}" in err
    assert "A reader's correction." in page.read_text(encoding="utf-8")


def test_an_edit_made_during_the_build_that_keeps_the_size_and_time_of_the_file_is_still_seen(cli_project, capsys, monkeypatch):
    # A person (or a tool) edits a page the build has just written, while the build is still
    # running, on a filesystem whose clock cannot tell the two writes apart: same size, same
    # modification time. And the build ran long after writing it (no "racy" window): only
    # reading back what it wrote tells.
    monkeypatch.setattr(stamp, "RACY_NS", 0)
    page = cli_project / "briefings" / STRIKE
    real_scan = stamp.scan

    def edit_then_scan(folder):
        info = page.stat()
        text = page.read_text(encoding="utf-8")
        edited = replace_section(text, "summary", section(text, "summary").replace("walked off the job", "walked off the jib"))
        assert edited != text and len(edited) == len(text)
        page.write_text(edited, encoding="utf-8")
        os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
        return real_scan(folder)

    monkeypatch.setattr(stamp, "scan", edit_then_scan)
    run(cli_project, capsys)
    monkeypatch.setattr(stamp, "scan", real_scan)
    _, _, err = run(cli_project, capsys)
    assert f"kept your edit of Summary in {page}" in err


def test_a_new_file_in_the_docs_folder_takes_the_full_build(cli_project, capsys):
    run(cli_project, capsys)
    write_files(cli_project / "briefings", {"events/2025/06/my-own-briefing.md": "---\ntitle: My own\ndate: 2025-06-01\n---\n\nText.\n"})
    _, out, _ = run(cli_project, capsys)
    assert "pages: 0 written" not in out  # the front page and archive list it now


def test_a_file_changed_within_the_racy_window_is_checked_by_content(cli_project, capsys):
    run(cli_project, capsys)
    settings = load_settings(cli_project / "briefings.yml")
    stamp.forget(settings)
    run(cli_project, capsys)  # writes nothing: only the racy window can make it verify a page
    cache, key = stamp._store(settings)
    assert STRIKE in cache.get("stamps", key).verify
    page = cli_project / "briefings" / STRIKE
    info = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(replace_section(text, "summary", section(text, "summary").replace("job", "jib")), encoding="utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    _, _, err = run(cli_project, capsys)
    assert f"kept your edit of Summary in {page}" in err


def test_once_verified_the_pages_are_trusted_by_their_times(cli_project, capsys):
    run(cli_project, capsys)
    settings = load_settings(cli_project / "briefings.yml")
    cache, key = stamp._store(settings)
    assert len(cache.get("stamps", key).verify) == 15  # every page written: checked by content next time
    for page in (cli_project / "briefings").rglob("*"):  # as if written long ago
        if page.is_file():
            os.utime(page, ns=(0, page.stat().st_mtime_ns - 10 * stamp.RACY_NS))
    stamp.forget(settings)
    run(cli_project, capsys)  # a full build that writes nothing
    assert cache.get("stamps", key).verify == {}


def test_accepting_edits_forgets_the_stamp(cli_project, capsys):
    run(cli_project, capsys)
    run(cli_project, capsys, "--accept-edits")
    settings = load_settings(cli_project / "briefings.yml")
    cache, key = stamp._store(settings)
    assert cache.get("stamps", key) is None


def _as_written_long_ago(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(0, path.stat().st_mtime_ns - 10 * stamp.RACY_NS))


def test_sources_unchanged_by_their_stat_are_not_read_again(cli_project, capsys, monkeypatch):
    _as_written_long_ago(cli_project / "sources")
    run(cli_project, capsys)
    settings = load_settings(cli_project / "briefings.yml")
    cache, key = stamp._store(settings)
    assert sorted(cache.get("stamps", key).sources) == sorted(SOURCES)  # their times are trusted next time

    opened: list[str] = []
    monkeypatch.setattr(cache_module, "open", lambda path, *a, **k: opened.append(str(path)) or open(path, *a, **k), raising=False)
    full_build_must_not_run(monkeypatch)
    assert run(cli_project, capsys)[0] == 0
    assert [path for path in opened if "sources" in Path(path).parts] == []
    assert opened  # the spy does see reads (the stamp is read from the cache)


def test_a_source_changed_within_the_racy_window_is_read_again(cli_project, capsys):
    # The sources were written just now: the build that hashes them cannot trust their times,
    # so an edit that keeps a source's size and modification time is still seen.
    run(cli_project, capsys)
    settings = load_settings(cli_project / "briefings.yml")
    cache, key = stamp._store(settings)
    assert cache.get("stamps", key).sources == {}
    source = cli_project / "sources" / "2025/03/strike.md"
    info = source.stat()
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("walked off the job", "walked off the jib"), encoding="utf-8")
    os.utime(source, ns=(info.st_atime_ns, info.st_mtime_ns))
    _, out, _ = run(cli_project, capsys)
    assert "pages: 0 written" not in out
    assert "walked off the jib" in (cli_project / "briefings" / STRIKE).read_text(encoding="utf-8")


def test_a_page_deleted_during_the_build_is_written_again_by_the_next(cli_project, capsys, monkeypatch):
    page = cli_project / "briefings" / STRIKE
    real_scan = stamp.scan

    def delete_then_scan(folder):
        page.unlink()
        return real_scan(folder)

    monkeypatch.setattr(stamp, "scan", delete_then_scan)
    run(cli_project, capsys)
    monkeypatch.setattr(stamp, "scan", real_scan)
    assert not page.exists()
    _, out, _ = run(cli_project, capsys)
    assert page.is_file() and "pages: 1 written" in out


def test_after_a_change_of_code_unchanged_sources_are_read_again(cli_project, capsys, monkeypatch):
    # Their keys in the stamp were made by the old code: trusting them would hand the
    # new code the old code's articles (a stale entity type, an old summary).
    _as_written_long_ago(cli_project / "sources")
    run(cli_project, capsys)
    run(cli_project, capsys)  # the stamp now trusts the sources' times
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "the generator, edited")
    opened: list[str] = []
    monkeypatch.setattr(cache_module, "open", lambda path, *a, **k: opened.append(str(path)) or open(path, *a, **k), raising=False)
    assert run(cli_project, capsys)[0] == 0
    assert sorted(Path(path).relative_to(cli_project / "sources").as_posix() for path in opened
                  if "sources" in Path(path).parts) == sorted(SOURCES)

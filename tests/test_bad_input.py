"""Bad sources give one clear line naming the file and the fix; the others still build."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.errors import SourceError
from generator.reading import read_source

from .conftest import canonical

GOOD = canonical(
    "Council approves tram line",
    "Harbor City Courier",
    "2025-03-04T09:30:00+00:00",
    "The council approved the tram line on Tuesday.",
    "Work starts next spring, officials said.",
)

BODY = "The council approved the new tram line after a long debate on Tuesday evening."


def error_for(project, name: str, content: str | bytes) -> str:
    """Build a project with one good and one bad source; return the bad one's message."""
    settings = project({"good.md": GOOD, name: content})
    report = build(settings)
    assert [a.id for a in report.articles] == ["good.md"], "the good source must still build"
    [error] = report.errors
    assert isinstance(error, SourceError)
    assert error.path.name == name
    message = str(error)
    assert "\n" not in message and message.startswith(str(settings.sources / name))
    return message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.md", "", "the file is empty — add the article text or delete the file"),
        ("blank.txt", "  \n\n\t\n", "the file is empty"),
        ("binary.txt", bytes(range(256)) * 40, "this is a binary file, not text"),
        ("latin.txt", "Caf\xe9 \x80 owner said".encode("latin-1") + b"\x81", "not UTF-8 text (invalid byte"),
        ("broken.md", "---\ntitle: [unclosed\n---\n\nBody.\n", "malformed front matter"),
        ("unclosed.md", "---\ntitle: x\n\nBody.\n", "front matter has no closing '---' line"),
        ("list.md", "---\n- a\n- b\n---\n\nBody.\n", "front matter is a list, not a set of keys"),
        ("number.md", "---\n42\n---\n\nBody.\n", "front matter is a int, not a set of keys"),
        ("dupkeys.md", "---\ntitle: a\ntitle: b\npublished: 2025-01-01\n---\n\nBody.\n", "duplicated key 'title'"),
        ("python-tag.md", "---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n\nBody.\n", "malformed front matter"),
        ("nodate.txt", "A headline\n\n" + BODY + "\n", "no publication date found — add a dateline, or 'published: YYYY-MM-DD' in front matter"),
        ("old.md", canonical("Old", "X", "1900-01-01", BODY), "impossible publication date 1900-01-01 is before 1990"),
        ("future.md", canonical("Future", "X", "2100-01-01", BODY), "impossible publication date 2100-01-01 is in the future"),
        ("chrome.txt", "Monday, May 5, 2025\nA headline\n\nMost Popular\nRecent Comments\nPlease enter your comment!\n", "no article text left after removing page boilerplate"),
        ("notes.docx", "whatever", "unsupported file type '.docx'"),
        ("z-copy.md", GOOD, "duplicate of"),
    ],
)
def test_bad_source_is_reported_and_skipped(project, name, content, expected):
    assert expected in error_for(project, name, content)


def test_a_file_over_the_size_limit_is_refused_without_reading_it(project, tmp_path: Path):
    settings = project({"good.md": GOOD})
    huge = settings.sources / "huge.txt"
    with huge.open("wb") as handle:  # 50 MB, sparse: cheap to make
        handle.truncate(50_000_000)
    report = build(settings)
    [error] = report.errors
    assert "file is 50.0 MB, over the 10.0 MB limit" in str(error)
    assert [a.id for a in report.articles] == ["good.md"]


def test_windows_1252_is_decoded_with_a_warning(tmp_path: Path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes("Monday, May 5, 2025\nCaf\u00e9 owners \u2018cautious\u2019\n\nThe caf\u00e9 said it would reopen \u2013 soon.\n".encode("cp1252"))
    document = read_source(path, 10_000_000)
    assert [p.code for p in document.problems] == ["decoded-cp1252"]
    assert "The caf\u00e9 said it would reopen \u2013 soon." in document.lines


def test_utf16_with_bom_is_read(tmp_path: Path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Monday, May 5, 2025\nTitle\n\nBody text.\n".encode("utf-16"))
    assert read_source(path, 10_000_000).lines[-1] == "Body text."


def test_a_symlink_is_refused(project, tmp_path: Path):
    settings = project({"good.md": GOOD})
    outside = tmp_path / "outside.md"
    outside.write_text(GOOD.replace("tram line", "bus lane"), encoding="utf-8")
    (settings.sources / "link.md").symlink_to(outside)
    report = build(settings)
    [error] = report.errors
    assert "is a symbolic link" in str(error)

"""Broken sources: each gets one clear line naming the file, none crashes the build, the rest builds.

tests/fixtures/broken/ holds the inputs that fit in git (README.md there says
what each one is). The ones that do not are made here: a 50 MB file (sparse),
a real 5 MB single line, 10,000 tiny files, symbolic links out of the
project, a named pipe, file names that are not UTF-8 or hold a line break.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from generator.discovery import NOT_ARTICLES, discover_sources
from generator.cli import main
from generator.reading import read_source
from generator.errors import SourceError

from .conftest import FIXTURES, ROOT, canonical

BROKEN = FIXTURES / "broken"

GOOD = {
    "good/tram.md": canonical(
        "Council approves tram line", "Harbor City Courier", "2025-03-04T09:30:00+00:00",
        "The council approved the tram line on Tuesday after a long debate about its route.",
        "Work starts next spring, officials said.",
    ),
    "good/library.md": canonical(
        "Library doubles its opening hours", "Westside Gazette", "2025-04-10",
        "The central library will open every evening from next month, the librarian announced on Thursday.",
    ),
}

# What happens to each file in tests/fixtures/broken/: an error naming it (with this text),
# or it builds (with these warning codes, or none).
ERROR, BUILDS = "error", "builds"
EXPECTED: dict[str, tuple[str, str | tuple[str, ...]]] = {
    "binary-image.txt": (ERROR, "this is a binary file, not text — sources must be UTF-8 text, Markdown or HTML; remove it"),
    "control-characters.txt": (BUILDS, ("no-outlet",)),
    "date-as-number.md": (ERROR, "front matter 'published' is not a date: 20250101"),
    "date-impossible-day.md": (ERROR, "malformed front matter: day is out of range for month"),
    "date-impossible-hour.md": (ERROR, "malformed front matter: hour must be in 0..23"),
    "date-in-french.md": (ERROR, "front matter 'published' is not a date: '17 octobre 2023'"),
    "date-in-german.txt": (ERROR, "no publication date found"),
    "date-year-99999.md": (ERROR, "front matter 'published' is not a date: '99999-01-01'"),
    "dated-1900-dateline.txt": (ERROR, "impossible publication date 1900-01-01 is before 1990"),
    "dated-1900.md": (ERROR, "impossible publication date 1900-01-01 is before 1990"),
    "dated-2100.md": (ERROR, "impossible publication date 2100-01-01 is in the future"),
    "duplicated-keys.md": (ERROR, "malformed front matter (line 3): duplicated key 'title'"),
    "empty.md": (ERROR, "the file is empty — add the article text or delete the file"),
    "front-matter-list.md": (ERROR, "front matter is a list, not a set of keys"),
    "front-matter-malformed.md": (ERROR, "malformed front matter (line 3)"),
    "front-matter-number.md": (ERROR, "not a set of keys"),
    "front-matter-only.md": (ERROR, "no article text left after removing page boilerplate"),
    "front-matter-string.md": (ERROR, "not a set of keys"),
    "front-matter-unclosed.md": (ERROR, "front matter has no closing '---' line"),
    "invalid-utf8-middle.txt": (ERROR, "not UTF-8 text (invalid byte 0x81 at offset 35) — re-save the file as UTF-8"),
    "mixed-line-endings.md": (BUILDS, ()),
    "no-article.html": (ERROR, "no article text"),
    "no-date.txt": (ERROR, "no publication date found"),
    "no-extension": (ERROR, "unsupported file type ''"),
    "nul-bytes.md": (ERROR, "this is a binary file, not text"),
    "page-chrome-only.txt": (ERROR, "no article text left after removing page boilerplate"),
    "published-huge.md": (ERROR, "front matter 'published' is not a date: 'Tuesday"),
    "tags-not-a-list.md": (ERROR, "front matter 'tags' must be a list of words"),
    "title-not-text.md": (ERROR, "front matter 'title' must be text, got dict"),
    "truncated-utf8.txt": (BUILDS, ("truncated-utf8", "no-outlet")),
    "unsupported.pdf": (ERROR, "unsupported file type '.pdf'"),
    "utf16-be-bom.md": (BUILDS, ()),
    "utf16-le-bom.txt": (BUILDS, ("no-outlet",)),
    "utf16-no-bom.txt": (ERROR, "looks like UTF-16 text without a byte-order mark — re-save the file as UTF-8"),
    "utf16-odd-length.txt": (ERROR, "broken UTF-16 text"),
    "utf8-bom.md": (BUILDS, ()),
    "whitespace-only.txt": (ERROR, "the file is empty"),
    "windows-1252.txt": (BUILDS, ("decoded-cp1252", "no-outlet")),
    "yaml-bad-int-tag.md": (ERROR, "malformed front matter: invalid literal for int()"),
    "yaml-bad-timestamp-tag.md": (ERROR, "malformed front matter: a value does not fit its YAML tag"),
    "yaml-billion-laughs.md": (ERROR, "front matter 'title' must be text, got list"),
    # PyYAML 6.0.4 stops at a nesting depth of its own; earlier versions read the lists.
    "yaml-deep-nesting.md": (ERROR, ("front matter 'title' must be text, got list", "exceeded maximum nesting depth")),
    "yaml-python-name.md": (ERROR, "could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'"),
    "yaml-python-object.md": (ERROR, "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    "yaml-unhashable-key.md": (ERROR, "malformed front matter: unhashable type: 'list'"),
}

# `error: PATH: problem — fix`, `warning: PATH: message [code]`, `note: …`: nothing else on stderr.
MESSAGE = re.compile(r"^(?:error: (?P<error>.+?): \S.* — \S.*|warning: (?P<warning>.+?): \S.* \[[a-z0-9-]+\]|note: .+)$")
MAX_MESSAGE = 400


def make_project(tmp_path: Path, extra: dict[str, str | bytes] | None = None) -> tuple[Path, Path, Path]:
    """sources/ with the broken corpus and two good articles; returns (config, sources, out)."""
    sources, out = tmp_path / "sources", tmp_path / "out"
    shutil.copytree(BROKEN, sources / "broken")
    for name, content in {**GOOD, **(extra or {})}.items():
        path = sources / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    config = tmp_path / "briefings.yml"
    config.write_text(f"templates: {ROOT / 'templates'}\n", encoding="utf-8")
    return config, sources, out


def run_build(config: Path, sources: Path, out: Path, capsys) -> tuple[int, list[str], str]:
    code = main(["--config", str(config), "build", "--sources", str(sources), "--out", str(out)])
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


def check_messages(lines: list[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Every stderr line is one well-formed message; returns error and warning lines by file."""
    errors: dict[str, list[str]] = {}
    warnings: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith(("reading sources:", "writing", "grouping", "rendering")):
            continue  # progress lines on long runs
        match = MESSAGE.match(line)
        assert match, f"not a one-line message: {line[:200]!r}"
        assert len(line) <= MAX_MESSAGE, f"message too long to read: {line[:200]!r}…"
        if match["error"]:
            errors.setdefault(Path(match["error"]).name, []).append(line)
        elif match["warning"]:
            warnings.setdefault(Path(match["warning"]).name, []).append(line)
    return errors, warnings


def cited_sources(out: Path) -> set[str]:
    """Article ids cited by the event pages (their `sources:` front matter)."""
    from generator.reading import split_front_matter

    cited: set[str] = set()
    for page in (out / "events").rglob("*.md"):
        meta, _ = split_front_matter(page.read_text(encoding="utf-8"), page)
        cited.update(meta.get("sources") or [])
        cited.update(meta.get("copies") or [])
    return cited


def test_every_fixture_has_an_expected_outcome():
    names = {p.name for p in BROKEN.iterdir() if not p.name.startswith(".") and p.name.lower() not in NOT_ARTICLES}
    assert names == set(EXPECTED)


def test_the_broken_corpus_builds_around_its_bad_sources(tmp_path, capsys, input_log):
    config, sources, out = make_project(tmp_path)
    input_log.add("broken sources", *EXPECTED)
    code, lines, stdout = run_build(config, sources, out, capsys)
    assert code == 1, "some sources failed: exit 1, after building the rest"
    assert "Traceback" not in "\n".join(lines)
    errors, warnings = check_messages(lines)
    failing = {name for name, (outcome, _) in EXPECTED.items() if outcome == ERROR}
    assert set(errors) == failing, "exactly the broken files are reported"
    for name in failing:
        [line] = errors[name]  # one line per file, naming it
        assert f"{sources / 'broken' / name}: " in line
        expected = EXPECTED[name][1]
        assert any(part in line for part in (expected if isinstance(expected, tuple) else (expected,))), line
    cited = cited_sources(out)
    for name, (outcome, codes) in EXPECTED.items():
        if outcome == BUILDS:
            assert f"broken/{name}" in cited, f"{name} should have been built"
            found = sorted(re.search(r"\[([a-z0-9-]+)\]$", line)[1] for line in warnings.get(name, []))
            assert found == sorted(codes), name
    assert {"good/tram.md", "good/library.md"} <= cited
    built = sum(1 for outcome, _ in EXPECTED.values() if outcome == BUILDS) + len(GOOD)
    assert stdout.startswith(f"{built} articles read, ") and f"{len(failing)} errors" in stdout
    # The same broken corpus again: the same messages, and not one page rewritten.
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert run_build(config, sources, out, capsys)[:2] == (1, lines)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_date_in_another_language_builds_when_the_language_is_configured(tmp_path, capsys):
    config, sources, out = make_project(tmp_path)
    for path in (sources / "broken").iterdir():
        if path.name != "date-in-french.md":
            path.unlink()
    config.write_text(f"templates: {ROOT / 'templates'}\nlanguages: [en, fr]\n", encoding="utf-8")
    run_build(config, sources, out, capsys)
    assert "broken/date-in-french.md" in cited_sources(out)
    assert list((out / "events" / "2023" / "10").glob("2023-10-17-*.md"))


def test_a_50_mb_file_is_refused_without_being_read(tmp_path, capsys, input_log):
    config, sources, out = make_project(tmp_path)
    shutil.rmtree(sources / "broken")
    for name in ("huge.txt", "huge.md", "huge.html"):
        with (sources / name).open("wb") as handle:
            handle.truncate(50_000_000)  # sparse: no disk used, nothing worth reading
    input_log.add("generated broken inputs", "50 MB .txt", "50 MB .md", "50 MB .html")
    start = time.monotonic()
    code, lines, _ = run_build(config, sources, out, capsys)
    assert time.monotonic() - start < 20
    errors, _ = check_messages(lines)
    assert code == 1 and set(errors) == {"huge.txt", "huge.md", "huge.html"}
    for [line] in errors.values():
        assert "file is 50.0 MB, over the 10.0 MB limit — this is not a single article" in line
    assert {"good/tram.md", "good/library.md"} <= cited_sources(out)


def _prose(size: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    words = ("the council harbour ferry approved budget on Tuesday said officials river bridge school "
             "yesterday new plan city workers union port").split()
    sentences, length = [], 0
    while length < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + ". "
        sentences.append(sentence)
        length += len(sentence)
    return "".join(sentences)[:size]


def test_a_5_mb_single_line_is_reported_quickly(tmp_path, capsys, input_log):
    """Decision: a scrape that is one 5 MB line (under the 10 MB limit) is read, and refused for
    having no dateline — quickly, with a short message that does not echo the line."""
    line = "Updated: " + _prose(5_000_000)  # a labelled "date" that is really 5 MB of text
    config, sources, out = make_project(tmp_path, {"one-line.txt": line})
    shutil.rmtree(sources / "broken")
    input_log.add("generated broken inputs", "5 MB single line")
    start = time.monotonic()
    code, lines, _ = run_build(config, sources, out, capsys)
    assert time.monotonic() - start < 20
    errors, _ = check_messages(lines)
    assert code == 1 and list(errors) == ["one-line.txt"]
    assert errors["one-line.txt"][0].endswith(
        "one-line.txt: no publication date found — add a dateline, or 'published: YYYY-MM-DD' in front matter"
    )
    assert {"good/tram.md", "good/library.md"} <= cited_sources(out)


def test_ten_thousand_tiny_files(tmp_path, capsys, input_log):
    """10,000 tiny broken files (a full build of 10,000 tiny *valid* articles takes over a minute
    today, too slow for the suite): every one is reported once, the good ones still build."""
    config, sources, out = make_project(tmp_path)
    shutil.rmtree(sources / "broken")
    kinds = [b"", b" \n", b"\x00\x01", b"---\n", b"---\n- a\n---\nx\n", b"x\n", b"\xff\xfe\x00", b"---\ntitle: x\n---\n"]
    folder = sources / "tiny"
    folder.mkdir()
    for index in range(10_000):
        suffix = ".txt" if index % 3 else ".md"
        descriptor = os.open(folder / f"t{index:05d}{suffix}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(descriptor, kinds[index % len(kinds)])
        os.close(descriptor)
    input_log.count("tiny generated files", 10_000)
    code, lines, stdout = run_build(config, sources, out, capsys)
    errors, _ = check_messages(lines)
    assert code == 1 and len(errors) == 10_000 and all(len(v) == 1 for v in errors.values())
    assert stdout.startswith("2 articles read, ") and "10000 errors" in stdout
    assert {"good/tram.md", "good/library.md"} <= cited_sources(out)


def test_symbolic_links_are_refused(tmp_path, capsys, input_log):
    """A link to a file or folder outside the project, a dangling link, a link loop: never followed."""
    config, sources, out = make_project(tmp_path)
    shutil.rmtree(sources / "broken")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(canonical("Secret", "Elsewhere", "2025-01-02", "A file outside the project."), encoding="utf-8")
    links = {
        "to-file.md": outside / "secret.md",
        "to-folder": outside,
        "to-etc-passwd.txt": Path("/etc/passwd"),
        "dangling.md": tmp_path / "missing.md",
        "loop.md": sources / "loop.md",
    }
    for name, target in links.items():
        (sources / name).symlink_to(target)
    input_log.add("generated broken inputs", *(f"symlink {name}" for name in links))
    code, lines, _ = run_build(config, sources, out, capsys)
    errors, _ = check_messages(lines)
    assert code == 1 and set(errors) == set(links)
    assert all("is a symbolic link — copy the article into sources/ instead of linking it" in v[0] for v in errors.values())
    assert cited_sources(out) == {"good/tram.md", "good/library.md"}
    assert not any("Secret" in p.read_text(encoding="utf-8") for p in out.rglob("*.md"))


def test_file_names_that_would_break_a_message_or_a_page(tmp_path, capsys, input_log):
    """A name that is not UTF-8 crashed the whole build (page text could not be encoded); a line
    break in a name split the one-line message. Both are refused, named in printable form."""
    config, sources, out = make_project(tmp_path)
    shutil.rmtree(sources / "broken")
    body = canonical("Named oddly", "Odd Names", "2025-02-03", "The parish council met about the village green on Monday.")
    raw = os.fsencode(sources)
    for name in (b"latin1-\xe9t\xe9.md", b"line\nbreak.md", b"tab\there.md", b"bell\x07.md"):
        with open(raw + b"/" + name, "wb") as handle:
            handle.write(body.encode("utf-8"))
    input_log.add("generated broken inputs", "non-UTF-8 file name", "file name with a line break", "file name with a tab", "file name with a bell")
    code, lines, _ = run_build(config, sources, out, capsys)
    errors, _ = check_messages(lines)
    assert code == 1 and sorted(errors) == sorted(["bell\\x07.md", "latin1-\\xe9t\\xe9.md", "line\\x0abreak.md", "tab\\x09here.md"])
    assert all("the file name is not UTF-8 or holds a line break or control character — rename the file" in v[0] for v in errors.values())
    assert cited_sources(out) == {"good/tram.md", "good/library.md"}


def test_a_named_pipe_neither_blocks_the_build_nor_inspect(tmp_path, capsys, input_log):
    config, sources, out = make_project(tmp_path)
    shutil.rmtree(sources / "broken")
    fifo = sources / "pipe.md"
    os.mkfifo(fifo)
    input_log.add("generated broken inputs", "named pipe")
    code, lines, _ = run_build(config, sources, out, capsys)
    assert code == 0  # not a file: `build` does not pick it up at all
    assert main(["--config", str(config), "inspect", str(fifo)]) == 1
    assert capsys.readouterr().err.strip().endswith("pipe.md: is not a regular file — sources must be plain files")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_reported(tmp_path, capsys, input_log):
    config, sources, out = make_project(tmp_path)
    shutil.rmtree(sources / "broken")
    locked = sources / "locked.md"
    locked.write_text(GOOD["good/tram.md"].replace("tram", "bus"), encoding="utf-8")
    locked.chmod(0)
    input_log.add("generated broken inputs", "unreadable file")
    try:
        code, lines, _ = run_build(config, sources, out, capsys)
    finally:
        locked.chmod(0o644)
    errors, _ = check_messages(lines)
    assert code == 1 and list(errors) == ["locked.md"]


def test_a_corpus_where_every_source_is_broken_still_reports_them(tmp_path, capsys):
    config, sources, out = make_project(tmp_path)
    for name in GOOD:
        (sources / name).unlink()
    for path in discover_sources(sources):
        if EXPECTED.get(path.name, (ERROR,))[0] == BUILDS:
            path.unlink()
    code, lines, stdout = run_build(config, sources, out, capsys)
    errors, _ = check_messages(lines)
    assert code == 1 and stdout.startswith("0 articles read")


def test_read_source_turns_every_broken_fixture_into_a_document_or_a_source_error():
    """The reader alone, file by file: only SourceError ever comes out."""
    from generator.errors import SourceError

    for path in sorted(BROKEN.iterdir()):
        if path.name.startswith(".") or path.name.lower() in NOT_ARTICLES:
            continue
        try:
            read_source(path, 10_000_000)
        except SourceError as error:
            assert "\n" not in str(error) and str(error).startswith(str(path))


@pytest.mark.parametrize("nesting", ["[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x"], ids=["flow", "block"])
def test_front_matter_nested_100_000_deep_is_an_error_not_a_crash(nesting):
    # libyaml's C composer recurses once per level and dies with a segmentation
    # fault near this depth; the reader must answer with a message instead.
    from generator.reading import split_front_matter

    with pytest.raises(SourceError) as raised:
        split_front_matter(f"---\ntitle: {nesting}\n---\nBody.\n", Path("sources/deep.md"))
    assert "malformed front matter" in str(raised.value) and "sources/deep.md" in str(raised.value)

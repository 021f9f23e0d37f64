"""Reading: bytes on disk → RawDocument, one reader per format.

The readers know file formats, not news: they decode, split front matter or
extract HTML, and hand the cleaner logical lines (one paragraph each). What is
boilerplate and what is the article is the cleaner's business.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import Callable

import trafilatura
import yaml

from .errors import SourceError
from .model import Problem, RawDocument
from .yamltext import SafeLoader

# --- decoding ------------------------------------------------------------------

_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_MOJIBAKE_FREE = re.compile(r"[\x80-\x9f]")


def decode(data: bytes, path: Path) -> tuple[str, tuple[Problem, ...]]:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or clear Windows-1252."""
    if not data.strip():
        raise SourceError(path, "the file is empty", "add the article text or delete the file")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), ()
            except UnicodeDecodeError:
                raise SourceError(path, "broken UTF-16 text", "re-save the file as UTF-8") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    sample = data[:65536]
    half = len(sample) // 2
    if half >= 2 and max(sample[0::2].count(0), sample[1::2].count(0)) > half * 0.4:
        # Mostly-ASCII UTF-16 has a NUL in every other byte: not binary, just unmarked.
        raise SourceError(path, "looks like UTF-16 text without a byte-order mark", "re-save the file as UTF-8")
    if b"\x00" in sample or len(_TEXT_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise SourceError(
            path, "this is a binary file, not text", "sources must be UTF-8 text, Markdown or HTML; remove it"
        )
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        utf8_error = error
    # A download cut inside a multi-byte character: everything before it is fine.
    if utf8_error.start >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        text = data[: utf8_error.start].decode("utf-8")
        return text, (Problem("truncated-utf8", "the file ends inside a UTF-8 character; the last bytes were dropped"),)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _MOJIBAKE_FREE.search(text):
        return text, (
            Problem("decoded-cp1252", "not UTF-8; decoded as Windows-1252 (re-save as UTF-8 to silence this)"),
        )
    raise SourceError(
        path,
        f"not UTF-8 text (invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})",
        "re-save the file as UTF-8",
    )


# --- front matter ------------------------------------------------------------------


class _UniqueKeyLoader(SafeLoader):
    """A safe loader that refuses duplicated keys (plain PyYAML keeps the last silently)."""


class _PlainUniqueKeyLoader(yaml.SafeLoader):
    """The same in pure Python, for YAML that might nest deeply.

    libyaml's C composer recurses once per nesting level and crashes the
    process (a segmentation fault, not an exception) around 100,000 levels;
    the pure-Python one stops with a RecursionError we report.
    """


# Nesting needs one of these per level; ordinary front matter has a few dozen.
_NESTING_MARKS = ("[", "{", "- ", ": ", "? ")
_MAX_NESTING_MARKS = 2000


def _loader_for(text: str) -> type:
    marks = sum(text.count(mark) for mark in _NESTING_MARKS)
    return _UniqueKeyLoader if marks <= _MAX_NESTING_MARKS else _PlainUniqueKeyLoader


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicated key '{key}'", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)
_PlainUniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)

_FENCE = re.compile(r"^---[ \t]*$")


def _front_matter_end(lines: list[str]) -> int | None:
    """Index of the line closing the front matter: None when there is none, len(lines) when it never closes."""
    if not lines or not _FENCE.match(lines[0]):
        return None
    for end, line in enumerate(lines[1:], start=1):
        if _FENCE.match(line) or line.strip() == "...":
            return end
    return len(lines)


def front_matter_text(text: str) -> str:
    """The raw YAML of a page's front matter, unparsed ("" when it has none)."""
    lines = text.splitlines()
    end = _front_matter_end(lines)
    return "\n".join(lines[1:end]) if end else ""


def split_front_matter(text: str, path: Path) -> tuple[dict[str, object], str]:
    """(front matter, body) of a Markdown file; ({}, text) when it has none."""
    lines = text.splitlines()
    end = _front_matter_end(lines)
    if end is None:
        return {}, text
    if end == len(lines):
        raise SourceError(path, "front matter has no closing '---' line", "end the front matter with a line '---'")
    try:
        header = "\n".join(lines[1:end])
        data = yaml.load(header, Loader=_loader_for(header))  # noqa: S506 - safe subclasses
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise SourceError(path, f"malformed front matter{where}: {problem}", "fix the YAML between the '---' lines") from None
    except RecursionError:
        raise SourceError(path, "malformed front matter: nested too deeply", "fix the YAML between the '---' lines") from None
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        # PyYAML's constructors raise these for values its resolver accepted:
        # `published: 2025-02-30`, `!!int "abc"`, a list used as a key.
        problem = " ".join(str(error).split())[:200] if not isinstance(error, AttributeError) else ""
        problem = problem or "a value does not fit its YAML tag"
        raise SourceError(path, f"malformed front matter: {problem}", "fix the YAML between the '---' lines") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(
            path,
            f"front matter is a {type(data).__name__}, not a set of keys",
            "write it as 'title: …', 'published: …' lines",
        )
    return {str(k): v for k, v in data.items()}, "\n".join(lines[end + 1 :])


# --- logical lines -------------------------------------------------------------------

_QA_LINE = re.compile(r"^\s*(?:Q|A|Question|Answer)\s*[:.)]", re.IGNORECASE)


def markdown_paragraphs(body: str) -> list[str]:
    """Blank-line separated blocks, each joined into one line (Q:/A: lines stay apart)."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            if current:
                paragraphs.append(" ".join(current))
                current = []
        elif _QA_LINE.match(line) and current:
            paragraphs.append(" ".join(current))
            current = [line.strip()]
        else:
            current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


# --- readers by format -------------------------------------------------------------------


def read_text(text: str, path: Path) -> RawDocument:
    """A plain-text scrape: every line is a paragraph or a piece of page chrome."""
    return RawDocument(path=path, format="text", lines=tuple(text.splitlines()))


def read_markdown(text: str, path: Path) -> RawDocument:
    """Canonical source: YAML front matter (trusted metadata) and a plain-text body."""
    metadata, body = split_front_matter(text, path)
    return RawDocument(path=path, format="markdown", lines=tuple(markdown_paragraphs(body)), metadata=metadata)


def read_html(text: str, path: Path, url: str | None = None) -> RawDocument:
    """An HTML page: trafilatura finds the main text and the page's metadata.

    `url` is where a fetched page came from (`briefings add URL`); trafilatura
    uses it to resolve the page's links and as its `url` when the page names none.
    """
    document = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
    )
    if document is None or not (document.text or "").strip():
        raise SourceError(path, "no article text found in this HTML page", "check that the page holds the article, not a menu or paywall")
    metadata: dict[str, object] = {}
    for ours, theirs in (("title", "title"), ("author", "author"), ("published", "date"), ("outlet", "sitename"), ("url", "url")):
        value = getattr(document, theirs, None)
        if value:
            metadata[ours] = value
    return RawDocument(path=path, format="html", lines=tuple(document.text.splitlines()), metadata=metadata)


Reader = Callable[[str, Path], RawDocument]

READERS: dict[str, Reader] = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
}

SOURCE_SUFFIXES = frozenset(READERS)


# A file name that would break the one-line messages or the UTF-8 pages it is cited on.
_UNPRINTABLE_NAME = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\ud800-\udfff]")


def _printable_path(path: Path) -> Path:
    """`path` with undecodable bytes and control characters spelled as escapes."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return Path(_UNPRINTABLE_NAME.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text))


def read_source(path: Path, max_bytes: int) -> RawDocument:
    """Read one source file with the reader its extension names."""
    if _UNPRINTABLE_NAME.search(str(path)):
        raise SourceError(
            _printable_path(path),
            "the file name is not UTF-8 or holds a line break or control character",
            "rename the file",
        )
    if path.is_symlink():
        raise SourceError(path, "is a symbolic link", "copy the article into sources/ instead of linking it")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceError(
            path, f"unsupported file type '{path.suffix}'", f"use one of {', '.join(sorted(READERS))}"
        )
    if not path.is_file():
        raise SourceError(path, "is not a regular file", "sources must be plain files")
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(
            path,
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit",
            "this is not a single article; split it, or raise max_source_bytes in briefings.yml",
        )
    text, problems = decode(path.read_bytes(), path)
    document = reader(text, path)
    if problems:
        document = RawDocument(
            path=document.path,
            format=document.format,
            lines=document.lines,
            metadata=document.metadata,
            problems=problems + document.problems,
        )
    return document

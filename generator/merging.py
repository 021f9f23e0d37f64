"""Merging: a freshly rendered page + the page on disk → what to write, without losing an edit.

A generated page is front matter plus *sections*, each between two markers::

    <!-- briefings:begin summary -->
    ## Summary
    …
    <!-- briefings:end summary -->

The front matter's `generated:` mapping records a hash of what the generator
last wrote in each section (and in each front-matter key a person may edit).
On the next build, for each section:

- its text still has that hash → nobody touched it → it is regenerated;
- its text differs → a person edited it → it is kept as written, reported, and
  flagged "may be stale" while the generator would now write something else;
- it is empty (markers kept) → handed back to the generator → regenerated;
- both markers are gone → a person took it over (or removed it) → left so.

Text outside every marker belongs to people and is always kept, in place
(after the section it followed). Generated text that a template prints outside
markers (a page's title and lede, footnotes, a whole index page) is wrapped in
markers here — `top`, `bottom`, `after-NAME`, or `page` — so that on disk
everything the generator owns is marked and everything else is a person's.

`frozen: true` in the front matter leaves a page untouched. A page whose
markers are broken (a begin without its end, a name used twice) is an error
naming the file and the section, and is left untouched: nothing is lost.

Everything here is pure: text in, text out. `build.write_pages` does the I/O.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path


from .errors import BriefingsError, SourceError
from . import yamltext
from .reading import split_front_matter

GENERATOR_MARK = "briefings"
# Front-matter keys the build reads back to know its own state: always regenerated
# (change the sources or decisions.yml instead). Every other key the generator
# writes (title, description, tags, …) a person may edit, and the edit is kept.
BUILD_KEYS = frozenset({"generator", "event", "story", "entity", "type", "sources", "copies", "date", "updates"})
# Front-matter keys of the merge itself.
GENERATED_KEY = "generated"
FROZEN_KEY = "frozen"
FRONT_MATTER_ENTRY = "front matter"  # inside `generated:`; has a space, so no section can be called so
# Names of the sections wrapped around generated text a template prints outside markers.
TOP, BOTTOM, WHOLE_PAGE, AFTER = "top", "bottom", "page", "after-"

_MARKER = re.compile(r"^<!--\s*briefings:(?P<kind>begin|end)\s+(?P<name>[a-z0-9][a-z0-9_-]*)\s*-->$")
_MARKER_LIKE = re.compile(r"briefings:(?:begin|end)\b")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_HASH = re.compile(r"^[0-9a-f]{16}$")
# The YAML style of every front matter the build writes (as render.front_matter does).
class PageError(BriefingsError):
    """A page the build cannot merge into (broken markers, invalid front matter); it is left as is."""

    def __init__(self, path: Path | str, problem: str, fix: str) -> None:
        self.path = Path(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.path}: {problem} — {fix}; the page was left as it is")


# --- hashing ----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Text as hashed: LF line endings, no trailing spaces, no blank lines at either end.

    So an editor that trims whitespace or saves CRLF does not count as an edit.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def section_hash(body: str) -> str:
    """The hash recorded for a section: the first 16 hex digits of the SHA-256 of its normalised text."""
    return hashlib.sha256(normalise(body).encode("utf-8")).hexdigest()[:16]


def value_hash(value: object) -> str:
    """The hash recorded for a front-matter value (stable across YAML styles)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    name: str
    body: str  # the lines between the two marker lines, joined with "\n" (no final newline)

    @property
    def empty(self) -> bool:
        return not self.body.strip()


@dataclass(frozen=True)
class Outside:
    """Text outside every marker: a person's (the generator's own text is always marked)."""

    text: str


@dataclass(frozen=True)
class Page:
    meta: dict[str, object]
    items: tuple[Section | Outside, ...]

    @property
    def sections(self) -> dict[str, Section]:
        return {item.name: item for item in self.items if isinstance(item, Section)}


def parse_body(body: str, path: Path | str) -> tuple[Section | Outside, ...]:
    """Split a page body into marked sections and the text between them.

    Whitespace-only text between sections is layout, not content, and is dropped.
    Raises PageError for broken markers, naming the section and the line.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    items: list[Section | Outside] = []
    seen: dict[str, int] = {}
    outside: list[str] = []
    open_name: str | None = None
    open_line = 0
    inside: list[str] = []

    def flush_outside() -> None:
        if any(line.strip() for line in outside):
            items.append(Outside(_trim(outside)))
        outside.clear()

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        match = _MARKER.match(stripped)
        if match is None:
            if _MARKER_LIKE.search(stripped) and stripped.startswith("<!--"):
                raise PageError(
                    path,
                    f"line {number} is a damaged marker: {stripped[:80]!r}",
                    "write it as '<!-- briefings:begin NAME -->' or '<!-- briefings:end NAME -->' on a line of its own",
                )
            (inside if open_name is not None else outside).append(line)
            continue
        kind, name = match["kind"], match["name"]
        if kind == "begin":
            if open_name is not None:
                raise PageError(
                    path,
                    f"section '{open_name}' (begun on line {open_line}) has no end marker before the next begin on line {number}",
                    f"put back '<!-- briefings:end {open_name} -->' where the section ends",
                )
            if name in seen:
                raise PageError(
                    path,
                    f"section '{name}' appears twice (lines {seen[name]} and {number})",
                    "delete one of the two copies, markers included",
                )
            seen[name] = number
            flush_outside()
            open_name, open_line = name, number
            inside = []
        else:
            if open_name is None:
                raise PageError(
                    path,
                    f"end marker of section '{name}' on line {number} has no begin marker",
                    f"put back '<!-- briefings:begin {name} -->' where the section starts, "
                    "or delete the end marker too to make the text yours",
                )
            if name != open_name:
                raise PageError(
                    path,
                    f"section '{open_name}' (begun on line {open_line}) is ended by the marker of '{name}' on line {number}",
                    f"put back '<!-- briefings:end {open_name} -->' where the section ends",
                )
            items.append(Section(name, "\n".join(inside)))
            open_name = None
    if open_name is not None:
        raise PageError(
            path,
            f"section '{open_name}' (begun on line {open_line}) has no end marker",
            f"put back '<!-- briefings:end {open_name} -->' where the section ends, "
            "or delete the begin marker too to make the text yours",
        )
    flush_outside()
    return tuple(items)


def parse_page(text: str, path: Path | str) -> Page:
    """Front matter and body items of a page on disk. Raises PageError when either is broken."""
    try:
        meta, body = split_front_matter(text, Path(path))
    except SourceError as error:
        raise PageError(path, error.problem, error.fix) from None
    return Page(meta, parse_body(body, path))


def section_title(section: Section) -> str:
    """How reports name a section: its first heading, else its marker name."""
    if section.name == WHOLE_PAGE:
        return "the page"
    if section.name == TOP:
        return "the top of the page"
    if section.name == BOTTOM:
        return "the end of the page"
    if section.name.startswith(AFTER):
        return f"the text after '{section.name.removeprefix(AFTER)}'"
    for line in section.body.split("\n"):
        match = _HEADING.match(line.strip())
        if match:
            return match["text"]
    return section.name


# --- a freshly rendered page, all of its generated text marked ---------------------------------


@dataclass(frozen=True)
class Rendered:
    """A rendered page as the merge sees it: front matter and an ordered list of sections."""

    meta: dict[str, object]
    sections: tuple[Section, ...]


def prepare(text: str, path: Path | str) -> Rendered:
    """A rendered page with every run of generated text outside markers wrapped into a section.

    A broken marker here is a template bug, not a person's: it raises PageError all the same.
    """
    try:
        meta, body = split_front_matter(text, Path(path))
    except SourceError as error:
        raise PageError(path, f"the template rendered {error.problem}", "fix the template") from None
    items = parse_body(body, path)
    explicit = [item for item in items if isinstance(item, Section)]
    sections: list[Section] = []
    previous: str | None = None
    for index, item in enumerate(items):
        if isinstance(item, Section):
            sections.append(item)
            previous = item.name
            continue
        if not explicit:
            name = WHOLE_PAGE
        elif previous is None:
            name = TOP
        elif index == len(items) - 1:
            name = BOTTOM
        else:
            name = AFTER + previous
        sections.append(Section(name, "\n" + item.text + "\n"))  # blank lines keep Markdown blocks apart
    names = [section.name for section in sections]
    if len(set(names)) != len(names):
        raise PageError(path, f"the template rendered a section name twice ({', '.join(names)})", "rename one in the template")
    meta = {key: value for key, value in meta.items() if key != GENERATED_KEY}  # set again on writing
    return Rendered(meta, tuple(sections))


# --- merging ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    """A person's edit the build kept."""

    part: str  # "Summary", "`title` in the front matter", …
    removed: bool = False  # the person deleted it (both markers, or the key)
    orphaned: bool = False  # the generator no longer writes this section at all
    stale: str | None = None  # why it may be out of date with the sources, when it may


@dataclass
class Merge:
    """The outcome for one page: the text to write (None: leave the file alone) and what to tell."""

    text: str | None
    kept: list[Kept] = field(default_factory=list)
    frozen: bool = False
    outdated: bool = False  # frozen, and the generator would have changed it
    foreign: bool = False  # a page a person wrote at a generated path (no `generator: briefings`)


def _dump(meta: dict[str, object]) -> str:
    return "---\n" + yamltext.dump(meta) + "---\n"


def _block(section: Section) -> str:
    return f"<!-- briefings:begin {section.name} -->\n{section.body}\n<!-- briefings:end {section.name} -->"


def _assemble(meta: dict[str, object], blocks: list[str]) -> str:
    return _dump(meta) + "\n" + "\n\n".join(blocks) + "\n"


def _trim(lines: list[str]) -> str:
    """Lines joined, without the blank (or whitespace-only) lines at either end."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def fresh_page(rendered: Rendered) -> str:
    """The page as written when no file exists yet (or the file is the generator's alone)."""
    records: dict[str, object] = {}
    display = {key: value_hash(value) for key, value in rendered.meta.items() if key not in BUILD_KEYS}
    if display:
        records[FRONT_MATTER_ENTRY] = display
    records.update((section.name, section_hash(section.body)) for section in rendered.sections)
    meta = rendered.meta | {GENERATED_KEY: records}
    return _assemble(meta, [_block(section) for section in rendered.sections])


def _records(meta: dict[str, object], path: Path | str) -> tuple[dict[str, str], dict[str, str]]:
    """(section hashes, front-matter key hashes) from `generated:`; PageError when malformed."""
    records = meta.get(GENERATED_KEY)
    fix = "restore the 'generated:' mapping from git, or delete it to regenerate the whole page"
    if not isinstance(records, dict):
        raise PageError(path, "front matter 'generated' is not a mapping of section names to hashes", fix)
    sections: dict[str, str] = {}
    keys: dict[str, str] = {}
    for name, value in records.items():
        if name == FRONT_MATTER_ENTRY:
            if not isinstance(value, dict) or not all(isinstance(v, str) and _HASH.match(v) for v in value.values()):
                raise PageError(path, f"front matter 'generated: {FRONT_MATTER_ENTRY}' is not a mapping of keys to hashes", fix)
            keys = {str(k): v for k, v in value.items()}
        elif isinstance(value, str) and _HASH.match(value):
            sections[str(name)] = value
        else:
            raise PageError(path, f"front matter 'generated: {name}' is not a 16-digit hash", fix)
    return sections, keys


def _new_sources(old_meta: dict[str, object], new_meta: dict[str, object]) -> list[str]:
    old, new = old_meta.get("sources"), new_meta.get("sources")
    if not isinstance(new, list):
        return []
    known = set(old) if isinstance(old, list) else set()
    return [str(source) for source in new if source not in known]


def merge(existing: str | None, rendered_text: str, path: Path | str, *, accept_edits: bool = False) -> Merge:
    """What to write at `path`: `rendered_text` merged with the `existing` file (None: no file).

    `rendered_text` is a page as a template renders it, or as `fresh_page` writes it.
    `accept_edits` records the generator's current text as the base of every kept edit, so
    the "may be stale" notes stop (the person has brought their edit up to date).
    Raises PageError (broken markers or front matter in `existing`); the caller leaves the file.
    """
    rendered = prepare(rendered_text, path)
    if existing is None:
        return Merge(fresh_page(rendered))
    try:
        meta, body = split_front_matter(existing, Path(path))
    except SourceError as error:
        if f"generator: {GENERATOR_MARK}" not in existing[:4000]:
            return Merge(None, foreign=True)  # a person's page, broken or not, is theirs
        raise PageError(path, error.problem, error.fix) from None
    frozen = meta.get(FROZEN_KEY)
    if frozen is not None and not isinstance(frozen, bool):
        raise PageError(path, f"front matter 'frozen' must be true or false, got {frozen!r}", "write 'frozen: true' or delete the line")
    if meta.get("generator") != GENERATOR_MARK:
        return Merge(None, foreign=True)
    if frozen:
        try:  # only to tell whether the page would have changed
            outdated = _merge_page(Page(meta, parse_body(body, path)), rendered, path, accept_edits).text != existing
        except PageError:
            outdated = True
        return Merge(None, frozen=True, outdated=outdated)
    if GENERATED_KEY not in meta:
        # Written before edits were tracked, when every build rewrote every page: all of it is ours.
        return Merge(fresh_page(rendered))
    return _merge_page(Page(meta, parse_body(body, path)), rendered, path, accept_edits)


def _merge_page(old: Page, rendered: Rendered, path: Path | str, accept_edits: bool) -> Merge:
    base, key_base = _records(old.meta, path)
    result = Merge(None)
    new_sources = _new_sources(old.meta, rendered.meta)

    def stale_reason(fresh_hash: str, recorded: str | None) -> str | None:
        if recorded is None or fresh_hash == recorded:
            return None
        if new_sources:
            return "new sources " + ", ".join(new_sources)
        return "the generated text changed since the edit"

    # Sections: the generator's order, each regenerated or kept.
    old_sections = old.sections
    chosen: dict[str, Section] = {}
    records: dict[str, str] = {}
    removed: set[str] = set()
    for section in rendered.sections:
        name, fresh_hash = section.name, section_hash(section.body)
        mine = old_sections.get(name)
        recorded = base.get(name)
        if mine is None:
            if recorded is not None:  # both markers deleted: taken over or removed by a person
                removed.add(name)
                records[name] = fresh_hash if accept_edits else recorded
                result.kept.append(Kept(section_title(section), removed=True))
            else:
                chosen[name], records[name] = section, fresh_hash
        elif mine.empty or section_hash(mine.body) == recorded:
            chosen[name], records[name] = section, fresh_hash
        else:
            chosen[name] = mine
            records[name] = fresh_hash if accept_edits or recorded is None else recorded
            reason = None if accept_edits else stale_reason(fresh_hash, recorded)
            result.kept.append(Kept(section_title(section), stale=reason))
    # Sections the generator no longer writes: dropped, unless a person edited them.
    for name, mine in old_sections.items():
        if name in chosen or name in removed:
            continue
        if mine.empty or section_hash(mine.body) == base.get(name):
            continue
        chosen[name] = mine
        records[name] = base.get(name) or section_hash(mine.body)
        result.kept.append(Kept(section_title(mine), orphaned=True))

    # Layout: the generator's sections in its order; each person's item after the section it followed.
    attached: dict[str | None, list[Section | Outside]] = {}
    anchor: str | None = None
    fresh_names = {section.name for section in rendered.sections}
    for item in old.items:
        if isinstance(item, Section):
            if item.name in fresh_names:
                anchor = item.name
            elif item.name in chosen:  # an orphaned edit: stays where it was
                attached.setdefault(anchor, []).append(chosen[item.name])
                anchor = item.name
        else:
            attached.setdefault(anchor, []).append(item)
    blocks: list[str] = []
    order: list[str] = []

    def emit_after(name: str | None) -> None:
        for item in attached.get(name, []):
            if isinstance(item, Outside):
                blocks.append(item.text)
            else:
                blocks.append(_block(item))
                order.append(item.name)
                emit_after(item.name)

    emit_after(None)
    for section in rendered.sections:
        if section.name in chosen:
            blocks.append(_block(chosen[section.name]))
            order.append(section.name)
        emit_after(section.name)

    # Front matter: build keys regenerated, edited display keys kept, a person's own keys kept.
    meta: dict[str, object] = {}
    key_records: dict[str, str] = {}
    for key, value in rendered.meta.items():
        if key in BUILD_KEYS:
            meta[key] = value
            continue
        fresh_hash, recorded = value_hash(value), key_base.get(key)
        if key in old.meta:
            if recorded is not None and value_hash(old.meta[key]) == recorded:
                meta[key], key_records[key] = value, fresh_hash
            elif recorded is None and old.meta[key] == value:
                meta[key], key_records[key] = value, fresh_hash
            else:
                meta[key] = old.meta[key]
                key_records[key] = fresh_hash if accept_edits or recorded is None else recorded
                result.kept.append(Kept(f"'{key}' in the front matter", stale=None if accept_edits else stale_reason(fresh_hash, recorded)))
        elif recorded is not None:  # a person deleted the key
            key_records[key] = fresh_hash if accept_edits else recorded
            result.kept.append(Kept(f"'{key}' in the front matter", removed=True))
        else:
            meta[key], key_records[key] = value, fresh_hash
    for key, value in old.meta.items():
        if key in meta or key in key_records or key in BUILD_KEYS or key == GENERATED_KEY:
            continue
        recorded = key_base.get(key)
        if recorded is not None:  # the generator no longer writes it
            if value_hash(value) == recorded:
                continue
            key_records[key] = recorded
            result.kept.append(Kept(f"'{key}' in the front matter", orphaned=True))
        meta[key] = value
    generated: dict[str, object] = {}
    if key_records:
        generated[FRONT_MATTER_ENTRY] = key_records
    generated.update((name, records[name]) for name in order)
    generated.update((name, records[name]) for name in sorted(removed))
    meta[GENERATED_KEY] = generated
    result.text = _assemble(meta, blocks)
    return result


# --- comparing (for `briefings check`) --------------------------------------------------------


def changed_parts(existing: str | None, wanted: str, path: Path | str) -> list[str]:
    """How `existing` differs from `wanted` (both full pages), part by part, for a person to read."""
    if existing is None:
        return ["the page is missing"]
    try:
        old = parse_page(existing, path)
    except PageError:
        return ["the whole page"]
    new = parse_page(wanted, path)
    parts: list[str] = []
    old_sections, new_sections = old.sections, new.sections
    for name, section in new_sections.items():
        if name not in old_sections or normalise(old_sections[name].body) != normalise(section.body):
            parts.append(section_title(section))
    for name, section in old_sections.items():
        if name not in new_sections:
            parts.append(section_title(section))
    keys = set(old.meta) | set(new.meta)
    changed = sorted(key for key in keys if old.meta.get(key, ...) != new.meta.get(key, ...))
    if parts and changed == [GENERATED_KEY]:
        changed = []  # only the hashes of the sections named already
    if changed:
        parts.insert(0, "the front matter (" + ", ".join(changed) + ")")
    return parts or ["the layout"]


def edits_in(text: str, path: Path | str) -> list[str] | None:
    """What people changed in a generated page: [] when nothing (it may be deleted safely).

    None when the page is not the generator's to delete: frozen, written by a person,
    or written before edits were tracked. Raises PageError when its markers are broken.
    """
    old = parse_page(text, path)
    if old.meta.get("generator") != GENERATOR_MARK or old.meta.get(FROZEN_KEY) or GENERATED_KEY not in old.meta:
        return None
    base, key_base = _records(old.meta, path)
    edits: list[str] = []
    for item in old.items:
        if isinstance(item, Outside):
            edits.append("text outside the markers")
        elif not item.empty and section_hash(item.body) != base.get(item.name):
            edits.append(section_title(item))
    edits += [f"removed section '{name}'" for name in base if name not in old.sections]
    for key, value in old.meta.items():
        if key in BUILD_KEYS or key == GENERATED_KEY:
            continue
        if key not in key_base or value_hash(value) != key_base[key]:
            edits.append(f"'{key}' in the front matter")
    edits += [f"removed '{key}' from the front matter" for key in key_base if key not in old.meta]
    return edits


# --- hand-written pages -----------------------------------------------------------------------


@dataclass(frozen=True)
class HandWritten:
    """What the indexes need of a briefing a person wrote (front matter `title` and `date`)."""

    path: str  # inside the docs folder, e.g. "events/2025/03/harbour-history.md"
    title: str
    start: datetime
    description: str
    tags: tuple[str, ...]


def read_hand_written(meta: dict[str, object], relative: str, path: Path | str) -> HandWritten:
    """A hand-written briefing's listing from its front matter; PageError if the schema is not met.

    Schema: `title` (text, required), `date` (YYYY-MM-DD, required), `description`
    (text: the line shown on the front page), `tags` (list of words).
    """
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise PageError(path, "a hand-written briefing needs a 'title' in its front matter", "add 'title: …'")
    moment = meta.get("date")
    if isinstance(moment, str):
        try:
            moment = date.fromisoformat(moment.strip())
        except ValueError:
            pass
    if isinstance(moment, datetime):
        start = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    elif isinstance(moment, date):
        start = datetime(moment.year, moment.month, moment.day, tzinfo=timezone.utc)
    else:
        raise PageError(path, f"a hand-written briefing needs a 'date' (got {moment!r})", "add 'date: YYYY-MM-DD' (unquoted)")
    description = meta.get("description", "")
    if not isinstance(description, str):
        raise PageError(path, "front matter 'description' must be text", "write it as one line of text")
    tags = meta.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise PageError(path, "front matter 'tags' must be a list of words", "write 'tags: [port, strike]'")
    return HandWritten(relative, title.strip(), start, description.strip(), tuple(tags))


@dataclass(frozen=True)
class _ListedEvent:
    id: str
    title: str
    start: datetime
    end: datetime
    outlets: tuple[str, ...] = ()
    articles: tuple[object, ...] = ()
    story_id: str | None = None


@dataclass(frozen=True)
class _Lede:
    text: str


@dataclass(frozen=True)
class Listing:
    """A hand-written briefing shaped like a content.Briefing, for the index and archive templates.

    Its `event.id` is its page path, so `path_of[event.id]` finds the page.
    """

    event: _ListedEvent
    lede: _Lede
    tags: tuple[str, ...]
    hand_written: bool = True

    @classmethod
    def of(cls, page: HandWritten) -> "Listing":
        return cls(_ListedEvent(page.path, page.title, page.start, page.start), _Lede(page.description), page.tags)

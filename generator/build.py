"""The build, top to bottom: sources/ → articles → events → briefings → pages.

`build()` reads like a table of contents. Everything is read first, then
linked, then written (two phases, as in Pelican), so a bad source is reported
and skipped without stopping the others, and nothing is written from a
half-read corpus.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

import yaml

from .analysis import ArticleAnalysis, process_sources, worker_count
from .cache import ArticleCache, Cache, Signature, cache_folder, code_fingerprint, docs_folder_key, inputs_digest, pages_key
from .cleaning import content_hash
from .config import Settings
from .content import Briefing, brief
from .decisions import load_decisions
from .discovery import discover_sources
from .entities import load_overrides
from .errors import SourceError
from .events import Grouped, event_page_path, group, story_page_path
from .linking import entity_pages, related_events, story_neighbours
from .locking import DEFAULT_WAIT, locked
from .merging import HandWritten, Kept, Listing, PageError, changed_parts, edits_in, fresh_page, merge, prepare, read_hand_written
from .model import Article, Event, Problem, Story
from .progress import track
from .reading import front_matter_text, split_front_matter
from .render import as_html_text, make_environment, render
from .charts import cached_charts, coverage_alt
from .outlets import Registry, load_outlets, outlet_rows, reach
from .site_pages import (
    ARCHIVE_INDEX, OUTLETS, TIMELINE, happenings, happenings_by_month, json_twin, json_twin_path, months_of, paginate,
)
from .syndication import make_feed_environment, render_feeds, site_url
from .writing import remove_file, write_if_changed

GENERATOR_MARK = "briefings"


def text_digest(text: str) -> str:
    """The SHA-256 of a page's text as written (UTF-8): what the stamp and the pages cache compare."""
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class RenderedCorpus:
    """What a build rendered, as the pages cache keeps it: the answer to a no-op
    build, and what the next build compares its pages with."""

    pages: dict[str, str]  # path in the docs folder → text as written when nobody edited it
    moves: dict[str, tuple[str, str]]  # redirects: old page → (new page, its title)
    events: int
    stories: int
    digests: dict[str, str]  # path → text_digest of the page as rendered
    render_keys: dict[str, str]  # path → key of everything the page was rendered from (render_pages)


@dataclass
class BuildReport:
    articles: list[Article] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    events: int = 0
    stories: int = 0
    written: list[Path] = field(default_factory=list)
    redirected: list[tuple[Path, str]] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    # People's edits (see merging.py): what was kept, pages left alone, pages that could not be merged.
    kept: list[tuple[Path, Kept]] = field(default_factory=list)
    frozen: list[Path] = field(default_factory=list)
    outdated_frozen: list[Path] = field(default_factory=list)  # frozen, and a build would have changed them
    page_errors: list[PageError] = field(default_factory=list)
    stale_edits: dict[Path, list[str]] = field(default_factory=dict)  # stale pages kept for their edits
    removed: list[Path] = field(default_factory=list)  # stale pages nobody edited, deleted
    hand_written: list[HandWritten] = field(default_factory=list)
    # Article id → what the grouping needs of it (names, shingles), from the per-article stage.
    analyses: dict[str, ArticleAnalysis] = field(default_factory=dict)
    # Without writing (`briefings check`): which parts of each page in `written` would change.
    pending: dict[Path, list[str]] = field(default_factory=dict)
    # Each file written → the SHA-256 of its text (the build stamp checks them by content: stamp.py).
    written_digests: dict[Path, str] = field(default_factory=dict)

    def wrote(self, path: Path, text: str) -> None:
        self.written.append(path)
        self.written_digests[path] = text_digest(text)

    def as_next_build_finds_it(self) -> "BuildReport":
        """What a build run right after this one reports: the same sources, notes and
        errors, and every page it wrote now unchanged (builds are idempotent)."""
        pages = [path for path in self.written if path.suffix != ".html"]  # .html: redirect stubs, not pages
        return replace(self, written=[], removed=[], redirected=[], unchanged=self.unchanged + pages, written_digests={})

    @property
    def warnings(self) -> list[tuple[Article, Problem]]:
        return [(article, problem) for article in self.articles for problem in article.warnings]

    def summary_line(self) -> str:
        return (
            f"{len(self.articles)} articles read, {len(self.warnings)} warnings, "
            f"{len(self.errors)} errors, {self.events} events, {self.stories} stories, "
            f"pages: {len(self.written)} written, {len(self.unchanged)} unchanged"
            + (f", {len(self.removed)} removed" if self.removed else "")
            + (f", {len(self.kept)} {'edit' if len(self.kept) == 1 else 'edits'} kept" if self.kept else "")
            + (f", {len(self.frozen)} frozen" if self.frozen else "")
        )


def read_articles(
    paths: list[Path], settings: Settings, cache: ArticleCache | None = None
) -> tuple[list[Article], list[SourceError], dict[str, ArticleAnalysis]]:
    """Every source as an Article with its analysis (from the cache when its bytes were read before), or its error.

    Files the cache does not know go through the per-article stage
    (`analysis.process_sources`), on a process pool when there are many.
    """
    cache = cache or ArticleCache(settings)
    results: dict[Path, tuple[Article, ArticleAnalysis] | SourceError] = {}
    keys: dict[Path, str | None] = {}
    for path in paths:
        keys[path] = key = cache.key_of(path, path.relative_to(settings.sources).as_posix())
        cached = cache.get(key, path) if key else None
        if cached is not None:
            results[path] = cached
    missing = [path for path in paths if path not in results]
    for path, result in zip(missing, track(process_sources(missing, settings), len(missing), "reading sources")):
        key = keys[path]
        if key and not isinstance(result, SourceError):
            cache.put(key, *result)
        results[path] = result
    articles: list[Article] = []
    errors: list[SourceError] = []
    analyses: dict[str, ArticleAnalysis] = {}
    for path in paths:
        result = results[path]
        if isinstance(result, SourceError):
            errors.append(result)
        else:
            articles.append(result[0])
            analyses[result[0].id] = result[1]
    return articles, errors, analyses


def drop_duplicates(
    articles: list[Article], analyses: dict[str, ArticleAnalysis] | None = None
) -> tuple[list[Article], list[SourceError]]:
    """Keep the first of articles with the same text; the others are errors to fix."""
    first_by_hash: dict[str, Article] = {}
    kept: list[Article] = []
    errors: list[SourceError] = []
    for article in articles:
        analysis = (analyses or {}).get(article.id)
        # The per-article stage hashed the text once; hashing 10,000 texts again costs seconds.
        digest = analysis.content_hash if analysis and analysis.content_hash else content_hash(article.title, article.paragraphs)
        if digest in first_by_hash:
            errors.append(
                SourceError(
                    article.path,
                    f"duplicate of {first_by_hash[digest].path} (same title and text)",
                    "delete one of the two files",
                )
            )
            continue
        first_by_hash[digest] = article
        kept.append(article)
    return kept, errors


def link(path: str) -> Markup:
    """A page path as a Markdown link target."""
    return Markup(quote(path))


def relative_link(from_page: str, to_page: str) -> Markup:
    """A link from one docs page to another, relative as MkDocs resolves it."""
    depth = from_page.count("/")
    return link("../" * depth + to_page)


@dataclass(frozen=True)
class PublishedPage:
    """What an existing generated event page says about itself."""

    path: Path
    event_id: str
    sources: tuple[str, ...]
    title: str
    # (date, sources) of each update the page has announced: "What's new" notes.
    updates: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _updates_in(meta: dict) -> tuple[tuple[str, tuple[str, ...]], ...]:
    entries = meta.get("updates") or []
    if not isinstance(entries, list):
        return ()
    return tuple(
        (str(entry["date"]), tuple(str(s) for s in entry.get("sources") or []))
        for entry in entries
        if isinstance(entry, dict) and "date" in entry
    )


def update_history(event: Event, published: dict[str, PublishedPage]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The page's earlier updates, plus one for reports that joined since it was last written.

    Dated by the newest joining report, not by the build clock, so that
    rebuilding gives the same bytes.
    """
    page = published.get(event.id)
    if page is None:
        return ()  # first publication: nothing is an update yet
    known = set(page.sources) | {source for _, sources in page.updates for source in sources}
    joined = [article for article in event.articles if article.id not in known]
    if not joined:
        return page.updates
    day = max(article.published for article in joined).date().isoformat()
    return page.updates + ((day, tuple(article.id for article in joined)),)


def read_published(out: Path) -> list[PublishedPage]:
    """The event pages already in the docs folder (the ids readers may have linked to)."""
    pages = []
    folder = out / "events"
    if not folder.is_dir():
        return pages
    for path in sorted(folder.rglob("*.md")):
        try:
            meta, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        except (SourceError, UnicodeDecodeError):
            continue  # `briefings check` reports broken pages; the build must still run
        if meta.get("generator") != GENERATOR_MARK or not isinstance(meta.get("event"), str):
            continue
        sources = meta.get("sources") or []
        if isinstance(sources, list):
            pages.append(
                PublishedPage(path, meta["event"], tuple(str(s) for s in sources), str(meta.get("title", "")), _updates_in(meta))
            )
    return pages


def published_after(grouped: Grouped, briefings: list, out: Path) -> list[PublishedPage]:
    """The event pages as `read_published` will find them once this build has written them."""
    pages = [
        PublishedPage(
            out / event_page_path(event),
            event.id,
            tuple(article.id for article in event.articles),
            as_html_text(event.title),  # as the front matter holds it
            tuple((update.day, tuple(update.sources)) for update in briefing.updates),
        )
        for event, briefing in zip(grouped.events, briefings)
    ]
    return sorted(pages, key=lambda page: page.path)


def pinned_assignments(published: list[PublishedPage]) -> dict[str, str]:
    """Article id → event id it was published under."""
    return {source: page.event_id for page in published for source in page.sources}


def _key(*parts: object) -> str:
    """A page's inputs, given as plain values (strings, numbers, tuples of them), as one hash."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()


def render_pages(
    grouped: Grouped, briefings: list[Briefing], environment: Environment, settings: Settings,
    hand_written: list[Listing] = (),  # type: ignore[assignment]
    versions: dict[str, str] | None = None, earlier: dict[str, str] | None = None,
) -> tuple[dict[str, str | None], dict[str, str]]:
    """Every generated page's text, keyed by its path inside the docs folder, and the key of its inputs.

    `hand_written` briefings (pages people wrote in events/) are listed on the front page and archive.

    Event, story and entity pages — nearly all of them — have a key: a hash of
    everything they show, with each event they show given by its version (its
    briefing's cache key, which covers its articles and updates), and the templates
    and settings. A page whose key is the one it had in the `earlier` build
    (path → key) is not rendered again: its text is None, "as the last build
    rendered it". Adding one source renders the pages of one event, not all of them.
    """
    versions = versions or {}
    earlier = earlier or {}
    salt = inputs_digest(settings, {}).hexdigest()  # the code, the settings, the templates, outlets.yml...
    keys: dict[str, str] = {}

    def unchanged(relative: str, *inputs: object) -> bool:
        keys[relative] = key = _key(salt, relative, *inputs)
        return versions != {} and earlier.get(relative) == key

    def version_of(event: Event) -> str:
        return versions.get(event.id, "")

    pages: dict[str, str | None] = {}
    registry = load_outlets(settings.outlets_file)
    charts = Cache(cache_folder(settings))  # drawing a chart takes tenths of a second: keep them
    stories = {story.id: story for story in grouped.stories}
    event_by_id = {briefing.event.id: briefing.event for briefing in briefings}
    path_of = {event_id: event_page_path(event) for event_id, event in event_by_id.items()}
    related = related_events([b.event for b in briefings])
    aliases = {key: entity.aliases for key, entity in grouped.entities.entities.items()}
    entities = entity_pages([b.event for b in briefings], aliases)
    newest_first = sorted([*briefings, *hand_written], key=lambda b: (b.event.start, b.event.id), reverse=True)
    lede_of = {b.event.id: b.lede for b in briefings}
    briefing_of = {b.event.id: b for b in briefings}

    def page_of(key: str) -> str | None:
        return entities[key].path if key in entities else None

    for briefing in briefings:
        event = briefing.event
        here = path_of[event.id]
        story = stories.get(event.story_id) if event.story_id else None
        previous, following = story_neighbours(story, event.id)
        twin = json_twin_path(event)
        pages[twin] = None if unchanged(twin, version_of(event)) else json_twin(briefing)
        if unchanged(
            here, version_of(event), (story.id, story.title) if story else None,
            [(e, event_by_id[e].title) if e else None for e in (previous, following)],
            [(r.event.id, r.event.title, r.event.start.isoformat(), r.reason) for r in related[event.id]],
            [(ref.key, page_of(ref.key)) for ref in event.entities],
        ):
            pages[here] = None
            continue
        pages[here] = render(
            environment,
            "briefing.md.j2",
            briefing=briefing,
            generator=GENERATOR_MARK,
            story=story,
            story_path=story_page_path(story) if story else None,
            previous=event_by_id.get(previous) if previous else None,
            following=event_by_id.get(following) if following else None,
            related=related[briefing.event.id],
            entity_pages=entities,
            path_of=path_of,
            reach=reach(briefing.event.outlets, registry),
            json_twin=link(twin.rsplit("/", 1)[-1]),
            link_to=lambda target, here=here: relative_link(here, target),
        )
    shown_of = {story.id: [(e, version_of(event_by_id[e])) for e in story.event_ids] for story in grouped.stories}
    # The charts of stories whose events changed, drawn together: on a pool when there are many.
    redrawn = [story for story in grouped.stories if not unchanged(_chart_path(story), shown_of[story.id])]
    drawn = cached_charts([[event_by_id[e] for e in story.event_ids] for story in redrawn], charts, worker_count(settings))
    chart_of = {story.id: svg for story, svg in zip(redrawn, drawn)}
    for story in grouped.stories:
        here = story_page_path(story)
        story_events = [event_by_id[e] for e in story.event_ids]
        shown = shown_of[story.id]
        chart = _chart_path(story)
        pages[chart] = chart_of.get(story.id)  # None: as the last build drew it
        if unchanged(here, story.title, shown, [(ref.key, ref.name, ref.mentions, page_of(ref.key)) for ref in story.entities]):
            pages[here] = None
            continue
        pages[here] = render(
            environment,
            "story.md.j2",
            story=story,
            chart=link(chart.rsplit("/", 1)[-1]),
            chart_alt=coverage_alt(story_events),
            events=story_events,
            ledes=lede_of,
            timeline=sorted(
                ((m, event_id) for event_id in story.event_ids for m in briefing_of[event_id].timeline),
                key=lambda item: (item[0].day, item[1], item[0].sentence.article_id, item[0].sentence.index),
            ),
            article_of={a.id: a for e in story.event_ids for a in event_by_id[e].articles},
            path_of=path_of,
            entity_pages=entities,
            generator=GENERATOR_MARK,
            link_to=lambda target, here=here: relative_link(here, target),
        )
    for page in entities.values():
        if unchanged(page.path, page.key, page.name, page.type, page.aliases, [(e.id, version_of(e)) for e in page.events]):
            pages[page.path] = None
            continue
        pages[page.path] = render(
            environment,
            "entity.md.j2",
            entity=page,
            ledes=lede_of,
            path_of=path_of,
            generator=GENERATOR_MARK,
            link_to=lambda target, here=page.path: relative_link(here, target),
        )
    common = dict(generator=GENERATOR_MARK, link_to=link, path_of=path_of | {b.event.id: b.event.id for b in hand_written})
    base = site_url(settings.mkdocs_file)  # feeds need absolute links: none without a site_url
    if base:
        pages.update(render_feeds(
            make_feed_environment(settings.templates), newest_first[: settings.latest_count], common["path_of"],
            base=base, title="Briefing Digest", description="The latest briefings: one per news event, every sentence cited.",
        ))
    pages["index.md"] = render(
        environment, "index.md.j2", latest=newest_first[: settings.latest_count], total=len(newest_first), feeds=bool(base),
        stories=sorted(grouped.stories, key=lambda s: (-len(s.event_ids), s.id))[:5], **common,
    )
    pages.update(site_level_pages(environment, settings, newest_first, briefings, registry, common["path_of"]))
    pages["stories/index.md"] = render(
        environment, "stories.md.j2", stories=sorted(grouped.stories, key=lambda s: s.id, reverse=True),
        story_path=story_page_path, generator=GENERATOR_MARK,
        link_to=lambda target: relative_link("stories/index.md", target),
    )
    pages["entities/index.md"] = render(
        environment, "entities.md.j2", pages=sorted(entities.values(), key=lambda p: (p.type, p.name.casefold())),
        generator=GENERATOR_MARK, link_to=lambda target: relative_link("entities/index.md", target),
    )
    pages["tags.md"] = render(environment, "tags.md.j2", generator=GENERATOR_MARK)
    return pages, keys


def site_level_pages(
    environment: Environment, settings: Settings, newest_first: list, briefings: list[Briefing],
    registry: Registry, path_of: dict[str, str],
) -> dict[str, str]:
    """The archive (an index of months, numbered pages per month), the timeline and the outlets page."""
    pages: dict[str, str] = {}
    months = months_of(newest_first)
    month_pages = {month.key: paginate(month.briefings, settings.page_size, month.base) for month in months}
    pages[ARCHIVE_INDEX] = render(
        environment, "archive.md.j2", months=months, first_page={k: p[0][0].path for k, p in month_pages.items()},
        total=len(newest_first), generator=GENERATOR_MARK,
        link_to=lambda target: relative_link(ARCHIVE_INDEX, target),
    )
    for month in months:
        for pager, chunk in month_pages[month.key]:
            pages[pager.path] = render(
                environment, "archive_month.md.j2", month=month, pager=pager, briefings=chunk, path_of=path_of,
                generator=GENERATOR_MARK, link_to=lambda target, here=pager.path: relative_link(here, target),
            )
    entries = happenings(briefings)
    by_month = happenings_by_month(entries)
    pages[TIMELINE] = render(
        environment, "timeline.md.j2", latest=entries[: settings.page_size], total=len(entries),
        months=[(label, len(found), f"timeline/{key}.md") for key, label, found in by_month], path_of=path_of,
        generator=GENERATOR_MARK, link_to=lambda target: relative_link(TIMELINE, target),
    )
    for index, (key, label, found) in enumerate(by_month):
        newer_month = by_month[index - 1] if index else None
        older_month = by_month[index + 1] if index + 1 < len(by_month) else None
        for pager, chunk in paginate(found, settings.page_size, f"timeline/{key}"):
            pages[pager.path] = render(
                environment, "timeline_month.md.j2", label=label, entries=chunk, pager=pager, count=len(found),
                newer_month=(newer_month[1], f"timeline/{newer_month[0]}.md") if newer_month else None,
                older_month=(older_month[1], f"timeline/{older_month[0]}.md") if older_month else None,
                path_of=path_of, generator=GENERATOR_MARK,
                link_to=lambda target, here=pager.path: relative_link(here, target),
            )
    pages[OUTLETS] = render(
        environment, "outlets.md.j2", rows=outlet_rows([b.event for b in briefings], registry),
        registry_file=settings.outlets_file.name, generator=GENERATOR_MARK,
    )
    return pages


def redirect_stub(from_page: str, to_page: str, title: str) -> str:
    """A static page at an old URL that sends readers (and search engines) to the new one."""
    target = "../" * (from_page.count("/") + 1) + to_page.removesuffix(".md") + "/"
    from html import escape

    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Moved: {escape(title)}</title>\n"
        f"<link rel=\"canonical\" href=\"{escape(target)}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={escape(target)}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n"
        f"<p>This briefing is now part of <a href=\"{escape(target)}\">{escape(title)}</a>.</p>\n"
        "</body>\n</html>\n"
    )


def redirects_for(published: list[PublishedPage], grouped: Grouped, out: Path) -> dict[Path, tuple[str, str]]:
    """Old event pages whose articles now live in another event: old page → (new page, title)."""
    event_of_article = {a.id: e for e in grouped.events for a in e.articles}
    current = {e.id for e in grouped.events}
    moves: dict[Path, tuple[str, str]] = {}
    for page in published:
        if page.event_id in current:
            continue
        new_event = grouped.merged.get(page.event_id) or next(
            (event_of_article[s].id for s in page.sources if s in event_of_article), None
        )
        if new_event is not None:
            event = next(e for e in grouped.events if e.id == new_event)
            moves[page.path] = (event_page_path(event), event.title)
    return moves


# Where generated files live, and how each kind of file says the build wrote it.
GENERATED_FOLDERS = ("events", "stories", "entities", "archive", "timeline")
GENERATED_MARKS = {
    ".md": f"generator: {GENERATOR_MARK}",  # front matter
    ".json": f'"generator": "{GENERATOR_MARK}"',  # a briefing's JSON twin
    ".svg": f"<dc:title>{GENERATOR_MARK}</dc:title>",  # a story's coverage chart (its SVG metadata)
}


def find_stale_pages(out: Path, pages: dict[str, str]) -> list[Path]:
    """Generated files this build did not write (`retire_stale_pages` decides their fate).

    Top-level pages too (`archive.md` before the archive had a folder), but only files
    that carry the generator's mark.
    """
    current = {out / path for path in pages}
    candidates = [path for path in sorted(out.glob("*.md")) if path.is_file()] if out.is_dir() else []
    for folder in GENERATED_FOLDERS:
        if (out / folder).is_dir():
            candidates += sorted(p for p in (out / folder).rglob("*") if p.suffix in GENERATED_MARKS and p.is_file())
    stale = []
    for path in candidates:
        if path in current:
            continue
        head = path.read_text(encoding="utf-8", errors="replace")[-4000:] if path.suffix == ".json" else (
            path.read_text(encoding="utf-8", errors="replace")[:4000]
        )
        if GENERATED_MARKS[path.suffix] in head:
            stale.append(path)
    return stale


def retire_stale_pages(stale: list[Path], report: BuildReport, *, write: bool = True) -> None:
    """Delete stale pages nobody edited; keep (and report) those a person edited or froze.

    JSON twins and charts have no sections to edit: a stale one is deleted, unless the
    page beside it is kept (it links to its twin).
    """
    for path in sorted(stale, key=lambda p: p.suffix != ".md"):  # pages first: their twins follow them
        if path.suffix != ".md":
            if path.suffix == ".json" and path.with_suffix(".md") in report.stale:
                continue
            edits: list[str] | None = []
        else:
            try:
                edits = edits_in(path.read_text(encoding="utf-8"), path)
            except (OSError, UnicodeDecodeError, PageError):
                edits = None  # cannot tell: keep it
        if edits == []:
            if write:
                remove_file(path)
            report.removed.append(path)
            continue
        report.stale.append(path)
        if edits:
            report.stale_edits[path] = edits


def write_pages(out: Path, pages: dict[str, str], report: BuildReport, *, write: bool = True, accept_edits: bool = False) -> None:
    """Merge every rendered page with the file on disk, keeping people's edits, and write those that change.

    The one place where generated text meets what people wrote (see merging.py). A page
    that cannot be merged (broken markers) is left as it is and reported. With `write`
    False nothing is written: `report.written` and `report.pending` say what would be.
    """
    for relative in sorted(pages):
        path = out / relative
        try:
            existing: str | None = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            existing = None
        except (OSError, UnicodeDecodeError) as error:
            report.page_errors.append(PageError(path, f"cannot read the page ({error})", "fix or delete the file"))
            continue
        if existing == pages[relative]:  # exactly what the generator writes: nobody touched it
            report.unchanged.append(path)
            continue
        if not relative.endswith(".md"):  # a feed: the generator's alone, no sections, no edits to keep
            if not write:
                report.written.append(path)
                report.pending[path] = ["the page is missing" if existing is None else "the file"]
            elif write_if_changed(path, pages[relative]):
                report.wrote(path, pages[relative])
            else:
                report.unchanged.append(path)
            continue
        try:
            outcome = merge(existing, pages[relative], path, accept_edits=accept_edits)
        except PageError as error:
            report.page_errors.append(error)
            continue
        report.kept.extend((path, kept) for kept in outcome.kept)
        if outcome.frozen:
            report.frozen.append(path)
            if outcome.outdated:
                report.outdated_frozen.append(path)
        if outcome.text is None or outcome.text == existing:
            report.unchanged.append(path)
        elif not write:
            report.written.append(path)
            report.pending[path] = changed_parts(existing, outcome.text, path)
        elif write_if_changed(path, outcome.text):
            report.wrote(path, outcome.text)
        else:
            report.unchanged.append(path)


_GENERATED_MARK = re.compile(rf"^generator: {GENERATOR_MARK}[ \t]*$", re.MULTILINE)


def read_hand_written_pages(out: Path, report: BuildReport) -> list[HandWritten]:
    """Briefings people wrote in events/ (no `generator: briefings`), to list on the indexes."""
    found: list[HandWritten] = []
    folder = out / "events"
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        if any(part.startswith(".") for part in path.relative_to(out).parts):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            report.page_errors.append(PageError(path, f"cannot read the page ({error})", "fix or delete the file"))
            continue
        if _GENERATED_MARK.search(front_matter_text(text)):
            continue  # a generated page (read_published reads those)
        try:
            meta, _ = split_front_matter(text, path)
        except SourceError as error:
            report.page_errors.append(PageError(path, error.problem, error.fix))
            continue
        try:
            found.append(read_hand_written(meta, path.relative_to(out).as_posix(), path))
        except PageError as error:
            report.page_errors.append(error)
    report.hand_written = found
    return found


def read_corpus(
    settings: Settings, trusted: dict[str, tuple[Signature, str]] | None = None
) -> tuple[BuildReport, list[PublishedPage], ArticleCache]:
    """Sources → articles (de-duplicated), and the event pages already published.

    `trusted`: the sources' keys as the build stamp last saw them (see ArticleCache).
    """
    report = BuildReport()
    paths = discover_sources(settings.sources)
    cache = ArticleCache(settings, trusted)
    articles, report.errors, report.analyses = read_articles(paths, settings, cache)
    report.articles, duplicate_errors = drop_duplicates(articles, report.analyses)
    report.errors.extend(duplicate_errors)
    return report, read_published(settings.out), cache


def group_corpus(settings: Settings, report: BuildReport, published: list[PublishedPage], explain: bool = False) -> Grouped:
    """Articles → events and stories, published event ids kept (`explain`: see events.group).

    The scan for copies is kept per docs folder: a build that adds sources
    scans only those (see clustering.find_duplicates).
    """
    cache = Cache(cache_folder(settings))
    scan_key = hashlib.sha256(f"{code_fingerprint()}\n{docs_folder_key(settings)}".encode()).hexdigest()
    earlier_scan = cache.get("duplicate-scans", scan_key)
    grouped = group(
        report.articles,
        settings=settings.cluster_settings(),
        overrides=load_overrides(settings.entities_file),
        decisions=load_decisions(settings.decisions_file),
        pinned=pinned_assignments(published),
        analyses=report.analyses,
        explain=explain,
        duplicate_scan=earlier_scan,
    )
    if getattr(earlier_scan, "seen", None) != grouped.duplicate_scan.seen:
        cache.put("duplicate-scans", scan_key, grouped.duplicate_scan, keep=4)
    report.events, report.stories = len(grouped.events), len(grouped.stories)
    return grouped


def read_and_group(settings: Settings, explain: bool = False) -> tuple[BuildReport, Grouped, list[PublishedPage]]:
    """The reading half of a build: sources → articles → events and stories (nothing written)."""
    report, published, _ = read_corpus(settings)
    return report, group_corpus(settings, report, published, explain), published


def _content_bytes(value: object) -> bytes:
    """`value` as bytes that depend on its content only.

    Plain pickling also records which parts are the same object (its memo), and
    that differs between an article read now and one loaded from the cache.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: equal content, equal bytes
    pickler.dump(value)
    return buffer.getvalue()


# Fewer events to brief than this are briefed in this process: a pool costs more to start.
POOL_MIN_EVENTS = 32


def _brief_apart(event: Event, sentences: int, languages: tuple[str, ...], updates: tuple) -> Briefing:
    """`brief` in a worker process: the briefing comes back without its event (the parent has it)."""
    return replace(brief(event, sentences, languages, updates=updates), event=None)


def _chart_path(story: Story) -> str:
    return story_page_path(story).removesuffix(".md") + ".svg"


def _brief_missing(jobs: list[tuple[Event, tuple]], settings: Settings) -> list[Briefing]:
    """Briefings without their event for (event, updates) jobs: on a process pool when there are many.

    `brief` is a pure function of one event, so a cold build splits it over every
    core as it does the per-article stage (and a cluster could, the same way).
    """
    workers = min(worker_count(settings), len(jobs) // POOL_MIN_EVENTS or 1)
    sentences, languages = settings.summary_sentences, settings.languages
    if workers <= 1:
        return [_brief_apart(event, sentences, languages, updates) for event, updates in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(
            _brief_apart, [e for e, _ in jobs], [sentences] * len(jobs), [languages] * len(jobs), [u for _, u in jobs],
            chunksize=4,
        ))


def brief_events(
    events: list[Event], settings: Settings, published: dict[str, PublishedPage], cache: Cache
) -> tuple[list[Briefing], dict[str, str]]:
    """`brief` for every event, from the cache for events whose inputs did not change, and each event's version.

    The version (event id → its briefing's cache key) changes whenever the
    event's briefing may: render_pages keys the pages that show the event on it.

    A briefing depends on its event alone (its articles, title, entities, story),
    the page's earlier updates and two settings: adding one source re-briefs the
    events it touches, not the corpus. Entries are stored without the event (an
    input, and the bulk of the bytes) and get it back when read.
    """
    salt = f"{code_fingerprint()}\n{settings.summary_sentences!r} {settings.languages!r}\n".encode()
    stored: list[Briefing | None] = []
    keys: list[str] = []
    missing: list[tuple[Event, tuple]] = []
    for event in events:
        updates = update_history(event, published)
        digest = hashlib.sha256(salt)
        digest.update(repr(updates).encode("utf-8", "surrogateescape"))
        digest.update(_content_bytes(event))
        keys.append(digest.hexdigest())
        found = cache.get("briefs", keys[-1])
        stored.append(found if isinstance(found, Briefing) else None)
        if stored[-1] is None:
            missing.append((event, updates))
    made = iter(_brief_missing(missing, settings))
    briefings = []
    for event, key, found in zip(events, keys, stored):
        if found is None:
            found = next(made)
            cache.put("briefs", key, found)
        briefings.append(replace(found, event=event))
    return briefings, {event.id: key for event, key in zip(events, keys)}


def as_written(
    rendered: dict[str, str | None], before_pages: dict[str, str], before_digests: dict[str, str],
) -> tuple[dict[str, str], dict[str, str]]:
    """(each rendered page as written when nobody edited it, the SHA-256 of each rendered text).

    Markdown pages get their sections wrapped and hashed (merging.prepare and
    fresh_page); feeds and other files are written as rendered. A page rendered
    exactly as in the last build (`before_pages` as written, `before_digests` of
    the rendered texts), or not rendered because its inputs are those of that
    build (None), is taken from it: the YAML round trip of every page is most of
    the work of a build that changes a few.
    """
    pages: dict[str, str] = {}
    digests: dict[str, str] = {}
    for relative, text in rendered.items():
        if text is None:
            pages[relative], digests[relative] = before_pages[relative], before_digests[relative]
            continue
        digests[relative] = digest = text_digest(text)
        if not relative.endswith(".md"):
            pages[relative] = text
        elif before_digests.get(relative) == digest and relative in before_pages:
            pages[relative] = before_pages[relative]
        else:
            pages[relative] = fresh_page(prepare(text, relative))
    return pages, digests


def _last_build(value: object) -> RenderedCorpus:
    """A pages cache value, or an empty one when there is none (or one of another shape)."""
    return value if isinstance(value, RenderedCorpus) else RenderedCorpus({}, {}, 0, 0, {}, {})


def render_corpus(
    settings: Settings, report: BuildReport, published: list[PublishedPage], articles: ArticleCache
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Group, brief and render: (pages as written when nobody edited them, redirects old page → (new, title)).

    Taken from the cache when every input is the same as in an earlier build.
    """
    cache = Cache(cache_folder(settings))
    key = pages_key(settings, articles, report.errors, published, report.hand_written)
    cached = cache.get("pages", key)
    if isinstance(cached, RenderedCorpus):
        report.events, report.stories = cached.events, cached.stories
        return cached.pages, cached.moves
    grouped = group_corpus(settings, report, published)
    published_by_id = {page.event_id: page for page in published}
    briefings, versions = brief_events(grouped.events, settings, published_by_id, cache)
    listed = [Listing.of(page) for page in report.hand_written]
    folder_key = docs_folder_key(settings)
    last_key = cache.get("last-pages", folder_key)
    before = _last_build(cache.get("pages", last_key) if isinstance(last_key, str) else None)
    rendered, render_keys = render_pages(
        grouped, briefings, make_environment(settings.templates), settings, listed, versions=versions, earlier=before.render_keys,
    )
    pages, digests = as_written(rendered, before.pages, before.digests)
    cache.retain("briefs", set(versions.values()))
    cache.retain("articles", {key for key in articles.keys.values() if key})
    moves = {
        old.relative_to(settings.out).as_posix(): target
        for old, target in redirects_for(published, grouped, settings.out).items()
    }
    value = RenderedCorpus(pages, moves, report.events, report.stories, digests, render_keys)
    cache.put("pages", key, value, keep=4)
    cache.put("last-pages", folder_key, key)
    if not moves:
        # The next build reads the event pages written now as its published pages:
        # store the result under that key too, so a no-op build after a change is
        # answered by the cache instead of grouping everything once more.
        after = published_after(grouped, briefings, settings.out)
        cache.put("pages", pages_key(settings, articles, report.errors, after, report.hand_written), value, keep=4)
    return pages, moves


def redirect_pages(out: Path, moves: dict[str, tuple[str, str]], report: BuildReport, *, write: bool = True) -> None:
    """Event pages whose articles moved to another event: a redirect stub where the page was.

    A page a person edited or froze is kept instead (and reported as stale), so nothing is lost.
    """
    for old_relative, (new_page, title) in sorted(moves.items()):
        old_page = out / old_relative
        try:
            edits = edits_in(old_page.read_text(encoding="utf-8"), old_page) if old_page.exists() else []
        except (OSError, UnicodeDecodeError, PageError):
            edits = None
        if edits != []:
            report.stale.append(old_page)
            report.stale_edits[old_page] = (edits or []) + [f"its event is now part of {new_page}"]
            continue
        stub = out / old_relative.removesuffix(".md") / "index.html"
        text = redirect_stub(old_relative, new_page, title)
        if not write:
            if not stub.exists() or stub.read_text(encoding="utf-8", errors="replace") != text or old_page.exists():
                report.redirected.append((old_page, new_page))
            continue
        if write_if_changed(stub, text):
            report.wrote(stub, text)
        if remove_file(old_page):
            report.redirected.append((old_page, new_page))


def build(
    settings: Settings, *, write: bool = True, accept_edits: bool = False, wait: float = DEFAULT_WAIT,
    finished: Callable[[BuildReport], None] | None = None, trusted: dict[str, tuple[Signature, str]] | None = None,
) -> BuildReport:
    """sources/ → briefings/: read, clean, de-duplicate, group, brief, render, merge with people's edits, write.

    One build at a time per docs folder (a lock; a second waits up to `wait` seconds).
    With `write` False (`briefings check`) nothing in the docs folder changes: the report
    says what a build would write, remove and keep. `finished` is called with the
    report after the writes, still under the lock (the CLI keeps its build stamp there).
    `trusted`: sources known unchanged by their stat (stamp.Inputs.sources): not read again.
    """
    with locked(settings.out, shared=not write, wait=wait):
        report, published, articles = read_corpus(settings, trusted)
        read_hand_written_pages(settings.out, report)
        pages, moves = render_corpus(settings, report, published, articles)
        for page in report.hand_written:
            if page.path in pages:
                report.page_errors.append(PageError(
                    settings.out / page.path, "a hand-written page sits where a generated briefing goes",
                    "rename the file, or add 'generator: briefings' and 'frozen: true' to keep it as the event's page",
                ))
        write_pages(settings.out, pages, report, write=write, accept_edits=accept_edits)
        redirect_pages(settings.out, moves, report, write=write)
        retire_stale_pages(find_stale_pages(settings.out, pages), report, write=write)
        if finished is not None:
            finished(report)  # still under the lock: nothing else has touched the folder yet
    return report

"""The build, top to bottom: sources/ → articles → events → briefings → pages.

`build()` reads like a table of contents. Everything is read first, then
linked, then written (two phases, as in Pelican), so a bad source is reported
and skipped without stopping the others, and nothing is written from a
half-read corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

from .cleaning import clean, content_hash
from .config import Settings
from .content import Briefing, brief
from .errors import SourceError
from .events import group_into_events
from .model import Article, Problem
from .progress import track
from .reading import read_source
from .render import make_environment, render
from .writing import write_if_changed

GENERATOR_MARK = "briefings"
# Files in sources/ that describe the corpus rather than being articles.
NOT_ARTICLES = {"readme.md", "readme.txt", "license", "license.md", ".gitkeep"}


@dataclass
class BuildReport:
    articles: list[Article] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    events: int = 0
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)

    @property
    def warnings(self) -> list[tuple[Article, Problem]]:
        return [(article, problem) for article in self.articles for problem in article.warnings]

    def summary_line(self) -> str:
        return (
            f"{len(self.articles)} articles read, {len(self.warnings)} warnings, "
            f"{len(self.errors)} errors, {self.events} events, "
            f"pages: {len(self.written)} written, {len(self.unchanged)} unchanged"
        )


def discover_sources(folder: Path) -> list[Path]:
    """Every candidate source file below `folder`, in a stable order (hidden files skipped)."""
    if not folder.is_dir():
        raise SourceError(folder, "sources folder not found", "create it or pass --sources DIR")
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if (path.is_file() or path.is_symlink()) and path.name.lower() not in NOT_ARTICLES:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_article(path: Path, sources: Path, settings: Settings, now: datetime | None = None) -> Article:
    """One source file → one Article (a pure function of the file and the settings)."""
    document = read_source(path, settings.max_source_bytes)
    return clean(
        document,
        path.relative_to(sources).as_posix(),
        languages=settings.languages,
        default_timezone=settings.default_timezone,
        now=now,
    )


def read_articles(paths: list[Path], settings: Settings) -> tuple[list[Article], list[SourceError]]:
    articles: list[Article] = []
    errors: list[SourceError] = []
    for path in track(paths, len(paths), "reading sources"):
        try:
            articles.append(read_article(path, settings.sources, settings))
        except SourceError as error:
            errors.append(error)
        except OSError as error:
            errors.append(SourceError(path, f"cannot read the file ({error.strerror})", "check its permissions"))
    return articles, errors


def drop_duplicates(articles: list[Article]) -> tuple[list[Article], list[SourceError]]:
    """Keep the first of articles with the same text; the others are errors to fix."""
    first_by_hash: dict[str, Article] = {}
    kept: list[Article] = []
    errors: list[SourceError] = []
    for article in articles:
        digest = content_hash(article.title, article.paragraphs)
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
    depth = from_page.count("/")
    return link("../" * depth + to_page)


def render_pages(briefings: list[Briefing], environment: Environment, settings: Settings) -> dict[str, str]:
    """Every generated page's text, keyed by its path inside the docs folder."""
    pages: dict[str, str] = {}
    newest_first = sorted(briefings, key=lambda b: (b.event.start, b.event.id), reverse=True)
    for briefing in briefings:
        pages[briefing.path] = render(
            environment,
            "briefing.md.j2",
            briefing=briefing,
            generator=GENERATOR_MARK,
            link_to=lambda target, here=briefing.path: relative_link(here, target),
        )
    pages["index.md"] = render(
        environment,
        "index.md.j2",
        latest=newest_first[: settings.latest_count],
        total=len(briefings),
        generator=GENERATOR_MARK,
        link_to=link,
    )
    pages["archive.md"] = render(
        environment, "archive.md.j2", briefings=newest_first, generator=GENERATOR_MARK, link_to=link
    )
    pages["tags.md"] = render(environment, "tags.md.j2", generator=GENERATOR_MARK)
    return pages


def find_stale_pages(out: Path, pages: dict[str, str]) -> list[Path]:
    """Generated briefing pages whose event no longer exists (kept: a person may have edited them)."""
    events = out / "events"
    if not events.is_dir():
        return []
    current = {out / path for path in pages}
    stale = []
    for path in sorted(events.rglob("*.md")):
        if path not in current and f"generator: {GENERATOR_MARK}" in path.read_text(encoding="utf-8", errors="replace")[:4000]:
            stale.append(path)
    return stale


def write_pages(out: Path, pages: dict[str, str], report: BuildReport) -> None:
    for relative in sorted(pages):
        path = out / relative
        (report.written if write_if_changed(path, pages[relative]) else report.unchanged).append(path)


def build(settings: Settings) -> BuildReport:
    """sources/ → briefings/: read, clean, de-duplicate, group, brief, render, write."""
    report = BuildReport()
    paths = discover_sources(settings.sources)
    articles, report.errors = read_articles(paths, settings)
    report.articles, duplicate_errors = drop_duplicates(articles)
    report.errors.extend(duplicate_errors)
    events = group_into_events(report.articles)
    report.events = len(events)
    briefings = [brief(event, settings.summary_sentences, settings.languages) for event in events]
    pages = render_pages(briefings, make_environment(settings.templates), settings)
    write_pages(settings.out, pages, report)
    report.stale = find_stale_pages(settings.out, pages)
    return report

"""Feeds and pages on the web → canonical sources: the web half of `briefings add`.

`briefings add URL` fetches one page (or, when the URL answers with a feed,
walks that feed); `briefings add --feeds` walks every feed in feeds.yml. A
page goes through the same reader and cleaner as an .html file in sources/;
what the feed states about an entry (title, dates, author) wins over what
trafilatura guesses from the page. An entry whose page yields no article text
falls back to the feed's own content.

Nothing is added twice: an entry whose URL (normalised) or text (content hash)
is already in sources/ is skipped, the former without even being fetched.
Each failure is kept with its URL and reason and reported at the end; the
other entries still land.
"""

from __future__ import annotations

import json
import re
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, TextIO
from urllib.parse import urljoin

import feedparser
import yaml
from dateparser.languages.loader import default_loader

from .analysis import read_article
from .discovery import discover_sources
from .canonical import canonical_path, canonical_text
from .cleaning import clean, content_hash
from .config import Settings
from .errors import ConfigError, SourceError
from .fetching import (
    JSON_FEED_TYPES,
    STATE_FILE,
    FetchError,
    Fetched,
    Fetcher,
    FetchPolicy,
    Want,
    is_web_address,
    load_state,
    normalise_url,
    save_state,
)
from .model import Article, RawDocument
from .reading import decode, read_html, read_text
from .writing import write_if_changed

__all__ = ["add_from_web", "is_web_address", "load_feeds", "parse_feed"]

DEFAULT_FEEDS_NAME = "feeds.yml"

# --- feeds.yml -----------------------------------------------------------------------------

FEED_KEYS = ("name", "url", "language", "include", "exclude")


@dataclass(frozen=True)
class FeedConfig:
    """One feed to walk. `name` is the outlet written into each of its sources."""

    name: str
    url: str
    language: str | None = None  # tried first when reading dates in its articles
    include: tuple[str, ...] = ()  # keep only entries whose title or summary names one of these
    exclude: tuple[str, ...] = ()  # drop entries whose title or summary names any of these


def _words(value: object, key: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(word, str) and word.strip() for word in value):
        raise ConfigError(f"{where}: '{key}' must be a list of keywords, like [port, strike]")
    return tuple(word.strip() for word in value)


def _feed_config(item: object, index: int, origin: str) -> FeedConfig:
    where = f"{origin}: feed {index}"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected 'name:' and 'url:' keys, got {type(item).__name__}")
    unknown = sorted(set(map(str, item)) - set(FEED_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' — known keys: {', '.join(FEED_KEYS)}")
    name, url, language = item.get("name"), item.get("url"), item.get("language")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: 'name' (the outlet's name) is missing")
    where = f"{origin}: feed '{name.strip()}'"
    if not isinstance(url, str) or not is_web_address(url):
        raise ConfigError(f"{where}: 'url' must be an http:// or https:// address, got {url!r}")
    if language is not None and language not in default_loader.get_locale_map():
        raise ConfigError(f"{where}: 'language' must be a language code dateparser knows (en, de, fr…), got {language!r}")
    return FeedConfig(
        name=name.strip(),
        url=url.strip(),
        language=language,
        include=_words(item.get("include"), "include", where),
        exclude=_words(item.get("exclude"), "exclude", where),
    )


def parse_feeds_file(text: str, origin: str) -> list[FeedConfig]:
    """The feeds listed in the text of a feeds.yml; `origin` names it in errors."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{origin}: not valid YAML ({error}) — fix the syntax") from None
    if data is None:
        return []
    if not isinstance(data, dict) or set(map(str, data)) - {"feeds"}:
        raise ConfigError(f"{origin}: expected one key, 'feeds:', holding a list of feeds")
    items = data.get("feeds") or []
    if not isinstance(items, list):
        raise ConfigError(f"{origin}: 'feeds' must be a list of feeds ('- name: …' items)")
    feeds = [_feed_config(item, index, origin) for index, item in enumerate(items, start=1)]
    seen: dict[str, str] = {}
    for feed in feeds:
        key = normalise_url(feed.url)
        if key in seen:
            raise ConfigError(f"{origin}: feeds '{seen[key]}' and '{feed.name}' have the same url")
        seen[key] = feed.name
    return feeds


def load_feeds(path: Path) -> list[FeedConfig]:
    if not path.is_file():
        raise ConfigError(f"{path}: feeds file not found — create it (see feeds.yml) or pass --feeds-file PATH")
    return parse_feeds_file(path.read_text(encoding="utf-8"), str(path))


# --- reading a feed -----------------------------------------------------------------------------


class FeedError(Exception):
    """A feed that cannot be read at all; the message is the reason."""


@dataclass(frozen=True)
class Entry:
    """What a feed says about one article."""

    title: str | None
    link: str | None  # absolute
    published: datetime | None
    updated: datetime | None
    author: str | None
    summary: str | None = None  # HTML or text: for include/exclude
    content: str | None = None  # the article as the feed carries it, for pages that yield nothing
    content_is_html: bool = True


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: tuple[Entry, ...]
    warning: str | None = None  # read despite a problem (e.g. not well-formed XML)


def _utc(moment: time.struct_time | None) -> datetime | None:
    """feedparser's parsed dates are UTC struct_times."""
    return datetime(*moment[:6], tzinfo=timezone.utc) if moment else None


def _iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _feedparser_entry(entry: dict, base: str) -> Entry:
    # A plain dict: feedparser's own lookups answer 'updated' with 'published' when one is missing.
    raw = dict(entry)
    published, updated = _utc(raw.get("published_parsed")), _utc(raw.get("updated_parsed"))
    if published is None:  # RSS 1.0's dc:date, Atom without <published>
        published, updated = updated, None
    contents = [part for part in raw.get("content") or [] if _text(part.get("value"))]
    content = contents[0] if contents else None
    link = _text(raw.get("link"))
    author = _text((raw.get("author_detail") or {}).get("name")) or _text(raw.get("author"))
    return Entry(
        title=_text(raw.get("title")),
        link=urljoin(base, link) if link else None,
        published=published,
        updated=updated if updated and published and updated > published else None,
        author=author,
        summary=_text(raw.get("summary")),
        content=_text(content.get("value")) if content else _text(raw.get("summary")),
        content_is_html=(content.get("type", "text/html") if content else "text/html") != "text/plain",
    )


def _json_feed_entry(item: dict, base: str) -> Entry:
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    author = next((_text(a.get("name")) for a in authors if isinstance(a, dict) and _text(a.get("name"))), None)
    link = _text(item.get("url"))
    published, updated = _iso(item.get("date_published")), _iso(item.get("date_modified"))
    if published is None:
        published, updated = updated, None
    html_content, text_content = _text(item.get("content_html")), _text(item.get("content_text"))
    return Entry(
        title=_text(item.get("title")),
        link=urljoin(base, link) if link else None,
        published=published,
        updated=updated if updated and published and updated > published else None,
        author=author,
        summary=_text(item.get("summary")),
        content=html_content or text_content or _text(item.get("summary")),
        content_is_html=html_content is not None,
    )


def parse_json_feed(body: bytes, base: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (jsonfeed.org): released feedparser versions read only XML feeds."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(f"malformed JSON Feed ({error})") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise FeedError("not a feed: JSON without a JSON Feed 'version'")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedError("malformed JSON Feed: 'items' is not a list")
    entries = tuple(_json_feed_entry(item, base) for item in items if isinstance(item, dict))
    return ParsedFeed(title=_text(data.get("title")), entries=entries)


def _bozo_reason(error: BaseException) -> str:
    line = getattr(error, "getLineNumber", None)
    message = getattr(error, "getMessage", None)
    if callable(line) and callable(message):  # the SAX parser's: say where
        return f"line {line()}: {message()}"
    return str(error) or type(error).__name__


def parse_feed(body: bytes, media_type: str, base: str) -> ParsedFeed:
    """RSS 0.9x/1.0/2.0 and Atom (feedparser), or JSON Feed. Raises FeedError when nothing can be read."""
    if media_type in JSON_FEED_TYPES or body.lstrip()[:1] == b"{":
        return parse_json_feed(body, base)
    parsed = feedparser.parse(body, response_headers={"content-type": media_type, "content-location": base})
    entries = tuple(_feedparser_entry(entry, base) for entry in parsed.entries)
    usable = tuple(entry for entry in entries if entry.link or entry.content)
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    problem = None
    if parsed.bozo and not isinstance(parsed.get("bozo_exception"), benign):
        problem = _bozo_reason(parsed.bozo_exception)
    if not usable:
        if problem:
            raise FeedError(f"malformed feed ({problem}); no entry could be read")
        if not parsed.version:
            raise FeedError("not a feed: no RSS or Atom in the answer")
    warning = f"feed is not well-formed ({problem}); used the {len(usable)} entries that could be read" if problem else None
    return ParsedFeed(title=_text(parsed.feed.get("title")), entries=usable, warning=warning)


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def is_wanted(entry: Entry, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    """feeds.yml's keyword filters, on the entry's title and summary (whole words, any case)."""
    text = f"{entry.title or ''}\n{re.sub(r'<[^>]+>', ' ', entry.summary or '')}"
    if any(_mentions(text, word) for word in exclude):
        return False
    return not include or any(_mentions(text, word) for word in include)


# --- entries and pages → articles ------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """How to clean what was fetched: the run's time, date languages and time zone."""

    now: datetime
    languages: tuple[str, ...]
    default_timezone: str


def entry_metadata(entry: Entry | None, outlet: str | None) -> dict[str, object]:
    """What a feed states about an entry: it wins over what is guessed from the page."""
    values: dict[str, object] = {"outlet": outlet}
    if entry is not None:
        values.update(title=entry.title, author=entry.author, published=entry.published, updated=entry.updated)
    return {key: value for key, value in values.items() if value is not None}


def _finish(
    document: RawDocument, metadata: dict[str, object], url: str | None, reading: Reading, defaults: dict[str, object]
) -> Article:
    """Clean with the metadata in order of trust: defaults < the page's own < the feed's (`metadata`)."""
    merged = {**defaults, **document.metadata, **metadata}
    merged.pop("url", None)  # the address it was fetched from, not a canonical link the page claims
    if url:
        merged["url"] = normalise_url(url)
    article = clean(
        replace(document, metadata=merged),
        url or str(document.path),
        languages=reading.languages,
        default_timezone=reading.default_timezone,
        now=reading.now,
    )
    return replace(article, fetched_at=reading.now)


def page_text(fetched: Fetched) -> str:
    """The page's text: the charset the server named, else UTF-8 or clear Windows-1252."""
    if fetched.charset:
        try:
            return fetched.body.decode(fetched.charset, errors="replace")
        except LookupError:
            pass  # an unknown charset name: decode as if none was given
    return decode(fetched.body, Path(fetched.url))[0]


def article_from_page(
    fetched: Fetched, metadata: dict[str, object], reading: Reading, defaults: dict[str, object] | None = None
) -> Article:
    """A fetched HTML page through the same reader and cleaner as an .html source file."""
    document = read_html(page_text(fetched), Path(fetched.url), url=fetched.url)
    return _finish(document, metadata, fetched.url, reading, defaults or {})


def article_from_entry(
    entry: Entry, metadata: dict[str, object], reading: Reading, url: str | None, defaults: dict[str, object] | None = None
) -> Article:
    """An article from the feed's own content, for a page that yields nothing (or an entry with no page)."""
    path = Path(url or entry.title or "feed entry")
    if not entry.content:
        raise SourceError(path, "the feed entry has no content either", "nothing to add until the page holds the article")
    if entry.content_is_html:
        document = read_html(f"<html><body><article>{entry.content}</article></body></html>", path, url=url)
    else:
        document = read_text(entry.content, path)
    return _finish(document, metadata, url, reading, defaults or {})


# --- what is already in sources/ ---------------------------------------------------------------------


@dataclass
class SourceIndex:
    """The URLs and content hashes of every source, to add nothing twice."""

    urls: dict[str, Path] = field(default_factory=dict)
    hashes: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def scan(cls, folder: Path, settings: Settings) -> SourceIndex:
        index = cls()
        if not folder.is_dir():
            return index
        for path in discover_sources(folder):
            try:
                article = read_article(path, folder, settings)
            except (SourceError, OSError):
                continue  # `build` reports broken sources; here they only cannot be duplicated
            index.add(article, path)
        return index

    def add(self, article: Article, path: Path) -> None:
        if article.url:
            self.urls.setdefault(normalise_url(article.url), path)
        self.hashes.setdefault(content_hash(article.title, article.paragraphs), path)

    def by_url(self, url: str) -> Path | None:
        return self.urls.get(normalise_url(url))

    def by_text(self, article: Article) -> Path | None:
        return self.hashes.get(content_hash(article.title, article.paragraphs))


def unused_path(target: Path) -> Path:
    """`target`, or target--2.md, --3… when another article has the same date and title."""
    counter = 2
    while target.exists():
        target = target.with_name(f"{target.stem.rsplit('--', 1)[0]}--{counter}.md")
        counter += 1
    return target


# --- the run -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    url: str
    reason: str
    transient: bool = False


@dataclass
class AddReport:
    added: list[tuple[str, Path]] = field(default_factory=list)
    present: list[tuple[str, Path]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    filtered: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        feeds = f"{len(self.unchanged)} feed{'' if len(self.unchanged) == 1 else 's'} unchanged"
        return (
            f"{len(self.added)} added, {len(self.present)} already present, {feeds}, "
            f"{self.filtered} filtered out, {len(self.failures)} failed"
        )


@dataclass(frozen=True)
class _FeedContext:
    """What every entry of one feed is read with."""

    outlet: str | None  # feeds.yml's name: wins over the page's
    defaults: dict[str, object]  # the feed's title as outlet, when the page names none
    reading: Reading


class WebAdder:
    """Adds pages and feed entries to `dest`, remembering what it has seen in this run."""

    def __init__(
        self,
        dest: Path,
        settings: Settings,
        fetcher: Fetcher,
        *,
        log: Callable[[str], None] = print,
    ) -> None:
        self.dest = dest
        self.settings = settings
        self.fetcher = fetcher
        self.log = log
        self.index = SourceIndex.scan(dest, settings)
        self.report = AddReport()
        self._pool = ThreadPoolExecutor(max_workers=fetcher.policy.workers, thread_name_prefix="fetch")

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def _reading(self, language: str | None) -> Reading:
        languages = tuple(dict.fromkeys(((language,) if language else ()) + self.settings.languages))
        return Reading(self.fetcher.now, languages, self.settings.default_timezone)

    def _fail(self, url: str, reason: str, transient: bool = False) -> None:
        self.report.failures.append(Failure(url, reason, transient))

    def _already_present(self, url: str, *, quietly: bool = False) -> bool:
        if (existing := self.index.by_url(url)) is not None:
            self.report.present.append((url, existing))
            if not quietly:  # a feed's known entries are only counted: they would fill every log
                self.log(f"skipped {url}: already in sources as {existing}")
            return True
        return False

    def _write(self, url: str, article: Article, note: str = "") -> None:
        if (existing := self.index.by_text(article)) is not None:
            self.report.present.append((url, existing))
            self.log(f"skipped {url}: same text as {existing}")
            return
        target = unused_path(self.dest / canonical_path(article))
        write_if_changed(target, canonical_text(article))
        self.index.add(article, target)
        self.report.added.append((url, target))
        self.log(f"added {url} → {target}{note}")

    # --- one URL from the command line ----------------------------------------------------------

    def add_url(self, url: str) -> None:
        """An article page, or a feed whose entries are then added."""
        if self._already_present(url):
            return
        try:
            fetched = self.fetcher.get(url, Want.PAGE_OR_FEED, conditional=True)
        except FetchError as error:
            self._fail(url, error.reason, error.transient)
            return
        if fetched.not_modified:
            self._unchanged(url)
        elif fetched.is_html:
            if fetched.url == url or not self._already_present(fetched.url):  # redirected to a page we have?
                self._add_page(url, fetched)
        else:
            self._add_entries(FeedConfig(name="", url=url), fetched)

    # --- feeds ---------------------------------------------------------------------------------------

    def add_feed(self, feed: FeedConfig) -> None:
        try:
            fetched = self.fetcher.get(feed.url, Want.FEED, conditional=True)
        except FetchError as error:
            self._fail(feed.url, error.reason, error.transient)
            return
        if fetched.not_modified:
            self._unchanged(feed.url)
        else:
            self._add_entries(feed, fetched)

    def _unchanged(self, url: str) -> None:
        self.report.unchanged.append(url)
        self.log(f"unchanged: {url} (not modified since the last run)")

    def _add_entries(self, feed: FeedConfig, fetched: Fetched) -> None:
        try:
            parsed = parse_feed(fetched.body, fetched.media_type, fetched.url)
        except FeedError as error:
            self.fetcher.state.forget(feed.url)
            self._fail(feed.url, str(error))
            return
        if parsed.warning:
            self.report.warnings.append(f"{feed.url}: {parsed.warning}")
        context = _FeedContext(
            outlet=feed.name or None,
            defaults={"outlet": parsed.title} if parsed.title else {},
            reading=self._reading(feed.language),
        )
        failures_before = len(self.report.failures)
        pending: list[tuple[Entry, Future[Fetched] | None]] = []
        seen: set[str] = set()
        for entry in parsed.entries:
            if not is_wanted(entry, feed.include, feed.exclude):
                self.report.filtered += 1
                continue
            if entry.link and (normalise_url(entry.link) in seen or self._already_present(entry.link, quietly=True)):
                continue
            if entry.link:
                seen.add(normalise_url(entry.link))
            future = self._pool.submit(self.fetcher.get, entry.link, Want.PAGE) if entry.link else None
            pending.append((entry, future))
        # Fetched in parallel, written in feed order, so a run's output is always the same.
        for entry, future in pending:
            self._add_entry(entry, future, context, fetched.url)
        if any(failure.transient for failure in self.report.failures[failures_before:]):
            # Ask for the whole feed next run, so that these entries get another chance.
            self.fetcher.state.forget(feed.url)
        else:
            self.fetcher.state.remember(feed.url, fetched)

    def _add_entry(self, entry: Entry, future: Future[Fetched] | None, context: _FeedContext, feed_url: str) -> None:
        metadata = entry_metadata(entry, context.outlet)
        if future is None or entry.link is None:  # an entry with no page of its own
            label = f"{feed_url} (entry '{entry.title or 'untitled'}')"
            self._add_from_feed_content(label, entry, metadata, context, None)
            return
        try:
            fetched = future.result()
        except FetchError as error:
            self._fail(entry.link, error.reason, error.transient)
            return
        if fetched.url != entry.link and self._already_present(fetched.url):
            return
        try:
            article = article_from_page(fetched, metadata, context.reading, context.defaults)
        except SourceError as error:
            if not entry.content:
                self._fail(entry.link, f"{error.problem} — {error.fix}")
                return
            # The page yields nothing (script-only, paywalled): use what the feed itself carries.
            self._add_from_feed_content(entry.link, entry, metadata, context, fetched.url, " (from the feed's content)")
            return
        self._report_warnings(entry.link, article)
        self._write(entry.link, article)

    def _add_page(self, url: str, fetched: Fetched) -> None:
        """A page given on the command line: only the page itself says what it is."""
        try:
            article = article_from_page(fetched, {}, self._reading(None))
        except SourceError as error:
            self._fail(url, f"{error.problem} — {error.fix}")
            return
        self._report_warnings(url, article)
        self._write(url, article)

    def _add_from_feed_content(
        self,
        label: str,
        entry: Entry,
        metadata: dict[str, object],
        context: _FeedContext,
        url: str | None,
        note: str = "",
    ) -> None:
        try:
            article = article_from_entry(entry, metadata, context.reading, url, context.defaults)
        except SourceError as error:
            self._fail(label, f"{error.problem} — {error.fix}")
            return
        self._report_warnings(label, article)
        self._write(label, article, note)

    def _report_warnings(self, url: str, article: Article) -> None:
        for problem in article.warnings:
            self.report.warnings.append(f"{url}: {problem.message} [{problem.code}]")


# --- the command ---------------------------------------------------------------------------------------


def make_policy(settings: Settings) -> FetchPolicy:
    """The fetch policy of a real run (tests replace this function)."""
    return FetchPolicy(max_bytes=settings.max_source_bytes)


def utc_now() -> datetime:
    """The run's time, stamped as fetched_at (tests replace this function)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def add_from_web(
    urls: list[str],
    feeds: list[FeedConfig],
    dest: Path,
    settings: Settings,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> AddReport:
    """Add `urls` and every entry of `feeds` to `dest`; print progress, then failures; return the report."""
    out, err = out or sys.stdout, err or sys.stderr
    state_path = dest / STATE_FILE
    state, note = load_state(state_path)
    if note:
        print(f"note: {note}", file=err)
    fetcher = Fetcher(make_policy(settings), state, utc_now())
    adder = WebAdder(dest, settings, fetcher, log=lambda line: print(line, file=out))
    try:
        for url in urls:
            adder.add_url(url)
        for feed in feeds:
            adder.add_feed(feed)
    finally:
        adder.close()
        fetcher.close()
        dest.mkdir(parents=True, exist_ok=True)
        save_state(state_path, state)
    report = adder.report
    for warning in report.warnings:
        print(f"warning: {warning}", file=err)
    for failure in report.failures:
        print(f"failed: {failure.url}: {failure.reason}", file=err)
    print(report.summary_line(), file=out)
    return report

"""`briefings add URL|FEED` and `add --feeds` against a real HTTP server on 127.0.0.1.

The server (in this process, one thread per request) serves the invented site in
tests/fixtures/web/ and misbehaves the ways real servers do: a page that fails
twice with 500, a 429 with Retry-After, a page over the size limit, a redirect
loop, a PDF where a page should be, a server too slow to answer, a broken feed,
and 304s for feeds that have not changed. No other host is ever contacted.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from generator import feeds as feeds_module
from generator.discovery import discover_sources
from generator.cli import main
from generator.config import Settings
from generator.errors import ConfigError
from generator.fetching import (
    STATE_FILE,
    FetchPolicy,
    FetchState,
    Fetched,
    normalise_url,
    retry_after_seconds,
)
from generator.feeds import Entry, FeedError, is_wanted, parse_feed, parse_feeds_file
from generator.reading import split_front_matter

from .conftest import FIXTURES

WEB = FIXTURES / "web"
NOW = datetime(2025, 3, 20, 12, 0, tzinfo=timezone.utc)
LIMIT = 100_000  # bytes: the size limit in these tests
TIMEOUT = 1.0  # seconds: short, but not so short that a loaded CI machine trips it

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml",
    ".rdf": "application/rdf+xml",
    ".json": "application/feed+json",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
}
LAST_MODIFIED = "Mon, 17 Mar 2025 09:00:00 GMT"


# --- the fixture web server ----------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


@dataclass
class Site:
    """What the server serves and what it has seen."""

    root: Path
    port: int = 0
    seen: list[Seen] = field(default_factory=list)
    # path → how many more times it fails (with 500) before it answers
    failures_left: dict[str, int] = field(default_factory=dict)
    throttled_once: set[str] = field(default_factory=set)
    robots_status: int = 200
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        return [request.path for request in self.seen]

    def text(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8").replace("{{PORT}}", str(self.port))


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            with site.lock:
                site.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
                site.in_flight += 1
                site.most_in_flight = max(site.most_in_flight, site.in_flight)
            try:
                if self.path.startswith("/courier/2025/"):
                    time.sleep(0.05)  # long enough for parallel requests to overlap
                if self.path.startswith("/slow/"):
                    time.sleep(TIMEOUT * 4)
            finally:
                # Counted out before answering: the client cannot start another request first.
                with site.lock:
                    site.in_flight -= 1
            try:
                self.answer()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the slow page): nothing to do

        def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None, length: bool = True) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def answer(self) -> None:
            path = self.path
            with site.lock:
                failing = site.failures_left.get(path, 0) > 0
                if failing:
                    site.failures_left[path] -= 1
                throttled = path in site.throttled_once
                site.throttled_once.discard(path)
            if failing:
                return self.send(500, b"oops")
            if throttled:
                return self.send(429, b"slow down", {"Retry-After": "1"})
            redirects = {
                "/courier/2025/03/pilot-boat-rescue": "/courier/2025/03/pilot-boat-rescue.html",
                "/courier/loop/a": "/courier/loop/b",
                "/courier/loop/b": f"{site.base}/courier/loop/a",
            }
            if path.startswith("/chain/"):  # /chain/1 → /chain/2 → … never ending, never looping
                return self.send(302, headers={"Location": f"/chain/{int(path.rsplit('/', 1)[1]) + 1}"})
            if path == "/robots.txt" and site.robots_status != 200:
                return self.send(site.robots_status, b"no robots here")
            if path in redirects:
                return self.send(301 if path.endswith("rescue") else 302, headers={"Location": redirects[path]})
            if path == "/courier/2025/03/cruise-season-outlook.html":
                page = b"<html><body><article><p>" + b"Cruise bookings are up. " * 10_000 + b"</p></article></body></html>"
                return self.send(200, page, {"Content-Type": "text/html"})
            if path == "/streamed/long-page.html":  # no Content-Length: the size shows only while reading
                return self.send(200, b"<html><body>" + b"<p>More and more text.</p>" * 8_000, {"Content-Type": "text/html"}, length=False)
            if path.startswith("/overloaded/"):
                return self.send(503, b"busy")
            if path.startswith("/maintenance/"):
                return self.send(503, b"back later", {"Retry-After": "3600"})
            self.static(path)

        def static(self, path: str) -> None:
            file = (site.root / path.split("?")[0].lstrip("/")).resolve()
            if not file.is_file() or site.root not in file.parents:
                return self.send(404, b"not found")
            body = file.read_bytes().replace(b"{{PORT}}", str(site.port).encode())
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, headers={"ETag": etag}, length=False)
            content_type = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
            self.send(200, body, {"Content-Type": content_type, "ETag": etag, "Last-Modified": LAST_MODIFIED})

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up on the slow page is not a test failure


@pytest.fixture
def site():
    state = Site(root=WEB.resolve())
    state.failures_left["/courier/2025/03/tugboat-crews-ballot.html"] = 2
    state.throttled_once.add("/courier/2025/03/container-backlog.html")
    server = QuietServer(("127.0.0.1", 0), make_handler(state))
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def pauses(monkeypatch):
    """Every pause the fetcher asks for (not slept: the tests stay fast)."""
    asked: list[float] = []

    def policy(settings: Settings) -> FetchPolicy:
        return FetchPolicy(
            timeout=TIMEOUT,
            max_seconds=5,
            retries=2,
            backoff=0.01,
            max_retry_after=5,
            max_bytes=LIMIT,
            per_host=2,
            workers=4,
            trust_env=False,  # a proxy from the environment must never see these requests
            sleep=asked.append,
        )

    monkeypatch.setattr(feeds_module, "make_policy", policy)
    monkeypatch.setattr(feeds_module, "utc_now", lambda: NOW)
    return asked


def write_feeds(path: Path, site: Site, *feeds: dict[str, object]) -> Path:
    items = [{**feed, "url": site.base + str(feed["url"])} for feed in feeds]
    path.write_text(yaml.safe_dump({"feeds": items}, sort_keys=False), encoding="utf-8")
    return path


def existing_sources(dest: Path, site: Site) -> None:
    for file in (WEB / "existing").rglob("*.md"):
        target = dest / file.relative_to(WEB / "existing")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.read_text(encoding="utf-8").replace("{{PORT}}", str(site.port)), encoding="utf-8")


def front_matter(path: Path) -> dict[str, object]:
    """A source's front matter, dates as ISO 8601 text however YAML typed them."""
    meta = split_front_matter(path.read_text(encoding="utf-8"), path)[0]
    return {key: value.isoformat() if isinstance(value, datetime) else value for key, value in meta.items()}


def body(path: Path) -> list[str]:
    return split_front_matter(path.read_text(encoding="utf-8"), path)[1].strip().split("\n\n")


def sources(dest: Path) -> set[str]:
    return {path.relative_to(dest).as_posix() for path in discover_sources(dest)}


# --- a feed of 20 entries: 3 already present, 4 that fail, the rest land ------------------------------

COURIER_ADDED = {
    # path in sources/ → (the entry's link, as in the feed, after the site's base; published)
    "2025/03/2025-03-19-waterfront-housing-plan-draws-a-crowd.md": ("/courier/2025/03/waterfront-housing-plan.html", "2025-03-19T19:30:00+00:00"),
    "2025/03/2025-03-18-state-promises-funding-for-the-north-seawall.md": ("/courier/2025/03/seawall-funding.html", "2025-03-18T12:00:00+00:00"),
    "2025/03/2025-03-17-dredging-contract-goes-back-out-to-tender.md": ("/courier/2025/03/dredging-contract.html", "2025-03-17T09:00:00+00:00"),
    "2025/03/2025-03-16-schools-keep-serving-meals-despite-the-strike.md": ("/courier/2025/03/harbour-school-meals.html", "2025-03-16T08:15:00+00:00"),
    "2025/03/2025-03-15-pilot-boat-crew-rescues-two-kayakers.md": ("/courier/2025/03/pilot-boat-rescue.html", "2025-03-15T13:40:00+00:00"),
    "2025/03/2025-03-14-night-market-returns-to-the-old-customs-yard.md": ("/courier/2025/03/night-market-returns.html", "2025-03-14T17:00:00+00:00"),
    "2025/03/2025-03-14-lighthouse-museum-wins-heritage-grant.md": ("/courier/2025/03/lighthouse-museum-grant.html", "2025-03-14T10:00:00+00:00"),
    "2025/03/2025-03-13-container-backlog-reaches-forty-ships.md": ("/courier/2025/03/container-backlog.html", "2025-03-13T14:00:00+00:00"),
    "2025/03/2025-03-13-tugboat-crews-ballot-on-joining-the-strike.md": ("/courier/2025/03/tugboat-crews-ballot.html", "2025-03-13T06:30:00+00:00"),
    "2025/03/2025-03-12-council-votes-for-waterfront-cycle-lanes.md": ("/courier/2025/03/council-cycle-lanes.html", "2025-03-12T18:20:00+00:00"),
    "2025/03/2025-03-11-fish-market-reopens-after-flood-repairs.md": ("/courier/2025/03/fish-market-reopens.html", "2025-03-11T09:10:00+00:00"),
    "2025/03/2025-03-10-ferry-timetable-cut-as-fuel-costs-climb.md": ("/courier/2025/03/ferry-timetable-cut.html", "2025-03-10T11:30:00+00:00"),
    "2025/03/2025-03-10-port-talks-resume-under-a-state-mediator.md": ("/courier/2025/03/port-talks-resume.html", "2025-03-10T08:00:00+00:00"),
}
EXISTING = {
    "2025/03/2025-03-04-dockworkers-walk-out.md",
    "2025/03/2025-03-04-port-shut-by-strike.md",
    "2025/03/2025-03-11-harbor-bridge-inspection.md",
}


def test_a_feed_of_twenty_lands_seventeen_new_entries_minus_the_four_that_fail(tmp_path, site, pauses, capsys):
    dest = tmp_path / "sources"
    existing_sources(dest, site)
    feeds_file = write_feeds(tmp_path / "feeds.yml", site, {"name": "Harbor City Courier", "url": "/courier/feed.xml"})

    assert main(["add", "--feeds-file", str(feeds_file), "--dest", str(dest)]) == 1

    assert sources(dest) == EXISTING | set(COURIER_ADDED)
    base = site.base
    for relative, (link, published) in COURIER_ADDED.items():
        meta = front_matter(dest / relative)
        assert meta["outlet"] == "Harbor City Courier", relative
        assert meta["url"] == base + link, relative  # tracking parameters gone, redirect followed
        assert meta["published"] == published, relative
        assert meta["fetched_at"] == "2025-03-20T12:00:00+00:00", relative
        assert list(meta) == ["title", "outlet", "url", "author", "published", "fetched_at"], relative
    talks = dest / "2025/03/2025-03-10-port-talks-resume-under-a-state-mediator.md"
    assert front_matter(talks)["title"] == "Port talks resume under a state mediator"
    assert front_matter(talks)["author"] == "Dana Whitfield"
    assert body(talks)[0].startswith("Talks between the Harbor City port authority")
    assert len(body(talks)) == 3  # no byline, share links, "Most Popular" or footer
    # The script-only page yields nothing: the feed's content:encoded stands in.
    lighthouse = dest / "2025/03/2025-03-14-lighthouse-museum-wins-heritage-grant.md"
    assert body(lighthouse) == [
        "The Point Verity lighthouse museum has won a 450,000-dollar national heritage grant to repair its lantern room.",
        "Museum director Hanne Voskuil said the lantern would be lit again for visitors in the autumn.",
    ]

    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"failed: {base}/courier/2025/03/cruise-season-outlook.html: larger than the 100,000-byte limit",
        f"failed: {base}/courier/loop/a: redirect loop: {base}/courier/loop/a → {base}/courier/loop/b → {base}/courier/loop/a",
        f"failed: {base}/courier/reports/annual-report-2024.pdf: not an HTML page: the server answered application/pdf",
        f"failed: {base}/courier/members/strike-briefing.html: disallowed by robots.txt",
    ]
    assert "already in sources" not in out  # known entries are counted, not listed
    assert f"skipped {base}/courier/2025/03/harbor-bridge-inspection.html: same text as {dest}/2025/03/2025-03-11-harbor-bridge-inspection.md" in out
    assert f"added {base}/courier/2025/03/lighthouse-museum-grant.html → {dest}/2025/03/2025-03-14-lighthouse-museum-wins-heritage-grant.md (from the feed's content)" in out
    assert out.splitlines()[-1] == "13 added, 3 already present, 0 feeds unchanged, 0 filtered out, 4 failed"

    # Politeness, as the server saw it.
    paths = site.paths()
    assert paths.count("/robots.txt") == 1
    assert paths.count("/courier/2025/03/tugboat-crews-ballot.html") == 3  # 500, 500, 200
    assert paths.count("/courier/2025/03/container-backlog.html") == 2  # 429, 200
    assert sorted(pauses) == [0.01, 0.02, 1.0]  # backoff doubles; Retry-After: 1 honoured
    assert not any(p.startswith(("/courier/members/", "/courier/2025/03/dockworkers", "/courier/2025/03/port-shut")) for p in paths)
    assert site.most_in_flight == 2  # pages fetched in parallel, two at a time for one host
    assert all(request.headers["user-agent"].startswith("briefing-digest/0.1.0 (") for request in site.seen)

    state = json.loads((dest / STATE_FILE).read_text(encoding="utf-8"))
    assert list(state["validators"]) == [f"{base}/courier/feed.xml"]
    assert set(state["validators"][f"{base}/courier/feed.xml"]) == {"etag", "last_modified"}
    assert (dest / STATE_FILE).read_text(encoding="utf-8") == json.dumps(state, sort_keys=True, indent=2) + "\n"
    assert STATE_FILE not in sources(dest)  # hidden: never read as an article

    # The second run: the feed has not changed, so one conditional request is all it takes.
    site.seen.clear()
    before = {path: path.read_bytes() for path in dest.rglob("*")if path.is_file()}
    assert main(["add", "--feeds-file", str(feeds_file), "--dest", str(dest)]) == 0
    assert [(request.path, request.conditional) for request in site.seen] == [("/courier/feed.xml", True)]
    assert {path: path.read_bytes() for path in dest.rglob("*") if path.is_file()} == before
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"unchanged: {base}/courier/feed.xml (not modified since the last run)",
        "0 added, 0 already present, 1 feed unchanged, 0 filtered out, 0 failed",
    ]
    assert err == ""


# --- RSS 1.0, Atom and JSON Feed; include and exclude ---------------------------------------------------


def test_atom_rss1_and_json_feeds_with_keyword_filters(tmp_path, site, pauses, capsys):
    dest = tmp_path / "sources"
    feeds_file = write_feeds(
        tmp_path / "feeds.yml",
        site,
        {"name": "The Valley Ledger", "url": "/ledger/atom.xml", "language": "en", "exclude": ["sponsored"]},
        {"name": "Island Gazette", "url": "/gazette/index.rdf", "include": ["ferry"]},
        {"name": "The Quay Bulletin", "url": "/bulletin/feed.json"},
    )
    assert main(["add", "--feeds", "--feeds-file", str(feeds_file), "--dest", str(dest)]) == 0
    base = site.base
    expected = {
        "2025/03/2025-03-14-reservoir-levels-fall-below-half.md": {
            "title": "Reservoir levels fall below half",
            "outlet": "The Valley Ledger",
            "url": f"{base}/ledger/2025/03/reservoir-levels.html",
            "author": "Greta Lindholm",
            "published": "2025-03-14T05:00:00+00:00",
            "updated": "2025-03-14T14:30:00+00:00",
        },
        "2025/03/2025-03-12-late-frost-threatens-the-apricot-orchards.md": {
            "title": "Late frost threatens the apricot orchards",
            "outlet": "The Valley Ledger",
            "url": f"{base}/ledger/2025/03/orchard-frost.html",  # relative link in the feed
            "author": "Samir Okafor",
            "published": "2025-03-12T21:00:00+00:00",
        },
        "2025/03/2025-03-12-islanders-protest-against-the-ferry-cuts.md": {
            "title": "Islanders protest against the ferry cuts",
            "outlet": "Island Gazette",
            "url": f"{base}/gazette/ferry-protest.html",
            "author": "Ines Carvalho",
            "published": "2025-03-12T10:00:00+00:00",  # RSS 1.0's dc:date
        },
        "2025/03/2025-03-13-quay-wall-repairs-begin.md": {
            "title": "Quay wall repairs begin",
            "outlet": "The Quay Bulletin",
            "url": f"{base}/bulletin/quay-wall-repairs.html",
            "author": "Nadia Kowalczyk",
            "published": "2025-03-13T08:00:00+00:00",
        },
        "2025/03/2025-03-09-volunteers-count-forty-harbour-seals.md": {  # no page: the item's content_html
            "title": "Volunteers count forty harbour seals",
            "outlet": "The Quay Bulletin",
            "author": "Nadia Kowalczyk",
            "published": "2025-03-09T16:00:00+00:00",
            "updated": "2025-03-10T09:00:00+00:00",
        },
    }
    assert sources(dest) == set(expected)
    for relative, fields in expected.items():
        assert front_matter(dest / relative) == {**fields, "fetched_at": "2025-03-20T12:00:00+00:00"}, relative
    assert body(dest / "2025/03/2025-03-09-volunteers-count-forty-harbour-seals.md") == [
        "Volunteers counted forty harbour seals on the sandbanks at the river mouth on Sunday, five more than last year.",
        "Count leader Pieter Haldane said the calm weather had helped.",
    ]
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "5 added, 0 already present, 0 feeds unchanged, 2 filtered out, 0 failed"
    assert "/ledger/2025/03/sponsored-spring.html" not in site.paths()
    assert "/gazette/budget-hearing.html" not in site.paths()


# --- single URLs ---------------------------------------------------------------------------------------------


def test_add_url_writes_one_page_and_never_fetches_it_again(tmp_path, site, pauses, capsys):
    dest = tmp_path / "sources"
    url = f"{site.base}/ledger/2025/03/reservoir-levels.html?utm_source=newsletter&utm_medium=email#top"
    assert main(["add", url, "--dest", str(dest)]) == 0
    [written] = sorted(sources(dest))
    assert written == "2025/03/2025-03-14-reservoir-levels-fall-below-half.md"
    meta = front_matter(dest / written)
    assert meta["title"] == "Reservoir levels fall below half"
    assert meta["outlet"] == "The Valley Ledger"  # og:site_name
    assert meta["author"] == "Greta Lindholm"
    assert meta["url"] == f"{site.base}/ledger/2025/03/reservoir-levels.html"
    assert meta["published"] == "2025-03-14T00:00:00+00:00"  # the page's date: day only
    assert meta["fetched_at"] == "2025-03-20T12:00:00+00:00"
    assert site.paths() == ["/robots.txt", "/ledger/2025/03/reservoir-levels.html?utm_source=newsletter&utm_medium=email"]

    site.seen.clear()
    capsys.readouterr()
    assert main(["add", f"{site.base}/ledger/2025/03/reservoir-levels.html", "--dest", str(dest)]) == 0
    assert site.seen == []  # known by its URL: not even requested
    assert "already in sources as" in capsys.readouterr().out


def test_add_url_of_a_feed_walks_the_feed(tmp_path, site, pauses, capsys):
    dest = tmp_path / "sources"
    assert main(["add", f"{site.base}/bulletin/feed.json", "--dest", str(dest)]) == 0
    assert sources(dest) == {
        "2025/03/2025-03-13-quay-wall-repairs-begin.md",
        "2025/03/2025-03-09-volunteers-count-forty-harbour-seals.md",
    }
    # With no feeds.yml name, the outlet is the page's own, or the feed's title.
    assert front_matter(dest / "2025/03/2025-03-13-quay-wall-repairs-begin.md")["outlet"] == "The Quay Bulletin"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/slow/harbour-ferry.html", f"timed out: no answer within {TIMEOUT:g} s (3 attempts)"),
        ("/overloaded/page.html", "HTTP 503 Service Unavailable (3 attempts)"),
        ("/maintenance/page.html", "HTTP 503 Service Unavailable: the server asks to wait 3600 s, longer than the 5 s limit"),
        ("/streamed/long-page.html", "larger than the 100,000-byte limit"),
        ("/courier/reports/annual-report-2024.pdf", "not an HTML page or a feed: the server answered application/pdf"),
        ("/courier/2025/03/no-such-page.html", "HTTP 404 Not Found"),
        ("/chain/1", "more than 5 redirects"),
        ("/broken/feed.xml", "malformed feed (line 9: no element found); no entry could be read"),
    ],
)
def test_each_failure_is_reported_with_its_reason(tmp_path, site, pauses, capsys, path, reason):
    dest = tmp_path / "sources"
    good = f"{site.base}/ledger/2025/03/reservoir-levels.html"
    assert main(["add", f"{site.base}{path}", good, "--dest", str(dest)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"failed: {site.base}{path}: {reason}"]
    assert sources(dest) == {"2025/03/2025-03-14-reservoir-levels-fall-below-half.md"}  # the other still lands
    assert out.splitlines()[-1] == "1 added, 0 already present, 0 feeds unchanged, 0 filtered out, 1 failed"
    if path.startswith("/maintenance/"):
        assert pauses == []  # given up at once rather than asked again too soon
    if path.startswith("/overloaded/"):
        assert pauses == [0.01, 0.02]


def test_a_feed_with_a_transient_failure_is_fetched_in_full_next_time(tmp_path, site, pauses, capsys):
    """A 503 page may work tomorrow: the feed's validators are not kept, so its entries get another chance."""
    dest = tmp_path / "sources"
    feed_text = site.text("wire/feed.xml").replace("/wire/storm-warning.html", "/overloaded/storm-warning.html")
    (tmp_path / "web").mkdir()
    shutil.copytree(WEB, tmp_path / "web", dirs_exist_ok=True)
    (tmp_path / "web/wire/feed.xml").write_text(feed_text, encoding="utf-8")
    site.root = (tmp_path / "web").resolve()
    feeds_file = write_feeds(tmp_path / "feeds.yml", site, {"name": "Coastal Wire", "url": "/wire/feed.xml"})

    assert main(["add", "--feeds-file", str(feeds_file), "--dest", str(dest)]) == 1
    assert sources(dest) == {"2025/03/2025-03-13-coast-guard-opens-a-new-station-at-linmouth.md"}
    assert json.loads((dest / STATE_FILE).read_text())["validators"] == {}

    site.seen.clear()
    assert main(["add", "--feeds-file", str(feeds_file), "--dest", str(dest)]) == 1
    feed_requests = [request for request in site.seen if request.path == "/wire/feed.xml"]
    assert [request.conditional for request in feed_requests] == [False]
    assert "/overloaded/storm-warning.html" in site.paths()  # tried again
    assert "/wire/coast-guard-station.html" not in site.paths()  # already in sources
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"failed: {site.base}/overloaded/storm-warning.html: HTTP 503 Service Unavailable (3 attempts)"


@pytest.mark.parametrize("status", [404, 500])
def test_no_robots_txt_allows_everything_but_an_unreadable_one_allows_nothing(tmp_path, site, pauses, capsys, status):
    """RFC 9309: a 4xx robots.txt means no rules; a 5xx one means "assume everything is disallowed"."""
    site.robots_status = status
    dest = tmp_path / "sources"
    url = f"{site.base}/ledger/2025/03/reservoir-levels.html"
    if status == 404:
        assert main(["add", url, "--dest", str(dest)]) == 0
        assert site.paths() == ["/robots.txt", "/ledger/2025/03/reservoir-levels.html"]
        return
    other = f"{site.base}/ledger/2025/03/orchard-frost.html"
    assert main(["add", url, other, "--dest", str(dest)]) == 1
    assert site.paths() == ["/robots.txt"] * 3  # retried like any 5xx, then not asked again in this run
    reason = "robots.txt could not be read, so nothing is fetched from this host: HTTP 500 Internal Server Error (3 attempts)"
    assert capsys.readouterr().err.splitlines() == [f"failed: {url}: {reason}", f"failed: {other}: {reason}"]


def test_robots_txt_is_kept_a_day_then_asked_for_conditionally(tmp_path, site, pauses):
    dest = tmp_path / "sources"
    assert main(["add", f"{site.base}/ledger/2025/03/reservoir-levels.html", "--dest", str(dest)]) == 0
    state = json.loads((dest / STATE_FILE).read_text(encoding="utf-8"))
    assert state["robots"][site.base]["checked"] == "2025-03-20T12:00:00+00:00"

    site.seen.clear()
    assert main(["add", f"{site.base}/ledger/2025/03/orchard-frost.html", "--dest", str(dest)]) == 1  # no date: fails
    assert site.paths() == ["/ledger/2025/03/orchard-frost.html"]  # robots.txt from the state, not asked again

    state["robots"][site.base]["checked"] = "2025-03-19T11:00:00+00:00"  # over a day old
    (dest / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    site.seen.clear()
    assert main(["add", f"{site.base}/gazette/ferry-protest.html", "--dest", str(dest)]) == 1  # no date either
    [robots, page] = site.seen
    assert (robots.path, robots.conditional, page.path) == ("/robots.txt", True, "/gazette/ferry-protest.html")
    assert json.loads((dest / STATE_FILE).read_text(encoding="utf-8"))["robots"][site.base]["checked"] == "2025-03-20T12:00:00+00:00"


# --- the command line -------------------------------------------------------------------------------------------


def test_add_with_nothing_to_add_is_a_usage_error(tmp_path, capsys):
    assert main(["add", "--dest", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "error: nothing to add — name files, folders or URLs, or pass --feeds\n"


def test_a_bad_feeds_file_stops_before_any_request(tmp_path, capsys):
    feeds_file = tmp_path / "feeds.yml"
    feeds_file.write_text("feeds:\n  - name: Courier\n    url: ftp://example.invalid/feed\n", encoding="utf-8")
    assert main(["add", "--feeds-file", str(feeds_file), "--dest", str(tmp_path / "sources")]) == 2
    assert capsys.readouterr().err == (
        f"error: {feeds_file}: feed 'Courier': 'url' must be an http:// or https:// address, got 'ftp://example.invalid/feed'\n"
    )


def test_the_project_feeds_file_is_valid_and_empty():
    from .conftest import ROOT

    assert feeds_module.load_feeds(ROOT / "feeds.yml") == []


# --- the small parts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("HTTP://News.Example:80/a/b.html?utm_source=rss&b=2&a=1#comments", "http://news.example/a/b.html?a=1&b=2"),
        ("https://news.example:443/story?fbclid=IwAR0&gclid=xyz", "https://news.example/story"),
        ("https://news.example:8443/story?page=2", "https://news.example:8443/story?page=2"),
        ("https://news.example", "https://news.example/"),
    ],
)
def test_normalise_url(given, normal):
    assert normalise_url(given) == normal


def test_retry_after_is_seconds_or_an_http_date():
    now = datetime(2025, 3, 20, 12, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("Thu, 20 Mar 2025 12:01:30 GMT", now) == 90
    assert retry_after_seconds("Thu, 20 Mar 2025 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_fetch_state_is_deterministic_json():
    state = FetchState()
    state.remember("https://b.example/feed?utm_source=x", Fetched("https://b.example/feed", 200, etag='"2"'))
    state.remember("https://a.example/feed", Fetched("https://a.example/feed", 200, last_modified=LAST_MODIFIED))
    text = state.to_json()
    assert text == (
        '{\n  "robots": {},\n  "validators": {\n'
        f'    "https://a.example/feed": {{\n      "last_modified": "{LAST_MODIFIED}"\n    }},\n'
        '    "https://b.example/feed": {\n      "etag": "\\"2\\""\n    }\n  },\n  "version": 1\n}\n'
    )
    assert FetchState.from_json(text).to_json() == text
    assert state.conditional_headers("https://b.example/feed") == {"If-None-Match": '"2"'}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("feeds:\n  - url: https://a.example/feed\n", "feed 1: 'name' (the outlet's name) is missing"),
        ("feeds:\n  - name: A\n    url: https://a.example/feed\n    colour: red\n", "feed 1: unknown key 'colour' — known keys: name, url, language, include, exclude"),
        ("feeds:\n  - name: A\n    url: https://a.example/feed\n    include: port\n", "feed 'A': 'include' must be a list of keywords, like [port, strike]"),
        ("feeds:\n  - name: A\n    url: https://a.example/feed\n    language: English\n", "feed 'A': 'language' must be a language code dateparser knows (en, de, fr…), got 'English'"),
        ("feeds:\n  - {name: A, url: 'https://a.example/feed'}\n  - {name: B, url: 'HTTPS://A.example/feed#x'}\n", "feeds 'A' and 'B' have the same url"),
        ("sources: [a]\n", "expected one key, 'feeds:', holding a list of feeds"),
    ],
)
def test_feeds_file_mistakes_are_named(text, problem):
    with pytest.raises(ConfigError) as error:
        parse_feeds_file(text, "feeds.yml")
    assert str(error.value) == f"feeds.yml: {problem}"


def test_keyword_filters_match_whole_words_in_title_and_summary():
    entry = Entry(title="Port strike enters day three", link=None, published=None, updated=None, author=None, summary="<p>Talks <b>sponsored</b> by the state</p>")
    assert is_wanted(entry, include=("strike",), exclude=())
    assert not is_wanted(entry, include=("strikes",), exclude=())  # whole words only
    assert not is_wanted(entry, include=("strike",), exclude=("Sponsored",))  # exclude wins, any case
    assert is_wanted(entry, include=(), exclude=())


def test_a_json_feed_without_a_version_is_refused():
    with pytest.raises(FeedError, match="not a feed: JSON without a JSON Feed 'version'"):
        parse_feed(b'{"items": []}', "application/json", "https://a.example/")
    assert parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "application/feed+json", "https://a.example/").entries == ()

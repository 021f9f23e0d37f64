"""The built site in a real browser: front page, search, cross-links, archive, tags, layout.

Playwright drives Debian's Chromium (/usr/bin/chromium; `.ci/run` installs it) — never a
browser Playwright downloads. The example corpus is generated, built with
`mkdocs build --strict`, and served from 127.0.0.1 by the standard library. Every page
visited must log no console error and make no failed request, and no request may leave
127.0.0.1 (the site promises no third-party requests). Screenshots of one briefing at
desktop and phone width go to test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field, replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.build import build
from generator.config import load_settings

from .conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
VOSS_MARCH = "events/2025/03/2025-03-17-estmark-s-voss-arrives-in-castellan-for-first-official-visit/"
VOSS_SEPTEMBER = "events/2025/09/2025-09-22-voss-returns-to-castellan-to-sign-bregan-strait-power-cable/"
NEWEST = "events/2025/10/2025-10-08-storm-delphine-floods-port-marlow-as-river-marle-bursts-its/"
TIMEOUT_MS = 10_000

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the browser tests",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example corpus generated and built with `mkdocs build --strict`."""
    work = tmp_path_factory.mktemp("browser")
    settings = replace(load_settings(ROOT / "briefings.yml"), out=work / "briefings")
    assert build(settings).errors == []
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(work / "briefings"), site_dir=str(work / "site"))
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(work / "mkdocs.yml")],
        capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", **__import__("os").environ},
    )
    assert result.returncode == 0, result.stderr
    return work / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def base_url(site):
    """The site served on 127.0.0.1 at a free port, in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@dataclass
class Problems:
    """Console errors, uncaught exceptions and failed requests, as they happen."""

    seen: list[str] = field(default_factory=list)

    def take(self) -> list[str]:
        taken, self.seen = self.seen, []
        return taken


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    problems = Problems()
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh user-data-dir
            executable_path=str(CHROMIUM), args=ARGS, headless=True,
            viewport={"width": 1280, "height": 900}, service_workers="block",
        )
        context.set_default_timeout(TIMEOUT_MS)

        def route(route_):
            if urlsplit(route_.request.url).hostname == "127.0.0.1":
                route_.continue_()
            else:
                problems.seen.append(f"request to another host: {route_.request.url}")
                route_.abort()

        context.route(lambda url: urlsplit(url).scheme in ("http", "https", "ws", "wss"), route)
        context.on("console", lambda message: message.type == "error" and problems.seen.append(
            f"console error: {message.text} ({message.location.get('url')})"))
        context.on("weberror", lambda error: problems.seen.append(f"uncaught: {error.error}"))
        context.on("requestfailed", lambda request: problems.seen.append(
            f"request failed: {request.url} ({request.failure})"))
        context.on("response", lambda response: response.status >= 400 and problems.seen.append(
            f"HTTP {response.status}: {response.url}"))
        yield context, problems
        context.close()


@pytest.fixture
def page(browser_context):
    """A fresh tab; the test fails if anything went wrong on any page it visited."""
    context, problems = browser_context
    problems.take()
    tab = context.new_page()
    yield tab
    tab.close()
    assert problems.take() == []


def visit(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


def link_targets(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "links => links.map(a => a.href)")


def test_the_front_page_shows_the_newest_briefing_first(page, base_url):
    visit(page, base_url)
    first = page.locator("article h2 a").first
    assert first.inner_text().startswith("Storm Delphine floods Port Marlow")
    assert first.evaluate("a => a.href") == base_url + NEWEST
    assert page.locator('a[href="feed.xml"]').count() == 1


def test_search_for_an_entity_finds_her_briefings(page, base_url):
    visit(page, base_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Helena Voss", delay=20)  # Material searches on key events
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    found = link_targets(page, ".md-search-result__item a")
    hrefs = {href.split("#")[0].split("?")[0] for href in found}  # ?h=… highlights the words
    assert {base_url + VOSS_MARCH, base_url + VOSS_SEPTEMBER} <= hrefs
    page.keyboard.press("Escape")


def test_a_related_briefing_link_opens_it(page, base_url):
    visit(page, base_url + VOSS_MARCH)
    related = page.locator("h2#related-briefings ~ ul a").first
    assert related.inner_text() == "Voss returns to Castellan to sign Bregan Strait power cable deal"
    related.click()
    page.wait_for_url(base_url + VOSS_SEPTEMBER)
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").inner_text().rstrip("¶") == "Voss returns to Castellan to sign Bregan Strait power cable deal"


def test_the_story_link_opens_the_story(page, base_url):
    visit(page, base_url + VOSS_SEPTEMBER)
    page.locator(".admonition.info a").first.click()
    page.wait_for_url("**/stories/story-2025-03-17-*/")
    page.wait_for_load_state("networkidle")
    listed = set(link_targets(page, "article a"))
    assert {base_url + VOSS_MARCH, base_url + VOSS_SEPTEMBER} <= listed


def test_the_archive_lists_every_briefing_newest_first(page, base_url, site):
    visit(page, base_url + "archive/")
    briefings = [href for href in link_targets(page, "article li a") if "/events/" in href]
    every = sorted(
        (p.parent.relative_to(site).as_posix() + "/" for p in (site / "events").rglob("index.html")), reverse=True
    )
    assert briefings == [base_url + path for path in every]  # page paths sort by date (their id)
    assert briefings[0] == base_url + NEWEST


def test_a_tag_lists_its_briefings(page, base_url):
    visit(page, base_url + "tags/#tag:helena-voss")
    listed = link_targets(page, "h2[id='tag:helena-voss'] + ul a")
    assert listed == [base_url + VOSS_MARCH, base_url + VOSS_SEPTEMBER]


def test_the_recorder_sees_failures(browser_context, base_url):
    """The no-errors checks above can fail: a missing page and another host are both caught."""
    context, problems = browser_context
    problems.take()
    tab = context.new_page()
    tab.goto(base_url + "no-such-page/")
    tab.evaluate("fetch('https://example.org/x').catch(() => null)")
    tab.wait_for_load_state("networkidle")
    tab.close()
    seen = problems.take()
    assert any(p.startswith("HTTP 404") for p in seen), seen
    assert any(p.startswith("request to another host: https://example.org/x") for p in seen), seen


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("phone", 375, 812)])
def test_screenshots_of_a_briefing(page, base_url, name, width, height):
    page.set_viewport_size({"width": width, "height": height})
    visit(page, base_url + VOSS_SEPTEMBER)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"briefing-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

"""The built site in a real browser: front page, search, cross-links, archive, tags, layout.

Playwright drives Debian's Chromium (/usr/bin/chromium; `.ci/run` installs it) — never a
browser Playwright downloads. The example corpus is generated, built as `make html` builds
it (`mkdocs build --strict`, then Pagefind indexes the result), and served from 127.0.0.1
by the standard library. Every page visited must log no console error and make no failed
request, and no request may leave 127.0.0.1 (the site promises no third-party requests).
Screenshots of one briefing at desktop and phone width, light and dark, go to
test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import functools
import json
import os
import re
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
# A page edited by hand, with markup in its front matter (the generator writes these values
# as HTML text; a person may not): the theme must print it as text wherever it goes.
HOSTILE_TITLE = 'He said "stop" <script>window.__hx = 1</script> & left'
HOSTILE_DESCRIPTION = 'A quote: "x" onmouseover="window.__hx = 2" <img src=x onerror="window.__hx = 3">'

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the browser tests",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example corpus generated and built as `make html` builds it: `mkdocs build --strict`,
    then Pagefind over the result (from the project folder, so that it reads pagefind.yml)."""
    work = tmp_path_factory.mktemp("browser")
    settings = replace(load_settings(ROOT / "briefings.yml"), out=work / "briefings")
    assert build(settings).errors == []
    (work / "briefings" / "hand-edited.md").write_text(  # `event:` puts it in the search index
        f"---\ntitle: {json.dumps(HOSTILE_TITLE)}\ndescription: {json.dumps(HOSTILE_DESCRIPTION)}\nevent: hand-edited\n---\n\n"
        "A page a person wrote, with no heading of its own, quoting Quillfeather: "
        "&lt;img src=x onerror=&quot;window.__hx = 4&quot;&gt; (as text).\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(work / "briefings"), site_dir=str(work / "site"))
    theme = config["theme"]
    if "custom_dir" in theme:  # relative to mkdocs.yml, which is written elsewhere here
        theme["custom_dir"] = str(ROOT / theme["custom_dir"])
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(work / "mkdocs.yml")],
        capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", **os.environ},
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "pagefind_bin", "--site", str(work / "site"), "--quiet"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (work / "site" / "pagefind" / "pagefind-ui.js").is_file()
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


def use_scheme(page, base_url: str, scheme: str) -> None:
    """Light or dark, as the reader's system asks: Material follows the system's choice
    until the reader picks one, then remembers it (here: forget any earlier visit's)."""
    page.emulate_media(color_scheme=scheme)
    visit(page, base_url)
    page.evaluate("localStorage.clear()")


def link_targets(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "links => links.map(a => a.href)")


def test_the_front_page_shows_the_newest_briefing_first(page, base_url):
    visit(page, base_url)
    first = page.locator("article h2 a").first
    assert first.inner_text().startswith("Storm Delphine floods Port Marlow")
    assert first.evaluate("a => a.href") == base_url + NEWEST
    assert page.locator('a[href="feed.xml"]').count() == 1


def search(page, words: str) -> list[str]:
    """Open the header search, type as a reader would, and return the result links."""
    page.locator("button[data-bd-search-open]").click()
    box = page.locator("#__bd-search-ui input")
    box.wait_for()
    box.press_sequentially(words, delay=20)  # Pagefind's UI searches as the reader types
    page.locator("#__bd-search-ui .pagefind-ui__result-link").first.wait_for()
    page.wait_for_load_state("networkidle")
    return link_targets(page, "#__bd-search-ui .pagefind-ui__result-link")


def test_search_for_an_entity_finds_her_briefings(page, base_url):
    visit(page, base_url)
    found = search(page, "Helena Voss")
    assert {base_url + VOSS_MARCH, base_url + VOSS_SEPTEMBER} <= set(found)
    assert all(href.startswith(base_url) for href in found)
    page.keyboard.press("Escape")
    assert not page.locator("#__bd-search").evaluate("dialog => dialog.open")


def test_search_opens_a_result(page, base_url):
    visit(page, base_url + VOSS_MARCH)  # from a page deep in the site: links still resolve
    found = search(page, "Storm Delphine")
    assert found[0] == base_url + NEWEST
    page.locator("#__bd-search-ui .pagefind-ui__result-link").first.click()
    page.wait_for_url(base_url + NEWEST)
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").inner_text().startswith("Storm Delphine floods Port Marlow")


def test_search_downloads_only_the_index_it_needs(page, base_url, site):
    """Nothing of search loads with a page; the first query fetches Pagefind's files and
    only part of the index (the whole index is several files even on the example site)."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    visit(page, base_url + VOSS_MARCH)
    assert not [url for url in fetched if "/pagefind/" in url]
    search(page, "Helena Voss")
    loaded = {url.removeprefix(base_url).split("?")[0] for url in fetched if "/pagefind/" in url}
    assert {"pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/pagefind-entry.json"} <= loaded
    fragments = {p for p in loaded if p.startswith("pagefind/fragment/")}
    assert 0 < len(fragments) < len(list((site / "pagefind" / "fragment").iterdir()))
    page.keyboard.press("Escape")


def test_a_first_search_downloads_well_under_a_megabyte(site):
    """tests/benchmarks/search_size.py (the scale benchmark's measure) on the example site:
    what a first query fetches, measured in Chromium, with the index chunk it needed."""
    run = subprocess.run(  # its own browser: Playwright's sync API does not nest
        [sys.executable, "-m", "tests.benchmarks.search_size", str(site), "--query", "Helena Voss", "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["method"] == "chromium"
    assert result["queries"][0]["results_shown"] >= 2
    assert 100_000 < result["bytes"] < 1_000_000 and result["gzip_bytes"] < result["bytes"]
    assert "pagefind/pagefind-ui.js" in result["files"]
    assert any(name.startswith("pagefind/index/") for name in result["files"])


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
    """From the front page's Archive tab, every briefing, newest first — on the archive page
    itself or on the month pages it links to, in the order it links them."""
    visit(page, base_url)
    page.locator(".md-tabs__link", has_text="Archive").click()
    page.wait_for_load_state("networkidle")
    archive = page.url
    assert "/archive" in archive
    briefings: list[str] = []
    for href in link_targets(page, "article li a"):
        if "/events/" in href:
            briefings.append(href)
        elif "/archive/" in href and href != archive:  # a month of the archive
            month = page.context.new_page()
            visit(month, href)
            briefings += [h for h in link_targets(month, "article li a") if "/events/" in h]
            month.close()
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


def meta(page, key: str, value: str) -> list[str | None]:
    return page.eval_on_selector_all(f'head meta[{key}="{value}"]', "tags => tags.map(t => t.getAttribute('content'))")


def test_a_briefing_has_description_open_graph_and_canonical_url(page, base_url):
    visit(page, base_url + VOSS_SEPTEMBER)
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    title = page.locator("article h1").inner_text().rstrip("¶")
    lede = page.locator("article .admonition.abstract p:not(.admonition-title)").first.inner_text()
    (description,) = meta(page, "name", "description")
    assert description and lede.startswith(description)  # the lede, without its footnote number
    assert meta(page, "property", "og:description") == [description]
    assert meta(page, "property", "og:title") == [title]
    assert meta(page, "property", "og:type") == ["article"]
    assert meta(page, "property", "og:site_name") == ["Briefing Digest"]
    canonical = page.eval_on_selector_all('head link[rel="canonical"]', "links => links.map(l => l.getAttribute('href'))")
    assert canonical == [site_url + VOSS_SEPTEMBER]  # one, Material's, from site_url
    assert meta(page, "property", "og:url") == canonical


def test_other_pages_are_websites_with_the_site_description(page, base_url):
    visit(page, base_url + "tags/")
    site_description = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_description"]
    assert meta(page, "property", "og:type") == ["website"]
    assert meta(page, "name", "description") == [site_description]


def test_front_matter_markup_stays_text(page, base_url):
    """Quotes and tags in a hand-edited title and description end as text, never as markup."""
    visit(page, base_url + "hand-edited/")
    assert page.evaluate("window.__hx") is None  # no script ran, no handler fired
    stripped_title = 'He said "stop" window.__hx = 1 & left'  # tags dropped, the rest kept as text
    assert meta(page, "property", "og:title") == [stripped_title]
    assert page.title() == stripped_title + " - Briefing Digest"
    assert page.locator("article h1").inner_text() == stripped_title
    (description,) = meta(page, "name", "description")
    assert description == 'A quote: "x" onmouseover="window.__hx = 2"'
    assert meta(page, "property", "og:description") == [description]
    assert page.locator("img[src=x]").count() == 0
    # Search shows its title and the page's text (markup quoted as text) as text too.
    (found,) = search(page, "Quillfeather")
    assert found == base_url + "hand-edited/"
    result = page.locator("#__bd-search-ui .pagefind-ui__result").first
    assert result.locator(".pagefind-ui__result-link").inner_text() == stripped_title
    assert '<img src=x onerror="window.__hx' in result.locator(".pagefind-ui__result-excerpt").inner_text()
    assert page.locator("#__bd-search-ui img, #__bd-search-ui script").count() == 0
    assert page.evaluate("window.__hx") is None
    page.keyboard.press("Escape")


def test_every_page_links_its_edit_and_history(page, base_url):
    visit(page, base_url + VOSS_SEPTEMBER)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    repo, edit_uri = config["repo_url"].rstrip("/"), config["edit_uri"]
    source = VOSS_SEPTEMBER.rstrip("/") + ".md"
    edit = page.locator('a[rel="edit"]', has_text="Edit this page")
    assert edit.get_attribute("href") == f"{repo}/{edit_uri}{source}"
    assert page.locator('a.md-content__button[rel="edit"]').get_attribute("title") == "Edit this page"
    history = page.locator("a", has_text="History of this page")
    assert history.get_attribute("href") == f"{repo}/commits/main/briefings/{source}"


PHONE_PAGES = ["", VOSS_SEPTEMBER, NEWEST, "tags/", "entities/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_nothing_is_wider_than_a_phone(page, base_url, scheme):
    """At 375 px, in the light and the dark scheme, no page scrolls sideways; a story page and
    a person's page are reached by following links, wherever they are."""
    use_scheme(page, base_url, scheme)
    page.set_viewport_size({"width": 375, "height": 812})
    visit(page, base_url + VOSS_SEPTEMBER)
    pages = [base_url + path for path in PHONE_PAGES]
    pages += link_targets(page, ".admonition.info a")[:1]  # its story
    pages += [h for h in link_targets(page, "article a") if "/entities/people/" in h][:1]
    for url in pages:
        visit(page, url)
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
    visit(page, base_url + VOSS_SEPTEMBER)
    search(page, "Helena Voss")  # the search dialog fits too
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-phone-{scheme}.png"))
    page.keyboard.press("Escape")


@pytest.mark.parametrize(("name", "width", "height", "scheme"), [
    ("desktop", 1280, 900, "light"), ("phone", 375, 812, "light"), ("phone-dark", 375, 812, "dark")])
def test_screenshots_of_a_briefing(page, base_url, name, width, height, scheme):
    use_scheme(page, base_url, scheme)
    page.set_viewport_size({"width": width, "height": height})
    visit(page, base_url + VOSS_SEPTEMBER)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"briefing-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

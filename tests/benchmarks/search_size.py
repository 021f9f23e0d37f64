"""What a reader downloads for a first search on a site indexed by Pagefind.

    python -m tests.benchmarks.search_size SITE_DIR [--query WORDS]... [--static] [--json]

The site is served from 127.0.0.1 and opened in Debian's Chromium (Playwright, never a
downloaded browser): a page is loaded, then search is opened and the query typed into the
real search UI, and every response that follows — Pagefind's UI (pagefind-ui.js/.css, loaded
only when search is opened), its script, worker and WebAssembly, the entry and metadata
files, the index chunks the query needs, and the fragments of the first page of results — is
summed, as served (the size of the bodies; Python's server does not compress) and as gzip
would send the text files (how GitHub Pages serves them; the `.pagefind` files are gzip
already). The page itself, and the 3 KB script every page loads to open search, are not
counted.

Without Chromium or Playwright (`--static`, or automatically) the figure is an upper bound
from the files: the fixed files above, the largest index chunk once per query word (at most
all of them), and the five largest fragments.

Each query is measured in a fresh browser profile (nothing cached). By default the queries
are the name of the person with the most briefings (the longest list of pages for one name)
and the first words of the newest briefing's title; the figure reported is the largest.

`search_download(site)` is what the scale benchmark calls.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import re
import sys
import tempfile
import threading
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
FIRST_PAGE = 5  # results Pagefind's UI shows (and fetches fragments for) before "Load more"
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _h1(page: Path) -> str:
    match = _H1.search(page.read_text(encoding="utf-8", errors="replace"))
    return " ".join(unescape(_TAG.sub("", match.group(1))).replace("¶", "").split()) if match else ""


def default_queries(site: Path) -> list[str]:
    """The most-covered person's name and the newest briefing's first words (as a reader would type)."""
    queries = []
    people = [p for p in (site / "entities" / "people").glob("*/index.html")]
    if people:
        biggest = max(people, key=lambda p: (p.stat().st_size, p.as_posix()))
        if name := _h1(biggest):
            queries.append(name)
    events = sorted((site / "events").rglob("index.html"), reverse=True)
    if events and (title := _h1(events[0])):
        queries.append(" ".join(title.split()[:3]))
    return queries or ["news"]


def _gzip_size(name: str, body: bytes) -> int:
    if name.endswith((".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")):
        return len(body)  # gzip already: served as is
    return len(gzip.compress(body, compresslevel=6, mtime=0))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def browser_available() -> bool:
    if not CHROMIUM.exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def measure_in_browser(site: Path, queries: list[str], timeout_ms: int = 60_000) -> list[dict]:
    """One measurement per query, each in a fresh browser profile."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = []
    try:
        with sync_playwright() as playwright:
            for query in queries:
                with tempfile.TemporaryDirectory() as profile:
                    context = playwright.chromium.launch_persistent_context(
                        profile, executable_path=str(CHROMIUM), args=ARGS, headless=True, service_workers="block")
                    context.set_default_timeout(timeout_ms)
                    try:
                        page = context.new_page()
                        page.goto(base, wait_until="load")
                        page.wait_for_load_state("networkidle")
                        responses = []
                        page.on("response", lambda response: responses.append(response))
                        page.locator("button[data-bd-search-open]").click()
                        box = page.locator("#__bd-search-ui input")
                        box.wait_for()
                        box.fill(query)
                        page.locator("#__bd-search-ui .pagefind-ui__result-link").first.wait_for()
                        page.wait_for_load_state("networkidle")
                        results = page.locator("#__bd-search-ui .pagefind-ui__result-link").count()
                        files: dict[str, dict] = {}
                        for response in responses:
                            if urlsplit(response.url).hostname != "127.0.0.1" or not response.ok:
                                continue
                            name = urlsplit(response.url).path.removeprefix(urlsplit(base).path)
                            body = response.body()
                            files[name] = {"bytes": len(body), "gzip_bytes": _gzip_size(name, body)}
                    finally:
                        context.close()
                out.append({
                    "query": query, "results_shown": results, "method": "chromium",
                    "bytes": sum(f["bytes"] for f in files.values()),
                    "gzip_bytes": sum(f["gzip_bytes"] for f in files.values()),
                    "files": dict(sorted(files.items())),
                })
    finally:
        server.shutdown()
        server.server_close()
    return out


def estimate_from_files(site: Path, queries: list[str]) -> list[dict]:
    """An upper bound without a browser: fixed files, largest chunk per word, largest fragments."""
    bundle = site / "pagefind"
    fixed = [bundle / name for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js",
                                        "pagefind-entry.json")]
    fixed += sorted(bundle.glob("*.pf_meta"))[:1] + sorted(bundle.glob("wasm.*.pagefind"), key=lambda p: p.name != "wasm.en.pagefind")[:1]
    chunks = sorted((bundle / "index").glob("*"), key=lambda p: p.stat().st_size, reverse=True)
    fragments = sorted((bundle / "fragment").glob("*"), key=lambda p: p.stat().st_size, reverse=True)[:FIRST_PAGE]
    out = []
    for query in queries:
        words = max(1, len(query.split()))
        files = [p for p in fixed if p.is_file()] + chunks[:words] + fragments
        sizes = {p.relative_to(site).as_posix(): {"bytes": p.stat().st_size, "gzip_bytes": _gzip_size(p.name, p.read_bytes())}
                 for p in files}
        out.append({
            "query": query, "results_shown": None, "method": "static upper bound",
            "bytes": sum(s["bytes"] for s in sizes.values()),
            "gzip_bytes": sum(s["gzip_bytes"] for s in sizes.values()),
            "files": sizes,
        })
    return out


def search_download(site: Path, queries: list[str] | None = None, *, static: bool = False) -> dict:
    """Bytes a reader downloads for a first search (beyond the page itself): the largest over
    `queries` (default: `default_queries`). Keys: engine, bytes, gzip_bytes, files (of the
    largest), method, queries (each query's own figures), pages_indexed."""
    site = Path(site)
    bundle = site / "pagefind"
    if not (bundle / "pagefind-entry.json").is_file():
        lunr = site / "search" / "search_index.json"
        if lunr.is_file():
            size = lunr.stat().st_size
            return {"engine": "material (lunr)", "bytes": size, "gzip_bytes": _gzip_size(lunr.name, lunr.read_bytes()),
                    "files": {"search/search_index.json": size}, "method": "whole index", "queries": []}
        return {"engine": "none found", "bytes": 0, "gzip_bytes": 0, "files": {}, "method": None, "queries": []}
    queries = queries or default_queries(site)
    runs = estimate_from_files(site, queries) if static or not browser_available() else measure_in_browser(site, queries)
    worst = max(runs, key=lambda run: run["bytes"])
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(language.get("page_count", 0) for language in entry.get("languages", {}).values())
    return {
        "engine": f"pagefind {entry.get('version', '?')}", "bytes": worst["bytes"], "gzip_bytes": worst["gzip_bytes"],
        "files": worst["files"], "method": worst["method"], "pages_indexed": pages,
        "queries": [{key: run[key] for key in ("query", "results_shown", "bytes", "gzip_bytes")} for run in runs],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.search_size", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder with Pagefind's output in pagefind/")
    parser.add_argument("--query", action="append", help="what to search for (repeatable; default: see above)")
    parser.add_argument("--static", action="store_true", help="estimate from the files, without a browser")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = search_download(args.site, args.query, static=args.static)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    briefings = sum(1 for _ in (args.site / "events").rglob("index.html")) if (args.site / "events").is_dir() else 0
    print(f"{result['engine']}, {result.get('pages_indexed', '?')} pages indexed, {briefings} briefings ({result['method']})")
    for run in result["queries"]:
        print(f"  {run['query']!r}: {run['bytes'] / 1024:.0f} KB as served, {run['gzip_bytes'] / 1024:.0f} KB gzip"
              + (f", {run['results_shown']} results shown" if run["results_shown"] is not None else ""))
    per = f", {result['bytes'] / 1024 / briefings:.3f} KB per briefing" if briefings else ""
    print(f"first search: {result['bytes'] / 1024:.0f} KB ({result['gzip_bytes'] / 1024:.0f} KB gzip){per}")
    for name, size in result["files"].items():
        print(f"    {size['bytes']:>9,}  {size['gzip_bytes']:>9,}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

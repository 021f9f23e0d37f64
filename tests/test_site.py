"""The bundled example corpus builds into a real MkDocs + Material site."""

from __future__ import annotations

import posixpath
import shutil
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from generator.build import build
from generator.config import load_settings

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> tuple[Path, object]:
    """Generate the example corpus into a temporary docs folder and run `mkdocs build --strict`."""
    work = tmp_path_factory.mktemp("site")
    settings = replace(load_settings(ROOT / "briefings.yml"), out=work / "briefings")
    report = build(settings)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(work / "briefings"), site_dir=str(work / "site"))
    if config.get("theme", {}).get("custom_dir"):  # relative to mkdocs.yml: keep it pointing at the repository's
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(work / "mkdocs.yml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return work / "site", report


def test_the_example_corpus_reads_without_errors(built_site):
    _, report = built_site
    assert report.errors == []
    assert len(report.articles) >= 24


def test_one_html_page_per_event(built_site):
    site, report = built_site
    assert (site / "index.html").is_file()
    pages = sorted(p.relative_to(site / "events").as_posix() for p in (site / "events").rglob("index.html"))
    assert len(pages) == report.events


def test_the_front_page_links_the_newest_briefing(built_site):
    site, report = built_site
    newest = max(report.articles, key=lambda a: a.published)
    html = (site / "index.html").read_text(encoding="utf-8")
    assert html.index(newest.title.split(" ")[0]) > 0
    assert "events/2025/" in html


def test_the_committed_briefings_are_up_to_date(tmp_path):
    """What `briefings build` writes equals what is committed in briefings/."""
    settings = replace(load_settings(ROOT / "briefings.yml"), out=tmp_path / "briefings")
    build(settings)
    generated = {p.relative_to(tmp_path / "briefings"): p.read_bytes() for p in (tmp_path / "briefings").rglob("*.md")}
    committed = {path: (ROOT / "briefings" / path).read_bytes() for path in generated if (ROOT / "briefings" / path).exists()}
    assert committed == generated, "run `make briefings` and commit briefings/"


class _Links(HTMLParser):
    """Every href/src and every id (or name) anchor of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name == "id" or (name == "name" and tag == "a"):
                self.anchors.add(value)


def test_every_internal_link_and_anchor_resolves(built_site):
    """Each href/src inside the site (relative, or under site_url) names a file of the site,
    and each #anchor exists in the page it points to."""
    site, _ = built_site
    base = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])
    pages: dict[PurePosixPath, _Links] = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[PurePosixPath(path.relative_to(site).as_posix())] = parser
    broken: list[str] = []
    checked = 0
    for page, parser in pages.items():
        page_url = "/" + page.as_posix()
        for link in parser.links:
            target = urlsplit(link)
            if target.scheme in ("mailto", "data") or (target.scheme and target.scheme not in ("http", "https")):
                continue
            if target.netloc:
                if (target.scheme, target.netloc) != (base.scheme, base.netloc) or not target.path.startswith(base.path):
                    continue  # another site: not ours to check
                resolved = "/" + target.path.removeprefix(base.path)
            elif target.path.startswith("/"):  # 404.html links from the site root, wherever it is served
                if not target.path.startswith(base.path):
                    broken.append(f"{page}: {link} is outside the site ({base.path})")
                    continue
                resolved = "/" + target.path.removeprefix(base.path)
            else:
                resolved = urljoin(page_url, target.path) if target.path else page_url
            if resolved.endswith(("/.", "/..")):
                resolved += "/"
            relative = posixpath.normpath(unquote(resolved)).lstrip("/")
            folder = resolved.endswith("/") or relative in ("", ".")
            file = PurePosixPath(relative if not folder else posixpath.join(relative.strip("."), "index.html"))
            checked += 1
            if not (site / file).is_file():
                broken.append(f"{page}: {link} → {file} missing")
            elif target.fragment and file.suffix == ".html":
                if unquote(target.fragment) not in pages[file].anchors:
                    broken.append(f"{page}: {link} → no #{unquote(target.fragment)} in {file}")
    assert checked > 1000
    assert broken == []

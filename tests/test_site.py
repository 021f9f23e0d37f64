"""The bundled example corpus builds into a real MkDocs + Material site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

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

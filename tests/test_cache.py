"""The build cache (.cache/briefings beside the docs folder): incremental, idempotent, disposable."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import generator.analysis as analysis_module
import generator.build as build_module
from generator.build import build
from generator.cache import cache_folder

from .conftest import ROOT
from .test_edits import DAY_TWO, SOURCES


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def contents(folder: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in snapshot(folder).items()}


def spy(monkeypatch, module, name: str, note) -> list:
    """Wrap `module.name` so that each call still runs and `note(*args, **kwargs)` is recorded."""
    calls: list = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(note(*a, **k)) or real(*a, **k))
    return calls


def test_a_second_build_with_a_warm_cache_rewrites_no_file(project):
    settings = project(SOURCES)
    build(settings)
    assert (cache_folder(settings) / "articles").is_dir() and (cache_folder(settings) / "pages").is_dir()
    before = snapshot(settings.out)
    report = build(settings)
    assert report.written == [] and report.removed == []
    assert snapshot(settings.out) == before  # same bytes, same mtimes


def test_a_no_op_build_reads_no_source_and_renders_nothing(project, monkeypatch):
    settings = project(SOURCES)
    build(settings)
    # The event pages just written are an input of the next build (published ids are
    # kept); the build that wrote them stored its result under that input too, so
    # the very next build recomputes nothing.

    def must_not_run(*args, **kwargs):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(analysis_module, "read_article", must_not_run)
    monkeypatch.setattr(build_module, "group_corpus", must_not_run)
    monkeypatch.setattr(build_module, "render_pages", must_not_run)
    report = build(settings)
    assert report.summary_line() == (
        "2 articles read, 0 warnings, 0 errors, 2 events, 0 stories, pages: 0 written, 15 unchanged"
    )


def test_a_title_with_html_characters_does_not_defeat_the_no_op_build(project, monkeypatch):
    # The front matter holds titles as HTML text ("&amp;"): the published state the build
    # expects must be written the same way, or every next build groups again.
    sources = dict(SOURCES)
    sources["2025/05/rates.md"] = sources["2025/05/rates.md"].replace("Reserve bank cuts rates", 'Reserve bank cuts rates & hints at more <soon>')
    settings = project(sources)
    assert build(settings).errors == []
    monkeypatch.setattr(build_module, "group_corpus", lambda *a, **k: (_ for _ in ()).throw(AssertionError("grouped again")))
    assert build(settings).written == []


def test_only_a_changed_source_is_read_again(project, monkeypatch):
    settings = project(SOURCES)
    build(settings)
    read = spy(monkeypatch, analysis_module, "read_article", lambda path, *a, **k: path.name)
    (settings.sources / DAY_TWO[0]).write_text(DAY_TWO[1], encoding="utf-8")
    build(settings)
    assert read == ["strike-day-two.md"]
    strike = settings.sources / "2025/03/strike.md"
    strike.write_text(strike.read_text(encoding="utf-8").replace("a third", "a quarter"), encoding="utf-8")
    build(settings)
    assert read == ["strike-day-two.md", "strike.md"]


def test_only_the_event_a_new_source_joins_is_briefed_again(project, monkeypatch):
    settings = project(SOURCES)  # two events: a port strike and an unrelated one
    build(settings)
    briefed = spy(monkeypatch, build_module, "brief", lambda event, *a, **k: event.id)
    (settings.sources / DAY_TWO[0]).write_text(DAY_TWO[1], encoding="utf-8")
    build(settings)
    assert briefed == ["2025-03-04-dockworkers-walk-out-as-port-talks-collapse"]


def test_only_pages_rendered_differently_are_prepared_again(project, monkeypatch):
    # Wrapping sections and hashing them is a YAML round trip per page: a build that
    # changes a few pages takes the others as the last build wrote them.
    settings = project(SOURCES)
    build(settings)
    prepared = spy(monkeypatch, build_module, "prepare", lambda text, relative: relative)
    (settings.sources / DAY_TWO[0]).write_text(DAY_TWO[1], encoding="utf-8")
    report = build(settings)
    written = {path.relative_to(settings.out).as_posix() for path in report.written}
    assert "events/2025/03/2025-03-04-dockworkers-walk-out-as-port-talks-collapse.md" in prepared
    assert "events/2025/05/2025-05-08-reserve-bank-cuts-rates.md" not in prepared  # rendered as before
    assert set(prepared) == {p for p in written if p.endswith(".md")}


def test_briefing_on_a_process_pool_gives_the_same_pages(project, monkeypatch):
    settings = replace(project(SOURCES), workers=2)
    on_pool = replace(settings, out=settings.out.parent / "pool" / "briefings")
    in_process = replace(settings, out=settings.out.parent / "one" / "briefings")  # its own cache, beside it
    started = spy(monkeypatch, build_module, "ProcessPoolExecutor", lambda **k: k)
    monkeypatch.setattr(build_module, "POOL_MIN_EVENTS", 1)
    build(on_pool)
    assert started == [{"max_workers": 2}]
    monkeypatch.setattr(build_module, "POOL_MIN_EVENTS", 10**6)
    build(in_process)
    assert len(started) == 1
    assert contents(on_pool.out) == contents(in_process.out) != {}


def test_deleting_the_cache_gives_the_same_bytes(project):
    settings = project(SOURCES)
    build(settings)
    (settings.sources / DAY_TWO[0]).write_text(DAY_TWO[1], encoding="utf-8")
    build(settings)  # incremental: from the cache, over the first build's pages
    incremental = contents(settings.out)
    shutil.rmtree(cache_folder(settings))
    before = snapshot(settings.out)
    report = build(settings)
    assert report.written == [] and snapshot(settings.out) == before
    assert contents(settings.out) == incremental
    # A site built from nothing says the same, except that it announces no
    # update: the page is new there, so no report "joined" it.
    clean_out = settings.out.parent / "clean"
    build(replace(settings, out=clean_out))
    announced = [p for p, data in incremental.items() if b"!!! tip \"Update," in data]
    assert announced and all(b"!!! tip \"Update," not in data for data in contents(clean_out).values())
    assert set(contents(clean_out)) == set(incremental)


def test_a_damaged_cache_is_only_a_miss(project):
    settings = project(SOURCES)
    build(settings)
    expected = contents(settings.out)
    for entry in cache_folder(settings).rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    shutil.rmtree(settings.out)
    report = build(settings)
    assert report.errors == [] and contents(settings.out) == expected


def test_a_template_change_is_not_hidden_by_the_cache(project):
    settings = project(SOURCES)
    build(settings)
    template = settings.templates / "tags.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("Briefings by topic", "Briefings by subject"), encoding="utf-8")
    report = build(settings)
    assert [p.name for p in report.written] == ["tags.md"]
    assert "Briefings by subject" in (settings.out / "tags.md").read_text(encoding="utf-8")


def test_the_cache_is_git_ignored():
    assert ".cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_a_new_source_renders_again_only_the_pages_that_show_its_event(project, monkeypatch):
    # The example corpus without one report of Voss's second visit; then that report arrives.
    late = "2025/09/2025-09-23-estmark-norvalia-sign-cable-pact.md"
    corpus = {p.relative_to(ROOT / "sources").as_posix(): p.read_bytes() for p in (ROOT / "sources").rglob("*.*")
              if p.suffix in {".md", ".txt", ".html"} and p.name != "README.md"}
    settings = project({name: data for name, data in corpus.items() if name != late})
    build(settings)

    def subject(environment, template, **context) -> str:
        shown = context.get("briefing") and context["briefing"].event.id or context.get("story") and context["story"].id
        return f"{template} {shown or context.get('entity') and context['entity'].key or ''}".strip()

    rendered = spy(monkeypatch, build_module, "render", subject)
    (settings.sources / late).write_bytes(corpus[late])
    build(settings)
    site_level = {"index.md.j2", "archive.md.j2", "archive_month.md.j2", "timeline.md.j2", "timeline_month.md.j2",
                  "outlets.md.j2", "stories.md.j2", "entities.md.j2", "tags.md.j2"}
    # Its event's page, its story's page and the pages of the names its event lists; not the
    # first visit's page, though it links to this event (its title and date did not change).
    assert sorted(r for r in rendered if r not in site_level) == [
        "briefing.md.j2 2025-09-22-voss-returns-to-castellan-to-sign-bregan-strait-power-cable",
        *(f"entity.md.j2 {name}" for name in ("aldervik airport", "bregan strait", "castellan", "erik halvorsen", "estmark",
                                              "helena voss", "matthias kerr", "norvalia", "presidential palace")),
        "story.md.j2 story-2025-03-17-estmark-s-voss-arrives-in-castellan-for-first-official-visit",
    ]
    incremental = contents(settings.out)
    shutil.rmtree(cache_folder(settings))  # everything rendered again: the same pages
    assert build(settings).written == [] and contents(settings.out) == incremental


def test_library_versions_read_from_folder_names_are_those_importlib_reports():
    from importlib import metadata

    from generator.cache import LIBRARIES, _installed_versions, _normalised

    installed = _installed_versions()
    assert {name: installed.get(_normalised(name)) for name in LIBRARIES} == {name: metadata.version(name) for name in LIBRARIES}


def test_the_cache_keeps_only_the_articles_and_briefs_the_last_build_used(project):
    settings = project(SOURCES)  # two sources, two events
    build(settings)
    entries = lambda kind: sorted(p.name for p in (cache_folder(settings) / kind).rglob("*.pickle"))  # noqa: E731
    articles_before, briefs_before = entries("articles"), entries("briefs")
    assert len(articles_before) == 2 and len(briefs_before) == 2
    strike = settings.sources / "2025/03/strike.md"
    strike.write_text(strike.read_text(encoding="utf-8").replace("walked off the job", "walked out"), encoding="utf-8")
    build(settings)
    articles_after, briefs_after = entries("articles"), entries("briefs")
    assert len(articles_after) == 2 and len(set(articles_after) & set(articles_before)) == 1  # the edited one replaced
    assert len(briefs_after) == 2 and len(set(briefs_after) & set(briefs_before)) == 1

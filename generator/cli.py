"""The `briefings` command: build, check, add, inspect.

Exit codes: 0 all good; 1 some source failed (everything else was still
done); 2 the command itself could not run (bad config, bad arguments).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import Settings, load_settings
from .discovery import discover_sources
from .errors import BriefingsError, SourceError
from .locking import DEFAULT_WAIT, locked

# The reading, grouping and rendering stack (trafilatura, scikit-learn, Jinja2) takes
# over a second to import: each command imports what it needs, so that a build with
# nothing to do (answered by its stamp, see stamp.py) never loads it.
if TYPE_CHECKING:
    from .build import BuildReport
    from .model import Article

EXIT_OK, EXIT_SOURCE_FAILED, EXIT_UNUSABLE = 0, 1, 2


def _report_error(error: SourceError) -> None:
    print(f"error: {error}", file=sys.stderr)


def _warning_lines(article: Article) -> list[str]:
    return [f"warning: {article.path}: {problem.message} [{problem.code}]" for problem in article.warnings]


def _report_warnings(article: Article) -> None:
    for line in _warning_lines(article):
        print(line, file=sys.stderr)


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders as every source file below them."""
    files: list[Path] = []
    for path in paths:
        files.extend(discover_sources(path) if path.is_dir() else [path])
    return files


def _read_given(path: Path, settings: Settings) -> Article:
    from .analysis import read_article

    if not path.exists() and not path.is_symlink():
        raise SourceError(path, "no such file", "check the path")
    return read_article(path, path.parent, settings)


def build_output(report: BuildReport) -> tuple[list[tuple[bool, str]], int]:
    """What `briefings build` prints after a build — (to stderr?, line) — and its exit status."""
    from .checking import page_notes

    lines = [(True, line) for article in report.articles for line in _warning_lines(article)]
    lines += [(True, f"error: {error}") for error in [*report.errors, *report.page_errors]]
    lines += [(True, line) for line in page_notes(report)]
    lines.append((False, report.summary_line()))
    return lines, EXIT_SOURCE_FAILED if report.errors or report.page_errors else EXIT_OK


def _print(lines: list[tuple[bool, str]] | tuple[tuple[bool, str], ...]) -> None:
    for to_stderr, line in lines:
        print(line, file=sys.stderr if to_stderr else sys.stdout)


def command_build(args: argparse.Namespace, settings: Settings) -> int:
    from . import stamp

    inputs = None
    if not args.accept_edits:
        with locked(settings.out, shared=True, wait=args.wait):
            last, inputs = stamp.unchanged_since_last_build(settings)
        if last is not None:
            _print(last.output)
            return last.exit_code

    from .build import build

    def keep_stamp(report: BuildReport) -> None:
        if args.accept_edits or inputs is None:
            stamp.forget(settings)  # accepted edits change what the next build reports
            return
        quiet_lines, quiet_exit = build_output(report.as_next_build_finds_it())
        stamp.record(settings, inputs, report.written_digests, quiet_lines, quiet_exit)

    report = build(
        settings, accept_edits=args.accept_edits, wait=args.wait, finished=keep_stamp,
        trusted=inputs.sources if inputs else None,
    )
    lines, exit_code = build_output(report)
    _print(lines)
    return exit_code


def command_check(args: argparse.Namespace, settings: Settings) -> int:
    """Fail, naming each file and part, when briefings/ is not what `briefings build` would write."""
    from .build import build
    from .checking import check_problems, page_notes

    report = build(settings, write=False, wait=args.wait)
    problems = check_problems(report)
    for line in page_notes(report):
        if not line.startswith("removed "):  # a check removes nothing; check_problems names those pages
            print(line, file=sys.stderr)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{settings.out} is out of date: {len(problems)} {'problem' if len(problems) == 1 else 'problems'} "
              "— run `briefings build`, review the changes and commit briefings/")
        return EXIT_SOURCE_FAILED
    print(f"{settings.out} is up to date ({len(report.unchanged)} pages checked)")
    return EXIT_OK


def _read_each(paths: list[Path], settings: Settings, failures: list[SourceError]) -> Iterator[Article]:
    """The articles of the given files and folders; each unreadable one reported and collected."""
    for path in _expand(paths):
        try:
            yield _read_given(path, settings)
        except SourceError as error:
            _report_error(error)
            failures.append(error)


def command_inspect(args: argparse.Namespace, settings: Settings) -> int:
    from .describe import describe, describe_text

    failures: list[SourceError] = []
    for article in _read_each(args.paths, settings, failures):
        if args.json:
            print(json.dumps(describe(article), ensure_ascii=False))
        else:
            print(describe_text(article))
    return EXIT_SOURCE_FAILED if failures else EXIT_OK


def _existing_hashes(dest: Path, settings: Settings) -> dict[str, Path]:
    from .analysis import read_article
    from .cleaning import content_hash

    hashes: dict[str, Path] = {}
    if not dest.is_dir():
        return hashes
    for path in discover_sources(dest):
        try:
            article = read_article(path, dest, settings)
        except SourceError:
            continue  # `build` reports broken sources; `add` only avoids duplicates
        hashes.setdefault(content_hash(article.title, article.paragraphs), path)
    return hashes


def command_add(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here, so that the other commands never load the HTTP client and feed parser.
    from .canonical import canonical_path, canonical_text
    from .cleaning import content_hash
    from .feeds import DEFAULT_FEEDS_NAME, add_from_web, is_web_address, load_feeds
    from .writing import write_if_changed

    dest: Path = args.dest or settings.sources
    urls = [target for target in args.paths if is_web_address(target)]
    paths = [Path(target) for target in args.paths if not is_web_address(target)]
    feeds = []
    if args.feeds or args.feeds_file:
        feeds_file = args.feeds_file or (args.config.parent if args.config else Path(".")) / DEFAULT_FEEDS_NAME
        feeds = load_feeds(feeds_file)  # a bad feeds.yml stops the command before anything is fetched
        if not feeds:
            print(f"note: {feeds_file} lists no feeds", file=sys.stderr)
    elif not (urls or paths):
        print("error: nothing to add — name files, folders or URLs, or pass --feeds", file=sys.stderr)
        return EXIT_UNUSABLE
    known = _existing_hashes(dest, settings) if paths else {}
    added = skipped = 0
    failures: list[SourceError] = []
    for article in _read_each(paths, settings, failures):
        path = article.path
        _report_warnings(article)
        digest = content_hash(article.title, article.paragraphs)
        if digest in known:
            print(f"skipped {path}: already in sources as {known[digest]}")
            skipped += 1
            continue
        target = dest / canonical_path(article)
        counter = 2
        while target.exists():  # another article with the same date and title
            target = target.with_name(f"{target.stem.rsplit('--', 1)[0]}--{counter}.md")
            counter += 1
        write_if_changed(target, canonical_text(article))
        known[digest] = target
        added += 1
        print(f"added {path} → {target}")
    if paths:
        print(f"{added} added, {skipped} already present, {len(failures)} failed")
    web_failed = bool((urls or feeds) and add_from_web(urls, feeds, dest, settings).failures)
    return EXIT_SOURCE_FAILED if failures or web_failed else EXIT_OK


def command_events(args: argparse.Namespace, settings: Settings) -> int:
    from .build import read_and_group
    from .content import brief
    from .describe import describe_event

    report, grouped, _ = read_and_group(settings)
    for error in report.errors:
        _report_error(error)
    if args.json:
        briefings = [brief(event, settings.summary_sentences, settings.languages) for event in grouped.events]
        data = [describe_event(b.event, b) for b in briefings]
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        for event in grouped.events:
            story = f"  [{event.story_id}]" if event.story_id else ""
            print(f"{event.id}{story}")
            for article in event.articles:
                print(f"    {article.id}")
    return EXIT_SOURCE_FAILED if report.errors else EXIT_OK


def command_explain(args: argparse.Namespace, settings: Settings) -> int:
    """Why an article joined its event: the scores of the events it was compared with."""
    from .build import read_and_group

    _, grouped, _ = read_and_group(settings, explain=True)
    wanted = args.article.resolve()
    known = [a.id for e in grouped.events for a in e.articles] + list(grouped.duplicates)
    article_id = next((i for i in known if (settings.sources / i).resolve() == wanted), args.article.as_posix())
    if article_id in grouped.duplicates:
        print(f"{article_id} is a copy of {grouped.duplicates[article_id]} (same text); it is listed with it.")
        return EXIT_OK
    event = next((e for e in grouped.events if any(a.id == article_id for a in e.articles)), None)
    if event is None:
        print(f"error: {args.article}: not a source of any event (check the path under {settings.sources})", file=sys.stderr)
        return EXIT_SOURCE_FAILED
    threshold = settings.event_threshold
    print(f"{article_id}\n  event: {event.id}")
    candidates = grouped.explanations.get(article_id, [])
    if not candidates:
        print("  no open event shared its terms or names within the time window: it opened a new event")
    else:
        print(f"  candidates (score = {1 - settings.entity_weight:.2f}×text + {settings.entity_weight:.2f}×names;"
              f" it joins the best with score ≥ {threshold} and alike ≥ the bar:")
        print(f"  {settings.cohesion_share} × how alike the event's reports are to each other,"
              f" {settings.first_report_share} × its neighbours' for an event of one report):")
        for event_id, candidate in candidates:
            print(f"    {candidate.score:.3f}  text {candidate.text:.3f}  names {candidate.entities:.3f}"
                  f"  alike {candidate.alike:.3f} (≥ {candidate.alike_needed:.3f})  {event_id}")
            if candidate.other_actors:
                own, theirs = candidate.other_actors
                print(f"      other actors: it names {own!r} {settings.main_name_mentions}+ times and the event"
                      f" never; the event's reports name {theirs!r} and it never")
        if not any(c.score >= threshold and c.can_join for _, c in candidates):
            print("  none reached the threshold, was alike enough and had its actors: it opened a new event")
    for note in event.notes:
        print(f"  note: {note}")
    return EXIT_OK


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefings",
        description="Turn news articles into a website of per-event briefings.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", type=Path, help="settings file (default: ./briefings.yml)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_parser = commands.add_parser("build", help="generate briefings/ from sources/")
    build_parser.add_argument("--sources", type=Path, help="source folder (overrides briefings.yml)")
    build_parser.add_argument("--out", type=Path, help="output folder (overrides briefings.yml)")
    build_parser.add_argument(
        "--accept-edits", action="store_true",
        help="you brought your edited sections up to date: stop the 'may be stale' notes about them",
    )
    build_parser.add_argument(
        "--wait", type=float, default=DEFAULT_WAIT, metavar="SECONDS",
        help=f"how long to wait for another build of the same folder (default {DEFAULT_WAIT:g})",
    )
    build_parser.set_defaults(handler=command_build)

    check_parser = commands.add_parser(
        "check", help="fail when briefings/ is not what `build` would write (for CI; writes nothing)"
    )
    check_parser.add_argument("--sources", type=Path, help="source folder (overrides briefings.yml)")
    check_parser.add_argument("--out", type=Path, help="output folder (overrides briefings.yml)")
    check_parser.add_argument(
        "--wait", type=float, default=DEFAULT_WAIT, metavar="SECONDS",
        help=f"how long to wait for a build of the same folder to finish (default {DEFAULT_WAIT:g})",
    )
    check_parser.set_defaults(handler=command_check)

    add_parser = commands.add_parser("add", help="turn raw article files, web pages and feeds into canonical sources")
    add_parser.add_argument(
        "paths", nargs="*", metavar="PATH|URL",
        help=".txt, .md or .html files or folders; article page or feed (RSS, Atom, JSON Feed) URLs",
    )
    add_parser.add_argument("--dest", type=Path, help="where to write (default: the sources folder)")
    add_parser.add_argument("--feeds", action="store_true", help="add the new entries of every feed in feeds.yml")
    add_parser.add_argument("--feeds-file", type=Path, metavar="PATH", help="the feeds file (default: feeds.yml beside briefings.yml; implies --feeds)")
    add_parser.set_defaults(handler=command_add)

    events_parser = commands.add_parser("events", help="print the grouping into events and stories (writes nothing)")
    events_parser.add_argument("--sources", type=Path, help="source folder (overrides briefings.yml)")
    events_parser.add_argument("--out", type=Path, help="published pages whose event ids are kept")
    events_parser.add_argument("--json", action="store_true", help="a JSON list of events")
    events_parser.set_defaults(handler=command_events)

    explain_parser = commands.add_parser("explain", help="why an article joined its event")
    explain_parser.add_argument("article", type=Path, metavar="ARTICLE", help="a source file")
    explain_parser.add_argument("--sources", type=Path, help="source folder (overrides briefings.yml)")
    explain_parser.set_defaults(handler=command_explain)

    inspect_parser = commands.add_parser("inspect", help="show how files are read and cleaned")
    inspect_parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    inspect_parser.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    inspect_parser.set_defaults(handler=command_inspect)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        settings = load_settings(
            args.config, sources=getattr(args, "sources", None), out=getattr(args, "out", None)
        )
        return args.handler(args, settings)
    except BriefingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:  # `briefings events | head`: the reader left, not an error
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

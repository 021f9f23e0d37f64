"""Cleaning: RawDocument → Article.

Scraped pages carry the site around the story: breadcrumbs glued to the title,
datelines, "date … Updated …" headers, bylines, comment forms, "Most Popular"
lists, syndication disclaimers. The cleaner reads the head of the page for
metadata, cuts the tail of page chrome, lifts out an FAQ block, and keeps
every real paragraph verbatim. Metadata a person wrote (front matter) always
wins over anything guessed from the text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .dates import coerce_datetime, implausibility, parse_date
from .errors import SourceError
from .model import Article, FaqPair, Problem, RawDocument
from .text import normalise_line, split_sentences, word_count


def _full_line(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(patterns) + r")$", re.IGNORECASE)


# Where the page's chrome begins after the article: everything from here is dropped.
FOOTER_START = _full_line(
    r"please enter your comment!?",
    r"please enter your name here",
    r"leave a (?:reply|comment)",
    r"most popular",
    r"most read",
    r"recent comments",
    r"recent posts",
    r"related (?:posts|articles|stories|news)",
    r"you may (?:also|have missed)(?: like)?:?",
    r"comments?\s*(?:\(\d+\))?",
)

# Single lines of chrome that can stand anywhere in the page.
RESIDUE = _full_line(
    r"source\s*:?",
    r"\(?\s*the story is published based on the data from a syndicated feed\b.*",
    r".*\bauto-generated from a syndicated feed\b.*",
    r"this site uses akismet to reduce spam\b.*",
    r"you have entered an incorrect email address!?.*",
    r"save my name, email, and website in this browser.*",
    r"share (?:this|this article|on \w+)\s*:?",
    r"advertisement",
    r"(?:also read|read more|read also)\s*:?",
    r"(?:follow|like) us on (?:twitter|facebook|x|instagram|linkedin|telegram)\b.*",
    r"(?:image|photo|picture) (?:credit|courtesy|source)s?\s*:.*",
    r"(?:home|world|news|politics|business|sports?|tech|technology|entertainment|opinion)",
)

_OUTLET_SIGNATURE = re.compile(r"^From the Desk of\s+(?P<outlet>.+?)\s*$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^By\s+(?P<author>[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|de|van|von|da|al|bin))*?)"
    r"(?:\s*(?:[|,\u2013\u2014-]|\band\b).*)?$"
)
_DATE_UPDATED = re.compile(r"^date\s*:?\s*(?P<published>.+?)\s+Updated\s*:?\s*(?P<updated>.+)$", re.IGNORECASE)
_LABELLED_DATE = re.compile(
    r"^(?P<label>date|published(?: on)?|posted(?: on)?|updated(?: on)?|last updated)\s*:?\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_DATELINE_HINT = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\b.*\b\d{4}\b|^\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
# "HomeWorld", "HomeBusiness": a breadcrumb trail glued to the headline.
_GLUED_BREADCRUMB = re.compile(
    r"^Home(?:World|News|Politics|Business|Sports?|Tech|Technology|Entertainment|Opinion|Asia|Europe"
    r"|Africa|Americas|US|UK|India|China|Health|Science|Economy|Markets|Lifestyle|Culture|Local)*"
    r"(?=[A-Z0-9\"'\u201c])"
)
_FAQ_HEADER = re.compile(r"^#*\s*(?:FAQs?|Frequently Asked Questions)\s*:?$", re.IGNORECASE)
_QUESTION = re.compile(r"^(?:Q|Question)\s*[:.)]\s*(?P<text>.+)$", re.IGNORECASE)
_ANSWER = re.compile(r"^(?:A|Answer)\s*[:.)]\s*(?P<text>.+)$", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6}\s+")

# How many lines at the top may be page header (dateline, breadcrumb, title, byline).
HEADER_ZONE = 8
MAX_TITLE_WORDS = 30
DERIVED_TITLE_CHARS = 110

FRONT_MATTER_KEYS = {"title", "outlet", "url", "author", "published", "updated", "tags", "fetched_at", "language"}


@dataclass
class _Header:
    """What the top of a scraped page says about the article."""

    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: list[tuple[datetime, str]] = field(default_factory=list)
    updated: list[tuple[datetime, str]] = field(default_factory=list)


def _is_headline(line: str) -> bool:
    return 0 < word_count(line) <= MAX_TITLE_WORDS and not line.endswith((".", ":", ";", ","))


def _read_header(
    lines: list[str], languages: tuple[str, ...], tz: str, want_title: bool
) -> tuple[_Header, int]:
    """Parse the page header; return it and the index of the first body line.

    `want_title` is False when the title is already known (front matter, HTML
    metadata): then a short first line is body text, not a headline.
    """
    header = _Header()
    index = 0
    seen = 0
    while index < len(lines) and seen < HEADER_ZONE:
        line = lines[index]
        if not line:
            index += 1
            continue
        seen += 1
        if match := _DATE_UPDATED.match(line):
            for key, target in (("published", header.published), ("updated", header.updated)):
                value = match.group(key)
                if (moment := parse_date(value, languages, tz)) is not None:
                    target.append((moment, value))
        elif (match := _LABELLED_DATE.match(line)) and (moment := parse_date(match.group("value"), languages, tz)):
            target = header.updated if "updated" in match.group("label").lower() else header.published
            target.append((moment, match.group("value")))
        elif len(line) <= 60 and _DATELINE_HINT.search(line) and (moment := parse_date(line, languages, tz)):
            header.published.append((moment, line))
        elif (match := _BYLINE.match(line)) and word_count(line) <= 12:
            # A second byline (co-author, "By … | Staff") is header too, not the first paragraph.
            header.author = header.author or match.group("author")
        elif want_title and header.title is None and _is_headline(line) and not RESIDUE.match(line):
            header.title, index = _take_title(lines, index)
        else:
            break
        index += 1
    return header, index


def _take_title(lines: list[str], index: int) -> tuple[str, int]:
    """The headline at `index`, without a glued breadcrumb or its repetition.

    Returns the title and the index of the last line it used.
    """
    line = lines[index]
    following = next(((i, l) for i, l in enumerate(lines[index + 1 :], start=index + 1) if l), None)
    if following is not None:
        next_index, next_line = following
        # "HomeWorldPutin in Beijing…" followed by "Putin in Beijing…": the repeat is the title.
        if next_line != line and line.endswith(next_line) and word_count(next_line) >= 2:
            return next_line, next_index
        if next_line == line:
            return line, next_index
    return _GLUED_BREADCRUMB.sub("", line) or line, index


def _split_faq(lines: list[str]) -> tuple[list[str], list[FaqPair]]:
    """Body lines without the FAQ block, and the block's question/answer pairs."""
    body: list[str] = []
    pairs: list[FaqPair] = []
    question: str | None = None
    asked = ""  # the line `question` came from, kept whole if no answer follows
    in_block = False
    for line in lines:
        if _FAQ_HEADER.match(line):
            in_block = True
            continue
        if match := _QUESTION.match(line):
            if question is not None:
                body.append(asked)  # the previous question had no answer: keep it as text
            question, asked, in_block = match.group("text"), line, True
            continue
        if (match := _ANSWER.match(line)) and question is not None:
            pairs.append(FaqPair(question, match.group("text")))
            question = None
            continue
        if in_block and question is None and pairs:
            in_block = False
        if question is not None:
            # A question with no answer is kept as text (as written), not dropped.
            body.append(asked)
            question = None
        body.append(line)
    if question is not None:
        body.append(asked)
    return body, pairs


def _strip_chrome(lines: list[str], title: str | None) -> tuple[list[str], str | None]:
    """Drop residue lines and the page footer; return body lines and an outlet signature."""
    body: list[str] = []
    outlet = None
    repeated_title = None
    folded_title = title.casefold() if title is not None else None
    for line in lines:
        if match := _OUTLET_SIGNATURE.match(line):
            outlet = match.group("outlet")
            continue
        if FOOTER_START.match(line):
            if body:
                break
            continue
        if RESIDUE.match(line):
            continue
        heading = _MD_HEADING.sub("", line) if line.startswith("#") else line
        if folded_title is not None and heading.casefold() == folded_title:
            repeated_title = line
            continue  # the headline repeated inside the body
        body.append(line)
    if not body and repeated_title is not None:
        body.append(repeated_title)  # a one-sentence item: its headline is all the text there is
    return body, outlet


def _precedes(updated: datetime, published: datetime) -> bool:
    """Whether an update is dated before publication.

    Header dates are often date-only ("date 2025-09-24", read as midnight) next
    to a local time ("Updated Sep. 23, 2025 9:50 pm ET"), so calendar days as
    written are compared first; the clock only decides within one day.
    """
    if updated.date() != published.date():
        return updated.date() < published.date()
    return updated < published


def _choose_dates(
    header: _Header, path: Path
) -> tuple[datetime | None, datetime | None, list[Problem]]:
    """Publication and update dates from the header, with a warning when they contradict."""
    problems: list[Problem] = []
    published = min(header.published, default=None)
    updated = max(header.updated, default=None)
    if published and updated and _precedes(updated[0], published[0]):
        # An update cannot precede publication: the earlier date is the real one.
        problems.append(
            Problem(
                "date-conflict",
                f"header dates contradict: published '{published[1]}' but updated '{updated[1]}' "
                f"(earlier); kept {updated[0].date().isoformat()} as published",
            )
        )
        published, updated = updated, published
    if published is None and updated is not None:
        problems.append(Problem("published-from-updated", f"only an update date ('{updated[1]}') was found; used it as published"))
        published, updated = updated, None
    return (published[0] if published else None), (updated[0] if updated else None), problems


# What a dateline is made of: month and day names, times, zones, "updated", "posted"...
_DATELINE_WORDS = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"
    r"|\b(?:a\.?m\.?|p\.?m\.?|gmt|bst|utc|cet|cest|[ecmp][sd]t|updated|posted|published|last|at|on|article)\b"
    r"|\d+(?:st|nd|rd|th)?\b"
)


# A month or weekday name, a clock time or a numeric date: what makes digits a date.
_DATE_SHAPE = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
    r"|\d:\d\d|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b"
)


def is_only_a_date(title: str) -> bool:
    """True for a "headline" that holds nothing but a date, a time and dateline words."""
    rest = re.sub(r"[\W_]+", " ", _DATELINE_WORDS.sub(" ", title)).split()
    return not rest and bool(_DATE_SHAPE.search(title)) and any(ch.isdigit() for ch in title)


def _derive_title(paragraphs: list[str]) -> str:
    """A title from the lede's first sentence, cut at a word boundary when long.

    Paragraphs that open with nothing but a date (a dateline the scrape kept) are
    passed over while a later one says more.
    """
    openings = [split_sentences(paragraph)[0] for paragraph in paragraphs]
    sentence = next((s for s in openings if not is_only_a_date(s)), openings[0])
    if len(sentence) <= DERIVED_TITLE_CHARS:
        return sentence.rstrip(".")
    cut = sentence[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "\u2026"


def _shown(value: object, limit: int = 80, quote: bool = True) -> str:
    """A source's value inside a one-line message: one line, cut short."""
    text = repr(value) if quote else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _text_field(metadata: dict[str, object], key: str, path: Path) -> str | None:
    value = metadata.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise SourceError(path, f"front matter '{key}' must be text, got {type(value).__name__}", f"write '{key}: \"…\"'")
    text = normalise_line(str(value))
    return text or None


def content_hash(title: str, paragraphs: tuple[str, ...]) -> str:
    """A digest of what an article says: equal for byte-different copies of one text."""
    digest = hashlib.sha256()
    for part in (title, *paragraphs):
        digest.update(" ".join(part.casefold().split()).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def clean(
    document: RawDocument,
    article_id: str,
    *,
    languages: tuple[str, ...] = ("en",),
    default_timezone: str = "UTC",
    now: datetime | None = None,
) -> Article:
    """Turn a RawDocument into an Article, or raise SourceError saying why it can't be."""
    path = document.path
    metadata = document.metadata
    problems = list(document.problems)
    lines = [normalise_line(line) for line in document.lines]

    known_title = _text_field(metadata, "title", path)
    if document.format == "markdown" and known_title is not None and "published" in metadata:
        # Front matter names title and date (the canonical form): the body is all body,
        # so a first paragraph that looks like a dateline or byline is not taken away.
        header, body_start = _Header(), 0
    else:
        header, body_start = _read_header(lines, languages, default_timezone, want_title=known_title is None)
    title = known_title or header.title
    body, signature = _strip_chrome([l for l in lines[body_start:] if l], title)
    body, faq = _split_faq(body)
    if not body:
        raise SourceError(path, "no article text left after removing page boilerplate", "check that the file holds the article body")

    unknown = sorted(set(metadata) - FRONT_MATTER_KEYS)
    if unknown:
        problems.append(Problem("unknown-key", f"front matter keys not used: {_shown(', '.join(unknown), quote=False)}"))

    published, updated, date_problems = _choose_dates(header, path)
    if "published" in metadata:  # a person's front matter always wins
        published = coerce_datetime(metadata["published"], default_timezone, languages)
        if published is None:
            raise SourceError(path, f"front matter 'published' is not a date: {_shown(metadata['published'])}", "write it as 2025-03-04 or 2025-03-04T09:30:00+00:00")
        updated = None
    else:
        problems.extend(date_problems)
    if "updated" in metadata:
        updated = coerce_datetime(metadata["updated"], default_timezone, languages)
    if published is None:
        raise SourceError(path, "no publication date found", "add a dateline, or 'published: YYYY-MM-DD' in front matter")
    if reason := implausibility(published, now):
        raise SourceError(path, f"impossible publication {reason}", "correct the date in the file")
    if updated is not None and _precedes(updated, published):
        problems.append(Problem("date-conflict", f"updated {updated.date()} is before published {published.date()}; ignored the update date"))
        updated = None

    # (Kept when the text has nothing better either: reading the article back from its
    # canonical form must give the same title.)
    if title is not None and is_only_a_date(title) and body and not is_only_a_date(_derive_title(body)):
        # Scrapers often take the dateline for the headline ("Tuesday, May 24, 2005",
        # "21 July 2013 Last updated at 11:11 GMT"): a page titled so says nothing.
        problems.append(Problem("title-is-a-date", f"the headline {_shown(title)} is only a date; using the first sentence — give the article its real title"))
        title = None
    if title is None:
        title = _derive_title(body)
        problems.append(Problem("no-title", f"no headline found; using the first sentence: '{title}'"))
        # A paragraph that is the whole headline goes, as a repeated title does in _strip_chrome.
        body = [line for line in body if _MD_HEADING.sub("", line).casefold() != title.casefold()] or body[:1]
    outlet = _text_field(metadata, "outlet", path) or header.outlet or signature
    if outlet is None:
        problems.append(Problem("no-outlet", "no outlet named; add 'outlet:' to the front matter"))

    tags = metadata.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise SourceError(path, "front matter 'tags' must be a list of words", "write 'tags: [port, strike]'")

    return Article(
        id=article_id,
        path=path,
        title=title,
        outlet=outlet,
        url=_text_field(metadata, "url", path),
        author=_text_field(metadata, "author", path) or header.author,
        published=published,
        updated=updated,
        paragraphs=tuple(body),
        faq=tuple(faq),
        warnings=tuple(problems),
        tags=tuple(normalise_line(t) for t in tags if normalise_line(t)),
    )

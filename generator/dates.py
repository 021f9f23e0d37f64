"""Dates: header dates, plausibility, and relative dates in the body.

dateparser does the parsing. It costs ~1 ms a call restricted to one language
(~7 ms unrestricted), so ISO dates take a direct fast path, parsers are built
once per language set, and relative phrases are found by a cheap regex first
and resolved through a cache.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser
from dateparser.date import DateDataParser

# News published before this is almost certainly a mis-parsed date.
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=timezone.utc)
# A source may be dated slightly ahead of the build clock (time zones, embargoes).
FUTURE_SLACK = timedelta(days=2)

# Longer text is not a date as people write one; dateparser takes ~1 s per 100 kB of it.
MAX_DATE_CHARS = 120

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


@lru_cache(maxsize=8)
def _parser(languages: tuple[str, ...]) -> DateDataParser:
    return DateDataParser(languages=list(languages), settings={"PREFER_DAY_OF_MONTH": "first"})


@lru_cache(maxsize=8)
def zone(name: str) -> tzinfo:
    return timezone.utc if name.upper() == "UTC" else ZoneInfo(name)


def parse_date(text: str, languages: tuple[str, ...] = ("en",), default_timezone: str = "UTC") -> datetime | None:
    """A timezone-aware datetime from a date as people write it, or None.

    "2023-11-17", "Oct. 17, 2023 12:28 am ET", "Sunday, June 23, 2024" all parse;
    a date without a zone gets `default_timezone`.
    """
    text = text.strip().rstrip(".,;|")
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    if _ISO_DATE.match(text):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        data = _parser(languages).get_date_data(text)
        parsed = data.date_obj if data else None
        if parsed is None:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone(default_timezone))
    return parsed


def coerce_datetime(
    value: object, default_timezone: str = "UTC", languages: tuple[str, ...] = ("en",)
) -> datetime | None:
    """A front-matter date value (YAML may give date, datetime or str) as aware datetime."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        return parse_date(value, languages, default_timezone)
    else:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone(default_timezone))
    return parsed


def implausibility(moment: datetime, now: datetime | None = None) -> str | None:
    """Why a publication date cannot be right, or None when it can."""
    now = now or datetime.now(timezone.utc)
    if moment < EARLIEST_PLAUSIBLE:
        return f"date {moment.date().isoformat()} is before {EARLIEST_PLAUSIBLE.year}"
    if moment > now + FUTURE_SLACK:
        return f"date {moment.date().isoformat()} is in the future"
    return None


# --- relative dates in the body -------------------------------------------------

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)"
RELATIVE_PHRASE = re.compile(
    r"\b(?:"
    r"yesterday|today|tonight|tomorrow|this morning|this afternoon|this evening|last night"
    r"|(?:last|next|this) (?:week|month|year|weekend)"
    r"|" + _NUMBER + r" (?:days?|weeks?|months?|years?) ago"
    r"|(?:on |last |next |this )?(?:" + "|".join(_WEEKDAYS) + r")"
    r")\b",
    re.IGNORECASE,
)


def _weekday_on_or_before(weekday: int, base: date) -> date:
    # News style: "on Tuesday" in a Tuesday paper means that day, otherwise the
    # most recent one. dateparser would pick the previous week's, hence this rule.
    return base - timedelta(days=(base.weekday() - weekday) % 7)


# Words that put a sentence in the future: "are due to sign on Tuesday".
FUTURE_CUES = re.compile(
    r"\b(?:will|would|due to|is to|are to|expected to|plans? to|planned|scheduled|set to|intends? to|going to)\b",
    re.IGNORECASE,
)


def resolve_relative(
    phrase: str, base: date, languages: tuple[str, ...] = ("en",), future: bool = False
) -> date | None:
    """The calendar day a relative phrase means in an article published on `base`.

    `future` says the sentence speaks of what is to come, so a bare weekday
    ("on Tuesday") is the next one rather than the last.
    """
    return _resolve(phrase.lower(), base, languages, future)


# Phrases that move by whole days whatever the day they start from: dateparser
# is asked once per phrase, not once per phrase and publication date (it costs
# about a millisecond a call, and a big corpus has hundreds of thousands).
_SHIFT_INVARIANT = re.compile(r"(?:yesterday|tomorrow|(?:last|next|this) week|\S+ (?:days?|weeks?) ago)")
_ANCHOR = datetime(2001, 1, 10, 12, 0)  # any day would do


@lru_cache(maxsize=None)
def _days_from_base(lowered: str, languages: tuple[str, ...]) -> int | None:
    parsed = _parse_relative(lowered, _ANCHOR, languages)
    return (parsed - _ANCHOR.date()).days if parsed else None


def _parse_relative(lowered: str, relative_base: datetime, languages: tuple[str, ...]) -> date | None:
    prefer = "future" if lowered.startswith(("next", "tomorrow")) else "past"
    parsed = dateparser.parse(
        re.sub(r"^a ", "1 ", lowered),
        languages=list(languages),
        settings={"RELATIVE_BASE": relative_base, "PREFER_DATES_FROM": prefer},
    )
    return parsed.date() if parsed else None


@lru_cache(maxsize=65536)
def _resolve(lowered: str, base: date, languages: tuple[str, ...], future: bool) -> date | None:
    words = lowered.split()
    if words[-1] in _WEEKDAYS:
        weekday = _WEEKDAYS.index(words[-1])
        if future and words[0] not in {"last", "next"}:
            return base + timedelta(days=(weekday - base.weekday()) % 7)
        if words[0] == "next":
            return base + timedelta(days=(weekday - base.weekday()) % 7 or 7)
        if words[0] == "last":
            return base - timedelta(days=(base.weekday() - weekday) % 7 or 7)
        return _weekday_on_or_before(weekday, base)
    if lowered in {"today", "tonight", "this morning", "this afternoon", "this evening"}:
        return base
    if lowered == "last night":
        return base - timedelta(days=1)
    if _SHIFT_INVARIANT.fullmatch(lowered):
        days = _days_from_base(lowered, languages)
        return base + timedelta(days=days) if days is not None else None
    return _parse_relative(lowered, datetime(base.year, base.month, base.day, 12, 0), languages)


def find_relative_dates(text: str, base: date, languages: tuple[str, ...] = ("en",)) -> list[tuple[str, date]]:
    """Every relative-date phrase in `text` with the day it resolves to."""
    found = []
    future = bool(FUTURE_CUES.search(text))
    for match in RELATIVE_PHRASE.finditer(text):
        day = resolve_relative(match.group(0), base, languages, future)
        if day is not None:
            found.append((match.group(0), day))
    return found

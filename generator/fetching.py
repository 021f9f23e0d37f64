"""Fetching: one polite HTTP client for `briefings add URL|FEED`.

Politeness lives here so that no caller can forget it: a descriptive
User-Agent, robots.txt, a limit on requests in flight to one host, retries
that back off (and wait as long as a 429/503's Retry-After asks), conditional
requests whose validators (ETag, Last-Modified) are remembered across runs,
and caps on size, time and redirects. Whatever goes wrong with one URL ends
as a FetchError naming the URL and the reason, so the caller reports it and
goes on with the others.
"""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from enum import Enum
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import courlan
import httpx

from . import __version__
from .writing import write_if_changed

# The product token robots.txt groups are matched against, and the User-Agent sent.
ROBOTS_AGENT = "briefing-digest"
USER_AGENT = f"{ROBOTS_AGENT}/{__version__} (news briefing generator; python-httpx/{httpx.__version__})"
STATE_FILE = ".fetch-state.json"  # hidden, so never read as a source
STATE_VERSION = 1

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
JSON_FEED_TYPES = frozenset({"application/feed+json", "application/json"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
) | JSON_FEED_TYPES
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class Want(Enum):
    """What a request is for: it decides the Accept header and which answers are refused."""

    PAGE = "an HTML page"
    FEED = "a feed"
    PAGE_OR_FEED = "an HTML page or a feed"
    ANYTHING = "anything"

    @property
    def media_types(self) -> frozenset[str] | None:
        return {Want.PAGE: HTML_TYPES, Want.FEED: FEED_TYPES, Want.PAGE_OR_FEED: HTML_TYPES | FEED_TYPES}.get(self)

    @property
    def accept(self) -> str:
        page = "text/html, application/xhtml+xml;q=0.9"
        feed = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9"
        return {
            Want.PAGE: f"{page}, */*;q=0.1",
            Want.FEED: f"{feed}, */*;q=0.1",
            Want.PAGE_OR_FEED: f"{page}, {feed}, */*;q=0.1",
        }.get(self, "*/*")


@dataclass(frozen=True)
class FetchPolicy:
    """How hard and how politely to try. Tests shrink the times; the CLI uses the defaults."""

    timeout: float = 20.0  # seconds to connect, and at most between two reads
    max_seconds: float = 120.0  # for one whole answer, however slowly it trickles in
    retries: int = 3  # further attempts after a 5xx, a 429, a timeout or a dropped connection
    backoff: float = 2.0  # pause before the first retry; doubles for each one after
    max_backoff: float = 60.0
    max_retry_after: float = 300.0  # a server asking to wait longer is given up on, not hammered
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    per_host: int = 2  # requests in flight to one host at once
    workers: int = 8  # requests in flight in all
    robots_ttl: timedelta = timedelta(hours=24)  # RFC 9309: re-read robots.txt at least daily
    user_agent: str = USER_AGENT
    trust_env: bool = True  # honour HTTP(S)_PROXY / NO_PROXY from the environment
    sleep: Callable[[float], None] = time.sleep

    def pause(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (1, 2, …) when the server named none."""
        return min(self.max_backoff, self.backoff * 2 ** (attempt - 1))


class FetchError(Exception):
    """One URL that could not be fetched, and why.

    `transient` failures (timeouts, 5xx, 429, dropped connections) may well work
    on the next run; the others (404, not HTML, too large, robots.txt) will not.
    """

    def __init__(self, url: str, reason: str, *, transient: bool = False, status: int | None = None) -> None:
        self.url = url
        self.reason = reason
        self.transient = transient
        self.status = status
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class Fetched:
    """An answer worth reading: 2xx with its body, or 304 (nothing new) without one."""

    url: str  # where it came from, after redirects
    status: int
    media_type: str = ""
    charset: str | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def is_html(self) -> bool:
        return self.media_type in HTML_TYPES


# --- URLs ---------------------------------------------------------------------------------


def is_web_address(text: str) -> bool:
    return urlsplit(text.strip()).scheme.lower() in {"http", "https"}


def normalise_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, no
    fragment, no tracking parameters (utm_*, fbclid, gclid…), sorted query.

    courlan (trafilatura's URL library) does all but the fragment.
    """
    try:
        cleaned = courlan.normalize_url(url.strip())
    except ValueError:  # a port that is not a number, and such: keep it as written
        cleaned = url.strip()
    parts = urlsplit(cleaned)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _media_type(header: str | None) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset="UTF-8"'."""
    if not header:
        return "", None
    kind, *parameters = header.split(";")
    charset = None
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds from `now` (it may be a number or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - now).total_seconds())


# --- what is remembered between runs ---------------------------------------------------------


@dataclass
class FetchState:
    """sources/.fetch-state.json: validators for conditional requests, and robots.txt files.

    It is committed with the sources, so CI's scheduled runs ask "anything new
    since this ETag?" instead of downloading every feed again.
    """

    validators: dict[str, dict[str, str]] = field(default_factory=dict)  # normalised URL → etag, last_modified
    robots: dict[str, dict[str, str]] = field(default_factory=dict)  # origin → rules, checked, etag, last_modified
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def from_json(cls, text: str) -> FetchState:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise ValueError(f"not a version {STATE_VERSION} fetch state")
        return cls(validators=dict(data.get("validators", {})), robots=dict(data.get("robots", {})))

    def to_json(self) -> str:
        with self._lock:
            data = {"version": STATE_VERSION, "validators": self.validators, "robots": self.robots}
            return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    def conditional_headers(self, url: str) -> dict[str, str]:
        with self._lock:
            known = self.validators.get(normalise_url(url), {})
        headers = {}
        if "etag" in known:
            headers["If-None-Match"] = known["etag"]
        if "last_modified" in known:
            headers["If-Modified-Since"] = known["last_modified"]
        return headers

    def remember(self, url: str, fetched: Fetched) -> None:
        """Keep the validators of `url`'s answer for the next run (forget them if it sent none)."""
        if fetched.not_modified:
            return
        validators = {"etag": fetched.etag, "last_modified": fetched.last_modified}
        validators = {key: value for key, value in validators.items() if value}
        with self._lock:
            if validators:
                self.validators[normalise_url(url)] = validators
            else:
                self.validators.pop(normalise_url(url), None)

    def forget(self, url: str) -> None:
        with self._lock:
            self.validators.pop(normalise_url(url), None)

    def robots_entry(self, origin: str) -> dict[str, str]:
        with self._lock:
            return dict(self.robots.get(origin, {}))

    def set_robots_entry(self, origin: str, entry: dict[str, str]) -> None:
        with self._lock:
            self.robots[origin] = entry


def load_state(path: Path) -> tuple[FetchState, str | None]:
    """The state in `path` (empty when there is none), and a note when it had to be discarded."""
    try:
        return FetchState.from_json(path.read_text(encoding="utf-8")), None
    except FileNotFoundError:
        return FetchState(), None
    except (OSError, ValueError, TypeError) as error:
        # Only a cache: losing it costs one unconditional request per feed.
        return FetchState(), f"{path}: unreadable fetch state ({error}); starting afresh"


def save_state(path: Path, state: FetchState) -> bool:
    return write_if_changed(path, state.to_json())


# --- the client ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Attempt:
    """One request's outcome: an answer to keep, a redirect to follow, or an error status."""

    status: int
    fetched: Fetched | None = None
    location: str | None = None
    reason_phrase: str = ""
    retry_after: str | None = None


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _describe(attempt: _Attempt) -> str:
    return f"HTTP {attempt.status} {attempt.reason_phrase}".strip()


class Fetcher:
    """The one HTTP client of a run. Thread-safe: feed entries are fetched in parallel."""

    def __init__(
        self,
        policy: FetchPolicy,
        state: FetchState,
        now: datetime,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy
        self.state = state
        self.now = now
        self._client = httpx.Client(
            headers={"User-Agent": policy.user_agent},
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,  # followed by hand: robots.txt and loops are checked at each hop
            limits=httpx.Limits(max_connections=policy.workers * 2, max_keepalive_connections=policy.workers),
            trust_env=policy.trust_env,
            transport=transport,
        )
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        # origin → its rules, or why they could not be read (then nothing is fetched from it this run)
        self._robots: dict[str, RobotFileParser | str] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # --- public ---------------------------------------------------------------------------

    def get(self, url: str, want: Want, *, conditional: bool = False) -> Fetched:
        """GET `url`, politely. Returns a 2xx answer (or a 304 when `conditional`); raises FetchError."""
        if not is_web_address(url):
            raise FetchError(url, "not an http or https address")
        headers = {"Accept": want.accept}
        if conditional:
            headers.update(self.state.conditional_headers(url))
        return self._follow(url, want, headers, obey_robots=True)

    # --- redirects and robots.txt ------------------------------------------------------------

    def _follow(self, url: str, want: Want, headers: dict[str, str], *, obey_robots: bool) -> Fetched:
        chain = [url]
        while True:
            current = chain[-1]
            if obey_robots and not self._allowed(current):
                where = "" if current == url else f" (redirected to {current})"
                raise FetchError(url, f"disallowed by robots.txt{where}")
            attempt = self._with_retries(current, want, headers)
            if attempt.location is None:
                assert attempt.fetched is not None
                return attempt.fetched
            target = urljoin(current, attempt.location)
            if not is_web_address(target):
                raise FetchError(url, f"redirected to {target}, which is not an http or https address")
            if normalise_url(target) in {normalise_url(hop) for hop in chain}:
                raise FetchError(url, "redirect loop: " + " → ".join([*chain, target]))
            if len(chain) > self.policy.max_redirects:
                raise FetchError(url, f"more than {self.policy.max_redirects} redirects")
            chain.append(target)

    def _allowed(self, url: str) -> bool:
        origin = _origin(url)
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one download of a host's robots.txt, however many threads ask
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, str):
            raise FetchError(url, rules, transient=True)
        return rules.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, origin: str) -> RobotFileParser | str:
        cached = self.state.robots_entry(origin)
        try:
            fresh = datetime.fromisoformat(cached["checked"]) + self.policy.robots_ttl > self.now
        except (KeyError, TypeError, ValueError):
            fresh = False
        if fresh:
            rules = cached.get("rules", "")
        else:
            try:
                rules = self._download_robots(origin, cached)
            except FetchError as error:
                # RFC 9309: an unreachable robots.txt means "assume everything is disallowed".
                return f"robots.txt could not be read, so nothing is fetched from this host: {error.reason}"
        parser = RobotFileParser()
        parser.parse(rules.splitlines())
        return parser

    def _download_robots(self, origin: str, cached: dict[str, str]) -> str:
        url = f"{origin}/robots.txt"
        headers = {"Accept": "text/plain, */*;q=0.1"}
        if "rules" in cached:
            headers.update({"If-None-Match": cached["etag"]} if "etag" in cached else {})
            headers.update({"If-Modified-Since": cached["last_modified"]} if "last_modified" in cached else {})
        try:
            fetched: Fetched | None = self._follow(url, Want.ANYTHING, headers, obey_robots=False)
        except FetchError as error:
            if error.status is None or not 400 <= error.status < 500 or error.status == 429:
                raise
            fetched = None  # RFC 9309: no robots.txt (4xx) means no restrictions
        if fetched is not None and fetched.not_modified:
            rules = cached.get("rules", "")
            entry = {**cached, "checked": self.now.isoformat()}
        else:
            rules = fetched.body.decode("utf-8", errors="replace") if fetched else ""
            entry = {"rules": rules, "checked": self.now.isoformat()}
            if fetched and fetched.etag:
                entry["etag"] = fetched.etag
            if fetched and fetched.last_modified:
                entry["last_modified"] = fetched.last_modified
        self.state.set_robots_entry(origin, entry)
        return rules

    # --- retries -----------------------------------------------------------------------------

    def _with_retries(self, url: str, want: Want, headers: dict[str, str]) -> _Attempt:
        """One URL (no redirects followed), tried again after 5xx, 429, timeouts and dropped connections."""
        policy = self.policy
        for number in range(1, policy.retries + 2):
            status: int | None = None
            wait: float | None = None
            try:
                attempt = self._attempt(url, want, headers)
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
                raise FetchError(url, f"not a valid web address ({error})") from None
            except httpx.TimeoutException:
                problem = f"timed out: no answer within {policy.timeout:g} s"
            except httpx.TransportError as error:
                problem = f"connection failed ({error or type(error).__name__})"
            except httpx.HTTPError as error:  # e.g. a body that does not decompress: trying again won't help
                raise FetchError(url, f"unreadable answer ({error or type(error).__name__})") from None
            else:
                if not _retryable(attempt.status):
                    if attempt.fetched is None and attempt.location is None:  # 4xx, or a 3xx going nowhere
                        raise FetchError(url, _describe(attempt), status=attempt.status)
                    return attempt
                status, problem = attempt.status, _describe(attempt)
                wait = retry_after_seconds(attempt.retry_after, datetime.now(timezone.utc))
                if wait is not None and wait > policy.max_retry_after:
                    # Asking again sooner than the server allows would be rude; a later run will.
                    reason = f"{problem}: the server asks to wait {wait:g} s, longer than the {policy.max_retry_after:g} s limit"
                    raise FetchError(url, reason, transient=True, status=status)
            if number <= policy.retries:
                policy.sleep(wait if wait is not None else policy.pause(number))
        attempts = f"{number} attempt{'s' if number > 1 else ''}"
        raise FetchError(url, f"{problem} ({attempts})", transient=True, status=status)

    @contextmanager
    def _slot(self, url: str) -> Iterator[None]:
        """At most `per_host` requests in flight to one host."""
        host = urlsplit(url).netloc.lower()
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.policy.per_host))
        with slot:
            yield

    def _attempt(self, url: str, want: Want, headers: dict[str, str]) -> _Attempt:
        with self._slot(url), self._client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status in REDIRECTS and "location" in response.headers:
                return _Attempt(status, location=response.headers["location"])
            if status == 304:
                return _Attempt(status, fetched=Fetched(url=url, status=304))
            if not 200 <= status < 300:
                return _Attempt(status, reason_phrase=response.reason_phrase, retry_after=response.headers.get("retry-after"))
            media_type, charset = _media_type(response.headers.get("content-type"))
            accepted = want.media_types
            if accepted is not None and media_type not in accepted:
                answered = media_type or "with no Content-Type"
                raise FetchError(url, f"not {want.value}: the server answered {answered}")
            body = self._read_capped(url, response)
            return _Attempt(
                status,
                fetched=Fetched(
                    url=url,
                    status=status,
                    media_type=media_type,
                    charset=charset,
                    body=body,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                ),
            )

    def _read_capped(self, url: str, response: httpx.Response) -> bytes:
        """The body, refused as soon as it is known to exceed the limit (never read whole first)."""
        limit = self.policy.max_bytes
        too_large = FetchError(url, f"larger than the {limit:,}-byte limit")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        deadline = time.monotonic() + self.policy.max_seconds
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():  # decompressed: a gzip bomb hits the limit too
            size += len(chunk)
            if size > limit:
                raise too_large
            if time.monotonic() > deadline:
                raise FetchError(url, f"took longer than {self.policy.max_seconds:g} s to download", transient=True)
            chunks.append(chunk)
        return b"".join(chunks)

"""Feeds of the latest briefings: RSS 2.0 (`feed.xml`) and JSON Feed 1.1 (`feed.json`).

Written into the docs folder next to the pages; MkDocs copies them into the site
as they are. Links are absolute, from `site_url` in mkdocs.yml (the `mkdocs_file`
setting); without a `site_url` no feed is written (a feed needs absolute links).

Source text is untrusted: the RSS is rendered by a Jinja2 environment of its own
with autoescape on (every value XML-escaped, characters XML forbids dropped), and
the JSON Feed is made by `json.dumps`, never by string formatting. The output is a
pure function of the briefings (no build time in it), so a rebuild changes no byte.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Iterable, Protocol
from urllib.parse import quote, urljoin

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

RSS_PATH = "feed.xml"
JSON_PATH = "feed.json"
# Characters XML 1.0 does not allow at all (escaping cannot help): dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class _Listed(Protocol):  # content.Briefing or merging.Listing
    event: object
    lede: object


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may use MkDocs' own tags (`!ENV`, `!!python/name:`): read them as nothing."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_url(mkdocs_file: Path) -> str | None:
    """`site_url` from mkdocs.yml, ending in "/" (None when the file or the key is missing)."""
    try:
        config = yaml.load(mkdocs_file.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    url = config.get("site_url") if isinstance(config, dict) else None
    if not isinstance(url, str) or not re.match(r"^https?://[^\s<>\"']+$", url.strip()):
        return None
    return url.strip().rstrip("/") + "/"


def page_url(base: str, page: str) -> str:
    """The public URL of a docs page (MkDocs' directory URLs: a/b.md → a/b/)."""
    path = page.removesuffix(".md")
    path = path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"
    return urljoin(base, quote(path))


def xml_text(value: object) -> str:
    """Text as XML allows it (escaping is autoescape's job): forbidden characters dropped."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def make_feed_environment(templates: Path) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,  # XML: every value escaped (& < > " ')
        finalize=lambda value: "" if value is None else (value if isinstance(value, Markup) else xml_text(value)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(rfc822=lambda moment: format_datetime(moment.astimezone(timezone.utc)))
    return environment


def feed_items(latest: Iterable[_Listed], base: str, path_of: dict[str, str]) -> list[dict[str, object]]:
    """One item per briefing, in the order given (newest first)."""
    items = []
    for briefing in latest:
        event = briefing.event
        start: datetime = event.start if event.start.tzinfo else event.start.replace(tzinfo=timezone.utc)
        items.append(dict(
            id=event.id,
            title=xml_text(event.title),
            url=page_url(base, path_of[event.id]),
            date=start,
            summary=xml_text(briefing.lede.text),
            tags=[xml_text(tag) for tag in getattr(briefing, "tags", ()) or ()],
        ))
    return items


def render_feeds(
    environment: Environment, latest: list[_Listed], path_of: dict[str, str], *, base: str, title: str, description: str
) -> dict[str, str]:
    """{"feed.xml": RSS 2.0, "feed.json": JSON Feed 1.1} of `latest` (newest first)."""
    items = feed_items(latest, base, path_of)
    updated = max((item["date"] for item in items), default=None)
    rss = environment.get_template("feed.xml.j2").render(
        title=xml_text(title), description=xml_text(description), home=base, self_url=urljoin(base, RSS_PATH),
        updated=updated, items=items,
    )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": base,
        "feed_url": urljoin(base, JSON_PATH),
        "description": description,
        "language": "en",
        "items": [
            {
                "id": item["url"],
                "url": item["url"],
                "title": item["title"],
                "summary": item["summary"],
                "content_text": item["summary"],
                "date_published": item["date"].isoformat(),  # type: ignore[union-attr]
                **({"tags": item["tags"]} if item["tags"] else {}),
            }
            for item in items
        ],
    }
    return {RSS_PATH: rss, JSON_PATH: json.dumps(feed, ensure_ascii=False, indent=2) + "\n"}

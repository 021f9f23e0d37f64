"""Rendering: Briefing → Markdown text, through the Jinja2 templates in templates/.

Source text is untrusted. The environment escapes every value a template
prints (HTML specials and Markdown syntax) unless the template marks it as
already-made Markdown, so a template cannot forget to escape: safe is the
default, not a filter to remember. Front matter is produced by
`yamltext.dump` (a safe dumper), never by string formatting.
"""

from __future__ import annotations

import re
from functools import lru_cache
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import yamltext

# Characters that are Markdown syntax wherever they stand. `#` too: trailing
# hashes close an ATX heading, so "C#" in a heading would lose its "#".
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]{}#])")
# C0 controls: STX/ETX delimit Python-Markdown's placeholders for stashed HTML.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Characters that are syntax only at the start of a line (lists, headings,
# quotes, admonitions `!!!`, details `???`, tabs `===`, snippets `--8<--`).
_LEADING_SPECIALS = re.compile(r"^([-+#=!?:~.])|^(\d+)([.)])")
# Python-Markdown's backslash escapes cover only some punctuation; these others
# become numeric character references, which every Markdown renderer honours
# ("^": after a link's "[" it would make "[^x]:", a footnote definition).
_HTML_SPECIALS = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "^": "&#94;"}
_HTML_TABLE = str.maketrans(_HTML_SPECIALS)
_ENTITY_ESCAPES = {"=": "&#61;", "?": "&#63;", ":": "&#58;", "~": "&#126;"}


def escape_markdown(value: object) -> Markup:
    """`value` as literal text in Markdown: no markup, link, HTML or extension syntax survives.

    Only the characters that can start syntax are escaped, and a backslash
    before punctuation renders as the bare character, so the text reads the
    same on the page. Line breaks become spaces: one value, one line, so text
    cannot open a block (heading, fence, admonition, front matter) of its own.
    """
    if isinstance(value, Markup):
        return value
    return _escape_text(str(value))


@lru_cache(maxsize=65536)
def _escape_text(text: str) -> Markup:
    # Cached: names, outlets and dates are escaped thousands of times in a build.
    text = " ".join(_CONTROL.sub("", text).split())
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    text = text.translate(_HTML_TABLE)
    return Markup(_LEADING_SPECIALS.sub(_escape_leading, text))


def _escape_leading(match: re.Match[str]) -> str:
    if match.group(2):  # "1. " would start an ordered list
        return match.group(2) + "\\" + match.group(3)
    char = match.group(1)
    return _ENTITY_ESCAPES.get(char, "\\" + char)


def _finalize(value: object) -> object:
    # Runs on every {{ … }} output: escaping is the default.
    if value is None:
        return ""
    return escape_markdown(value)


def long_date(value: date | datetime) -> str:
    """23 June 2024: unambiguous for readers everywhere."""
    return f"{value.day} {value:%B %Y}"


def long_iso_date(value: str) -> str:
    """An ISO date string as "6 March 2025"."""
    return long_date(date.fromisoformat(value))


def short_date(value: date | datetime) -> str:
    return f"{value.day} {value:%b %Y}"


def iso_date(value: date | datetime) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def url_target(url: str | None) -> Markup | None:
    """A link target only for http(s) URLs; anything else (javascript:, data:) is dropped."""
    if not url or not re.match(r"^https?://[^\s<>()\"'|\\`]+$", url):
        return None
    return Markup(url)


def groupby_month(items: list, attribute: str = "event.start") -> list[tuple[str, list]]:
    """Consecutive items grouped under "June 2024" labels, order kept."""
    groups: list[tuple[str, list]] = []
    for item in items:
        moment = item
        for name in attribute.split("."):
            moment = getattr(moment, name)
        label = f"{moment:%B %Y}"
        if groups and groups[-1][0] == label:
            groups[-1][1].append(item)
        else:
            groups.append((label, [item]))
    return groups


# Front-matter keys that hold identifiers the build reads back (never shown by the theme).
IDENTIFIER_KEYS = frozenset({"event", "story", "entity", "type", "sources", "copies", "generator", "date", "hide", "updates"})
_HTML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def as_html_text(value: object) -> object:
    if isinstance(value, str):
        return value.translate(_HTML_TEXT)
    if isinstance(value, (list, tuple)):
        return [as_html_text(item) for item in value]
    if isinstance(value, dict):
        return {key: as_html_text(item) for key, item in value.items()}
    return value


def front_matter(data: dict[str, object]) -> Markup:
    """A YAML front matter block from plain data (safe_dump quotes whatever needs it).

    MkDocs and Material print front-matter values into the HTML unescaped
    (`title` in <title>, the header and tag listings, `description` in a meta
    attribute, `tags` in tag links), so every text value except the
    IDENTIFIER_KEYS is written as HTML text: `&`, `<`, `>` and `"` as entities.
    """
    data = {key: value if key in IDENTIFIER_KEYS else as_html_text(value) for key, value in data.items()}
    text = yamltext.dump(data)
    return Markup("---\n" + text + "---\n")


def make_environment(templates: Path) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=False,  # Markdown, not HTML: escaping is done by _finalize
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        long_date=long_date,
        long_iso_date=long_iso_date,
        short_date=short_date,
        iso_date=iso_date,
        url_target=url_target,
        front_matter=front_matter,
        groupby_month=groupby_month,
        md=escape_markdown,
    )
    return environment


def render(environment: Environment, template: str, **context: object) -> str:
    text = environment.get_template(template).render(**context)
    # Stable bytes whatever the template's whitespace: no trailing spaces, at
    # most one blank line in a row, exactly one final newline.
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"

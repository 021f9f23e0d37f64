"""Provenance: check that every cited claim on a page occurs verbatim in its source.

A page cites with footnotes: `claim[^2]`, and `[^2]: … Source file: PATH.`
This module reads a generated page back, pairs each claim with the source it
cites, and reports any claim that the source does not contain word for word
(white space aside). It reads only the page and the sources, so it checks what
readers see, not what the generator meant to write.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .model import Article

_FOOTNOTE_DEFINITION = re.compile(r"^\[\^(\d+)\]: .*?Source file: (?P<path>.+?)\.(?: Also published|$)", re.M)
_MARKER = re.compile(r"\[\^(\d+)\]")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_ATTRIBUTION = re.compile(r"^>\s*—")
_SMALL = re.compile(r"<small>.*?</small>")


@dataclass(frozen=True)
class Claim:
    text: str
    source: str  # the cited source file, as the page names it
    line: int


def unescape(markdown_text: str) -> str:
    """The literal text behind our escaped Markdown."""
    return " ".join(html.unescape(_ESCAPE.sub(r"\1", markdown_text)).split())


def _claim_text(line: str, before_marker: str, previous_lines: list[str]) -> str:
    if _ATTRIBUTION.match(line):
        # "> — Speaker, Outlet, date[^n]": the claim is the quote above it.
        quote = next((l for l in reversed(previous_lines) if l.startswith("> “")), "")
        return quote[2:].strip().removeprefix("“").removesuffix("”")
    text = before_marker
    if text.lstrip().startswith("|"):
        text = text.rsplit("|", 1)[-1]  # a table cell
    text = re.sub(r"^\s*-\s+\*\*.*?\*\*\s+\(.*?\):\s*", "", text)  # "- **Outlet** (date): "
    text = re.sub(r"^\s*-\s+", "", text)  # a list item (an update's new sentences)
    text = re.sub(r"^“(.*)”(?:\s+—\s+.*)?$", r"\1", text.strip())  # “quote” — Speaker
    return text.strip()


def claims_on(page: str) -> list[Claim]:
    """Every cited claim on a page, with the source file its footnote names."""
    sources = {m.group(1): unescape(m.group("path")) for m in _FOOTNOTE_DEFINITION.finditer(page)}
    claims: list[Claim] = []
    lines = page.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("[^") or line.startswith("---") or not _MARKER.search(line):
            continue
        cursor = 0
        clean_line = _SMALL.sub("", line)
        for match in _MARKER.finditer(clean_line):
            segment = clean_line[cursor : match.start()]
            cursor = match.end()
            if not segment.strip() and claims and claims[-1].line == number:
                # Several markers after one claim: the claim is cited to each.
                claims.append(Claim(claims[-1].text, sources.get(match.group(1), "?"), number))
                continue
            text = _claim_text(line, segment, lines[:number])
            claims.append(Claim(unescape(text), sources.get(match.group(1), "?"), number))
    return claims


def source_text(article: Article) -> str:
    parts = [article.title, *article.paragraphs]
    for pair in article.faq:
        parts += [pair.question, pair.answer]
    return " ".join(" ".join(parts).split())


def unsupported(page: str, articles: dict[str, Article]) -> list[Claim]:
    """Claims the cited source does not contain verbatim (or whose source is unknown)."""
    failures = []
    for claim in claims_on(page):
        article = articles.get(claim.source)
        if article is None or claim.text not in source_text(article):
            failures.append(claim)
    return failures

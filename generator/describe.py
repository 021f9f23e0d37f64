"""How a file is read, as plain data: what `briefings inspect` prints."""

from __future__ import annotations

from datetime import datetime

from typing import TYPE_CHECKING

from .model import Article, Event

if TYPE_CHECKING:
    from .content import Briefing

INSPECT_KEYS = ("title", "outlet", "url", "author", "published", "updated", "paragraphs", "faq", "warnings")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def describe(article: Article) -> dict[str, object]:
    """The reading of one article with exactly INSPECT_KEYS (dates in ISO 8601)."""
    return {
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "author": article.author,
        "published": _iso(article.published),
        "updated": _iso(article.updated),
        "paragraphs": list(article.paragraphs),
        "faq": [{"question": pair.question, "answer": pair.answer} for pair in article.faq],
        "warnings": [{"code": problem.code, "message": problem.message} for problem in article.warnings],
    }


def describe_text(article: Article) -> str:
    """The same reading for a person at a terminal."""
    lines = [
        f"{article.path}",
        f"  title:     {article.title}",
        f"  outlet:    {article.outlet or '-'}",
        f"  url:       {article.url or '-'}",
        f"  author:    {article.author or '-'}",
        f"  published: {_iso(article.published)}",
        f"  updated:   {_iso(article.updated) or '-'}",
        f"  paragraphs ({len(article.paragraphs)}):",
    ]
    lines += [f"    {i}. {paragraph}" for i, paragraph in enumerate(article.paragraphs, start=1)]
    if article.faq:
        lines.append(f"  FAQ ({len(article.faq)} pairs):")
        for pair in article.faq:
            lines += [f"    Q: {pair.question}", f"    A: {pair.answer}"]
    lines += [f"  warning: {problem}" for problem in article.warnings]
    return "\n".join(lines)


def describe_event(event: Event, briefing: "Briefing | None" = None) -> dict[str, object]:
    """One event as `briefings events --json` prints it (with its briefing's content when given)."""
    data: dict[str, object] = {
        "id": event.id,
        "slug": event.slug,
        "title": event.title,
        "story": event.story_id,
        "start": event.start.date().isoformat(),
        "end": event.end.date().isoformat(),
        "articles": [
            {
                "path": article.id,
                "title": article.title,
                "outlets": sorted({a.outlet for a in (article, *event.copies_of(article.id)) if a.outlet}),
                "published": _iso(article.published),
                "url": article.url,
                # Syndicated copies folded into this article (their paths, under the sources folder).
                "copies": [copy.id for copy in event.copies_of(article.id)],
            }
            for article in event.articles
        ],
        "entities": [{"name": ref.name, "type": ref.type} for ref in event.entities],
    }
    if briefing is not None:
        data.update(describe_content(briefing))
    return data


def describe_content(briefing: "Briefing") -> dict[str, object]:
    """What the briefing says, each item with its source (article path) and sentence index."""
    return {
        "lede": {"text": briefing.lede.text, "source": briefing.lede.article_id, "sentence": briefing.lede.index},
        "summary": [{"text": s.text, "source": s.article_id, "sentence": s.index} for s in briefing.summary],
        "quotes": [
            {"text": q.text, "speaker": q.speaker, "source": q.sentence.article_id, "sentence": q.sentence.index}
            for q in briefing.quotes
        ],
        "faq": [
            {"question": item.question, "answer": item.answer, "sources": list(item.sources), "from_source": item.from_source}
            for item in briefing.faq
        ],
        "timeline": [
            {"date": m.day.isoformat(), "text": m.sentence.text, "source": m.sentence.article_id, "sentence": m.sentence.index}
            for m in briefing.timeline
        ],
        "coverage": [
            {"outlet": c.article.outlet, "source": c.article.id, "text": c.sentence.text if c.sentence else None}
            for c in briefing.coverage
        ],
    }

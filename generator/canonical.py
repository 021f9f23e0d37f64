"""The canonical source form: what `briefings add` writes into sources/.

Markdown with YAML front matter (title, outlet, url, author, published,
updated; fetched_at for downloaded articles) and the cleaned body, one
paragraph per block, the source's FAQ as `Q:`/`A:` lines. Reading a
canonical file back gives the same article, so a contributor can fix an
article's metadata by editing this file.
"""

from __future__ import annotations

from datetime import datetime


from . import yamltext
from .events import title_slug
from .model import Article


def _timestamp(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def canonical_text(article: Article) -> str:
    fields = {
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "author": article.author,
        "published": _timestamp(article.published),
        "updated": _timestamp(article.updated),
        "fetched_at": _timestamp(article.fetched_at),
        "tags": list(article.tags) or None,
    }
    front = {key: value for key, value in fields.items() if value is not None}
    blocks = list(article.paragraphs)
    if article.faq:
        blocks.append("FAQ:")
        for pair in article.faq:
            blocks += [f"Q: {pair.question}", f"A: {pair.answer}"]
    header = yamltext.dump(front)
    return "---\n" + header + "---\n\n" + "\n\n".join(blocks) + "\n"


def canonical_path(article: Article) -> str:
    """sources/YYYY/MM/YYYY-MM-DD-title-slug.md, relative to the sources folder."""
    day = article.published.date()
    return f"{day:%Y}/{day:%m}/{day.isoformat()}-{title_slug(article.title)}.md"

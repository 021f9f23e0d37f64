"""Coverage charts: a story's articles per day, its events marked, as a static SVG.

Drawn at build time with matplotlib's SVG backend: no JavaScript, nothing
fetched by the reader's browser. The file is byte-identical from one build to
the next (a fixed `svg.hashsalt` for element ids, no creation date in the
metadata) and small (text kept as text: `svg.fonttype: none`, no embedded
glyphs). No source text is drawn: events are numbered, in the order the story
page lists them, so nothing untrusted reaches the picture.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from io import StringIO

from .model import Event

CREATOR = "briefings"  # in the SVG's metadata: how the build recognises its own charts
STYLE = {
    "svg.hashsalt": "briefings",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": True,
    # Mid grey text and axes on a transparent background: readable in the light and the dark theme.
    "text.color": "#808080",
    "axes.labelcolor": "#808080",
    "axes.edgecolor": "#808080",
    "xtick.color": "#808080",
    "ytick.color": "#808080",
    "savefig.transparent": True,
}


def articles_per_day(events: list[Event]) -> dict[date, int]:
    """Reports (syndicated copies included) published each day across the events."""
    days: Counter[date] = Counter()
    for event in events:
        for article in event.articles:
            days[article.published.date()] += 1
        for _, copies in event.copies:
            for copy in copies:
                days[copy.published.date()] += 1
    return dict(sorted(days.items()))


@dataclass(frozen=True)
class ChartData:
    """Everything a story's chart is drawn from: a few dates and numbers, cheap to send to a worker."""

    counts: tuple[tuple[date, int], ...]  # articles per day, in order of days
    starts: tuple[date, ...]  # each event's first day, in the story's order

    @classmethod
    def of(cls, events: list[Event]) -> ChartData:
        return cls(tuple(articles_per_day(events).items()), tuple(e.start.date() for e in events))


def coverage_svg(events: list[Event], title: str = "Coverage over time") -> str:
    """The chart as SVG text: bars of articles per day, a dashed line and a number at each event's start."""
    return draw(ChartData.of(events), title)


def draw(data: ChartData, title: str = "Coverage over time") -> str:
    """See `coverage_svg`. Drawing takes about a tenth of a second: the build keeps charts in its
    cache and draws the missing ones on a process pool (`cached_charts`)."""
    # The object-oriented API without pyplot: no global figure manager, and a
    # fixed layout instead of tight_layout(), which measured every text twice.
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    counts = dict(data.counts)
    first, last = min(counts), max(counts)
    span = max((last - first).days, 1)
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(7.2, 2.4), dpi=72)
        FigureCanvasSVG(figure)
        figure.subplots_adjust(left=0.09, right=0.98, top=0.84, bottom=0.14)
        axes = figure.add_subplot()
        axes.bar(list(counts), list(counts.values()), width=max(0.8, span / 120), color="#3f51b5", zorder=2)
        top = max(counts.values())
        for number, day in enumerate(data.starts, start=1):
            axes.axvline(day, color="#ff6d00", linestyle="--", linewidth=1, zorder=1)
            axes.annotate(
                str(number), (day, top * 1.12), xytext=(3, 0), textcoords="offset points", ha="left", va="bottom",
                fontsize=8, color="#bf360c", annotation_clip=False, parse_math=False,
            )
        axes.set_xlim(first - timedelta(days=max(1, span // 30)), last + timedelta(days=max(1, span // 30)))
        axes.set_ylim(0, top * 1.3)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        axes.set_ylabel("articles per day")
        axes.set_title(title, loc="left", fontsize=9)
        axes.grid(axis="y", color="#80808040", linewidth=0.5, zorder=0)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        out = StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": CREATOR})
    return out.getvalue()


def coverage_alt(events: list[Event]) -> str:
    """What the chart shows, in words (the image's alt text)."""
    counts = articles_per_day(events)
    total = sum(counts.values())
    first, last = min(counts), max(counts)
    marks = "; ".join(f"{n}: {e.start.day} {e.start:%b %Y}" for n, e in enumerate(events, start=1))
    return (
        f"Bar chart of articles per day: {total} {'article' if total == 1 else 'articles'} on {len(counts)} "
        f"{'day' if len(counts) == 1 else 'days'} from {first.day} {first:%b %Y} to {last.day} {last:%b %Y}; "
        f"dashed lines mark the start of each event ({marks})."
    )


def _cache_key(data: ChartData) -> str:
    """The chart's key in the build cache: the code, and the days, counts and event starts it shows."""
    import hashlib

    from .cache import code_fingerprint

    shown = repr(([(day.isoformat(), n) for day, n in data.counts], [day.isoformat() for day in data.starts]))
    return hashlib.sha256(f"{code_fingerprint()}\n{shown}".encode()).hexdigest()


# Charts to draw before a pool pays for its start and matplotlib's import in each worker (~1 s).
POOL_MIN_CHARTS = 16


def cached_charts(stories: list[list[Event]], cache, workers: int = 1) -> list[str]:
    """`coverage_svg` of each story's events, from the build cache when the same chart was
    drawn before; the others are drawn, on a process pool when there are many (a cold build
    at 10k articles has hundreds of stories), and kept in the cache."""
    keys = [(_cache_key(data), data) for data in map(ChartData.of, stories)]
    svgs: dict[str, str] = {}
    missing: dict[str, ChartData] = {}
    for key, data in keys:
        if key not in svgs and key not in missing:
            svg = cache.get("charts", key)
            if isinstance(svg, str):
                svgs[key] = svg
            else:
                missing[key] = data
    if len(missing) >= POOL_MIN_CHARTS and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            drawn = list(pool.map(draw, missing.values(), chunksize=4))
    else:
        drawn = [draw(data) for data in missing.values()]
    for key, svg in zip(missing, drawn):
        cache.put("charts", key, svg)
        svgs[key] = svg
    return [svgs[key] for key, _ in keys]

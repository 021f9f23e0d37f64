"""Article extraction: how much of each page's article text our reader keeps.

Data: the Zyte/Scrapinghub article-extraction-benchmark pages in
../shared/eval/article-extraction-benchmark (html/<id>.html and gold.json,
whose `bodies` map each page to its true article body).

Metric (as in that benchmark, on word tokens): per page, precision, recall
and F1 of the multiset of lower-cased `\\w+` tokens of a system's text against
the gold body; reported as means over pages (macro) and as one micro F1 over
all tokens. Systems: `briefings inspect` (trafilatura + our cleaner) beside
`trafilatura.extract` called directly. Target: our cleaner must not lose what
trafilatura finds, i.e. our mean F1 >= plain trafilatura's.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import trafilatura

from generator.analysis import read_article
from generator.config import Settings, load_settings
from generator.describe import describe
from generator.errors import SourceError

from . import EVAL_ROOT, REPO_ROOT

DATA = EVAL_ROOT / "article-extraction-benchmark"
OURS = "briefings inspect"
BASELINE = "trafilatura.extract (defaults)"
LOSS_MARGIN = 0.01  # a page "loses" when our F1 is below trafilatura's by more than this
WORST_SHOWN = 5

_TOKEN = re.compile(r"\w+", re.UNICODE)


# --- metric (pure) ---------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    overlap: int  # tokens in both texts (multiset intersection)
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else float(not self.gold)

    @property
    def recall(self) -> float:
        return self.overlap / self.gold if self.gold else float(not self.predicted)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def score(predicted: str, gold: str) -> Score:
    ours, truth = tokens(predicted), tokens(gold)
    return Score(sum((ours & truth).values()), sum(ours.values()), sum(truth.values()))


def summarise(scores: list[Score]) -> dict[str, float]:
    """Macro means of precision, recall and F1 over pages, and the micro F1 over all tokens."""
    count = len(scores)
    total = Score(sum(s.overlap for s in scores), sum(s.predicted for s in scores), sum(s.gold for s in scores))
    return {
        "precision": sum(s.precision for s in scores) / count,
        "recall": sum(s.recall for s in scores) / count,
        "f1": sum(s.f1 for s in scores) / count,
        "micro_f1": total.f1,
    }


Loss = tuple[str, float, float]  # (page, our F1, their F1)


def losses(ours: dict[str, float], theirs: dict[str, float], margin: float = LOSS_MARGIN) -> list[Loss]:
    """Pages where our F1 is lower than theirs by more than `margin`, worst first."""
    lost = [(page, ours[page], theirs[page]) for page in ours if ours[page] < theirs[page] - margin]
    return sorted(lost, key=lambda row: row[1] - row[2])


# --- systems: page path -> extracted text -----------------------------------------------


def briefings_reader(settings: Settings, unreadable: dict[str, str]) -> Callable[[Path], str]:
    """Our reading, by the code path of `briefings inspect --json`; a SourceError reads as ''."""

    def read(path: Path) -> str:
        try:
            data = describe(read_article(path, path.parent, settings))
        except SourceError as error:
            unreadable[path.name] = f"{error.problem} — {error.fix}"
            return ""
        faq = [f"{pair['question']}\n{pair['answer']}" for pair in data["faq"]]
        return "\n".join([*data["paragraphs"], *faq])

    return read


def trafilatura_reader(**options: object) -> Callable[[Path], str]:
    def read(path: Path) -> str:
        return trafilatura.extract(path.read_bytes(), **options) or ""

    return read


# --- running ----------------------------------------------------------------------------


def evaluate(read: Callable[[Path], str], gold: dict[Path, str]) -> tuple[dict[str, Score], float]:
    """Each page's score and the mean seconds per page (after one untimed warm-up read)."""
    read(next(iter(gold)))  # lazy imports and caches (dateparser, lxml) are not per-page cost
    scores: dict[str, Score] = {}
    elapsed = 0.0
    for path, body in gold.items():
        start = time.perf_counter()
        text = read(path)
        elapsed += time.perf_counter() - start
        scores[path.name] = score(text, body)
    return scores, elapsed / len(gold)


def load_gold(folder: Path) -> dict[Path, str]:
    bodies = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["bodies"]
    return {folder / name: entry["articleBody"] for name, entry in sorted(bodies.items())}


def _settings() -> Settings:
    config = REPO_ROOT / "briefings.yml"
    return load_settings(config if config.is_file() else None)


def run(report: dict) -> None:
    shown = os.path.relpath(DATA, REPO_ROOT)
    if not (DATA / "gold.json").is_file():
        print(f"extraction: skipped: {shown}/gold.json not found")
        return
    gold = load_gold(DATA)
    unreadable: dict[str, str] = {}
    systems = {
        OURS: briefings_reader(_settings(), unreadable),
        BASELINE: trafilatura_reader(),
        "trafilatura.extract (no comments)": trafilatura_reader(include_comments=False),
    }
    results: dict[str, dict] = {}
    per_page: dict[str, dict[str, float]] = {}
    for name, read in systems.items():
        scores, seconds = evaluate(read, gold)
        results[name] = summarise(list(scores.values())) | {"ms_per_page": seconds * 1000}
        per_page[name] = {page: s.f1 for page, s in scores.items()}

    met = results[OURS]["f1"] >= results[BASELINE]["f1"]
    lost = losses(per_page[OURS], per_page[BASELINE])
    print_table(shown, len(gold), results, met, unreadable, lost)
    report["extraction"] = {
        "data": shown,
        "pages": len(gold),
        "systems": results,
        "target": {"rule": f"{OURS} F1 >= {BASELINE} F1", "met": met},
        "unreadable": unreadable,
        "losses": {
            "margin": LOSS_MARGIN,
            "count": len(lost),
            "worst": [{"page": p, "ours_f1": o, "trafilatura_f1": t} for p, o, t in lost[:WORST_SHOWN]],
        },
        "per_page_f1": per_page,
    }


def print_table(
    shown: str, pages: int, results: dict[str, dict], met: bool, unreadable: dict[str, str], lost: list[Loss]
) -> None:
    width = max(map(len, results)) + 2
    print(f"Article extraction ({pages} pages, {shown})")
    print(f"{'system':<{width}}precision  recall   F1     micro-F1  time/page")
    for name, r in results.items():
        print(
            f"{name:<{width}}{r['precision']:<11.3f}{r['recall']:<9.3f}{r['f1']:<7.3f}"
            f"{r['micro_f1']:<10.3f}{r['ms_per_page']:.1f} ms"
        )
    ours, theirs = results[OURS]["f1"], results[BASELINE]["f1"]
    print(f"target: briefings F1 >= trafilatura defaults F1 ({ours:.3f} vs {theirs:.3f}): {'met' if met else 'MISSED'}")
    if unreadable:
        print(f"unreadable by briefings ({len(unreadable)}, scored as empty):")
        for page, why in unreadable.items():
            print(f"  {page}: {why}")
    print(f"pages where briefings F1 < trafilatura F1 - {LOSS_MARGIN}: {len(lost)}")
    for page, o, t in lost[:WORST_SHOWN]:
        print(f"  {page}  briefings {o:.3f}  trafilatura {t:.3f}")

"""Clustering quality: B-cubed precision, recall and F1 of `briefings events`.

Data: ../shared/eval/ecbplus (real news; each topic holds two different events
of the same kind, the hard case). Events are scored against the gold event
labels, stories against the topic (the number before "ecb"). Nothing here
knows about individual files: the sources folder is grouped exactly as
`briefings events --json --sources DIR` would group it.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from generator.build import read_and_group
from generator.config import load_settings

from . import EVAL_ROOT, REPO_ROOT

ECB = EVAL_ROOT / "ecbplus"
TARGETS = {"event_f1": 0.92, "story_f1": 0.90}


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of a clustering (item → cluster) against gold (item → class)."""
    items = sorted(gold)
    by_predicted: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in items:
        by_predicted[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in items:
        cluster, truth = by_predicted[predicted[item]], by_gold[gold[item]]
        shared = len(cluster & truth)
        precision += shared / len(cluster)
        recall += shared / len(truth)
    precision, recall = precision / len(items), recall / len(items)
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def group_folder(sources: Path) -> tuple[dict[str, str], dict[str, str], float]:
    """(article → event id, article → story id or its event, seconds) for a folder of sources."""
    settings = replace(load_settings(REPO_ROOT / "briefings.yml"), sources=sources, out=REPO_ROOT / "bench" / "no-pages")
    started = time.perf_counter()
    report, grouped, _ = read_and_group(settings)
    seconds = time.perf_counter() - started
    event_of: dict[str, str] = {}
    story_of: dict[str, str] = {}
    for event in grouped.events:
        ids = [a.id for a in event.articles] + [c.id for _, copies in event.copies for c in copies]
        for article_id in ids:
            event_of[article_id] = event.id
            story_of[article_id] = event.story_id or event.id
    for error in report.errors:
        print(f"  unreadable: {error}")
    return event_of, story_of, seconds


def run(report: dict) -> None:
    gold_file = ECB / "gold.json"
    if not gold_file.is_file():
        print(f"clustering: skipped: {gold_file} not found")
        return
    gold_events = {path.removeprefix("sources/"): label for path, label in json.loads(gold_file.read_text())["events"].items()}
    gold_stories = {path: re.match(r"\d+", label).group(0) for path, label in gold_events.items()}
    event_of, story_of, seconds = group_folder(ECB / "sources")
    missing = sorted(set(gold_events) - set(event_of))
    for path in missing:  # an article that failed to read counts as a cluster of its own
        event_of[path] = story_of[path] = f"missing:{path}"
    events = bcubed(event_of, gold_events)
    stories = bcubed(story_of, gold_stories)
    print(f"\nClustering (ECB+ dev: {len(gold_events)} articles, {len(set(gold_events.values()))} gold events, {len(set(gold_stories.values()))} topics)")
    print(f"{'level':<10}{'precision':>10}{'recall':>9}{'F1':>8}{'target':>9}  result   clusters")
    results = {}
    for level, (p, r, f), predicted in (("events", events, event_of), ("stories", stories, story_of)):
        target = TARGETS[f"{level[:-1] if level == 'stories' else 'event'}_f1"] if level == "events" else TARGETS["story_f1"]
        met = f >= target
        print(f"{level:<10}{p:>10.3f}{r:>9.3f}{f:>8.3f}{target:>9.2f}  {'met' if met else 'MISSED':<8} {len(set(predicted.values()))}")
        results[level] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "target": target, "met": met}
    print(f"grouping time: {seconds:.2f} s ({1000 * seconds / len(gold_events):.1f} ms per article, reading included)")
    results["seconds"] = round(seconds, 3)
    report["clustering_ecbplus"] = results

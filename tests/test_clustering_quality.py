"""Clustering quality on a labelled set written for this project (tests/fixtures/clustering).

74 invented articles, 20 events, 15 stories, with hard distractors: the same
minister on two topics, two central banks on adjacent days, two wildfires in
the same week, two transport strikes, one city with two unrelated events.
"""

from __future__ import annotations

from dataclasses import replace

import yaml

from generator.build import read_and_group
from generator.config import load_settings
from tests.benchmarks.clustering import bcubed

from .conftest import FIXTURES, ROOT

LABELLED = FIXTURES / "clustering"
# The floor this code reaches (F1 0.969: P 1.000, R 0.939); the events issue
# targets 0.95. A floor is raised when the code improves, and never lowered silently.
EVENT_F1_FLOOR = 0.965


def gold_labels() -> tuple[dict[str, str], dict[str, str]]:
    labels = yaml.safe_load((LABELLED / "labels.yml").read_text(encoding="utf-8"))["events"]
    events = {path: label for label, event in labels.items() for path in event["articles"]}
    stories = {path: event["story"] for label, event in labels.items() for path in event["articles"]}
    return events, stories


def predicted(tmp_path) -> tuple[dict[str, str], dict[str, str]]:
    settings = replace(load_settings(ROOT / "briefings.yml"), sources=LABELLED / "sources", out=tmp_path)
    report, grouped, _ = read_and_group(settings)
    assert report.errors == []
    events, stories = {}, {}
    for event in grouped.events:
        for article in event.articles:
            events[article.id] = event.id
            stories[article.id] = event.story_id or event.id
    return events, stories


def test_events_bcubed_f1(tmp_path):
    gold_events, _ = gold_labels()
    events, _ = predicted(tmp_path)
    precision, recall, f1 = bcubed(events, gold_events)
    print(f"labelled set events: B-cubed P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    assert f1 >= EVENT_F1_FLOOR


def test_distractors_stay_apart(tmp_path):
    gold_events, _ = gold_labels()
    events, _ = predicted(tmp_path)
    by_label: dict[str, set[str]] = {}
    for path, label in gold_events.items():
        by_label.setdefault(label, set()).add(events[path])
    for first, second in [("boa-rate-cut", "toravia-rate-hold"), ("vellmouth-metro-strike", "lyssport-tram-strike"),
                          ("lyssport-marathon", "lyssport-chemical-fire"), ("aldermere-budget", "halvorsen-glassworks-closure")]:
        assert not by_label[first] & by_label[second], (first, second)

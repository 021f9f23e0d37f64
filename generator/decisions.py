"""Editorial decisions: `decisions.yml`, reviewed by pull request, applied on every build.

The two commonest complaints about news aggregators are unrelated articles in
one event and one event split in two. This file is the answer: a contributor
states the correction once, and every later build honours it.

    merge:                       # events folded into another; their URLs redirect
      - into: 2025-03-04-dockworkers-walk-out-as-harbor-city-port-talks-collapse
        events: [2025-03-06-mayor-delgado-offers-city-hall-for-talks]
    move:                        # an article to another event
      - source: 2025/03/2025-03-06-mayor-offers-city-hall-talks.md
        to: 2025-03-04-dockworkers-walk-out-as-harbor-city-port-talks-collapse
    split:                       # an article out of its event, into one of its own
      - source: 2025/07/2025-07-14-first-commute-calloway-bridge.md
    exclude:
      sources: [2025/01/some-file.md]
      outlets: [Some Outlet]
    rename:
      - event: 2025-05-08-reserve-bank-cuts-rates-to-3-50-as-inflation-cools
        title: Reserve bank cuts rates to 3.50%
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ConfigError

KNOWN_KEYS = {"merge", "move", "split", "exclude", "rename"}


@dataclass(frozen=True)
class Decisions:
    merges: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (into, events)
    moves: tuple[tuple[str, str], ...] = ()  # (source, event)
    splits: tuple[str, ...] = ()
    excluded_sources: frozenset[str] = frozenset()
    excluded_outlets: frozenset[str] = frozenset()
    renames: dict[str, str] = field(default_factory=dict)


def _strings(value: object, where: str, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {where} must be a list of strings")
    return tuple(value)


def _entries(data: dict, key: str, required: tuple[str, ...], path: Path) -> list[dict]:
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: '{key}' must be a list")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or any(not entry.get(r) for r in required):
            raise ConfigError(f"{path}: {key} #{number} needs {', '.join(repr(r + ':') for r in required)}")
    return entries


def load_decisions(path: Path) -> Decisions:
    """Read decisions.yml; a missing file means no decisions."""
    if not path.is_file():
        return Decisions()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML ({error}) — fix the syntax") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected keys {', '.join(sorted(KNOWN_KEYS))}")
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(KNOWN_KEYS))}")
    exclude = data.get("exclude") or {}
    if not isinstance(exclude, dict):
        raise ConfigError(f"{path}: 'exclude' must have 'sources:' and/or 'outlets:' lists")
    return Decisions(
        merges=tuple(
            (str(e["into"]), _strings(e["events"], "merge events", path)) for e in _entries(data, "merge", ("into", "events"), path)
        ),
        moves=tuple((str(e["source"]), str(e["to"])) for e in _entries(data, "move", ("source", "to"), path)),
        splits=tuple(str(e["source"]) for e in _entries(data, "split", ("source",), path)),
        excluded_sources=frozenset(_strings(exclude.get("sources"), "exclude sources", path)),
        excluded_outlets=frozenset(_strings(exclude.get("outlets"), "exclude outlets", path)),
        renames={str(e["event"]): str(e["title"]) for e in _entries(data, "rename", ("event", "title"), path)},
    )

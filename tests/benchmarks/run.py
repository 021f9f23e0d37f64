"""`make bench`: run each benchmark section, then write bench/results.json.

Each section is a module with `run(report: dict) -> None`: it prints its
table and stores its figures under its own key in `report` (or prints a
"skipped: …" line and stores nothing when its data is absent). Figures are
merged into an existing bench/results.json, so sections skipped in this run
keep their last results.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable

from . import REPO_ROOT, clustering, extraction, quotes, scale, summaries

RESULTS = REPO_ROOT / "bench" / "results.json"

Section = Callable[[dict], None]

# Run in this order; later benchmarks (clustering, summaries, scale) go here.
SECTIONS: dict[str, Section] = {
    "extraction": extraction.run,
    "clustering": clustering.run,
    "quotes": quotes.run,
    "summaries": summaries.run,
    "scale": scale.run,
}


def write_results(report: dict, path: Path = RESULTS) -> None:
    """Merge this run's sections into the JSON file at `path`."""
    existing = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    existing.update(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append", help="run only this section (repeatable)")
    args = parser.parse_args(argv)
    report: dict = {}
    for name, section in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        section(report)
    if report:
        write_results(report)
        print(f"\nfigures written to {RESULTS.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

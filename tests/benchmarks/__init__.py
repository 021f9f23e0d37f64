"""Benchmarks run by `make bench` against the evaluation data in ../shared/eval."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# The shared evaluation data sits beside the repository, not inside it.
EVAL_ROOT = REPO_ROOT.parent / "shared" / "eval"


def load_gold(dataset: Path, key: str, section: str) -> dict | None:
    """`dataset/gold.json`[key], or None after printing why the section is skipped."""
    import json

    gold_file = dataset / "gold.json"
    if not gold_file.is_file():
        print(f"{section}: skipped: {gold_file} not found")
        return None
    return json.loads(gold_file.read_text(encoding="utf-8"))[key]

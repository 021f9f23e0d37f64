"""Benchmarks run by `make bench` against the evaluation data in ../shared/eval."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# The shared evaluation data sits beside the repository, not inside it.
EVAL_ROOT = REPO_ROOT.parent / "shared" / "eval"

"""Errors a person has to act on: each names the file, the problem and the fix."""

from __future__ import annotations

from pathlib import Path


class BriefingsError(Exception):
    """Base class for errors the CLI reports as one clean line (no traceback)."""


class SourceError(BriefingsError):
    """A source file that cannot be turned into an article.

    Rendered on one line as ``path: problem — what to do`` so that CI logs and
    editors can jump straight to the file.
    """

    def __init__(self, path: Path | str, problem: str, fix: str) -> None:
        self.path = Path(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.path}: {problem} — {fix}")

    def __reduce__(self):
        # Rebuilt from its three parts when it comes back from a worker process.
        return (type(self), (self.path, self.problem, self.fix))


class ConfigError(BriefingsError):
    """briefings.yml (or --config) is missing a value or has a wrong one."""

"""Shared helpers: tiny throw-away projects built from dicts, as MkDocs' tests do."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write_files(base: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path):
    """A function that makes a project (sources/, briefings/, templates/) from a dict of sources."""

    def make(sources: dict[str, str | bytes]) -> Settings:
        write_files(tmp_path / "sources", sources)
        shutil.copytree(ROOT / "templates", tmp_path / "templates")
        return replace(
            Settings(),
            sources=tmp_path / "sources",
            out=tmp_path / "briefings",
            templates=tmp_path / "templates",
            mkdocs_file=tmp_path / "mkdocs.yml",  # absent: no site_url, so no feeds (not the project's)
        )

    return make


def canonical(title: str, outlet: str, published: str, *paragraphs: str, **extra: str) -> str:
    """The text of a canonical source file."""
    lines = ["---", f'title: "{title}"', f'outlet: "{outlet}"', f"published: {published}"]
    lines += [f'{key}: "{value}"' for key, value in extra.items()]
    return "\n".join(lines) + "\n---\n\n" + "\n\n".join(paragraphs) + "\n"


# --- Hostile and broken inputs: how many the suite tried, printed after the run -------------


class InputLog:
    """Hostile and broken inputs tried this session: named ones (counted once) and bulk counts."""

    def __init__(self) -> None:
        self.named: dict[str, set[str]] = {}
        self.counted: dict[str, int] = {}

    def add(self, kind: str, *names: str) -> None:
        self.named.setdefault(kind, set()).update(names)

    def count(self, kind: str, number: int = 1) -> None:
        self.counted[kind] = self.counted.get(kind, 0) + number

    def total(self) -> int:
        return sum(len(names) for names in self.named.values()) + sum(self.counted.values())

    def breakdown(self) -> str:
        parts = {kind: len(names) for kind, names in self.named.items()} | self.counted
        return ", ".join(f"{kind}: {number:,}" for kind, number in parts.items())


_INPUT_LOG = pytest.StashKey[InputLog]()


@pytest.fixture(scope="session")
def input_log(pytestconfig) -> InputLog:
    """Where tests record the hostile and broken inputs they try (see pytest_terminal_summary)."""
    if _INPUT_LOG not in pytestconfig.stash:
        pytestconfig.stash[_INPUT_LOG] = InputLog()
    return pytestconfig.stash[_INPUT_LOG]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    log = config.stash.get(_INPUT_LOG, None)
    if log is not None and log.total():
        terminalreporter.write_line(f"hostile and broken inputs tried: {log.total():,} ({log.breakdown()})")

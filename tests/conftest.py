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
        )

    return make


def canonical(title: str, outlet: str, published: str, *paragraphs: str, **extra: str) -> str:
    """The text of a canonical source file."""
    lines = ["---", f'title: "{title}"', f'outlet: "{outlet}"', f"published: {published}"]
    lines += [f'{key}: "{value}"' for key, value in extra.items()]
    return "\n".join(lines) + "\n---\n\n" + "\n\n".join(paragraphs) + "\n"

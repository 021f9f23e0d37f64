"""Progress on long runs: a bar on a terminal, a few plain lines in CI logs."""

from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator, TypeVar

from tqdm import tqdm

T = TypeVar("T")

# Below this many items a run is quick enough that progress is noise.
MIN_ITEMS_FOR_PROGRESS = 200


def track(items: Iterable[T], total: int, label: str, stream=None) -> Iterator[T]:
    """Yield `items`, reporting progress to `stream` (stderr by default)."""
    stream = stream or sys.stderr
    if total < MIN_ITEMS_FOR_PROGRESS:
        yield from items
        return
    if stream.isatty() and not os.environ.get("CI"):
        yield from tqdm(items, total=total, desc=label, unit="file", file=stream, leave=False)
        return
    step = max(1, total // 10)
    for done, item in enumerate(items, start=1):
        yield item
        if done % step == 0 or done == total:
            print(f"{label}: {done}/{total}", file=stream, flush=True)

"""Nothing lost under faults: SIGKILL at random points, a full disk.

A build is killed many times while it rewrites a docs folder from version A
of a corpus to version B. After each kill every file is A's or B's complete
version (writes are atomic renames), and the next build ends exactly where an
uninterrupted build does, left-over temporaries included. A full disk, real
(RLIMIT_FSIZE makes the kernel refuse writes past a size) or injected (ENOSPC
from write, fsync, rename or temp-file creation), leaves no partial page.

`briefings build` is run as `generator.cli.main(["build", ...])` in a process
forked from a worker that has imported the generator once: a fresh
interpreter per run would spend ~2.5 s of each iteration importing.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

import generator.writing as writing
from generator.build import build
from generator.cli import main
from generator.config import Settings
from generator.errors import BriefingsError

from .conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill loop forks build processes"),
]

SEED = 20250611
SOURCES = 100
ITERATIONS = 24

TOPICS = ("harbour dredging", "tram depot", "library hours", "river flood defences", "school meals", "bridge repairs",
          "ferry timetable", "museum wing", "wind farm", "bus lanes", "housing permits", "water tariffs",
          "airport noise", "park renovation", "hospital wards", "recycling centre", "street lighting", "market hall")
PLACES = ("Harbor City", "Eastbank", "Port Marlow", "Castellan", "Westmere", "Norvale", "Lowgate", "Kingsford")
PEOPLE = ("Rosa Delgado", "Teresa Quan", "Greg Holloway", "Ahmed Karimi", "Beatrix Holm", "Olivia Brandt", "Ben Oduya")


def corpus(version: str) -> dict[str, str]:
    """SOURCES articles, one event each; version B rewords every one, so every page changes."""
    rng = random.Random(SEED)
    files = {}
    for index in range(SOURCES):
        day = f"2024-{1 + index % 12:02d}-{1 + (index * 7) % 27:02d}"
        topic, place, person = rng.choice(TOPICS), rng.choice(PLACES), rng.choice(PEOPLE)
        title = f"{place} council decides on {topic}, item {index}"
        body = [
            f"The {place} council voted on the {topic} plan on Tuesday, officials said in version {version}.",
            f"{person} said the decision on {topic} would be reviewed next month, revision {version}.",
            f"Residents of {place} had asked for changes to the {topic} proposal for {rng.randint(2, 9)} years.",
        ]
        files[f"{day[:4]}/{day[5:7]}/item-{index:03d}.md"] = (
            f"---\ntitle: \"{title}\"\noutlet: \"{place} Courier {version}\"\npublished: {day}\n---\n\n" + "\n\n".join(body) + "\n"
        )
    return files


def write_corpus(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, hidden ones included, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def is_temporary(name: str) -> bool:
    return Path(name).name.startswith(".") and name.endswith(".tmp")


# --- a worker that forks builds on request -----------------------------------------------------

WORKER = textwrap.dedent(
    r'''
    import json, os, resource, signal, sys, time
    import generator.cli

    def child(args, signal_fd, file_limit):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        if file_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # then writes past the limit fail with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, resource.RLIM_INFINITY))
        real_replace = os.replace

        def replace(*a, **k):  # the first atomic rename: the build has started writing pages
            os.replace = real_replace
            os.write(signal_fd, b"w")
            return real_replace(*a, **k)

        os.replace = replace
        code = 70
        try:
            code = generator.cli.main(args)
        except BaseException as error:
            os.write(signal_fd, ("x" + type(error).__name__).encode())
        finally:
            os._exit(code)

    for line in sys.stdin:
        job = json.loads(line)
        read_end, write_end = os.pipe()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            child(job["args"], write_end, job.get("file_limit"))
        os.close(write_end)
        first_write = None
        if job.get("kill_after_write") is not None:
            if os.read(read_end, 1) == b"w":
                first_write = time.monotonic() - start
                time.sleep(job["kill_after_write"])
            os.kill(pid, signal.SIGKILL)
        elif job.get("kill_after_start") is not None:
            time.sleep(job["kill_after_start"])
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        rest = b""
        while chunk := os.read(read_end, 4096):
            rest += chunk
        os.close(read_end)
        print(json.dumps({
            "elapsed": time.monotonic() - start,
            "first_write": first_write,
            "killed": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL,
            "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "crash": rest.lstrip(b"w").decode() or None,
        }), flush=True)
    '''
)


class Worker:
    def __init__(self) -> None:
        environment = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=environment
        )

    def run(self, args: list[str], **job: object) -> dict:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps({"args": args, **job}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the build worker died"
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


@dataclass
class Setup:
    tmp: Path
    config: Path
    sources_b: Path
    old: dict[str, bytes]  # the docs folder built from version A
    new: dict[str, bytes]  # what an uninterrupted build of B makes from it
    worker: Worker

    def args(self, out: Path) -> list[str]:
        return ["--config", str(self.config), "build", "--sources", str(self.sources_b), "--out", str(out)]

    def restore_old(self, out: Path) -> None:
        shutil.rmtree(out, ignore_errors=True)
        for name, data in self.old.items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def settings(self, out: Path) -> Settings:
        return replace(Settings(), sources=self.sources_b, out=out, templates=ROOT / "templates")


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> Setup:
    tmp = tmp_path_factory.mktemp("faults")
    write_corpus(tmp / "sources-a", corpus("A"))
    write_corpus(tmp / "sources-b", corpus("B"))
    config = tmp / "briefings.yml"
    config.write_text(f"templates: {ROOT / 'templates'}\n", encoding="utf-8")
    build(replace(Settings(), sources=tmp / "sources-a", out=tmp / "old", templates=ROOT / "templates"))
    old = snapshot(tmp / "old")
    shutil.copytree(tmp / "old", tmp / "new")
    build(replace(Settings(), sources=tmp / "sources-b", out=tmp / "new", templates=ROOT / "templates"))
    new = snapshot(tmp / "new")
    worker = Worker()
    yield Setup(tmp, config, tmp / "sources-b", old, new, worker)
    worker.close()


def check_old_or_new(setup: Setup, out: Path) -> tuple[int, int, int]:
    """Every file is old or new, complete; returns (old files, new files, temporaries)."""
    now = snapshot(out)
    olds = news = temporaries = 0
    for name, data in now.items():
        if is_temporary(name):
            temporaries += 1
            continue
        assert name in setup.old or name in setup.new, f"unexpected file {name}"
        versions = [v for v in (setup.old.get(name), setup.new.get(name)) if v is not None]
        assert data in versions, f"{name} is neither its old nor its new version (a partial write?)"
        olds += data == setup.old.get(name) and data != setup.new.get(name)
        news += data == setup.new.get(name) and data != setup.old.get(name)
    for name in setup.old:
        assert name in now or name not in setup.new, f"{name} vanished"
    return olds, news, temporaries


def test_the_corpus_changes_every_page_between_versions(setup):
    changed = [name for name in setup.new if setup.old.get(name) != setup.new[name]]
    assert len(changed) >= SOURCES and set(setup.old) <= set(setup.new)


def test_an_uninterrupted_build_equals_a_clean_build(setup):
    """The reference for the kill loop: building B over A's pages equals building B from nothing."""
    clean = setup.tmp / "clean"
    build(setup.settings(clean))
    assert snapshot(clean) == setup.new


def test_sigkill_at_random_points_loses_nothing(setup, input_log):
    rng = random.Random(SEED)
    out = setup.tmp / "killed"
    setup.restore_old(out)
    calibration = setup.worker.run(setup.args(out), kill_after_write=None)
    assert calibration["exit"] == 0 and snapshot(out) == setup.new
    total = calibration["elapsed"]
    outcomes = []
    for iteration in range(ITERATIONS):
        setup.restore_old(out)
        if iteration % 4 == 3:  # anywhere in the run: reading, grouping, rendering or writing
            result = setup.worker.run(setup.args(out), kill_after_start=rng.uniform(0, total))
        else:  # somewhere in the writing phase, where a kill can tear a file
            result = setup.worker.run(setup.args(out), kill_after_write=rng.uniform(0, 0.25 * total))
        assert result["crash"] is None, result
        olds, news, temporaries = check_old_or_new(setup, out)
        outcomes.append((result["killed"], olds, news, temporaries))
        # The next build completes and ends exactly where an uninterrupted one does.
        again = setup.worker.run(setup.args(out))
        assert again["exit"] == 0 and again["crash"] is None, again
        assert snapshot(out) == setup.new, f"iteration {iteration}: the build after the kill differs from a clean one"
    input_log.count("SIGKILLs", sum(killed for killed, *_ in outcomes))
    mixed = sum(1 for killed, olds, news, _ in outcomes if killed and olds and news)
    assert sum(killed for killed, *_ in outcomes) >= ITERATIONS // 2, outcomes
    assert mixed >= 3, f"too few kills landed mid-write to mean anything: {outcomes}"


# --- a full disk -----------------------------------------------------------------------------------


def test_a_real_file_size_limit_leaves_no_partial_page(setup, input_log):
    """RLIMIT_FSIZE: the kernel writes up to the limit, then refuses (EFBIG), like a full disk."""
    out = setup.tmp / "limited"
    order = sorted(name for name in setup.new if setup.old.get(name) != setup.new[name])
    sizes = [len(setup.new[name]) for name in order]
    # A limit that lets the first pages through and stops the latest page bigger than all before
    # it (or, if the first page is the biggest, stops that one).
    stop = max((k for k in range(1, len(sizes)) if sizes[k] > max(sizes[:k])), default=0)
    limit = max(sizes[:stop]) if stop else sizes[0] - 1
    setup.restore_old(out)
    result = setup.worker.run(setup.args(out), file_limit=limit)
    input_log.add("disk faults", "RLIMIT_FSIZE")
    assert result["crash"] is None and result["exit"] == 2, result  # one clear line, not a traceback
    olds, news, temporaries = check_old_or_new(setup, out)
    assert temporaries == 0 and news == stop and olds >= 1
    assert snapshot(out)[order[stop]] == setup.old[order[stop]], "the page that hit the limit is untouched"
    assert setup.worker.run(setup.args(out))["exit"] == 0
    assert snapshot(out) == setup.new


class DiskFull:
    """Stands in for `os` and `tempfile` inside generator.writing: the Nth write fails with ENOSPC."""

    def __init__(self, where: str, after: int) -> None:
        self.where, self.after, self.calls = where, after, 0
        self.fired = False

    def _maybe_fail(self, where: str) -> None:
        if where == self.where:
            self.calls += 1
            if self.calls > self.after:
                self.fired = True
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # `os`
    def __getattr__(self, name: str):
        return getattr(os, name)

    def fdopen(self, descriptor: int, mode: str = "r"):
        handle = os.fdopen(descriptor, mode)
        fault = self

        class ShortWrites:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def write(self, data: bytes) -> int:
                if fault.where == "write" and fault.calls + 1 > fault.after:
                    handle.write(data[: len(data) // 2])  # half of it reaches the disk
                    handle.flush()
                fault._maybe_fail("write")
                return handle.write(data)

            def __getattr__(self, name: str):
                return getattr(handle, name)

        return ShortWrites()

    def fsync(self, descriptor: int) -> None:
        self._maybe_fail("fsync")
        os.fsync(descriptor)

    def replace(self, source, target) -> None:
        self._maybe_fail("replace")
        os.replace(source, target)

    # `tempfile`
    def mkstemp(self, *args, **kwargs):
        self._maybe_fail("mkstemp")
        import tempfile

        return tempfile.mkstemp(*args, **kwargs)


@pytest.mark.parametrize("where", ["mkstemp", "write", "fsync", "replace"])
@pytest.mark.parametrize("after", [0, 7, 60])
def test_an_injected_full_disk_leaves_no_partial_page(setup, monkeypatch, capsys, where, after, input_log):
    out = setup.tmp / f"full-{where}-{after}"
    setup.restore_old(out)
    fault = DiskFull(where, after)
    monkeypatch.setattr(writing, "os", fault)
    monkeypatch.setattr(writing, "tempfile", fault)
    code = main(setup.args(out))
    monkeypatch.undo()
    input_log.add("disk faults", f"ENOSPC at {where} after {after} pages")
    assert fault.fired, "the fault never fired: generator.writing no longer writes the way this test expects"
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert err[0].startswith("error: ") and "cannot write (No space left on device) — free disk space" in err[0]
    olds, news, temporaries = check_old_or_new(setup, out)
    assert temporaries == 0 and news == after
    build(setup.settings(out))
    assert snapshot(out) == setup.new


def test_write_error_is_both_an_os_error_and_a_briefings_error(tmp_path):
    target = tmp_path / "folder-in-the-way"
    (target / "index.md").mkdir(parents=True)
    with pytest.raises(BriefingsError) as info:
        writing.write_if_changed(target / "index.md", "text")
    assert isinstance(info.value, OSError) and str(info.value).startswith(f"{target / 'index.md'}: cannot write (")


def test_leftover_temporaries_of_dead_writers_are_removed_and_live_ones_kept(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = folder / f".page.md.{dead.pid}.abc123.tmp"
    live = folder / f".other.md.{os.getppid()}.def456.tmp"
    leftover.write_text("half a pa", encoding="utf-8")
    live.write_text("being written", encoding="utf-8")
    writing.write_if_changed(folder / "page.md", "a page\n")
    assert not leftover.exists() and live.exists()
    assert (folder / "page.md").read_text(encoding="utf-8") == "a page\n"

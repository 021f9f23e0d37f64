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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, timedelta
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
SOURCES = 24
LANES = 2  # kill loops run side by side, one per core
ITERATIONS = 10  # per lane: 20 kills in all


def _word(rng: random.Random) -> str:
    syllables = ["ka", "lo", "mi", "ner", "sta", "qui", "vo", "dre", "pa", "lin", "tor", "shu", "bel", "gra", "fen", "zo"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


def corpus(version: str) -> dict[str, str]:
    """SOURCES unrelated articles (one event each, six days apart); version B rewords every one."""
    rng = random.Random(SEED)
    files = {}
    for index in range(SOURCES):
        day = date(2023, 1, 1) + timedelta(days=6 * index)
        w = [_word(rng) for _ in range(12)]
        person = f"{_word(rng).capitalize()} {_word(rng).capitalize()}"
        title = f"{w[0].capitalize()} {w[1]} {w[2]} approved for {w[3]}"
        body = [
            f"The {w[4]} {w[5]} committee approved the {w[1]} {w[2]} on Tuesday, said {person} in version {version}.",
            f"The {w[6]} {w[7]} plan will cost {rng.randint(2, 90)} million, revision {version}.",
            f"Critics of the {w[8]} {w[9]} said the {w[10]} {w[11]} was rushed.",
        ]
        files[f"{day:%Y}/{day:%m}/item-{index:03d}.md"] = (
            f"---\ntitle: \"{title}\"\noutlet: \"{w[0].capitalize()} Courier {version}\"\npublished: {day.isoformat()}\n---\n\n"
            + "\n\n".join(body) + "\n"
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
        if job.get("warm_up"):
            # Build once here, so that forked builds start with warm caches (dateparser's
            # locale data, compiled templates, lazy imports), as a long-running build would.
            saved = os.dup(1), os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            try:
                generator.cli.main(job["args"])
            finally:
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
            print(json.dumps({"warm": True}), flush=True)
            continue
        read_end, write_end = os.pipe()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            child(job["args"], write_end, job.get("file_limit"))
        os.close(write_end)
        first_write, rest = None, b""
        if job.get("kill_after_start") is not None:
            time.sleep(job["kill_after_start"])
            os.kill(pid, signal.SIGKILL)
        else:
            rest = os.read(read_end, 1)  # blocks until the first page is renamed into place
            if rest == b"w":
                first_write = time.monotonic() - start
            if job.get("kill_after_write") is not None:
                time.sleep(job["kill_after_write"])
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
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

    def warm_up(self, setup: "Setup") -> None:
        self.run(setup.args(setup.tmp / f"warm-up-{id(self)}"), warm_up=True)

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
    worker: Worker | None

    def args(self, out: Path) -> list[str]:
        return ["--config", str(self.config), "build", "--sources", str(self.sources_b), "--out", str(out)]

    def restore_old(self, out: Path) -> None:
        shutil.rmtree(out, ignore_errors=True)
        for name, data in self.old.items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def settings(self, out: Path) -> Settings:
        return replace(Settings(), sources=self.sources_b, out=out, templates=ROOT / "templates",
                       mkdocs_file=self.config.parent / "mkdocs.yml",  # as the worker's config resolves them
                       outlets_file=self.config.parent / "outlets.yml")


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> Setup:
    tmp = tmp_path_factory.mktemp("faults")
    write_corpus(tmp / "sources-a", corpus("A"))
    write_corpus(tmp / "sources-b", corpus("B"))
    config = tmp / "briefings.yml"
    config.write_text(f"templates: {ROOT / 'templates'}\n", encoding="utf-8")
    build(replace(Settings(), sources=tmp / "sources-a", out=tmp / "old", templates=ROOT / "templates", mkdocs_file=tmp / "mkdocs.yml",
                outlets_file=tmp / "outlets.yml"))
    old = snapshot(tmp / "old")
    shutil.copytree(tmp / "old", tmp / "new")
    build(replace(Settings(), sources=tmp / "sources-b", out=tmp / "new", templates=ROOT / "templates", mkdocs_file=tmp / "mkdocs.yml",
                outlets_file=tmp / "outlets.yml"))
    new = snapshot(tmp / "new")
    worker = Worker()
    setup = Setup(tmp, config, tmp / "sources-b", old, new, worker)
    worker.warm_up(setup)
    yield setup
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


def kill_lane(setup: Setup, lane: int) -> list[tuple[bool, int, int, int]]:
    """One kill loop in its own docs folder, with its own worker: (killed, old, new, temporaries) per kill."""
    rng = random.Random(SEED + lane)
    out = setup.tmp / f"killed-{lane}"
    worker = setup.worker if lane == 0 else Worker()
    try:
        if worker is not setup.worker:
            worker.warm_up(setup)
        # The quickest of three uninterrupted runs sets the kill times: one slowed down by
        # another process on the machine would put most kills after the build's end.
        calibrations = []
        for _ in range(3):
            setup.restore_old(out)
            calibrations.append(worker.run(setup.args(out)))
            assert calibrations[-1]["exit"] == 0 and snapshot(out) == setup.new
        total = min(run["elapsed"] for run in calibrations)
        writing_phase = min(run["elapsed"] - run["first_write"] for run in calibrations)
        outcomes = []
        for iteration in range(ITERATIONS):
            setup.restore_old(out)
            if iteration % 4 == 3:  # anywhere in the run: reading, grouping, rendering or writing
                result = worker.run(setup.args(out), kill_after_start=rng.uniform(0, 0.9 * total))
            else:  # somewhere in the writing phase, where a kill can tear a file
                result = worker.run(setup.args(out), kill_after_write=rng.uniform(0, 0.8 * writing_phase))
            assert result["crash"] is None, result
            olds, news, temporaries = check_old_or_new(setup, out)
            outcomes.append((result["killed"], olds, news, temporaries))
            # The next build completes and ends exactly where an uninterrupted one does.
            again = worker.run(setup.args(out))
            assert again["exit"] == 0 and again["crash"] is None, again
            assert snapshot(out) == setup.new, f"lane {lane}, kill {iteration}: the next build differs from a clean one"
        return outcomes
    finally:
        if worker is not setup.worker:
            worker.close()


def test_sigkill_at_random_points_loses_nothing(setup, input_log):
    with ThreadPoolExecutor(LANES) as pool:
        lanes = list(pool.map(lambda lane: kill_lane(setup, lane), range(LANES)))
    outcomes = [outcome for lane in lanes for outcome in lane]
    killed = sum(1 for was_killed, *_ in outcomes if was_killed)
    input_log.count("SIGKILLs", killed)
    # Timing varies with load: a kill may come after the build ended. Most must not.
    assert len(outcomes) >= 20 and killed >= 0.4 * len(outcomes), outcomes
    mixed = sum(1 for was_killed, olds, news, _ in outcomes if was_killed and olds and news)
    print(f"{killed} of {len(outcomes)} builds killed, {mixed} with old and new pages side by side, "
          f"{sum(1 for *_, temporaries in outcomes if temporaries)} with a temporary file left behind")
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


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Setup:
    """The first dozen articles only: the injected faults run a build in this process each time."""
    tmp = tmp_path_factory.mktemp("disk-full")
    keep = sorted(corpus("A"))[:12]
    write_corpus(tmp / "sources-a", {name: corpus("A")[name] for name in keep})
    write_corpus(tmp / "sources-b", {name: corpus("B")[name] for name in keep})
    config = tmp / "briefings.yml"
    config.write_text(f"templates: {ROOT / 'templates'}\n", encoding="utf-8")
    build(replace(Settings(), sources=tmp / "sources-a", out=tmp / "old", templates=ROOT / "templates", mkdocs_file=tmp / "mkdocs.yml",
                outlets_file=tmp / "outlets.yml"))
    shutil.copytree(tmp / "old", tmp / "new")
    build(replace(Settings(), sources=tmp / "sources-b", out=tmp / "new", templates=ROOT / "templates", mkdocs_file=tmp / "mkdocs.yml",
                outlets_file=tmp / "outlets.yml"))
    return Setup(tmp, config, tmp / "sources-b", snapshot(tmp / "old"), snapshot(tmp / "new"), None)


@pytest.mark.parametrize("where", ["mkstemp", "write", "fsync", "replace"])
@pytest.mark.parametrize("after", [0, 5])
def test_an_injected_full_disk_leaves_no_partial_page(small, monkeypatch, capsys, where, after, input_log):
    out = small.tmp / f"full-{where}-{after}"
    small.restore_old(out)
    fault = DiskFull(where, after)
    monkeypatch.setattr(writing, "os", fault)
    monkeypatch.setattr(writing, "tempfile", fault)
    code = main(small.args(out))
    monkeypatch.undo()
    input_log.add("disk faults", f"ENOSPC at {where} after {after} pages")
    assert fault.fired, "the fault never fired: generator.writing no longer writes the way this test expects"
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert err[0].startswith("error: ") and "cannot write (No space left on device) — free disk space" in err[0]
    olds, news, temporaries = check_old_or_new(small, out)
    assert temporaries == 0 and news == after and olds >= 1
    build(small.settings(out))
    assert snapshot(out) == small.new


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

"""Two builds of one docs folder at once: the second waits, or exits 2 with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from generator.build import build
from generator.cli import main
from generator.locking import BuildLocked, locked

from .conftest import ROOT
from .test_edits import SOURCES

pytestmark = pytest.mark.skipif(os.name != "posix", reason="builds are locked with flock")


def test_a_second_build_gives_up_with_a_clear_message(project, capsys):
    settings = project(SOURCES)
    config = settings.out.parent / "briefings.yml"
    config.write_text("", encoding="utf-8")
    with locked(settings.out):
        with pytest.raises(BuildLocked):
            build(settings, wait=0.1)
        status = main(["--config", str(config), "build", "--wait", "0.2"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.splitlines()[-1] == (
        f"error: {settings.out}: another `briefings build` is still writing this folder (waited 0.2 s) — "
        "let it finish and run the command again, or pass --wait SECONDS to wait longer"
    )
    assert not any(settings.out.iterdir())  # nothing was written meanwhile


def test_a_second_build_waits_for_the_first(project, capsys):
    settings = project(SOURCES)
    held = threading.Event()

    def hold() -> None:
        with locked(settings.out):
            held.set()
            time.sleep(0.5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    started = time.monotonic()
    report = build(settings, wait=30)
    thread.join()
    assert time.monotonic() - started >= 0.4
    assert report.errors == [] and len(report.written) == 15
    assert "waiting for another `briefings build`" in capsys.readouterr().err


def test_check_waits_for_a_build_but_checks_alongside_another_check(project):
    settings = project(SOURCES)
    build(settings)
    with locked(settings.out, shared=True):
        assert build(settings, write=False, wait=0).written == []  # shared with shared: no wait
        with pytest.raises(BuildLocked):
            build(settings, wait=0.1)  # a build must not write under a check


@pytest.mark.slow
def test_two_real_builds_at_once_leave_whole_files(project):
    settings = project(SOURCES)
    config = settings.out.parent / "briefings.yml"
    config.write_text("", encoding="utf-8")
    command = [sys.executable, "-m", "generator", "--config", str(config), "build"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment) for _ in range(2)]
    results = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
    assert [code for _, _, code in results] == [0, 0], results
    summaries = sorted(out.strip().splitlines()[-1] for out, _, _ in results)
    assert summaries == [
        "2 articles read, 0 warnings, 0 errors, 2 events, 0 stories, pages: 0 written, 15 unchanged",
        "2 articles read, 0 warnings, 0 errors, 2 events, 0 stories, pages: 15 written, 0 unchanged",
    ]
    assert not [p for p in settings.out.rglob("*") if p.name.endswith(".tmp")]

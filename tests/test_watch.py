"""``briefings watch``: a build, then one more for every change to the seeds, with the same output as
``briefings build``, and a clean stop."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildResult, Warm, build, run_build, warm_up
from generator.buildserver.known import Watched
from generator.config import load_settings
from generator.watch import watch

ROOT = Path(__file__).resolve().parent.parent

SEED = """HARBOUR TOWN - The Harbour Town council voted on Tuesday to close the old ferry pier for repairs
after engineers found cracks in two of its supports.

"We cannot let people walk on a pier we are not sure of," said Mayor Lena Korval after the vote.

The repairs will cost about 2.4 million crowns and take until the spring, the council said.
"""


class Builds:
    """The results of the watcher's builds, waited for one by one."""

    def __init__(self) -> None:
        self.results: list[BuildResult] = []
        self.cond = threading.Condition()

    def add(self, result: BuildResult) -> None:
        with self.cond:
            self.results.append(result)
            self.cond.notify_all()

    def wait_for(self, n: int, timeout: float = 60) -> BuildResult:
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.results) >= n, timeout), f"no build #{n}"
            return self.results[n - 1]


def wait_for_line(log: io.StringIO, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.getvalue():
        assert time.monotonic() < deadline, log.getvalue()
        time.sleep(0.05)


@contextlib.contextmanager
def watching(config: Path) -> Iterator[tuple[Builds, io.StringIO]]:
    """``watch`` in a thread, once its first build is done and it watches (the model loaded); stopped
    cleanly on leaving."""
    builds, stop, log = Builds(), threading.Event(), io.StringIO()
    watcher = threading.Thread(
        target=lambda: watch(config, stream=log, stop=stop, on_build=builds.add), name="watch", daemon=True
    )
    watcher.start()
    try:
        assert builds.wait_for(1, timeout=120).exit_code == 0
        wait_for_line(log, "briefings: watching seeds/")
        yield builds, log
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    assert log.getvalue().rstrip().endswith("briefings: stopped watching")


def test_a_seed_dropped_in_is_built_as_briefings_build_would(repo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = repo_copy / "mkdocs.yml"
    started: list[Watched | None] = []  # the watch on the kernel's changes the watcher keeps
    start = Watched.start
    monkeypatch.setattr(Watched, "start", lambda settings: started.append(start(settings)) or started[-1])
    with watching(config) as (builds, _):
        (repo_copy / "seeds" / "harbour-pier.txt").write_text(SEED, encoding="utf-8")
        added = builds.wait_for(2)
        assert added.exit_code == 0 and added.built >= 1 and "harbour-pier.md" in added.written
        brief = (repo_copy / "briefs" / "harbour-pier.md").read_text(encoding="utf-8")
        assert "Lena Korval" in brief and "We cannot let people walk on a pier we are not sure of" in brief
        # what a build of its own process would write, byte for byte: --check finds nothing to change
        assert run_build(config, check=True) == 0
        # reading the seeds (the build itself, and --check just now) is no change: no build follows
        time.sleep(1.0)
        assert len(builds.results) == 2
        (repo_copy / "seeds" / "harbour-pier.txt").unlink()
        removed = builds.wait_for(3)
        assert removed.removed == 1 and not (repo_copy / "briefs" / "harbour-pier.md").exists()
        assert run_build(config, check=True) == 0
    # With inotify, both builds after the first looked only at the files the kernel named changed.
    assert len(started) == 1
    if started[0] is not None:
        assert started[0].known_builds == 2


def test_the_command_stops_cleanly_on_ctrl_c(repo_copy: Path) -> None:
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}  # SIGABRT then prints where every thread is
    # Ctrl-C as in a terminal: a test run started in the background (``cmd &``) inherits SIGINT ignored,
    # as shells set it for background jobs, and Python then keeps it ignored: the command would never
    # see the signal (the one hang this test saw, in such a run).
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "watch", "--config", str(repo_copy / "mkdocs.yml")],
        stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:  # until it says it is watching
        lines.append(line)
        if line.startswith("briefings: watching"):
            break
    proc.send_signal(signal.SIGINT)
    try:
        _, rest = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # say where it hangs
        proc.send_signal(signal.SIGABRT)
        _, rest = proc.communicate(timeout=30)
        pytest.fail("the command did not end within 30 s of Ctrl-C:\n" + "".join(lines) + rest)
    assert proc.returncode == 0, "".join(lines) + rest
    assert rest.strip().splitlines()[-1] == "briefings: stopped watching"


def test_a_missing_config_is_one_line(tmp_path: Path) -> None:
    out = io.StringIO()
    assert watch(tmp_path / "nope.yml", stream=out) == 2
    assert len(out.getvalue().strip().splitlines()) == 1 and "nope.yml" in out.getvalue()


@pytest.mark.parametrize("forking", [True, False], ids=["forked-extraction", "another-thread-running"])
def test_builds_that_keep_their_work_write_what_a_build_of_its_own_writes(tmp_path: Path, forking: bool) -> None:
    """``Warm`` (what ``briefings watch`` keeps between builds) changes how much is worked out again, never
    a page: after each change, ``briefings build --check`` finds nothing to change.  Such a process extracts
    a few seeds in its own process (its model is loaded); with another thread running (``mkdocs serve``,
    the watcher) it never forks for extraction either.  That variant also starts with every page to render
    again (another setting) and no cache of extracted briefs, so its first build extracts them again
    before rendering, and must keep its cards as they were."""
    for name in ("seeds", "docs", "briefs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not forking:
        assert "latest_count: 20\n" in config_text
        config_text = config_text.replace("latest_count: 20\n", "latest_count: 19\n")
    (tmp_path / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    config, seeds = tmp_path / "mkdocs.yml", tmp_path / "seeds"
    settings, warm, log = load_settings(config), Warm(), io.StringIO()
    assert build(settings, warm=warm, stream=log).exit_code == 0
    warm_up(settings, warm)
    edited = sorted(seeds.glob("*.txt"))[1]
    pier = SEED.replace("Mayor Lena Korval", "Mayor Lena Korval of Harbour Town")
    # (change, whether the entity index can grow: it cannot take a card out)
    changes = [
        (lambda: (seeds / "harbour-pier.txt").write_text(SEED, encoding="utf-8"), True),  # added
        (lambda: (seeds / "harbour-pier-2.txt").write_text(pier, encoding="utf-8"), True),  # one more like it
        (lambda: edited.write_text(edited.read_text(encoding="utf-8") + "\n" + SEED, encoding="utf-8"), False),
        (lambda: (seeds / "harbour-pier.txt").unlink(), False),  # removed
        (lambda: (seeds / "harbour-pier.txt").write_text(SEED, encoding="utf-8"), True),  # back again
    ]
    idle = threading.Event()
    other = None if forking else threading.Thread(target=idle.wait, daemon=True)
    if other is not None:
        other.start()
    try:
        for step, (change, grows) in enumerate(changes):
            features, index = warm.features, warm.index
            change()
            result = build(settings, warm=warm, stream=log)
            assert result.exit_code == 0 and result.written, log.getvalue()
            # the work kept was used (the same objects, brought up to date), and is kept for the next build
            assert warm.features is features, step
            assert (warm.index is index) == grows, step
            assert run_build(config, check=True) == 0
    finally:
        idle.set()


def test_a_build_that_fails_is_one_line_and_watching_goes_on(
    repo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.watch as watch_mod

    calls: list[int] = []

    def flaky(*args: object, **kwargs: object) -> BuildResult:
        calls.append(1)
        if len(calls) == 2:  # the first build after the start
            raise OSError(28, "No space left on device")
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(watch_mod, "build", flaky)
    seed = repo_copy / "seeds" / "harbour-pier-3.txt"
    try:
        with watching(repo_copy / "mkdocs.yml") as (builds, log):
            seed.write_text(SEED, encoding="utf-8")
            wait_for_line(log, "briefings: build failed")
            seed.write_text(SEED + "\nThe pier reopens in May.\n", encoding="utf-8")  # the next change builds
            again = builds.wait_for(2)
            assert again.exit_code == 0 and "harbour-pier-3.md" in again.written
    finally:
        seed.unlink(missing_ok=True)
    failed = [line for line in log.getvalue().splitlines() if "build failed" in line]
    assert failed == ["briefings: build failed: OSError: [Errno 28] No space left on device"]

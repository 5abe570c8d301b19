"""``briefings watch``: a build, then one more for every change to the seeds, with the same output as
``briefings build``, and a clean stop."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from generator.build import BuildResult, run_build
from generator.watch import watch

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


def test_a_seed_dropped_in_is_built_as_briefings_build_would(repo_copy: Path) -> None:
    config = repo_copy / "mkdocs.yml"
    builds, stop, log = Builds(), threading.Event(), io.StringIO()
    watcher = threading.Thread(
        target=lambda: watch(config, stream=log, stop=stop, on_build=builds.add), name="watch", daemon=True
    )
    watcher.start()
    try:
        first = builds.wait_for(1, timeout=120)
        assert first.exit_code == 0
        deadline = time.monotonic() + 60
        while "briefings: watching seeds/" not in log.getvalue():  # the model is loaded, the folders watched
            assert time.monotonic() < deadline, log.getvalue()
            time.sleep(0.05)
        (repo_copy / "seeds" / "harbour-pier.txt").write_text(SEED, encoding="utf-8")
        added = builds.wait_for(2)
        assert added.exit_code == 0 and added.built >= 1 and "harbour-pier.md" in added.written
        brief = (repo_copy / "briefs" / "harbour-pier.md").read_text(encoding="utf-8")
        assert "Lena Korval" in brief and "We cannot let people walk on a pier we are not sure of" in brief
        # what a build of its own process would write, byte for byte: --check finds nothing to change
        assert run_build(config, check=True) == 0
        (repo_copy / "seeds" / "harbour-pier.txt").unlink()
        removed = builds.wait_for(3)
        assert removed.removed == 1 and not (repo_copy / "briefs" / "harbour-pier.md").exists()
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    assert log.getvalue().rstrip().endswith("briefings: stopped watching")


def test_the_command_stops_cleanly_on_ctrl_c(repo_copy: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "watch", "--config", str(repo_copy / "mkdocs.yml")],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:  # until it says it is watching
        lines.append(line)
        if line.startswith("briefings: watching"):
            break
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=30)
    assert proc.returncode == 0, "".join(lines) + rest
    assert rest.strip().splitlines()[-1] == "briefings: stopped watching"


def test_a_missing_config_is_one_line(tmp_path: Path) -> None:
    out = io.StringIO()
    assert watch(tmp_path / "nope.yml", stream=out) == 2
    assert len(out.getvalue().strip().splitlines()) == 1 and "nope.yml" in out.getvalue()

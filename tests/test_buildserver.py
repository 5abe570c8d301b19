"""The build server (generator/buildserver): ``briefings build`` hands its build to the server of its
config when one runs, gets the same output and exit code, and builds in its own process whenever the
server is missing, refuses (other code, another ``mkdocs.yml``) or was killed."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import buildserver
from generator.build import run_build
from generator.buildserver import client

ROOT = Path(__file__).resolve().parent.parent

SEED = """HARBOUR TOWN - The Harbour Town council voted on Tuesday to close the old ferry pier for repairs
after engineers found cracks in two of its supports.

"We cannot let people walk on a pier we are not sure of," said Mayor Lena Korval after the vote.

The repairs will cost about 2.4 million crowns and take until the spring, the council said.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the repository's project whose builds start a server from one briefing on, with the
    servers' sockets in a folder of this test's own (a short path: a socket's must stay short).  Any
    server still running at the end is stopped."""
    for name in ("seeds", "docs", "briefs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "build_server: 1000\n" in text
    (tmp_path / "mkdocs.yml").write_text(text.replace("build_server: 1000\n", "build_server: 1\n"), encoding="utf-8")
    run = tempfile.mkdtemp(prefix="bs", dir="/tmp" if os.path.isdir("/tmp") else None)
    monkeypatch.setenv("XDG_RUNTIME_DIR", run)
    monkeypatch.setenv("BRIEFINGS_BUILD_SERVER", "1")
    monkeypatch.setenv("BRIEFINGS_BUILD_SERVER_IDLE", "120")
    monkeypatch.delenv("CI", raising=False)
    try:
        yield tmp_path
    finally:
        config = tmp_path / "mkdocs.yml"
        client.stop(config, timeout=10)
        pid = client.running(config)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(run, ignore_errors=True)


def command(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``briefings ARGS`` run as a user runs it, in the project."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True, timeout=300
    )


def ready(config: Path) -> dict[str, object]:
    got = client.wait_ready(config, timeout=120)
    assert got is not None, _log(config)
    return got


def _log(config: Path) -> str:
    path = buildserver.address(config)
    assert path is not None
    log = path.with_suffix(".log")
    return log.read_text(encoding="utf-8") if log.exists() else "(no log)"


def gone(config: Path, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while client.running(config) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_build_starts_a_server_and_the_next_builds_are_its_with_the_same_pages(project: Path) -> None:
    config = project / "mkdocs.yml"
    first = command(project, "build")
    assert first.returncode == 0, first.stderr
    started = ready(config)  # the command started it for the next build
    assert started["builds"] == 0 and started["config"] == str(config.resolve())

    (project / "seeds" / "harbour-pier.txt").write_text(SEED, encoding="utf-8")
    added = command(project, "build")
    assert added.returncode == 0, added.stderr
    assert added.stderr.strip().splitlines()[-1].startswith("briefings: 1 built, ")
    assert client.status(config)["builds"] == 1  # type: ignore[index]  (the server made it)
    brief = (project / "briefs" / "harbour-pier.md").read_text(encoding="utf-8")
    assert "Lena Korval" in brief and "We cannot let people walk on a pier we are not sure of" in brief
    # what a build of its own process writes, byte for byte
    assert run_build(config, check=True) == 0

    # a bad seed: its one line and exit code 1 come back through the server; the others stay built
    (project / "seeds" / "empty.txt").write_bytes(b"")
    bad = command(project, "build")
    assert bad.returncode == 1
    assert "seeds/empty.txt: empty file" in bad.stderr and client.status(config)["builds"] == 2  # type: ignore[index]
    (project / "seeds" / "empty.txt").unlink()

    # --check through the server too: nothing to change
    checked = command(project, "build", "--check")
    assert checked.returncode == 0, checked.stderr
    assert client.status(config)["builds"] == 3  # type: ignore[index]

    stopped = command(project, "server", "stop")
    assert stopped.returncode == 0 and "stopped" in stopped.stderr
    assert gone(config)
    sock = buildserver.address(config)
    assert sock is not None and not sock.exists()
    assert command(project, "server", "status").returncode == 1


def test_a_server_that_cannot_serve_the_command_leaves_it_to_build_itself(project: Path) -> None:
    config = project / "mkdocs.yml"
    assert client.start(config)
    pid = ready(config)["pid"]
    assert not client.start(config)  # one server per config
    # a connection that says nothing, or nonsense, does not end it
    sock_path = buildserver.address(config)
    assert sock_path is not None
    for junk in (b"", b"[1, 2]\n", b"{not json\n"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(sock_path))
            conn.sendall(junk)
    assert client.status(config) is not None

    # other code than the command's: it refuses and ends
    assert client.build(config, code="not this code", err=io.StringIO()) is None
    assert gone(config)
    assert "refused a build: the code changed" in _log(config)

    # mkdocs.yml edited since it started: refused, the command builds itself, then starts a new server
    assert client.start(config)
    ready(config)
    config.write_text(config.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    (project / "seeds" / "harbour-pier.txt").write_text(SEED, encoding="utf-8")
    built = command(project, "build")
    assert built.returncode == 0 and "1 built" in built.stderr, built.stderr
    assert "mkdocs.yml changed since the server started" in _log(config)
    fresh = ready(config)
    assert fresh["pid"] != pid and fresh["builds"] == 0

    # killed: its socket stays behind, and the command builds itself
    os.kill(int(fresh["pid"]), signal.SIGKILL)  # type: ignore[call-overload]
    assert gone(config)
    sock = buildserver.address(config)
    assert sock is not None and sock.exists()
    (project / "seeds" / "harbour-pier.txt").unlink()
    removed = command(project, "build")
    assert removed.returncode == 0 and "1 removed" in removed.stderr, removed.stderr
    assert run_build(config, check=True) == 0


def test_an_idle_server_ends_by_itself(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = project / "mkdocs.yml"
    monkeypatch.setenv("BRIEFINGS_BUILD_SERVER_IDLE", "1")
    assert client.start(config)
    ready(config)
    assert gone(config, timeout=30)
    assert "idle; ending" in _log(config)
    sock = buildserver.address(config)
    assert sock is not None and not sock.exists()


def test_when_no_server_starts(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = project / "mkdocs.yml"
    # a project smaller than the setting
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("build_server: 1\n", "build_server: 100\n"), encoding="utf-8")
    assert command(project, "build").returncode == 0
    time.sleep(1.5)  # (a server takes its lock as it starts, well within this)
    assert client.running(config) is None
    config.write_text(text, encoding="utf-8")
    # turned off for the shell, or in CI: the command neither asks nor starts one
    for name, value in (("BRIEFINGS_BUILD_SERVER", "0"), ("CI", "true")):
        with monkeypatch.context() as m:
            if name == "CI":
                m.delenv("BRIEFINGS_BUILD_SERVER")
            m.setenv(name, value)
            assert not buildserver.wanted()
            assert command(project, "build").returncode == 0
            time.sleep(1.5)  # (a server takes its lock as it starts, well within this)
            assert client.running(config) is None
            assert command(project, "server", "start").returncode == 2


def test_a_server_that_stops_mid_build_is_said_and_the_command_builds_itself(project: Path) -> None:
    """A stand-in server that sends part of a build's output, then hangs up."""
    config = project / "mkdocs.yml"
    sock_path = buildserver.address(config)
    assert sock_path is not None
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(sock_path))
    listener.listen(1)

    def serve_half() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.makefile("rb").readline()
            buildserver.send(conn, {"err": "briefings: seeds/x.txt: empty file\n"})

    server = threading.Thread(target=serve_half, daemon=True)
    server.start()
    try:
        err = io.StringIO()
        assert client.build(config, err=err) is None
        assert err.getvalue().splitlines() == [
            "briefings: seeds/x.txt: empty file",
            "briefings: the build server stopped during the build; building here",
        ]
    finally:
        server.join(timeout=10)
        listener.close()
        sock_path.unlink()


def inotify_works(folder: Path) -> bool:
    """Whether this machine lets a process watch ``folder`` (inotify: Linux, with watches to spare)."""
    from generator.buildserver.changes import Changes

    changes = Changes.start([folder])
    if changes is None:
        return False
    changes.take()
    works = changes.take() is not None
    changes.close()
    return works


def test_changes_name_the_files_changed_and_say_when_they_cannot(tmp_path: Path) -> None:
    from generator.buildserver.changes import Changes

    if not inotify_works(tmp_path):
        pytest.skip("no inotify here: the server looks at every file, as a build of its own does")
    seeds, briefs = tmp_path / "seeds", tmp_path / "briefs"
    (seeds / "sub").mkdir(parents=True)
    briefs.mkdir()
    (seeds / "a.txt").write_text("a", encoding="utf-8")
    changes = Changes.start([seeds, briefs])
    assert changes is not None
    assert changes.take() is None  # what changed before the watch began is not known
    assert changes.take() == set()
    (seeds / "a.txt").write_text("a, again", encoding="utf-8")
    (seeds / "sub" / "b.txt").write_text("b", encoding="utf-8")
    (briefs / "x.md").write_text("x", encoding="utf-8")
    os.utime(seeds / "a.txt", (1, 1))
    (seeds / "a.txt").rename(seeds / "c.txt")
    assert changes.take() == {str(seeds / n) for n in ("a.txt", "c.txt", "sub/b.txt")} | {str(briefs / "x.md")}
    (briefs / "x.md").unlink()
    assert changes.take() == {str(briefs / "x.md")}
    (seeds / "new").mkdir()  # a folder: its files may have come before its watch
    assert changes.take() is None
    (seeds / "new" / "d.txt").write_text("d", encoding="utf-8")
    assert changes.take() == {str(seeds / "new" / "d.txt")}  # (watched again, the new folder too)
    (seeds / "link.txt").symlink_to(seeds / "c.txt")
    assert changes.take() is None  # a link in the tree: never trusted
    assert changes.take() is None
    changes.close()


def test_a_server_sees_every_kind_of_change_as_a_build_of_its_own_would(project: Path) -> None:
    """The server looks only at the files the kernel names changed: after each change here (a seed
    added, edited in place, touched, removed, put in a new folder; a page edited by hand or deleted),
    the pages are what a build of its own process writes, and a build with nothing to do stays one."""
    config, seeds, briefs = project / "mkdocs.yml", project / "seeds", project / "briefs"
    assert command(project, "build").returncode == 0
    ready(config)

    def served(expect: str | None = None) -> str:
        before = client.status(config)["builds"]  # type: ignore[index]
        got = command(project, "build")
        assert got.returncode == 0, got.stderr
        assert client.status(config)["builds"] == before + 1  # type: ignore[index]  (the server's)
        assert run_build(config, check=True) == 0, got.stderr
        if expect is not None:
            assert expect in got.stderr, got.stderr
        return got.stderr

    served("0 built")  # the first build looks at everything; the next ones at what changed
    pier = seeds / "harbour-pier.txt"
    pier.write_text(SEED, encoding="utf-8")
    served("1 built")
    assert "Lena Korval" in (briefs / "harbour-pier.md").read_text(encoding="utf-8")
    with pier.open("a", encoding="utf-8") as f:  # in place: same inode, no new file
        f.write('\n"The ferry will run from the north quay until then," said Harbour Master Ida Brunn.\n')
    served()
    assert "Ida Brunn" in (briefs / "harbour-pier.md").read_text(encoding="utf-8")
    os.utime(pier, (1_700_000_000, 1_700_000_000))  # a new time, the same bytes: nothing to build
    served("0 built")
    page = briefs / "harbour-pier.md"
    good = page.read_bytes()
    page.write_bytes(good + b"\nedited by hand\n")
    served()
    assert page.read_bytes() == good
    page.unlink()
    served()
    assert page.read_bytes() == good
    (seeds / "more").mkdir()
    (seeds / "more" / "ferry-fares.txt").write_text(SEED.replace("pier", "ferry"), encoding="utf-8")
    served()
    assert (briefs / "ferry-fares.md").is_file()
    pier.unlink()
    served("1 removed")
    assert not page.exists()
    for _ in range(2):
        assert "0 built" in served() and command(project, "build", "--check").returncode == 0
    # all but the first build, the one after the new folder and the --check ones looked only at what changed
    status = client.status(config)
    assert status is not None
    assert status["known"] == (status["builds"] - 4 if inotify_works(project) else 0), status

"""The command's end: ask the server to build, start one, stop one, or say whether one runs."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from generator.buildserver import address, code_stamp, config_path, send


def _connect(sock_path: Path | None) -> socket.socket | None:
    if sock_path is None:
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(sock_path))
    except OSError:  # no server, or a socket left by one that was killed
        conn.close()
        return None
    return conn


def build(
    config: str | Path, *, check: bool = False, force: bool = False, err: TextIO | None = None, code: str | None = None
) -> int | None:
    """The exit code of the server's build of ``config``, its output written to ``err`` as it comes; None when there is
    no server, it refused (it then ends), or it stopped before answering: build here instead.
    ``code``: the code stamp to send (default: this process's; tests send another)."""
    err = err if err is not None else sys.stderr
    path = config_path(config)
    conn = _connect(address(path))
    if conn is None:
        return None
    said = False
    with conn:
        tty = hasattr(err, "isatty") and err.isatty()
        request = {"config": str(path), "code": code or code_stamp(), "check": check, "force": force, "tty": tty}
        try:
            send(conn, request)
            for line in conn.makefile("rb"):
                message = json.loads(line)
                if "err" in message:
                    err.write(message["err"])
                    err.flush()
                    said = True
                elif "exit" in message:
                    return int(message["exit"])
                elif "refused" in message:
                    return None
        except (OSError, ValueError):
            pass
        except KeyboardInterrupt:  # the server finishes the build: briefs/ is never left half-written
            print("\nbriefings: interrupted; the build server finishes this build", file=err, flush=True)
            return 130
    if said:
        print("briefings: the build server stopped during the build; building here", file=err, flush=True)
    return None


def running(config: str | Path) -> int | None:
    """The process id of the server of ``config`` (ready or warming up); None when none runs."""
    sock_path = address(config)
    if sock_path is None:
        return None
    try:
        import fcntl

        fd = os.open(sock_path.with_suffix(".lock"), os.O_RDONLY | os.O_CLOEXEC)
    except (ImportError, OSError):
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:  # held: a server runs
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            return int(text) if text.isdigit() else 0
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def status(config: str | Path) -> dict[str, Any] | None:
    """What a ready server says of itself (process id, builds made); None when none is ready."""
    conn = _connect(address(config))
    if conn is None:
        return None
    with conn:
        try:
            send(conn, {"ask": "status"})
            line = conn.makefile("rb").readline()
            return json.loads(line) if line else None
        except (OSError, ValueError):
            return None


def start(config: str | Path) -> bool:
    """Start the server of ``config`` in the background, unless one runs; True when one was started.

    Its own session, no terminal, no inherited files: it must not hold the command's output open
    (a pipe reading it would wait for the server), nor get its Ctrl-C."""
    import subprocess

    path = config_path(config)
    if address(path) is None or running(path) is not None:
        return False
    try:
        subprocess.Popen(
            [sys.executable, "-m", "generator.buildserver.daemon", str(path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd=path.parent, start_new_session=True, close_fds=True,
        )  # fmt: skip
    except OSError:
        return False
    return True


def wait_ready(config: str | Path, timeout: float = 300) -> dict[str, Any] | None:
    """Wait for the server of ``config`` to be ready (warming up at 10,000 seeds takes seconds); its
    status, or None if it ended or did not get ready in ``timeout`` seconds."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        got = status(config)
        if got is not None:
            return got
        if running(config) is None and time.monotonic() - began > 2:  # (it takes its lock as it starts)
            return None
        time.sleep(0.1)
    return None


def stop(config: str | Path, timeout: float = 30) -> bool:
    """Stop the server of ``config`` (also one still warming up); True when one was running."""
    pid = running(config)
    if pid is None:
        return False
    conn = _connect(address(config))
    if conn is not None:
        with conn, contextlib.suppress(OSError):
            send(conn, {"ask": "stop"})
            conn.makefile("rb").readline()
    elif pid:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while running(config) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    return True

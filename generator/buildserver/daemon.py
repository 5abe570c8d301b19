"""The build server itself: ``python -m generator.buildserver.daemon CONFIG`` (started by the command).

One server per config file, held by an advisory lock (``<key>.lock``, with its process id): a second
one started for the same file ends at once.  It warms up first, then listens on ``<key>.sock``; a
command that comes before that builds in its own process.  Requests are served one at a time (a
second command waits for the first, as the build lock would make it anyway).  What it does is logged
in ``<key>.log``, one line per build.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from generator.buildserver import address, code_stamp, config_path, idle_seconds, send

if TYPE_CHECKING:
    from generator.config import Settings

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows (no server there: ``wanted`` is False)
    fcntl = None  # type: ignore[assignment]


class _Relay(io.TextIOBase):
    """The build's output stream: each write goes to the command as it is made.  A command that went
    away (Ctrl-C) does not stop the build: it finishes, so that ``briefs/`` is left whole."""

    def __init__(self, conn: socket.socket, tty: bool) -> None:
        self.conn, self.tty, self.gone = conn, tty, False

    def write(self, text: str) -> int:
        if not self.gone and text:
            try:
                send(self.conn, {"err": text})
            except OSError:
                self.gone = True
        return len(text)

    def isatty(self) -> bool:
        return self.tty  # the progress display shows when the command's stderr is a terminal


def _config_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class Server:
    """The state kept between builds, and the answer to one request."""

    def __init__(self, config: Path, log: TextIO) -> None:
        from generator.build import Warm

        self.config, self.log = config, log
        self.stamp = code_stamp()
        self.config_stamp = _config_stamp(config)
        self.warm = Warm()
        self.settings: Settings | None = None
        self.builds = 0

    def warm_up(self) -> None:
        """Load the model, read the manifest, work out what every build needs of every briefing."""
        from generator.build import warm_up
        from generator.config import load_settings
        from generator.extract.ner import load_model

        load_model()
        # Read once: a server whose mkdocs.yml changed refuses to build (``_refusal``).
        self.settings = load_settings(self.config)
        warm_up(self.settings, self.warm)
        from generator.buildserver.known import Watched

        self.warm.watched = Watched.start(self.settings)
        gc.collect()
        gc.freeze()  # what stays is never walked by the collector again

    def handle(self, conn: socket.socket) -> bool:
        """Answer one request; False when the server is to end."""
        conn.settimeout(10)
        line = conn.makefile("rb").readline()
        conn.settimeout(None)
        try:
            request = json.loads(line)
        except ValueError:
            return True
        if not isinstance(request, dict):
            return True
        if request.get("ask") == "stop":
            send(conn, {"stopping": True, "pid": os.getpid()})
            self._note("stop requested")
            return False
        if request.get("ask") == "status":
            send(conn, {
                "pid": os.getpid(), "builds": self.builds, "config": str(self.config),
                # builds that looked only at the files named changed
                "known": self.warm.watched.known_builds if self.warm.watched is not None else 0,
            })  # fmt: skip
            return True
        why = self._refusal(request)
        if why is not None:
            send(conn, {"refused": why})
            self._note(f"refused a build: {why}; ending")
            return False
        self._build(conn, request)
        return True

    def _refusal(self, request: dict[str, Any]) -> str | None:
        if request.get("config") != str(self.config):
            return "another config file"
        if request.get("code") != self.stamp:
            return "the code changed since the server started"
        if _config_stamp(self.config) != self.config_stamp:
            return f"{self.config.name} changed since the server started"
        return None

    def _build(self, conn: socket.socket, request: dict[str, Any]) -> None:
        from generator.build import build

        settings = self.settings
        assert settings is not None, "a request before warm_up"  # (the socket is bound after it)
        relay = _Relay(conn, bool(request.get("tty")))
        t0 = time.monotonic()
        try:
            result = build(
                settings, check=bool(request.get("check")), force=bool(request.get("force")), stream=relay,
                warm=self.warm,
            )  # fmt: skip
            code = result.exit_code
        except Exception as exc:  # anything else: one line, and the next build starts afresh
            self.warm.features = self.warm.index = None
            relay.write(f"briefings: build failed: {type(exc).__name__}: {exc}\n")
            code = 2
        self.builds += 1
        with contextlib.suppress(OSError):
            send(conn, {"exit": code})
        self._note(f"build {self.builds}: exit {code} in {time.monotonic() - t0:.2f}s")
        gc.freeze()

    def _note(self, text: str) -> None:
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} [{os.getpid()}] {text}", file=self.log, flush=True)


def serve(config: str | Path) -> int:
    """Run the server of ``config`` until it has been idle for ``idle_seconds()``, is stopped, or
    refuses a build; 0, or 1 when another server of this config already runs."""
    path = config_path(config)
    sock_path = address(path)
    if sock_path is None or fcntl is None:
        return 1
    lock = os.open(sock_path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return 1
    os.ftruncate(lock, 0)
    os.pwrite(lock, str(os.getpid()).encode("ascii"), 0)
    log_path = sock_path.with_suffix(".log")
    # One line per build, kept across servers of the config, started afresh past a megabyte.
    big = log_path.exists() and log_path.stat().st_size > 1 << 20
    with open(log_path, "w" if big else "a", encoding="utf-8") as log:
        server = Server(path, log)
        server._note(f"starting for {path}")
        listener = None
        try:
            server.warm_up()
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            with contextlib.suppress(FileNotFoundError):
                sock_path.unlink()  # a socket left by a server that was killed (we hold the lock)
            listener.bind(str(sock_path))
            listener.listen(8)
            listener.settimeout(idle_seconds())
            server._note("ready")
            while True:
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    server._note("idle; ending")
                    break
                with conn:
                    try:
                        keep = server.handle(conn)
                    except OSError:  # a command that went away, or never said what it wanted
                        keep = True
                    if not keep:
                        break
        except Exception as exc:
            server._note(f"failed: {type(exc).__name__}: {exc}")
            return 2
        finally:
            # The socket first: a command that comes now builds in its own process.
            if listener is not None:
                with contextlib.suppress(OSError):
                    sock_path.unlink()  # ours: no other server of this config runs while we hold the lock
                listener.close()
            os.close(lock)
    return 0


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1]))

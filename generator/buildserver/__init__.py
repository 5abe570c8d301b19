"""The build server: a process that keeps a big project's build warm between ``briefings build`` commands.

Why: a build in a process of its own starts by importing its modules, loading the NER model and
reading the manifest, then works out relating features and the entity index of every briefing
before it can add one: at 10,000 seeds that is two of the three seconds adding one seed takes.  A
process that stays keeps all of it (as ``briefings watch`` does) and builds in a second or so.

How (Gradle's daemon is the model):
- ``briefings build`` first asks the server of its ``mkdocs.yml``, over a Unix socket, to build; the
  server runs the very same ``build`` and sends back its output and exit code.  No server, or one that
  refuses (its code or ``mkdocs.yml`` changed since it started: it then ends), and the command builds
  in its own process, as it always did.
- After such a build of a project with at least ``build_server`` briefings (a setting, 1,000 by
  default, 0 for never), the command starts a server in the background for the next one.  It warms up
  (model, manifest, features, index), then listens.  It ends after ``IDLE`` seconds without a build,
  and on ``briefings server stop``.
- ``BRIEFINGS_BUILD_SERVER=0`` turns it off for a shell (the tests do); it is also off when ``CI`` is set.

This module is what both ends share and stays cheap to import: the command imports it before it knows
whether it will build in its own process.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

from generator import __version__

# Seconds a server waits for a build before it ends (``BRIEFINGS_BUILD_SERVER_IDLE``): three hours, as
# Gradle's daemon and Bazel's server wait.  A build without a server (the first after the server ended)
# takes twice as long or more at 10,000 seeds, so a working day's pauses should not end it.
IDLE = 10800.0
PROTOCOL = 1
PACKAGE = Path(__file__).resolve().parent.parent


def wanted() -> bool:
    """Whether builds may use, and start, a server: not with ``BRIEFINGS_BUILD_SERVER=0``, not in CI (a
    job's builds are one-offs, and a process left behind would outlive the job's build for nothing),
    not where there are no Unix sockets."""
    if os.environ.get("BRIEFINGS_BUILD_SERVER", "").strip() in ("0", "off", "no", "false"):
        return False
    if os.environ.get("CI") and os.environ.get("BRIEFINGS_BUILD_SERVER", "").strip() not in ("1", "on"):
        return False
    return hasattr(socket, "AF_UNIX") and hasattr(os, "getuid")


def idle_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("BRIEFINGS_BUILD_SERVER_IDLE", IDLE)))
    except ValueError:
        return IDLE


def _folder() -> Path | None:
    """This user's folder for the servers' sockets, locks and logs: private (0700), else None.

    Not the project's cache folder: a socket's path must stay under about 100 bytes."""
    # (``tempfile.gettempdir`` would cost the command a fortieth of a second of imports)
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp")
    folder = base / f"briefings-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.stat()
    except OSError:
        return None
    # Someone else's folder, or one others can write in, could hold a socket that is not ours.
    if st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    return folder


def config_path(config: str | Path) -> Path:
    """The config file as the server knows it: absolute, with symbolic links resolved."""
    return Path(config).resolve()


def address(config: str | Path) -> Path | None:
    """Where the server of ``config`` listens (``<key>.sock``) and keeps its lock and log (``.lock``,
    ``.log``): one server per config file."""
    folder = _folder()
    if folder is None:
        return None
    key = hashlib.sha256(str(config_path(config)).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return folder / f"{key}.sock"


def code_stamp() -> str:
    """Changes whenever the server's code could differ from the command's: this package's files (by
    size and time), the Python running it, and the installed packages (the time of site-packages
    changes when one is installed, removed or upgraded).  A server whose stamp is not the command's
    refuses to build and ends."""
    h = hashlib.sha256(f"{PROTOCOL} {__version__} {sys.executable} {sys.version}".encode())
    stack = [str(PACKAGE)]
    while stack:
        top = stack.pop()
        try:
            entries = sorted(os.scandir(top), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    stack.append(entry.path)
            elif entry.name.endswith((".py", ".j2", ".txt", ".json")):
                st = entry.stat()
                h.update(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    import sysconfig

    for key in ("purelib", "platlib"):
        with contextlib.suppress(OSError):
            h.update(f"{key}\0{os.stat(sysconfig.get_path(key)).st_mtime_ns}\n".encode())
    return h.hexdigest()


def send(conn: socket.socket, message: dict[str, Any]) -> None:
    """One message: a line of JSON."""
    conn.sendall(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")

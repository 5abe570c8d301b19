"""One build of a project at a time: ``briefings build``, ``briefings watch`` and ``mkdocs serve``
may all run on the same folders, and two builds writing ``briefs/`` and the manifest at once would
leave a manifest that describes neither.

The lock is an advisory ``flock`` on ``<cache_dir>/build.lock``: the kernel drops it when its holder
exits, however it exits, so a crashed build never leaves the project locked.  The file holds the
holder's process id, for the message of the build that waits.  Where ``fcntl`` does not exist
(Windows), or the cache folder cannot be written, builds are not serialised.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "build.lock"
WAITING = "briefings: another build of this project is running"


@contextlib.contextmanager
def build_lock(folder: Path, err: TextIO) -> Iterator[None]:
    """Hold the project's build lock (in ``folder``, the cache folder) for the duration of the block;
    if another build holds it, say so in one line on ``err`` and wait for it."""
    if fcntl is None:
        yield
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:  # a read-only checkout (``--check`` in CI): nothing to guard against there
        yield
        return
    try:
        with contextlib.suppress(OSError):  # a file system without locks (some network mounts): unguarded
            _acquire(fd, err)
        yield
    finally:
        os.close(fd)  # closing the only descriptor of this open file releases the lock


def _acquire(fd: int, err: TextIO) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        who = f" (process {holder})" if holder.isdigit() else ""
        print(f"{WAITING}{who}; waiting for it to finish", file=err)
        err.flush()
        fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)

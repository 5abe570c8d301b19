"""What changed in the seeds and briefs folders since the server last looked, from the kernel (inotify).

Why: a build finds what changed by the size and time of every seed and page, 35,000 ``stat`` calls at
10,000 seeds: about a quarter of a second of every build, even of one with nothing to do.  A server
that stays can ask the kernel instead: only the files it names are looked at, the others are as the
last build's state recorded them (``known.py``).

When that cannot be trusted, ``take`` says so (None) and the build looks at everything, as always: the
first time (what changed before the watch began is not known), after the kernel's queue overflowed,
after a folder was created, removed or moved in either tree (watches are then set up again), and
always where a seed is a symbolic link (its target can change unseen).  Linux only; elsewhere
``Changes.start`` gives None and builds look at everything.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import struct
import sys
from pathlib import Path

_MODIFY, _ATTRIB, _CLOSE_WRITE = 0x2, 0x4, 0x8
_MOVED_FROM, _MOVED_TO, _CREATE, _DELETE = 0x40, 0x80, 0x100, 0x200
_DELETE_SELF, _MOVE_SELF, _UNMOUNT, _Q_OVERFLOW, _IGNORED = 0x400, 0x800, 0x2000, 0x4000, 0x8000
_DONT_FOLLOW, _ISDIR = 0x2000000, 0x40000000
_FILES = _MODIFY | _ATTRIB | _CLOSE_WRITE | _MOVED_FROM | _MOVED_TO | _CREATE | _DELETE
_MASK = _FILES | _DELETE_SELF | _MOVE_SELF | _DONT_FOLLOW
_LOST = _DELETE_SELF | _MOVE_SELF | _UNMOUNT | _Q_OVERFLOW | _IGNORED  # the watch can no longer be trusted
_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len (then the name)


class Changes:
    """The files created, written, removed or moved under ``folders`` since the last ``take``."""

    def __init__(self, libc: ctypes.CDLL, folders: list[Path]) -> None:
        self._libc, self._folders = libc, folders
        self._fd = -1
        self._dirs: dict[int, str] = {}  # watch descriptor -> its folder
        self._usable = False

    @classmethod
    def start(cls, folders: list[Path]) -> Changes | None:
        """A watch of ``folders`` (none set up until the first ``take``); None off Linux."""
        if not sys.platform.startswith("linux"):
            return None
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.inotify_init1  # noqa: B018 (present?)
        except (OSError, AttributeError):
            return None
        return cls(libc, folders)

    def take(self) -> set[str] | None:
        """The paths changed since the last call; None when that is not known (see the module)."""
        changed: set[str] = set()
        ok = self._usable and self._drain(changed)
        if not ok:
            self._watch_again()  # before the caller looks at everything: what changes from now on is seen
            return None
        return changed

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def _drain(self, changed: set[str]) -> bool:
        """Read every queued event into ``changed``; False when they cannot be trusted."""
        while True:
            try:
                data = os.read(self._fd, 1 << 16)
            except BlockingIOError:
                return True
            except OSError:
                return False
            offset = 0
            while offset < len(data):
                wd, mask, _, length = _EVENT.unpack_from(data, offset)
                start = offset + _EVENT.size
                name = data[start : start + length].rstrip(b"\0")
                offset = start + length
                if mask & _LOST or (mask & _ISDIR and mask & (_CREATE | _DELETE | _MOVED_FROM | _MOVED_TO)):
                    return False
                folder = self._dirs.get(wd)
                if folder is None:
                    return False
                if name:
                    path = os.path.join(folder, os.fsdecode(name))
                    if mask & (_CREATE | _MOVED_TO) and os.path.islink(path):  # (its target is not watched)
                        return False
                    changed.add(path)

    def _watch_again(self) -> None:
        """Watch every folder of the trees afresh; unusable when one holds a symbolic link (its target
        is not watched) or a watch cannot be set up (``fs.inotify.max_user_watches``)."""
        self.close()
        self._dirs.clear()
        self._usable = False
        fd = self._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            return
        self._fd = fd
        stack = [str(top) for top in self._folders]
        if any(not os.path.isdir(top) or os.path.realpath(top) != top for top in stack):
            return
        while stack:
            folder = stack.pop()
            wd = self._libc.inotify_add_watch(fd, os.fsencode(folder), _MASK)
            if wd < 0:
                return
            self._dirs[wd] = folder
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if entry.is_symlink():
                            return
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
            except OSError:
                return
        self._usable = True

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

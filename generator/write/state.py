"""What the last build saw on disk: sizes and modification times, so the next build reads only what changed.

The manifest (committed with the briefs) says what every page was built from, by content hash; this
file (in the cache folder, never committed: times are local to a checkout) adds the size and
modification time of every seed and page as the last build left them, and the manifest's own (those
of its files: ``manifest_stamp``).  When all of them are as recorded and the code, templates and
settings have the same fingerprints, nothing can have changed: the build stops there, without
reading a seed or loading the manifest (a no-op build of 10,000 seeds is a few hundred stat calls per
second of budget, not 40 MB of JSON).

A seed whose size and time are as recorded keeps its recorded hash without being read; any other
seed is read and hashed, so editing a file (or touching it) costs one read, never a wrong result.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import orjson

from generator.write.atomic import write_if_changed

STATE_NAME = "state.json"
FORMAT = 2  # 2: the manifest by its stamp (``manifest_stamp``: shards), not its size and time

Stat = tuple[int, int]  # (size in bytes, modification time in ns)


def stat_of(path: str | Path) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


T = TypeVar("T")


class LastRead(Generic[T]):
    """The object a process last read from a file or wrote to it, given again while the file keeps its
    size and time: a process that builds again and again (``briefings watch``, ``mkdocs serve``) and
    the plugin's hooks would otherwise parse the same tens of megabytes of JSON each time."""

    def __init__(self) -> None:
        self._held: tuple[str, object, T] | None = None

    @property
    def empty(self) -> bool:
        return self._held is None

    def load(self, path: Path, read: Callable[[Path], T], stamp: Callable[[Path], object] = stat_of) -> T:
        """What ``read(path)`` gives, from memory when the file is as it was then (by ``stamp``: its
        size and time, or for the manifest those of its shards too)."""
        st = stamp(path)
        held = self._held
        if held is not None and st is not None and held[0] == str(path) and held[1] == st:
            return held[2]
        value = read(path)
        self.keep(path, value, st)
        return value

    def keep(self, path: Path, value: T, st: object = None) -> None:
        """``value`` is what ``path`` holds now (just written, or read when it had ``st``: its stamp)."""
        st = st if st is not None else stat_of(path)
        self._held = (str(path), st, value) if st is not None else None

    def forget(self) -> None:
        """Hold nothing (for a process that needs the memory more)."""
        self._held = None


@dataclass
class State:
    extractor: str = ""
    renderer: str = ""
    manifest: str | None = None  # ``manifest_stamp`` of the manifest as this build left it
    seeds: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # name -> size, mtime_ns, sha256
    pages: dict[str, Stat] = field(default_factory=dict)  # page path under briefs/ -> size, mtime_ns

    def seed_sha(self, name: str, stat: Stat) -> str | None:
        """The recorded hash of seed ``name`` if it still has the recorded size and time."""
        rec = self.seeds.get(name)
        return rec[2] if rec is not None and (rec[0], rec[1]) == stat else None

    def pages_intact(self, briefs_dir: Path) -> bool:
        """Every page is on disk with the size and time this build recorded."""
        base = str(briefs_dir) + os.sep
        return all(stat_of(base + rel) == want for rel, want in self.pages.items())

    def dumps(self) -> str:
        data: dict[str, Any] = {
            "format": FORMAT,
            "extractor": self.extractor,
            "renderer": self.renderer,
            "manifest": self.manifest,
            "seeds": self.seeds,  # tuples are written as JSON arrays
            "pages": self.pages,
        }
        return orjson.dumps(data).decode("utf-8")  # (a tenth of the json module's time; a cache, not a contract)

    @classmethod
    def load(cls, path: Path) -> State:
        """The state at ``path``; an empty one (which matches nothing) when missing or unreadable.

        The one this process last read or wrote there comes from memory while the file keeps its size
        and time (``briefings watch``: 35,000 entries at 10,000 seeds). Callers must not change it."""
        return _LAST.load(path, cls._read)

    @staticmethod
    def forget() -> None:
        """Drop the state kept in memory (see ``load``)."""
        _LAST.forget()

    def save(self, path: Path) -> None:
        """Write the state to ``path`` (atomically, if it differs); the next ``load`` in this process
        takes it from memory."""
        write_if_changed(path, self.dumps())
        _LAST.keep(path, self)

    @classmethod
    def _read(cls, path: Path) -> State:
        try:
            data = orjson.loads(path.read_bytes())  # orjson: see Manifest._read
            if data.get("format") != FORMAT:
                return cls()
            m = data["manifest"]
            return cls(
                extractor=data["extractor"],
                renderer=data["renderer"],
                manifest=str(m) if m else None,
                seeds={k: (int(v[0]), int(v[1]), str(v[2])) for k, v in data["seeds"].items()},
                pages={k: (int(v[0]), int(v[1])) for k, v in data["pages"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return cls()


# the last state this process read or wrote (see ``State.load``)
_LAST: LastRead[State] = LastRead()

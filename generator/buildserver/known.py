"""The seeds and pages as a build server knows them, so that a build looks only at the files changed.

A build finds what changed by the size and time of every seed (``build.scan_seeds``) and every page
(``State.pages_intact``, and the page sizes it compares): 35,000 ``stat`` calls at 10,000 seeds.  A
server keeps a ``Watched``: the kernel names the files changed since the last build (``changes.py``),
and every other seed and page is as the state that build saved records it.  A build then gets a
``Known``, which gives the same seeds, times and sizes the ``stat`` calls would (tests/test_buildserver.py
builds through a server after every kind of change and compares with a build of its own process).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from generator.write.state import Stat, State, stat_of

if TYPE_CHECKING:
    from generator.buildserver.changes import Changes
    from generator.config import Settings


class Known:
    """The files named changed (``dirty``, absolute paths) since ``state`` described the seeds and pages."""

    def __init__(self, settings: Settings, state: State, dirty: set[str]) -> None:
        self.state = state
        self.root = str(settings.root) + os.sep
        self.seeds_dir = str(settings.seeds_path)
        self.briefs_base = str(settings.briefs_path) + os.sep
        # a seed's name: its path from the project root (see ``build.scan_seeds``)
        self.prefix = Path(os.path.relpath(self.seeds_dir, settings.root)).as_posix() + "/"
        base = self.briefs_base
        self.pages = {p[len(base) :].replace(os.sep, "/") for p in dirty if p.startswith(base)}
        self.seed_paths = [p for p in dirty if p.startswith(self.seeds_dir + os.sep)]

    def name(self, path: str) -> str:
        return self.prefix + path[len(self.seeds_dir) + 1 :].replace(os.sep, "/")

    def seeds(self) -> list[tuple[str, str, Stat]] | None:
        """``scan_seeds``: (name, path, stat) of every seed, by name; None when a seed named changed is a
        symbolic link (a link is named by its target: only a scan gets that right)."""
        from generator.read.seeds import is_seed_name

        stats: dict[str, Stat] = {n: (rec[0], rec[1]) for n, rec in self.state.seeds.items()}
        for path in self.seed_paths:
            if os.path.islink(path):
                return None
            name = self.name(path)
            st = stat_of(path) if is_seed_name(os.path.basename(path)) and os.path.isfile(path) else None
            if st is not None:
                stats[name] = st
            else:
                stats.pop(name, None)
        root = self.root
        return [(n, root + n, stats[n]) for n in sorted(stats)]

    def pages_intact(self) -> bool:
        """``State.pages_intact``: the pages named changed are as the state records them."""
        recorded = self.state.pages
        return all(stat_of(self.briefs_base + rel) == recorded[rel] for rel in self.pages if rel in recorded)

    def page_stat(self, path: str) -> Stat | None:
        """``stat_of`` the page at ``path`` (relative to briefs/)."""
        if path in self.pages or path not in self.state.pages:
            return stat_of(self.briefs_base + path)
        return self.state.pages[path]


class Watched:
    """What a server keeps between builds: the watch, and the files changed during the last build that
    its state does not describe (None: not known, the next build looks at everything)."""

    def __init__(self, changes: Changes) -> None:
        self.changes = changes
        self.dirty: set[str] | None = None
        self.known_builds = 0  # builds that looked only at the files named changed (``server status``)

    @classmethod
    def start(cls, settings: Settings) -> Watched | None:
        """Watch the seeds and briefs from now on (the first build looks at everything); None where the
        kernel cannot tell (no inotify): every build then looks at every file, as one of its own does."""
        from generator.buildserver.changes import Changes

        changes = Changes.start([settings.seeds_path, settings.briefs_path])
        return cls(changes) if changes is not None else None

    def close(self) -> None:
        self.changes.close()

    def begin(self, settings: Settings, state: State | None) -> Known | None:
        """What this build can take as known, given the last build's ``state`` (None: not valid); None:
        look at everything.  From here on, what changes is watched for the next build."""
        taken = self.changes.take()
        carried, self.dirty = self.dirty, None  # (set again by a build that ends well: ``end``)
        if state is None or taken is None or carried is None:
            return None
        known = Known(settings, state, carried | taken)
        # Seeds named by their own path, inside the root (links are not watched: see changes.py).
        if known.prefix.startswith("../") or not all(n.startswith(known.prefix) for n in state.seeds):
            return None
        return known

    def end(self, settings: Settings, state: State) -> None:
        """Once ``state`` is saved (or found current): the files changed since the build began that it does
        not describe are the next build's to look at (the build's own writes are described)."""
        late = self.changes.take()
        if late is None:
            self.dirty = None
            return
        known = Known(settings, state, late)
        base = known.briefs_base
        dirty = {base + rel for rel in known.pages if rel in state.pages and stat_of(base + rel) != state.pages[rel]}
        for path in known.seed_paths:
            rec = state.seeds.get(known.name(path))
            if stat_of(path) != (None if rec is None else (rec[0], rec[1])):
                dirty.add(path)
        self.dirty = dirty

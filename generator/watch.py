"""``briefings watch``: build, then build again whenever a seed or a template changes, in one process.

A build in a process of its own starts by loading the NER model (about a second, in a forked process)
and reading the manifest of the whole corpus (0.6 s at 10,000 seeds, at the same time). A process that
stays keeps both: ``load_model`` is cached, and ``Manifest.load`` returns the manifest this process
wrote last for as long as the file is unchanged. It also keeps what the build after extraction works
out for every briefing (``build.Warm``: relating features, the entity index, slugs), so that a build
redoes that work only for the briefings that changed. Each build is the same ``build`` as
``briefings build``'s, with the same output (the tests compare them). Timings: the README, "Scale".

Changes are seen through ``watchdog`` (inotify and the like; MkDocs depends on it for ``mkdocs serve``):
the seeds folder and the templates folder, recursively. Events are gathered until none has come for
``QUIET`` seconds (a copy of many files is one build), and changes made during a build make another
build after it. A change to ``mkdocs.yml`` needs a restart, as with ``mkdocs serve``. The builds also
ask the kernel which seeds and pages changed (``buildserver.known.Watched``, as a build server does), so
that they look at those files only.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from generator.build import BuildResult, Warm, build, warm_up
from generator.buildserver.known import Watched
from generator.config import ConfigError, Settings, load_settings

QUIET = 0.1  # seconds without a new event before a build starts
READS = {"opened", "closed_no_write"}  # watchdog's event types that change nothing


class _Changes:
    """Set by the watcher thread on any event; waited on by the build loop."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def dispatch(self, event: object) -> None:  # watchdog's handler interface
        # A file opened or closed unwritten is a read (the build reading the seed it extracts): no change.
        if getattr(event, "event_type", None) not in READS:
            self.event.set()

    def wait(self, stop: threading.Event) -> bool:
        """Block until something changed and then stayed quiet for ``QUIET`` s; False once ``stop`` is set."""
        while not self.event.wait(0.2):
            if stop.is_set():
                return False
        while True:  # let a burst of events (a folder of seeds copied in) settle into one build
            self.event.clear()
            if not self.event.wait(QUIET):
                return not stop.is_set()


def watched_folders(settings: Settings) -> dict[str, Path]:
    """The folders whose changes make a build, by their names in the config: the seeds and, when set,
    the templates."""
    folders = {settings.seeds_dir: settings.seeds_path}
    if settings.templates_dir is not None and settings.templates_path is not None:
        folders[settings.templates_dir] = settings.templates_path
    return {name: path for name, path in folders.items() if path.is_dir()}


def watch(
    config_path: str | Path = "mkdocs.yml",
    *,
    stream: TextIO | None = None,
    stop: threading.Event | None = None,
    on_build: Callable[[BuildResult], None] | None = None,
) -> int:
    """Build, then watch and build on every change until ``stop`` is set or Ctrl-C; 0, or 2 when the
    configuration cannot be read or the folders cannot be watched."""
    from watchdog.observers import Observer

    err = stream or sys.stderr
    stop = stop or threading.Event()
    try:
        settings = load_settings(config_path)
    except ConfigError as exc:
        print(exc, file=err)
        return 2
    changes = _Changes()
    observer = Observer()
    folders = watched_folders(settings)
    report = on_build or (lambda result: None)
    watching = settings.seeds_dir  # the folder being set up, for the error
    try:
        for watching, folder in folders.items():  # noqa: B007 (named in the error below)
            observer.schedule(changes, str(folder), recursive=True)  # type: ignore[arg-type]
        observer.start()
    except OSError as exc:
        print(f"briefings: watch: cannot watch {watching}: {exc}", file=err)
        return 2
    warm = Warm()
    try:
        # As a build server does: the kernel names the seeds and pages changed, and every build after
        # the first looks only at those, not at 35,000 files (0.25-0.3 s at 10,000 seeds; see
        # generator/buildserver/known.py).  Started before the first build, whose end it then knows.
        warm.watched = Watched.start(settings)
        _build_once(settings, err, warm, report)
        _load_model()  # with the rest of what a build needs, so that the first seed added is as quick
        warm_up(settings, warm)  # as the next ones
        names = ", ".join(f"{name.rstrip('/')}/" for name in folders) or f"{settings.seeds_dir}/ (missing)"
        print(f"briefings: watching {names} (Ctrl-C to stop)", file=err, flush=True)
        while changes.wait(stop):
            _build_once(settings, err, warm, report)
    except KeyboardInterrupt:
        pass
    finally:
        if warm.watched is not None:
            warm.watched.close()
        observer.stop()
        # Bounded: Ctrl-C must end the command even if a watcher thread does not stop (they are
        # daemon threads, so the process can end without them).
        observer.join(timeout=5)
    print("briefings: stopped watching", file=err, flush=True)
    return 0


def _build_once(settings: Settings, err: TextIO, warm: Warm, report: Callable[[BuildResult], None]) -> None:
    """One build.  An error that is not about a seed or a template (a full disk, a folder made
    unreadable) is one line, and the watcher goes on: the next change builds again, from scratch."""
    try:
        result = build(settings, stream=err, warm=warm)
    except Exception as exc:
        warm.features = warm.index = None
        print(f"briefings: build failed: {type(exc).__name__}: {exc}", file=err, flush=True)
        return
    report(result)


def _load_model() -> None:
    """Load the NER model now (it is cached for the process)."""
    from generator.extract.ner import load_model

    load_model()

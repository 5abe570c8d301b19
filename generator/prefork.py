"""The extraction process ``briefings build`` forks as it starts, before it knows what it will extract.

Why: importing spaCy and loading the NER model take most of a second, and that second is most of
what adding one seed to a big project waits for.  Forked first thing, the process loads the model
while the build imports its own modules, scans the seeds and reads the manifest; when the build has
a few seeds to extract, it hands them over and goes on.  The process also checks that the pages of
the last build are still as that build left them (25,000 ``stat`` calls at 10,000 seeds), work the
build would otherwise do meanwhile.  With nothing to extract, or too much (the parallel extraction
takes that), the build ends it unused.

One request (through a temporary file both processes hold: it can be bigger than a pipe's buffer,
and the build must not wait for the child to read it) and one answer, as pickles.  The child ends
when the build is done with it, and also when the build's end of the pipe closes, whatever happened
to the build.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

_LENGTH = struct.Struct("<Q")
_LIVE: list[Prefork] = []  # started and not yet ended (``end_all``)


class ExtractorDied(Exception):
    """The forked process ended without an answer (the build then extracts the seeds itself)."""


class Prefork:
    """A forked process that loads the model, then extracts one batch of documents on request."""

    def __init__(self, pid: int, request: IO[bytes], signal_fd: int, answer_fd: int) -> None:
        self.pid, self._request, self._signal, self._answer = pid, request, signal_fd, answer_fd

    @classmethod
    def start(cls) -> Prefork | None:
        """The process, forked now; None where forking is not possible or not safe (another thread
        could hold a lock the child would then wait for), or with one CPU (or ``BRIEFINGS_WORKERS=1``):
        the two processes would then take turns, and a build with nothing to extract would pay for it."""
        from generator.extract import default_workers

        if not hasattr(os, "fork") or threading.active_count() != 1 or default_workers() < 2:
            return None
        opened: list[int] = []
        request = None
        try:
            request = tempfile.TemporaryFile()  # noqa: SIM115 (closed by ``_reap``: it outlives this call)
            signal_r, signal_w = os.pipe()
            opened += (signal_r, signal_w)
            answer_r, answer_w = os.pipe()
            opened += (answer_r, answer_w)
            pid = os.fork()
        except OSError:  # no temporary folder, no processes left: the build extracts as it would anyway
            for fd in opened:
                os.close(fd)
            if request is not None:
                request.close()
            return None
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.close(signal_w)
                os.close(answer_r)
                code = _serve(request, signal_r, answer_w)
            finally:
                os._exit(code)
        os.close(signal_r)
        os.close(answer_w)
        started = cls(pid, request, signal_w, answer_r)
        _LIVE.append(started)
        return started

    def submit(self, docs: list[Any], state_path: Path, briefs_dir: Path) -> None:
        """Extract ``docs`` (``Document``s) and check the pages the state at ``state_path`` records."""
        data = pickle.dumps((docs, str(state_path), str(briefs_dir)), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._request.write(data)
            self._request.flush()
            os.write(self._signal, _LENGTH.pack(len(data)))
        except OSError:  # the process is gone: ``results`` says so
            self.cancel()
            return
        os.close(self._signal)
        self._signal = -1

    def results(self) -> tuple[list[Any], set[str] | None]:
        """(brief or ``SeedError`` per document, the pages no longer as the state records them (None
        when that could not be told)), once the process is done; ``ExtractorDied`` if it failed."""
        if self._answer < 0:
            raise ExtractorDied("the extraction process had ended")
        with os.fdopen(self._answer, "rb") as fh:
            self._answer = -1
            data = fh.read()
        self._reap()
        if not data:
            raise ExtractorDied("the extraction process ended without an answer")
        briefs, changed = pickle.loads(data)
        return briefs, changed

    def cancel(self) -> None:
        """End the process unused (or what is left of it)."""
        for fd in (self._signal, self._answer):
            if fd >= 0:
                os.close(fd)
        self._signal = self._answer = -1
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> None:
        if self.pid:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        self._request.close()
        if self in _LIVE:
            _LIVE.remove(self)


def end_all() -> None:
    """End every process started here and not yet ended: for a command about to ``os._exit``."""
    for started in list(_LIVE):
        started.cancel()


def _serve(request: IO[bytes], signal_fd: int, answer_fd: int) -> int:
    """The child's work: load the model, wait for the request, answer it."""
    import gc

    # Ctrl-C goes to the whole process group: the build reports it; this process just ends.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    from generator.extract.batch import extract_each

    load_for_extraction(collect=False)
    head = _read_exactly(signal_fd, _LENGTH.size)
    if head is None:  # the build needs nothing: closed, or ended
        return 0
    (size,) = _LENGTH.unpack(head)
    docs, state_path, briefs_dir = pickle.loads(os.pread(request.fileno(), size, 0))
    changed = _changed_pages(Path(state_path), briefs_dir)
    gc.enable()  # extraction makes garbage cycles
    briefs = list(extract_each(docs))
    answer = pickle.dumps((briefs, changed), protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(answer)
    while view:
        view = view[os.write(answer_fd, view) :]
    return 0


def load_for_extraction(collect: bool = True) -> None:
    """In a forked process about to extract: import the extraction modules and load the model with the
    collector off, then set what they made aside from it (``gc.freeze``); it is on again afterwards
    when ``collect``.

    Why: importing spaCy and loading the model make some 100,000 objects and no garbage; with the
    collector on, walking them again and again took 0.1 s of the 0.9 s such a process works.
    """
    import gc

    gc.disable()
    import generator.extract.brief  # noqa: F401 (the extraction modules, imported with the collector off)
    from generator.extract.ner import load_model

    load_model()
    gc.freeze()
    if collect:
        gc.enable()


def _read_exactly(fd: int, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = os.read(fd, n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _changed_pages(state_path: Path, briefs_dir: str) -> set[str] | None:
    """The pages the state records whose size on disk is not the one recorded (missing ones included)."""
    from generator.write.state import State, stat_of

    state = State._read(state_path)
    if not state.pages:
        return None
    base = briefs_dir + os.sep
    return {p for p, want in state.pages.items() if (st := stat_of(base + p)) is None or st[0] != want[0]}

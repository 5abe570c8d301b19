"""Pagefind's service mode, fed page by page while MkDocs builds.

``pagefind --site`` can only start once MkDocs has written the whole site, so the two run one after the
other: at 10,000 briefings about 35 s of MkDocs, then 20-25 s of Pagefind reading and parsing the same
pages back from disk. In service mode (``pagefind --service``, the protocol of Pagefind's own Python and
Node wrappers: base64 of one JSON message, then a comma, each way over stdin and stdout) the plugin hands
each page to Pagefind the moment MkDocs has rendered it. Pagefind parses it on the other core while
MkDocs renders the next one, and only the writing of the index is left for the end of the build.

The wrapper package's client is asyncio and waits for each answer; this one is synchronous and does not
wait: requests are written as pages come (a full pipe just makes MkDocs wait for Pagefind), and a thread
reads the answers, keeping the first error and the index's files. The requests pass through a small
process of their own (``relay.py``) that trims each page and encodes it, on the other core.

The index comes back as files (``GetFiles``), which this module writes, rather than being written by
Pagefind (``WriteFiles``): Pagefind answers ``WriteFiles`` once its writes are handed to background
threads, and exits the moment its input closes, so a busy machine could be left with a bundle missing
its last files (``pagefind-entry.json`` among them).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path, PurePosixPath
from typing import IO, Any

from generator.search import BUNDLE_DIR, UNUSED_FILES, IndexResult, SearchError, find_binary, finish_bundle, relay
from generator.site.overwrite import sweep, write_over

# What ``index_site`` gives the command line: the heading permalinks (¶) are not words of the page.
CONFIG = {"exclude_selectors": [".headerlink"]}
def write_bundle(out: Path, files: list[dict[str, str]]) -> None:
    """Write the files of Pagefind's ``GetFiles`` answer (path in the bundle, base64 content) to ``out``,
    not the ready-made interfaces the site does not use; then remove what else ``out`` holds (an
    earlier index's files). Written over, neither deleted nor truncated first: on ext4 both cost far
    more (``generator/site/overwrite.py``)."""
    written: set[str] = set()
    for f in files:  # 12,500 files at 10,000 briefings
        name = f["path"]
        parts = PurePosixPath(name).parts
        if not parts or parts[0] == "/" or ".." in parts:
            raise SearchError(f"search: Pagefind answered a file outside its folder: {name}")
        if name in UNUSED_FILES:
            continue
        path = os.path.join(out, *parts)
        write_over(base64.b64decode(f["content"]), path)
        written.add(path)
    if os.path.isdir(out):  # an earlier index's files go, whatever their age
        sweep(str(out), since=None, keep=written)


class PagefindService:
    """One index, built in a ``pagefind --service`` process: ``add`` every page, then ``start_write``
    (Pagefind builds the index while the caller goes on, and its files are written as they come) and
    ``finish``."""

    def __init__(self, exe: Path | None = None, trim: bool = True) -> None:
        exe = exe or find_binary()
        self._errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        try:
            self._proc = subprocess.Popen(
                [str(exe), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors
            )
        except OSError as exc:
            self._errors.close()
            raise SearchError(f"search: could not run Pagefind ({exe}): {exc}") from None
        # Requests go through the relay (search/relay.py), which encodes them on the other core; its
        # output is Pagefind's input, so Pagefind's input ends when the relay's does.
        assert self._proc.stdin is not None
        command = [sys.executable, "-I", relay.__file__, *([] if trim else ["--whole"])]
        try:
            self._relay = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=self._proc.stdin, stderr=self._errors)
        except OSError as exc:
            self._proc.kill()
            self._proc.wait()
            self._errors.close()
            raise SearchError(f"search: could not start the relay to Pagefind ({sys.executable}): {exc}") from None
        finally:
            self._proc.stdin.close()  # the relay's now: here it would keep Pagefind waiting for more
        self._input = self._relay.stdin
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._waiting: dict[int, threading.Event] = {}
        self._error: str | None = None  # the first error Pagefind answered
        self._pages: dict[int, str] = {}  # the page each AddFile request was for, to name it in an error
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self._reader.start()
        self._index = int(self._wait(self._request({"type": "NewIndex", "config": CONFIG}))["index_id"])
        self._write: int | None = None  # the GetFiles request under way
        self._out: Path | None = None  # where the reading thread writes the files when they come
        self._write_error: str | None = None

    @property
    def writing(self) -> bool:
        return self._write is not None

    def add(self, path: str, html: str) -> None:
        """Queue one page for indexing: ``path`` is its file in the site (``briefs/x/index.html``), from
        which Pagefind makes the result's URL as the command line does (``/briefs/x/``)."""
        if self._write is not None:
            raise SearchError(f"search: {path} came after the index was written")
        payload = {"type": "AddFile", "index_id": self._index, "file_path": path}
        message_id = self._number()
        self._pages[message_id] = path
        self._send(message_id, payload, html)  # the relay trims it to what Pagefind reads and adds it

    def start_write(self, site_dir: Path) -> None:
        """Have Pagefind build the index for ``site_dir/pagefind``, without waiting: the caller goes on
        while it does, and its files are written as they come (``finish`` waits for them)."""
        if self._write is not None:
            return
        self._out = site_dir / BUNDLE_DIR  # before the request: the answer may come at once
        self._write = self._request({"type": "GetFiles", "index_id": self._index})

    def finish(self, site_dir: Path) -> IndexResult:
        """Wait for the index, write it to ``site_dir/pagefind`` (or where ``start_write`` was told;
        replaced whole) and stop the service."""
        self.start_write(site_dir)
        assert self._write is not None and self._out is not None
        out = self._out
        self._wait(self._write)  # the files are written by then (``_take``)
        self.close()
        if self._error is not None:
            raise SearchError(f"search: Pagefind failed: {self._error}")
        if self._write_error is not None:
            raise SearchError(f"search: could not write the index to {out}: {self._write_error}")
        return finish_bundle(out)

    def close(self) -> None:
        """Stop the service (also after a failed build: nothing more is written)."""
        if self._relay.poll() is None:
            try:  # the relay ends with its input, and Pagefind with the relay's output
                if self._input is not None:
                    self._input.close()
            except OSError:
                pass
        for proc in (self._relay, self._proc):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._errors.close()

    def _number(self) -> int:
        with self._lock:
            self._next_id += 1
            return self._next_id

    def _request(self, payload: dict[str, Any]) -> int:
        """Send a request whose answer ``_wait`` will return."""
        message_id = self._number()
        with self._lock:
            self._waiting[message_id] = threading.Event()
        self._send(message_id, payload)
        try:
            assert self._input is not None
            self._input.flush()
        except (BrokenPipeError, OSError, ValueError):
            raise SearchError(f"search: Pagefind stopped: {self._stopped_reason()}") from None
        return message_id

    def _send(self, message_id: int, payload: dict[str, Any], page: str | None = None) -> None:
        try:
            assert self._input is not None
            self._input.write(relay.frame({"message_id": message_id, "payload": payload}, page))
        except (BrokenPipeError, OSError, ValueError):
            raise SearchError(f"search: Pagefind stopped: {self._stopped_reason()}") from None

    def _wait(self, message_id: int) -> dict[str, Any]:
        with self._lock:
            done = self._waiting.get(message_id)
        while done is not None and not done.wait(0.5):
            if not self._reader.is_alive():
                break
        answer = self._answers.pop(message_id, None)
        if answer is None:
            raise SearchError(f"search: Pagefind stopped: {self._stopped_reason()}")
        if answer.get("type") == "Error":
            raise SearchError(f"search: Pagefind failed: {answer.get('message', 'no message')}")
        return answer

    def _read(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None
        pieces: list[bytes] = []  # of the message being read: the index's files come as one of tens of MB
        while True:
            data = stdout.read1(1 << 16)
            if not data:
                break
            if b"," not in data:
                pieces.append(data)
                continue
            first, *messages, rest = data.split(b",")
            for raw in [b"".join([*pieces, first]), *messages]:
                self._take(json.loads(base64.b64decode(raw)))
            pieces = [rest] if rest else []
        with self._lock:  # whoever still waits learns that no answer will come
            for event in self._waiting.values():
                event.set()

    def _take(self, message: dict[str, Any]) -> None:
        payload = message.get("payload") or {}
        message_id = message.get("message_id")
        if payload.get("type") == "GetFiles" and self._out is not None:
            # Written here, as they come: MkDocs is still rendering the pages search leaves out, and
            # the 12,500 files of a 10,000-briefing site take a second to create.
            try:
                write_bundle(self._out, payload.pop("files", None) or [])
            except (OSError, SearchError, ValueError) as exc:
                self._write_error = str(exc)
        if payload.get("type") == "Error" and self._error is None:
            page = self._pages.get(message_id) if message_id is not None else None
            self._error = f"{page}: " * (page is not None) + str(payload.get("message", "no message"))
        with self._lock:
            done = self._waiting.pop(message_id, None) if message_id is not None else None
            if done is not None:
                self._answers[message_id] = payload
                done.set()

    def _stopped_reason(self) -> str:
        self._proc.poll()
        try:
            self._errors.seek(0)
            text = self._errors.read().decode(errors="replace")
        except ValueError:  # already closed
            text = ""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        code = self._proc.returncode
        return lines[-1] if lines else (f"exit {code}" if code is not None else "no answer")

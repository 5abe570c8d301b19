"""The build manifest: what the last build read and wrote, so the next one can skip unchanged work.

It lives in ``briefs/manifest.json`` and is committed with the briefs, so a fresh clone knows that
its briefs are current without re-extracting anything.  It holds no times and is written with
sorted keys, so the same build always writes the same bytes.

- ``cards``: hash of every brief's ``Card``: when neither it nor ``renderer`` changed, no page can
  have changed, and a build only checks that the pages are there (no relating, no rendering).
- ``renderer``: fingerprint of templates, rendering code and settings (a change re-renders pages).
- ``seeds``: seed path -> content hash, brief id, the brief's hash, its ``Card``, and the fingerprint
  of the extraction code and model that made it (a change re-extracts the seed; a seed that cannot
  be read keeps the fingerprint of the build that last extracted it).
- ``related``: page id -> its related briefings (id, score, reasons), so the next build scores only
  the briefings that share a feature with a changed one.
- ``pages``: page path (relative to ``briefs/``) -> hash of the inputs it was rendered from, and the
  hash and size of the text written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from generator.relate.cards import Card
from generator.relate.related import Related
from generator.write.state import LastRead

MANIFEST_NAME = "manifest.json"
FORMAT = 5  # 5: one entry per line, written by the C JSON encoder; 4: cards carry their quotes


SECTIONS = ("pages", "related", "seeds")  # in the order they are written


# No ``indent``: with it, the json module falls back to its pure-Python encoder (seconds at 10,000 seeds).
# One encoder for every line: ``json.dumps`` with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _line(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


# the last manifest this process loaded or wrote (see ``Manifest.load``)
_LAST: LastRead[Manifest] = LastRead()


@dataclass
class SeedEntry:
    sha256: str  # of the seed's bytes
    id: str  # the brief's page id (slug, made unique)
    brief_sha256: str  # of the extracted brief's JSON: what the brief page is rendered from
    card: Card
    extractor: str  # fingerprint of the extraction code that made the brief


@dataclass
class PageEntry:
    inputs: str  # hash of everything the page was rendered from
    sha256: str  # of the text written
    size: int

    def to_json(self) -> list[Any]:
        return [self.inputs, self.sha256, self.size]


@dataclass
class Manifest:
    renderer: str = ""
    cards: str = ""
    seeds: dict[str, SeedEntry] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)
    related: dict[str, list[Related]] = field(default_factory=dict)

    # The text of the file this manifest was read from (or last wrote), and whether it is known to be
    # laid out as ``to_bytes`` writes it.  The next manifest written reuses it (``reuse_lines``): an
    # entry that is still the very same object is written as the same bytes again, so writing 34 MB
    # (10,000 seeds) encodes only what changed.
    _text: bytes | None = field(default=None, repr=False, compare=False)
    _as_written: bool = field(default=False, repr=False, compare=False)
    # Lines of ``_text`` by section and key, with the object read from each, once checked (a file not
    # known to be as written: it could have been edited by hand).
    _lines: dict[str, dict[str, tuple[Any, bytes]]] | None = field(default=None, repr=False, compare=False)
    _base: Manifest | None = field(default=None, repr=False, compare=False)  # whose text to reuse

    @staticmethod
    def _entry(section: str, value: Any) -> Any:
        if section == "seeds":
            e = value
            return {"sha256": e.sha256, "id": e.id, "brief_sha256": e.brief_sha256, "card": e.card.to_json(),
                    "extractor": e.extractor}  # fmt: skip
        if section == "pages":
            return value.to_json()
        return [[r.id, r.score, list(r.reasons)] for r in value]

    def reuse_lines(self, other: Manifest) -> None:
        """Write the entries this manifest shares (as objects) with ``other`` as ``other``'s file had them."""
        self._base = other

    def as_written(self) -> None:
        """The file this manifest was read from is the very one a build wrote (the caller knows it by
        its size and time): laid out as ``to_bytes`` writes it, so its entries need not be checked."""
        self._as_written = True

    def _checked_lines(self) -> dict[str, dict[str, tuple[Any, bytes]]]:
        if self._lines is None:
            self._lines = _section_lines(self._text, self) if self._text is not None else {}
        return self._lines

    def to_bytes(self) -> bytes:
        """The manifest as UTF-8 JSON with one seed, page or related list per line (short diffs in git)."""
        # One list of pieces joined once: tens of megabytes at 10,000 seeds, not copied section by section.
        out = [b"{\n", b'"format":%d,"renderer":%b,"cards":%b,\n' % (FORMAT, _line(self.renderer), _line(self.cards))]
        base = self._base
        # (a file checked out with Windows line ends is not as written, whatever the state says)
        text = base._text if base is not None and base._as_written and b"\r" not in (base._text or b"\r") else None
        for n, section in enumerate(SECTIONS):
            items = sorted(getattr(self, section).items())
            pieces = None
            if text is not None:
                pieces = _reused(text, section, getattr(base, section), items)
            if pieces is None:
                known = base._checked_lines().get(section, {}) if base is not None else {}
                pieces = [
                    hit[1] if (hit := known.get(k)) is not None and hit[0] is v else _encoded(section, k, v)
                    for k, v in items
                ]
            out.append(_line(section) + b":{\n")
            for j, piece in enumerate(pieces):
                if j:
                    out.append(b",\n")
                out.append(piece)
            out.append(b"\n}" + (b"," if n < len(SECTIONS) - 1 else b"") + b"\n")
        out.append(b"}\n")
        return b"".join(out)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The manifest at ``path``; an empty one when it is missing, unreadable or of another format.

        The last one loaded or written stays in memory while the file keeps its size and time: the build
        and the MkDocs plugin's hooks all need it, and at 10,000 seeds it is tens of megabytes of JSON.
        Callers must not change it.
        """
        return _LAST.load(path, cls._read)

    @staticmethod
    def forget() -> None:
        """Drop the manifest kept in memory (see ``load``): for a process that needs the memory more."""
        _LAST.forget()

    def remember(self, path: Path, data: bytes) -> None:
        """This manifest was just written to ``path`` as ``data`` (its ``to_bytes``): the next ``load``
        returns it without reading, and the next manifest written reuses ``data``."""
        self._text, self._as_written, self._lines, self._base = data, True, None, None
        _LAST.keep(path, self)

    @classmethod
    def _read(cls, path: Path) -> Manifest:
        try:
            text = path.read_bytes()
            # orjson reads it in half the time of the json module (0.15 s against 0.3 s at 10,000 seeds,
            # where adding one seed takes 2.5 s); the same data (tests/test_build.py).  It is written
            # with the json module, whose layout the format is.
            data = orjson.loads(text)
            if data.get("format") not in (4, FORMAT):  # 4 holds the same data, laid out differently
                return cls()
            manifest = cls(
                renderer=data["renderer"],
                cards=data["cards"],
                seeds={
                    k: SeedEntry(v["sha256"], v["id"], v["brief_sha256"], Card.from_json(v["card"]), v["extractor"])
                    for k, v in data["seeds"].items()
                },
                pages={k: PageEntry(v[0], v[1], int(v[2])) for k, v in data["pages"].items()},
                related={k: [Related(r[0], float(r[1]), tuple(r[2])) for r in v] for k, v in data["related"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return cls()
        if data["format"] == FORMAT:
            manifest._text = text
        return manifest


def _section_lines(text: bytes, manifest: Manifest) -> dict[str, dict[str, tuple[Any, bytes]]]:
    """(object, line) per key and section, when the file is laid out as ``to_bytes`` writes it."""
    if b"\r" in text:  # checked out with Windows line ends: the lines are not as written
        return {}
    lines = text.split(b"\n")
    out: dict[str, dict[str, tuple[Any, bytes]]] = {}
    for section in SECTIONS:
        entries = getattr(manifest, section)
        try:
            start = lines.index(_line(section) + b":{") + 1
        except ValueError:
            return {}
        mine = lines[start : start + len(entries)]
        known: dict[str, tuple[Any, bytes]] = {}
        for (k, v), line in zip(sorted(entries.items()), mine, strict=False):
            line = line.removesuffix(b",")
            # The key as JSON: most keys need no escaping, and encoding 40,000 of them takes a while.
            if not line.startswith(b'"%b":' % k.encode("utf-8")) and not line.startswith(_line(k) + b":"):
                return {}  # edited by hand, or laid out otherwise: write every line afresh
            known[k] = (v, line)
        out[section] = known
    return out


def _encoded(section: str, key: str, value: Any) -> bytes:
    return _line(key) + b":" + _line(Manifest._entry(section, value))


def _reused(
    text: bytes, section: str, old: dict[str, Any], items: list[tuple[str, Any]]
) -> list[bytes | memoryview] | None:
    """The entries ``items`` of ``section`` (sorted by key), to be joined with ``,\\n``, where ``text``
    is a file written from ``old``: each run of entries that are still the very objects of ``old`` is
    one slice of ``text``, only the others are encoded.  None when ``text`` is not laid out as expected.

    A line starts with its key, and no line holds a line break, so ``\\n"key":`` is found only at the
    start of that key's line: the lines are found by searching forward, a few times per change, instead
    of splitting 34 MB into 45,000 lines.
    """
    head = b"\n" + _line(section) + b":{\n"
    first = text.find(head)
    if first < 0:
        return None
    first += len(head)
    keys = sorted(old)
    n_old = len(keys)
    view = memoryview(text)
    pieces: list[bytes | memoryview] = []
    found = [0, first]  # the last line found and where it starts: lines are asked for in order

    def start(j: int) -> int:
        """Where line ``j`` of the section starts (searching on from the last line found)."""
        if j != found[0]:
            at = text.find(b"\n" + _line(keys[j]) + b":", found[1])
            if at < 0:
                raise LookupError(keys[j])
            found[:] = j, at + 1
        return found[1]

    def run(a: int, b: int) -> None:
        """Lines ``a`` to ``b`` (inclusive) of the section, without the comma after the last."""
        begin = start(a)
        # (a line before the last ends with the ``,\n`` before the next one)
        end = text.find(b"\n", start(b)) if b == n_old - 1 else start(b + 1) - 2
        if end < begin:
            raise LookupError(keys[b])
        pieces.append(view[begin:end])

    try:
        i = 0  # the next line of ``text`` not yet passed
        run_from = -1  # the first line of the run being reused, if any
        for k, v in items:
            while i < n_old and keys[i] < k:  # entries no longer there end a run
                if run_from >= 0:
                    run(run_from, i - 1)
                    run_from = -1
                i += 1
            if i < n_old and keys[i] == k:
                if old[k] is v:
                    if run_from < 0:
                        run_from = i
                    i += 1
                    continue
                i += 1
                if run_from >= 0:
                    run(run_from, i - 2)
                    run_from = -1
            elif run_from >= 0:
                run(run_from, i - 1)
                run_from = -1
            pieces.append(_encoded(section, k, v))
        if run_from >= 0:
            run(run_from, i - 1)
    except LookupError:
        return None
    return pieces

"""The build manifest: what the last build read and wrote, so the next one can skip unchanged work.

It lives in ``briefs/manifest.json`` (and, past ``BRIEFS_PER_SHARD`` seeds, the files of
``briefs/manifest/``) and is committed with the briefs, so a fresh clone knows that its briefs are
current without re-extracting anything.  It holds no times and is written with sorted keys, one entry
per line, so the same build always writes the same bytes.

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

**Shards.**  A small project has the three sections in ``manifest.json`` itself.  A bigger one spreads
them over ``manifest/<n>.json`` (a power of two of them, about ``BRIEFS_PER_SHARD`` briefings each) and
``manifest.json`` lists each with the SHA-256 of its bytes.  A briefing's entries (its seed, its related
list, its page and Source view) share a shard, by a hash of its id; a listing page goes by a hash of its
path.  Why: one file of 34 MB at 10,000 seeds was encoded and written whole by every build (adding a
seed too), and committed whole: some 9 MB more in git's objects per commit.  Now a build writes the
shards whose entries changed (adding a seed: a few dozen of 512) and the short list.  A shard whose
bytes are not the listed ones (a build stopped between the two, a merge) is read all the same, but its
related lists are not trusted: the next build relates every briefing afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from generator.relate.cards import Card
from generator.relate.related import Related
from generator.write.atomic import remove_file, write_if_changed
from generator.write.state import LastRead, stat_of

MANIFEST_NAME = "manifest.json"
SHARDS_DIR = "manifest"  # briefs/manifest/<n>.json (the page id "manifest" is reserved)
FORMAT = 6  # 6: sections in shards past BRIEFS_PER_SHARD seeds; 5: one file, one entry per line
BRIEFS_PER_SHARD = 32


SECTIONS = ("pages", "related", "seeds")  # in the order they are written


# No ``indent``: with it, the json module falls back to its pure-Python encoder (seconds at 10,000 seeds).
# One encoder for every line: ``json.dumps`` with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _line(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


def shard_count(seeds: int) -> int:
    """How many shards a manifest of ``seeds`` seeds has: 1 (no shard files), else a power of two with
    at most ``BRIEFS_PER_SHARD`` briefings each on average (10,000 seeds: 512)."""
    if seeds <= BRIEFS_PER_SHARD:
        return 1
    return 1 << ((seeds - 1) // BRIEFS_PER_SHARD).bit_length()


def shard_name(index: int, count: int) -> str:
    """The file name (without ``.json``) of shard ``index`` of ``count``: hexadecimal, all of one width."""
    return f"{index:0{len(f'{count - 1:x}')}x}"


def _group(section: str, key: str, value: Any) -> str:
    """What decides an entry's shard: the brief id for a seed, a related list, a brief page and its
    Source view (``source/<id>.md``), so that one briefing's entries change one shard; else the path."""
    if section == "seeds":
        return value.id
    if section == "pages":
        if "/" not in key:
            return key[:-3]
        if key.startswith("source/") and key.count("/") == 1:
            return key[7:-3]
    return key


def _shard(section: str, key: str, value: Any, count: int) -> str:
    # crc32: the same on every platform and Python (``hash`` of a str is salted per process)
    return shard_name(zlib.crc32(_group(section, key, value).encode("utf-8")) & (count - 1), count)


def _shard_entries(briefs_dir: Path) -> list[os.DirEntry[str]]:
    """The files of ``briefs/manifest/`` (none when there is no such folder), by name; not a temporary
    file of a shard being written (``write_atomic``'s start with a dot)."""
    try:
        with os.scandir(briefs_dir / SHARDS_DIR) as it:
            return sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return []


def manifest_stamp(path: Path) -> str | None:
    """What tells a manifest on disk from any other: the size and time of ``manifest.json`` and of
    every file in ``manifest/`` (None when there is no manifest).  Kept by the state (``write/state.py``)
    and by ``LastRead``; 512 shards take a few milliseconds to stat."""
    st = stat_of(path)
    if st is None:
        return None
    parts = []
    for e in _shard_entries(path.parent):
        try:
            est = e.stat()
        except OSError:
            continue
        parts.append(f"{e.name}:{est.st_size}:{est.st_mtime_ns}")
    return hashlib.sha1("\n".join([f"{st[0]}:{st[1]}", *parts]).encode("utf-8")).hexdigest()


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
class Files:
    """What to write for a manifest: ``manifest.json`` and the shards whose entries changed."""

    root: bytes
    shards: dict[str, bytes]  # shard name -> its bytes (only those to write)
    names: list[str]  # every shard the manifest has (the files of ``manifest/`` it lists)


@dataclass
class Manifest:
    renderer: str = ""
    cards: str = ""
    seeds: dict[str, SeedEntry] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)
    related: dict[str, list[Related]] = field(default_factory=dict)

    # How the files on disk hold this manifest, once known to be exactly as ``files`` wrote them
    # (``as_written``, ``verify``, ``remember``): shard -> its SHA-256 as listed (none: one file), and
    # shard -> section -> its keys, so the next build encodes only the shards whose entries changed.
    _hashes: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _members: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False, compare=False)
    _trusted: bool = field(default=False, repr=False, compare=False)
    # shard -> its bytes as read or written (to check them, and to take the lines of the entries that
    # stay when one changes: encoding them again was half of writing the manifest after adding a seed)
    _texts: dict[str, bytes] | None = field(default=None, repr=False, compare=False)
    _missing: bool = field(default=False, repr=False, compare=False)  # a listed shard could not be read

    @staticmethod
    def _entry(section: str, value: Any) -> Any:
        if section == "seeds":
            e = value
            return {"sha256": e.sha256, "id": e.id, "brief_sha256": e.brief_sha256, "card": e.card.to_json(),
                    "extractor": e.extractor}  # fmt: skip
        if section == "pages":
            return value.to_json()
        return [[r.id, r.score, list(r.reasons)] for r in value]

    def as_written(self) -> None:
        """The files this manifest was read from are the very ones a build wrote (the caller knows it
        by their sizes and times): every shard holds what the list says, so none need be checked."""
        self._trusted = bool(self._hashes) and not self._missing
        if not self._trusted:
            self._texts = None

    def verify(self) -> None:
        """Check every shard read against the SHA-256 that ``manifest.json`` lists for it (files not
        known to be as a build wrote them: a fresh clone, a pull, a build stopped half-way).  When one
        differs or is missing, the manifest mixes two builds: its related lists are dropped (the next
        build relates every briefing afresh) and so is its hash of the cards (no shortcut)."""
        texts = self._texts
        if texts is None or self._trusted:
            return
        self._texts = None
        ok = not self._missing
        for name, raw in texts.items():
            if not ok:
                break
            # (a checkout with Windows line ends holds the same data)
            ok = hashlib.sha256(raw.replace(b"\r\n", b"\n") if b"\r" in raw else raw).hexdigest() == self._hashes.get(name)
        if ok:
            self._trusted = bool(self._hashes) and not any(b"\r" in raw for raw in texts.values())
            self._texts = texts if self._trusted else None
        else:
            self.related, self.cards, self._trusted = {}, "", False

    def files(self, old: Manifest | None = None) -> Files:
        """The manifest's files: ``manifest.json`` always, and the shards to write.  Given the manifest
        the last build left (``old``, known to be as written), only the shards holding an entry that is
        not the very same object as ``old``'s; else every shard.  The bytes are those of encoding every
        entry afresh either way (tests/test_manifest.py)."""
        count = shard_count(len(self.seeds))
        head = b'{\n"format":%d,"renderer":%b,"cards":%b,\n' % (FORMAT, _line(self.renderer), _line(self.cards))
        if count == 1:
            parts = {s: sorted(getattr(self, s).items()) for s in SECTIONS}
            self._hashes, self._members, self._texts = {}, {}, None
            return Files(head + _sections(parts)[2:], {}, [])
        names = [shard_name(i, count) for i in range(count)]
        texts: dict[str, bytes] = {}
        if old is not None and old._trusted and len(old._hashes) == count:
            parts, members = self._dirty_parts(old, count)
            hashes = dict(old._hashes)
            texts = {n: t for n, t in (old._texts or {}).items() if n not in parts}
        else:
            old = None
            parts, members = {n: {s: [] for s in SECTIONS} for n in names}, {}
            for section in SECTIONS:
                for k, v in getattr(self, section).items():
                    parts[_shard(section, k, v, count)][section].append((k, v))
            hashes = {}
        shards = {}
        for name, part in parts.items():
            for items in part.values():
                items.sort(key=_first)
            kept = _lines(old, name) if old is not None else None
            data = shards[name] = texts[name] = _sections(part, kept)
            hashes[name] = hashlib.sha256(data).hexdigest()
            members[name] = {s: [k for k, _ in items] for s, items in part.items()}
        listed = b",\n".join(_line(n) + b":" + _line(hashes[n]) for n in names)
        self._hashes, self._members = hashes, members
        self._texts = texts if len(texts) == count else None
        return Files(head + b'"shards":{\n' + listed + b"\n}\n}\n", shards, names)

    def _dirty_parts(
        self, old: Manifest, count: int
    ) -> tuple[dict[str, dict[str, list[tuple[str, Any]]]], dict[str, dict[str, list[str]]]]:
        """The entries of every shard that holds an entry added, changed or removed since ``old`` (by
        object identity), by shard and section; and ``old``'s keys of the other shards."""
        dirty: set[str] = set()
        moved: dict[str, list[str]] = {}  # keys whose entry is another object now (or new)
        for section in SECTIONS:
            now, then = getattr(self, section), getattr(old, section)
            # (one comprehension over 45,000 entries at 10,000 seeds, ``then.get`` mapped in C)
            pairs = zip(now, now.values(), map(then.get, now), strict=True)
            moved[section] = keys = [k for k, v, was in pairs if v is not was]
            for k in keys:
                dirty.add(_shard(section, k, now[k], count))
                if (was := then.get(k)) is not None:  # (a seed whose brief id changed moves to another shard)
                    dirty.add(_shard(section, k, was, count))
            for k in then.keys() - now.keys():
                dirty.add(_shard(section, k, then[k], count))
        parts: dict[str, dict[str, list[tuple[str, Any]]]] = {n: {s: [] for s in SECTIONS} for n in dirty}
        for section in SECTIONS:
            now, then = getattr(self, section), getattr(old, section)
            for name in dirty:  # the entries that stay, in the shard they were in
                mine = parts[name][section]
                for k in old._members.get(name, {}).get(section, ()):
                    if (v := now.get(k)) is not None and v is then.get(k):
                        mine.append((k, v))
            for k in moved[section]:  # the others, where they go now
                v = now[k]
                parts[_shard(section, k, v, count)][section].append((k, v))
        members = {n: m for n, m in old._members.items() if n not in dirty}
        return parts, members

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The manifest at ``path``; an empty one when it is missing, unreadable or of another format.

        The last one loaded or written stays in memory while its files keep their sizes and times: the
        build and the MkDocs plugin's hooks all need it, and at 10,000 seeds it is tens of megabytes of
        JSON.  Callers must not change it.
        """
        return _LAST.load(path, cls._read, manifest_stamp)

    @staticmethod
    def forget() -> None:
        """Drop the manifest kept in memory (see ``load``): for a process that needs the memory more."""
        _LAST.forget()

    def remember(self, path: Path) -> str | None:
        """This manifest's ``files`` were just written beside ``path``: the next ``load`` returns it
        without reading, and the next manifest written encodes only the shards that change.  Returns
        the files' stamp (``manifest_stamp``)."""
        self._trusted, self._missing = bool(self._hashes), False
        stamp = manifest_stamp(path)
        _LAST.keep(path, self, stamp)
        return stamp

    def _add(self, data: dict[str, Any]) -> None:
        """Take the entries of one file's sections (``manifest.json`` or a shard)."""
        self.seeds.update(
            (k, SeedEntry(v["sha256"], v["id"], v["brief_sha256"], Card.from_json(v["card"]), v["extractor"]))
            for k, v in data["seeds"].items()
        )
        self.pages.update((k, PageEntry(v[0], v[1], int(v[2]))) for k, v in data["pages"].items())
        self.related.update(
            (k, [Related(r[0], r[1], tuple(r[2])) for r in v]) for k, v in data["related"].items()
        )

    @classmethod
    def _read(cls, path: Path) -> Manifest:
        try:
            # orjson reads it in half the time of the json module (0.15 s against 0.3 s at 10,000 seeds,
            # where adding one seed takes 2.5 s); the same data (tests/test_build.py).  It is written
            # with the json module, whose layout the format is.
            data = orjson.loads(path.read_bytes())
            fmt = data.get("format")
            if fmt not in (4, 5, FORMAT):  # 4 and 5 hold the same data in one file, laid out otherwise
                return cls()
            manifest = cls(renderer=data["renderer"], cards=data["cards"])
            shards = data.get("shards") if fmt == FORMAT else None
            if shards is None:
                manifest._add(data)
                return manifest
            if not isinstance(shards, dict) or not shards:
                return cls()
            folder = path.parent / SHARDS_DIR
            manifest._hashes, manifest._texts = dict(shards), {}
            for name in sorted(shards):
                try:
                    raw = (folder / f"{name}.json").read_bytes()
                    part = orjson.loads(raw)
                    manifest._add(part)
                except (OSError, ValueError, KeyError, TypeError, IndexError):
                    manifest._missing = True  # what it held is unknown: its seeds will be extracted again
                    continue
                manifest._texts[name] = raw
                manifest._members[name] = {s: list(part[s]) for s in SECTIONS}
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return cls()
        return manifest


def write_files(briefs_dir: Path, files: Files) -> None:
    """The shards that changed, then ``manifest.json`` that lists them, then away with the shards it
    no longer lists: a build stopped in between leaves shards their list does not match, which the
    next build finds (``Manifest.verify``)."""
    folder = briefs_dir / SHARDS_DIR
    for name, data in sorted(files.shards.items()):
        write_if_changed(folder / f"{name}.json", data)
    write_if_changed(briefs_dir / MANIFEST_NAME, files.root)
    listed = {f"{n}.json" for n in files.names}
    for e in _shard_entries(briefs_dir):
        if e.name.endswith(".json") and e.name not in listed:
            remove_file(folder / e.name, briefs_dir)


def stale_files(briefs_dir: Path, files: Files) -> list[str]:
    """The manifest's files (paths under ``briefs/``) that differ from ``files`` (holding every shard),
    or that it does not list."""
    want = {MANIFEST_NAME: files.root, **{f"{SHARDS_DIR}/{n}.json": d for n, d in files.shards.items()}}
    stale = [rel for e in _shard_entries(briefs_dir) if e.name.endswith(".json") and (rel := f"{SHARDS_DIR}/{e.name}") not in want]
    for rel, data in want.items():
        try:
            # (line ends as the pages are compared: a checkout with Windows line ends is not out of date)
            if (briefs_dir / rel).read_bytes().replace(b"\r\n", b"\n") != data:
                stale.append(rel)
        except OSError:
            stale.append(rel)
    return sorted(stale)


def _first(item: tuple[str, Any]) -> str:
    return item[0]


def _lines(old: Manifest, name: str) -> dict[str, dict[str, tuple[Any, bytes]]] | None:
    """Section -> key -> (entry, its line) of shard ``name`` of ``old``, from the bytes it was read
    from or written as; None when they are not at hand or not laid out as ``_sections`` writes."""
    text, members = (old._texts or {}).get(name), old._members.get(name)
    if text is None or members is None:
        return None
    lines = text.split(b"\n")
    out: dict[str, dict[str, tuple[Any, bytes]]] = {}
    at = 1  # the line after "{"
    for section in SECTIONS:
        keys, entries = members.get(section, []), getattr(old, section)
        if at >= len(lines) or lines[at] != _line(section) + b":{":
            return None
        mine = lines[at + 1 : at + 1 + len(keys)]
        if len(mine) != len(keys):
            return None
        # (a line starts with its key: checked, as a file edited by hand is not always found out)
        out[section] = {k: (entries.get(k), line.removesuffix(b",")) for k, line in zip(keys, mine, strict=True)}
        if keys and not mine[0].startswith(_line(keys[0]) + b":"):
            return None
        at += 2 + max(1, len(keys))  # the header, the entries (or one empty line), the "}"
    return out


def _sections(
    parts: dict[str, list[tuple[str, Any]]], kept: dict[str, dict[str, tuple[Any, bytes]]] | None = None
) -> bytes:
    """The three sections as one JSON object, one entry per line (sorted ``parts`` by section).
    ``kept``: section -> key -> (entry, line) already encoded: an entry that is that very object
    takes that line."""
    out = [b"{\n"]
    for n, section in enumerate(SECTIONS):
        out.append(_line(section) + b":{\n")
        known = kept.get(section, {}) if kept is not None else {}
        out.append(b",\n".join([
            hit[1] if (hit := known.get(k)) is not None and hit[0] is v else _encoded(section, k, v)
            for k, v in parts[section]
        ]))  # fmt: skip
        out.append(b"\n}" + (b"," if n < len(SECTIONS) - 1 else b"") + b"\n")
    out.append(b"}\n")
    return b"".join(out)


def _encoded(section: str, key: str, value: Any) -> bytes:
    return _line(key) + b":" + _line(Manifest._entry(section, value))

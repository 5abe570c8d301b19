"""Finding seed files and reading them into ``Document``s (the only file I/O of the read stage)."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath

from generator.model import Document, SeedError
from generator.read.decode import decode
from generator.read.frontmatter import split_front_matter

SEED_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class SeedFile:
    path: Path  # on disk
    name: str  # as shown to the user and stored in the brief (``seed``)
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(seed: str) -> str:
    """The id of the brief of the seed named ``seed``: its file name, lower-cased ASCII words joined by hyphens.

    A build takes the slug of every seed name (10,000 of them): a plain ``dir/name.ext`` is cut with
    string methods, anything else goes through ``PurePath``, and an ASCII name needs no normalising.
    The same answers either way (tests/test_read.py)."""
    name = seed.rpartition("/")[2]
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else PurePath(seed).stem
    if not stem.isascii():
        stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", stem.lower()).strip("-") or "brief"


def is_seed_name(name: str) -> bool:
    """A file name the generator reads as a seed: a known suffix, not hidden."""
    # ``os.path.splitext`` gives the suffix ``Path.suffix`` does, a tenth of the time (10,000 names a build)
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in SEED_SUFFIXES


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Seed files among ``paths`` (a directory means every seed file in it, recursively, sorted)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and is_seed_name(f.name)
                )
            )
        else:
            found.append(p)
    return found


def load(path: Path, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> SeedFile:
    """Read a seed's bytes; raises ``SeedError`` for a missing or over-size file."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SeedError(f"too large ({size:,} bytes; the limit is {max_bytes:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SeedError("no such file") from None
    except IsADirectoryError:
        raise SeedError("is a directory") from None
    except OSError as exc:
        raise SeedError(f"cannot read ({exc.strerror})") from None
    return SeedFile(path, name if name is not None else str(path), data)


def seed_format(name: str) -> str:
    return SEED_SUFFIXES.get(Path(name).suffix.lower(), "txt")


def parse(seed: SeedFile) -> Document:
    """Decode a seed and detect its format: the pure part of reading."""
    return parse_bytes(seed.name, seed.data)


def parse_bytes(name: str, data: bytes) -> Document:
    fmt = seed_format(name)
    if fmt == "html":
        from generator.read.html import read_html

        return read_html(name, data)
    text = decode(data)
    if fmt == "md":
        meta, start = split_front_matter(text)
        if not text[start:].strip():
            raise SeedError("no article text after the front matter")
        return Document(name, "md", text, start, meta)
    return Document(name, "txt", text)


def read_all(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[Path, SeedFile | SeedError]]:
    for p in paths:
        try:
            yield p, load(p, max_bytes=max_bytes)
        except SeedError as exc:
            yield p, exc

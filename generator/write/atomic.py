"""Atomic writes: a reader (or ``mkdocs serve``) sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; pages are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str | bytes) -> bool:
    """Write ``text`` (as UTF-8 when a string) only when the file's content differs; True when it wrote.

    Leaving identical files alone keeps their mtimes, which is what stops ``mkdocs serve`` from
    rebuilding in a loop and makes a no-op build touch nothing.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        # Another size is another content: no need to read the old file (the manifest is 34 MB at 10k).
        if os.stat(path).st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def remove_file(path: Path, stop: Path) -> bool:
    """Remove ``path`` and then any folders left empty up to (not including) ``stop``."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    parent = path.parent
    while parent != stop and stop in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent
    return True

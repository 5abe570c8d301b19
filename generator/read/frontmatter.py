"""YAML front matter of Markdown seeds: ``---`` block at the top, keys that override extraction."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from generator.model import SeedError

_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
KEYS = ("title", "source", "published", "authors", "url", "topics")


def split_front_matter(text: str) -> tuple[dict[str, Any], int]:
    """-> (the known keys found, offset where the article text starts)."""
    m = _BLOCK.match(text)
    if not m:
        return {}, 0
    try:
        raw = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise SeedError(f"invalid YAML front matter{where}") from None
    if not isinstance(raw, dict):
        raise SeedError("front matter is not a mapping of keys to values")
    meta: dict[str, Any] = {}
    for key in KEYS:
        value = raw.get(key, raw.get("date") if key == "published" else None)
        if value is None or value == "":
            continue
        if key in ("authors", "topics"):
            items = value if isinstance(value, list) else re.split(r"\s*[,;]\s*", str(value))
            meta[key] = [str(v).strip() for v in items if str(v).strip()]
        elif key == "published":
            meta[key] = _iso(value)
        else:
            meta[key] = str(value).strip()
    if "author" in raw and "authors" not in meta:
        meta["authors"] = [str(raw["author"]).strip()]
    return meta, m.end()


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return text
    m = re.match(r"(\d{4}-\d{2}-\d{2})[T ]", text)
    if m:
        return m.group(1)
    raise SeedError(f"front matter 'published' is not an ISO date: {text!r}")

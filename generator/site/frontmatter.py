"""Front matter of the generated pages, read without a YAML parser when it has the build's own shape.

``mkdocs build`` reads the front matter of every page: 0.07-0.15 ms a page with libyaml, 2-3.5 s of
the 24,000 pages of 10,000 briefings. The build writes that front matter itself (``build.front_matter``:
``yaml.safe_dump`` of a few strings and lists of strings), and a text of that shape needs no parser:
``key: value`` lines whose values are plain or single-quoted strings on one line, and ``- item`` lines
under a ``key:`` of their own. ``simple`` reads that shape and nothing else (0.03 ms a page, a third
of libyaml's time), answering None for anything it does not recognise, which then goes to YAML as
before.

A plain value is a string unless YAML's own implicit resolvers make it something else (a number, a
date, ``true``, ``null``): those are PyYAML's tables, so the answer is YAML's. And as ``site/chrome.py``
does, ``FrontMatter`` checks its first pages and every 500th against YAML (``chrome.due``), and one
difference sends every later page to YAML: a mistake here costs time, never a wrong page.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.resolver import Resolver

from generator.site.chrome import due

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
# What a one-line scalar may not hold (YAML refuses it, or reads a line break or a byte-order mark):
# left to YAML.
_CHARS = re.compile(r"[^\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]*")
_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`\t")  # indicators: a plain scalar starting so is something else
_COMMENT = re.compile(r"\s#")
# YAML's implicit resolvers (numbers, dates, booleans, null...), by first character, as
# ``Resolver.resolve`` looks them up: those of that character, then those of any.
_ANY = [pattern for _tag, pattern in Resolver.yaml_implicit_resolvers.get(None, [])]
_RESOLVERS = {
    first: [pattern for _tag, pattern in found] + _ANY
    for first, found in Resolver.yaml_implicit_resolvers.items()
    if first is not None
}
_BOOLEANS = {"true": True, "false": False}
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _plain(text: str) -> str | None:
    """``text`` as a plain scalar: the string itself, or None when YAML may read it as something else
    (a number, a date, a boolean, null: its implicit resolvers say) or it is not a one-line plain scalar."""
    if not text or text[0] in _FIRST or text[0].isspace() or text[-1] == ":" or text[-1].isspace():
        return None
    if ": " in text or "\t" in text or ("#" in text and _COMMENT.search(text)) or not _CHARS.fullmatch(text):
        return None
    for pattern in _RESOLVERS.get(text[0], _ANY):
        if pattern.match(text):
            return None
    return text


def _scalar(text: str) -> str | None:
    """The string ``text`` stands for as a one-line YAML value, or None when it may be anything else."""
    if not text.startswith("'"):
        return _plain(text)
    inner = text[1:-1]
    if len(text) < 2 or not text.endswith("'") or "'" in inner.replace("''", "") or not _CHARS.fullmatch(inner):
        return None
    return inner.replace("''", "'")


def simple(block: str) -> dict[str, Any] | None:
    """The mapping of a front-matter ``block`` (the text between the ``---`` lines, each line ending in
    a newline) in the build's shape, or None when it is not in that shape: ``key: value`` lines, and
    under a ``key:`` alone either ``- value`` lines or ``  key: value`` lines (``true`` and ``false``
    allowed there: ``search: {exclude: true}``)."""
    lines = block.split("\n")
    if lines.pop() != "":
        return None
    data: dict[str, Any] = {}
    open_key: str | None = None  # the last ``key:`` alone: the lines under it make its value
    under: list[Any] | dict[str, Any] | None = None  # that value, once its first line is read
    for line in lines:
        if line.startswith("- "):
            item = _scalar(line[2:])
            if item is None or open_key is None or isinstance(under, dict):
                return None
            if under is None:
                under = data[open_key] = []
            under.append(item)
            continue
        if line.startswith("  "):
            m = _KEY.fullmatch(line, 2)
            if m is None or open_key is None or isinstance(under, list):
                return None
            key, value = m.group(1), m.group(2) or ""
            scalar = _BOOLEANS[value] if value in _BOOLEANS else _scalar(value)
            if scalar is None or _plain(key) is None or (under is not None and key in under):
                return None
            if under is None:
                under = data[open_key] = {}
            under[key] = scalar
            continue
        if open_key is not None and under is None:
            return None  # ``key:`` with nothing under it is null to YAML
        m = _KEY.fullmatch(line)
        if m is None or m.group(1) in data or _plain(m.group(1)) is None:
            return None
        key, value = m.group(1), m.group(2)
        open_key, under = (key, None) if value is None else (None, None)
        if value is None:
            continue
        scalar = [] if value == "[]" else _scalar(value)
        if scalar is None:
            return None
        data[key] = scalar
    return None if open_key is not None and under is None else data


class FrontMatter:
    """Reads the front matter of one build's pages: ``simple`` when it can, checked against YAML."""

    def __init__(self) -> None:
        self.count = 0
        self.trusted = True

    def load(self, block: str) -> Any:
        """What ``yaml.load`` with the safe loader makes of ``block`` (and raises what it raises)."""
        data = simple(block) if self.trusted else None
        if data is None:
            return yaml.load(block, Loader=_YAML_LOADER)
        self.count += 1
        if due(self.count, self.count):  # the first two pages, and every 500th
            full = yaml.load(block, Loader=_YAML_LOADER)
            if full != data or type(full) is not dict:
                self.trusted = False
                return full
        return data

"""Setting the HTML blocks of a generated page aside while MkDocs converts its Markdown.

Python-Markdown passes a raw HTML block through unchanged, but it (and MkDocs, for anchor ids) still run
Python's HTML parser over every tag in it, twice: on pages that are mostly HTML blocks (briefings, entity,
topic and source pages) that is most of the build.  So the plugin hands MkDocs each run of HTML blocks as
one HTML comment (a single token to the parser, passed through the same way) and puts the blocks back
into the converted page: the HTML is the same, only the parsing is skipped.  Headings stay Markdown, so
the table of contents and permalinks are MkDocs' own.

A block is set aside only when it starts a line after a blank line (where Markdown reads a raw HTML block)
with one of the block-level tags below, and has no ``markdown`` attribute (``md_in_html`` parses those).
"""

from __future__ import annotations

import re

_BLOCK = re.compile(r"<(?:p|ul|ol|blockquote|div|table|dl|figure|details)[\s>]")
_MARKER = re.compile(r"<!--briefings-html-(\d+)-->")
_SPLIT = re.compile(r"\n[ \t]*\n")


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with each run of HTML blocks replaced by a marker comment, and the runs."""
    chunks = _SPLIT.split(markdown)
    out: list[str] = []
    held: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(f"<!--briefings-html-{len(held)}-->")
            held.append("\n\n".join(run))
            run.clear()

    for chunk in chunks:
        if _BLOCK.match(chunk) and "markdown=" not in chunk and "<!--briefings-html-" not in chunk:
            run.append(chunk)
        else:
            flush()
            out.append(chunk)
    flush()
    if not held:
        return markdown, held
    return "\n\n".join(out) + "\n", held


def put_back(html: str, held: list[str]) -> str:
    """The converted page with each marker replaced by its HTML blocks."""
    if not held:
        return html
    return _MARKER.sub(lambda m: held[int(m.group(1))], html)

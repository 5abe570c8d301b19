"""The "Source" view of a briefing: the cleaned article text in paragraphs, the key facts and quotes marked.

Pure: from the body and the (start, end) offsets the brief gives to paragraphs of segments, each segment
either plain text or a marked span with the anchor that the briefing page's "source" links point at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_BLANK = re.compile(r"\n\s*\n")


@dataclass
class Segment:
    text: str
    id: str = ""  # the anchor of a marked span ("fact-1", "quote-2"); empty for plain text
    kind: str = ""  # "fact" or "quote" for a marked span


@dataclass
class Paragraph:
    id: str  # "p-1", "p-2", ...
    segments: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    id: str
    kind: str


def paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``body``: text between blank lines, surrounding space trimmed."""
    out = []
    pos = 0
    for m in [*_BLANK.finditer(body), None]:
        end = m.start() if m else len(body)
        chunk = body[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((pos + lead, pos + len(chunk.rstrip())))
        if m:
            pos = m.end()
    return out


def spans(brief: dict[str, Any]) -> list[Span]:
    """The facts and quotes of ``brief`` with their anchors (fact-N, quote-N, counted from 1), valid offsets only."""
    n = len(brief["body"])
    found = []
    for kind, items in (("fact", brief["key_facts"]), ("quote", brief["quotes"])):
        for i, item in enumerate(items, 1):
            start, end = item.get("start"), item.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n:
                found.append(Span(start, end, f"{kind}-{i}", kind))
    return found


def anchors(brief: dict[str, Any]) -> dict[str, str]:
    """Anchor id of each fact and quote -> where the source view shows it: its own mark, or (when it overlaps
    one marked before it) the paragraph it starts in."""
    marked, _ = _layout(brief)
    return marked


def source_view(brief: dict[str, Any]) -> list[Paragraph]:
    return _layout(brief)[1]


def _layout(brief: dict[str, Any]) -> tuple[dict[str, str], list[Paragraph]]:
    body: str = brief["body"]
    paras = paragraphs(body)
    # Overlapping spans cannot both be marks: the earlier one (then the longer) wins; the other links
    # to its paragraph.
    ordered = sorted(spans(brief), key=lambda s: (s.start, -s.end, s.id))
    chosen: list[Span] = []
    where: dict[str, str] = {}
    for s in ordered:
        if chosen and s.start < chosen[-1].end:
            where[s.id] = _para_of(paras, s.start)
        else:
            chosen.append(s)
            where[s.id] = s.id
    out = []
    k = 0
    for n, (ps, pe) in enumerate(paras, 1):
        para = Paragraph(f"p-{n}")
        pos = ps
        while k < len(chosen) and chosen[k].end <= ps:
            k += 1
        j = k
        while j < len(chosen) and chosen[j].start < pe:
            s = chosen[j]
            a, b = max(s.start, ps), min(s.end, pe)
            if a > pos:
                para.segments.append(Segment(body[pos:a]))
            # A span crossing paragraphs is marked in each; only its first part carries the anchor.
            para.segments.append(Segment(body[a:b], s.id if s.start >= ps else "", s.kind))
            pos = b
            j += 1
        if pos < pe:
            para.segments.append(Segment(body[pos:pe]))
        out.append(para)
    # A span that starts between paragraphs (in the blank lines) has no mark with its id: use its paragraph.
    ids = {seg.id for p in out for seg in p.segments if seg.id}
    for sid, target in list(where.items()):
        if target == sid and sid not in ids:
            start = next(s.start for s in chosen if s.id == sid)
            where[sid] = _para_of(paras, start)
    return where, out


def _para_of(paras: list[tuple[int, int]], offset: int) -> str:
    for n, (_, pe) in enumerate(paras, 1):
        if offset < pe:
            return f"p-{n}"
    return f"p-{len(paras)}" if paras else ""

"""Direct quotations and who said them.

Quotation marks are paired by a small state machine rather than a regex, because real text mixes
curly, straight and NYT-style ``''`` marks, misuses curly marks, runs quotes over several paragraphs
(each paragraph re-opens, only the last closes) and sometimes leaves a mark unpaired.  The state is
reset at every paragraph break that does not continue a quote, so one stray mark only costs its own
paragraph.  Who said a quote is decided in ``attribution``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.extract.attribution import Attributor
from generator.model import Entity, Quote, Sentence

# Double quotation marks: straight, curly, low-9, and two-character forms (NYT ``''``, TeX ````,
# doubled curly singles that some outlets type instead of a double mark).
_MARK = re.compile(r"[\u2018\u2019'`]{2,3}|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_OPENERS = {"\u201c", "\u201e", "\u201f", "\u00ab", "\u2018\u2018", "``"}
_CLOSERS = {"\u201d", "\u00bb", "\u2019\u2019"}
_OPEN_BEFORE = "([{\u2014\u2013-/:;\u2018'"
_CLOSE_AFTER = ".,;:!?)]}\u2014\u2013-\u2019'\u2026"


@dataclass
class QuoteSpan:
    """The inside of one quotation: ``start``/``end`` exclude the marks; ``closed`` is False when the
    paragraph ended before a closing mark (an unbalanced quote)."""

    start: int
    end: int
    closed: bool
    continued: bool = False  # spans more than one paragraph


def _direction(body: str, i: int, j: int, mark: str, is_open: bool) -> bool:
    """True if the mark at ``body[i:j]`` opens a quotation.  Context beats the glyph: writers and
    converters often type the wrong curly mark, while spacing around the mark rarely lies."""
    prev = body[i - 1] if i > 0 else "\n"
    nxt = body[j] if j < len(body) else "\n"
    open_ctx = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
    close_ctx = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_AFTER)
    if open_ctx != close_ctx:
        return open_ctx
    if mark in _OPENERS:
        return True
    if mark in _CLOSERS:
        return False
    return not is_open  # a straight mark with no telling context toggles


def find_quote_spans(body: str) -> list[QuoteSpan]:
    """Every quoted stretch of ``body``, in order (nested single quotes stay inside their quote)."""
    marks = [(m.start(), m.end(), m.group()) for m in _MARK.finditer(body)]
    out: list[QuoteSpan] = []
    open_at: int | None = None
    continued = False
    k = 0
    para_start = 0
    while para_start <= len(body):
        nl = body.find("\n", para_start)
        para_end = len(body) if nl < 0 else nl
        while k < len(marks) and marks[k][0] < para_end:
            i, j, mark = marks[k]
            k += 1
            opens = _direction(body, i, j, mark[:2], open_at is not None)
            if len(mark) == 3:
                # a single quote nested at the edge of a double one ('old-school,' + closing ''): keep it inside
                i, j = (i, i + 2) if opens else (i + 1, j)
            if opens:
                if open_at is not None and not _is_para_reopen(body, i, open_at):
                    # an opening mark inside an open quote: the earlier one was never closed
                    _emit(body, out, open_at, i, closed=False, continued=continued)
                    continued = False
                if open_at is None or not _is_para_reopen(body, i, open_at):
                    open_at = j
            elif open_at is not None:
                _emit(body, out, open_at, i, closed=True, continued=continued)
                open_at, continued = None, False
        if open_at is not None:
            nxt = _next_paragraph_start(body, para_end)
            if nxt is not None and nxt < len(body) and (
                    m := _MARK.match(body, nxt)) and _direction(body, m.start(), m.end(), m.group(), False):
                continued = True  # the next paragraph re-opens: the quote goes on
            else:
                _emit(body, out, open_at, para_end, closed=False, continued=continued)
                open_at, continued = None, False
        if nl < 0:
            break
        para_start = nl + 1
    return out


def _is_para_reopen(body: str, i: int, open_at: int) -> bool:
    """Is the mark at ``i`` the re-opening mark at the start of a continued quote's new paragraph?"""
    line_start = body.rfind("\n", 0, i) + 1
    return line_start > open_at and not body[line_start:i].strip()


def _next_paragraph_start(body: str, para_end: int) -> int | None:
    m = re.compile(r"\s*").match(body, para_end)
    pos = m.end() if m else para_end
    return pos if pos < len(body) else None


def _emit(body: str, out: list[QuoteSpan], s: int, e: int, closed: bool, continued: bool) -> None:
    while s < e and body[s].isspace():
        s += 1
    while e > s and body[e - 1].isspace():
        e -= 1
    if e > s and re.search(r"\w", body[s:e]):
        out.append(QuoteSpan(s, e, closed, continued))


def quote_text(body: str, span: QuoteSpan) -> str:
    """The words of a quote: the paragraph breaks and re-opening marks of a multi-paragraph quote
    become single spaces."""
    text = body[span.start:span.end]
    if span.continued:
        text = re.sub(r"\s*\n\s*(?:" + _MARK.pattern + r")?\s*", " ", text)
    return text


def extract_quotes(body: str, sentences: list[Sentence], entities: list[Entity]) -> list[Quote]:
    """Direct quotations of ``body`` with speaker, role and cue (pure: text in, dataclasses out)."""
    spans = find_quote_spans(body)
    attributor = Attributor(body, entities, spans)
    out: list[Quote] = []
    for idx, span in enumerate(spans):
        att = attributor.attribute(idx)
        if not _is_speech(body, span, att.cue is not None or (att.continuation and not att.guessed)):
            attributor.skipped.add(idx)
            continue
        out.append(Quote(quote_text(body, span), att.speaker, att.role, att.cue, span.start, span.end))
    return out


_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "de", "la"}


def _is_speech(body: str, span: QuoteSpan, attributed: bool) -> bool:
    """Tell speech from scare quotes, nicknames and titles of works (which are not quotations)."""
    text = body[span.start:span.end]
    words = re.findall(r"[\w'\u2019-]+", text)
    if not words:
        return False
    if len(words) >= 8 or span.continued:
        return True
    # Title Case without closing punctuation of its own: a title, name or slogan, not speech
    caps = [w for w in words[1:] if w.lower() not in _SMALL]
    if caps and all(w[:1].isupper() for w in caps) and not re.search(r"[!?]\W*$", text):
        return False
    if attributed:
        return True
    # short and unattributed: speech only if it reads as a sentence of its own
    return bool(re.search(r"[.!?,\u2026]\W*$", text)) and len(words) >= 3

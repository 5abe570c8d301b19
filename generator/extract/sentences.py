"""Sentence boundaries in a cleaned body (rule-based: fast and deterministic).

Besides full stops, two boundaries without punctuation are found: the end of a photo caption that
scraped text glues to the next sentence ("... goes on sale in Australia The first 100 customers ...",
"... from his injuries Freak coincidence: His brother ..."), so that captions become sentences of
their own (without final punctuation, which is how the key-fact ranking recognises them).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from generator.model import Sentence

_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "st", "jan", "feb", "mar", "apr", "jun", "jul",
           "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "inc", "corp", "co", "ltd", "jr", "sr", "no", "vs", "lt",
           "col", "sgt", "capt", "cmdr", "adm", "rev", "fr", "mt", "ft", "u.k", "e.g", "i.e", "etc", "messrs", "supt",
           "insp", "det", "pte", "cpl", "maj", "brig", "esq", "hon", "rt", "ave", "blvd", "approx", "dept", "est",
           "fig", "op", "pp", "vol", "u.n", "u.s.a", "d.c", "a.m", "p.m"}
_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s+|$)")
# Words that open a sentence and are not capitalised inside one (unless in a title, where the next
# word is capitalised too): a capitalised one right after a plain word marks a glued-on caption.
_OPENERS = r"(?:The|A|An|He|She|It|They|We|His|Her|Its|Their|This|These|Those|But|However|Meanwhile)"
# Words after which an opener may legitimately stay capitalised (names of works, papers, places).
_JOINERS = {"of", "the", "a", "an", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or", "as", "said",
            "says", "told", "called", "named", "titled", "entitled", "dubbed", "read", "wrote", "is", "was", "are",
            "were", "be", "about", "into", "like", "film", "song", "book", "album", "show", "series", "paper",
            "newspaper", "magazine", "novel", "play", "single", "track", "movie", "hit", "programme", "program"}
_GLUED = re.compile(
    rf"(?<=[a-z0-9)\u2019'])(?P<sp>\s+)"
    rf"(?=(?:{_OPENERS}\s+[a-z]|(?P<label>[A-Z][a-z]+(?:\s+[A-Za-z]+){{0,2}}):\s+[A-Z\"\u201c\u2018']))"
)
# A label that names who speaks ("chairman Peter Harlow said: ...") is not a caption's: no cut there.
_SPEECH = re.compile(r"\b(?:said|says|told|added|asked|wrote|replied|explained|insisted|warned|declared)\b")


def split_sentences(body: str) -> list[Sentence]:
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", body):
        _split_paragraph(body, para.start(), para.end(), out)
    return out


def _split_paragraph(body: str, start: int, end: int, out: list[Sentence]) -> None:
    # whitespace positions once per paragraph: the word before a stop is then a bisection away, which
    # keeps a long paragraph (a whole article on one line) linear instead of rescanning it per stop
    spaces = [m.start() for m in _SPACE.finditer(body, start, end)]
    cuts: list[int] = []
    for m in _END.finditer(body, start, end):
        token = _word_before(body, start, m.start(), spaces).lower().rstrip(".")
        token = token.lstrip("(\"'\u201c\u2018")
        nxt = body[m.end():m.end() + 2].strip()[:1]
        if token in _ABBREV or re.fullmatch(r"[a-z]", token) or (nxt and (nxt.islower() or nxt in ",;:")):
            continue
        if re.fullmatch(r"(?:[a-z]\.){1,3}[a-z]?", token):
            continue  # initialisms: "U.S.", "a.m."
        cuts.append(m.end())
    for m in _GLUED.finditer(body, start, end):
        prev = _word_before(body, start, m.start(), spaces)
        if m["label"] and _SPEECH.search(m["label"]):
            continue
        if prev and prev.lower().strip("\"'\u2019") not in _JOINERS:
            cuts.append(m.start())
    s = start
    for c in sorted(set(cuts)):
        if c > s:
            _add(body, s, c, out)
            s = c
    _add(body, s, end, out)


_SPACE = re.compile(r"\s")
# No abbreviation or joining word is this long: a longer "word" (a URL, a run of symbols) stands for
# itself by a marker, so that no stop costs more than a bounded slice.
_MAX_WORD = 64
_LONG_WORD = "\x00long"


def _word_before(body: str, start: int, pos: int, spaces: list[int]) -> str:
    """The run of non-space characters ending at ``pos`` (from ``start`` at most); "" if a space ends there."""
    i = bisect_left(spaces, pos) - 1
    begin = max(start, spaces[i] + 1) if i >= 0 else start
    if pos - begin > _MAX_WORD:
        return _LONG_WORD
    return body[begin:pos]


def _add(body: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and body[s].isspace():
        s += 1
    while e > s and body[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e, body[s:e]))

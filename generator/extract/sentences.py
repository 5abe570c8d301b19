"""Sentence boundaries in a cleaned body (rule-based: fast and deterministic)."""

from __future__ import annotations

import re

from generator.model import Sentence

_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "st", "jan", "feb", "mar", "apr", "jun", "jul",
           "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "inc", "corp", "co", "ltd", "jr", "sr", "no", "vs", "lt",
           "col", "sgt", "capt", "cmdr", "adm", "rev", "fr", "mt", "ft", "u.k", "e.g", "i.e", "etc"}
_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s+|$)")


def split_sentences(body: str) -> list[Sentence]:
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", body):
        _split_paragraph(body, para.start(), para.end(), out)
    return out


def _split_paragraph(body: str, start: int, end: int, out: list[Sentence]) -> None:
    s = start
    for m in _END.finditer(body, start, end):
        word = re.search(r"(\S+)$", body[s:m.start()])
        token = word.group(1).lower().rstrip(".") if word else ""
        nxt = body[m.end():m.end() + 2].strip()[:1]
        if token in _ABBREV or re.fullmatch(r"[a-z]", token) or (nxt and nxt.islower()):
            continue
        _add(body, s, m.end(), out)
        s = m.end()
    _add(body, s, end, out)


def _add(body: str, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and body[s].isspace():
        s += 1
    while e > s and body[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e, body[s:e]))

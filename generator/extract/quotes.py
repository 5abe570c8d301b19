"""Direct quotations and who said them."""

from __future__ import annotations

import re

from generator.model import Entity, Quote, Sentence

_QUOTE = re.compile(r"[\"\u201c](?P<q>[^\"\u201c\u201d]{3,}?)[\"\u201d]")
_CUE = r"(?:said|says|told|added|wrote|stated|according to|asked|noted|explained)"


def extract_quotes(body: str, sentences: list[Sentence], entities: list[Entity]) -> list[Quote]:
    people = [e for e in entities if e.type in ("person", "organization")]
    out: list[Quote] = []
    for m in _QUOTE.finditer(body):
        s, e = m.start("q"), m.end("q")
        text = m.group("q").strip()
        if len(text.split()) < 3:
            continue  # scare quotes and titles
        speaker, cue = _attribute(body, s, e, people)
        out.append(Quote(text, speaker, None, cue, s, e))
    return out


def _attribute(body: str, s: int, e: int, people: list[Entity]) -> tuple[str | None, str | None]:
    para_start = body.rfind("\n", 0, s) + 1
    para_end = body.find("\n", e)
    para_end = len(body) if para_end < 0 else para_end
    window = (para_start, para_end)
    best: tuple[int, str] | None = None
    for ent in people:
        for ms, me in ent.mentions:
            if window[0] <= ms < window[1] and not (s <= ms < e):
                d = abs(ms - e) if ms >= e else abs(s - me)
                if best is None or d < best[0]:
                    best = (d, ent.name)
    cue = re.search(_CUE, body[e:para_end]) or re.search(_CUE, body[para_start:s])
    return (best[1] if best else None), (cue.group(0) if cue else None)

"""Key facts and the summary: the sentences that carry the news."""

from __future__ import annotations

import re

from generator.model import Fact, Quote, Sentence

MAX_FACTS = 5


def key_facts(sentences: list[Sentence], quotes: list[Quote]) -> list[Fact]:
    chosen: list[Sentence] = []
    for sent in sentences:
        if len(sent.text.split()) < 6:
            continue
        if any(q.start >= sent.start and q.end <= sent.end and (q.end - q.start) > 0.5 * len(sent.text) for q in quotes):
            continue
        if re.match(r"^[\"\u201c]", sent.text):
            continue
        chosen.append(sent)
        if len(chosen) == MAX_FACTS:
            break
    return [Fact(s.text, s.start, s.end) for s in chosen]


def summary(sentences: list[Sentence], facts: list[Fact]) -> str:
    if facts:
        return facts[0].text
    return sentences[0].text if sentences else ""

"""Topic pages: which briefings are filed under each topic."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.relate.cards import Card, newest_first


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    cards: tuple[Card, ...]  # newest first

    @property
    def count(self) -> int:
        return len(self.cards)


@functools.lru_cache(maxsize=1 << 16)  # pure, and called for the same few names again and again
def slugify(name: str) -> str:
    """A file-name-safe slug: lower-case words (any script) joined by hyphens; never empty.

    Dots and apostrophes inside words vanish, so "U.S." and "US" (or "Kim's") share a slug.
    """
    text = re.sub(r"(?<=\w)[.'’](?=\w|$|\s)", "", unicodedata.normalize("NFKC", name).casefold())
    slug = re.sub(r"[\W_]+", "-", text).strip("-")
    return slug or "topic-" + hashlib.sha256(name.encode()).hexdigest()[:8]


def topic_index(cards: Iterable[Card]) -> list[Topic]:
    """One ``Topic`` per distinct slug, sorted by slug.

    Names that differ only in case or punctuation ("US", "U.S.") share a slug and so one page; it is
    titled with the form most briefings use (ties: the alphabetically first).
    """
    members: dict[str, dict[str, Card]] = defaultdict(dict)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    cards = list(cards)
    for card in cards:
        for topic in card.topics:
            s = slugify(topic)
            members[s][card.id] = card
            names[s][topic] += 1
    # One sort of all cards, newest first; each topic orders its cards by that place (an int), which
    # is the order ``newest_first`` gives any subset.
    place = {c.id: i for i, c in enumerate(newest_first(cards))}
    topics = []
    for s in sorted(members):
        name = min(names[s].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        topics.append(Topic(s, name, tuple(sorted(members[s].values(), key=lambda c: place[c.id]))))
    return topics

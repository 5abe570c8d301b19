"""Topic pages: which briefings are filed under each topic."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
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


def most_used(forms: Counter[str]) -> str:
    """The spelling most briefings use (ties: the alphabetically first): a topic or entity page's title."""
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def make_topic(slug: str, forms: Counter[str], cards: Iterable[Card], place: Mapping[str, int]) -> Topic:
    """The topic ``slug`` spelled ``forms``, its ``cards`` in the order of ``place`` (card id -> its
    place newest first, from one sort of all cards: the order ``newest_first`` gives any subset)."""
    return Topic(slug, most_used(forms), tuple(sorted(cards, key=lambda c: place[c.id])))


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
    place = {c.id: i for i, c in enumerate(newest_first(cards))}
    return [make_topic(s, names[s], members[s].values(), place) for s in sorted(members)]

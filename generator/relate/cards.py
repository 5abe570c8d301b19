"""``Card``: what the site needs to know about a brief to list it and relate it to others."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.model import Brief

# Enough entities to relate on and to link every entity page a briefing belongs to; a longer tail of
# single mentions adds noise, not signal (relating itself uses only the first few, see related.py).
MAX_CARD_ENTITIES = 40


@dataclass(frozen=True)
class Card:
    id: str
    seed: str
    title: str
    published: str | None
    source: str | None
    summary: str
    topics: tuple[str, ...] = ()
    # (name, type, number of mentions), most mentioned first
    entities: tuple[tuple[str, str, int], ...] = field(default=())
    # (speaker, role, text, position in brief.quotes) of the attributed quotes, for entity pages:
    # kept here so a person's quotes across all briefings need no brief loaded from the cache.
    quotes: tuple[tuple[str, str, str, int], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The card as JSON data.  Built by hand: ``dataclasses.asdict`` deep-copies every string and
        tuple, and the build calls this for every card a page lists (a topic of 2,000 briefings lists
        2,000).  The tuples are passed as they are, not copied into lists: JSON writes them the same,
        templates read them the same, and copying 40 entities per card was most of the time."""
        return {
            "id": self.id,
            "seed": self.seed,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "summary": self.summary,
            "topics": self.topics,
            "entities": self.entities,
            "quotes": self.quotes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Card:
        return cls(
            id=data["id"],
            seed=data["seed"],
            title=data["title"],
            published=data["published"],
            source=data["source"],
            summary=data["summary"],
            topics=tuple(data["topics"]),
            # ``map(tuple, ...)``: the tuples are made in C (the counts and positions are JSON integers
            # already); a comprehension per card took a quarter of reading a 10,000-seed manifest.
            entities=tuple(map(tuple, data["entities"])),
            quotes=tuple(map(tuple, data.get("quotes", ()))),
        )


def card_from_brief(brief: Brief, brief_id: str | None = None) -> Card:
    """The card of ``brief`` (``brief_id`` overrides the id when two seeds share a slug)."""
    ents = sorted(brief.entities, key=lambda e: (-len(e.mentions), e.name))[:MAX_CARD_ENTITIES]
    return Card(
        id=brief_id or brief.id,
        seed=brief.seed,
        title=brief.title,
        published=brief.published,
        source=brief.source,
        summary=brief.summary,
        topics=tuple(brief.topics),
        entities=tuple((e.name, e.type, max(1, len(e.mentions))) for e in ents),
        quotes=tuple((q.speaker, q.speaker_role or "", q.text, i) for i, q in enumerate(brief.quotes) if q.speaker),
    )


def newest_first(cards: Iterable[Card]) -> list[Card]:
    """Dated cards newest first (a fuller date before a bare year of the same year), then undated; ties by title."""
    cards = list(cards)  # read twice below: an iterator would lose the undated ones
    dated = sorted((c for c in cards if c.published), key=lambda c: (c.title.casefold(), c.id))
    dated.sort(key=lambda c: c.published or "", reverse=True)
    undated = sorted((c for c in cards if not c.published), key=lambda c: (c.title.casefold(), c.id))
    return dated + undated

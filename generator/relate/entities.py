"""Entity pages, related topics and the timeline: aggregates over all cards, each in one linear pass.

Every function here visits each card once per entity or topic it carries (at most ``MAX_CARD_ENTITIES``
and a few topics), never all pairs of briefings, so 10,000 briefings cost 10,000 times one card.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from generator.relate.cards import Card, newest_first
from generator.relate.topics import Topic, slugify

# Entity type -> the folder of its pages under briefs/ ("other" entities get no page).
FOLDERS = {"person": "people", "place": "places", "organization": "organisations"}
# How many co-occurring topics / entities / related topics a page shows.
TOP_WITH = 10
# "Appears with" counts the most mentioned entities of each briefing only (as relating does): the
# long tail adds little, and 12 instead of 40 per briefing keeps 10,000 briefings to seconds.
WITH_PER_BRIEF = 12


@dataclass(frozen=True)
class EntityQuote:
    card: Card
    role: str
    text: str
    index: int  # position in the brief's quotes


@dataclass(frozen=True)
class EntityPage:
    type: str
    slug: str
    name: str
    cards: tuple[Card, ...]  # newest first
    quotes: tuple[EntityQuote, ...]  # in the order of ``cards``, then as the brief has them
    topics: tuple[tuple[str, int], ...]  # (topic name, shared briefings), most first
    entities: tuple[tuple[str, str, int], ...]  # (type, name, shared briefings), most first

    @property
    def path(self) -> str:
        """The page's path under briefs/."""
        return f"{FOLDERS[self.type]}/{self.slug}.md"


def entity_key(type_: str, name: str) -> tuple[str, str]:
    """Which page an entity of a card belongs to: its type and the slug of its name."""
    return (type_, slugify(name))


def entity_pages(cards: Sequence[Card], min_briefs: int) -> list[EntityPage]:
    """One page per person, place and organisation that at least ``min_briefs`` briefings carry, by path.

    Names differing only in case or punctuation share a page, titled with the form most briefings use.
    Quotes are matched to a page by their speaker's name (any entity type: an organisation's statements).
    """
    slug_of: dict[str, str] = {}  # slugify is regex work: once per distinct name, not per occurrence

    def slug(name: str) -> str:
        got = slug_of.get(name)
        if got is None:
            got = slug_of[name] = slugify(name)
        return got

    keys: dict[str, list[tuple[tuple[str, str], str]]] = {}  # card id -> ((type, slug), name) of its entities
    members: dict[tuple[str, str], dict[str, Card]] = defaultdict(dict)
    names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    # Per card, once: its topic slugs, and its quotes by speaker slug (a page looks its own slug up).
    card_topics: dict[str, tuple[str, ...]] = {}
    topic_forms: dict[str, Counter[str]] = defaultdict(Counter)
    said: dict[str, dict[str, list[tuple[str, str, int]]]] = {}
    for card in cards:
        mine = keys[card.id] = [((t, slug(n)), n) for n, t, _ in card.entities if t in FOLDERS]
        for key, name in mine:
            members[key][card.id] = card
            names[key][name] += 1
        card_topics[card.id] = tuple(dict.fromkeys(slug(t) for t in card.topics))
        for t in card.topics:
            topic_forms[slug(t)][t] += 1
        if card.quotes:
            by_speaker: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
            for speaker, role, text, i in card.quotes:
                by_speaker[slug(speaker)].append((role, text, i))
            said[card.id] = by_speaker
    kept = {k for k, m in members.items() if len(m) >= max(1, min_briefs)}
    # card id -> its most mentioned entities that have a page, each once
    company = {cid: list(dict.fromkeys(k for k, _ in mine[:WITH_PER_BRIEF] if k in kept)) for cid, mine in keys.items()}
    # One sort of all cards, newest first; each page then orders its cards by that place (an int).
    place = {c.id: i for i, c in enumerate(newest_first(cards))}
    spoken: dict[str, list[Card]] = defaultdict(list)  # speaker slug -> the cards quoting that speaker
    for card in cards:
        for speaker_slug in said.get(card.id, ()):
            spoken[speaker_slug].append(card)
    pages = []
    for key in sorted(kept, key=lambda k: (FOLDERS[k[0]], k[1])):
        type_, slug_ = key
        name = _common(names[key])
        ordered = tuple(sorted(members[key].values(), key=lambda c: place[c.id]))
        # Only the member cards that quote this name, in the page's order (not a scan of every member).
        speaking = sorted((c for c in spoken.get(slug_, ()) if c.id in members[key]), key=lambda c: place[c.id])
        quotes = tuple(EntityQuote(c, role, text, i) for c in speaking for role, text, i in said[c.id][slug_])
        # Counted in C (Counter over one chained iterable): entities in thousands of briefings are common.
        topics = Counter(chain.from_iterable(card_topics[c.id] for c in ordered))
        with_ = Counter(chain.from_iterable(company[c.id] for c in ordered))
        with_.pop(key, None)
        top_topics = heapq.nsmallest(TOP_WITH, topics.items(), key=lambda kv: (-kv[1], kv[0]))
        top_with = heapq.nsmallest(TOP_WITH, with_.items(), key=lambda kv: (-kv[1], FOLDERS[kv[0][0]], kv[0][1]))
        pages.append(
            EntityPage(
                type_,
                slug_,
                name,
                ordered,
                quotes,
                tuple((_common(topic_forms[s]), n) for s, n in top_topics),
                tuple((k[0], _common(names[k]), n) for k, n in top_with),
            )
        )
    return pages


def _common(forms: Counter[str]) -> str:
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def related_topics(topics: Sequence[Topic]) -> dict[str, list[tuple[Topic, int]]]:
    """Topic slug -> the topics its briefings are also filed under, with how many share both, most first."""
    by_slug = {t.slug: t for t in topics}
    slugs: dict[str, tuple[str, ...]] = {}  # card id -> its topic slugs, each computed once
    out: dict[str, list[tuple[Topic, int]]] = {}
    for topic in topics:
        counts: Counter[str] = Counter()
        for card in topic.cards:
            mine = slugs.get(card.id)
            if mine is None:
                mine = slugs[card.id] = tuple(dict.fromkeys(slugify(t) for t in card.topics))
            counts.update(s for s in mine if s != topic.slug)
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WITH]
        out[topic.slug] = [(by_slug[s], n) for s, n in top if s in by_slug]
    return out


@dataclass(frozen=True)
class Period:
    key: str  # "2023-05", "2023" (briefings dated to the year only) or "" (undated)
    cards: tuple[Card, ...]


def timeline(cards: Iterable[Card]) -> list[Period]:
    """Briefings newest first in month sections; a year-only date gets its year's own section (after
    that year's months), undated briefings come last."""
    periods: dict[str, list[Card]] = {}
    for card in newest_first(cards):
        date = card.published or ""
        key = date[:7] if len(date) >= 7 else date[:4]
        periods.setdefault(key, []).append(card)
    return [Period(k, tuple(v)) for k, v in periods.items()]

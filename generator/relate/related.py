"""Related briefings: shared topics and entities, weighted, best first, through an inverted index.

Score of briefing B for briefing A = the sum, over the features (topics, entities) they share, of
``weight_A(f) * weight_B(f) * rarity(f)``.  A feature's weight is its kind (a topic counts most, then
people, organisations, places) times how much the brief talks about it (log of its mentions);
``rarity = 1 / log2(1 + df)`` makes a feature shared by many briefings count less.  Rarity depends on
the feature's own document frequency only (not on the corpus size), so adding a seed changes scores
only for briefings that share a feature with it.

Only the postings of A's own features are visited, so the work is linear in the number of briefings
times the size of their postings lists; features carried by more than ``MAX_DF`` briefings say
almost nothing about relatedness and are skipped so that one huge topic cannot make it quadratic.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generator.relate.cards import Card
from generator.relate.topics import slugify

TOPIC_WEIGHT = 3.0
TYPE_WEIGHT = {"person": 1.5, "organization": 1.2, "place": 1.0, "other": 0.5}
MAX_DF = 1000
MAX_REASONS = 3

Feature = tuple[str, str]  # ("topic" | "entity", normalised key)


@dataclass(frozen=True)
class Related:
    id: str
    score: float
    reasons: tuple[str, ...]  # display names of the strongest shared features, strongest first


def features(card: Card) -> dict[Feature, tuple[float, str]]:
    """Feature -> (weight, display name) for one card."""
    out: dict[Feature, tuple[float, str]] = {}
    for topic in card.topics:
        out[("topic", slugify(topic))] = (TOPIC_WEIGHT, topic)
    for name, type_, mentions in card.entities:
        key: Feature = ("entity", name.casefold())
        w = TYPE_WEIGHT.get(type_, 0.5) * (1.0 + math.log2(max(1, mentions)))
        if key not in out or out[key][0] < w:
            out[key] = (w, name)
    return out


def relate(cards: Sequence[Card], count: int) -> dict[str, list[Related]]:
    """For each card id, up to ``count`` related briefings, best first (ties: newer, then id)."""
    feats = {c.id: features(c) for c in cards}
    postings: dict[Feature, list[tuple[str, float]]] = defaultdict(list)
    for cid in sorted(feats):
        for f in sorted(feats[cid]):
            postings[f].append((cid, feats[cid][f][0]))
    published = {c.id: c.published or "" for c in cards}
    result: dict[str, list[Related]] = {}
    for cid in sorted(feats):
        scores: dict[str, float] = defaultdict(float)
        contrib: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for f in sorted(feats[cid]):
            plist = postings[f]
            if len(plist) < 2 or len(plist) > MAX_DF:
                continue
            w_a, name = feats[cid][f]
            rarity = 1.0 / math.log2(1 + len(plist))
            for other, w_b in plist:
                if other == cid:
                    continue
                s = w_a * w_b * rarity
                scores[other] += s
                contrib[other].append((s, name))
        if count <= 0:
            result[cid] = []
            continue
        # Rounding keeps float summation noise from deciding an order.
        ranked = sorted(scores, key=lambda o: (-round(scores[o], 6), _neg(published[o]), o))[:count]
        result[cid] = [Related(o, round(scores[o], 6), _reasons(contrib[o])) for o in ranked]
    return result


def _reasons(parts: list[tuple[float, str]]) -> tuple[str, ...]:
    seen: list[str] = []
    for _, name in sorted(parts, key=lambda p: (-round(p[0], 6), p[1])):
        if name.casefold() not in (s.casefold() for s in seen):
            seen.append(name)
        if len(seen) == MAX_REASONS:
            break
    return tuple(seen)


def _neg(date: str) -> tuple[int, ...]:
    """A sort key that puts later ISO dates first."""
    return (*(-ord(ch) for ch in date), 1)

"""Related briefings: shared topics and entities, weighted, best first, through an inverted index.

Score of briefing B for briefing A = the sum, over the features (topics, entities) they share, of
``weight_A(f) * weight_B(f) * rarity(f)``.  A feature's weight is its kind (a topic counts most, then
people, organisations, places) times how much the brief talks about it (log of its mentions);
``rarity = 1 / log2(1 + df)`` makes a feature shared by many briefings count less.  Rarity depends on
the feature's own document frequency only (not on the corpus size), so adding a seed changes scores
only for briefings that share a feature with it.

Only the postings of A's own features are visited, never all pairs.  A feature carried by many
briefings contributes through its ``CHAMPIONS`` most salient briefings only (its "champion list": the
ones that mention it most, then the newest), so a huge topic costs a bounded amount per briefing and
the whole computation stays linear in the number of briefings.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generator.relate.cards import Card
from generator.relate.topics import slugify

TOPIC_WEIGHT = 3.0
TYPE_WEIGHT = {"person": 1.5, "organization": 1.2, "place": 1.0, "other": 0.5}
CHAMPIONS = 64
# Entities beyond the most mentioned few add cost and little signal.
MAX_ENTITIES = 12
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
    for name, type_, mentions in card.entities[:MAX_ENTITIES]:
        key: Feature = ("entity", name.casefold())
        w = TYPE_WEIGHT.get(type_, 0.5) * (1.0 + math.log2(max(1, mentions)))
        if key not in out or out[key][0] < w:
            out[key] = (w, name)
    return out


def relate(cards: Sequence[Card], count: int) -> dict[str, list[Related]]:
    """For each card id, up to ``count`` related briefings, best first (ties: newer, then id)."""
    feats = {c.id: features(c) for c in cards}
    # Newest first, then by id: the tie-break everywhere below, as one precomputed rank.
    rank = {c.id: i for i, c in enumerate(sorted(cards, key=lambda c: (_neg(c.published or ""), c.id)))}
    postings: dict[Feature, list[tuple[str, float]]] = defaultdict(list)
    for cid in sorted(feats):
        for f, (w, _) in feats[cid].items():
            postings[f].append((cid, w))
    # Champion lists, with the feature's rarity folded into each weight.
    champions: dict[Feature, list[tuple[str, float]]] = {}
    rarity: dict[Feature, float] = {}
    for f, plist in postings.items():
        if len(plist) < 2:
            continue
        rarity[f] = r = 1.0 / math.log2(1 + len(plist))
        best = (
            plist if len(plist) <= CHAMPIONS else heapq.nsmallest(CHAMPIONS, plist, key=lambda p: (-p[1], rank[p[0]]))
        )
        champions[f] = [(o, w * r) for o, w in best]
    result: dict[str, list[Related]] = {}
    for cid in sorted(feats):
        if count <= 0:
            result[cid] = []
            continue
        mine = feats[cid]
        scores: dict[str, float] = {}
        get = scores.get
        for f, (w_a, _) in mine.items():
            for other, w_b in champions.get(f, ()):
                scores[other] = get(other, 0.0) + w_a * w_b
        scores.pop(cid, None)
        # Sums run in a fixed order (the card's feature order, then champion order), so equal inputs
        # give equal floats and the ranking is reproducible.
        top = heapq.nsmallest(count, scores.items(), key=lambda kv: (-kv[1], rank[kv[0]]))
        result[cid] = [Related(o, round(sc, 6), _reasons(mine, feats[o], rarity)) for o, sc in top]
    return result


def _reasons(
    mine: dict[Feature, tuple[float, str]],
    theirs: dict[Feature, tuple[float, str]],
    rarity: dict[Feature, float],
) -> tuple[str, ...]:
    """The names of the strongest features two briefings share (a topic and an entity of one name once)."""
    shared = sorted((-mine[f][0] * theirs[f][0] * rarity[f], mine[f][1]) for f in mine if f in theirs)
    seen: list[str] = []
    folded: set[str] = set()
    for _, name in shared:
        if name.casefold() not in folded:
            seen.append(name)
            folded.add(name.casefold())
            if len(seen) == MAX_REASONS:
                break
    return tuple(seen)


def _neg(date: str) -> tuple[int, ...]:
    """A sort key that puts later ISO dates first."""
    return (*(-ord(ch) for ch in date), 1)

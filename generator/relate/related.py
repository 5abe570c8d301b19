"""Related briefings: shared topics and entities, weighted, best first, through an inverted index.

Score of briefing B for briefing A = the sum, over the features (topics, entities) they share, of
``weight_A(f) * weight_B(f)``.  A feature's weight is a whole number: its kind (a topic counts most, a
theme of the fixed vocabulary or a country least; among names people most, then organisations, places,
countries) times how much the brief talks about it (1 + log2 of its mentions, rounded down).

A score depends on the two briefings alone, never on the rest of the collection (no "rarity" of a name
across it), and ties go to the newer briefing, then by id: so a briefing's list is the exact top
``count`` of a ranking between pairs, and adding a briefing changes only the lists it enters.  (With a
weight that counts how many briefings share a name, one more briefing re-ranked the lists of every
briefing with that name, so a build rewrote pages the new briefing is not on.)  How much a brief talks
about a name does what rarity did for noise: a word the recogniser took for a name in thousands of
briefings is mentioned once in each, and weighs little against the names a story is about.

Each briefing reads the postings of its own features (an inverted index from features to briefings),
never all pairs: the work is the sum over briefings of their features' postings.  Building every list
does that in numpy (``_best_all``); integer weights make every sum exact, so that and the Python sums
of an incremental build (below) give the same lists.

Incremental: given the previous lists and the cards they came from, only the lists of changed
briefings and of those whose list held one that changed or left are worked out again; a briefing a
changed one shares a feature with takes it in if it scores above its list's last.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from generator.extract.gazetteer import COUNTRIES
from generator.extract.topics import THEMES
from generator.relate.cards import Card
from generator.relate.topics import slugify

TOPIC_WEIGHT = 6  # a topic: a name the brief is mainly about, or one the seed gave
# One of the fixed vocabulary's broad themes ("Economy"), or a country: each is shared by a big share of
# briefings and says little about which story one is.  (On 890 real news articles, a related briefing
# was of the same section, 74% of the time with countries weighed as other places, 80% with this.)
THEME_WEIGHT = 2
TYPE_WEIGHT = {"person": 6, "organization": 5, "place": 4}
COUNTRY_WEIGHT = 1  # a country named in the text (the gazetteer's canonical names), per level of mentions
OTHER_WEIGHT = 2
# Entities beyond the most mentioned few add cost and little signal.
MAX_ENTITIES = 12
MAX_REASONS = 3

Feature = tuple[str, str]  # ("topic" | "entity", normalised key)
Postings = dict[Feature, list[tuple[str, int]]]  # feature -> (card id, weight), by card id
Features = dict[Feature, tuple[int, str]]  # feature -> (weight, display name) of one card
_THEMES = frozenset(THEMES)


class Related(NamedTuple):
    """One related briefing.  A named tuple, not a dataclass: the manifest of 10,000 briefings holds
    50,000 of them, and a build reads them all (a third of the time to make them)."""

    id: str
    score: int
    reasons: tuple[str, ...]  # display names of the strongest shared features, strongest first


def features(card: Card) -> Features:
    """Feature -> (weight, display name) for one card."""
    out: Features = {}
    topics, entities = _TOPICS, _ENTITIES
    for topic in card.topics:
        got_t = topics.get(topic)
        if got_t is None:
            weight = THEME_WEIGHT if topic in _THEMES or topic in COUNTRIES else TOPIC_WEIGHT
            got_t = topics[topic] = (("topic", slugify(topic)), (weight, topic))
        out[got_t[0]] = got_t[1]
    for entity in card.entities[:MAX_ENTITIES]:
        got_e = entities.get(entity)
        if got_e is None:
            name, type_, mentions = entity
            kind = COUNTRY_WEIGHT if name in COUNTRIES else TYPE_WEIGHT.get(type_, OTHER_WEIGHT)
            w = kind * max(1, mentions).bit_length()
            got_e = entities[entity] = (("entity", name.casefold()), (w, name))
        key, value = got_e
        got = out.get(key)
        if got is None or got[0] < value[0]:
            out[key] = value
    return out


# What ``features`` makes of a topic, and of a (name, type, mentions) entity: the same few thousand
# recur across 10,000 cards, and working each out again was most of the time of preparing them all.
_TOPICS: dict[str, tuple[Feature, tuple[int, str]]] = {}
_ENTITIES: dict[tuple[str, str, int], tuple[Feature, tuple[int, str]]] = {}


class Prepared:
    """The features and postings of a set of cards, worked out ahead of ``relate`` (a build does it
    while a forked process extracts the new briefings); ``relate`` completes them for its cards."""

    def __init__(self, cards: Iterable[Card]) -> None:
        self.cards = {c.id: c for c in cards}
        self.feats = {cid: features(c) for cid, c in self.cards.items()}
        self.postings: Postings = defaultdict(list)
        for cid in sorted(self.feats):
            for f, (w, _) in self.feats[cid].items():
                self.postings[f].append((cid, w))
        self.used = False

    def complete(self, cards: Sequence[Card]) -> tuple[dict[str, Features], Postings]:
        """(card id -> features, feature -> postings sorted by card id) of ``cards``: what ``relate``
        computes from scratch, with the prepared cards' share taken from here (once: it is updated in place)."""
        if self.used:
            raise RuntimeError("prepared features are used once")
        self.used = True
        now = {c.id: c for c in cards}
        gone = [cid for cid, c in self.cards.items() if now.get(cid) is not c]
        new = [c for c in now.values() if self.cards.get(c.id) is not c]  # (a repeated id: its last card)
        feats, postings = self.feats, self.postings
        touched: set[Feature] = set()
        for cid in gone:
            touched.update(feats.pop(cid))
        dropped = set(gone)
        for f in touched:
            postings[f] = [p for p in postings[f] if p[0] not in dropped]
        for card in new:
            mine = feats[card.id] = features(card)
            for f, (w, _) in mine.items():
                postings[f].append((card.id, w))
                touched.add(f)
        for f in touched:
            if postings[f]:
                postings[f].sort()
            else:
                del postings[f]
        self.cards = now
        return {cid: feats[cid] for cid in sorted(feats)}, postings

    def again(self) -> Prepared:
        """This object, once ``relate`` has completed it, ready to be completed for the next build's cards
        (a process that builds again and again keeps it: ``build.Warm``)."""
        self.used = False
        return self


# Lists worked out again one by one in Python up to this many; more at once go through numpy.
FEW = 64


def relate(
    cards: Sequence[Card],
    count: int,
    previous: Mapping[str, list[Related]] | None = None,
    before: Mapping[str, Card] | None = None,
    known: Prepared | None = None,
) -> dict[str, list[Related]]:
    """For each card id, up to ``count`` related briefings, best first (ties: newer, then id).

    Incremental: given the ``previous`` result (same ``count``, same code) and the cards it was
    computed from (``before``, by id), a list is worked out again only for a changed card and for a
    card whose list held a changed or removed one; a card that a changed card shares a feature with
    gets it in its list if it scores above the list's last.  The result is the one a full computation
    gives (a score depends on its two briefings only), and unchanged lists are the very same objects.

    ``known``: features and postings of most of ``cards`` worked out beforehand (``Prepared``); used
    (once) for the very same cards, the others are worked out here.
    """
    feats, postings = (known if known is not None else Prepared(cards)).complete(cards)
    if count <= 0:
        return {cid: [] for cid in feats}
    # Newest first, then by id: the tie-break everywhere below, as one precomputed rank.
    rank = _ranks(cards)
    if previous is None or before is None:
        return _lists(list(feats), feats, postings, rank, count)
    now = {c.id: c for c in cards}
    changed = {cid for cid in now.keys() | before.keys() if not _same(now.get(cid), before.get(cid))}
    if len(changed) * 8 > len(now):
        # (most changed, as after a new extractor: reading every changed card's postings costs more)
        return _lists(list(feats), feats, postings, rank, count)

    # Changed cards that are here now: each may enter the lists of the briefings it shares a feature with.
    entering: dict[str, dict[str, int]] = defaultdict(dict)  # list owner -> {changed card: its score}
    for cid in sorted(changed & now.keys()):
        for other, score in _scores(cid, feats, postings).items():
            if other not in changed:
                entering[other][cid] = score
    result: dict[str, list[Related]] = {}
    again = []  # the lists worked out afresh: what comes after a changed or removed briefing is not known
    for cid in sorted(feats):
        old = previous.get(cid)
        if old is None or cid in changed or any(r.id in changed for r in old):
            again.append(cid)
            continue
        came = entering.get(cid)
        if came and len(old) >= count:
            last = old[-1]
            came = {o: s for o, s in came.items() if (-s, rank[o]) < (-last.score, rank[last.id])}
        if not came:
            result[cid] = old
            continue
        # The unchanged briefings that can be in it are those it had (their scores stand).
        scores = {r.id: r.score for r in old}
        scores.update(came)
        kept = {r.id: r for r in old}
        mine = feats[cid]
        result[cid] = [
            kept[o] if o in kept else Related(o, s, _reasons(mine, feats[o])) for o, s in best_of(scores, count, rank)
        ]
    result.update(_lists(again, feats, postings, rank, count))
    return dict(sorted(result.items()))


def _lists(
    ids: list[str], feats: Mapping[str, Features], postings: Postings, rank: Mapping[str, int], count: int
) -> dict[str, list[Related]]:
    """The related lists of ``ids``, worked out from every posting of their features."""
    if len(ids) <= FEW:
        best = {cid: best_of(_scores(cid, feats, postings), count, rank) for cid in ids}
    else:
        best = _best_all(ids, feats, postings, rank, count)
    return {cid: _listed(cid, best[cid], feats) for cid in ids}


def _scores(cid: str, feats: Mapping[str, Features], postings: Postings) -> dict[str, int]:
    """The score of every briefing that shares a feature with ``cid`` (all its postings read)."""
    scores: dict[str, int] = {}
    get = scores.get
    for f, (w_a, _) in feats[cid].items():
        for other, w_b in postings[f]:
            scores[other] = get(other, 0) + w_a * w_b
    scores.pop(cid, None)
    return scores


def _best_all(
    ids: list[str], feats: Mapping[str, Features], postings: Postings, rank: Mapping[str, int], count: int
) -> dict[str, list[tuple[str, int]]]:
    """``best_of(_scores(cid), count, rank)`` for each of ``ids``, summed in numpy.

    The same work, each briefing reading the postings of its own features (the sum over briefings of
    their features' postings: 77 million at 10,000 benchmark briefings, whose biggest names are on
    2,000-2,800 of them), in C: about 3 s instead of an estimated 30.  The ranking key is one integer, score then rank,
    so the top few are picked by a partition; the scores are whole numbers, exact in float64."""
    import numpy as np

    order = sorted(rank, key=rank.__getitem__)  # card ids by rank: an id's number is its rank
    num = {cid: i for i, cid in enumerate(order)}
    arrays = {
        f: (np.fromiter((num[o] for o, _ in plist), np.int64, len(plist)),
            np.fromiter((w for _, w in plist), np.int64, len(plist)))
        for f, plist in postings.items()
    }  # fmt: skip
    n = len(order)
    # One accumulator for all (zeroed again where used): summing into a fresh array of every briefing,
    # or sorting the postings read, would cost as much again per briefing.
    acc = np.zeros(n, np.int64)
    where = np.zeros(n, np.int64)
    steps = np.arange(max((sum(len(postings[f]) for f in feats[cid]) for cid in ids), default=0))
    out: dict[str, list[tuple[str, int]]] = {}
    for cid in ids:
        mine = feats[cid]
        if not mine:
            out[cid] = []
            continue
        parts = [arrays[f] for f in mine]
        idx = np.concatenate([p[0] for p in parts])
        wts = np.concatenate([p[1] * w_a for p, (w_a, _) in zip(parts, mine.values(), strict=True)])
        np.add.at(acc, idx, wts)
        at = steps[: len(idx)]
        where[idx] = at
        others = idx[where[idx] == at]  # each briefing once (at whichever of its readings ``where`` kept)
        scores = acc[others]
        acc[others] = 0
        # the best key is the highest score, then the lowest rank; the card itself left out
        keys = scores * n + (n - 1 - others)
        keys[others == num[cid]] = -1
        take = min(count, len(keys) - 1)  # (the card itself is in its own features' postings)
        if take <= 0:
            out[cid] = []
            continue
        top = np.argpartition(-keys, take - 1)[:take] if len(keys) > take else np.arange(len(keys))
        top = top[np.argsort(-keys[top])]
        out[cid] = [(order[int(others[i])], int(scores[i])) for i in top if keys[i] >= 0]
    return out


def _listed(cid: str, best: list[tuple[str, int]], feats: Mapping[str, Features]) -> list[Related]:
    mine = feats[cid]
    return [Related(o, s, _reasons(mine, feats[o])) for o, s in best]


def best_of(scores: dict[str, int], count: int, rank: Mapping[str, int]) -> list[tuple[str, int]]:
    """The ``count`` best (id, score) of ``scores``: highest score first, ties by ``rank``; the same as
    ``heapq.nsmallest(count, scores.items(), key=lambda kv: (-kv[1], rank[kv[0]]))``.

    Only the briefings scoring at least the ``count``-th best score can be among them, and that score
    is found by a sort of the plain scores, in C: the key is worked out for those few, not for the
    hundreds a briefing shares a feature with."""
    items = list(scores.items())
    if len(items) > count > 0:
        floor = heapq.nlargest(count, scores.values())[-1]
        items = [kv for kv in items if kv[1] >= floor]
    items.sort(key=lambda kv: (-kv[1], rank[kv[0]]))
    return items[:count]


def _reasons(mine: Features, theirs: Features) -> tuple[str, ...]:
    """The names of the strongest features two briefings share (a topic and an entity of one name once)."""
    shared = sorted((-mine[f][0] * theirs[f][0], mine[f][1]) for f in mine if f in theirs)
    seen: list[str] = []
    folded: set[str] = set()
    for _, name in shared:
        if name.casefold() not in folded:
            seen.append(name)
            folded.add(name.casefold())
            if len(seen) == MAX_REASONS:
                break
    return tuple(seen)


def _ranks(cards: Iterable[Card]) -> dict[str, int]:
    """Card id -> its place when sorted newest first (a longer ISO date before its own prefix, undated
    last), then by id: two stable sorts, cheaper than one with a composite key."""
    ordered = sorted(sorted(cards, key=lambda c: c.id), key=lambda c: c.published or "", reverse=True)
    return {c.id: i for i, c in enumerate(ordered)}


def _same(a: Card | None, b: Card | None) -> bool:
    return a is b or a == b  # unchanged cards are usually the very same objects

"""Related briefings: shared topics and entities, weighted, best first, through an inverted index.

Score of briefing B for briefing A = the sum, over the features (topics, entities) they share, of
``weight_A(f) * weight_B(f) * rarity(f)``.  A feature's weight is its kind (a topic counts most, then
people, organisations, places) times how much the brief talks about it (log of its mentions);
``rarity = 1 / log2(1 + df)`` makes a feature shared by many briefings count less (df rounded up
to a power of four, so that one briefing more rarely changes it).  Rarity depends on the feature's own
document frequency only, not on the corpus size.

Only the postings of A's own features are visited, never all pairs.  A feature carried by many
briefings contributes through its ``CHAMPIONS`` most salient briefings only (its "champion list": the
ones that mention it most, ties drawn by lot), so a huge topic costs a bounded amount per briefing and
the whole computation stays linear in the number of briefings.

Incremental: with the previous result and the cards it came from, only the changed briefings and
those carrying a feature whose champion list or rarity changed are looked at again, most of them only
against the briefings that entered those lists (adding one seed to 10,000 synthetic briefings: 0.05-0.1
s, against 4.5 s for all).
"""

from __future__ import annotations

import heapq
import math
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator.relate.cards import Card
from generator.relate.topics import slugify

TOPIC_WEIGHT = 3.0
TYPE_WEIGHT = {"person": 1.5, "organization": 1.2, "place": 1.0, "other": 0.5}
CHAMPIONS = 64
# Entities beyond the most mentioned few add cost and little signal.
MAX_ENTITIES = 12
MAX_REASONS = 3

Feature = tuple[str, str]  # ("topic" | "entity", normalised key)


class Related(NamedTuple):
    """One related briefing.  A named tuple, not a dataclass: the manifest of 10,000 briefings holds
    50,000 of them, and a build reads them all (a third of the time to make them)."""

    id: str
    score: float
    reasons: tuple[str, ...]  # display names of the strongest shared features, strongest first


def features(card: Card) -> dict[Feature, tuple[float, str]]:
    """Feature -> (weight, display name) for one card."""
    out: dict[Feature, tuple[float, str]] = {}
    topics, entities = _TOPICS, _ENTITIES
    for topic in card.topics:
        got_t = topics.get(topic)
        if got_t is None:
            got_t = topics[topic] = (("topic", slugify(topic)), (TOPIC_WEIGHT, topic))
        out[got_t[0]] = got_t[1]
    for entity in card.entities[:MAX_ENTITIES]:
        got_e = entities.get(entity)
        if got_e is None:
            name, type_, mentions = entity
            w = TYPE_WEIGHT.get(type_, 0.5) * (1.0 + math.log2(max(1, mentions)))
            got_e = entities[entity] = (("entity", name.casefold()), (w, name))
        key, value = got_e
        got = out.get(key)
        if got is None or got[0] < value[0]:
            out[key] = value
    return out


# What ``features`` makes of a topic, and of a (name, type, mentions) entity: the same few thousand
# recur across 10,000 cards, and working each out again was most of the time of preparing them all.
_TOPICS: dict[str, tuple[Feature, tuple[float, str]]] = {}
_ENTITIES: dict[tuple[str, str, int], tuple[Feature, tuple[float, str]]] = {}


def rarity_of(df: int) -> float:
    """How much a feature shared by ``df`` briefings counts.

    The count is rounded up to a power of four (4, 16, 64, ...), so one more or one fewer briefing
    rarely changes it: adding a briefing then re-ranks only the lists it belongs in.
    """
    df = 4 ** max(1, -(-(df - 1).bit_length() // 2))
    return 1.0 / math.log2(1 + df)


def _lot(card_id: str) -> int:
    """A fixed pseudo-random number per briefing: how champion lists break ties between equal weights.

    Not recency: every new briefing would then enter the champion list of each big feature it has,
    pushing an older one out and re-ranking the lists of briefings far from it."""
    got = _LOTS[card_id] = zlib.crc32(card_id.encode("utf-8"))
    return got


_LOTS: dict[str, int] = {}  # card id -> its lot, drawn once per process


def _champions(plist: list[tuple[str, float]]) -> tuple[float, list[tuple[str, float]]] | None:
    """(rarity, champion list with the rarity folded into each weight) of one feature's postings."""
    if len(plist) < 2:
        return None
    r = rarity_of(len(plist))
    if len(plist) <= CHAMPIONS:
        best = plist
    else:
        # The keys built first, so that the heap compares tuples in C (no Python key call per posting).
        lots = _LOTS
        keyed = [(-w, lots[o] if o in lots else _lot(o), o) for o, w in plist]
        best = [(o, -neg) for neg, _, o in heapq.nsmallest(CHAMPIONS, keyed)]
    return r, [(o, w * r) for o, w in best]


def relate(
    cards: Sequence[Card],
    count: int,
    previous: Mapping[str, list[Related]] | None = None,
    before: Mapping[str, Card] | None = None,
    known: Prepared | None = None,
) -> dict[str, list[Related]]:
    """For each card id, up to ``count`` related briefings, best first (ties: newer, then id).

    Incremental: given the ``previous`` result (same ``count``, same code) and the cards it was
    computed from (``before``, by id), only briefings that carry a feature whose champion list or
    rarity changed are looked at again, and most of those only for the briefings that entered those
    champion lists (their list stays as it was unless one of them ranks in it).  Every score is
    summed in the same order either way, so the result is the one a full computation gives.

    ``known``: features and postings of most of ``cards`` worked out beforehand (``prepare``); used
    (once) for the very same cards, the others are worked out here.
    """
    if known is not None:
        feats, postings = known.complete(cards)
    else:
        feats = {c.id: features(c) for c in cards}
        postings = defaultdict(list)
        for cid in sorted(feats):
            for f, (w, _) in feats[cid].items():
                postings[f].append((cid, w))
    # Newest first, then by id: the tie-break everywhere below, as one precomputed rank.
    rank = _ranks(cards)
    # Worked out per feature when first needed: an incremental run looks at few features.
    champions = _Champions(postings, known.champions if known is not None else None)
    rarity = _Rarity(postings)
    incremental = previous is not None and before is not None
    changes = _Changes() if not incremental else _changes(cards, feats, postings, champions, before)  # type: ignore[arg-type]
    maps: dict[Feature, dict[str, float]] = {}

    def weight_map(f: Feature) -> dict[str, float] | None:
        got = maps.get(f)
        if got is None:
            best = champions.get(f)
            if best is not None:
                got = maps[f] = dict(best)
        return got

    # The briefings that carry a feature whose champion list changed (the others keep their lists).
    carriers = {o for f in changes.dirty for o, _ in postings.get(f, ())}
    result: dict[str, list[Related]] = {}
    for cid in sorted(feats):
        if count <= 0:
            result[cid] = []
            continue
        old = previous.get(cid) if previous is not None and cid not in changes.ids else None
        if old is not None and cid not in carriers:
            result[cid] = old
            continue
        mine = feats[cid]
        if old is not None:
            dirty = [f for f in mine if f in changes.dirty]
            left = set().union(*(changes.removed[f] for f in dirty))
            if not any(r.id in left for r in old):
                # Only the briefings that entered a champion list can have moved: score those exactly.
                entered = set().union(*(changes.added[f] for f in dirty))
                entered.discard(cid)
                listed = {r.id for r in old}
                if _stays(mine, old, count, entered, listed, feats, weight_map, changes.rerated):
                    result[cid] = old
                    continue
                fresh = listed | entered
                scores = {}
                for other in fresh:
                    sc = _score(mine, other, weight_map, feats.get(other))
                    if sc is not None:
                        scores[other] = sc
                result[cid] = _top(cid, mine, scores, count, rank, feats, rarity)
                continue
        scores = {}
        get = scores.get
        for f, (w_a, _) in mine.items():
            for other, w_b in champions.get(f) or ():
                scores[other] = get(other, 0.0) + w_a * w_b
        scores.pop(cid, None)
        result[cid] = _top(cid, mine, scores, count, rank, feats, rarity)
    return result


class Prepared:
    """The features and postings of a set of cards, worked out ahead of ``relate`` (a build does it
    while a forked process extracts the new briefings); ``relate`` completes them for its cards."""

    def __init__(self, cards: Iterable[Card]) -> None:
        self.cards = {c.id: c for c in cards}
        self.feats = {cid: features(c) for cid, c in self.cards.items()}
        self.postings: dict[Feature, list[tuple[str, float]]] = defaultdict(list)
        for cid in sorted(self.feats):
            for f, (w, _) in self.feats[cid].items():
                self.postings[f].append((cid, w))
        self.used = False
        # feature -> its champion list, as ``relate`` works them out: kept while the postings stay
        self.champions: dict[Feature, list[tuple[str, float]] | None] = {}

    def complete(
        self, cards: Sequence[Card]
    ) -> tuple[dict[str, dict[Feature, tuple[float, str]]], dict[Feature, list[tuple[str, float]]]]:
        """(card id -> features, feature -> postings sorted by card id) of ``cards``: what ``relate``
        computes from scratch, with the prepared cards' share taken from here (once: it is updated in place)."""
        if self.used:
            raise RuntimeError("prepared features are used once")
        self.used = True
        now = {c.id: c for c in cards}
        gone = [cid for cid, c in self.cards.items() if now.get(cid) is not c]
        new = [c for c in cards if self.cards.get(c.id) is not c]
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
            self.champions.pop(f, None)
            if postings[f]:
                postings[f].sort()
            else:
                del postings[f]
        self.cards = now
        return {cid: feats[cid] for cid in sorted(feats)}, postings

    def rank_all(self) -> None:
        """Work out the champion list of every feature now (those already known stay as they are)."""
        champions = _Champions(self.postings, self.champions)
        for f in self.postings:
            champions.get(f)

    def again(self) -> Prepared:
        """This object, once ``relate`` has completed it, ready to be completed for the next build's cards
        (a process that builds again and again keeps it: ``build.Warm``)."""
        self.used = False
        return self


class _Champions:
    """Feature -> its champion list (rarity folded in), None for a feature of one briefing; computed once."""

    def __init__(
        self, postings: dict[Feature, list[tuple[str, float]]],
        done: dict[Feature, list[tuple[str, float]] | None] | None = None,
    ) -> None:  # fmt: skip
        """``done``: champion lists already worked out for these very postings (``Prepared.champions``)."""
        self.postings = postings
        self.done = done if done is not None else {}

    def get(self, f: Feature) -> list[tuple[str, float]] | None:
        try:
            return self.done[f]
        except KeyError:
            pass
        got = _champions(self.postings[f]) if f in self.postings else None
        best = self.done[f] = got[1] if got is not None else None
        return best


class _Rarity(dict[Feature, float]):
    """Feature -> rarity, for features at least two briefings share; computed once when first asked for."""

    def __init__(self, postings: dict[Feature, list[tuple[str, float]]]) -> None:
        super().__init__()
        self.postings = postings

    def __missing__(self, f: Feature) -> float:
        value = self[f] = rarity_of(len(self.postings[f]))
        return value


def _stays(
    mine: dict[Feature, tuple[float, str]], old: list[Related], count: int, entered: set[str], listed: set[str],
    feats: Mapping[str, dict[Feature, tuple[float, str]]], weight_map: Any, rerated: set[Feature],
) -> bool:  # fmt: skip
    """Whether a briefing's previous list stands although briefings ``entered`` champion lists of its
    features: none of the list's briefings left or entered one (the caller checked the first), so their
    scores are as before; none of those features changed rarity (the reasons would); and each briefing
    that entered scores below the last of a full list, by more than the list's rounding (so the full
    computation, which ranks unrounded scores, keeps the same list).  Scoring only the briefings that
    entered, usually the one just added, spares working out the champion lists of every feature the
    briefings in the list share (most of the time of adding one briefing to 10,000)."""
    if len(old) < count or entered & listed or any(f in rerated for f in mine):
        return False
    floor = old[-1].score - 1e-6  # scores are kept rounded to 6 places
    for other in entered:
        score = _score(mine, other, weight_map, feats.get(other))
        if score is not None and score >= floor:
            return False
    return True


def _score(
    mine: dict[Feature, tuple[float, str]], other: str, weight_map: Any,
    theirs: dict[Feature, tuple[float, str]] | None = None,
) -> float | None:  # fmt: skip
    """The score of ``other`` for a card with features ``mine``, summed in the order the full loop sums it.

    ``theirs``: the features of ``other``, when known: the champion lists of the others are not looked at.
    """
    score, hit = 0.0, False
    for f, (w_a, _) in mine.items():
        if theirs is not None and f not in theirs:
            continue  # ``other`` is in no list of a feature it does not carry
        weights = weight_map(f)
        if weights is not None:
            w_b = weights.get(other)
            if w_b is not None:
                score, hit = score + w_a * w_b, True
    return score if hit else None


def _top(
    cid: str,
    mine: dict[Feature, tuple[float, str]],
    scores: dict[str, float],
    count: int,
    rank: Mapping[str, int],
    feats: Mapping[str, dict[Feature, tuple[float, str]]],
    rarity: dict[Feature, float],
) -> list[Related]:
    # Sums run in a fixed order (the card's feature order, then champion order), so equal inputs
    # give equal floats and the ranking is reproducible.
    return [Related(o, round(sc, 6), _reasons(mine, feats[o], rarity)) for o, sc in best_of(scores, count, rank)]


def best_of(scores: dict[str, float], count: int, rank: Mapping[str, int]) -> list[tuple[str, float]]:
    """The ``count`` best (id, score) of ``scores``: highest score first, ties by ``rank``; the same as
    ``heapq.nsmallest(count, scores.items(), key=lambda kv: (-kv[1], rank[kv[0]]))``.

    Only the briefings scoring at least the ``count``-th best score can be among them, and that score
    is found by a sort of the plain scores, in C: the key is worked out for those few, not for the
    hundreds a briefing shares a feature with (5 million key calls relating 10,000 briefings)."""
    items = list(scores.items())
    if len(items) > count > 0:
        floor = sorted(scores.values(), reverse=True)[count - 1]
        items = [kv for kv in items if kv[1] >= floor]
    items.sort(key=lambda kv: (-kv[1], rank[kv[0]]))
    return items[:count]


@dataclass
class _Changes:
    ids: set[str] = field(default_factory=set)  # cards added, removed or changed
    dirty: set[Feature] = field(default_factory=set)  # features whose champion list (or rarity) changed
    added: dict[Feature, set[str]] = field(default_factory=dict)  # dirty feature -> cards now in its list
    removed: dict[Feature, set[str]] = field(default_factory=dict)  # dirty feature -> cards gone from it
    rerated: set[Feature] = field(default_factory=set)  # dirty features whose rarity changed


def _changes(
    cards: Sequence[Card],
    feats: dict[str, dict[Feature, tuple[float, str]]],
    postings: dict[Feature, list[tuple[str, float]]],
    champions: _Champions,
    before: Mapping[str, Card],
) -> _Changes:
    """What changed since ``before``: the cards, and each feature's champion list (entries in and out)."""
    now = {c.id: c for c in cards}
    out = _Changes(ids={cid for cid in now.keys() | before.keys() if not _same(now.get(cid), before.get(cid))})
    old_feats = {cid: features(before[cid]) for cid in out.ids if cid in before}
    touched: set[Feature] = set()
    for cid in out.ids:
        touched.update(feats.get(cid, ()))
        touched.update(old_feats.get(cid, ()))
    # Postings before = postings now, without the changed cards, with their old versions.
    for f in sorted(touched):
        old_plist = [(cid, w) for cid, w in postings.get(f, ()) if cid not in out.ids]
        old_plist.extend((cid, fw[f][0]) for cid, fw in old_feats.items() if f in fw)
        old_plist.sort()
        got = _champions(old_plist)
        was = set(got[1]) if got is not None else set()
        is_ = set(champions.get(f) or ())
        if was != is_:
            out.dirty.add(f)
            if got is None or got[0] != rarity_of(len(postings.get(f, ()))):
                out.rerated.add(f)
            out.added[f] = {o for o, _ in is_ - was}
            out.removed[f] = {o for o, _ in was - is_}
    # A briefing whose date changed keeps its scores but not its place in ties (newer first): every
    # list it can be in (through a champion list it is in) is looked at again, as if it had left and
    # come back (a list it was in is scored afresh: another briefing may now win the tie).
    for cid in sorted(out.ids):
        if cid in now and cid in before and now[cid].published != before[cid].published:
            for f in feats[cid]:
                if any(o == cid for o, _ in champions.get(f) or ()):
                    out.dirty.add(f)
                    out.added.setdefault(f, set()).add(cid)
                    out.removed.setdefault(f, set()).add(cid)
    return out


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


def _ranks(cards: Iterable[Card]) -> dict[str, int]:
    """Card id -> its place when sorted newest first (a longer ISO date before its own prefix, undated
    last), then by id: two stable sorts, cheaper than one with a composite key."""
    ordered = sorted(sorted(cards, key=lambda c: c.id), key=lambda c: c.published or "", reverse=True)
    return {c.id: i for i, c in enumerate(ordered)}


def _same(a: Card | None, b: Card | None) -> bool:
    return a is b or a == b  # unchanged cards are usually the very same objects

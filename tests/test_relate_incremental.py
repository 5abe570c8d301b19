"""Incremental builds: what a change of cards can alter (``EntityIndex.affected``) covers every page
that a full recomputation finds different, so pages left out of the recomputation are truly the same."""

from __future__ import annotations

import random
from typing import Any

import pytest

from generator.relate import Card, EntityIndex, entity_key, relate, related, related_topics, slugify, topic_index

# Few names and topics, in several spellings that share a slug: a change then often moves an entity
# across the threshold or changes which spelling titles a page.
PEOPLE = [("Ida Marsk", "IDA MARSK"), ("Olaf Brenn",), ("Elena Vosk", "Elena  Vosk"), ("Tomas Rell",)]
PLACES = [("Port Velm",), ("Karstadt", "KARSTADT")]
ORGS = [("Velm Dockers Union", "Velm Dockers' Union"), ("Harbour Board",)]
# (a topic can be named as an entity: a briefing links it to the entity page when it has no page of its own)
TOPICS = [("Ports", "PORTS"), ("Strike",), ("Chess", "chess"), ("Fishing",), ("Port Velm", "PORT VELM")]


def _card(rnd: random.Random, cid: str) -> Card:
    ents: list[tuple[str, str, int]] = []
    for pool, type_ in ((PEOPLE, "person"), (PLACES, "place"), (ORGS, "organization")):
        for forms in rnd.sample(pool, rnd.randrange(len(pool) + 1)):
            ents.append((rnd.choice(forms), type_, rnd.randrange(1, 4)))
    rnd.shuffle(ents)
    topics = tuple(rnd.choice(forms) for forms in rnd.sample(TOPICS, rnd.randrange(1, 3)))
    quotes = tuple((name, "", f"Words {cid} {i}.", i) for i, (name, t, _) in enumerate(ents[:2]) if t == "person")
    month = rnd.choice(["2024-01", "2024-02", "2024-02-03", "2023", None])
    return Card(cid, f"seeds/{cid}.txt", f"Title {cid}", month, "Wire", "Summary.", topics, tuple(ents), quotes)


def _entity_view(cards: list[Card], min_briefs: int, topic_min: int = 1) -> dict[tuple[str, str], Any]:
    index = EntityIndex(cards, min_briefs, topic_min)
    out = {}
    for key in index.keys:
        page = index.page(key)
        out[key] = (page, [entity_key(t, n) in index.kept for t, n, _ in page.entities])
    return out


def _links(cards: list[Card], min_briefs: int, topic_min: int = 1) -> dict[str, Any]:
    """Per card: the entities it links, and each topic's page, or else the entity page of its name."""
    index = EntityIndex(cards, min_briefs, topic_min)
    kept, paged = index.kept, index.paged_topics()
    named = {k[1] for k in kept}
    return {
        c.id: (
            {entity_key(t, n) for n, t, _ in c.entities if entity_key(t, n) in kept},
            [(s, s in paged, s in named and {k for k in kept if k[1] == s}) for s in index.card_topics[c.id]],
        )
        for c in cards
    }


def _topic_view(cards: list[Card], topic_min: int = 1) -> dict[str, Any]:
    topics = [t for t in topic_index(cards) if t.count >= topic_min]
    rel = related_topics(topics)
    return {t.slug: (t.name, t.cards, [(o.slug, o.name, n) for o, n in rel[t.slug]]) for t in topics}


def _changed(rnd: random.Random, old: list[Card], tag: str) -> list[Card]:
    """``old`` after one to three random changes: a card removed, edited in place (same id) or added."""
    new = list(old)
    for _ in range(rnd.randrange(1, 4)):
        what = rnd.random()
        if what < 0.3 and len(new) > 2:
            del new[rnd.randrange(len(new))]
        elif what < 0.65:
            i = rnd.randrange(len(new))
            new[i] = _card(rnd, new[i].id)
        else:
            new.append(_card(rnd, f"{tag}-{len(new)}"))
    return new


def test_affected_covers_every_page_a_full_recomputation_changes() -> None:
    rnd = random.Random(11)
    seen_renamed = seen_flipped = 0
    seen_topic_flipped = 0
    for round_ in range(300):
        min_briefs = rnd.choice([1, 2, 3, 4])
        topic_min = rnd.choice([1, 2, 3])
        old = [_card(rnd, f"c{i}") for i in range(rnd.randrange(3, 14))]
        new = _changed(rnd, old, f"n{round_}")
        before = {c.id: c for c in old}
        now = [c for c in new if before.get(c.id) != c]
        then = [c for c in old if c not in new]
        got = EntityIndex(new, min_briefs, topic_min).affected(now, then)
        changed = {c.id for c in now} | {c.id for c in then}

        was, is_ = _entity_view(old, min_briefs, topic_min), _entity_view(new, min_briefs, topic_min)
        differ = {k for k in is_ if was.get(k) != is_[k]}
        assert differ <= got.entities, (round_, differ - got.entities)
        assert got.entities <= set(is_)  # only pages that exist

        links_was, links_is = _links(old, min_briefs, topic_min), _links(new, min_briefs, topic_min)
        relinked = {cid for cid in links_is if links_was.get(cid) != links_is[cid]}
        assert relinked <= changed | got.cards, round_

        t_was, t_is = _topic_view(old, topic_min), _topic_view(new, topic_min)
        t_differ = {s for s in t_is if t_was.get(s) != t_is[s]}
        assert t_differ <= got.topics, (round_, t_differ - got.topics)
        seen_topic_flipped += t_was.keys() != t_is.keys()

        seen_flipped += any(k not in was for k in is_) or any(k not in is_ for k in was)
        seen_renamed += any(k in was and was[k][0].name != is_[k][0].name for k in is_)
    # the corpus does exercise both harder cases
    assert seen_flipped > 20 and seen_renamed > 5 and seen_topic_flipped > 20, (
        seen_flipped, seen_renamed, seen_topic_flipped)  # fmt: skip


def test_nothing_changed_affects_nothing() -> None:
    rnd = random.Random(3)
    cards = [_card(rnd, f"c{i}") for i in range(10)]
    got = EntityIndex(cards, 2).affected([], [])
    assert not got.entities and not got.cards and not got.topics


def test_entity_index_filed_in_steps_equals_one_pass() -> None:
    rnd = random.Random(5)
    cards = [_card(rnd, f"c{i}") for i in range(40)]
    whole = EntityIndex(cards, 2)
    steps = EntityIndex(None, 2).add(cards[25:]).tally().add(cards[:25]).finish()  # another order, in steps
    assert steps.keys == whole.keys and steps.kept == whole.kept
    assert [steps.page(k) for k in steps.keys] == [whole.page(k) for k in whole.keys]
    assert [steps.name(k) for k in steps.keys] == [whole.name(k) for k in whole.keys]
    assert steps.topics() == topic_index(cards)


def test_relate_from_prepared_features_equals_relate_from_scratch() -> None:
    from generator.relate import relate
    from generator.relate.related import Prepared

    rnd = random.Random(9)
    for _ in range(30):
        old = [_card(rnd, f"c{i}") for i in range(30)]
        new = list(old)
        del new[rnd.randrange(len(new))]  # removed
        i = rnd.randrange(len(new))
        new[i] = _card(rnd, new[i].id)  # edited in place
        new.append(_card(rnd, "n1"))  # added
        prepared = Prepared(old)
        previous = relate(old, 4)
        got = relate(new, 4, previous, {c.id: c for c in old}, prepared)
        assert got == relate(new, 4)
        assert relate(new, 4, known=Prepared(new)) == relate(new, 4)


@pytest.mark.parametrize("few", [64, 0])  # 0: every list worked out again goes through numpy
def test_prepared_features_kept_from_build_to_build_equal_relate_from_scratch(
    few: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long-running process (``build.Warm``) completes the same ``Prepared`` build after build."""
    from generator.relate import relate
    from generator.relate import related as related_mod
    from generator.relate.related import Prepared

    monkeypatch.setattr(related_mod, "FEW", few)
    rnd = random.Random(13)
    cards = [_card(rnd, f"c{i}") for i in range(30)]
    prepared, previous = Prepared(cards), relate(cards, 4)
    for step in range(25):
        new = _changed(rnd, cards, f"s{step}")
        got = relate(new, 4, previous, {c.id: c for c in cards}, prepared.again())
        assert got == relate(new, 4)
        assert prepared.cards == {c.id: c for c in new}
        cards, previous = new, got


def test_a_finished_entity_index_grown_by_more_cards_equals_one_pass() -> None:
    rnd = random.Random(17)
    cards = [_card(rnd, f"c{i}") for i in range(40)]
    grown = EntityIndex(cards[:10], 4)
    [grown.page(k) for k in grown.keys]  # pages built before the cards are added (they cache per card)
    grown.topics()  # and the topics (kept per topic until a card is filed under it)
    before = set(grown.kept)
    grown.add(cards[10:]).finish()
    whole = EntityIndex(cards, 4)
    assert whole.kept > before  # entities that reached a page with the cards added
    assert grown.keys == whole.keys and grown.kept == whole.kept and grown.filed() == whole.filed()
    assert [grown.page(k) for k in grown.keys] == [whole.page(k) for k in whole.keys]
    assert grown.topics() == topic_index(cards)
    first = {t.slug: t for t in grown.topics()}
    one = _card(rnd, "c40")
    grown.add([one]).finish()
    assert grown.topics() == topic_index([*cards, one])
    again = {t.slug: t for t in grown.topics()}
    mine = {slugify(t) for t in one.topics}
    assert all((again[s] is first[s]) == (s not in mine) for s in first)


def test_incremental_relate_equals_full_when_dates_change() -> None:
    """An edited briefing with a new date keeps its scores but can win or lose ties (newer first)."""
    from generator.relate import relate

    rnd = random.Random(1)
    redated = 0
    for _ in range(300):
        old = [_card(rnd, f"c{i}") for i in range(rnd.randrange(5, 40))]
        before = {c.id: c for c in old}
        new = _changed(rnd, old, "n")
        redated += sum(c.id in before and before[c.id].published != c.published for c in new)
        assert relate(new, 4, relate(old, 4), before) == relate(new, 4)
    assert redated > 50


def test_a_kept_entity_index_is_taken_once_and_only_for_its_threshold() -> None:
    from generator.build import Warm, _kept_index

    index = EntityIndex([_card(random.Random(3), "c0")], 2, 2)
    warm = Warm(index=index)
    assert _kept_index(warm, (3, 2)) is None and warm.index is None  # another threshold: worked out afresh
    warm.index = index
    assert _kept_index(warm, (2, 1)) is None and warm.index is None  # (for topics too)
    warm.index = index
    assert _kept_index(warm, (2, 2)) is index and warm.index is None  # taken: put back once used
    assert _kept_index(warm, (2, 2)) is None


def _corpus(rnd: random.Random, n: int, prefix: str = "c") -> list[Card]:
    people = [f"Person {i}" for i in range(300)]
    big = [f"Topic {i}" for i in range(4)]  # each on a quarter of the briefings
    return [
        Card(f"{prefix}{i:03d}", f"seeds/{prefix}{i:03d}.txt", f"Title {i}", f"2023-{rnd.randint(1, 12):02d}",
             "Wire", "S.", (rnd.choice(big), "Economy"),
             tuple((p, rnd.choice(["person", "place"]), rnd.randint(1, 6)) for p in rnd.sample(people, 4)))
        for i in range(n)
    ]  # fmt: skip


def test_adding_a_briefing_changes_only_the_lists_it_enters() -> None:
    """What issue 5 asks of a build after one new seed: the new briefing's page and the pages that now
    list it, nothing else; the lists are those of a build from scratch."""
    rnd = random.Random(11)
    cards = _corpus(rnd, 600)
    before = {c.id: c for c in cards}
    previous = relate(cards, 5)
    entered = 0
    for n, new in enumerate(_corpus(rnd, 25, "n")):
        got = relate([*cards, new], 5, previous, before)
        assert got == relate([*cards, new], 5)
        for cid, rel in got.items():
            if cid != new.id:
                assert rel is previous[cid] or new.id in [r.id for r in rel], (n, cid)
                entered += rel is not previous[cid]
    assert entered > 25  # (each entered a few lists)


def test_removing_a_briefing_changes_only_the_lists_that_held_it() -> None:
    rnd = random.Random(12)
    cards = _corpus(rnd, 300)
    previous = relate(cards, 5)
    for gone in rnd.sample(cards, 10):
        rest = [c for c in cards if c is not gone]
        got = relate(rest, 5, previous, {c.id: c for c in cards})
        assert got == relate(rest, 5)
        for cid, rel in got.items():
            assert (rel is previous[cid]) == (gone.id not in [r.id for r in previous[cid]])


@pytest.mark.parametrize("seed", range(6))
def test_lists_summed_in_numpy_equal_those_summed_in_python(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """``_best_all`` and ``_scores`` + ``best_of`` agree, ties at the cut included (few distinct weights)."""
    rnd = random.Random(seed)
    cards = [_card(rnd, f"c{i}") for i in range(rnd.randrange(2, 120))]
    count = rnd.randrange(1, 7)
    monkeypatch.setattr(related, "FEW", 0)
    summed_in_numpy = relate(cards, count)
    monkeypatch.setattr(related, "FEW", 10**9)
    assert summed_in_numpy == relate(cards, count)
    assert any(len(rel) == count for rel in summed_in_numpy.values())

"""Relate stage: related briefings by shared topics and entities, and topic pages."""

from __future__ import annotations

import heapq
import random
import time

from generator.relate import Card, newest_first, relate, slugify, topic_index
from generator.relate.related import best_of


def card(
    cid: str,
    topics: tuple[str, ...] = (),
    entities: tuple[tuple[str, str, int], ...] = (),
    published: str | None = None,
) -> Card:
    return Card(cid, f"seeds/{cid}.txt", f"Title {cid}", published, "Wire", "Summary.", topics, entities)


def test_related_ranks_by_weighted_overlap_best_first() -> None:
    harbour = ("Harbour strike", "Port Velm")
    cards = [
        card("a", harbour, (("Ida Marsk", "person", 4), ("Port Velm", "place", 3))),
        # shares both topics and the person: closest
        card("b", harbour, (("Ida Marsk", "person", 2), ("Port Velm", "place", 1))),
        # shares one place only
        card("c", ("Fishing quotas",), (("Port Velm", "place", 1),)),
        # shares nothing
        card("d", ("Chess",), (("Olaf Brenn", "person", 5),)),
    ]
    rel = relate(cards, 5)
    assert [r.id for r in rel["a"]] == ["b", "c"]
    assert rel["a"][0].score > rel["a"][1].score > 0
    assert rel["d"] == []
    assert "a" not in [r.id for r in rel["a"]]
    # the reasons name the strongest shared features, no duplicates by case
    assert rel["a"][0].reasons[0] in ("Harbour strike", "Port Velm", "Ida Marsk")
    assert len(set(r.casefold() for r in rel["a"][0].reasons)) == len(rel["a"][0].reasons)
    assert {r.id for r in rel["c"]} == {"a", "b"}


def test_related_count_limit_ties_and_determinism() -> None:
    cards = [card(f"x{i}", ("Budget",), published=f"2023-0{i + 1}") for i in range(5)]
    rel = relate(cards, 2)
    # equal scores: newer first
    assert [r.id for r in rel["x0"]] == ["x4", "x3"]
    assert relate(list(reversed(cards)), 2) == rel
    assert relate(cards, 0)["x0"] == []


def test_the_names_a_briefing_is_about_count_more_than_a_theme_or_a_passing_mention() -> None:
    cards = [card(f"c{i}", ("Economy",), (("Harbour Board", "organization", 1),)) for i in range(8)]
    # p and q are both about Ida Marsk (a topic, mentioned 4 times); the others share a theme and a
    # name mentioned once with p, as a word taken for a name in thousands of briefings would be
    about_ida = (("Ida Marsk", "person", 4), ("Harbour Board", "organization", 1))
    cards.append(card("p", ("Economy", "Ida Marsk"), about_ida, "2020"))
    cards.append(card("q", ("Ida Marsk",), about_ida[:1], "2020"))
    rel = relate(cards, 3)
    assert rel["p"][0].id == "q" and rel["p"][0].reasons == ("Ida Marsk",)
    assert rel["p"][0].score > rel["p"][1].score  # (the others: "Economy" and the Harbour Board)
    assert set(rel["p"][1].reasons) == {"Economy", "Harbour Board"}


def test_a_country_counts_less_than_a_city_or_a_person() -> None:
    """Countries are named in a big share of news, like the broad themes: sharing one says little."""
    p = card("p", ("France", "Budget"), (("France", "place", 4), ("Lyon", "place", 1), ("Ida Marsk", "person", 1)))
    q = card("q", ("France",), (("France", "place", 4),), "2024")  # the country, as a topic and named often
    r = card("r", (), (("Lyon", "place", 1),), "2023")  # the city, once
    s = card("s", (), (("Ida Marsk", "person", 1),), "2022")
    rel = relate([p, q, r, s], 3)
    assert [x.id for x in rel["p"]] == ["s", "r", "q"]


def test_a_score_depends_on_its_two_briefings_alone() -> None:
    """No weight counts how many briefings share a feature: more briefings with a name change no score
    between two others, so a new briefing can only enter lists, never re-rank them."""
    a = card("a", ("Rail fares", "Economy"), (("Ida Marsk", "person", 2),))
    b = card("b", ("Rail fares",), (("Ida Marsk", "person", 1), ("Port Velm", "place", 3)))
    few = relate([a, b], 3)
    many = relate([a, b, *[card(f"x{i}", ("Rail fares",)) for i in range(50)]], 3)
    assert many["a"][0] == few["a"][0] and many["b"][0] == few["b"][0]


def test_a_huge_feature_fills_the_lists_after_the_closer_briefings() -> None:
    n = 2_560
    # every card shares one huge topic and a small cluster topic of 5
    cards = [
        card(f"k{i:05d}", ("Everything", f"Cluster {i // 5}"), published=f"2023-{1 + i % 12:02d}") for i in range(n)
    ]
    rel = relate(cards, 5)
    # the cluster mates come first; the huge topic only fills the rest: the newest, then by id
    assert {r.id for r in rel["k00000"][:4]} == {"k00001", "k00002", "k00003", "k00004"}
    assert rel["k00000"][4].reasons == ("Everything",)
    assert rel["k00000"][4].id == "k00011"  # (the first of 2023-12 by id, not in its cluster)
    assert rel["k00011"][4].id == "k00023"


def test_the_best_related_are_those_a_full_ranking_puts_first() -> None:
    """``best_of`` sorts only the briefings scoring at least the n-th best score: the same list as
    ranking them all, ties (many, at the cut too) by rank."""
    rng = random.Random(3)
    for _ in range(3000):
        ids = [f"b{i}" for i in range(rng.randint(0, 40))]
        rank = {cid: r for r, cid in enumerate(rng.sample(ids, len(ids)))}
        levels = [rng.choice([0.5, 1.0, 1.25, 2.0]) for _ in range(rng.randint(1, 4))]  # few values: ties
        scores = {cid: rng.choice(levels) * rng.choice([1.0, 1.0, 0.1]) for cid in ids}
        count = rng.randint(0, 8)
        want = heapq.nsmallest(count, scores.items(), key=lambda kv: (-kv[1], rank[kv[0]]))
        assert best_of(scores, count, rank) == want


def test_topic_index_merges_spellings_and_lists_newest_first() -> None:
    cards = [
        card("old", ("U.S.",), published="2021"),
        card("new", ("US",), published="2023-05-02"),
        card("mid", ("US",), published="2023"),
        card("nodate", ("US",)),
    ]
    topics = topic_index(cards)
    assert len(topics) == 1
    t = topics[0]
    assert t.slug == "us"
    assert t.name == "US"  # the spelling most briefings use
    assert [c.id for c in t.cards] == ["new", "mid", "old", "nodate"]
    assert t.count == 4


def test_slugify() -> None:
    assert slugify("North Korea") == "north-korea"
    assert slugify("Kim Jong-un's visit") == "kim-jong-uns-visit"
    assert slugify("U.S.") == slugify("US") == "us"
    assert slugify("Zürich") == "zürich"
    assert slugify("***").startswith("topic-")
    assert slugify("***") == slugify("***")


def test_newest_first_undated_last() -> None:
    ids = [c.id for c in newest_first([card("a"), card("b", published="2020"), card("c", published="2024-01")])]
    assert ids == ["c", "b", "a"]


def _random_cards(rnd: random.Random, n: int, prefix: str = "c") -> list[Card]:
    people = [f"Person {i}" for i in range(40)]
    topics = [f"Topic {i}" for i in range(15)]
    out = []
    for i in range(n):
        ents = tuple((p, "person", rnd.randint(1, 5)) for p in rnd.sample(people, 3))
        date = rnd.choice([None, "2022", f"2023-0{rnd.randint(1, 9)}"])
        out.append(card(f"{prefix}{i:03d}", tuple(rnd.sample(topics, 2)), ents, date))
    return out


def test_incremental_relate_equals_a_full_recomputation() -> None:
    rnd = random.Random(7)
    for _ in range(20):
        old = _random_cards(rnd, 150)
        previous = relate(old, 4)
        new = list(old)
        del new[rnd.randrange(len(new))]  # a deleted seed
        new[rnd.randrange(len(new))] = _random_cards(rnd, 1, "x")[0]  # an edited one (new id)
        i = rnd.randrange(len(new))
        new[i] = card(new[i].id, ("Topic 99",), new[i].entities[:1], new[i].published)  # edited in place
        j = rnd.randrange(len(new))
        bumped = tuple((n, t, m + 3) for n, t, m in new[j].entities)
        new[j] = card(new[j].id, new[j].topics, bumped, new[j].published)  # same names, more mentions
        new.extend(_random_cards(rnd, 3, "n"))  # new seeds
        assert relate(new, 4, previous, {c.id: c for c in old}) == relate(new, 4)
    # nothing changed: nothing is scored again, and the result is the same
    assert relate(old, 4, relate(old, 4), {c.id: c for c in old}) == relate(old, 4)


def qcard(cid: str, entities: tuple[tuple[str, str, int], ...], published: str | None = None,
          topics: tuple[str, ...] = (), quotes: tuple[tuple[str, str, str, int], ...] = ()) -> Card:
    return Card(cid, f"seeds/{cid}.txt", f"Title {cid}", published, "Wire", "Summary.", topics, entities, quotes)


def test_entity_pages_need_the_threshold_and_gather_quotes_and_company() -> None:
    from generator.relate import entity_pages

    ida, olaf = ("Ida Marsk", "person", 2), ("Olaf Brenn", "person", 1)
    cards = [
        qcard("a", (ida, olaf, ("Port Velm", "place", 3)), "2024-03-14", ("Strike",),
              (("Ida Marsk", "union leader", "Fair deal.", 0), ("Olaf Brenn", "", "Go back.", 1))),
        qcard("b", (ida, ("Port Velm", "place", 1), ("Misc", "other", 1)), "2024-03-11", ("Strike", "Ports"),
              (("Ida Marsk", "", "Not one ship.", 0),)),
        qcard("c", (("IDA MARSK", "person", 1), ("Elena Vosk", "person", 1)), None),
    ]  # fmt: skip
    pages = {p.path: p for p in entity_pages(cards, 2)}
    assert sorted(pages) == ["people/ida-marsk.md", "places/port-velm.md"]  # Olaf, Elena: one briefing; "other": none
    ida_page = pages["people/ida-marsk.md"]
    assert ida_page.name == "Ida Marsk"  # the spelling most briefings use
    assert [c.id for c in ida_page.cards] == ["a", "b", "c"]  # newest first, undated last
    assert [(q.card.id, q.text, q.role) for q in ida_page.quotes] == [
        ("a", "Fair deal.", "union leader"), ("b", "Not one ship.", "")]  # fmt: skip
    assert ida_page.topics == (("Strike", 2), ("Ports", 1))
    assert ida_page.entities == (("place", "Port Velm", 2),)  # only entities that have a page
    assert {p.path for p in entity_pages(cards, 3)} == {"people/ida-marsk.md"}


def test_entity_pages_and_related_topics_scale_linearly() -> None:
    from generator.relate import entity_pages, related_topics

    rnd = random.Random(7)

    def corpus(n: int) -> list[Card]:
        people = [tuple((f"P{rnd.randrange(n // 4)}", "person", 1) for _ in range(8)) for _ in range(n)]
        return [qcard(f"c{i}", (*people[i], ("Everywhere", "place", 1)), f"2023-0{1 + i % 9}", (f"T{i % 50}", "All"))
                for i in range(n)]  # fmt: skip

    def seconds(n: int) -> float:
        cards = corpus(n)
        best = float("inf")
        for _ in range(3):  # the quickest of three: one pause of the machine is not the code's
            t = time.process_time()
            entity_pages(cards, 2)
            related_topics(topic_index(cards))
            best = min(best, time.process_time() - t)
        return best

    small, large = seconds(500), seconds(4000)
    assert large < small * 8 * 2.5, (small, large)  # 8x the briefings: about 8x the time, not 64x


def test_related_topics_count_shared_briefings() -> None:
    from generator.relate import related_topics

    cards = [card("a", ("Ports", "Strike")), card("b", ("Ports", "Strike", "Pay")), card("c", ("Ports",))]
    rel = related_topics(topic_index(cards))
    assert [(t.name, n) for t, n in rel["ports"]] == [("Strike", 2), ("Pay", 1)]
    assert [(t.name, n) for t, n in rel["pay"]] == [("Ports", 1), ("Strike", 1)]


def test_timeline_months_newest_first_year_only_after_its_months_undated_last() -> None:
    from generator.relate import timeline

    cards = [card("a", published="2023-05-02"), card("b", published="2023"), card("c"),
             card("d", published="2023-05"), card("e", published="2024-01-09"), card("f", published="2023-02-28")]
    periods = timeline(cards)
    assert [(p.key, [c.id for c in p.cards]) for p in periods] == [
        ("2024-01", ["e"]), ("2023-05", ["a", "d"]), ("2023-02", ["f"]), ("2023", ["b"]), ("", ["c"])]  # fmt: skip

"""Entity pages, related topics and the timeline: aggregates over all cards, each in one linear pass.

Every function here visits each card once per entity or topic it carries (at most ``MAX_CARD_ENTITIES``
and a few topics), never all pairs of briefings, so 10,000 briefings cost 10,000 times one card.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from generator.relate.cards import Card, newest_first
from generator.relate.topics import Topic, most_used, slugify

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
    index = EntityIndex(cards, min_briefs)
    return [index.page(key) for key in index.keys]


class EntityIndex:
    """What entity pages are made from, in one pass over the cards; each page is built only when asked for.

    The pass only counts and files cards under their entities; ordering a page's briefings and
    counting its company is the expensive part, so a build that knows which pages can have changed
    (``affected``) builds just those.
    """

    def __init__(self, cards: Sequence[Card] | None, min_briefs: int, topic_min: int = 1) -> None:
        """The index of ``cards``; with None, an index to ``add`` cards to and then ``finish``.

        ``min_briefs``: how many briefings an entity needs for a page; ``topic_min``: a topic."""
        self.slug = _slugger()
        # card id -> ((type, slug), name) of its entities that can have a page, in the card's order
        self.occurrences: dict[str, list[tuple[tuple[str, str], str]]] = {}
        self.members: dict[tuple[str, str], dict[str, Card]] = defaultdict(dict)
        self.names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        # Per card, once: its topic slugs, and its quotes by speaker slug (a page looks its own slug up).
        self.card_topics: dict[str, tuple[str, ...]] = {}
        self.topic_forms: dict[str, Counter[str]] = defaultdict(Counter)
        self.topic_members: dict[str, list[str]] = defaultdict(list)  # topic slug -> card ids
        # card id -> its quotes by speaker slug, filed when a page first needs them
        self._said: dict[str, dict[str, list[tuple[str, str, int]]]] = {}
        # speaker slug -> ids of the cards quoting that speaker: a page of thousands of briefings looks
        # at the few that quote its name, not at the quotes of every one (a third of its time)
        self._quoting: dict[str, set[str]] = defaultdict(set)
        self._company: dict[str, list[tuple[str, str]]] = {}
        self._cards: list[Card] = []
        self._topics: dict[str, Topic] = {}  # topic slug -> its Topic, until a card is filed under it
        self._pairs: list[tuple[tuple[str, str], str]] = []  # every (key, name) occurrence, counted in C
        self._topic_names: list[str] = []
        self.min_briefs = max(1, min_briefs)
        self.topic_min = max(1, topic_min)
        self.kept: set[tuple[str, str]] = set()
        self.keys: list[tuple[str, str]] = []
        self.place: dict[str, int] = {}
        self._newest: list[Card] = []
        if cards is not None:
            self.add(cards)
            self.finish()

    def add(self, cards: Iterable[Card]) -> EntityIndex:
        """File ``cards`` (ids not filed yet); ``finish`` when all are in.  The order cards come in
        does not matter: pages order their briefings by date, and names are counted."""
        slug = self.slug
        so = slug.cache  # type: ignore[attr-defined]
        occurrences, members, card_topics, topic_members = (
            self.occurrences, self.members, self.card_topics, self.topic_members)  # fmt: skip
        pairs, topic_names, topics, quoting = self._pairs, self._topic_names, self._topics, self._quoting
        cards = list(cards)
        self._cards += cards
        for card in cards:
            cid = card.id
            for q in card.quotes:
                quoting[so[q[0]] if q[0] in so else slug(q[0])].add(cid)
            mine = occurrences[cid] = [((t, so[n] if n in so else slug(n)), n) for n, t, _ in card.entities
                                       if t in FOLDERS]  # fmt: skip
            for key, _ in mine:
                members[key][cid] = card
            pairs += mine
            topic_names += card.topics
            tslugs = card_topics[cid] = tuple(dict.fromkeys([so[t] if t in so else slug(t) for t in card.topics]))
            for ts in tslugs:
                topic_members[ts].append(cid)
                topics.pop(ts, None)
        return self

    def tally(self) -> EntityIndex:
        """Count the names of the cards added so far (``finish`` tallies the rest)."""
        so = self.slug.cache  # type: ignore[attr-defined]
        for (key, name), n in Counter(self._pairs).items():
            self.names[key][name] += n
        for t, n in Counter(self._topic_names).items():
            self.topic_forms[so[t]][t] += n
        self._pairs, self._topic_names = [], []
        return self

    def finish(self) -> EntityIndex:
        """Count names and decide which entities get a page, once every card is in (and again after
        more are added)."""
        self.tally()
        self._company = {}  # made from ``kept``, which can change when cards are added after a ``finish``
        self.kept = {k for k, m in self.members.items() if len(m) >= self.min_briefs}
        self.keys = sorted(self.kept, key=lambda k: (FOLDERS[k[0]], k[1]))  # in the order of their paths
        # One sort of all cards, newest first; each page then orders its cards by that place (an int).
        self._newest = newest_first(self._cards)
        self.place = {c.id: i for i, c in enumerate(self._newest)}
        return self

    def newest(self) -> list[Card]:
        """The cards filed here, newest first (as ``newest_first`` orders them), when last finished."""
        return list(self._newest)

    def filed(self) -> dict[str, Card]:
        """The cards filed so far, by id."""
        return {c.id: c for c in self._cards}

    def topics(self) -> list[Topic]:
        """What ``topic_index`` gives for the cards filed here, from this index's counts and order.

        A topic no card was filed under since the last call is the same object again (cards added later
        never change the order of those already filed, nor can a topic lose one), so an index that grows
        build after build (``briefings watch``) sorts only the topics of the new cards again."""
        done, by_id = self._topics, None
        out = []
        for s, ids in sorted(self.topic_members.items()):
            topic = done.get(s)
            if topic is None:
                by_id = by_id or self.filed()
                # (what ``make_topic`` does, sorting ids by a C-level key: 2,000 topics every build)
                ordered = tuple(map(by_id.__getitem__, sorted(ids, key=self.place.__getitem__)))
                topic = done[s] = Topic(s, most_used(self.topic_forms[s]), ordered)
            out.append(topic)
        return out

    def paged_topics(self) -> set[str]:
        """The slugs of the topics with a page: those at least ``topic_min`` briefings are filed under.

        A topic of one briefing would have a page listing only the briefing it is reached from; in
        real news most topics are (three in four, over 1,400 articles), so they stay text on their
        briefing, as entities below ``min_briefs`` do."""
        least = self.topic_min
        return {s for s, ids in self.topic_members.items() if len(ids) >= least}

    def name(self, key: tuple[str, str]) -> str:
        """The page's title: the form of the name most briefings use."""
        return most_used(self.names[key])

    def count(self, key: tuple[str, str]) -> int:
        return len(self.members[key])

    def said(self, card: Card) -> dict[str, list[tuple[str, str, int]]]:
        """The card's quotes by speaker slug: (role, text, position in the brief's quotes)."""
        got = self._said.get(card.id)
        if got is None:
            got = self._said[card.id] = {}
            for speaker, role, text, i in card.quotes:
                got.setdefault(self.slug(speaker), []).append((role, text, i))
        return got

    def company(self, card_id: str) -> list[tuple[str, str]]:
        """The card's most mentioned entities that have a page, each once."""
        got = self._company.get(card_id)
        if got is None:
            kept = self.kept
            got = self._company[card_id] = list(
                dict.fromkeys([k for k, _ in self.occurrences[card_id][:WITH_PER_BRIEF] if k in kept])
            )
        return got

    def page(self, key: tuple[str, str]) -> EntityPage:
        type_, slug_ = key
        members = self.members[key]
        # (``map`` over bound methods: entities in thousands of briefings are common, and these loops
        # then run in C)
        ids = sorted(members, key=self.place.__getitem__)
        ordered = tuple(map(members.__getitem__, ids))
        # The member cards that quote this name, in the page's order.
        said = self.said
        quoting = self._quoting.get(slug_)
        speaking = [members[i] for i in ids if i in quoting] if quoting else []
        quotes = tuple(EntityQuote(c, role, text, i) for c in speaking for role, text, i in said(c).get(slug_, ()))
        # Only topics with a page, as only entities with one (``company``): the others lead nowhere.
        filed, least = self.topic_members, self.topic_min
        topics = Counter(s for s in chain.from_iterable(map(self.card_topics.__getitem__, ids))
                         if least == 1 or len(filed[s]) >= least)  # fmt: skip
        with_ = Counter(chain.from_iterable(map(self.company, ids)))
        with_.pop(key, None)
        top_topics = heapq.nsmallest(TOP_WITH, topics.items(), key=lambda kv: (-kv[1], kv[0]))
        top_with = heapq.nsmallest(TOP_WITH, with_.items(), key=lambda kv: (-kv[1], FOLDERS[kv[0][0]], kv[0][1]))
        return EntityPage(
            type_,
            slug_,
            self.name(key),
            ordered,
            quotes,
            tuple((most_used(self.topic_forms[s]), n) for s, n in top_topics),
            tuple((k[0], self.name(k), n) for k, n in top_with),
        )

    def affected(self, now: Iterable[Card], before: Iterable[Card]) -> Affected:
        """What a change of cards can have altered in the pages that aggregate them.

        ``now`` are the changed cards as this index has them (new or edited), ``before`` the versions
        they replace (removed or edited), so that this index minus ``now`` plus ``before`` is the index
        the last build had.  A page can differ when one of its briefings changed; when an entity it
        lists as company changed name or crossed the threshold (then every page whose briefings
        carry that entity); or when a topic it lists changed name.  Topic pages likewise (their
        briefings, the names of the topics they list).  A superset is fine: such a page is built again
        and found the same.
        """
        slug = self.slug
        now, before = list(now), list(before)

        def occ(card: Card) -> list[tuple[tuple[str, str], str]]:
            return [((t, slug(n)), n) for n, t, _ in card.entities if t in FOLDERS]

        def counts(cards: list[Card]) -> tuple[Counter[tuple[str, str]], dict[tuple[str, str], Counter[str]]]:
            members: Counter[tuple[str, str]] = Counter()
            names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
            for card in cards:
                mine = occ(card)
                members.update({k for k, _ in mine})
                for k, n in mine:
                    names[k][n] += 1
            return members, names

        in_now, names_now = counts(now)
        in_before, names_before = counts(before)
        touched = set(in_now) | set(in_before)
        pages = set(touched)
        flipped: set[tuple[str, str]] = set()  # entities that gained or lost their page
        renamed: set[tuple[str, str]] = set()
        for key in touched:
            count_now = len(self.members.get(key, ()))
            count_then = count_now - in_now[key] + in_before[key]
            if (count_now >= self.min_briefs) != (count_then >= self.min_briefs):
                flipped.add(key)
            then = Counter(self.names.get(key, ()))
            then.subtract(names_now.get(key, Counter()))
            then.update(names_before.get(key, Counter()))
            then = +then
            if then and key in self.names and most_used(then) != most_used(self.names[key]):
                renamed.add(key)
        cards: set[str] = set()
        for key in flipped:
            cards.update(self.members.get(key, ()))
            cards.update(self.topic_members.get(key[1], ()))  # a topic without a page links to it, or not
        for key in flipped | renamed:
            for cid in self.members.get(key, ()):
                pages.update(k for k, _ in self.occurrences[cid])
        forms_now: dict[str, Counter[str]] = defaultdict(Counter)
        forms_before: dict[str, Counter[str]] = defaultdict(Counter)
        for cards_, forms in ((now, forms_now), (before, forms_before)):
            for card in cards_:
                for t in card.topics:
                    forms[slug(t)][t] += 1
        topics = set(forms_now) | set(forms_before)
        # A topic that gained or lost its page: its briefings link it or not, and the entity and topic
        # pages of those briefings list it or not.
        filed_now = Counter(s for card in now for s in {slug(t) for t in card.topics})
        filed_before = Counter(s for card in before for s in {slug(t) for t in card.topics})
        least = self.topic_min
        for s in sorted(topics):
            count_now = len(self.topic_members.get(s, ()))
            count_then = count_now - filed_now[s] + filed_before[s]
            if (count_now >= least) != (count_then >= least):
                for cid in self.topic_members.get(s, ()):
                    cards.add(cid)
                    pages.update(k for k, _ in self.occurrences[cid])
                    topics.update(self.card_topics[cid])
        for s in sorted(topics):
            then = Counter(self.topic_forms.get(s, ()))
            then.subtract(forms_now.get(s, Counter()))
            then.update(forms_before.get(s, Counter()))
            then = +then
            if then and s in self.topic_forms and most_used(then) != most_used(self.topic_forms[s]):
                for cid in self.topic_members.get(s, ()):
                    pages.update(k for k, _ in self.occurrences[cid])
                    topics.update(self.card_topics[cid])
        return Affected(pages & self.kept, cards, topics)


@dataclass(frozen=True)
class Affected:
    """What changed cards can have altered (see ``EntityIndex.affected``)."""

    entities: set[tuple[str, str]]  # entity pages (type, slug)
    cards: set[str]  # briefings whose entity links can differ (an entity gained or lost its page)
    topics: set[str]  # topic pages (slug)


def _slugger() -> Callable[[str], str]:
    """``slugify`` with a cache per call site: it is regex work, once per distinct name, not per occurrence."""
    slug_of: dict[str, str] = {}

    def slug(name: str) -> str:
        got = slug_of.get(name)
        if got is None:
            got = slug_of[name] = slugify(name)
        return got

    slug.cache = slug_of  # type: ignore[attr-defined]  # looked up inline in the hottest loop
    return slug


def related_topics(topics: Sequence[Topic], only: Iterable[str] | None = None) -> dict[str, list[tuple[Topic, int]]]:
    """Topic slug -> the topics its briefings are also filed under, with how many share both, most first.

    Only ``topics`` count (the ones with a page); with ``only`` (topic slugs), just for those topics.
    """
    by_slug = {t.slug: t for t in topics}
    slugs: dict[str, tuple[str, ...]] = {}  # card id -> its topic slugs, each computed once
    out: dict[str, list[tuple[Topic, int]]] = {}
    for topic in topics if only is None else (by_slug[s] for s in sorted(set(only)) if s in by_slug):
        counts: Counter[str] = Counter()
        for card in topic.cards:
            mine = slugs.get(card.id)
            if mine is None:
                mine = slugs[card.id] = tuple(dict.fromkeys(slugify(t) for t in card.topics))
            counts.update(s for s in mine if s != topic.slug and s in by_slug)
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WITH]
        out[topic.slug] = [(by_slug[s], n) for s, n in top]
    return out


@dataclass(frozen=True)
class Period:
    key: str  # "2023-05", "2023" (briefings dated to the year only) or "" (undated)
    cards: tuple[Card, ...]

    @property
    def slug(self) -> str:
        """The name of the period's own page in ``timeline/``: its key, or ``undated``."""
        return self.key or "undated"


def timeline(cards: Iterable[Card], ordered: bool = False) -> list[Period]:
    """Briefings newest first in month sections; a year-only date gets its year's own section (after
    that year's months), undated briefings come last.  ``ordered``: ``cards`` are newest first already."""
    periods: dict[str, list[Card]] = {}
    for card in cards if ordered else newest_first(cards):
        periods.setdefault(period_key(card.published), []).append(card)
    return [Period(k, tuple(v)) for k, v in periods.items()]


def period_key(published: str | None) -> str:
    """The timeline section of a briefing dated ``published``: its month, its year if it has no month,
    empty if undated."""
    date = published or ""
    return date[:7] if len(date) >= 7 else date[:4]

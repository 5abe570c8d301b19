"""A deterministic benchmark corpus: N invented news articles as seed files.

    python -m bench.corpus --n 10000 --out /tmp/corpus-10k      # writes the files, prints a summary
    from bench.corpus import generate; generate(1000, seed=0)   # -> [(filename, text), ...]

Every article is built from templates written for this project (diplomacy, business, courts, sport,
weather, politics, health), filled with invented people and organisations and real countries and cities.
Entities are drawn with Zipf-like weights from fixed pools, so a few people, companies and places
recur in hundreds of articles while most appear in only a handful: the long tail of topics a real
collection has.  Formats mix like a real seed folder: mostly ``.txt`` copied from web pages (wire
datelines, bylines, captions, promo lines, copyright lines), some ``.md`` with YAML front matter and
a few saved ``.html`` pages.

Determinism: article ``i`` depends only on ``(seed, i)``, never on ``n``, so ``generate(n + 1)`` is
``generate(n)`` plus one more file (handy for "add one seed" benchmarks), and the same ``n`` always
gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import itertools
import json
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------------------------------------------
# Pools: built once, from a fixed RNG, so they never depend on the corpus seed or size.

# fmt: off
_FEMALE = (
    "Amara", "Ines", "Clara", "Sofia", "Leila", "Nadia", "Hannah", "Elena", "Grace", "Mei", "Yuki", "Priya",
    "Fatima", "Chloe", "Ingrid", "Marta", "Olivia", "Zara", "Lucia", "Anika", "Rosa", "Helen", "Aisha", "Camille",
    "Freya", "Nora", "Valeria", "Tamsin", "Ewa", "Marisol", "Joanna", "Keiko", "Adaeze", "Signe", "Rania",
    "Beatriz", "Daniela", "Leonie", "Mirela", "Asha",
)
_MALE = (
    "Daniel", "Tomas", "Samuel", "Kwame", "Rafael", "Jonas", "Ibrahim", "Lukas", "Mateo", "Omar", "Viktor", "Arjun",
    "Hugo", "Felix", "Kenji", "Emeka", "Stefan", "Marco", "Andres", "Pieter", "Yusuf", "Henrik", "Diego", "Malik",
    "Anton", "Callum", "Nikolai", "Joao", "Ravi", "Bruno", "Emil", "Farid", "Oskar", "Luca", "Tariq", "Dmitri",
    "Julian", "Idris", "Santiago", "Aleksander",
)
_SURNAMES = (
    "Okafor", "Lindqvist", "Moreau", "Haddad", "Brennan", "Castillo", "Nakamura", "Varga", "Adeyemi", "Kowalski",
    "Whitfield", "Mensah", "Rahimi", "Ferreira", "Halvorsen", "Novak", "Achterberg", "Bianchi", "Delacroix", "Osei",
    "Marchetti", "Petrov", "Sandoval", "Quinn", "Ibarra", "Toure", "Lindgren", "Kaplan", "Ostrowski", "Mwangi",
    "Draper", "Fontaine", "Rossi", "Vasquez", "Holloway", "Kimura", "Abara", "Eriksen", "Dimitrov", "Calloway",
    "Bakker", "Salazar", "Nwosu", "Hartmann", "Moretti", "Aziz", "Carvalho", "Sorensen", "Tanaka", "Ashworth",
    "Demir", "Kovacs", "Laurent", "Mbeki", "Nilsson", "Pereira", "Reyes", "Sadeghi", "Varela", "Whitcombe",
    "Yilmaz", "Zeller", "Akande", "Boateng", "Chaudhry", "Esposito", "Gallagher", "Ivanova", "Jansen", "Lowe",
    "Maddox", "Nyberg", "Oyelaran", "Pavlov",
)
# Family name first, as East Asian names are usually written in English-language news.
_EA_FAMILY = ["Park", "Kim", "Lee", "Choi", "Jung", "Han", "Seo", "Wang", "Zhang", "Liu", "Chen", "Nguyen", "Tran"]
_EA_GIVEN = (
    "Min-jun", "Seo-yeon", "Ji-ho", "Tae-yang", "Hye-rin", "Jin-woo", "Wei", "Jing", "Xiaoming", "Lan", "Minh",
    "Thu", "Bao",
)

# Real countries: (country, capital, another city, demonym).  Order sets the Zipf rank.
_COUNTRIES: tuple[tuple[str, str, str, str], ...] = (
    ("the United States", "Washington", "Chicago", "American"),
    ("China", "Beijing", "Shanghai", "Chinese"),
    ("Germany", "Berlin", "Hamburg", "German"),
    ("Japan", "Tokyo", "Osaka", "Japanese"),
    ("India", "New Delhi", "Mumbai", "Indian"),
    ("the United Kingdom", "London", "Manchester", "British"),
    ("France", "Paris", "Lyon", "French"),
    ("Brazil", "Brasilia", "Sao Paulo", "Brazilian"),
    ("South Korea", "Seoul", "Busan", "South Korean"),
    ("Nigeria", "Abuja", "Lagos", "Nigerian"),
    ("Kenya", "Nairobi", "Mombasa", "Kenyan"),
    ("Mexico", "Mexico City", "Monterrey", "Mexican"),
    ("Canada", "Ottawa", "Toronto", "Canadian"),
    ("Australia", "Canberra", "Sydney", "Australian"),
    ("Indonesia", "Jakarta", "Surabaya", "Indonesian"),
    ("Turkey", "Ankara", "Istanbul", "Turkish"),
    ("Poland", "Warsaw", "Krakow", "Polish"),
    ("Italy", "Rome", "Milan", "Italian"),
    ("Spain", "Madrid", "Barcelona", "Spanish"),
    ("South Africa", "Pretoria", "Johannesburg", "South African"),
    ("Egypt", "Cairo", "Alexandria", "Egyptian"),
    ("Argentina", "Buenos Aires", "Cordoba", "Argentine"),
    ("Vietnam", "Hanoi", "Ho Chi Minh City", "Vietnamese"),
    ("the Philippines", "Manila", "Cebu", "Philippine"),
    ("Sweden", "Stockholm", "Gothenburg", "Swedish"),
    ("Norway", "Oslo", "Bergen", "Norwegian"),
    ("the Netherlands", "Amsterdam", "Rotterdam", "Dutch"),
    ("Ghana", "Accra", "Kumasi", "Ghanaian"),
    ("Chile", "Santiago", "Valparaiso", "Chilean"),
    ("Colombia", "Bogota", "Medellin", "Colombian"),
    ("Thailand", "Bangkok", "Chiang Mai", "Thai"),
    ("Malaysia", "Kuala Lumpur", "Penang", "Malaysian"),
    ("Pakistan", "Islamabad", "Karachi", "Pakistani"),
    ("Bangladesh", "Dhaka", "Chittagong", "Bangladeshi"),
    ("Ethiopia", "Addis Ababa", "Dire Dawa", "Ethiopian"),
    ("Morocco", "Rabat", "Casablanca", "Moroccan"),
    ("Portugal", "Lisbon", "Porto", "Portuguese"),
    ("Greece", "Athens", "Thessaloniki", "Greek"),
    ("Finland", "Helsinki", "Tampere", "Finnish"),
    ("Ireland", "Dublin", "Cork", "Irish"),
    ("New Zealand", "Wellington", "Auckland", "New Zealand"),
    ("Peru", "Lima", "Arequipa", "Peruvian"),
    ("Senegal", "Dakar", "Thies", "Senegalese"),
    ("Tanzania", "Dodoma", "Dar es Salaam", "Tanzanian"),
    ("Romania", "Bucharest", "Cluj-Napoca", "Romanian"),
    ("Austria", "Vienna", "Graz", "Austrian"),
    ("Denmark", "Copenhagen", "Aarhus", "Danish"),
    ("Uruguay", "Montevideo", "Salto", "Uruguayan"),
    ("Jordan", "Amman", "Irbid", "Jordanian"),
    ("Sri Lanka", "Colombo", "Kandy", "Sri Lankan"),
)

_WIRES = ("Meridian Wire", "Northline", "Eastbridge Wire", "Harbor Press", "Continental News Service", "Tidewater News")
_OUTLETS = (
    "The Meridian Wire",
    "Eastbridge Business News",
    "The Harbor Ledger",
    "Northline",
    "The Continental Review",
    "Tidewater Daily",
    "The Lantern Post",
)
_COMPANY_A = (
    "Norvane", "Calder", "Brightwater", "Halcyon", "Ostrava", "Kestrel", "Meridale", "Tarrow", "Vantis", "Solenne",
    "Greyfield", "Aldmoor", "Corvex", "Lumina", "Pellam", "Quorra", "Redfern", "Sabeline", "Tallis", "Umbra",
    "Veradyn", "Wexford", "Yarrow", "Zephra",
)
_COMPANY_B = (
    "Energy|energy", "Logistics|shipping", "Holdings|investment", "Motors|carmaking", "Pharma|pharmaceuticals",
    "Foods|food", "Steel|steel", "Telecom|telecoms", "Airways|airline", "Semiconductor|chipmaking", "Mining|mining",
    "Bank|banking", "Retail|retail", "Robotics|robotics",
)
_PARTY_A = (
    "National",
    "Democratic",
    "Progressive",
    "Civic",
    "Liberal",
    "Social",
    "Green",
    "People's",
    "United",
    "Reform",
)
_PARTY_B = ("Alliance", "Party", "Movement", "Front", "Union", "Coalition", "Congress", "Forum")
_TEAM_B = ("Rovers", "United", "Athletic", "City", "Wanderers", "Albion", "Rangers", "FC")
_ISSUES = (
    "a new trade agreement",
    "a long-running border dispute",
    "water rights on a shared river",
    "fishing quotas",
    "a ceasefire in the region",
    "sanctions relief",
    "the return of refugees",
    "a gas pipeline project",
    "visa rules for students",
    "joint naval patrols",
    "debt restructuring",
    "a rail link between the two capitals",
)
_DISEASES = ("measles", "cholera", "dengue fever", "a new strain of influenza", "tuberculosis", "mpox")
_STORMS = (
    "Amara", "Bertil", "Corin", "Dalia", "Emeric", "Fenna", "Gideon", "Halia", "Isko", "Juno", "Kester", "Lorena",
    "Milo", "Nerys",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)
# fmt: on
_MONTH_AP = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


@dataclass(frozen=True)
class Person:
    full: str
    short: str  # the surname as used on second mention
    female: bool
    role: str  # "Kenyan Foreign Minister" (a title) or "chief executive of Norvane Energy" (an apposition)
    affiliation: str  # the country or organisation the role belongs to ("" when none)
    title_style: bool  # True: "Foreign Minister Ana Reyes"; False: "Ana Reyes, chief executive of X,"

    def intro(self) -> str:
        """First mention; an apposition ends with a comma, so templates put a verb after it."""
        if self.title_style:
            return f"{self.role} {self.full}"
        return f"{self.full}, {self.role},"


@dataclass(frozen=True)
class Org:
    name: str
    short: str  # acronym or short form ("" when it has none)
    sector: str
    country: int  # index into _COUNTRIES


@dataclass(frozen=True)
class Pools:
    people: dict[str, tuple[Person, ...]]
    orgs: dict[str, tuple[Org, ...]]


def _zipf_cum(n: int, s: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1.0 / (k + 1) ** s for k in range(n)))


def _build_pools() -> Pools:
    rng = random.Random("briefings-bench-pools-v1")
    used: set[str] = set()
    country_cw = _zipf_cum(len(_COUNTRIES), 0.8)

    def name() -> tuple[str, str, bool]:
        while True:
            if rng.random() < 0.12:
                fam, given = rng.choice(_EA_FAMILY), rng.choice(_EA_GIVEN)
                full, short, female = f"{fam} {given}", fam, rng.random() < 0.5
            else:
                female = rng.random() < 0.45
                first = rng.choice(_FEMALE if female else _MALE)
                short = rng.choice(_SURNAMES)
                full = f"{first} {short}"
            if full not in used:
                used.add(full)
                return full, short, female

    def country() -> int:
        return rng.choices(range(len(_COUNTRIES)), cum_weights=country_cw)[0]

    orgs: dict[str, list[Org]] = {
        k: [] for k in ("company", "bank", "think", "court", "team", "party", "agency", "uni")
    }
    company_names = [f"{a} {b.split('|')[0]}" for a in _COMPANY_A for b in _COMPANY_B]
    rng.shuffle(company_names)
    sectors = {b.split("|")[0]: b.split("|")[1] for b in _COMPANY_B}
    for cname in company_names[:160]:
        orgs["company"].append(Org(cname, "", sectors[cname.split()[-1]], country()))
    for word in ("Capital", "Securities", "Research", "Partners", "Advisory"):
        for a in _COMPANY_A[:8]:
            orgs["bank"].append(Org(f"{a} {word}", "", "finance", country()))
    rng.shuffle(orgs["bank"])
    for topic in ("Security", "Economic", "Policy", "International", "Energy", "Public Health", "Climate"):
        for kind in ("Institute for {} Studies", "Center for {} Research", "{} Forum"):
            label = kind.format(topic + (" Policy" if kind.endswith("Forum") else ""))
            orgs["think"].append(Org(f"the {label}", "", "research", country()))
    rng.shuffle(orgs["think"])
    party_names = [f"{a} {b}" for a in _PARTY_A for b in _PARTY_B]
    rng.shuffle(party_names)
    for i, (cty, cap, city, dem) in enumerate(_COUNTRIES):
        # Indexed by country: agency 2i is the weather service, 2i + 1 the health agency, uni i.
        orgs["court"].append(Org(f"the High Court in {cap}", "", "court", i))
        orgs["agency"].append(Org(f"the {dem} Meteorological Service", dem[0] + "MS", "weather", i))
        orgs["agency"].append(Org(f"the {dem} Health Protection Agency", dem[0] + "HPA", "health", i))
        orgs["uni"].append(Org(f"the University of {city}", "", "university", i))
        for _ in range(3):
            pname = party_names.pop() if party_names else f"Reform Party of {cty.removeprefix('the ')}"
            orgs["party"].append(Org(pname, "", "party", i))
        for tb in rng.sample(_TEAM_B, 2):
            team = f"FC {city}" if tb == "FC" else f"{city} {tb}"
            orgs["team"].append(Org(team, "", "football", i))
    for k in ("court", "party", "team"):
        # Zipf rank follows the country list loosely, not exactly, as in real coverage.
        orgs[k].sort(key=lambda o: o.country + rng.random() * 8)

    people: dict[str, list[Person]] = {}

    def add(kind: str, role: str, affiliation: str = "", title_style: bool = False) -> None:
        full, short, female = name()
        people.setdefault(kind, []).append(Person(full, short, female, role, affiliation, title_style))

    minister_roles = (
        "Foreign Minister",
        "Defense Minister",
        "Trade Minister",
        "Deputy Foreign Minister",
        "Finance Minister",
    )
    own_roles = {
        "the United States": ("Secretary of State", "Defense Secretary", "Trade Representative", "Treasury Secretary"),
        "the United Kingdom": ("Foreign Secretary", "Defence Secretary", "Business Secretary", "Chancellor"),
    }
    for _ in range(140):
        c = country()
        cty, dem = _COUNTRIES[c][0], _COUNTRIES[c][3]
        dem = "U.S." if c == 0 else dem
        add("diplomat", f"{dem} {rng.choice(own_roles.get(cty, minister_roles))}", cty, True)
    for org in orgs["company"][:120]:
        role = rng.choice(("chief executive of", "chief financial officer of", "chair of", "president of"))
        add("executive", f"{role} {org.name}", org.name)
    for _ in range(200):
        firm = rng.choice(orgs["bank"] + orgs["think"])
        role = (
            "an analyst at"
            if firm.sector == "finance"
            else rng.choice(("a senior fellow at", "director of research at"))
        )
        add("analyst", f"{role} {firm.name}", firm.name)
    for _ in range(50):
        add("judge", "Judge", "", True)
    for _ in range(70):
        add("lawyer", rng.choice(("a defense lawyer", "a lawyer for the defense", "the lead defense attorney")))
    for _ in range(40):
        add("prosecutor", rng.choice(("Prosecutor", "Chief Prosecutor", "Deputy Prosecutor")), "", True)
    for team in orgs["team"]:
        add("coach", f"the {team.name} coach", team.name, False)
    for team in orgs["team"]:
        for pos in rng.sample(("striker", "midfielder", "captain", "winger", "defender"), 2):
            add("player", f"the {team.name} {pos}", team.name)
    for party in orgs["party"][:110]:
        add("politician", f"leader of the {party.name}", party.name)
    for agency in orgs["agency"]:
        for _ in range(1 + (rng.random() < 0.5)):
            role = rng.choice(("a spokesperson for", "the head of", "a senior official at"))
            add("official", f"{role} {agency.name}", agency.name)
    for _ in range(80):
        uni = rng.choice(orgs["uni"])
        role = rng.choice(("a professor of epidemiology at", "a researcher at", "a climate scientist at"))
        add("scientist", f"{role} {uni.name}", uni.name)
    for i in range(len(_COUNTRIES)):
        for city in _COUNTRIES[i][1:3]:
            add("mayor", f"the mayor of {city}", city)
    return Pools({k: tuple(v) for k, v in people.items()}, {k: tuple(v) for k, v in orgs.items()})


_POOLS = _build_pools()
_CUM: dict[tuple[int, float], list[float]] = {}


def _zipf(rng: random.Random, items: Sequence[Any], s: float = 1.0) -> Any:
    """One of ``items``, the k-th with weight 1/k**s: a few are everywhere, most are rare."""
    cw = _CUM.get((len(items), s))
    if cw is None:
        cw = _CUM[len(items), s] = _zipf_cum(len(items), s)
    return rng.choices(items, cum_weights=cw)[0]


# ---------------------------------------------------------------------------------------------------
# Templates.  "[a|b|c]" picks one option; "{P1}" names person 1 (role and full name on first mention,
# surname after), "{p1}" is the surname only, "{he1}"/"{his1}"/"{him1}" (and capitalised forms) the
# pronouns, "{O1}" names organisation 1 (with its acronym on first mention), "{o1}" its full name.
# Appositions end with a comma, so every "{Pn}" is followed by a verb or a clause.

_CHOICE = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")
_COMPILED: dict[str, list[str | tuple[str, ...]]] = {}


def _fill(rng: random.Random, template: str, ctx: _Ctx) -> str:
    parts = _COMPILED.get(template)
    if parts is None:
        parts = []
        pos = 0
        for m in _CHOICE.finditer(template):
            parts.append(template[pos : m.start()])
            parts.append(tuple(m.group(1).split("|")))
            pos = m.end()
        parts.append(template[pos:])
        _COMPILED[template] = parts
    rand = rng.random
    return "".join([p if p.__class__ is str else p[int(rand() * len(p))] for p in parts]).format_map(ctx)


class _Ctx(dict[str, str]):
    """Template values; person and organisation names are resolved on use, to track first mentions."""

    def __init__(
        self, rng: random.Random, values: dict[str, str], people: Sequence[Person], orgs: Sequence[Org]
    ) -> None:
        super().__init__(values)
        self.rng = rng
        self.people = people
        self.orgs = orgs
        self.seen: set[str] = set()
        # Two people of one story sharing a surname keep their full names, as an editor would insist.
        shorts = [p.short for p in dict.fromkeys(people)]
        self.clash = {s for s in shorts if shorts.count(s) > 1}

    def __missing__(self, key: str) -> str:
        number = _NUMBERS.get(key)
        if number is not None:
            value = self[key] = number(self.rng)
            if key == "score_b":  # the winner's score comes with it
                self["score_a"] = str(int(value) + 1 + int(self.rng.random() * 3))
            return value
        if key == "score_a":
            self.__missing__("score_b")
            return self["score_a"]
        stem = key.rstrip("0123456789")
        i = int(key[len(stem) :] or 0) - 1
        if stem in ("P", "p", "f"):
            person = self.people[i]
            if stem == "f":
                return person.full
            if stem == "P" and key not in self.seen:
                self.seen.add(key)
                return person.intro()
            return person.full if person.short in self.clash else person.short
        if stem in ("O", "o"):
            org = self.orgs[i]
            if stem == "O" and org.short:
                if key in self.seen:
                    return org.short
                self.seen.add(key)
                return f"{org.name} ({org.short.removeprefix('the ')})"
            return org.name
        if stem in ("Oc", "oc"):  # sentence-initial: "The Meteorological Service", as written
            return _cap(self.__missing__(stem[0] + key[len(stem) :]))
        female = self.people[i].female
        forms = {
            "he": ("he", "she"),
            "He": ("He", "She"),
            "his": ("his", "her"),
            "His": ("His", "Her"),
            "him": ("him", "her"),
        }
        if stem in forms:
            return forms[stem][female]
        raise KeyError(key)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


@dataclass(frozen=True)
class Kind:
    """A story type.  Shape ``k`` (e.g. "results" vs "takeover") uses ``headlines[k]`` and ``ledes[k]``;
    a paragraph starting with ``<02>`` only fits shapes 0 and 2, one without a tag fits every shape."""

    name: str
    headlines: tuple[str, ...]
    ledes: tuple[str, ...]
    paras: tuple[str, ...]  # in reading order; a random subset is used, mostly in this order
    topics: tuple[str, ...]  # themes for front matter "topics"

    def fitting(self, shape: int) -> list[str]:
        key = (self.name, shape)
        if key in _FITTING:
            return _FITTING[key]
        out = _FITTING[key] = []
        for p in self.paras:
            if p.startswith("<"):
                tag, _, text = p[1:].partition(">")
                if str(shape) in tag:
                    out.append(text)
            else:
                out.append(p)
        return out


_FITTING: dict[tuple[str, int], list[str]] = {}

_GENERIC = (
    '"[It is too early to say|Nobody can say yet] how this will play out, but the direction is clear," {P9} said. '
    '"What matters now is whether the promises made this week survive the next few months."',
    "{P9} said the reaction in {capital} would be watched closely. "
    '"[Markets|Voters|Neighbours] will judge this by what happens next, not by what was said this week," {he9} said.',
    "The announcement came as [officials|leaders|regulators] across the region [grapple|struggle|contend] with "
    "[rising prices|slowing growth|a tight budget|public frustration], and as {country} prepares for "
    "[elections next year|a difficult winter|a busy summer season].",
    "[Local media|Broadcasters|Newspapers in {capital}] said the [decision|move|plan] had been discussed for "
    "months before it was made public.",
    "{Oc2} did not immediately respond to a request for comment.",
    "The news [drew|prompted] a quick reaction on social media, where [supporters|critics|commentators] "
    "[welcomed|questioned|debated] it within minutes.",
    "[Officials|People familiar with the matter|Spokespeople] said more details would be published in the coming days.",
    '{P9} said in a later interview that people wanted "[answers, not slogans|clarity, and quickly|to see results]."',
    "It was not immediately clear how the [decision|result|announcement] would affect [prices|plans already under "
    "way|next year's budget].",
)

_DIPLOMACY = Kind(
    "diplomacy",
    headlines=(
        "{Country_a} and {country_b} agree to resume talks on {issue}",
        "{Dem_a} and {dem_b} ministers meet in {city} as tensions ease",
        "{f1} presses {country_b} on {issue} during {city} visit",
    ),
    ledes=(
        "{Country_a} and {country_b} agreed on {weekday} to restart negotiations on {issue}, after two days of "
        "talks in {city} between {P1} and {P2} that both sides described as [frank|constructive|difficult but useful].",
        "{P1} met {P2} in {city} on {weekday}, the first meeting between the two governments in {n_small} years, "
        "and both sides said they would keep talking about {issue}.",
        "{P1} [pressed|urged] {country_b} on {weekday} to settle the two countries' differences over {issue} by the "
        "end of the year, during a visit to {city} that [eased|calmed|cooled] a dispute that has "
        "[unsettled|worried|rattled] the region for months.",
    ),
    paras=(
        '"[We came|We have come] to {city} to listen, and we are leaving with a plan that both of our governments '
        'can defend at home," {P1} told reporters after the meeting.',
        '{P2} said: "Nobody should expect a breakthrough in one afternoon. But for the first time in {n_small} '
        'years, our negotiators have a calendar and a text to work from."',
        "The two sides will set up {n_groups} working groups that are due to report back by {month_next}, "
        "according to a joint statement released by the two foreign ministries.",
        '"The door is open," {P2} said. "Whether it stays open depends on what we see in the coming weeks."',
        "{P1} said the first steps would be tested quickly. "
        '"If the first [deliveries|meetings|inspections] happen on time, people will believe in the rest," {he1} said.',
        '{P2} described the talks as "[difficult but honest|the most serious in a decade|a first step, not a last one]" '
        "and said {he2} would travel to {capital_a} later this year.",
        '{Oc1} welcomed the meeting. "Dialogue is always better than the alternative," {O1} said in a statement, '
        'urging both governments to "turn words into timetables."',
        "Relations between {country_a} and {country_b} have been strained since {year_prev}, when "
        "[talks on the same issue collapsed without agreement|a dispute over a border crossing halted trade for weeks|"
        "each side expelled several of the other's diplomats].",
        "Trade between the two countries was worth about ${bn} billion last year, according to official figures, "
        "[down|up] {pct} percent from a year earlier.",
        "Outside the venue, about {n_hundreds} [protesters|demonstrators|activists] gathered to demand "
        "[a faster agreement|compensation for affected families|that their concerns be heard], police said.",
        'Asked whether {country_a} would make concessions, {P1} said {he1} would not "negotiate in public."',
    ),
    topics=("Diplomacy", "Foreign relations"),
)

_BUSINESS = Kind(
    "business",
    headlines=(
        "{o1} [profit jumps|profit falls|beats forecasts|misses forecasts] as {sector} demand [shifts|slows|recovers]",
        "{o1} agrees to buy {o2} in ${bn} billion deal",
        "{o1} to cut {n_jobs} jobs in [restructuring|cost drive|overhaul]",
        "{o1} opens ${bn} billion plant near {city}",
    ),
    ledes=(
        "{Oc1} reported a {pct} percent [rise|fall] in [quarterly|third-quarter|second-quarter|annual] profit on "
        "{weekday}, [helped|hurt] by [demand|prices|costs] in its {sector} business, and said it expected "
        "[a stronger|a weaker|a steady] second half.",
        "{Oc1} said on {weekday} it had agreed to buy {O2} for about ${bn} billion, a deal that would create one of "
        "the largest {sector} groups in {country} if regulators approve it.",
        "{Oc1} will cut about {n_jobs} jobs, or {pct} percent of its workforce, as it tries to [reduce costs|"
        "restore profit|simplify its business] after a difficult year, the company said on {weekday}.",
        "{Oc1} opened a ${bn} billion factory outside {city} on {weekday}, its largest investment in {country} and "
        "a bet that demand for its {sector} business will keep growing.",
    ),
    paras=(
        '<0>"This was a [solid|difficult|mixed] quarter, and we are [confident|cautious|realistic] about the months '
        'ahead," {P1} said on a call with analysts.',
        '<13>"This is [the right decision|a decision we did not take lightly|the start of a new chapter] for the company," '
        "{P1} said in a statement.",
        '{P1} said: "Our customers are [spending more carefully than a year ago|coming back after a slow year|asking '
        'for more than ever], and we have to [adapt|move faster|be disciplined]."',
        "<0>Revenue [rose|fell] to ${rev} billion from ${rev_prev} billion a year earlier, according to the company's "
        "results, while operating costs [climbed|eased] {pct2} percent.",
        "<1>{Oc2} makes [parts|products|software] that {O1} already buys, and the combined group would have "
        "about {n_staff} employees, according to the companies.",
        '<023>"We are not going to chase growth at any price," {P1} said. "We are going to [protect our margins|invest '
        'where we can win|keep our balance sheet strong]."',
        '{P2} said the [results were|deal was|announcement was] "[better than feared|a warning sign|roughly what the '
        "market expected]\" and that investors would focus on the company's plans for next year.",
        '<0>"The numbers are fine, but the outlook is what moves the share price," {P2} said. "[Investors|The market|'
        'Shareholders] wanted more detail on costs."',
        '<1>"[The price looks high|It makes strategic sense|Regulators will look at this very closely]," {P2} said. '
        '"[The question is how quickly the savings arrive|Integration is where these deals succeed or fail]."',
        "Shares of {o1} [rose|fell] {pct3} percent in {city} trading, [valuing|leaving] the company at about "
        "${cap} billion.",
        "<1>{Oc3} said it would review the deal under competition rules, according to a statement on its website.",
        '<2>Unions said they would [fight the cuts|seek talks|study the plan]. "[Workers are paying for decisions they '
        'did not make|We will not accept this without a fight|We expect the company to keep its promises]," a union '
        "representative said.",
        "<3>The plant will employ about {n_jobs} people when it reaches full production in {year_next}, "
        "according to the company, and received ${mn} million in support from the government of {country}.",
        "{Oc1} employs about {n_staff} people [worldwide|in {country}|in {n_small} countries] and makes most of its "
        "money from {sector}.",
        'Asked about [rivals|competition from abroad|the price war], {P1} said the company would "compete on '
        'quality, not on price."',
    ),
    topics=("Business", "Markets"),
)

_COURTS = Kind(
    "courts",
    headlines=(
        "Court [convicts|finds] {f2} [guilty] in [fraud|bribery|corruption|embezzlement] case",
        "{f2} sentenced to {n_years} years in prison",
        "{o2} sued over [data breach|price fixing|unpaid wages|pollution] in {city} court",
    ),
    ledes=(
        "A court in {city} on {weekday} [found|ruled] {P2} guilty of [fraud|bribery|corruption|embezzlement], "
        "[ending|closing] a trial that lasted {n_small} months and [gripped|divided|fascinated] {country}.",
        "{P2} was sentenced on {weekday} to {n_years} years in prison for [fraud|bribery|money laundering], "
        "after {P1} rejected [a plea for leniency|arguments that the case was political|a request for a delay].",
        "{Oc2} was [sued|taken to court] on {weekday} by {n_hundreds} [customers|former employees|residents] "
        "who accuse it of [hiding a data breach|fixing prices|withholding wages|polluting a river] near {city}.",
    ),
    paras=(
        '<01>"The evidence presented in this court leaves no reasonable doubt," {P1} said as {he1} read the ruling. '
        '"[Public office|A position of trust|A company\'s name] is not a shield."',
        '<01>{P3} said the defense would appeal. "[We respect the court but we disagree with it|This is not the end of '
        'the story|The verdict ignores the facts]," {he3} told reporters outside the courthouse.',
        '{P4} said: "This case was about [whether the rules apply to everyone|money that belonged to the public|'
        'people who trusted a company]. Today [the answer is clear|we have taken a first step]."',
        "<01>Prosecutors had [asked for|sought] {n_years2} years, according to court documents, arguing that "
        "{P2} [moved|hid|diverted] about ${mn} million through [shell companies|foreign accounts|a charity].",
        '<01>"I have always [been innocent|told the truth|acted in good faith]," {P2} said in a brief statement. '
        '"I will keep fighting to clear my name."',
        '<01>{P1} called the [conduct|scheme|cover-up] "[deliberate and sustained|cynical|a betrayal of trust]" and '
        "ordered {P2} to repay ${mn2} million.",
        "<2>The lawsuit, filed at {O1}, seeks about ${mn} million in damages, according to a copy seen by reporters.",
        '<2>{Oc2} said in a statement that it "[rejects the allegations|will defend itself vigorously|is cooperating '
        'fully]" and that it had not yet been served with the complaint.',
        '<2>{P3} said: "[Our clients|These families|These workers] have waited long enough. [The company knew|'
        'The evidence is overwhelming|We are confident in the case]."',
        "<2>A judge will decide in {month_next} whether the case can proceed as a class action, according to the "
        "court's schedule.",
        "<2>{Oc2} has faced [similar complaints|scrutiny from regulators|a separate inquiry] in [two other "
        "countries|{country}|the past], according to [court filings|public records].",
        "<2>The case is one of {n_small} [brought|filed] since {year_prev} under a law that [makes it easier|allows] "
        "groups of [consumers|workers|residents] to sue together.",
        '<01>Supporters of {P2} gathered outside the court. "[This is a political trial|They are making an example '
        'of {him2}|Justice was not done today]," said one of them, who gave only a first name.',
        "The hearing was adjourned until {month_next}, when the court is expected to [rule on damages|hear the "
        "appeal|hear more witnesses].",
    ),
    topics=("Courts", "Law"),
)

_SPORT = Kind(
    "sport",
    headlines=(
        "{o1} beat {o2} {score_a}-{score_b} [to go top|to stay in the race|in a thriller]",
        "{o2} hold {o1} to a {score_b}-{score_b} draw",
        "{f2} [completes|agrees] move to {o1}",
        "{o1} lose {f2} to [knee|hamstring|ankle] injury",
    ),
    ledes=(
        "{Oc1} beat {O2} {score_a}-{score_b} in {city} on {weekday}, after {P2} scored "
        "[twice|the winner|in the {minute} minute], to [go top of the table|close the gap on the leaders|"
        "end a run of {n_small} games without a win].",
        "{Oc1} were held to a {score_b}-{score_b} draw by {O2} on {weekday}, [a result that|and the dropped points] left "
        "them {n_small} points behind the leaders with {n_games} games to play.",
        "{P2} completed a move to {O1} on {weekday} for a fee reported at about {n_fee} million euros, "
        "the club's most expensive signing in {n_small} years.",
        "{Oc1} will be without {P2} for [six weeks|the rest of the season|at least a month] after {he2} was injured "
        "in {weekday}'s [win|defeat|draw] against {O2}, the club said.",
    ),
    paras=(
        '<01>"[We showed character today|The players gave everything|That was our best performance of the season]," '
        '{P1} said after the match. "We know there is still a long way to go."',
        '<0>{P2} said: "I just tried to [help the team|stay calm|do my job]. The [fans deserve|coach deserves|whole squad deserves] '
        'the credit."',
        '<01>{P3} was less pleased. "[We made two mistakes and we were punished|We did not deserve to lose|The referee '
        'had a bad day]," {he3} said.',
        "<01>{Oc1} had [more of the ball|the better chances|to defend for long spells], according to the league's "
        "match statistics, with {n_shots} shots to {n_shots2}.",
        "<013>A crowd of {n_crowd} watched the match, the largest at the stadium this season.",
        '<02>{P1} described {P2} as "[a player who makes everyone better|the best signing we have made|ready to '
        'lead]" and said {he2} would [start|play] on {weekday_next}.',
        '<2>"[I have dreamed of playing here since I was a child|This club has a history I want to be part of|'
        'It was an easy decision]," {P2} said. "I want to win trophies."',
        '<3>{P1} said the injury was "[a big blow|a setback, nothing more|part of football]" and that '
        "{he1} expected {P2} to be back before the end of the season.",
        '<3>"[It is hard to lose a player like that|We have a strong squad|Others will have to step up]," {P1} said. '
        '"[We will manage|Nobody feels sorry for us]."',
        "<01>{P2} [opened the scoring|put the home side ahead] in the {minute} minute with a [low shot|"
        "header|free kick] after a [quick break|corner|long ball] that caught the defence out.",
        "<01>The result leaves {O1} with {n_points} points from {n_games2} games, according to the league table.",
        "<23>{Oc1} are [fourth|fifth|second|seventh] in the league with {n_points} points from {n_games2} games.",
        "<23>[Fans|Supporters] [reacted|responded] [warmly|with concern] on social media, and the club's shop "
        "[sold out of|ran low on] [shirts|tickets] within hours, according to local media.",
        "The two teams meet again in {month_next} in the cup, [a fixture|a match] that [has decided|could decide] "
        "the season before.",
    ),
    topics=("Sport", "Football"),
)

_WEATHER = Kind(
    "weather",
    headlines=(
        "Storm {storm} [batters|lashes|hits] {region_adj} {country_s} with [heavy rain|strong winds]",
        "Thousands evacuated as floods [hit|swamp] {city}",
        "Heatwave [grips|scorches] {country_s} as temperatures reach {temp} C",
    ),
    ledes=(
        "Storm {storm} brought winds of up to {wind} km/h and more than {rain} millimetres of rain to "
        "{region} of {country} on {weekday}, [cutting power to|stranding|forcing the evacuation of] about "
        "{n_thousands} people, officials said.",
        "About {n_thousands} people were evacuated from low-lying parts of {city} on {weekday} after "
        "[days of heavy rain|a river burst its banks|a dam overflowed], and at least {n_dead} people were killed, "
        "according to {O1}.",
        "Temperatures in {city} reached {temp} degrees Celsius on {weekday}, [the highest ever recorded|a record for "
        "{month}|the hottest day in {n_small} years], as a heatwave [spread|settled] across {country}.",
    ),
    paras=(
        '<01>"[This is not over yet|The next 48 hours are critical|We are asking people to stay indoors]," {P1} said. '
        '"[Rivers are still rising|The ground cannot take any more water|Conditions could change quickly]."',
        '<2>"[Drink water, stay in the shade and check on elderly neighbours|The next three days are the most '
        'dangerous]," {P1} said. "[Nights will bring little relief|Hospitals are ready for more patients]."',
        '{P2} said: "[Our teams have been working through the night|We have opened {n_small} shelters|Schools '
        'will stay closed tomorrow]. Please follow the instructions of the emergency services."',
        "{Oc1} issued its highest warning for {n_small} provinces and said [the storm|the rain|the heat] "
        "would last until {weekday_next}.",
        "<01>Rescue teams used boats to reach families trapped on rooftops, according to local officials, and the "
        "army was deployed to [help with evacuations|distribute food and water|clear blocked roads].",
        '<01>"[We lost everything|The water came in the middle of the night|We had ten minutes to leave]," said a '
        "resident of {city}, who [waited|queued] with {n_small} neighbours at a school turned into a shelter.",
        "<2>Hospitals in {city} reported a rise in [heatstroke cases|admissions of elderly patients], and several "
        "cities opened air-conditioned public buildings as cooling centres, according to {O2}.",
        "{P3} said [such storms|heatwaves like this|extreme weather like this] had become [more frequent|more "
        'intense|more dangerous] as the climate warmed. "What used to happen once in a generation now happens '
        'every few years," {he3} said.',
        "<01>Power was restored to most homes by {weekday_next}, the national grid operator said, although about "
        "{n_hundreds} households were still without electricity.",
        "<01>Insurers estimated the damage at about ${mn} million, according to an early assessment by an industry "
        "group.",
        "{P2} criticised the national government for [slow help|cutting the city's budget|ignoring warnings], "
        "saying the city had asked for [new flood barriers|more money|more emergency staff] in {year_prev}.",
    ),
    topics=("Weather", "Climate"),
)

_POLITICS = Kind(
    "politics",
    headlines=(
        "{o1} [wins|claims victory in] {country_s} election as turnout [rises|falls]",
        "Poll shows {o1} ahead before {country_s} vote",
        "{country_s} parliament [passes|approves] [budget|reform bill|pension reform] after [heated|long] debate",
        "{f1} [calls|announces] early election in {country_s}",
    ),
    ledes=(
        "The {O1} won {country}'s general election on {weekday}, taking {pct_vote} percent of the vote, "
        "according to preliminary results, and {P1} said {he1} would [form a government|seek coalition partners] "
        "within days.",
        "The {O1} is leading before next month's election in {country}, with {pct_vote} percent support in a poll "
        "published on {weekday}, {n_small} points ahead of the {O2}.",
        "Lawmakers in {country} passed a [budget|reform bill|pension reform] on {weekday} by {n_votes} "
        "votes to {n_votes2}, after a debate in which {P2} accused the government of [breaking promises|"
        "rushing the vote|ignoring the public].",
        "{P1} said on {weekday} that {he1} would call an early election for {month_next}, [betting|gambling] that "
        "[strong polls|a divided opposition|a recovering economy] would [give|hand] the {O1} a clear majority.",
    ),
    paras=(
        '<0>"[Tonight the people have spoken|This is a mandate for change|We have heard the message of the voters]," '
        '{P1} told supporters in {city}. "[Now the work begins|We will not let you down|We will govern for everyone]."',
        "<0>{P2} [conceded defeat|refused to concede|called for a recount] late on {weekday}. "
        '"[The result is disappointing|We will respect the rules|The fight goes on]," {he2} said.',
        "<0>Turnout was {pct_turnout} percent, [up|down] from {pct_turnout2} percent at the last election, according to "
        "the electoral commission.",
        '{P9} said: "[The governing party has been punished for prices|Voters want a change|This is an argument about '
        'the economy]. The question is whether [the government|the next government] can deliver quickly."',
        "<0>The {O2} came second with {pct_vote2} percent, according to the commission.",
        "<13>{pct_undecided} percent of voters said they were undecided, according to the poll, which has a margin of "
        "error of three percentage points.",
        '<13>"[We are not taking anything for granted|Polls do not vote, people do|We will campaign in every town]," '
        "{P1} said at a rally in {city}.",
        '<2>{P2} described the [bill|budget|plan] as "[a tax on working families|reckless|a missed opportunity]" '
        "and said the {O2} would [challenge it in court|repeal it if elected|keep fighting it].",
        '<2>"[This is what responsible government looks like|We promised this and we delivered]," {P1} said after '
        "the vote.",
        "<2>The [measure|law] will [raise the retirement age by two years|cut spending by {pct} percent|change how "
        "pensions are indexed] from {year_next}, according to the finance ministry, which says it will save about "
        "${bn} billion over five years.",
        "<2>[Thousands of|Several thousand] people [marched|protested] in {capital} against the [measure|plan] "
        "before the vote, and unions have called a [national strike|day of action] for {month_next}.",
        "<2>The upper house is expected to take up the [bill|measure] in {month_next}, where the government "
        "[lacks|has] a majority.",
        "<13>The {O1} has promised to [cut income taxes|raise the minimum wage|build {n_thousands} new homes|"
        "expand free childcare], a plan that the {O2} says the country cannot afford.",
        '<13>{P2} said the {O2} was [ready|confident|not afraid]. "[Let the voters decide|We welcome the contest|'
        'The government is running out of ideas]," {he2} told reporters in {capital}.',
        "<3>The last general election was held in {year_prev}, and the {O1} has governed since then with "
        "[a narrow majority|the support of smaller parties|a minority in parliament].",
        "<13>Campaigning is expected to focus on [the cost of living|housing|health care|jobs], which voters name as "
        "their main concern in most surveys.",
        "<0>Observers from [regional bodies|international monitors|civil society groups] said the vote had been "
        "[largely peaceful|generally orderly|marred by delays], according to a preliminary report.",
    ),
    topics=("Politics", "Elections"),
)

_HEALTH = Kind(
    "health",
    headlines=(
        "{Country_s} reports rise in {disease} cases",
        "{o1} launches [vaccination drive|testing campaign] against {disease}",
        "Study links [air pollution|heat|poor sleep] to higher risk of [heart disease|dementia|asthma]",
    ),
    ledes=(
        "Health authorities in {country} reported {n_cases} new cases of {disease} in the past week, "
        "[the highest weekly figure|the sharpest rise|a jump] since {year_prev}, and urged people to "
        "[get vaccinated|see a doctor if they feel unwell|avoid crowded places].",
        "{Oc1} began a campaign on {weekday} to vaccinate {n_thousands} children against {disease} in and around "
        "{city}, after [an outbreak|a rise in cases|several deaths] in [schools|the region|two districts].",
        "People exposed to [high levels of air pollution|long heatwaves|poor sleep] have a {pct} percent higher risk "
        "of [heart disease|dementia|asthma], according to a study of {n_thousands} adults in {country} published on "
        "{weekday}.",
    ),
    paras=(
        '<01>"[We are not yet at the peak|The situation is serious but under control|Every case we find early saves '
        'lives]," {P1} said. "[Vaccination remains the best protection|We need parents to act now|Hospitals are '
        'ready]."',
        '<01>{P2} said the figures were probably an undercount. "Many people with mild symptoms never see a doctor, '
        'so the real number is likely [much higher|several times higher]," {he2} said.',
        "<01>The outbreak has been concentrated in [crowded neighbourhoods|rural districts|the north of the country], "
        "according to {O1}, which has sent {n_small} mobile teams to the area.",
        "<2>{P2} led the study and said the results held after accounting for [age, income and smoking|diet and "
        'exercise|where people lived]. "[The effect is real|This is not a small effect|The pattern was very '
        'consistent]," {he2} said.',
        "<2>The researchers, from {O2}, followed participants for {n_small} years, according to the paper.",
        "<2>The study, published in a peer-reviewed journal, used [hospital records|national health surveys|"
        "data from wearable devices] collected between {year_prev} and {year}.",
        '<2>"[We should be careful not to overstate it|Other studies have found similar links]," said {P9}, who was '
        'not involved in the research. "[But it adds to a growing body of evidence|The policy question is what '
        'we do about it]."',
        "<2>The authors called for [stricter limits on pollution|better protection for older people|more research "
        "into the causes], and said the effect was strongest among [older adults|children|people on low incomes].",
        '<2>"[Nobody should panic|This does not prove cause and effect], but the signal is strong," {P1} said, adding '
        "that the findings would inform new guidance.",
        "<01>[Doctors|Nurses|Health workers] in {city} said hospitals were [under pressure|coping|short of beds]. "
        '"[We are seeing more children than usual|The wards are full|We need more staff]," one doctor said.',
        "<01>{Country} recorded {n_dead} deaths from {disease} last year, according to government figures.",
        "<01>{P1} said the agency had ordered {n_thousands} additional doses and would [extend clinic hours|open "
        "weekend clinics|send reminders to parents].",
    ),
    topics=("Health", "Public health"),
)

_KINDS = (_DIPLOMACY, _BUSINESS, _COURTS, _SPORT, _WEATHER, _POLITICS, _HEALTH)
_KIND_WEIGHTS = (22, 22, 14, 14, 10, 10, 8)
_KIND_CUM = list(itertools.accumulate(_KIND_WEIGHTS))
_TEAM_COACH = {p.affiliation: p for p in _POOLS.people["coach"]}
_PLAYERS_OF: dict[str, list[Person]] = {}
for _p in _POOLS.people["player"]:
    _PLAYERS_OF.setdefault(_p.affiliation, []).append(_p)
_BY_AGENCY: dict[str, list[Person]] = {}
for _p in _POOLS.people["official"]:
    _BY_AGENCY.setdefault(_p.affiliation, []).append(_p)
_EXEC_OF = {p.affiliation: p for p in _POOLS.people["executive"]}
_LEADER_OF = {p.affiliation: p for p in _POOLS.people["politician"]}
_INTL_ORGS = (
    Org("the United Nations", "the UN", "international", 0),
    Org("the African Union", "the AU", "international", 10),
    Org("the European Union", "the EU", "international", 2),
    Org("the Association of Southeast Asian Nations", "ASEAN", "international", 14),
    Org("the Organization of American States", "the OAS", "international", 11),
    Org("the Commonwealth Secretariat", "", "international", 5),
)


# ---------------------------------------------------------------------------------------------------
# One article.


def _ri(rng: random.Random, lo: int, hi: int) -> int:
    """``rng.randint`` at a fraction of its cost (it is called tens of times per article)."""
    return lo + int(rng.random() * (hi - lo + 1))


_START = dt.date(2019, 1, 1)
_DAYS = (dt.date(2024, 12, 31) - _START).days + 1
_BEATS = {  # the story "beat": the section name used in URLs and HTML
    "diplomacy": "world",
    "business": "business",
    "courts": "world",
    "sport": "sport",
    "weather": "climate",
    "politics": "politics",
    "health": "health",
}


@dataclass
class Article:
    kind: str
    headline: str
    paragraphs: list[str]
    date: dt.date
    city: str
    country: str
    authors: list[str]
    outlet: str
    wire: str
    topics: list[str]


def _pick_other(rng: random.Random, items: Sequence[Any], not_this: Any) -> Any:
    for _ in range(20):
        x = _zipf(rng, items)
        if x != not_this:
            return x
    return items[-1] if items[-1] != not_this else items[0]


_ABROAD: dict[str, list[Person]] = {}


def _cast(rng: random.Random, kind: str, shape: int) -> tuple[list[Person], list[Org], dict[str, str], int]:
    """People, organisations, extra template values and the country index of one story."""
    pp, op = _POOLS.people, _POOLS.orgs
    # Commentators turn up in every kind of story: a flatter curve keeps any one of them from being everywhere.
    analyst = _zipf(rng, pp["analyst"], 0.7)
    v: dict[str, str] = {}
    if kind == "diplomacy":
        p1 = _zipf(rng, pp["diplomat"])
        others = _ABROAD.get(p1.affiliation)
        if others is None:
            others = _ABROAD[p1.affiliation] = [p for p in pp["diplomat"] if p.affiliation != p1.affiliation]
        p2 = _pick_other(rng, others, None)
        a = next(i for i, c in enumerate(_COUNTRIES) if c[0] == p1.affiliation)
        b = next(i for i, c in enumerate(_COUNTRIES) if c[0] == p2.affiliation)
        v.update(
            country_a=_COUNTRIES[a][0],
            Country_a=_cap(_COUNTRIES[a][0]),
            dem_a=_COUNTRIES[a][3],
            Dem_a=_COUNTRIES[a][3],
            country_b=_COUNTRIES[b][0],
            Country_b=_cap(_COUNTRIES[b][0]),
            dem_b=_COUNTRIES[b][3],
            capital_a=_COUNTRIES[a][1],
            issue=_zipf(rng, _ISSUES),
        )
        host = a if rng.random() < 0.5 else b
        return [p1, p2, analyst], [_zipf(rng, _INTL_ORGS), _zipf(rng, _INTL_ORGS)], v, host
    if kind == "business":
        o1 = _zipf(rng, op["company"][:120], 0.8)
        o2 = _pick_other(rng, op["company"], o1)
        c = o1.country
        regulator = Org(f"the {_COUNTRIES[c][3]} Competition Authority", "", "regulator", c)
        v.update(sector=o1.sector)
        return [_EXEC_OF[o1.name], analyst], [o1, o2, regulator], v, c
    if kind == "courts":
        court = _zipf(rng, op["court"])
        defendant = _zipf(rng, pp["executive"] if rng.random() < 0.5 else pp["politician"])
        company = _zipf(rng, op["company"], 0.8)
        people = [_zipf(rng, pp["judge"]), defendant, _zipf(rng, pp["lawyer"]), _zipf(rng, pp["prosecutor"])]
        return people, [court, company], v, court.country
    if kind == "sport":
        o1 = _zipf(rng, op["team"])
        same = [t for t in op["team"] if t.country == o1.country and t != o1]
        o2 = rng.choice(same) if same and rng.random() < 0.7 else _pick_other(rng, op["team"], o1)
        # A transfer brings a player from the other club; otherwise the player is one of the home side's.
        player = rng.choice(_PLAYERS_OF[o2.name if shape == 2 else o1.name])
        v["city"] = o1.name.removeprefix("FC ").rsplit(" ", 1)[0] if not o1.name.startswith("FC ") else o1.name[3:]
        return [_TEAM_COACH[o1.name], player, _TEAM_COACH[o2.name]], [o1, o2], v, o1.country
    if kind == "weather":
        c = _zipf(rng, range(len(_COUNTRIES)))
        agency = op["agency"][2 * c]
        official = rng.choice(_BY_AGENCY[agency.name])
        second = rng.random() < 0.4
        v["city"] = _COUNTRIES[c][2 if second else 1]
        mayor = pp["mayor"][2 * c + second]
        side = rng.choice(("north", "south", "west", "east"))
        v.update(storm=rng.choice(_STORMS), region=f"the {side}", region_adj=f"{side}ern")
        return [official, mayor, _zipf(rng, pp["scientist"])], [agency, op["agency"][2 * c + 1]], v, c
    if kind == "politics":
        o1 = _zipf(rng, op["party"][:110])
        rivals = [p for p in op["party"][:110] if p.country == o1.country and p != o1] or [op["party"][0]]
        o2 = rng.choice(rivals)
        return [_LEADER_OF[o1.name], _LEADER_OF.get(o2.name, analyst), analyst], [o1, o2], v, o1.country
    # health
    c = _zipf(rng, range(len(_COUNTRIES)))
    agency = op["agency"][2 * c + 1]
    official = rng.choice(_BY_AGENCY[agency.name])
    v.update(disease=_zipf(rng, _DISEASES))
    return [official, _zipf(rng, pp["scientist"]), analyst], [agency, op["uni"][c]], v, c


def _int(lo: int, hi: int, scale: int = 1, fmt: str = "") -> Callable[[random.Random], str]:
    return lambda rng: format((lo + int(rng.random() * (hi - lo + 1))) * scale, fmt)


def _tenths(lo: int, hi: int) -> Callable[[random.Random], str]:
    return lambda rng: f"{(lo + int(rng.random() * (hi - lo + 1))) / 10:.1f}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _word(*words: str) -> Callable[[random.Random], str]:
    return lambda rng: words[int(rng.random() * len(words))]


# The numbers templates may use; each is drawn when a template first asks for it.
_NUMBERS: dict[str, Callable[[random.Random], str]] = {
    "n_small": _word("two", "three", "four", "five", "six", "seven", "eight", "nine"),
    "n_groups": _word("two", "three", "four", "five"),
    "n_hundreds": _int(1, 9, 100),
    "n_thousands": _int(2, 95, 1000, ","),
    "bn": _tenths(12, 990),
    "pct": _tenths(11, 390),
    "pct2": _tenths(11, 150),
    "pct3": _tenths(5, 120),
    "n_jobs": _int(3, 120, 100, ","),
    "rev": _tenths(40, 900),
    "rev_prev": _tenths(40, 900),
    "cap": _int(5, 300),
    "n_staff": _int(2, 180, 1000, ","),
    "n_years": _int(2, 14),
    "n_years2": _int(8, 20),
    "mn": _int(3, 900),
    "mn2": _int(1, 90),
    "score_b": _int(0, 3),
    "minute": lambda rng: _ordinal(5 + int(rng.random() * 85)),
    "n_games": _int(3, 15),
    "n_points": _int(12, 30),
    "n_games2": _int(15, 30),
    "n_fee": _int(5, 120),
    "n_shots": _int(8, 22),
    "n_shots2": _int(2, 9),
    "n_crowd": _int(8000, 80999, 1, ","),
    "wind": _int(90, 230),
    "rain": _int(80, 400),
    "temp": _int(38, 48),
    "n_dead": _int(2, 60),
    "pct_vote": _int(28, 52),
    "pct_vote2": _int(15, 27),
    "pct_turnout": _int(48, 81),
    "pct_turnout2": _int(48, 81),
    "pct_undecided": _int(8, 25),
    "n_votes": _int(151, 260),
    "n_votes2": _int(60, 150),
    "n_cases": _int(120, 9000, 1, ","),
}


def _article(rng: random.Random) -> Article:
    kind = _KINDS[rng.choices(range(len(_KINDS)), cum_weights=_KIND_CUM)[0]]
    shape = rng.randrange(len(kind.headlines))
    people, orgs, values, c = _cast(rng, kind.name, shape)
    country, capital, city2, dem = _COUNTRIES[c]
    city = values.get("city") or (capital if rng.random() < 0.6 else city2)
    date = _START + dt.timedelta(days=rng.randrange(_DAYS))
    # The story happened a day or two before it was written up.
    weekday = _WEEKDAYS[(date.weekday() - _ri(rng, 0, 1)) % 7]
    values.update(
        weekday=weekday,
        weekday_next=_WEEKDAYS[(date.weekday() + _ri(rng, 2, 5)) % 7],
        month=_MONTHS[date.month - 1],
        month_next=_MONTHS[(date.month + _ri(rng, 0, 3)) % 12],
        year_prev=str(date.year - _ri(rng, 1, 6)),
        city=city,
        capital=capital,
        country=country,
        Country=_cap(country),
        country_s=country.removeprefix("the "),
        Country_s=_cap(country.removeprefix("the ")),
        dem=dem,
        year=str(date.year),
        year_next=str(date.year + _ri(rng, 1, 3)),
    )
    padded = list(people) + [people[-1]] * (8 - len(people)) + [_zipf(rng, _POOLS.people["analyst"], 0.7)]
    ctx = _Ctx(rng, values, padded, orgs)
    headline = _fill(rng, kind.headlines[shape], ctx)  # headlines name no one by {Pn}/{On}: no first mention used
    paras = [_fill(rng, kind.ledes[shape], ctx)]
    target = _ri(rng, 300, 600)
    words = len(paras[0].split())
    fitting = kind.fitting(shape)
    # Mostly in reading order, with about a quarter of the paragraphs moved to the end.
    order = sorted(range(len(fitting)), key=lambda k: (rng.random() < 0.25, k))
    extra = rng.sample(_GENERIC, len(_GENERIC))
    for template in itertools.chain((fitting[k] for k in order), extra):
        if words >= target:
            break
        text = _fill(rng, template, ctx)
        paras.append(text)
        words += len(text.split())
    topics = [kind.topics[rng.random() < 0.5], _cap(country.removeprefix("the "))]
    for thing in (values.get("issue"), values.get("disease"), values.get("storm") and f"Storm {values['storm']}"):
        if thing and rng.random() < 0.7:
            topics.append(_cap(thing.removeprefix("a ").removeprefix("the ")))
    topics.extend(o.name.removeprefix("the ").removeprefix("The ") for o in orgs[:1])
    authors = [f"{rng.choice(_FEMALE + _MALE)} {rng.choice(_SURNAMES)}" for _ in range(1 + (rng.random() < 0.3))]
    return Article(
        kind.name, _cap(headline), paras, date, city, country, authors, _zipf(rng, _OUTLETS), _zipf(rng, _WIRES), topics
    )


# ---------------------------------------------------------------------------------------------------
# Seed formats: the shapes text takes when copied or saved from news sites.

_PROMOS = (
    "Central banks signal a long pause as inflation cools",
    "The quiet town that became the world's battery capital",
    "Why shipping rates are climbing again",
    "Five charts that explain the housing slump",
    "Airlines brace for a record summer",
    "The race to build cheaper solar panels",
    "Inside the fight over a city's last green space",
    "Rail strikes return as pay talks stall",
    "A small lender's big bet on farm loans",
    "How a drought is reshaping river trade",
    "Chipmakers rush to secure rare metals",
    "The coffee price shock reaches your cup",
    "Tourists return to the islands, but workers do not",
    "Pension funds turn to infrastructure",
    "What the new tariffs mean for car buyers",
)
_CAPTIONS = {
    "diplomacy": ("Delegates arrive for the talks", "Flags outside the foreign ministry"),
    "business": ("Workers at a factory", "Shoppers walk past a store", "Containers at the port"),
    "courts": ("Police officers stand outside the court building", "Reporters wait outside the courthouse"),
    "sport": ("Fans celebrate after the final whistle", "Players warm up before the match"),
    "weather": ("Residents wade through a flooded street", "A view of the city centre"),
    "politics": ("Supporters wave flags at a rally", "Voters queue at a polling station"),
    "health": ("A nurse prepares a vaccine dose", "Patients wait at a clinic"),
}


_OPENING = re.compile(r'(^|[\s(\[—])"', re.M)


def _curly(text: str) -> str:
    return _OPENING.sub("\\1\u201c", text).replace('"', "\u201d").replace("'", "\u2019")


def _date_long(d: dt.date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def _date_ap(d: dt.date) -> str:
    return f"{_MONTH_AP[d.month - 1]} {d.day}, {d.year}"


def _clock(rng: random.Random) -> str:
    return f"{_ri(rng, 1, 12)}:{_ri(rng, 0, 59):02d} {rng.choice(('AM', 'PM'))}"


def _author(rng: random.Random) -> str:
    return f"{rng.choice(_FEMALE + _MALE)} {rng.choice(_SURNAMES)}"


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _body(a: Article, rng: random.Random, lede_prefix: str = "") -> str:
    sep = "\n\n" if rng.random() < 0.7 else "\n"
    return sep.join([lede_prefix + a.paragraphs[0], *a.paragraphs[1:]])


def _txt_wire(a: Article, rng: random.Random) -> str:
    head = f"{a.headline}\n{_date_long(a.date)} {_clock(rng)} UTC\n\n" if rng.random() < 0.6 else ""
    if rng.random() < 0.5:
        dateline = f"{a.city.upper()} ({a.wire}) - "
    else:
        dateline = f"{a.city.upper()}, {_MONTHS[a.date.month - 1]} {a.date.day} ({a.wire}) - "
    tail = ""
    if rng.random() < 0.6:
        tail = f"\n\n(Reporting by {_and(a.authors)}; Editing by {_author(rng)})"
    return head + _body(a, rng, dateline) + tail + "\n"


def _txt_agency(a: Article, rng: random.Random) -> str:
    byline = "By " + _and([n.upper() for n in a.authors])
    stamp = f"Updated {_clock(rng)} GMT, {_date_long(a.date)}"
    place = (
        a.city.upper()
        if a.city in ("Washington", "London", "Paris", "Tokyo")
        else f"{a.city.upper()}, {_cap(a.country.removeprefix('the '))}"
    )
    tail = (
        f"\n\n___\n\n{a.wire} writer {_author(rng)} in {a.city} contributed to this report.\n"
        if rng.random() < 0.6
        else "\n"
    )
    return f"{a.headline}\n\n{byline}\n{a.wire}\n\n{stamp}\n\n" + _body(a, rng, f"{place} ({a.wire}) — ") + tail


def _txt_byline(a: Article, rng: random.Random) -> str:
    date = _date_long(a.date) if rng.random() < 0.7 else f"Published {_date_ap(a.date)}"
    return f"{a.headline}\nBy {_and(a.authors)}\n{date}\n\n" + _body(a, rng) + "\n"


def _txt_messy(a: Article, rng: random.Random) -> str:
    caption = (
        f"{rng.choice(_CAPTIONS[a.kind])} in {a.city}, {_date_ap(a.date)}. Photographer: {_author(rng)}/{a.outlet}"
    )
    lines = [
        a.headline,
        "",
        caption,
        caption,
        "",
        f"By {_and(a.authors)}",
        f"{_date_long(a.date)} at {_clock(rng)} GMT+{_ri(rng, 0, 9)}",
        "",
    ]
    paras = list(a.paragraphs)
    if rng.random() < 0.5:
        paras.insert(1, f"Most Read from {a.outlet}\n" + "\n".join(rng.sample(_PROMOS, _ri(rng, 3, 5))))
    for at in sorted(rng.sample(range(2, len(paras)), min(2, len(paras) - 2)), reverse=True):
        paras.insert(at, f"Read more: {rng.choice(_PROMOS)}")
    copyright = rng.choice((f"©{a.date.year} {a.outlet}. All rights reserved.", f"Copyright {a.date.year} {a.outlet}"))
    return "\n".join(lines) + "\n" + "\n\n".join(paras) + f"\n\n{copyright}\n"


def _txt_bare(a: Article, rng: random.Random) -> str:
    prefix = f"{a.city.upper()} — " if rng.random() < 0.4 else ""
    return _body(a, rng, prefix) + "\n"


def _slug(text: str, limit: int = 48) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].rstrip("-")


def _url(a: Article) -> str:
    host = _slug(a.outlet.removeprefix("The "), 40).replace("-", "")
    return f"https://www.{host}.example/{_BEATS[a.kind]}/{a.date:%Y/%m/%d}/{_slug(a.headline, 60)}"


def _yaml_str(s: str) -> str:
    # A double-quoted YAML scalar: only backslash and the double quote need escaping.
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _md(a: Article, rng: random.Random) -> str:
    fm = [f"title: {_yaml_str(a.headline)}"]
    if rng.random() < 0.8:
        fm.append(f"source: {_yaml_str(a.outlet)}")
    if rng.random() < 0.85:
        fm.append(
            f"published: {a.date.isoformat()}"
            if rng.random() < 0.7
            else f"date: {a.date.isoformat()}T{_ri(rng, 0, 23):02d}:{_ri(rng, 0, 59):02d}:00Z"
        )
    if rng.random() < 0.7:
        fm.append("authors:\n" + "".join(f"  - {_yaml_str(n)}\n" for n in a.authors).rstrip("\n"))
    if rng.random() < 0.6:
        fm.append(f"url: {_url(a)}")
    if rng.random() < 0.6:
        fm.append("topics: [" + ", ".join(_yaml_str(x) for x in a.topics) + "]")
    paras = list(a.paragraphs)
    if len(paras) > 6 and rng.random() < 0.4:
        paras.insert(
            len(paras) // 2, "## " + rng.choice(("What happens next", "Background", "Reaction", "The numbers"))
        )
    return "---\n" + "\n".join(fm) + "\n---\n\n" + "\n\n".join(paras) + "\n"


def _html(a: Article, rng: random.Random) -> str:
    e = html.escape
    url = _url(a)
    stamp = f"{a.date.isoformat()}T{_ri(rng, 0, 23):02d}:{_ri(rng, 0, 59):02d}:00+00:00"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.headline,
        "datePublished": stamp,
        "author": [{"@type": "Person", "name": n} for n in a.authors],
        "publisher": {"@type": "Organization", "name": a.outlet},
        "mainEntityOfPage": url,
    }
    ld_text = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    body = "\n".join(f"        <p>{e(p)}</p>" for p in a.paragraphs)
    related = "\n".join(
        f'        <li><a href="/{_BEATS[a.kind]}/{_slug(h)}">{e(h)}</a></li>' for h in rng.sample(_PROMOS, 3)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(a.headline)} | {e(a.outlet)}</title>
  <meta name="author" content="{e(_and(a.authors))}">
  <link rel="canonical" href="{url}">
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="{e(a.outlet)}">
  <meta property="og:title" content="{e(a.headline)}">
  <meta property="og:url" content="{url}">
  <meta property="article:published_time" content="{stamp}">
  <meta property="article:section" content="{_BEATS[a.kind].title()}">
  <script type="application/ld+json">
  {ld_text}
  </script>
</head>
<body>
  <div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience. <a href="/privacy">Privacy policy</a></p><button>Accept all</button></div>
  <header class="site-header"><a class="logo" href="/">{e(a.outlet)}</a>
    <nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li><li><a href="/climate">Climate</a></li></ul></nav>
    <a href="/subscribe">Subscribe</a>
  </header>
  <main>
    <article>
      <h1>{e(a.headline)}</h1>
      <div class="byline">By {e(_and(a.authors))}</div>
      <time datetime="{stamp}">{_date_long(a.date)}</time>
      <div class="article-body">
{body}
      </div>
    </article>
    <section class="related"><h2>Related stories</h2>
      <ul>
{related}
      </ul>
    </section>
  </main>
  <footer><a href="/about">About us</a> · <a href="/terms">Terms</a><p>© {a.date.year} {e(a.outlet)}. All rights reserved.</p></footer>
</body>
</html>
"""


_FORMATS: tuple[tuple[str, str, Callable[[Article, random.Random], str], int], ...] = (
    ("txt", "wire", _txt_wire, 24),
    ("txt", "agency", _txt_agency, 12),
    ("txt", "byline", _txt_byline, 20),
    ("txt", "messy", _txt_messy, 16),
    ("txt", "bare", _txt_bare, 13),
    ("md", "frontmatter", _md, 10),
    ("html", "page", _html, 5),
)
_FORMAT_CUM = list(itertools.accumulate(f[3] for f in _FORMATS))


def article_file(i: int, seed: int = 0) -> tuple[str, str]:
    """The ``i``-th file of every corpus made with ``seed``: (file name, text)."""
    rng = random.Random(f"briefings-bench:{seed}:{i}")
    a = _article(rng)
    ext, _, render, _ = _FORMATS[rng.choices(range(len(_FORMATS)), cum_weights=_FORMAT_CUM)[0]]
    if rng.random() < 0.3:  # typographic quotes, as many sites publish them
        a.paragraphs = _curly("\n\n".join(a.paragraphs)).split("\n\n")
    return f"{i:06d}-{a.kind}-{_slug(a.headline)}.{ext}", render(a, rng)


def generate(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` seed files as (file name, text), deterministically: file ``i`` depends only on ``seed`` and ``i``."""
    return [article_file(i, seed) for i in range(n)]


def write(files: Sequence[tuple[str, str]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files:
        (out / name).write_bytes(text.encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="number of seed files (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write the files into (created if missing)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    files = generate(args.n, args.seed)
    t1 = time.perf_counter()
    write(files, args.out)
    t2 = time.perf_counter()
    mb = sum(len(text.encode("utf-8")) for _, text in files) / 1e6
    kinds = sorted({name.rsplit(".", 1)[1] for name, _ in files})
    mix = ", ".join(f"{k} {sum(name.endswith('.' + k) for name, _ in files)}" for k in kinds)
    print(
        f"{args.n} seeds ({mix}; {mb:.1f} MB) in {args.out}: generated in {t1 - t0:.2f} s, written in {t2 - t1:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Topics: the subjects a brief is filed under (site tags): its main entities and one or two themes.

Topics group related briefings on topic pages, so they must be stable and shared: entities go by their
canonical names ("United States" for "US" and "U.S."), themes come from a small fixed vocabulary of
news subjects, each recognised by its general keywords.  A seed's own ``topics`` (front matter) win.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.model import Entity

MAX_TOPICS = 7
MAX_ENTITIES = 5
MAX_THEMES = 2
MIN_TOPICS = 3

# Theme -> keywords (lower case; a trailing * matches any ending).  General news vocabulary.
THEMES: dict[str, tuple[str, ...]] = {
    "Defence and security": (
        "military", "troops", "army", "navy", "missile*", "drill*", "weapon*", "defen*", "warship*", "deterrence",
        "soldier*", "armed", "combat", "exercise*", "alliance", "nato", "invasion", "artillery",
    ),
    "Nuclear weapons": ("nuclear", "denucleari*", "warhead*", "icbm*", "ballistic", "enrichment", "atomic"),
    "Diplomacy": (
        "summit", "talks", "diplomat*", "ambassador*", "treaty", "negotiat*", "bilateral", "trilateral",
        "foreign minister", "envoy*", "sanction*", "joint statement",
    ),
    "Economy": (
        "economy", "economic", "inflation", "gdp", "recession", "growth", "interest rate*", "central bank",
        "unemployment", "market*", "investor*", "stocks", "bonds", "currency", "budget",
    ),
    "Trade": ("trade", "tariff*", "export*", "import*", "customs", "supply chain*", "levy", "duties", "wto"),
    "Technology": (
        "technology", "chip*", "semiconductor*", "software", "artificial intelligence", "satellite*",
        "internet", "cyber*", "digital", "smartphone*", "ai",
    ),
    "Climate and environment": (
        "climate", "emission*", "carbon", "warming", "renewable*", "pollution", "environment*", "fossil",
        "cop2*", "cop3*", "biodiversity", "net zero", "net-zero",
    ),
    "Energy": ("energy", "oil", "gas", "electricity", "power plant*", "pipeline*", "opec", "crude", "lng", "coal"),
    "Politics": (
        "election*", "vote*", "voter*", "campaign*", "parliament*", "congress", "senate", "lawmaker*",
        "party", "opposition", "ballot*", "president", "prime minister", "legislat*",
    ),
    "Law and justice": (
        "court", "judge*", "trial", "lawsuit*", "sued", "sues", "prosecut*", "police", "arrest*", "charged",
        "crime*", "convict*", "verdict", "jury",
    ),
    "Health": (
        "health", "hospital*", "disease*", "vaccine*", "virus", "pandemic", "patient*", "doctor*", "medical",
        "drug*", "outbreak*",
    ),
    "Sport": (
        "match", "league", "tournament", "championship*", "goal*", "coach", "season", "cup", "olympic*", "innings",
        "semifinal*", "quarterfinal*", "final", "striker", "halftime", "scored",
    ),
    "Business": (
        "company", "companies", "shares", "profit*", "revenue*", "earnings", "ceo", "merger*", "acquisition*",
        "startup*", "firm*", "quarterly",
    ),
    "Space": ("space", "rocket*", "orbit*", "launch*", "spacecraft", "astronaut*", "lunar", "nasa"),
}


# Names that are not what a story is about: the wire services that report it, bare compass points.
_NOT_SUBJECTS = frozenset({
    "Associated Press", "AP", "Reuters", "Bloomberg", "AFP", "Agence France-Presse", "Agence France Presse",
    "Yonhap", "Xinhua", "Kyodo", "Dow Jones", "Canadian Press", "Press Association", "North", "South", "East",
    "West",
})


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"\b(?:" + "|".join(sorted(parts, key=lambda p: (-len(p), p))) + r")\b")


# The keywords are matched on the text's words (runs of ``\w``) once, not by a pattern per theme over
# the whole text (a tenth of the time extraction spends besides the model): a single-word keyword
# matches a whole word, a starred one a word it begins.  Multi-word keywords keep a pattern, run only
# when the text has their first word.  The same hits as one ``\b(?:...)\b`` pattern per theme.
_WORD_RE = re.compile(r"\w+")
_EXACT: dict[str, str] = {}  # keyword -> theme
_PREFIXES: dict[str, str] = {}  # starred keyword, without its star -> theme
_PHRASES: dict[str, tuple[frozenset[str], re.Pattern[str]]] = {}  # theme -> (first words, pattern)
for _theme, _keywords in THEMES.items():
    _multi = [k for k in _keywords if not _WORD_RE.fullmatch(k.rstrip("*"))]
    for _k in _keywords:
        if _k not in _multi:
            (_PREFIXES if _k.endswith("*") else _EXACT)[_k.rstrip("*")] = _theme
    if _multi:
        _PHRASES[_theme] = (frozenset(_WORD_RE.findall(k)[0] for k in _multi), _pattern(_multi))
del _theme, _keywords, _multi, _k
_PREFIX_LENGTHS = sorted({len(p) for p in _PREFIXES})


def _word_theme(word: str) -> str | None:
    theme = _EXACT.get(word)
    if theme is None:
        for n in _PREFIX_LENGTHS:
            if n > len(word):
                break
            theme = _PREFIXES.get(word[:n])
            if theme is not None:
                break
    return theme


def topics(entities: list[Entity], given: list[str] | str | None = None, body: str = "") -> list[str]:
    """The brief's topics: ``given`` when the seed states them, else its main entities and themes."""
    if given:
        items = given.split(",") if isinstance(given, str) else [str(t) for t in given]
        return list(dict.fromkeys(t.strip() for t in items if t and t.strip()))
    chosen = main_entities(entities, body)
    chosen += [t for t in themes(body) if t not in chosen]
    return chosen[:MAX_TOPICS]


def main_entities(entities: list[Entity], body: str = "") -> list[str]:
    """Names of the most salient people, organisations and places: often mentioned, and early."""
    lede_end = _lede_end(body)
    scored: list[tuple[float, int, str]] = []
    for ent in entities:
        if ent.type not in ("person", "organization", "place") or not ent.mentions or len(ent.name) > 40:
            continue
        if ent.name in _NOT_SUBJECTS:
            continue
        first = min(s for s, _ in ent.mentions)
        score = len(ent.mentions) + (1.5 if first < lede_end else 0.0)
        if len(ent.mentions) >= 2 or first < lede_end:
            scored.append((-score, first, ent.name))
    scored.sort()
    names = list(dict.fromkeys(n for _, _, n in scored))
    strong = [n for (s, _, n) in scored if -s >= 2.0]
    keep = max(min(len(strong), MAX_ENTITIES), min(MIN_TOPICS, len(names)))
    return names[:keep]


def themes(body: str) -> list[str]:
    """Up to two subjects from the fixed vocabulary whose keywords the text uses repeatedly."""
    if not body:
        return []
    low = body.lower()
    words = max(len(low.split()), 1)
    found = _WORD_RE.findall(low)
    hits: dict[str, list[str]] = {}
    for word in found:
        theme = _word_theme(word)
        if theme is not None:
            hits.setdefault(theme, []).append(word)
    present = set(found)
    for name, (first, rx) in _PHRASES.items():
        if not first.isdisjoint(present):
            hits.setdefault(name, []).extend(rx.findall(low))
    scored: list[tuple[float, str]] = []
    for name in THEMES:
        got = hits.get(name, ())
        if len(got) >= 3 and len(set(got)) >= 2:
            scored.append((-len(got) / words, name))
    scored.sort()
    return [name for _, name in scored[:MAX_THEMES]]


def _lede_end(body: str) -> int:
    """End of the first paragraph (at least its first 300 characters)."""
    cut = body.find("\n")
    return max(cut if cut >= 0 else len(body), min(300, len(body)))

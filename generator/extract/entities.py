"""NER mentions -> entities: spans repaired, short forms merged into full ones, one type per entity.

The statistical model (``ner.py``) is the base; this module corrects what it typically gets wrong:

* spans: names never contain brackets, commas, line breaks, scores or a trailing possessive, so a
  span running over them is cut ("Ann Lee ( Kenya" -> "Ann Lee", "Kenya"); a person's name starts
  after an honorific or a job word ("Mr Blair", "Striker Nicolas Anelka"), and a person's name run
  together with another name the text also uses alone is two names ("the Ted Cruz South Carolina
  victory party");
* aliases: a surname or given name (Austin, Kim), an acronym (KDP for Kurdistan Democratic Party)
  or another spelling of a country (ROK, U.S.) joins the entity of its full form; a person the model
  saw only by surname takes the full name the text gives with a common given name;
* missed mentions: once a name is known in a document, its other occurrences are names too (the
  model often misses them in headlines, tables and odd contexts);
* types: voted across all mentions of an entity, helped by cues (honorifics, the gazetteer);
* sports: a city or county named as a competitor in a sports report is a team (an organisation).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from generator.extract.gazetteer import (
    AMBIGUOUS,
    DEMONYMS,
    GIVEN_NAMES,
    PLACES,
    WEAK_PLACES,
    canonical_place,
    is_country,
)
from generator.extract.ner import Mention, is_caps_line
from generator.model import Entity, EntityType

_TYPES: dict[str, EntityType] = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place",
                                 "FAC": "place"}
_ORDER: tuple[EntityType, ...] = ("person", "organization", "place")

# Where a name stops: brackets, list punctuation, line breaks, dashes between spaces.
_SPLIT = re.compile(r"\s*(?:\n|[()\[\]{};:,|/]|\s[-\u2013\u2014]{1,2}\s)\s*")
# A possessive inside a person span ("Golf Channel's Jaime Diaz"): a person's name never contains one.
_INNER_POSSESSIVE = re.compile(r"['\u2019\u2018]s\s+(?=[A-Z])")
_TOKEN = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"(?:\s?['\u2019\u2018]s|(?<=s)['\u2019])$")
# A photo credit: "Name/Agency" or "( Name / Agency )"; the photographer is not in the story.
_CREDIT = re.compile(r"\s*/\s*[A-Z]")
_POSSESSIVE_WORD = re.compile(r" ([A-Z][a-z]+)['\u2019]s\b")
# A surname with a lower-case particle: "al-Assad", "bin-Salman", "d'Estaing" (part of the name).
_PARTICLE_NAME = re.compile(r"^(?:al|el|ul|bin|ibn|abu|ben|da|de|di|du|d|l)[-'\u2019][A-Z]")
_HYPHEN_TAIL = re.compile(r"(?:-[^\W\d_]+)+")
# "Seoul-based", "London-born", "Saudi-led": an adjective made from a name; the name is the part before.
_ADJ_SUFFIX = re.compile(
    r"-(?:based|born|bred|led|backed|owned|run|made|built|listed|registered|funded|sponsored|allied|aligned|"
    r"controlled|held|bound|headquartered|style|era|area|wide)$"
)
_NUMBERISH = re.compile(r"^[\W\d_]*\d[\W\d_]*$|^[\W_]+$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")
_CONNECTORS = {"of", "the", "and", "for", "de", "del", "la", "le", "du", "des", "von", "van", "der", "di", "da",
               "bin", "al", "&", "y", "e", "on", "in", "at"}
# Words that say the next name is a person.
_PERSON_CUES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president", "premier",
    "minister", "secretary", "chancellor", "senator", "sen", "rep", "representative", "governor", "gov", "mayor",
    "judge", "justice", "king", "queen", "prince", "princess", "pope", "general", "gen", "colonel", "col",
    "captain", "capt", "lieutenant", "lt", "sergeant", "sgt", "admiral", "adm", "commander", "chief", "ceo",
    "chairman", "chairwoman", "director", "spokesman", "spokeswoman", "spokesperson", "coach", "manager",
    "striker", "midfielder", "defender", "goalkeeper", "skipper", "batsman", "bowler", "rider", "driver",
    "champion", "leader", "cpl", "pte", "ambassador", "envoy", "officer", "detective", "inspector", "constable", "father",
    "rev", "reverend", "rabbi", "imam", "sheikh", "dr.", "mr.", "mrs.", "ms.", "prof.", "sen.", "rep.", "gov.",
    "gen.", "col.", "lt.", "sgt.", "capt.", "adm.", "st.", "actor", "actress", "singer", "author", "writer",
    "economist", "analyst", "lawyer", "attorney", "dean", "mp", "mep", "founder",
    "owner", "chair", "vice", "deputy", "boss", "teammate", "compatriot", "opponent", "rival",
}
# Last words that make a name an organisation's or a place's.
_ORG_HEADS = {
    "school", "university", "college", "institute", "academy", "hospital", "clinic", "church", "party", "committee",
    "council", "commission", "department", "ministry", "agency", "bank", "group", "company", "corp", "corporation",
    "inc", "ltd", "llc", "llp", "plc", "co", "association", "federation", "club", "union", "league", "foundation",
    "fund", "trust", "society", "board", "court", "parliament", "assembly", "senate", "congress", "government",
    "office", "bureau", "service", "services", "police", "army", "navy", "brewery", "studio", "studios",
    "network", "news", "times", "post", "press", "journal", "magazine", "airlines", "airways", "motors", "holdings",
    "partners", "capital", "centre", "center", "museum", "library", "institution", "authority", "exchange",
    "organisation", "organization", "systems", "technologies", "industries", "laboratories", "labs", "ag", "sa",
    "gmbh", "nv", "bv", "spa", "radio", "television", "tv", "broadcasting",
    # football clubs ("Manchester United", "Blackburn Rovers"); not "City", which ends places too
    "united", "rovers", "wanderers", "albion", "hotspur", "rangers", "athletic", "fc",
}
# Parties and leagues the model takes for people, written as they are in English-language news.
_ORG_NAMES = {"Labour", "Tories", "Tory", "Conservatives", "Lib Dems", "Lib Dem", "Liberal Democrats", "Democrats",
              "Republicans", "SNP", "Plaid Cymru", "Sinn Fein", "Ukip", "UKIP", "Greens", "GOP", "Premiership",
              "Premier League", "Bundesliga", "La Liga", "Serie A", "Ligue 1"}
_PLACE_HEADS = {
    "street", "avenue", "road", "river", "lake", "mountain", "mountains", "island", "islands", "county",
    "province", "valley", "bay", "sea", "ocean", "coast", "peninsula", "region", "district", "square", "bridge",
    "strait", "straits", "desert", "canyon", "falls", "harbour", "harbor", "airport", "boulevard",
}
_TITLE_AFTER = re.compile(r"\s+(?:Secretary|Minister|Ministry|Department|Secretariat|Spokesman|Spokeswoman)\b")
# Online platforms the model often takes for people ("on Twitter", "told Reuters").
_PLATFORMS = {"Twitter", "Facebook", "Instagram", "YouTube", "TikTok", "LinkedIn", "Snapchat", "Reddit", "WhatsApp",
              "Telegram", "Google", "Netflix", "Spotify", "Reuters", "Bloomberg"}
_PLACE_PREPOSITIONS = {"in", "near", "outside", "across", "throughout"}
_LOCATIVES = {"in", "at", "near", "outside", "from", "to", "into", "across", "around", "throughout"}
_SPORTS = re.compile(
    r"\b(?:soccer|football|cricket|tennis|golf|baseball|basketball|rugby(?: union| league)?|ice hockey|hockey|"
    r"athletics|cycling|boxing|motor racing|motorcycling|formula one|swimming|skiing|volleyball|handball|"
    r"nfl|nba|nhl|mlb|sailing|rowing|squash|badminton|snooker|darts)\b",
    re.I,
)
_SPORTS_SLUG = re.compile(r"\s*(?:" + _SPORTS.pattern + r")\s*(?:-|:|\u2013|\u2014)", re.I)
_SCORE = re.compile(r"\b\d{1,3}-\d{1,3}\b")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b")


@dataclass
class _M:
    """A mention being worked on."""

    start: int
    end: int
    form: str
    label: EntityType | None  # the model's type; None for mentions found by matching a known name
    caps: bool  # in an ALL-CAPS line (headline, table row): the model is unreliable there
    group: int = -1


@dataclass
class _Group:
    forms: dict[str, int] = field(default_factory=dict)  # form -> count
    place: str | None = None  # canonical gazetteer name


class _Text:
    """Line-level facts about the body that the rules need."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.starts: list[int] = [0]
        self.caps: list[bool] = []
        self.dateline: list[bool] = []
        lines = body.split("\n")
        pos = 0
        for i, line in enumerate(lines):
            if i:
                self.starts.append(pos)
            self.caps.append(is_caps_line(line))
            self.dateline.append(len(line.split()) <= 8 and bool(_DATE.search(line)))
            pos += len(line) + 1
        self.lower_words: set[str] = set()
        # a sports report: a wire slug ("SOCCER - ...", "Tennis: ...") or several scores near sports words
        self.sports = bool(_SPORTS_SLUG.match(body)) or (
            len(_SCORE.findall(body)) >= 3 and bool(_SPORTS.search(body[:400]))
        )

    def line(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def in_caps(self, pos: int) -> bool:
        return self.caps[self.line(pos)]

    def word_before(self, pos: int) -> str:
        m = re.search(r"(\S+)\s*$", self.body[max(0, pos - 40):pos])
        return m.group(1).lower() if m else ""


def build_entities(body: str, mentions: list[Mention]) -> list[Entity]:
    """The people, organisations and places of ``body`` from the model's ``mentions`` (character spans)."""
    text = _Text(body)
    ms = _repair(text, mentions)
    _add_gazetteer(text, ms)
    groups = _group(text, ms)
    _propagate(text, ms, groups)
    _full_names(text, ms, groups)
    types = _vote(text, ms, groups)
    return _emit(text, ms, groups, types)


# ---------------------------------------------------------------- spans


def _repair(text: _Text, mentions: list[Mention]) -> list[_M]:
    out: list[_M] = []
    for s, e, label in mentions:
        etype = _TYPES.get(label)
        if etype is None:
            continue
        if etype == "person":
            # "Yoon Suk" + " Yeol's": the model often stops before a possessive name-final word
            more = _POSSESSIVE_WORD.match(text.body, e)
            if more:
                e = more.end(1)
        pos = s
        parts = _split_span(text.body[s:e])
        if etype == "person":
            parts = [q for p in parts for q in _INNER_POSSESSIVE.split(p)]
        for part in parts:
            i = text.body.find(part, pos, e) if part else -1
            if i < 0:
                continue
            pos = i + len(part)
            span = _trim(text.body, i, i + len(part))
            if span is None or _junk(text, *span):
                continue
            ps, pe = span
            if etype == "person" and _CREDIT.match(text.body, pe):
                continue
            if etype == "person":
                ps = _untitled(text.body, ps, pe)
            out.append(_M(ps, pe, _form(text.body[ps:pe]), etype, text.in_caps(ps)))
    out.sort(key=lambda m: m.start)
    return _no_overlap(out)


# Cues that are part of a person's name as written ("Sir Alex Ferguson", "Lord Falconer", "King Charles").
_NAME_TITLES = {"sir", "dame", "lord", "lady", "baroness", "baron", "king", "queen", "prince", "princess", "pope",
                "st.", "sheikh", "imam", "rabbi", "rev", "reverend", "father"}
_LEADING_CUE = re.compile(r"([A-Za-z]+\.?)\s+(?=[A-Z])")


def _untitled(body: str, s: int, e: int) -> int:
    """Where a person's name starts once a leading honorific or job is cut ("Mr Blair", "Striker
    Nicolas Anelka", "Guitarist Brian May" -> "Blair", "Nicolas Anelka", "Brian May"): the same person
    is then one entity however the text introduces them, and "Mr Blair" joins "Tony Blair".  Titles
    that belong to the name as written stay ("Sir Alex Ferguson", "Lord Falconer")."""
    while True:
        m = _LEADING_CUE.match(body, s, e)
        if m is None or m.end() >= e:
            return s
        word = m.group(1).lower()
        if word in _NAME_TITLES or (word not in _PERSON_CUES and word.rstrip(".") not in _PERSON_CUES
                                    and word not in _JOB_WORDS):
            return s
        if word.capitalize() in GIVEN_NAMES and " " not in body[m.end():e].strip():
            return s  # "Dean Johnson": a given name, not the dean of a faculty
        s = m.end()


# Job words seen capitalised at the start of a sentence before a name ("Guitarist Brian May said").
_JOB_WORDS = {"guitarist", "drummer", "bassist", "rapper", "pianist", "violinist", "comedian", "presenter",
              "broadcaster", "novelist", "poet", "artist", "designer", "architect", "photographer", "journalist",
              "reporter", "editor", "columnist", "producer", "director", "actor", "actress", "singer", "star",
              "forward", "winger", "fullback", "full-back", "quarterback", "pitcher", "jockey", "boxer", "golfer",
              "sprinter", "runner", "swimmer", "cyclist", "skier", "player", "veteran", "teenager", "newcomer",
              "chef", "doctor", "nurse", "scientist", "researcher", "professor", "historian", "economist",
              "businessman", "businesswoman", "entrepreneur", "billionaire", "tycoon", "activist", "campaigner",
              "candidate", "nominee", "frontrunner", "front-runner", "incumbent", "challenger"}


# "Ministry of Trade, Industry and Energy": an institution named after a list of fields keeps its commas.
_LIST_OPEN = re.compile(
    r"\b(?:Ministry|Department|Minister|Secretary|Committee|Commission|Council|Office|Agency|Bureau|Institute|"
    r"Faculty|School|Centre|Center|Federation|Association|Society|Union)\s+(?:of|for)\s+(?:the\s+)?"
    r"[A-Z][\w'\u2019-]*$"
)
_LIST_REST = re.compile(r"^[A-Z][\w'\u2019-]*(?:,\s*[A-Z][\w'\u2019-]*)*,?\s+(?:and|&)\s+[A-Z]")


def _split_span(raw: str) -> list[str]:
    """``raw`` cut where a name stops (``_SPLIT``), except at the commas of a list inside a name."""
    parts: list[str] = []
    last = 0
    for m in _SPLIT.finditer(raw):
        if m.group().strip() == "," and _LIST_OPEN.search(raw, last, m.start()) and _LIST_REST.match(raw[m.end():]):
            continue
        parts.append(raw[last:m.start()])
        last = m.end()
    parts.append(raw[last:])
    return parts


def _trim(body: str, s: int, e: int) -> tuple[int, int] | None:
    """Cut leading/trailing words that are not part of a name (articles, numbers, possessives)."""
    toks = [(m.start() + s, m.end() + s) for m in _TOKEN.finditer(body[s:e])]
    while toks:
        word = body[toks[0][0]:toks[0][1]]
        if _NUMBERISH.match(word) or word[0].islower() or word in ("The", "A", "An"):
            toks.pop(0)
        else:
            break
    while toks:
        word = body[toks[-1][0]:toks[-1][1]]
        if _NUMBERISH.match(word) or (word[0].islower() and not _PARTICLE_NAME.match(word)) or word in (
            "'s", "\u2019s", "\u2018s", "'", "\u2019"
        ):
            toks.pop()
        else:
            break
    if not toks:
        return None
    s, e = toks[0][0], toks[-1][1]
    # the model may stop inside a hyphenated name ("Yoon Suk" of "Yoon Suk-yeol"): take the whole word
    tail = _HYPHEN_TAIL.match(body, e)
    if tail:
        e = tail.end()
    suffix = _ADJ_SUFFIX.search(body, s, e)
    if suffix:
        e = suffix.start()
    m = _POSSESSIVE.search(body[s:e])
    if m and m.start() > 0:
        e = s + m.start()
    return (s, e) if e > s else None


# Time zones and clock words the model takes for organisations ("10:00 GMT").
_NOT_NAMES = {"GMT", "BST", "UTC", "CET", "CEST", "EST", "EDT", "CST", "CDT", "PST", "PDT", "ET", "PT", "AM", "PM"}


def _junk(text: _Text, s: int, e: int) -> bool:
    form = text.body[s:e]
    if not any(ch.isupper() for ch in form) or form.rstrip(".") in _NOT_NAMES:
        return True
    # a lone word opening a line and followed by a colon is a label ("Attendance :"), not a name
    if " " not in form and (form.lower().rstrip(".") in _PERSON_CUES or _TITLE_AFTER.match(text.body, e)):
        return True  # a title ("Cpl"), or a word of one ("Defense" in "Defense Secretary")
    return " " not in form and text.body[e:e + 3].strip().startswith(":") and _opens_line(text, s)


def _opens_line(text: _Text, pos: int) -> bool:
    """Only spaces between the start of its line and ``pos`` (walks back over the spaces alone: a long
    line must not be rescanned for every mention)."""
    line_start = text.starts[text.line(pos)]
    i = pos - 1
    while i >= line_start and text.body[i].isspace():
        i -= 1
    return i < line_start


def _form(raw: str) -> str:
    return " ".join(raw.split())


def _no_overlap(ms: list[_M]) -> list[_M]:
    out: list[_M] = []
    for m in ms:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out


# ---------------------------------------------------------------- gazetteer and propagation


def _alternation(fs: Iterable[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(fs, key=lambda f: (-len(f), f)))


@lru_cache(maxsize=8)
def _exact_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.'\u2019-])(?:" + _alternation(forms) + r")(?![\w'\u2019-]|\.\w)")


@lru_cache(maxsize=8)
def _any_case_pattern(loose: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.'\u2019-])(?:" + _alternation(loose) + r")(?![\w'\u2019-])", re.I)


def _exact_hits(body: str, forms: Iterable[str]) -> list[tuple[int, int, str]]:
    """What ``_exact_pattern(forms).finditer(body)`` finds, without compiling a pattern.

    A text's own names are a new set of forms for every text, and compiling their alternation was a
    tenth of extraction's own time. ``str.find`` gives every place a form occurs; the alternation
    tries the longest form first, so at each place the longest one within word boundaries is the
    match, and a match hides those that start inside it (``tests/test_entities.py`` compares them).
    """
    longest: dict[int, str] = {}
    size = len(body)
    for form in forms:
        n = len(form)
        i = body.find(form)
        while i >= 0:
            j = i + n
            if (
                (i == 0 or not _joins(body[i - 1], "._'\u2019-"))
                and (j == size or not _joins(body[j], "_'\u2019-"))
                and not (j + 1 < size and body[j] == "." and _joins(body[j + 1], "_"))
                and len(longest.get(i, "")) < n
            ):
                longest[i] = form
            i = body.find(form, i + 1)
    hits, end = [], 0
    for i in sorted(longest):
        if i >= end:
            form = longest[i]
            end = i + len(form)
            hits.append((i, end, form))
    return hits


def _joins(ch: str, marks: str) -> bool:
    """``ch`` would continue a word: what ``\\w`` matches (``isalnum`` or ``_``), or one of ``marks``."""
    return ch.isalnum() or ch in marks


def _scan(
    text: _Text, forms: Iterable[str], ignore_case_ok: Iterable[str], fixed: bool = False
) -> list[tuple[int, int, str]]:
    """Occurrences of ``forms`` on word boundaries: exact case, or any case on ALL-CAPS lines.

    ``fixed``: the same forms for every text (the gazetteer's), so one compiled pattern serves them all."""
    forms = tuple(sorted(set(forms)))
    if not forms:
        return []
    if fixed:
        hits = [(m.start(), m.end(), m.group()) for m in _exact_pattern(forms).finditer(text.body)]
    else:
        hits = _exact_hits(text.body, forms)
    # the case-blind pattern only when there are capitals to read: compiling it is most of a scan's cost
    if any(text.caps):
        lowered = {f.lower(): f for f in sorted(set(ignore_case_ok))}
        any_case = _any_case_pattern(tuple(sorted(lowered))) if lowered else None
        if any_case is not None:
            for i, caps in enumerate(text.caps):
                if not caps:
                    continue
                s = text.starts[i]
                e = text.starts[i + 1] - 1 if i + 1 < len(text.starts) else len(text.body)
                for m in any_case.finditer(text.body, s, e):
                    hits.append((m.start(), m.end(), lowered[m.group().lower()]))
    return sorted(set(hits))


class _Cover:
    """Which stretches of the text are already mentions (sorted, non-overlapping): O(log n) look-ups."""

    def __init__(self, ms: list[_M]) -> None:
        self.starts = [m.start for m in ms]
        self.ends = [m.end for m in ms]

    def hit(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, s) - 1
        if i >= 0 and self.ends[i] > s:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < e


def _add_gazetteer(text: _Text, ms: list[_M]) -> None:
    """Countries and regions the model missed (tables, lists, headlines)."""
    new: list[_M] = []
    cover = _Cover(ms)
    for s, e, form in _scan(text, _GAZ_FORMS, _GAZ_LOOSE, fixed=True):
        if cover.hit(s, e):
            continue
        caps = text.in_caps(s)
        if not caps and _capitalised_neighbour(text.body, s, e):
            continue  # part of a longer name ("China Daily", "Mexico City")
        new.append(_M(s, e, form, "place", caps))
    ms.extend(new)
    ms.sort(key=lambda m: m.start)


_GAZ_FORMS = tuple(sorted(f for f in PLACES if f not in AMBIGUOUS))
_GAZ_LOOSE = tuple(f for f in _GAZ_FORMS if len(f) >= 4 and "." not in f and not f.isupper())


def _capitalised_neighbour(body: str, s: int, e: int) -> bool:
    after = re.match(r"[ \t]+([A-Z][a-z])", body[e:e + 4])
    before = re.search(r"([A-Z][a-z]*)[ \t]+$", body[max(0, s - 30):s])
    return bool(after) or (bool(before) and before.group(1) not in ("The", "In", "At", "From", "To", "And", "Of"))


def _propagate(text: _Text, ms: list[_M], groups: list[_Group]) -> None:
    """Other occurrences of names already known in this text are mentions of the same entities."""
    from spacy.lang.en.stop_words import STOP_WORDS

    known: dict[str, int] = {}
    for m in ms:
        if not m.caps and m.label is not None:
            known.setdefault(m.form, m.group)
    people = {m.group for m in ms if m.label == "person"}
    for gi in sorted(people):
        for f in list(groups[gi].forms):
            toks = f.split()
            if len(toks) >= 2 and toks[-1][0].isupper() and len(toks[-1]) >= 3:
                known.setdefault(toks[-1], gi)  # a person's surname alone
    forms = [f for f in known if f.lower() not in STOP_WORDS and len(f) >= 2]
    loose = {f for f in forms if len(f) >= 3 and not _ACRONYM.match(f)}
    cover = _Cover(ms)
    for s, e, form in _scan(text, forms, loose):
        if cover.hit(s, e):
            continue
        caps = text.in_caps(s)
        gi = known[form]
        if groups[gi].place and not caps and _capitalised_neighbour(text.body, s, e):
            continue  # "U.S. Open": a place's name inside a longer name
        ms.append(_M(s, e, text.body[s:e] if not caps else form, None, caps, gi))
        groups[gi].forms[form] = groups[gi].forms.get(form, 0) + 1
    ms.sort(key=lambda m: m.start)


def _full_names(text: _Text, ms: list[_M], groups: list[_Group]) -> None:
    """A person known only by a surname ("Cruz") whom the text also names in full where the model saw
    no name ("Texas Sen. Ted Cruz says"): the mentions written in full become the full name, which
    then names the entity (one page for Ted Cruz across briefings, not one for "Cruz").

    Only with a common given name (the gazetteer's) and one such name in the text: "Billy Bush" and
    "Jenna Bush" in one article leave "Bush" as it is."""
    people = {m.group for m in ms if m.label == "person"}
    by_group: dict[int, list[_M]] = defaultdict(list)
    for m in ms:
        by_group[m.group].append(m)
    body = text.body
    for gi in sorted(people):
        g = groups[gi]
        forms = [f for f, n in g.forms.items() if n > 0]
        if g.place or not forms or any(" " in f for f in forms):
            continue
        full: dict[str, list[_M]] = defaultdict(list)
        for m in by_group[gi]:
            if m.caps or " " in m.form:
                continue
            given = re.search(r"(?<![\w.'\u2019-])([A-Z][a-z]+) $", body[max(0, m.start - 21):m.start])
            if given and given.group(1) in GIVEN_NAMES:
                full[given.group(1)].append(m)
        if len(full) != 1:
            continue
        (given_name, written), = full.items()
        for m in written:
            m.start -= len(given_name) + 1
            _refile(groups, m, _form(body[m.start:m.end]), gi)


# ---------------------------------------------------------------- grouping


def _initials(form: str) -> str:
    return "".join(t[0] for t in form.replace("-", " ").split() if t[0].isupper() and t.lower() not in _CONNECTORS)


def _group(text: _Text, ms: list[_M]) -> list[_Group]:
    groups: list[_Group] = []
    by_key: dict[str, int] = {}
    by_lower: dict[str, str] = {}  # lower-cased key -> key: capitals join the name written in mixed case

    # full-case forms first, so that capitals join them
    for m in sorted(ms, key=lambda m: (m.caps, m.start)):
        key = _group_key(m.form, m.label, m.caps)
        if m.caps and key not in by_key:
            key = by_lower.get(key, key)
        if key not in by_key:
            by_key[key] = len(groups)
            by_lower.setdefault(key.lower(), key)
            groups.append(_Group(place=key[6:] if key.startswith("place:") else None))
        m.group = by_key[key]
        groups[m.group].forms[m.form] = groups[m.group].forms.get(m.form, 0) + 1

    _split_juxtaposed(text, ms, groups, by_key)

    # short forms -> full forms: surnames / given names of people, acronyms, shorter multi-word forms
    person_votes = defaultdict(float)
    for m in ms:
        if m.label == "person":
            person_votes[m.group] += 1
    # (forms still written: a juxtaposed span split above names nothing any more)
    longest = {gi: max((f for f, n in g.forms.items() if n > 0), key=lambda f: (len(f.split()), len(f)))
               for gi, g in enumerate(groups) if any(n > 0 for n in g.forms.values())}  # fmt: skip
    # candidates by first word, last word and initials: linear in the number of names, not quadratic
    by_first: dict[str, list[int]] = defaultdict(list)
    by_last: dict[str, list[int]] = defaultdict(list)
    by_initials: dict[str, list[int]] = defaultdict(list)
    for gj, long_ in longest.items():
        ltoks = long_.lower().split()
        if len(ltoks) >= 2:
            by_first[ltoks[0]].append(gj)
            by_last[ltoks[-1]].append(gj)
            by_initials[_initials(long_)].append(gj)
    target: dict[int, list[int]] = {}
    for gi, g in enumerate(groups):
        if gi not in longest:
            continue
        short = longest[gi]
        sl = short.lower().split()
        if g.place and g.place in _UNAMBIGUOUS_PLACES:
            continue
        cands: list[int] = []
        for gj in sorted(set(by_first.get(sl[0], [])) | set(by_last.get(sl[-1], []))):
            lower = longest[gj].lower().split()
            if gj == gi or len(lower) <= len(sl):
                continue
            edge = lower[: len(sl)] == sl or lower[-len(sl):] == sl
            compass = sl[0] in _COMPASS and lower[0] == sl[0] and groups[gj].place is not None
            if edge and (len(sl) >= 2 or person_votes[gj] > 0 or compass):
                cands.append(gj)
        if len(sl) == 1 and _ACRONYM.match(short):
            cands += [gj for gj in by_initials.get(short.replace(".", ""), []) if gj != gi and gj not in cands]
        if cands:
            target[gi] = cands
    # each mention of a short form joins the nearest preceding full form (else the first one after)
    firsts: dict[int, list[int]] = defaultdict(list)
    for m in ms:
        firsts[m.group].append(m.start)
    for starts in firsts.values():
        starts.sort()  # for bisection: a name mentioned thousands of times must not be rescanned per mention
    for m in ms:
        cands = target.get(m.group)
        if not cands:
            continue
        before = [(_last_before(firsts[c], m.start), c) for c in cands]
        best = max(before)
        if best[0] < 0:
            best = min((firsts[c][0], c) for c in cands)
        old = groups[m.group]
        _refile(groups, m, m.form, best[1])
        if old.place and not groups[m.group].place and person_votes[m.group] == 0:
            groups[m.group].place = old.place
    return groups


def _group_key(form: str, label: EntityType | None, caps: bool) -> str:
    """What files a mention with the others of its name: a place by its gazetteer name; a form in
    capitals in lower case (it then joins the same name written in mixed case)."""
    place = canonical_place(form) if (form not in AMBIGUOUS or label == "place") else None
    if place:
        return "place:" + place
    return form.lower() if caps else form


def _refile(groups: list[_Group], m: _M, form: str, group: int) -> None:
    """``m`` becomes a mention of ``group`` as ``form``; both groups keep count of the forms they hold."""
    groups[m.group].forms[m.form] -= 1
    m.form, m.group = form, group
    groups[group].forms[form] = groups[group].forms.get(form, 0) + 1


def _split_juxtaposed(text: _Text, ms: list[_M], groups: list[_Group], by_key: dict[str, int]) -> None:
    """A span that is a person's name beside another name, each of which the text also names on its
    own ("the Ted Cruz South Carolina victory party", "McLaren Fernando Alonso"): two mentions.  Kept
    whole, it would be the full form both names join, and Ted Cruz would be filed under South Carolina.
    Two names of other kinds side by side are often one name ("US Supreme Court", "Veterans Affairs
    Canada"), and a person's name can hold another's ("Dena Minning Grayson"): those stay whole."""
    body = text.body
    votes: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # group -> [person labels, other labels]
    for m in ms:
        if m.label is not None:
            votes[m.group][m.label != "person"] += 1

    def person(gi: int) -> bool:
        return votes[gi][0] > votes[gi][1]

    for m in list(ms):
        words = [(w.start(), w.end()) for w in _TOKEN.finditer(body, m.start, m.end)]
        if len(words) < 3 or m.caps or "\n" in body[m.start:m.end]:
            continue
        for k in range(1, len(words)):
            a_end, b_start = words[k - 1][1], words[k][0]
            a, b = _form(body[m.start:a_end]), _form(body[b_start:m.end])
            ga = by_key.get(_group_key(a, m.label, False))
            gb = by_key.get(_group_key(b, None, False))
            if ga is None or gb is None or m.group in (ga, gb) or ga == gb:
                continue
            if person(ga) == person(gb):
                continue
            name, other, og = (a, b, gb) if person(ga) else (b, a, ga)
            # the other name must never be taken for a person here, and look like a whole name: a place,
            # several words ("White House"), or the person's surname again ("Sebastian Vettel Vettel");
            # else it is likely the rest of the person's own name ("Juan Carlos" "Ferrero")
            if votes[og][0] or not (groups[og].place or " " in other or other == name.split()[-1]):
                continue
            ms.append(_M(b_start, m.end, b, None, False, gb))
            groups[gb].forms[b] = groups[gb].forms.get(b, 0) + 1
            m.end = a_end
            _refile(groups, m, a, ga)
            break
    ms.sort(key=lambda m: m.start)


def _last_before(starts: list[int], pos: int) -> int:
    """The greatest of the sorted ``starts`` below ``pos``, else -1."""
    i = bisect_left(starts, pos)
    return starts[i - 1] if i else -1


_UNAMBIGUOUS_PLACES = frozenset(PLACES[f] for f in PLACES if f not in AMBIGUOUS)
# "the North" for North Korea: a point of the compass alone is a short form, never a name of its own.
_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})
# Lower-case nouns right after a name that say what it names.
_AFTER_PLACE = re.compile(
    r"[ \t]+(?:region|province|oblast|krai|prefecture|county|district|territory|governorate|valley|basin|delta|"
    r"peninsula)\b"
)
_EXERCISE_HEADS = {"exercise", "exercises", "drill", "drills", "manoeuvres", "maneuvers", "wargame", "wargames"}
_AFTER_EXERCISE = re.compile(r"[ \t]+(?:exercises?|drills?|manoeuvres|maneuvers|war ?games)\b")
_AFTER_PRODUCT = re.compile(
    r"[ \t]+(?:chips?|memory|flash|processors?|semiconductors?|wafers?|modules?|drives?|panels?|displays?|sensors?)\b"
)
# "Center for Strategy", "Ministry of Health": an institution named after its field, whatever the last word.
_INSTITUTION = re.compile(
    r"\b(?:Center|Centre|Institute|Institution|University|College|Academy|School|Ministry|Department|Committee|"
    r"Commission|Council|Agency|Bureau|Office|Foundation|Fund|Association|Federation|Society|Union|League|Museum|"
    r"Library|Bank|Board|Court|Church|Party|Organisation|Organization|Corporation|Company|Secretariat)"
    r"\s+(?:for|of|on)\s+\S"
)
_COORDINATION = re.compile(r"(?:,|,? and|,? or)[ \t]+$")


# ---------------------------------------------------------------- types


def _vote(text: _Text, ms: list[_M], groups: list[_Group]) -> dict[int, EntityType | None]:
    """One type per entity; None drops it (a lone capitalised word the model took for a name)."""
    score: dict[int, dict[EntityType, float]] = defaultdict(lambda: dict.fromkeys(_ORDER, 0.0))
    size = {gi: max((len(f.split()) for f in g.forms), default=0) for gi, g in enumerate(groups)}
    members: dict[int, list[_M]] = defaultdict(list)
    for k, m in enumerate(ms):
        votes = score[m.group]
        members[m.group].append(m)
        if m.label is not None:
            # the full form's type is the model's best evidence: short forms are ambiguous out of context
            full = len(m.form.split()) == size[m.group]
            votes[m.label] += (1.0 if m.caps else 3.0) if full else (0.2 if m.caps else 0.3)
        if text.dateline[text.line(m.start)] and not text.body[text.starts[text.line(m.start)]:m.start].strip():
            votes["place"] += 4.0  # "CITY DATE" / "CITY , Country DATE" lines open with a place
        if _AFTER_PLACE.match(text.body, m.end):
            votes["place"] += 5.0  # "the Amur region"
        prev = text.word_before(m.start)
        if k:
            votes["place"] += _coordinated_place(text, ms[k - 1], m)
        if prev in _PERSON_CUES or prev.rstrip(".") in _PERSON_CUES:
            votes["person"] += 2.0
        elif prev in _PLACE_PREPOSITIONS:
            votes["place"] += 1.0
        if re.match(r",?\s+who\b", text.body[m.end:m.end + 6]):
            votes["person"] += 2.0
    out: dict[int, EntityType | None] = {}
    for gi, g in enumerate(groups):
        votes = score[gi]
        live = [f for f, n in g.forms.items() if n > 0] or list(g.forms)
        long_ = max(live, key=lambda f: (len(f.split()), len(f), f))
        if g.place:
            # a country's name outweighs the model's odd guesses (tables, headlines)
            votes["place"] += 5.0 + 2.0 * len(members[gi])
        elif long_ in WEAK_PLACES or long_.title() in WEAK_PLACES:
            votes["place"] += 3.0 + 2.0 * len(members[gi])
        head = long_.split()[-1].lower().rstrip(".")
        if g.place:
            pass  # the gazetteer knows better than head words ("West Bank")
        elif " " in long_ and (head in _ORG_HEADS or _INSTITUTION.search(long_)):
            votes["organization"] += 100.0
        elif (" " in long_ and head in _PLACE_HEADS) or (" " not in long_ and head.endswith("shire")):
            votes["place"] += 100.0
        elif 2 <= len(long_.split()) <= 4 and long_.split()[0] in GIVEN_NAMES and not g.place:
            votes["person"] += 1.0 + 3.0 * sum(1 for m in members[gi] if m.form == long_)
        if long_ in _PLATFORMS or long_ in _ORG_NAMES:
            votes["organization"] += 100.0
        if long_.replace(".", "").isupper():
            votes["person"] = -1.0  # an acronym is not a person's name
        etype = max(_ORDER, key=lambda t: (votes[t], -_ORDER.index(t)))
        if long_ in DEMONYMS or long_.title() in DEMONYMS:
            out[gi] = None  # "Briton", "Tajik": nationality words, not names
        elif not g.place and long_.lower() in _COMPASS:
            out[gi] = None  # "the North" with no North-something in the text to stand for
        elif not g.place and (head in _EXERCISE_HEADS or all(_AFTER_EXERCISE.match(text.body, m.end) for m in members[gi])):
            out[gi] = None  # "the Freedom Shield drills": the name of an exercise, not of a person or place
        elif not g.place and _ACRONYM.match(long_) and all(_AFTER_PRODUCT.match(text.body, m.end) for m in members[gi]):
            out[gi] = None  # "NAND chips": a kind of product named by an acronym, never the maker itself
        elif etype == "person" and size[gi] == 1 and len(members[gi]) == 1 and _sentence_initial(text, members[gi][0]):
            out[gi] = None
        elif size[gi] == 1 and not g.place and _common_word(text, long_):
            out[gi] = None  # "Men", "Schedule": a capitalised common word the text also writes in lower case
        elif not g.place and all(m.caps and not _table_row(text, m) for m in members[gi]):
            out[gi] = None  # a name seen only in a headline in capitals, nowhere in the text: the model guessed
        else:
            out[gi] = etype
    return out


def _coordinated_place(text: _Text, p: _M, m: _M) -> float:
    """Place evidence for "in Kyiv and Odesa": a name joined by "and"/"or" to a place (``p``) right before it."""
    if p.end > m.start or m.start - p.end > 6 or not _COORDINATION.match(text.body[p.end:m.start]):
        return 0.0
    if p.label != "place":
        return 0.0
    return 3.5 if text.word_before(p.start) in _PLACE_PREPOSITIONS else 2.0


def _common_word(text: _Text, form: str) -> bool:
    if not form.isalpha() or form.isupper():
        return False
    low = form.lower()
    if low not in text.lower_words:
        text.lower_words = text.lower_words or set(re.findall(r"(?<![\w'\u2019])[a-z]+", text.body))
    return low in text.lower_words


def _table_row(text: _Text, m: _M) -> bool:
    i = text.line(m.start)
    end = text.starts[i + 1] if i + 1 < len(text.starts) else len(text.body)
    return bool(re.search(r"\d", text.body[text.starts[i]:end]))


def _sentence_initial(text: _Text, m: _M) -> bool:
    before = text.body[max(0, m.start - 3):m.start].strip()
    return not before or before[-1] in ".!?\"\u201c:"


def _is_team(text: _Text, m: _M, g: _Group) -> bool:
    """A city/region named as a competitor in a sports report (not a country: national teams stay places)."""
    if not text.sports or (g.place and is_country(g.place)) or text.dateline[text.line(m.start)]:
        return False
    return text.word_before(m.start) not in _LOCATIVES


# ---------------------------------------------------------------- output


def _emit(text: _Text, ms: list[_M], groups: list[_Group], types: dict[int, EntityType | None]) -> list[Entity]:
    ents: dict[tuple[int, bool], Entity] = {}
    for m in ms:
        g = groups[m.group]
        etype = types[m.group]
        if etype is None:
            continue
        team = etype == "place" and _is_team(text, m, g)
        key = (m.group, team)
        ent = ents.get(key)
        if ent is None:
            ent = ents[key] = Entity(_name(g), "organization" if team else etype)
        ent.mentions.append((m.start, m.end))
    out: list[Entity] = []
    for (gi, _), ent in ents.items():
        forms = [f for f, n in groups[gi].forms.items() if n > 0]
        seen = {ent.name.lower()}
        aliases: list[str] = []
        for f in sorted(forms, key=lambda f: (f.isupper() and " " in f, f)):
            if f.lower() not in seen:
                seen.add(f.lower())
                aliases.append(f)
        ent.aliases = sorted(aliases)
        ent.mentions.sort()
        out.append(ent)
    out.sort(key=lambda x: (-len(x.mentions), x.mentions[0]))
    return out


def _name(g: _Group) -> str:
    """The canonical form: the gazetteer's name of a place, else the longest form written in mixed case."""
    if g.place:
        return g.place
    forms = [f for f, n in g.forms.items() if n > 0] or list(g.forms)
    mixed = [f for f in forms if not f.isupper() or len(f) <= 6] or forms
    return max(mixed, key=lambda f: (len(f.split()), g.forms.get(f, 0), len(f), f))

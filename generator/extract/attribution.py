"""Who said a quotation: cue verbs, the speaker phrase around them, and its resolution to a name.

Rule-based on purpose (spaCy's parser stays off for speed): news attribution is formulaic.  A cue
("said", "told", "according to", ", saying") sits right after the quote (``"...," Austin said``,
``"...," said Austin``) or before it (``Austin said: "..."``, ``Austin said the plan was "..."``).
The speaker phrase next to the cue is then resolved: a named mention to its entity's full name, a
surname to the full name named earlier, a pronoun to the person in focus, a description ("the
former US president") to the person whose title or apposition shares its words.  A quote with no
cue of its own continues the previous quote's speaker (split and multi-sentence quotes).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from generator.model import Entity

if TYPE_CHECKING:
    from generator.extract.quotes import QuoteSpan

# Reporting verbs and phrases (a general resource of English, not taken from any corpus).
_VERBS = ["say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds", "added", "adding", "write", "writes", "wrote", "written", "writing", "state", "states", "stated", "stating", "ask", "asks", "asked", "asking", "note", "notes", "noted", "noting", "explain", "explains", "explained", "explaining", "continue", "continues", "continued", "insist", "insists", "insisted", "insisting", "argue", "argues", "argued", "arguing", "claim", "claims", "claimed", "claiming", "declare", "declares", "declared", "declaring", "announce", "announces", "announced", "announcing", "warn", "warns", "warned", "warning", "reply", "replies", "replied", "replying", "respond", "responds", "responded", "responding", "recall", "recalls", "recalled", "recalling", "acknowledge", "acknowledges", "acknowledged", "acknowledging", "admit", "admits", "admitted", "admitting", "concede", "concedes", "conceded", "conceding", "confirm", "confirms", "confirmed", "suggest", "suggests", "suggested", "suggesting", "tweet", "tweets", "tweeted", "tweeting", "post", "posts", "posted", "remark", "remarks", "remarked", "observe", "observes", "observed", "conclude", "concludes", "concluded", "caution", "cautions", "cautioned", "stress", "stresses", "stressed", "emphasize", "emphasizes", "emphasized", "emphasise", "emphasises", "emphasised", "joke", "jokes", "joked", "quip", "quips", "quipped", "shout", "shouts", "shouted", "yell", "yells", "yelled", "exclaim", "exclaims", "exclaimed", "urge", "urges", "urged", "predict", "predicts", "predicted", "promise", "promises", "promised", "vow", "vows", "vowed", "pledge", "pledges", "pledged", "boast", "boasts", "boasted", "complain", "complains", "complained", "lament", "laments", "lamented", "counter", "counters", "countered", "maintain", "maintains", "maintained", "agree", "agrees", "agreed", "wonder", "wonders", "wondered", "muse", "muses", "mused", "testify", "testifies", "testified", "allege", "alleges", "alleged", "describe", "describes", "described", "describing", "call", "calls", "called", "calling", "report", "reports", "reported", "reporting", "recount", "recounts", "recounted", "reiterate", "reiterates", "reiterated", "insist", "assert", "asserts", "asserted", "contend", "contends", "contended", "point", "points", "pointed", "mention", "mentions", "mentioned", "reveal", "reveals", "revealed", "whisper", "whispered", "scream", "screamed", "chant", "chanted", "chanting", "cry", "cried", "demand", "demanded", "demanding", "question", "questioned", "tout", "touts", "touted", "charge", "charges", "charged", "retort", "retorted", "snap", "snapped", "proclaim", "proclaimed", "proclaiming", "elaborate", "elaborated", "elaborating", "caution", "advise", "advised", "thank", "thanked", "recommend", "recommended", "read", "reads"]
# Base and -s forms that are more often nouns ('the state', 'his remarks', 'in a tweet') are left out.
_AMBIGUOUS = {"state", "states", "note", "notes", "claim", "claims", "call", "calls", "report", "reports", "post",
              "posts", "tweet", "tweets", "point", "points", "question", "demand", "promise", "promises", "pledge",
              "pledges", "vow", "vows", "joke", "jokes", "counter", "counters", "charge", "charges", "cry", "thank",
              "remark", "remarks", "caution", "cautions", "muse", "muses", "urge", "stress", "stresses", "read",
              "reads", "snap", "retort", "quip", "quips", "chant", "tout", "touts", "reply", "lament", "laments",
              "boast", "boasts", "whisper", "scream", "shout", "shouts", "yell", "yells", "mention", "mentions",
              "recall", "recalls", "continue", "continues", "respond", "responds", "write", "add", "ask", "tell",
              "say", "describe", "predict", "warn", "agree", "wonder", "maintain", "suggest", "explain",
              "testify", "announce", "declare", "insist", "argue", "admit", "concede", "confirm", "observe",
              "conclude", "allege", "recount", "reiterate", "assert", "contend", "reveal", "advise", "recommend",
              "proclaim", "elaborate", "complain", "acknowledge", "exclaim", "emphasize", "emphasise", "urges",
              "describes", "reporting", "questioned", "charged", "written", "cried", "demanding", "warning"}
_MORE = ("believes", "believed", "thinks", "hopes", "hoped", "fears", "feared", "worries", "worried",
         "barked", "scoffed", "sniffed", "gushed", "fumed", "groused", "marveled", "marvelled", "interjected",
         "offered", "thundered", "huffed", "grumbled", "shot", "fired", "summed", "chimed", "shrugged", "opined",
         "teased", "bragged", "conceded", "stated", "insists", "quipped", "chanted", "wrapped", "declares",
         "tweeted", "posted", "wrote", "writes", "says", "tells", "adds", "asks", "explains", "argues", "notes")
_CUE_WORDS = (set(_VERBS) - _AMBIGUOUS) | set(_MORE) | {"say", "tell", "add", "ask", "write", "explain", "insist",
                                                          "argue", "warn", "agree", "admit", "confirm", "predict"}


_VERB_SET = set(_VERBS)


def _verb_context(body: str, pos: int, prv: str) -> bool:
    """A word that may be a noun ('remarks', 'notes') is a cue right after a pronoun or a closing quote."""
    return prv in _PRONOUNS or bool(re.search(r"[,!?][\"\u201d']+\s*$", body[max(0, pos - 6):pos]))


class _CueMatch:
    """A reporting cue found in the body (the interface of a regex match, with absolute offsets)."""

    __slots__ = ("_e", "_s", "_t")

    def __init__(self, s: int, e: int, t: str) -> None:
        self._s, self._e, self._t = s, e, t

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self) -> str:
        return self._t


def _trie_pattern(words: set[str]) -> str:
    """A regex alternation factored by prefix: the regex engine then tries a handful of branches per
    position instead of every word (a few hundred verbs), which keeps the cue scan cheap."""
    trie: dict[str, dict] = {}
    for w in sorted(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        optional = "" in node
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return ("(?:" + body + ")?") if optional else body

    return emit(trie)


_CUE_SCAN = re.compile(r"\b(?:" + _trie_pattern(_VERB_SET | set(_MORE) | {"according", "statement", "put"}) + r")\b",
                       re.I)
# 'add X to Y' (without a comma, a quote or 'that' first) is adding a thing to something, not speech
_ADD_TO = re.compile(r"(?!\s+that\b)(?:\s+[\w'\u2019\-]+){0,8}?\s+to\b(?![\w'\u2019\-]*\s+(?:reporters|journalists|"
                     r"the\s+press|lawmakers|the\s+crowd|the\s+audience))")
_PREV_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z]*$")
_NEXT_WORD = re.compile(r"[^A-Za-z]*([A-Za-z]+)")


def _find_cues(body: str) -> list[_CueMatch]:
    """Every reporting cue in ``body``, with the little context that tells a cue from a noun or a title."""
    out: list[_CueMatch] = []
    for m in _CUE_SCAN.finditer(body):
        word = m.group()
        w = word.lower()
        if word[0].isupper() and w != "according":
            continue  # 'Article Continued Below', 'Says Who': a capitalised cue is a title, not a report
        pm = _PREV_WORD.search(body, max(0, m.start() - 30), m.start())
        prv = pm.group(1).lower() if pm else ""
        nm = _NEXT_WORD.match(body, m.end(), m.end() + 30)
        nxt = nm.group(1).lower() if nm else ""
        if w == "according":
            if nxt == "to" and nm:
                out.append(_CueMatch(m.start(), nm.end(), "according to"))
        elif w == "statement":
            if prv == "a" and nxt == "from" and pm and nm:
                out.append(_CueMatch(pm.start(1), nm.end(), "a statement from"))
        elif w == "put":
            if nxt == "it" and nm:
                out.append(_CueMatch(m.start(), nm.end(), "put it"))
        elif prv != "to" and body[m.start() - 1:m.start()] != "-" and (
                w in _CUE_WORDS or (w in _VERB_SET and _verb_context(body, m.start(), prv))):
            if w.startswith("add") and _ADD_TO.match(body, m.end(), m.end() + 80):
                continue  # 'has added the plants to its list': adding a thing, not words
            if w.startswith("point") and nxt == "out" and nm:
                out.append(_CueMatch(m.start(), nm.end(), body[m.start():nm.end()]))
            else:
                out.append(_CueMatch(m.start(), m.end(), word))
    return out


_PRONOUNS = {"he", "she", "i", "we", "they", "it", "you"}
_PERSON_PRONOUNS = {"he", "she", "i"}
_DETS = {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those", "one", "another",
         "some", "several", "two", "three", "many", "most", "other", "both"}
# Words that sit between a speaker and the cue ("he also said", "Smith has long argued").
_FILLERS = {"however", "meanwhile", "though", "instead", "nonetheless", "nevertheless", "likewise", "also", "later", "then", "has", "have", "had", "would", "will", "could", "once", "previously", "recently",
            "repeatedly", "further", "again", "long", "earlier", "often", "still", "just", "simply", "is", "was",
            "were", "are", "be", "been", "being", "did", "does", "do", "not", "never", "publicly", "privately",
            "quickly", "flatly", "famously", "reportedly", "told", "only", "even", "too", "frequently", "first",
            "who", "which", "and", "since", "bluntly", "openly", "angrily", "proudly"}
# Honorifics and titles written before names (general English).
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "rev", "sen", "rep", "gov", "gen", "lt",
               "col", "capt", "sgt", "adm", "hon", "mx", "st"}
_TITLE_WORDS = {
    "president", "vice", "prime", "minister", "secretary", "senator", "sen", "representative", "rep", "governor",
    "gov", "mayor", "chancellor", "premier", "king", "queen", "prince", "princess", "pope", "judge", "justice",
    "general", "gen", "admiral", "colonel", "captain", "lieutenant", "sergeant", "commissioner", "chief",
    "director", "chairman", "chairwoman", "chair", "speaker", "leader", "ambassador", "attorney", "councillor",
    "councilor", "councilman", "councilwoman", "coach", "officer", "detective", "inspector", "superintendent",
    "constable", "deputy", "assistant", "associate", "executive", "ceo", "cfo", "founder", "co-founder",
    "professor", "prof", "dr", "spokesman", "spokeswoman", "spokesperson", "candidate", "nominee", "former",
    "acting", "interim", "defense", "defence", "foreign", "finance", "state", "health", "house",
    "senate", "federal", "national", "mp", "mpp", "mla", "senior", "trade", "treasury", "first", "lady",
    "congressman", "congresswoman", "delegate", "sheriff", "bishop", "cardinal", "rabbi", "imam", "reverend",
    "dean", "provost", "principal", "manager", "economist", "analyst", "editor", "host", "anchor",
}
_WORD = r"\w[\w'\u2019.\-]*"
_CAP_NAME = re.compile(r"[A-Z][\w'\u2019\-]*(?:\.[A-Z]?)?(?:\s+(?:(?:de|da|di|van|von|der|del|la|le|bin|al|el|ibn|of|for)\s+)?"
                       r"[A-Z][\w'\u2019\-]*\.?)*")


_CAP_NAME_END = re.compile(r"(?:^|[\s(])(" + _CAP_NAME.pattern + r")$")
_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
               "tonight", "night", "morning", "afternoon", "evening", "week", "month", "year", "weekend",
               "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
               "dec", "days", "weeks", "months", "years", "hours", "minutes", "moments", "decades", "day", "hour"}
# Words that join time words into an opening phrase ('Hours later,', 'Earlier this week,', 'On Tuesday,').
_TIME_GLUE = {"on", "in", "at", "by", "later", "earlier", "this", "that", "last", "next", "the", "a", "few",
              "two", "three", "several", "some", "early", "late", "same", "until", "since", "after", "before"}
# Words that end a clause but never a speaker phrase ('as if to say', 'what she had to say').
_NOT_SPEAKER = {"to", "but", "and", "or", "if", "as", "what", "why", "how", "when", "where", "that", "which", "of",
                "for", "with", "in", "on", "at", "by", "from", "about", "than", "so", "because", "while", "whether",
                "here", "there", "not", "would", "could", "should", "might", "can", "may", "must", "let", "lets",
                "let's", "the", "a", "an", "it's", "here's", "this", "these", "those"}
_OPENS = re.compile(r"(?:^\s*|[.!?\n][\"'\u201d\u2019)]*\s+)(?:(?:But|And|So|Yet|Still|Now|Then),?\s+)?"
                    r"(?:(?:[A-Z][\w\-]*\.?|the|a|an)\s+){0,4}$")
_AFTER_MARK = re.compile(r"\s*(?:[\u2018\u2019'`]{2}|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb])?")
_BEFORE_MARK = re.compile(r"(?:[\u2018\u2019'`]{2,3}|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb])\s*$")
_VERB_AFTER = re.compile(r"(?:\s+\w+ly)?\s+(?:has|had|is|was|have|[a-z]+ed)\b")
_GENDERED = re.compile(r"\b(he|him|his|she|her|hers)\b", re.I)
_DESC_PP = re.compile(r"(?:the|a|an|his|her|its|their)\s+(?:[\w'\u2019\-]+\s+){1,5}(?:of|for|at|with|from)\s+"
                      r"(?:the\s+)?$", re.I)
_PREPOSITIONS = {"of", "about", "for", "to", "with", "by", "from", "on", "in", "at", "against", "toward", "towards",
                 "like", "than", "over", "under", "between", "among"}
# Prepositions that open adverbial phrases and rarely attach to a speaker noun ('officials in the
# department' does, 'behind her back' does not).
_ADVERBIAL_PREPS = {"behind", "during", "after", "before", "into", "through", "across", "under", "over", "despite",
                    "amid", "toward", "towards", "near", "beside", "onto", "throughout"}
_SUBORDINATORS = {"after", "when", "as", "because", "while", "before", "since", "that", "if", "and", "but",
                  "although", "though", "once", "until", "where", "so"}
# Military ranks written before a name (not 'general': 'Attorney General' is a job, not a rank).
_RANKS = {"colonel", "lieutenant", "captain", "major", "sergeant", "corporal", "admiral", "commander", "commodore",
          "brigadier"}
# Title words that only qualify another ('former president', 'first minister'), never a role on their own.
_QUALIFIERS = {"former", "acting", "interim", "first", "senior", "state", "house", "national", "federal", "vice"}
_SENT_END = re.compile(r"[.!?](?=\s|$)")


@dataclass
class Attribution:
    speaker: str | None
    role: str | None
    cue: str | None
    continuation: bool = False
    guessed: bool = False  # from the context only (no cue, no previous quote): not evidence of speech


@dataclass
class _Named:
    start: int
    end: int
    name: str
    kind: str  # "person" | "organization"


class Attributor:
    """Attributes the quotes of one document (holds the document's indexes; no global state)."""

    def __init__(self, body: str, entities: list[Entity], spans: list[QuoteSpan]) -> None:
        self.body = body
        self.spans = spans
        self.span_starts = [sp.start for sp in spans]
        self.cues = _find_cues(body)
        self.cue_starts = [c.start() for c in self.cues]
        self.entities = [e for e in entities if e.type in ("person", "organization")]
        # a place is never the person a pronoun points to ('Seoul had asked ...; "...," he said')
        self.places = {form for e in entities if e.type == "place" for form in (e.name, *e.aliases)}
        named: list[_Named] = []
        for ent in self.entities:
            for s, e in ent.mentions:
                named.append(_Named(s, e, ent.name, ent.type))
        named.sort(key=lambda n: (n.start, -n.end))
        self.named = [n for n in named if not self._in_quote(n.start)]
        self.named_starts = [n.start for n in self.named]
        self.roles: dict[str, str] = {}
        for n in self.named:
            if n.kind == "person" and n.name not in self.roles:
                role = self._role_near(n.start, n.end)
                if role:
                    self.roles[n.name] = role
        self.results: list[Attribution] = []
        self.skipped: set[int] = set()  # spans that turned out not to be speech
        # surname -> [(position, 'First Surname')]: one scan of the body per surname, not per lookup
        self._name_index: dict[str, list[tuple[int, str]]] = {}
        self._full_names: dict[tuple[str, int], str | None] = {}
        self.person_names = {e.name for e in self.entities if e.type == "person"}
        self._surname_set: set[str] | None = None
        self.focus: list[tuple[int, str]] = []  # (position, person) in subject position, in text order
        self.gender: dict[str, str] = {}
        self._index_focus()

    def _index_focus(self) -> None:
        """People in subject position (before a cue verb, or opening a sentence), and the gender of the
        pronouns that follow them, so that 'he'/'she' can find their person."""
        body = self.body
        found: dict[int, tuple[str, bool]] = {}  # position -> (name, opens its sentence)
        for m in self.cues:
            if self._in_quote(m.start()) or _is_according(m.group().lower()):
                continue
            lo = self._sentence_start(m.start(), max(body.rfind("\n", 0, m.start()) + 1, m.start() - 250))
            spk = self._phrase_before(lo, m.start())
            if spk is None and re.search(r"[,!?][\"\u201d']+\s*$", body[max(0, m.start() - 6):m.start()]):
                spk = self._phrase_after(m.end(), min(len(body), m.end() + 120))  # '," said Ana Vieira'
            if spk and spk[2] in ("named", "name"):
                name = self._named_at(spk[0], spk[1]) if spk[2] == "named" else self._surname(
                    body[spk[0]:spk[1]].strip(" ,.;:"), spk[0])
                if name and not (spk[2] == "name" and name in self.places):
                    found[spk[0]] = (name, True)  # a speaker is what the text is about
                    if spk[2] == "name" and _looks_like_person(name):
                        self.person_names.add(name)
        for n in self.named:
            if n.start in found:
                continue
            if self._opens_sentence(n.start) or _VERB_AFTER.match(body, n.end):
                # the subject of a sentence ('Campbell has ...', 'Trudeau denied ...')
                found[n.start] = (n.name, True)
        self.focus = [(pos, name) for pos, (name, _) in sorted(found.items())]
        self.main_focus = {pos for pos, (_, main) in found.items() if main}
        self.focus_starts = [f[0] for f in self.focus]
        # gender: the pronouns in the rest of the subject's sentence, and one opening the next sentence
        # ('Laurin said she was fortunate because her pension ...', 'Garland spoke. He said ...')
        votes: dict[str, list[int]] = {}
        for pos, name in self.focus:
            _, p_end = self._para_bounds(pos)
            s_end = self._sentence_end(pos, p_end)
            nxt = re.match(r"\s*(he|she)\b", body[s_end:s_end + 6], re.I)
            stop = s_end + (nxt.end() if nxt else 0)
            for m in _GENDERED.finditer(body, pos, stop):
                if self._in_quote(m.start()):
                    continue
                v = votes.setdefault(name, [0, 0])
                v[0 if m.group(1).lower() in ("he", "him", "his") else 1] += 1
        for name, (male, female) in votes.items():
            if male >= 2 * female + 1:
                self.gender[name] = "m"
            elif female >= 2 * male + 1:
                self.gender[name] = "f"

    # ------------------------------------------------------------------ geometry

    def _in_quote(self, pos: int) -> bool:
        i = bisect_right(self.span_starts, pos) - 1
        return i >= 0 and pos < self.spans[i].end

    def _opens_sentence(self, pos: int) -> bool:
        """Is ``pos`` the start of a sentence, give or take a title ('Rep. Lucille Roybal Allard')?"""
        pre = self.body[max(0, pos - 40):pos]
        return pos < 3 or bool(_OPENS.search(pre))

    def _cues(self, lo: int, hi: int) -> list[_CueMatch]:
        """The cues that lie wholly inside ``body[lo:hi]``."""
        i = bisect_right(self.cue_starts, lo - 1)
        out: list[_CueMatch] = []
        while i < len(self.cues) and self.cues[i].start() < hi:
            if self.cues[i].end() <= hi:
                out.append(self.cues[i])
            i += 1
        return out

    def _para_bounds(self, pos: int) -> tuple[int, int]:
        s = self.body.rfind("\n", 0, pos) + 1
        e = self.body.find("\n", pos)
        return s, (len(self.body) if e < 0 else e)

    def _sentence_start(self, pos: int, floor: int) -> int:
        """Start of the sentence containing ``pos`` (not looking inside quotes), no earlier than ``floor``."""
        body = self.body
        for m in reversed(list(_SENT_END.finditer(body, floor, pos))):
            if not self._in_quote(m.start()) and not _abbrev_before(body, m.start()):
                return m.end()
        return floor

    def _sentence_end(self, pos: int, ceil: int) -> int:
        body = self.body
        for m in _SENT_END.finditer(body, pos, ceil):
            if not self._in_quote(m.start()) and not _abbrev_before(body, m.start()):
                return m.end()
        return ceil

    # ------------------------------------------------------------------ main

    def attribute(self, idx: int) -> Attribution:
        att = self._attribute(idx)
        self.results.append(att)
        return att

    def _attribute(self, idx: int) -> Attribution:
        span = self.spans[idx]
        body = self.body
        p_start, _ = self._para_bounds(span.start)
        _, p_end = self._para_bounds(span.end)
        # right context: after the closing mark up to the next quote or the end of the sentence
        m_after = _AFTER_MARK.match(body, span.end)
        r_from = min(m_after.end() if m_after else span.end, p_end)
        nxt = self.spans[idx + 1].start if idx + 1 < len(self.spans) else len(body)
        r_to = min(self._sentence_end(r_from, p_end), p_end, max(nxt - 1, r_from))
        # left context: from the sentence start (or the previous quote) to the opening mark
        j = idx - 1
        while j >= 0 and j in self.skipped:
            j -= 1  # a title in quotes ('his show, "The Apprentice," ...') does not cut the sentence
        prev_end = self.spans[j].end + 1 if j >= 0 else 0
        l_floor = max(p_start, prev_end if prev_end > p_start else p_start)
        l_from = self._sentence_start(span.start, l_floor)
        l_to = max(_mark_start(body, span.start, l_from), l_from)

        # strategies from the most to the least direct; one that finds a cue but no speaker lends its cue
        cue: str | None = None
        right = partial(self._from_right, r_from, r_to, span.start)
        left = partial(self._from_left, l_from, l_to, span.start)
        # a fragment quoted inside a sentence ('called him a "chicken" on Twitter') hangs on the cue
        # before it; a quote that ends its own clause (',"' '."') on the cue after it
        inside = not re.search(r"[,.!?;:\u2026\-]\W*$", body[span.start:span.end]) and bool(
            re.match(r"\s*[a-z]", body[r_from:r_from + 3]))
        # a fragment that closes its sentence ('would meet "whatever they require." Jones has ...') belongs
        # to the sentence it ends, not to the next one
        inside = inside or (bool(re.search(r"\.\W*$", body[span.start:span.end]))
                            and len(body[l_from:l_to].split()) >= 3
                            and bool(re.match(r"\s*[A-Z]", body[r_from:r_from + 3])))
        strategies = [left, right] if inside else [right, left]
        strategies += [partial(self._continuation, idx, p_start),
                       partial(self._from_previous_sentence, idx, p_start, span.start),
                       partial(self._from_context, p_start, span.start)]
        for attempt in strategies:
            att = attempt()
            if att is not None and att.speaker:
                if att.cue is None and cue is not None:
                    att.cue = cue
                return att
            if att is not None and cue is None:
                cue = att.cue
        return Attribution(None, None, cue)

    def _from_context(self, p_start: int, qpos: int) -> Attribution | None:
        """A quote with no cue anywhere near: the person the text is about, as a reader would take it --
        the subject of the latest sentence before it (in this or the previous paragraph) that has a
        person for subject ('Howell says she wants ...', 'She rhymed off a list ... for "..."')."""
        body = self.body
        lo = body.rfind("\n", 0, max(p_start - 1, 0))
        while lo > 0 and not body[body.rfind("\n", 0, lo) + 1:lo].strip():
            lo = body.rfind("\n", 0, lo - 1)
        lo = max(body.rfind("\n", 0, max(lo, 0)) + 1, qpos - 3000)  # bounded: huge one-line bodies exist
        ends = [m.end() for m in _SENT_END.finditer(body, lo, qpos)
                if not self._in_quote(m.start()) and not _abbrev_before(body, m.start())]
        starts = [lo] + [e for e in ends if e < qpos]
        for st in reversed(starts):
            st = st + (len(body[st:qpos]) - len(body[st:qpos].lstrip()))
            if st >= qpos or self._in_quote(st):
                continue
            sub = self._subject(st, min(qpos, st + 200))
            if sub is None:
                pm = re.match(r"(His|Her)\b", body[st:st + 4])
                sub = (st, st + len(pm.group(1)), "pron") if pm else None
            if sub is None or sub[2] == "desc":
                continue
            phrase = body[sub[0]:sub[1]].lower()
            if sub[2] == "pron" and phrase not in ("he", "she", "his", "her"):
                continue
            att = self._resolve((sub[0], sub[1], "pron") if phrase in ("his", "her") else sub, sub[0], "")
            name = att.speaker if phrase not in ("his", "her") else self._pronoun(
                "he" if phrase == "his" else "she", sub[0])
            if name and name not in self.places and (
                    name in self.person_names or name in self.gender or sub[2] == "name"):
                return Attribution(name, self.roles.get(name), None, continuation=True, guessed=True)
        name = self._focus_person(qpos, None, main_only=True, reach=qpos - lo)
        if name is None:
            return None
        return Attribution(name, self.roles.get(name), None, continuation=True, guessed=True)

    def _from_right(self, r_from: int, r_to: int, qpos: int) -> Attribution | None:
        body = self.body
        for m in self._cues(r_from, r_to):
            if m.start() - r_from > 200:
                break
            cs, ce = m.start(), m.end()
            cue = _cue_text(m.group())
            before = body[r_from:cs]
            if _is_according(cue) or _is_statement_from(cue):
                spk = self._phrase_after(ce, r_to)
                if spk:
                    return self._resolve(spk, qpos, cue)
                continue
            if cue.endswith("ing") and (re.fullmatch(r"[\s,]*", before) or re.match(
                    r"\s*(?:on|in|at|to|with|from|during)\b[^,.;:]*,\s*$", before)):
                # '..." adding that ...', '..." on Twitter, writing': the sentence's subject speaks (left)
                return None
            if re.fullmatch(r"[\s,;:\u2014\u2013-]*", before):
                # inverted: '," said Mr. Kirk, Republican of Illinois' (never '," told Reuters': the one told)
                spk = self._phrase_after(ce, r_to) if cue not in _TELL else None
                if spk:
                    return self._resolve(spk, qpos, cue)
                return None
            spk = self._phrase_before(r_from, cs)
            if (spk is None or spk[2] == "desc") and re.search(r",\s*$", before):
                # '"...," in sharp contrast to ..., says Dante Scala': inverted after an aside
                inv = self._phrase_after(ce, r_to)
                if inv and inv[2] in ("named", "name") and body[inv[0]:inv[1]].lower() not in _TIME_WORDS:
                    spk = inv
            if spk:
                return self._resolve(spk, qpos, cue)
            if len(before.split()) > 12:
                break
        return None

    def _from_left(self, l_from: int, l_to: int, qpos: int) -> Attribution | None:
        body = self.body
        text = body[l_from:l_to]
        for m in reversed(self._cues(l_from, l_to)):
            cs, ce = m.start(), m.end()
            cue = _cue_text(m.group())
            if _is_according(cue) or _is_statement_from(cue):
                spk = self._phrase_after(ce, l_to)
                if spk:
                    return self._resolve(spk, qpos, cue)
                continue
            after = body[ce:l_to]
            # 'said Smith: "...'  (inverted, the speaker between the cue and the quote); not after a form of
            # "tell", whose object is the one told ('she told BBC Radio 4's Today programme: "...')
            if (re.match(r"\s+[A-Z]", after) and re.search(r"[:,]\s*$", after) and len(after.split()) <= 8
                    and cue not in _TELL):
                spk = self._phrase_after(ce, l_to)
                if spk and spk[2] != "desc":
                    return self._resolve(spk, qpos, cue)
            if cue.lower().endswith("ing") and re.search(r",\s*$", body[l_from:cs]):
                # participle cue (", saying ..."): the speaker is the subject of the sentence, which may
                # start before a quoted phrase ('Holm voiced her "relief" on Twitter, writing "..."')
                spk = self._subject(l_from, cs) or self._subject(
                    self._sentence_start(l_from, self._para_bounds(l_from)[0]), cs)
            elif cue.lower().endswith("ing"):
                # 'X issued a statement Tuesday saying': still the subject, if the sentence has one
                sub = self._subject(l_from, cs)
                spk = sub if sub and sub[2] != "desc" else self._phrase_before(l_from, cs)
            elif re.search(r"\band\s+$", body[l_from:cs]):
                # 'De Blasio said the move was made by Bratton and said': the subject of both verbs
                sub = self._subject(l_from, cs)
                spk = sub if sub and sub[2] != "desc" else self._phrase_before(l_from, cs)
            else:
                spk = self._phrase_before(l_from, cs) or self._subject(l_from, cs)
            if spk:
                return self._resolve(spk, qpos, cue)
        # a speaker introduced with a colon: 'Smith: "...' (not 'X said: "...', whose cue found nobody above)
        m2 = re.search(r"([A-Z][\w'\u2019.\- ]{1,40}):\s*$", text)
        if m2 and m2.group(1).split()[-1].lower() not in _CUE_WORDS:
            spk = self._phrase_before(l_from, l_from + m2.end(1))
            if spk:
                return self._resolve(spk, qpos, ":")
        return None

    def _continuation(self, idx: int, p_start: int) -> Attribution | None:
        """A quote without a cue of its own continues the previous quote when nothing but its
        attribution and at most one paragraph break lie between them."""
        j = idx - 1
        while j >= 0 and j in self.skipped:
            j -= 1  # a title or scare quote in between does not interrupt the speaker
        if j < 0 or j >= len(self.results):
            return None
        prev = self.results[j]
        if prev.speaker is None:
            return None
        body = self.body
        gap = body[self.spans[j].end:self.spans[idx].start]
        paras = [g for g in gap.split("\n") if g.strip()]
        if len(paras) > 2 or len(gap) > 300:
            return None
        if len(paras) == 2 and re.search(r"\w", paras[-1]):
            return None  # the new paragraph has words before its quote: not a plain continuation
        return Attribution(prev.speaker, prev.role, prev.cue, continuation=True, guessed=prev.guessed)

    def _from_previous_sentence(self, idx: int, p_start: int, qpos: int) -> Attribution | None:
        """'Smith said. "...' or a paragraph that ends 'Smith said:' before a quoted paragraph."""
        body = self.body
        start = max(p_start, qpos - 3000)
        if p_start > 1 and not body[p_start:qpos].strip():
            start = max(body.rfind("\n", 0, p_start - 1) + 1, qpos - 3000)  # the paragraph before
        if idx > 0 and self.spans[idx - 1].end > start:
            return None
        cues = self._cues(start, qpos)
        if not cues:
            return None
        m = cues[-1]
        cs, ce = m.start(), m.end()
        cue = _cue_text(m.group())
        if len(body[ce:qpos].split()) > 12:
            return None
        if _is_according(cue):
            spk = self._phrase_after(ce, qpos)
        else:
            spk = self._phrase_before(self._sentence_start(cs, start), cs)
            if spk is None and cue not in _TELL:
                spk = self._phrase_after(ce, qpos)
        if spk:
            att = self._resolve(spk, qpos, cue)
            att.continuation = True
            return att
        return None

    # ------------------------------------------------------------------ speaker phrases

    def _phrase_before(self, lo: int, hi: int, depth: int = 0) -> tuple[int, int, str] | None:
        """The speaker phrase that ends just before a cue at ``hi`` (after ``lo``)."""
        body = self.body
        words = list(re.finditer(_WORD, body[lo:hi]))
        # drop fillers and times between the subject and the cue ('he also said', 'Beck on Wednesday called')
        while words and (words[-1].group().lower().strip(".") in _FILLERS
                         or (words[-1].group().endswith("ly") and words[-1].group().islower())
                         or (words[-1].group().lower().strip(".") in _TIME_WORDS
                             and words[-1].group() not in self._surnames())  # ('Brian May ... May said')
                         or (words[-1].group().lower() in ("on", "last", "this", "late", "early") and len(words) > 1)):
            words.pop()
        if not words:
            return None
        end = lo + words[-1].end()
        seg = body[lo:end]
        tail = body[end:hi]
        if depth == 0 and "," in tail:
            # 'Smith, D-Calif., the chief economist at the bank, said': the head before the appositives
            for app in [m.start() for m in re.finditer(",", seg)]:
                inner = self._phrase_before(lo, lo + app, depth + 1)
                if inner and re.fullmatch(r"\s+(?:earlier|later|ago|before|after|afterwards?|since|on)\s*",
                                          body[inner[1]:lo + app]):
                    continue  # 'Days earlier, Kim ...': a head with an adverb after it is an adverbial
                # the head must open the clause ('On Tuesday, Smith, the minister, said'), not be the
                # object of another verb ('Myers cited an idea from Clayton, ..., which suggests')
                if inner and inner[2] in ("named", "name", "pron") and _opens_clause(body[lo:inner[0]]):
                    return inner
        named = self._named_ending_near(lo, end)
        if named is not None:
            ind = re.search(r"\b(?:[Aa]n?|[Aa]nother|[Oo]ne)\s+(?:[\w\-]+\s+)?$", body[max(lo, named[0] - 30):named[0]])
            if ind:  # 'a New Hampshire Republican said': somebody unnamed, described
                return (named[0] - len(ind.group()), end, "desc")
            person = self._person_of(lo, named) if depth == 0 else None
            return person or named
        if len(words) >= 2 and words[-1].group().islower() and words[-1].group().endswith(("ed", "led")):
            # 'Ms. Sherry smiled and said': the subject of the verb coordinated with the cue
            named = self._named_ending_near(lo, lo + words[-2].end())
            if named is not None:
                return named
        last = words[-1].group()
        if last.lower() in _PRONOUNS:
            return (lo + words[-1].start(), end, "pron")
        if last.lower() in _NOT_SPEAKER:
            return None
        # a capitalised name the NER missed
        m = _CAP_NAME_END.search(seg)
        if m and re.search(r"\b(?:the|a|an|his|her|its|their)\s+$", seg[:m.start(1)], re.I):
            m = None  # 'the Kentucky Republican': a description with capitals, not a name
        if m and not _all_title(m.group(1)) and m.group(1).split()[0].lower() not in _NOT_SPEAKER | _TIME_WORDS:
            return (lo + m.start(1), lo + m.end(1), "name")
        # a description: 'the former US president', 'a spokesman for the department', 'officials'
        desc_words: list[re.Match[str]] = []
        for w in reversed(words):
            if re.search(r"[,;:()]", body[lo + w.end():(lo + desc_words[-1].start()) if desc_words else end]):
                break
            lw = w.group().lower()
            if lw in _NOT_SPEAKER and lw not in _DETS and not (
                    lw in ("of", "for") and desc_words and desc_words[-1].group()[:1].isupper()):
                break  # ('Chiefs of Staff', 'Minister for Trade' go on)
            desc_words.append(w)
            if w.group().lower() in _DETS or len(desc_words) >= 7:
                break
        if not desc_words:
            return None
        head = _CAP_NAME_END.search(body, lo, lo + desc_words[-1].start() - 2) \
            if body[lo + desc_words[-1].start() - 2:lo + desc_words[-1].start()] == ", " else None
        if head and depth == 0:
            # 'Nate Silver, the polling guru who founded the site, tweeted': the name, not the apposition
            inner = self._phrase_before(lo, head.end(1), depth + 1)
            if inner and inner[2] in ("named", "name"):
                return inner
        first = desc_words[-1].group().lower()
        if first not in _DETS and len(desc_words) > 2:
            return None  # not a noun phrase we can trust
        pw = re.search(r"(\w+)\W*$", body[lo:lo + desc_words[-1].start()])
        if pw and pw.group(1).lower() in _ADVERBIAL_PREPS:
            return None  # 'and then, behind her back, sniffed': an adverbial phrase, not the subject
        return (lo + desc_words[-1].start(), end, "desc")

    def _person_of(self, lo: int, org: tuple[int, int, str]) -> tuple[int, int, str] | None:
        """'Ana Ruiz of the Lisbon-based Tide Institute called it', 'Ana Ruiz, an analyst at Tide Capital,
        said': the organisation only places the person who speaks."""
        s = org[0]
        if self._named_kind(s, org[1]) != "organization":
            return None
        pm = re.search(r"(?:,\s+(?:(?:an?|the|its|their)\s+)?(?:[\w'\u2019\-]+\s+){0,4}?)?\b(?:of|at|for|from|with)"
                       r"\s+(?:the\s+)?(?:[\w\-]+\s+)?$", self.body[lo:s])
        if pm is None or pm.start() == 0:
            return None
        inner = self._phrase_before(lo, lo + pm.start(), 1)
        if inner is None or inner[2] not in ("named", "name"):
            return None
        if inner[2] == "named" and self._named_kind(inner[0], inner[1]) != "person":
            return None
        if inner[2] == "name" and (len(self.body[inner[0]:inner[1]].split()) < 2
                                   or self.body[inner[0]:inner[1]] in self.places):
            return None  # one capitalised word ('Analysts of Tide') is too weak to be a person
        return inner if _opens_clause(self.body[lo:inner[0]]) else None

    def _named_kind(self, s: int, e: int) -> str | None:
        kinds = [n.kind for n in self._named_from(s, e) if n.start < e]
        return "person" if "person" in kinds else (kinds[0] if kinds else None)

    def _phrase_after(self, lo: int, hi: int) -> tuple[int, int, str] | None:
        """The speaker phrase that starts just after a cue at ``lo`` (inverted order or 'according to')."""
        body = self.body
        m = re.match(r"[\s,]*", body[lo:hi])
        s = lo + (m.end() if m else 0)
        near = [n for n in self._named_from(s, min(hi, s + 80)) if n.start - s <= 60 and _plain_gap(body[s:n.start])]
        if near and re.match(r"(?:a|an|the|its|their)\s+(?:\w+\s+)?(?:statement|release|email|letter|memo|"
                             r"post|tweet|message|report|notice)\s+(?:from|by|of)\s+(?:the\s+)?$",
                             body[s:near[0].start], re.I):
            return (near[0].start, near[0].end, "named")  # 'said a statement from the Pilots Guild'
        if near and re.fullmatch(r"(?:a|an|another|one)\s+(?:[\w\-]+\s+)?", body[s:near[0].start], re.I):
            # 'added a New Hampshire Democrat', 'said a Twitter spokesman': somebody unnamed
            tail = re.match(r"(?:\s+[\w\-]+){0,2}?(?=\s*(?:[,.;:]|$|\s(?:who|in|on|at|to|after|said|told)\b))",
                            body[near[0].end:hi])
            return (s, near[0].end + (tail.end() if tail else 0), "desc")
        if near and _DESC_PP.match(body[s:near[0].start]):
            # 'says the 39-year-old founder of Studiocomix Press': a description, the name its complement
            return (s, near[0].end, "desc")
        if near:
            # 'said lead author Dr. Allan Garland', 'said Conservative Leader Andrew Scheer': the person
            best = next((n for n in near if n.kind == "person"), near[0])
            return (best.start, best.end, "named")
        seg = body[s:hi]
        if re.match(r"(?:that|if|whether|how|what)\b", seg):
            return None  # 'saying that ...': a clause follows, not a speaker
        w = re.match(r"(\w+)", seg)
        if w and w.group(1).lower() in _PRONOUNS:
            return (s, s + w.end(), "pron")
        m2 = re.match(_CAP_NAME.pattern, seg)
        if m2 and not _all_title(m2.group()) and not (
                re.fullmatch(r"[A-Z][a-z]+(?:an|ese|ish|i)", m2.group()) and re.match(r"\s+[a-z]", seg[m2.end():])):
            return (s, s + m2.end(), "name")  # (but 'Russian state media' is a description)
        m3 = re.match(r"((?:" + _WORD + r"\s+){0,6}?" + _WORD + r")(?=\s*(?:[,.;:]|\s(?:in|on|at|to|who|after|"
                      r"before|during|when|while|as|last|this|said)\b|$))", seg)
        if m3 and re.search(r"[^\W\d_]", m3.group(1)):
            return (s, s + m3.end(1), "desc")
        return None

    def _subject(self, lo: int, hi: int) -> tuple[int, int, str] | None:
        """The subject at the start of the sentence ``body[lo:hi]`` (participle cues)."""
        body = self.body
        seg = body[lo:hi]
        m = re.match(r"\s*(?:(?:But|And|So|Yet|However|Meanwhile|Still),?\s+)?", seg)
        s = lo + (m.end() if m else 0)
        # an opening phrase of time ('Hours later, Dorsan returned ...', 'On Tuesday, she ...')
        t = re.match(r"((?:[\w']+\s+){0,3}[\w']+),\s+", body[s:hi])
        opening = t.group(1).lower().split() if t else []
        if t and all(w in _TIME_WORDS or w in _TIME_GLUE for w in opening) and any(
                w in _TIME_WORDS or w in ("later", "earlier") for w in opening):
            s += t.end()
        if re.match(r"(?:on|in|at|of|for|with|from|by|to|about)\b", body[s:s + 6]):
            return None  # the left context starts after a quote, inside a phrase ('" on Twitter, writing')
        near = self._named_from(s, min(hi, s + 120))
        for k, n in enumerate(near):
            if n.start - s <= 40 and not re.search(r"[,;:]", body[s:n.start]):
                if n.kind == "organization":
                    # 'Pentagon spokesperson Colonel Ana Ruiz declined ... but said': the person, not her employer
                    nxt = next((m for m in near[k + 1:] if m.start >= n.end), None)
                    if nxt is not None and nxt.kind == "person" and _title_gap(body[n.end:nxt.start]):
                        return (nxt.start, nxt.end, "named")
                return (n.start, n.end, "named")
            break
        w = re.match(r"(\w+)", body[s:hi])
        if w and w.group(1).lower() in _PRONOUNS:
            return (s, s + w.end(), "pron")
        words = list(re.finditer(_WORD, body[s:min(hi, s + 120)]))
        if words and words[0].group().lower() in _DETS:
            for k in range(1, min(7, len(words) - 1)):
                nxt = words[k + 1].group().lower()
                if nxt in _FILLERS or nxt in _CUE_WORDS or nxt.endswith("ed"):
                    return (s, s + words[k].end(), "desc")
        return None

    def _surnames(self) -> set[str]:
        """The last names of the people named in full: 'May' is then Brian May, not the month."""
        got = self._surname_set
        if got is None:
            got = self._surname_set = {n.split()[-1] for n in self.person_names if " " in n}
        return got

    def _named_ending_near(self, lo: int, end: int) -> tuple[int, int, str] | None:
        i = bisect_right(self.named_starts, end) - 1
        while i >= 0 and self.named[i].start >= lo:
            n = self.named[i]
            if end - 3 <= n.end <= end + 1:
                return (n.start, n.end, "named")
            if n.end < end - 3:
                break
            i -= 1
        return None

    def _named_from(self, s: int, hi: int) -> list[_Named]:
        i = bisect_right(self.named_starts, s - 1)
        out: list[_Named] = []
        while i < len(self.named) and self.named[i].start < hi:
            out.append(self.named[i])
            i += 1
        return out

    # ------------------------------------------------------------------ resolution

    def _resolve(self, spk: tuple[int, int, str], qpos: int, cue: str) -> Attribution:
        s, e, kind = spk
        body = self.body
        phrase = body[s:e].strip(" ,.;:")
        name: str | None
        role: str | None = None
        if kind == "named":
            name = self._named_at(s, e) or phrase
        elif kind == "pron":
            # 'Schumer, he said, "..."': the pronoun is somebody else talking about the name before it
            topic = re.search(r"\S,\s*$", body[max(0, s - 4):s])
            other = self._named_ending_near(max(0, s - 60), s - len(topic.group()) + 1) if topic else None
            name = self._pronoun(phrase.lower(), min(s, qpos),
                                 exclude=self._named_at(other[0], other[1]) if other else None)
        elif kind == "name":
            name = self._surname(phrase, min(s, qpos))
        else:
            name = self._description(phrase, min(s, qpos))
        if name:
            role = self.roles.get(name)
            if kind in ("named", "name") and role is None:
                role = self._role_near(s, e)
        if _is_statement_from(cue):
            cue = "statement from"
        return Attribution(name, role, cue)

    def _named_at(self, s: int, e: int) -> str | None:
        best: _Named | None = None
        for n in self._named_from(s, e):
            if n.start < e and (best is None or (n.kind == "person" and best.kind != "person")):
                best = n
        return best.name if best else None

    def _recent_person(self, pos: int, exclude: str | None = None) -> str | None:
        i = bisect_right(self.named_starts, pos) - 1
        while i >= 0:
            if self.named[i].kind == "person" and self.named[i].end <= pos and self.named[i].name != exclude:
                return self.named[i].name
            i -= 1
        return None

    def _pronoun(self, pron: str, pos: int, exclude: str | None = None) -> str | None:
        if pron in _PERSON_PRONOUNS:
            want = {"he": "m", "she": "f"}.get(pron)
            # the person in focus: the latest subject of the right gender, else the latest person named
            found = self._focus_person(pos, want, main_only=True, exclude=exclude) or self._focus_person(
                pos, want, main_only=False, exclude=exclude)
            return found or self._recent_person(pos, exclude)
        # they / we / it: the latest organisation (or the latest speaker)
        i = bisect_right(self.named_starts, pos) - 1
        while i >= 0:
            if self.named[i].kind == "organization":
                return self.named[i].name
            i -= 1
        return next((a.speaker for a in reversed(self.results) if a.speaker), None)

    def _focus_person(self, pos: int, want: str | None, main_only: bool, reach: int = 2500,
                      exclude: str | None = None) -> str | None:
        """The latest person in subject position before ``pos`` (of the pronoun's gender, when known)."""
        i = bisect_right(self.focus_starts, pos) - 1
        while i >= 0 and pos - self.focus[i][0] < reach:
            p, name = self.focus[i]
            i -= 1
            if (main_only and p not in self.main_focus) or name == exclude:
                continue
            # an 'organisation' that he/she refers to is a person the NER mistyped
            known = name in self.person_names or name in self.gender
            if known and (want is None or self.gender.get(name, want) == want):
                return name
        return None

    def _surname(self, phrase: str, pos: int) -> str:
        """A capitalised name the NER missed: strip titles, then expand a surname to an earlier full name."""
        words = phrase.split()
        while len(words) > 1 and (words[0].lower().strip(".") in _HONORIFICS or words[0].lower() in _TITLE_WORDS):
            words = words[1:]
        bare = " ".join(words)
        for ent in self.entities:
            if ent.type == "person" and (ent.name == bare or bare in ent.aliases or ent.name.endswith(" " + bare)):
                return ent.name
        if len(words) == 1:
            # family name first ('Han' for 'Han Duck-soo'), or a first name used alone
            for ent in self.entities:
                if ent.type == "person" and ent.name.startswith(bare + " "):
                    return ent.name
        if len(words) == 1:
            # 'Nicholson' -> the 'Rob Nicholson' written last before this point
            key = (bare, pos)
            if key not in self._full_names:
                self._full_names[key] = self._first_full_name(bare, pos)
            full = self._full_names[key]
            if full:
                return full
        return bare

    def _first_full_name(self, bare: str, pos: int) -> str | None:
        if bare not in self._name_index:
            pattern = re.compile(r"\b([A-Z][\w'\u2019\-]+(?:\s+[A-Z]\.)?\s+" + re.escape(bare) + r")\b")
            self._name_index[bare] = [(m.start(), m.group(1)) for m in pattern.finditer(self.body)
                                      if m.group(1).split()[0].lower().strip(".") not in
                                      _HONORIFICS | _TITLE_WORDS | _DETS]
        found = self._name_index[bare]
        i = bisect_right(found, (pos, "")) - 1
        return found[i][1] if i >= 0 else None

    def _description(self, phrase: str, pos: int) -> str | None:
        """'the former US president' -> the person whose title shares the most words with it."""
        pm = re.match(r"(his|her|its|their)\s+(?:\w+\s+)?(statement|email|letter|tweet|post|website|memo|"
                      r"message|note|release|account|book|op-ed|column|blog)\b", phrase, re.I)
        if pm:  # 'her statement said' -> whoever 'her' is
            return self._pronoun({"his": "he", "her": "she", "its": "it", "their": "they"}[pm.group(1).lower()], pos)
        if re.match(r"(?:a|an|another|one)\s", phrase, re.I):
            return phrase  # somebody new and unnamed ('a New Hampshire Democrat'): as written
        if re.fullmatch(r"the\s+\d{1,3}-year-old(?:\s+[\w\-]+)?", phrase, re.I):
            # 'the 36-year-old said': the person the text is about just then, the latest in subject
            # position (not merely the latest named: a photo credit can sit in between)
            return self._focus_person(pos, None, main_only=False, reach=600) or phrase
        core = re.split(r"\s+(?:of|for|at|with|from|in|on|who|which|that)\s+", phrase, maxsplit=1)[0]
        words = [w for w in re.findall(r"[\w'\u2019\-]+", core.lower()) if w not in _DETS]
        if not words:
            return None
        head = words[-1]
        if head in _TITLE_WORDS or head.endswith(("man", "woman", "person", "er", "or", "ist", "ent")):
            best: tuple[int, int, str] | None = None
            for n in self.named:
                if n.kind != "person" or n.end > pos:
                    continue
                role = self.roles.get(n.name, "").lower()
                rw = set(re.findall(r"[\w'\u2019\-]+", role))
                if head not in rw:
                    continue
                score = len(rw & set(words))
                if best is None or (score, n.start) >= (best[0], best[1]):
                    best = (score, n.start, n.name)
            if best:
                return best[2]
        # an organisation described by its head noun: 'the department' -> 'Department of Defense'
        for n in reversed(self.named):
            if n.kind == "organization" and n.end <= pos and head in n.name.lower().split():
                return n.name
        return phrase  # as written: 'a Twitter spokesman', 'the joint statement'

    def _role_near(self, s: int, e: int) -> str | None:
        """A title written before the name ('US Defense Secretary Lloyd Austin') or an appositive after it
        ('Lloyd Austin, the US defense secretary,')."""
        body = self.body
        line_start = body.rfind("\n", 0, s) + 1
        before = body[max(line_start, s - 80):s]
        m = re.search(r"((?:[\w'\u2019.\-]+[ \t]+)+)$", before)
        if m:
            keep: list[str] = []
            for w in reversed(m.group(1).split()):
                lw = w.lower().rstrip(".")
                if w.endswith(".") and lw not in _HONORIFICS:
                    break  # the end of the previous sentence
                if lw in _TITLE_WORDS or lw in _HONORIFICS or (w[:1].isupper() and lw not in _DETS):
                    keep.insert(0, w)
                else:
                    break
            keep = [w for w in keep if w.lower().rstrip(".") not in _HONORIFICS]
            while keep and keep[0].lower() in _OPENERS:
                keep.pop(0)  # 'But US Treasury Under-Secretary ...': the sentence's first word, capitalised
            ranks = len(keep)
            while ranks and keep[ranks - 1].lower() in _RANKS:
                ranks -= 1
            if 0 < ranks < len(keep) and _names_a_job(keep[:ranks]):
                # 'Pentagon spokesperson Colonel Marisa Tanner': the rank is how she is addressed, the
                # job before it her role ('Colonel Ann Lee', 'Former Velm captain Ann Lee' keep theirs)
                keep = keep[:ranks]
            if _names_a_job(keep):
                return " ".join(keep)
        after = body[e:e + 120]
        m2 = re.match(r",\s+((?:the|a|an)\s+[^,.;\"\u201c\u201d]{3,80}?|[A-Z][^,.;\"\u201c\u201d]{3,60}?)\s*[,.;]", after)
        if m2:
            # 'Ann Lee, BBC Broadcast's futurologist told the website.': the apposition ends at its verb
            app = _APPOSITION_VERB.split(m2.group(1), maxsplit=1)[0]
            aw = set(re.findall(r"[\w\-]+", app.lower()))
            if app.split()[0].lower() in _PREPOSITIONS | _SUBORDINATORS | {"at", "who", "which", "whose"}:
                return None  # 'Martin Taylor, At first, ...' is not a title
            if aw & (_TITLE_WORDS - _QUALIFIERS) or re.search(r"\b\w+(?:man|woman|person|er|or|ist|ent)\b", app.lower()):
                return re.sub(r"^(?:the|a|an)\s+", "", app)
        return None


def _names_a_job(words: list[str]) -> bool:
    """Title words written before a name say what the person does ('US Defense Secretary'), not only
    how long ('former', 'acting', 'interim')."""
    return any(w.lower() in _TITLE_WORDS - {"former", "acting", "interim"} for w in words)


def _opens_clause(before: str) -> bool:
    """Does a subject that follows ``before`` open its clause ('On Tuesday, Smith, ...', 'after Smith, ...')
    rather than being the object of a preposition or a verb ('Of Carson, Levine, ...')?"""
    words = before.split()
    if not words:
        return True
    last = words[-1].lower().strip(",")
    if last in _PREPOSITIONS:
        return False
    while len(words) > 1 and words[-1].lower().strip(".") in _TITLE_WORDS | _HONORIFICS:
        words = words[:-1]
    if words[-1].endswith(",") and (words[0].lower() in _PREPOSITIONS | _SUBORDINATORS | {"during", "despite"}
                                    or (words[0].lower().endswith("ing") and words[0][:1].isupper())):
        return True  # after an opening phrase: 'Dashing into the hall, Senator Ana Ruiz, ...'
    words = before.split()
    return len(words) <= 3 or last in _SUBORDINATORS


def _mark_start(body: str, pos: int, floor: int) -> int:
    """Where the opening mark (and the space inside it) before ``pos`` starts."""
    m = _BEFORE_MARK.search(body, floor, pos)
    return m.start() if m else pos


def _looks_like_person(name: str) -> bool:
    return all(w[:1].isupper() for w in name.split()) and len(name.split()) <= 4 and not re.match(r"[A-Z]-", name)


def _title_gap(text: str) -> bool:
    """Only a few title words between an organisation and a person ('Pentagon spokesperson Colonel ')."""
    words = text.split()
    return 0 < len(words) <= 3 and all(
        w.lower().strip(".") in _TITLE_WORDS | _HONORIFICS or w.endswith(("man", "woman", "person")) for w in words)


def _plain_gap(text: str) -> bool:
    """No clause punctuation between a cue and a name ('said lead author Dr. Allan Garland' is plain)."""
    if re.search(r"[,;:]", text):
        return False
    return all(w.lower().rstrip(".") in _HONORIFICS or len(w) <= 2 for w in re.findall(r"\S+\.", text))


def _all_title(phrase: str) -> bool:
    words = [w.lower().strip(".") for w in phrase.split()]
    return all(w in _TITLE_WORDS or w in _HONORIFICS or w in _DETS or w in _PRONOUNS for w in words)


def _abbrev_before(body: str, i: int) -> bool:
    m = re.search(r"(\w+)$", body[max(0, i - 12):i])
    if not m:
        return False
    w = m.group(1)
    return w.lower() in _HONORIFICS or (len(w) == 1 and w.isupper()) or w in ("U.S", "Jr", "Sr", "No", "Inc", "Co")


# Words that open a sentence, capitalised there, before a title ("But Metropolitan Police Commissioner X").
_OPENERS = {"but", "and", "so", "yet", "however", "meanwhile", "still", "now", "then", "also", "earlier", "later",
            "today", "yesterday", "separately", "instead", "nonetheless", "indeed", "or"}


_APPOSITION_VERB = re.compile(r"\s+(?:told|tells|said|says|added|adds|explained|wrote|writes|warned|argued)\b")


# Forms of "tell": the name after one is the one told ("told Reuters"), never the speaker.
_TELL = frozenset({"tell", "tells", "told", "telling"})


def _cue_text(raw: str) -> str:
    return re.sub(r"\s+", " ", raw).lower()


def _is_according(cue: str) -> bool:
    return cue.startswith("according")


def _is_statement_from(cue: str) -> bool:
    return cue.startswith("a statement from")

"""Key facts and the summary: the sentences that carry the news.

Key facts are verbatim sentences of the body, in reading order.  First the sentences that are not
facts are set aside (photo captions, promo and byline leftovers, questions, quotes, fragments), then
the rest are ranked by where they stand (news puts the important things first), how much they share
with the article's recurring content words (what the story is about), and whether they carry the
who/what/when of a fact (names, numbers, days, an attribution).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from generator.model import Fact, Quote, Sentence

MAX_FACTS = 3

_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*|\d[\d,.]*")
_STOP_WORDS = """a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves said says say told one two new last year years mr mrs
ms dr it's that's he's she's they're we're i'm don't can't won't didn't doesn't isn't wasn't like get got make made
may might must us per cent percent"""
_STOP = frozenset(_STOP_WORDS.split())
_CAPTION_MARK = re.compile(
    r"\((?:pictured|left|right|centre|center|top|bottom|above|below|inset|seated|standing|front|back|second|third|"
    r"far|file photo|file)\b[^()]{0,40}\)",
    re.I,
)
# Photo captions written as sentences: they point at the picture or describe it in the present tense.
_CAPTION_TEXT = re.compile(
    r"\b(?:(?:this|these|the above|the below) (?:photo|photograph|picture|image|snap|selfie|shot|still|one|footage|"
    r"video|clip|handout)s?\b(?! (?:was|were|has|had|is|are) (?:taken|released|published|posted|shared))|pictured\b|"
    r"seen here|in the picture|in this picture|in the video above)"
    r"|^(?:[A-Z][\w'\u2019.-]+\s+){1,4}(?:looks on|celebrates|poses|smiles|waves|gestures|reacts|walks off|"
    r"arrives|leaves|stands|sits|holds up|shakes hands|applauds|is seen|are seen|is pictured|are pictured|"
    r"is joined|are joined|is shown|are shown)\b",
    re.I,
)
# A caption's label: "Retro: The original doll ...", "Freak coincidence: His brother ...".
_LABEL = re.compile(r"^[A-Z][\w'\u2019-]*(?:\s+[\w'\u2019-]+){0,3}:\s+[A-Z\"\u201c\u2018']")
_PROMO = re.compile(
    r"\b(?:click here|scroll down|sign up|subscribe|follow (?:us|@)|read more|watch the video|see the video|"
    r"newsletter|all rights reserved|copyright|share this|related:)\b",
    re.I,
)
_DAY = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|last (?:week|month|year|night)|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}|(?:19|20)\d{2})\b"
)
_ATTRIB = re.compile(r"\b(?:said|says|told|announced|confirmed|reported|according to|revealed|claimed|admitted)\b")
# Ranking: the lede always, then the best of the next few fact sentences (news puts the facts first;
# past the first four candidates a sentence only fills a gap).  Weights tuned on wire and tabloid news.
_WINDOW = 4
W = {"central": 0.5, "length": 0.4, "num": 0.15, "day": 0.1, "attrib": 0.3, "redund": 1.0}
_OPEN_QUOTE = re.compile(r"^[\"\u201c\u2018'\u2019]")
_FINAL_STOP = re.compile(r"[.!][\"'\u201d\u2019)]*$")


def key_facts(sentences: list[Sentence], quotes: list[Quote]) -> list[Fact]:
    """The ``MAX_FACTS`` best fact sentences, in reading order."""
    cands = [s for s in _unrepeated(sentences) if _is_fact(s, quotes)]
    if not cands:
        # nothing reads as a whole fact sentence (a text without final stops): the first long lines
        loose = [s for s in sentences if len(s.text.split()) >= 6 and not _OPEN_QUOTE.match(s.text)]
        return [Fact(s.text, s.start, s.end) for s in loose[:MAX_FACTS]]
    weights = _content_weights(sentences)
    scored = [(_score(k, s, weights), k, s) for k, s in enumerate(cands)]
    # greedy, each pick penalised by its overlap with the facts already picked (no repeated facts)
    chosen: list[tuple[float, int, Sentence]] = []
    seen: set[str] = set()
    pool = list(scored)
    while pool and len(chosen) < MAX_FACTS:
        pick = max(pool, key=lambda t: (_gain(t, seen), -t[1]))
        pool.remove(pick)
        chosen.append(pick)
        seen |= _content(pick[2].text)
    return [Fact(s.text, s.start, s.end) for _, _, s in sorted(chosen, key=lambda t: t[1])]


def _unrepeated(sentences: list[Sentence]) -> list[Sentence]:
    """Sentences that do not mostly repeat an earlier one (captions restate the text they illustrate)."""
    out: list[Sentence] = []
    earlier: list[frozenset[str]] = []
    for s in sentences:
        words = _content(s.text)
        # is any overlap with an earlier sentence big enough?  Compared in C (``map``, not a generator),
        # stopping at the first such sentence (a long text that repeats itself finds it early)
        if not words or not any(map((0.6 * len(words)).__le__, map(len, map(words.intersection, earlier)))):
            out.append(s)
        earlier.append(words)
    return out


def _gain(t: tuple[float, int, Sentence], seen: set[str]) -> float:
    words = _content(t[2].text)
    return t[0] - W["redund"] * (len(words & seen) / max(len(words), 1))


def summary(sentences: list[Sentence], facts: list[Fact]) -> str:
    """The lede: the first fact sentence, and the next one too when the first is short."""
    lede = [s for s in sentences if looks_like_prose(s)]
    if not lede:
        return facts[0].text if facts else (sentences[0].text if sentences else "")
    first = lede[0]
    if len(first.text.split()) < 15 and len(lede) > 1:
        return f"{first.text} {lede[1].text}"
    return first.text


def looks_like_prose(s: Sentence) -> bool:
    """A whole sentence of article prose (not a caption, heading, promo or quote)."""
    words = s.text.split()
    return (
        len(words) >= 6
        and bool(_FINAL_STOP.search(s.text))
        and not _CAPTION_MARK.search(s.text)
        and not _LABEL.match(s.text)
        and not _PROMO.search(s.text)
        and not _OPEN_QUOTE.match(s.text)
        and not s.text.isupper()
    )


def _is_fact(s: Sentence, quotes: list[Quote]) -> bool:
    text = s.text
    words = text.split()
    if len(words) < 6 or len(words) > 80:
        return False
    if not _FINAL_STOP.search(text):
        return False  # a caption, a heading or a cut-off fragment: facts are whole sentences
    if text.endswith("?") or _PROMO.search(text) or _CAPTION_MARK.search(text) or _LABEL.match(text):
        return False
    if _CAPTION_TEXT.search(text):
        return False
    if _OPEN_QUOTE.match(text):
        return False
    if text.count('"') % 2 or text.count("\u201c") != text.count("\u201d"):
        return False  # a quotation opened and not closed (or closed, opened before): it runs across sentences
    if sum(1 for w in words if w[:1].isupper()) > 0.7 * len(words) or text.isupper():
        return False  # a headline or a list of names
    quoted = sum(min(q.end, s.end) - max(q.start, s.start) for q in quotes if q.start < s.end and q.end > s.start)
    return quoted <= 0.4 * len(text)  # never repeat a quote as a fact


def _content_weights(sentences: list[Sentence]) -> dict[str, float]:
    """How much each content word is what the article is about: its frequency, damped."""
    counts: Counter[str] = Counter()
    for s in sentences:
        counts.update(_content(s.text))
    return {w: math.log1p(c - 1) for w, c in counts.items() if c > 1}


@lru_cache(maxsize=4096)
def _content(text: str) -> frozenset[str]:
    """The stemmed content words of ``text``; cached: the fact picker asks again for every candidate it weighs."""
    return frozenset(filter(None, map(_content_word, _WORD.findall(text))))


@lru_cache(maxsize=65536)
def _content_word(w: str) -> str:
    """The stem of word ``w``, or "" for a stop word or a short one (cached: the same words recur)."""
    lw = w.lower()
    return _stem(lw) if lw not in _STOP and len(w) > 2 else ""


def _stem(w: str) -> str:
    for suf in ("'s", "\u2019s", "ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def _score(k: int, s: Sentence, weights: dict[str, float]) -> float:
    """Rank of the ``k``-th fact sentence: lede first, then the window, then the rest in order."""
    if k == 0:
        return 100.0
    if k >= _WINDOW:
        return -float(k)
    words = _content(s.text)
    if not words:
        return 0.0
    # sorted: float sums in a fixed order, so ties break the same way on every run
    centrality = sum(weights.get(w, 0.0) for w in sorted(words)) / math.sqrt(len(words))
    length = min(len(s.text.split()), 30) / 30.0
    who_what = W["num"] * bool(re.search(r"\d", s.text)) + W["day"] * bool(_DAY.search(s.text))
    who_what += W["attrib"] * bool(_ATTRIB.search(s.text))
    return W["central"] * centrality + W["length"] * length + who_what

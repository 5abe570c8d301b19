"""Headline, publisher, date and authors: from the seed's own metadata, else from the text's evidence."""

from __future__ import annotations

import re

from generator.extract.facts import looks_like_prose
from generator.model import Cleaned, Document, Sentence


def title(doc: Document, cleaned: Cleaned, sentences: list[Sentence]) -> tuple[str, str]:
    """-> (title, "seed" | "generated")."""
    given = doc.meta.get("title") or cleaned.title
    if given:
        return str(given), "seed"
    lede = next((s.text for s in sentences if looks_like_prose(s)), None)
    lede = lede or (sentences[0].text if sentences else "")
    return (headline(lede) or doc.seed), "generated"


# Where a lede's main clause ends: an appositive or relative clause, an attribution, a dash.
_CLAUSE_END = re.compile(
    r"(?:,\s+(?:a move|which|who|whose|where|when|while|after|before|as|amid|despite|according to|in a|be it|"
    r"\w+ing\b|"
    r"the (?:\w+ )?(?:said|says|announced|reported)|(?:\w+ ){1,4}(?:said|says|told|announced|reported))\b"
    r"|\s+[\u2014\u2013-]{1,2}\s+|;|:\s)"
)
_WEAK_END = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or", "but", "as",
             "that", "its", "their", "his", "her", "is", "are", "was", "were", "has", "have", "had", "be", "will"}


_BREAK_BEFORE = {"of", "in", "on", "at", "by", "for", "with", "from", "after", "before", "during", "over", "into",
                 "and", "but", "because", "since", "while", "than", "as", "who", "which", "that", "when", "where"}


def headline(lede: str, max_words: int = 18) -> str:
    """A short headline from the lede: its main clause, cut at a phrase boundary when still long."""
    text = re.sub(r"\s+", " ", lede).strip()
    m = _CLAUSE_END.search(text)
    if m and len(text[: m.start()].split()) >= 4:
        text = text[: m.start()]
    text = re.sub(r"\s*,?\s+(?:police|officials|authorities|he|she|they|it) (?:said|say|says)\.?$", "", text)
    words = text.rstrip(" .!").split()
    if len(words) > max_words:
        # cut before the last preposition or conjunction that leaves a phrase of six words or more
        cut = next((i for i in range(max_words - 2, 5, -1) if words[i].lower() in _BREAK_BEFORE), max_words - 2)
        words = words[:cut]
    while len(words) > 4 and (words[-1].lower().strip(",;") in _WEAK_END or words[-1].endswith(",")):
        words.pop()
    out = " ".join(words).strip(" ,;:")
    if out.count("\"") % 2:
        out = out.replace("\"", "")
    return out[:1].upper() + out[1:]


def source(doc: Document, cleaned: Cleaned) -> str | None:
    return doc.meta.get("source") or cleaned.source


def published(doc: Document, cleaned: Cleaned) -> str | None:
    """ISO 8601 only as precise as the evidence: the seed's own metadata, else dateline/byline/copyright."""
    given = doc.meta.get("published")
    if not given and doc.format == "html" and "published" in doc.meta:
        return None  # the page's metadata states no date; a footer's copyright year is the site's, not the article's
    return str(given) if given else cleaned.published


def authors(doc: Document, cleaned: Cleaned) -> list[str]:
    return list(doc.meta.get("authors") or cleaned.authors)

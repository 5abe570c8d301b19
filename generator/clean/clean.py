"""Document -> Cleaned: decide which stretches are article text and which are boilerplate.

Works line by line on ``Document.text`` (from ``body_start``); a line is a paragraph (hard-wrapped
plain-text lines are joined back).  Whole lines are dropped (title line, promo lists, copyright,
bylines, date lines, photo captions with a credit, wire credits) and stretches are cut out of lines (a
dateline glued to the lede, an inline byline, "Scroll down for video", Markdown heading markers).  Every cut is reported as a ``Removed``
with offsets into ``Document.text``.  The rules only fire on shapes that article prose does not take,
because the same cleaner runs on text that is already clean (HTML extractions, CoNLL, quote corpora).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.clean.dates import find_date, merge_dates
from generator.model import Cleaned, Document, Removed

# Wire agencies written as an abbreviation in datelines; expanded so a dateline and a byline agree.
_AGENCY = {"AP": "Associated Press", "AFP": "Agence France-Presse", "UPI": "United Press International"}

_DASH = r"(?:--|-|\u2014|\u2013)"
# An ALL-CAPS place ("WASHINGTON", "NEW YORK", "ST. LOUIS"), optionally with a title-case region
# ("BEIRUT, Lebanon") and a date ("LONDON, Jan 5", "PARIS, March 3, 2023").
_PLACE_CAPS = r"[A-Z][A-Z.'\u2019-]+(?:[ /][A-Z][A-Z.'\u2019-]+){0,3}(?:,\s*[A-Z][a-z.]+(?: [A-Z][a-z.]+)?){0,2}"
_PLACE_TITLE = r"[A-Z][a-z.'\u2019-]+(?: [A-Z][a-z.'\u2019-]+){0,2}(?:,\s*[A-Z][a-z.]+(?: [A-Z][a-z.]+)?)?"
_DATE_BIT = r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)|(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)))?"
# "WASHINGTON (Reuters) -", "LONDON, Jan 5 (Reuters) -", "Atlanta (CNN) --", "(Bloomberg) --", "(CNN)".
_DATELINE_SRC = re.compile(
    rf"^(?:(?P<place>{_PLACE_CAPS}|{_PLACE_TITLE}){_DATE_BIT}\s*)?"
    rf"\((?P<source>[A-Z][A-Za-z&.'\u2019]*(?: [A-Z][A-Za-z&.'\u2019]*){{0,3}})\)(?:\s*{_DASH}\s*|(?=[A-Z0-9\"\u201c'\u2018]))"
)
# AP style without the agency: "WASHINGTON \u2014 ", "KYIV, Ukraine \u2014 ".
_DATELINE_BARE = re.compile(rf"^(?P<place>{_PLACE_CAPS}){_DATE_BIT}\s+(?:--|\u2014|\u2013)\s+(?=[A-Z0-9\"\u201c'\u2018])")
# A dateline line of its own (CoNLL: "LONDON 1996-08-30"): only its date is taken, the line stays,
# because the place in it is a named entity of the text.
_DATELINE_LINE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}\s+\d{4}-\d{2}-\d{2}\s*$")

_COPYRIGHT = re.compile(
    r"^\s*(?:(?:\u00a9|\(c\)|copyright)\s*(?:\u00a9|\(c\))?\s*(?P<year>\d{4})?(?:\s*[-\u2013]\s*\d{4})?\s*(?P<holder>[^\n]*)"
    r"|(?P<arr>.{0,80}\ball rights reserved\b.{0,40}))$",
    re.I,
)
# Headers of promo lists ("Most Read from Bloomberg", "Related stories"): the lines after them that
# look like headlines (no final punctuation) are promo too.
_PROMO_HEAD = re.compile(
    r"^\s*(?:most (?:read|popular|viewed)|read more|more from|more on this|related(?: stories| articles| coverage| news)?|"
    r"recommended(?: for you)?|you may also like|top stories|trending|editor'?s picks|also read|see also)\b[^.!?]*:?\s*$",
    re.I,
)
# One-line promos: "READ MORE: Some headline", "Sign up for our newsletter", "Follow us on Twitter".
_PROMO_LINE = re.compile(
    r"^\s*(?:(?:read more|related|see also|also read|watch|listen|recommended|more|click here)\s*:|"
    r"(?:sign up|subscribe)\b.{0,80}\b(?:newsletter|updates|alerts)|follow (?:us|@)|click here to\b|"
    r"share this (?:article|story)|advertisement\s*$|scroll down for (?:video|more))",
    re.I,
)
_SCROLL = re.compile(r"\s*\bScroll down for (?:video|more)\b\.?\s*", re.I)
# Bylines on a line of their own: "By Jane Doe", "By Jane Doe and John Roe, Associated Press".
_NAME = r"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|de|van|von|der|da|di|le|la|bin|al))*"
_BYLINE = re.compile(
    rf"^\s*By:?\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
    rf"(?:\s*(?:,|\||\u2014|-|/)\s*(?P<rest>[^\n]{{0,80}}))?\s*$"
)
# Daily Mail's inline byline block: "By . Jane Doe . PUBLISHED: . 11:03 EST, 12 March 2013 . | .
# UPDATED: . 11:04 EST, 12 March 2013 . " (dots stand for the line breaks of the original page).
_DM_BYLINE = re.compile(
    r"^\s*By\s*\.\s+(?P<names>[^.|]{2,80}?)\s*\.\s+"
    r"(?:(?:PUBLISHED|Published)\s*:\s*\.?\s*(?P<pub>[^|]{4,60}?)\s*\.?\s*\|\s*\.?\s*)?"
    r"(?:(?:UPDATED|Updated)\s*:\s*\.?\s*(?P<upd>[^.|]{4,60}?(?:\d{4}))\s*\.?\s*)?"
    r"(?:Last updated (?:at|on)\s+(?P<lu>[^.|]{4,60}?\d{4})\s*\.?\s*)?"
    r"(?:\s*\.\s+)*"
)
# A byline without "By": "Jane Doe, The Associated Press", "Jane Doe, Political Correspondent".
_BYLINE_NOBY = re.compile(rf"^\s*(?P<names>{_NAME}(?:\s+and\s+{_NAME})?),\s+(?P<rest>(?:The\s+)?[A-Z][\w .'\u2019-]{{2,50}})$")
# Photo captions as lines of their own end with a credit: "Photographer: Jane Doe/Agency", "(Jane Doe/CBC)".
_CAPTION_LINE = re.compile(
    r"(?:\b(?:Photographer|Photograph|Photo|Image|Picture|Credit|Illustration)s?\s*:\s*[^.!?]{2,80}"
    r"|\((?:Photo|Image|Picture|Credit)\b[^()]{0,80}\)"
    r"|\([A-Z][\w .'\u2019-]{1,40}/[A-Z][\w .'\u2019-]{1,40}\)"
    r"|/(?:Getty Images|AP Photo|AP|Reuters|AFP|EPA|Bloomberg|Shutterstock|Alamy|PA|Xinhua)\)?)\s*$"
)
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d]|(?:^|\s)[\u2018'][A-Z]")
_OPENS_QUOTE = re.compile(r"^[\"\u201c\u2018']")
_MD_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+")
# Wire credits at the end of a story: "(Reporting by Jane Doe; Editing by Tom Roe)".
_CREDITS = re.compile(
    r"^\s*\(?\s*(?:(?:Additional |Further )?reporting|Writing|Editing|Edited|Compiled|Research) by\b[^\n]{0,300}$",
    re.I,
)
_LAST_UPDATED = re.compile(r"^\s*(?:Last updated|Updated|Published)(?: at| on)?\s*:?\s*[^\n]{4,60}\d{4}\s*\.?\s*$", re.I)
_AGENCY_WORDS = re.compile(
    r"\b(?:Associated Press|Reuters|Bloomberg|AFP|Agence France-Presse|Press Association|PA|CNN|BBC|"
    r"Daily Mail|Mail ?Online|Staff|Reporter|Correspondent|Editor|Writer|News|Times|Post|Press|Wire)\b"
)
_JOB_WORDS = re.compile(r"\b(?:Reporter|Correspondent|Editor|Writer|Staff|Columnist|Producer|Journalist)\b", re.I)
_DESK_WORDS = re.compile(r"\s*\b(?:Reporters?|Correspondents?|Staff|Service|Desk|Team|Editors?|Writers?)\b", re.I)
_NOT_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
              "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
              "The", "This", "That", "Then", "Now", "Late", "Early", "Midday", "Noon", "Nightfall", "Dawn", "Mid"}
_TITLE_END = re.compile(r"[.!?:;,\"\u201d]\s*$")


@dataclass
class _Line:
    start: int
    end: int
    text: str


def clean(doc: Document) -> Cleaned:
    text = doc.text
    removed: list[Removed] = []
    out = Cleaned(body="")
    dates: list[str] = []
    lines = _lines(text, doc.body_start)
    # paragraphs of the body: lists of kept (start, end) pieces of one line
    paras: list[list[tuple[int, int]]] = []

    nonempty = [ln for ln in lines if ln.text.strip()]
    title_line = _title_line(doc, nonempty)
    md_title = doc.format == "md" and nonempty and _MD_HEADING.match(nonempty[0].text)
    if md_title:
        title_line = nonempty[0]  # Markdown's "# Headline" on the first line
        out.title = _squash(_MD_HEADING.sub("", title_line.text))
        removed.append(Removed(title_line.start, title_line.end, "title"))
    elif title_line is not None:
        out.title = _headline_text(_squash(title_line.text))
        if _QUOTE_MARK.search(title_line.text):
            title_line = None  # a headline quoting someone stays in the text: the quote is the story's
        else:
            removed.append(Removed(title_line.start, title_line.end, "title"))

    in_promo = False
    seen_article = False
    dateline_done = False
    prev_kept: _Line | None = None
    for n, ln in enumerate(nonempty):
        if ln is title_line:
            continue
        stripped = ln.text.strip()
        if doc.format == "md":
            stripped = re.sub(r"^[*_]+|[*_]+$", "", stripped).strip()  # an emphasised byline or date line
        m = _COPYRIGHT.match(stripped)
        if m and len(stripped.split()) <= 20:
            removed.append(Removed(ln.start, ln.end, "copyright"))
            year = m.group("year") or _year_in(stripped)
            if year:
                dates.append(year)
            holder = _holder(m.group("holder") or "")
            out.source = out.source or holder
            continue
        if _PROMO_HEAD.match(stripped) and len(stripped.split()) <= 6 and not re.search(r":\s*\S", stripped):
            removed.append(Removed(ln.start, ln.end, "promo headlines"))
            in_promo = True
            continue
        if in_promo:
            if _headline_like(stripped):
                removed.append(Removed(ln.start, ln.end, "promo headlines"))
                continue
            in_promo = False
        if _PROMO_LINE.match(stripped) and len(stripped.split()) <= 30:
            removed.append(Removed(ln.start, ln.end, "promo"))
            continue
        if _CAPTION_LINE.search(stripped) and len(stripped.split()) <= 60 and not _OPENS_QUOTE.match(stripped):
            removed.append(Removed(ln.start, ln.end, "caption"))
            continue
        if _CREDITS.match(stripped):
            removed.append(Removed(ln.start, ln.end, "credits"))
            continue
        if not seen_article:
            by = _BYLINE.match(stripped)
            if by and _is_byline(by):
                removed.append(Removed(ln.start, ln.end, "byline"))
                _take_byline(by.group("names"), by.group("rest") or "", out, dates)
                continue
            nb = _BYLINE_NOBY.match(stripped)
            if nb and n < 3 and len(stripped.split()) <= 10 and (_AGENCY_WORDS.search(nb.group("rest")) or _JOB_WORDS.search(nb.group("rest"))):
                removed.append(Removed(ln.start, ln.end, "byline"))
                _take_byline(nb.group("names"), nb.group("rest"), out, dates)
                continue
            if _LAST_UPDATED.match(stripped) or _date_line(stripped):
                removed.append(Removed(ln.start, ln.end, "date"))
                d = find_date(stripped)
                if d:
                    dates.append(d)
                continue
            if out.authors and _agency_line(stripped):
                removed.append(Removed(ln.start, ln.end, "byline"))
                out.source = out.source or _AGENCY.get(stripped, re.sub(r"^The ", "", stripped))
                continue
        if n < 4 and _DATELINE_LINE.match(stripped):
            d = find_date(stripped)
            if d:
                dates.append(d)
        start, end = ln.start, ln.end
        while start < end and text[start].isspace():
            start += 1
        h = _MD_HEADING.match(text, start, end) if doc.format == "md" else None
        if h:
            removed.append(Removed(start, h.end(), "markup"))
            start = h.end()
        if not dateline_done and len(paras) < 3:
            new_start = _cut_leads(text, start, end, removed, out, dates)
            dateline_done = new_start != start
            start = new_start
        pieces = _cut_inline(text, start, end, removed)
        if pieces and paras and prev_kept is not None and _wrapped(doc, text, prev_kept, ln):
            paras[-1].extend(pieces)  # a hard-wrapped line continues the paragraph above
        elif pieces:
            paras.append(pieces)
        if pieces:
            prev_kept = ln
            # the header (title, byline, date lines) ends at the first line of prose
            seen_article = seen_article or _prose_line(stripped)

    out.published = merge_dates(dates)
    out.body = "\n\n".join(" ".join(text[s:e].strip() for s, e in p) for p in paras)
    out.removed = _merge(sorted(removed, key=lambda r: (r.start, r.end)))
    return out


_CONTINUES = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or", "but", "as",
              "that", "its", "their", "his", "her", "is", "are", "was", "were", "has", "have", "had", "be", "will",
              "into", "than", "said", "says"}


def _wrapped(doc: Document, text: str, prev: _Line, ln: _Line) -> bool:
    """Is ``ln`` the continuation of a hard-wrapped paragraph whose previous line is ``prev``?"""
    if doc.format == "html" or text[prev.end:ln.start].count("\n") != 1:
        return False
    before, after = prev.text.rstrip(), ln.text.strip()
    if re.search(r"[.!?:;\"\u201d\u2019')\]]$", before) or not after:
        return False
    # a lower-case start continues a sentence, and no paragraph ends on "the" or "of"
    last = before.split()[-1] if before.split() else ""
    return after[0].islower() or last in _CONTINUES


def _prose_line(s: str) -> bool:
    return len(s.split()) >= 8 and bool(re.search(r"[.!?\"\u201d'\u2019]\s*$", s))


def _date_line(s: str) -> bool:
    """A line that only gives the date (and time) of publication: "March 6, 2023 9:14 PM UTC"."""
    d = find_date(s)
    if not d or d.startswith("--") or len(s.split()) > 10:
        return False
    rest = re.sub(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\d[\d:,.]*|\b(?:am|pm|a\.m|p\.m|"
                  r"gmt|utc|est|edt|pst|pdt|bst|cet|kst|jst|at|on|updated|published|posted|last|mon|tue|wed|thu|fri|sat|sun)"
                  r"[a-z]*\b|[+|,.:/()-]", " ", s)
    return not rest.strip()


def _agency_line(s: str) -> bool:
    """A line naming only the agency, under a byline ("Associated Press")."""
    return len(s.split()) <= 4 and bool(_AGENCY.get(s) or re.fullmatch(rf"(?:The )?(?:{_AGENCY_WORDS.pattern})", s))


def _headline_like(s: str) -> bool:
    """A promo-list entry: a Title-Case headline without a final full stop."""
    words = re.findall(r"[A-Za-z][\w'\u2019-]*", s)
    if not words or len(words) > 25 or re.search(r"[.!?\"\u201d]\s*$", s) or s.isupper():
        return False
    small = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as",
             "is", "are", "vs", "its", "it's", "into", "over", "up", "out"}
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in small)
    return caps >= 0.8 * len(words)


def _lines(text: str, pos: int) -> list[_Line]:
    out: list[_Line] = []
    for line in text[pos:].split("\n"):
        out.append(_Line(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _headline_text(line: str) -> str:
    """A headline without the full stop some wires end it with ('... on Israel.'), but not an
    abbreviation's ('U.S.', 'Inc.') nor an ellipsis."""
    m = re.search(r"(\S+)\.$", line)
    if m is None or line.endswith("..") or "." in m.group(1) or m.group(1) in _ABBREV_END:
        return line
    return line[:-1]


_ABBREV_END = {"Inc", "Co", "Corp", "Ltd", "Jr", "Sr", "St", "Bros", "Dr", "Mr", "Mrs", "Ms", "No", "vs"}


def _title_line(doc: Document, nonempty: list[_Line]) -> _Line | None:
    """A first line that reads as a headline: short, no final punctuation, more text after it."""
    if doc.format != "txt" or len(nonempty) < 2:
        return None
    first = nonempty[0].text.strip()
    words = first.split()
    nxt = nonempty[1].text.strip()
    # a line right before a dateline is the headline even when it ends with a full stop
    before_dateline = bool(_DATELINE_SRC.match(nxt) or _DATELINE_BARE.match(nxt)) and not first.endswith(('"', "\u201d"))
    if not 2 <= len(words) <= 20 or len(first) > 150 or (_TITLE_END.search(first) and not before_dateline):
        return None
    if first.isupper() and len(words) <= 4:
        return None  # a section label or a CoNLL-style dateline, not a headline
    if _DATELINE_SRC.match(first) or _DATELINE_BARE.match(first) or _DATELINE_LINE.match(first):
        return None
    if _PROMO_HEAD.match(first) or _PROMO_LINE.match(first) or _BYLINE.match(first) or _COPYRIGHT.match(first):
        return None
    if _BYLINE_NOBY.match(first) or (find_date(first) and len(words) <= 4):
        return None
    # the next line must be prose (or a dateline/byline) so the first one is not just a wrapped line
    if nxt[:1].islower():
        return None
    return nonempty[0]


def _cut_leads(text: str, start: int, end: int, removed: list[Removed], out: Cleaned, dates: list[str]) -> int:
    """Cut an inline byline and a dateline from the start of the first article paragraph."""
    line = text[start:end]
    m = _DM_BYLINE.match(line)
    if m and m.end() < len(line):
        cut = m.end()
        removed.append(Removed(start, start + cut, "byline"))
        _take_byline(m.group("names"), "", out, dates)
        for key in ("pub", "upd", "lu"):
            d = find_date(m.group(key) or "")
            if d:
                dates.append(d)
                break
        start += cut
        line = text[start:end]
    d = _DATELINE_SRC.match(line) or _DATELINE_BARE.match(line)
    # the text after a dateline is a sentence (not the rest of an ALL-CAPS headline such as CoNLL's)
    if d and len(line[d.end():].split()) >= 6:
        removed.append(Removed(start, start + d.end(), "dateline"))
        src = d.groupdict().get("source")
        if src:
            out.source = out.source or _AGENCY.get(src.strip(), src.strip())
        place = (d.group("place") or "").strip(" ,")
        out.place = out.place or (place or None)
        if d.group("date"):
            dd = find_date(d.group("date"))
            if dd:
                dates.append(dd)
        start += d.end()
    return start


def _cut_inline(text: str, start: int, end: int, removed: list[Removed]) -> list[tuple[int, int]]:
    """The pieces of a line left after cutting inline promos ("Scroll down for video")."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in _SCROLL.finditer(text, start, end):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        removed.append(Removed(s, e, "promo"))
        pos = m.end()
    if pos < end:
        pieces.append((pos, end))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def _is_byline(m: re.Match[str]) -> bool:
    """A "By ..." line is a byline when it names people (not "By Tuesday") and says nothing else."""
    names = m.group("names")
    first = names.split()[0].strip(".,")
    if not 1 <= len(names.split()) <= 12 or first in _NOT_NAMES:
        return False
    rest = (m.group("rest") or "").strip()
    if not rest:
        return True
    return len(rest.split()) <= 8 and bool(_AGENCY_WORDS.search(rest) or _JOB_WORDS.search(rest) or find_date(rest))


def _take_byline(names: str, rest: str, out: Cleaned, dates: list[str]) -> None:
    """Authors, and an agency or a date, from a byline."""
    parts: list[str] = []
    for i, chunk in enumerate(re.split(r"\s*,\s*", names)):
        for part in re.split(r"\s+(?:and|&)\s+", chunk):
            part = part.strip(" .,")
            if i > 0 and len(part.split()) == 1 and part not in _AGENCY:
                out.place = out.place or part  # "By Jane Doe, Dubai": a place, not a second author
            elif part:
                parts.append(part)
    for part in parts:
        if _AGENCY.get(part) or _AGENCY_WORDS.fullmatch(part):
            out.source = out.source or _AGENCY.get(part, part)
        elif _DESK_WORDS.search(part):
            # a desk, not a person ("Daily Mail Reporter", "Foreign Staff"): the publisher if it names one
            desk = _DESK_WORDS.sub("", part).strip()
            if desk and _AGENCY_WORDS.search(desk):
                out.source = out.source or desk
        else:
            name = part.title() if part.isupper() else part
            if name not in out.authors:
                out.authors.append(name)
    for bit in re.split(r"\s*[,|]\s*", rest):
        bit = bit.strip(" .")
        if not bit:
            continue
        d = find_date(bit)
        if d:
            dates.append(d)
        elif _AGENCY.get(bit) or (_AGENCY_WORDS.search(bit) and not _JOB_WORDS.search(bit) and len(bit.split()) <= 5):
            out.source = out.source or _AGENCY.get(bit, re.sub(r"^The ", "", bit))


def _holder(holder: str) -> str | None:
    holder = re.sub(r"\b(?:L\.P\.|Inc\.?|Ltd\.?|LLC|plc|All rights reserved\.?)", " ", holder, flags=re.I)
    holder = re.sub(r"\s+", " ", holder).strip(" .,;")
    return holder if holder and len(holder.split()) <= 6 and holder[0].isupper() else None


def _year_in(s: str) -> str | None:
    m = re.search(r"\b(19|20)\d{2}\b", s)
    return m.group(0) if m else None


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _merge(removed: list[Removed]) -> list[Removed]:
    out: list[Removed] = []
    for r in removed:
        if out and out[-1].reason == r.reason and out[-1].end + 1 >= r.start:
            out[-1].end = max(out[-1].end, r.end)
        else:
            out.append(Removed(r.start, r.end, r.reason))
    return out

"""What a saved web page says about itself: headline, publication date, authors, publisher, URL.

Pure functions over a parsed lxml tree.  Every field is chosen from the page's own evidence:

* title: the visible headline (``<h1>``, ``.entry-title``...) when it agrees with what the page's metadata
  calls its title (og:title, twitter:title, JSON-LD ``headline``, ``<title>``), else the best-agreed of
  those with the site name cut off ("Headline | Site", "Site: Headline");
* published: JSON-LD ``datePublished``, ``article:published_time`` and kin, elements marked as the date
  (``itemprop=datePublished``, a "date" class, ``<time>`` outside comments), the date in the page's URL or
  in the permalink its headline links to, the byline area under the headline, a lone date line, a wiki's
  revision statement ("This page was last edited on ..."); an update date only when the byline shows
  nothing else ("Updated March 9, 2024", or an unlabelled date there that the metadata's modification
  date or a marked date element confirms), or when the metadata knows no other.  Only as precise as the
  evidence: a URL ``/2023/01/`` gives ``"2023-01"``, never an invented day; a site's "Last updated:"
  label or a copyright year is not a publication date;
* authors: JSON-LD ``author`` persons, ``<meta name=author>`` and kin, ``rel=author`` / byline elements;
* source: og:site_name, the JSON-LD publisher, else the site's host name.
"""

from __future__ import annotations

import calendar
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement


@dataclass
class HtmlMeta:
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    url: str | None = None
    description: str | None = None
    # every form of the headline the page gives (for dropping it from the top of the body)
    title_forms: list[str] = field(default_factory=list)


def read_meta(tree: HtmlElement) -> HtmlMeta:
    """Metadata of a parsed page (``tree`` is only read, never changed)."""
    metas = _meta_tags(tree)
    ld = list(_json_ld(tree))
    articles = [o for o in ld if _is_article(o)]
    pages = [o for o in ld if any(t.endswith("page") for t in _types(o))]
    url = _page_url(tree, metas)
    sites = _site_names(metas, ld, url)
    title, headline, forms = _title(tree, metas, articles, sites)
    return HtmlMeta(
        title=title,
        published=_published(tree, metas, articles, pages, url, title, headline),
        authors=_authors(tree, metas, articles, sites),
        source=_source(metas, ld, url),
        url=url,
        description=_first(metas, "og:description", "description", "twitter:description"),
        title_forms=forms,
    )


# ---------------------------------------------------------------- text helpers


def tokens(s: str) -> list[str]:
    """Lower-cased word tokens with accents folded: what "the same words" means when comparing titles."""
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    return re.findall(r"\w+", s.lower())


def norm(s: str) -> str:
    return " ".join(tokens(s))


def _clean(s: str | None) -> str:
    if not s:
        return ""
    # JSON-LD and some meta tags carry HTML entities a second time ("&#038;", "&amp;#39;").
    s = html.unescape(html.unescape(s)) if "&" in s else s
    return " ".join(s.replace("\u00ad", "").split())


def _text(el: HtmlElement) -> str:
    return _clean(el.text_content())


# ---------------------------------------------------------------- raw evidence


def _meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased name / property / itemprop, in document order."""
    out: dict[str, list[str]] = {}
    for m in tree.iter("meta"):
        content = m.get("content")
        if content is None:
            content = m.get("value")
        content = _clean(content)
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (m.get(attr) or "").strip().lower()
            if key:
                out.setdefault(key, []).append(content)
    return out


def _first(metas: dict[str, list[str]], *keys: str) -> str | None:
    for k in keys:
        if metas.get(k):
            return metas[k][0]
    return None


def _json_ld(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page (nested ``@graph`` and lists flattened), in document order."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            # A common fault: a trailing comma or a stray semicolon; one repair, then give up.
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw.rstrip(";")), strict=False)
            except ValueError:
                continue
        yield from _flatten(data, 0)


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for x in data:
            yield from _flatten(x, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _flatten(graph, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _flatten(main, depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return [t.lower()]
    if isinstance(t, list):
        return [x.lower() for x in t if isinstance(x, str)]
    return []


_ARTICLE_TYPES = re.compile(r"(article|posting|report|review|recipe|howto|creativework|scholarly|newsletter)$")


def _is_article(obj: dict[str, Any]) -> bool:
    return any(_ARTICLE_TYPES.search(t) for t in _types(obj))


def _ld_str(v: Any) -> str:
    if isinstance(v, str):
        return _clean(v)
    if isinstance(v, list) and v and isinstance(v[0], str):
        return _clean(v[0])
    return ""


def _ld_names(v: Any) -> list[tuple[str, bool]]:
    """(name, is_person) for a JSON-LD author/publisher value (string, object or list of those)."""
    out: list[tuple[str, bool]] = []
    items = v if isinstance(v, list) else [v]
    for x in items[:20]:
        if isinstance(x, str):
            out.append((_clean(x), True))
        elif isinstance(x, dict):
            name = x.get("name")
            if isinstance(name, list):
                name = name[0] if name and isinstance(name[0], str) else None
            if isinstance(name, str):
                types = _types(x)
                out.append((_clean(name), not types or "person" in types))
    return [(n, p) for n, p in out if n]


# ---------------------------------------------------------------- URL and site


def _page_url(tree: HtmlElement, metas: dict[str, list[str]]) -> str | None:
    candidates: list[str] = []
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            candidates.append((link.get("href") or "").strip())
    candidates += metas.get("og:url", []) + metas.get("twitter:url", [])
    for c in candidates:
        if re.match(r"https?://[^/\s]+\.[^/\s]+", c):
            return c
    return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = re.sub(r"^(www\d?|m|amp|edition|mobile)\.", "", host)
    return host or None


def _site_names(metas: dict[str, list[str]], ld: list[dict[str, Any]], url: str | None) -> list[str]:
    names = [
        *metas.get("og:site_name", []),
        *metas.get("application-name", []),
        *metas.get("apple-mobile-web-app-title", []),
        *metas.get("twitter:site", []),
    ]
    for o in ld:
        types = _types(o)
        if "website" in types or "organization" in types or "newsmediaorganization" in types:
            names.append(_ld_str(o.get("name")))
        if _is_article(o):
            names += [n for n, _ in _ld_names(o.get("publisher"))]
    host = _host(url)
    if host:
        names.append(host)
    # Some pages put the headline in application-name: a site's name is short and is not the headline.
    titles = {norm(t) for t in metas.get("og:title", []) + metas.get("twitter:title", [])}
    out: list[str] = []
    for n in names:
        n = n.lstrip("@").strip()
        if n.startswith(("http://", "https://")):
            n = _host(n) or ""
        if n and len(n.split()) <= 6 and norm(n) not in titles and n not in out:
            out.append(n)
    return out


def _compact(s: str) -> str:
    return "".join(tokens(s))


def _is_site_name(segment: str, sites: list[str]) -> bool:
    """Does this title segment name the site ("Stack Overflow Blog" for stackoverflow.com, "CNN")?"""
    seg = _compact(segment)
    if not seg:
        return False
    for site in sites:
        s = _compact(site.split(".")[0] if "." in site and " " not in site else site)
        if not s:
            continue
        # "Stack Overflow Blog" for stackoverflow.com, "National Rail" for National Rail Enquiries; but
        # "Parallels Desktop 15 for Mac" is a headline on parallels.com, not the site's name
        if seg == s or (len(s) >= 4 and seg.startswith(s) and len(seg) - len(s) <= 8):
            return True
        if len(seg) >= 4 and s.startswith(seg):
            return True
        if len(s) >= 5 and s in seg and len(seg) <= len(s) + 10:
            return True
    return False


def _source(metas: dict[str, list[str]], ld: list[dict[str, Any]], url: str | None) -> str | None:
    site = _first(metas, "og:site_name", "application-name")
    if site and site.startswith(("http://", "https://")):
        site = _host(site)
    titles = {norm(t) for t in metas.get("og:title", []) + metas.get("twitter:title", [])}
    if site and len(site) <= 80 and norm(site) not in titles:
        return site
    for o in ld:
        if _is_article(o):
            for name, _ in _ld_names(o.get("publisher")):
                if len(name) <= 80:
                    return name
    return _host(url)


# ---------------------------------------------------------------- title

# Separators between a headline and the site or section name.
_SEP = re.compile(r"\s+[|\u2013\u2014\u00b7\u2022\u00bb:/-]{1,2}\s+|\s*[|\u00bb\u2022]\s*|:\s+")


def _variants(s: str) -> list[str]:
    """``s`` and the forms left after cutting leading or trailing segments at separators."""
    return [form for form, _ in _cuts(s)]


def _cuts(s: str) -> list[tuple[str, str]]:
    """(form, the segment cut off to get it): ``s`` itself first, with nothing cut."""
    out = [(s, "")]
    for m in _SEP.finditer(s):
        head, tail = s[: m.start()].strip(), s[m.end() :].strip()
        for part, cut in ((head, tail), (tail, head)):
            if part and all(part != f for f, _ in out):
                out.append((part, cut))
    return out


def _strip_site(s: str, sites: list[str]) -> str:
    """Cut site-name segments off either end: "Headline | Site" -> "Headline", "Site: Headline" -> "Headline"."""
    changed = True
    while changed:
        changed = False
        ms = list(_SEP.finditer(s))
        if not ms:
            break
        last, first = ms[-1], ms[0]
        tail, head = s[last.end() :].strip(), s[: first.start()].strip()
        if tail and _is_site_name(tail, sites) and s[: last.start()].strip():
            s, changed = s[: last.start()].strip(), True
        elif head and _is_site_name(head, sites) and s[first.end() :].strip():
            s, changed = s[first.end() :].strip(), True
        elif not tail:
            s, changed = s[: last.start()].strip(), True  # "Site -" with nothing after the separator
    return s.strip()


def _head_title(tree: HtmlElement) -> str:
    for t in tree.iter("title"):
        # <title> inside inline SVG icons names the icon, not the page
        if any(a.tag == "svg" for a in t.iterancestors()):
            continue
        return _text(t)
    return ""


_HEADLINE_CLASS = re.compile(r"headline|(?:entry|post|article|story|page|blog)[-_]?title|^title$", re.I)


def _visible_headlines(tree: HtmlElement) -> dict[str, HtmlElement]:
    """Headline-like elements by their text: ``<h1>``, then h2-h3 marked as a headline or title."""
    out: dict[str, HtmlElement] = {}
    marked: dict[str, HtmlElement] = {}
    for el in tree.iter("h1", "h2", "h3"):
        if el.tag != "h1":
            marks = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"))))
            if not any(_HEADLINE_CLASS.search(w) for w in marks.split()):
                continue
        text = _text(el)
        target = out if el.tag == "h1" else marked
        if text and len(text) <= 300 and text not in out and text not in marked:
            target[text] = el
        if len(out) + len(marked) >= 12:
            break
    for el in tree.xpath('//*[@itemprop="headline"][not(self::meta)]')[:3]:
        text = _text(el)
        if text and len(text) <= 300 and text not in out and text not in marked:
            marked[text] = el
    # <h1> first: a marked <h2> is more often a teaser or a widget's title than the page's headline
    out.update(marked)
    return out


def _containment(a: list[str], b: list[str]) -> float:
    """Share of the shorter token list found in the longer one (multiset)."""
    if not a or not b:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    pool: dict[str, int] = {}
    for t in long_:
        pool[t] = pool.get(t, 0) + 1
    hit = 0
    for t in short:
        if pool.get(t, 0) > 0:
            pool[t] -= 1
            hit += 1
    return hit / len(short)


def _title(
    tree: HtmlElement, metas: dict[str, list[str]], articles: list[dict[str, Any]], sites: list[str]
) -> tuple[str | None, HtmlElement | None, list[str]]:
    """-> (title, the visible headline element it came from or None, every title form seen)."""
    declared: list[str] = []  # what the metadata calls the page, most trusted first
    for o in articles:
        declared.append(_ld_str(o.get("headline")))
    declared += metas.get("og:title", []) + metas.get("twitter:title", [])
    declared += metas.get("title", []) + metas.get("dc.title", []) + metas.get("parsely-title", [])
    declared.append(_head_title(tree))
    for o in articles:
        declared.append(_ld_str(o.get("name")))
    # a separator left dangling by a template with an empty part ("Site -", "| Headline")
    declared = [re.sub(r"^\s*[-|:\u2013\u2014\u00b7\u2022\u00bb]+\s+|\s+[-|:\u2013\u2014\u00b7\u2022\u00bb]+\s*$", "", d) for d in declared]
    declared = [d for d in dict.fromkeys(declared) if d and len(d) <= 400]
    cores = [c for c in dict.fromkeys(_strip_site(d, sites) for d in declared) if c and not _is_site_name(c, sites)]
    elements = _visible_headlines(tree)
    visible = [v for v in elements if not _is_site_name(v, sites)]
    forms = list(dict.fromkeys([*visible, *declared, *cores]))

    core_vars = {norm(v): v for c in [*declared, *cores] for v in _variants(c)}
    core_vars.pop("", None)
    # 1. A visible headline that some metadata title states word for word (or a form of it, without a
    #    section or site segment) is the headline as the reader sees it.
    for v in visible:
        for form, cut in _cuts(v):
            # only a site or section label may be cut ("Local News | Headline"), not half a headline
            if norm(form) in core_vars and (not cut or _is_site_name(cut, sites) or len(cut.split()) <= 3):
                return form, elements[v], forms
    # 2. Else a visible headline that shares most of its words with a metadata title: the editor's
    #    headline on the page is preferred over the shorter social-media one.
    best: tuple[float, int, str] | None = None
    for i, v in enumerate(visible):
        tv = tokens(v)
        for c in cores:
            tc = tokens(c)
            shared = _containment(tv, tc)
            n_shared = round(shared * min(len(tv), len(tc)))
            if shared >= 0.6 and n_shared >= 2 and (best is None or (shared, -i) > (best[0], best[1])):
                best = (shared, -i, v)
    if best:
        return best[2], elements[best[2]], forms
    # 3. Else the metadata title the others agree with most (JSON-LD headline and og:title first).
    if cores:
        def agreement(c: str) -> float:
            tc = tokens(c)
            return sum(_containment(tc, tokens(o)) for o in cores if o is not c)

        scored = sorted(enumerate(cores), key=lambda ic: (-agreement(ic[1]), ic[0]))
        title = scored[0][1]
        return title, next((elements[v] for v in visible if norm(v) == norm(title)), None), forms
    if visible:
        return visible[0], elements[visible[0]], forms
    return None, None, forms


# ---------------------------------------------------------------- dates

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T\s]|$)")
_ISO_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T?\d{2}:?\d{2}|\b)")
_SLASHED = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({_MON})\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MON})\.?,?\s+(\d{{4}})\b", re.I)


def _valid(y: int, m: int, d: int | None = None) -> bool:
    if not (1900 <= y <= 2100 and 1 <= m <= 12):
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, m)[1]


def _fmt(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date(s: str) -> str | None:
    """A date string as written on a page -> ISO date at the precision it states, or None.

    The day is the one written (no time-zone shift: "2023-01-31T23:30:00-05:00" is 2023-01-31).
    Numeric day/month orders that cannot be told apart ("04/11/2020") are not guessed.
    """
    s = _clean(s)
    if not s or len(s) > 120:
        return None
    m = re.fullmatch(r"((?:19|20)\d{2})", s)
    if m:
        return m.group(1)  # a bare year is a year, no more
    m = _ISO.match(s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        d = int(m.group(3)) if m.group(3) else None
        return _fmt(y, mo, d) if _valid(y, mo, d) else None
    for rx in (_ISO_COMPACT, _SLASHED):
        m = rx.match(s)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            return _fmt(y, mo, d) if _valid(y, mo, d) else None
    t = parsedate(s) if re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", s) else None
    if t and _valid(t[0], t[1], t[2]):
        return _fmt(t[0], t[1], t[2])
    m = _MONTH_DAY.search(s)
    if m:
        y, mo, d = int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))
        if _valid(y, mo, d):
            return _fmt(y, mo, d)
    m = _DAY_MONTH.search(s)
    if m:
        y, mo, d = int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))
        if _valid(y, mo, d):
            return _fmt(y, mo, d)
    m = _MONTH_YEAR.search(s)
    if m:
        y, mo = int(m.group(2)), _MONTHS[m.group(1).lower()]
        if _valid(y, mo):
            return _fmt(y, mo)
    return None


_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)"),
    re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_.-]|$)"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)"),
    re.compile(r"/((?:19|20)\d{2})/([a-z]{3,9})/(\d{1,2})(?:/|$)", re.I),
)
_URL_MONTH = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})(?:/|$)"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-[a-z]"),
)


def date_from_url(url: str | None) -> str | None:
    """The date a URL's path states ("/2023/01/31/", "/2023-01-31-slug", "/20230131/"), at its precision."""
    if not url:
        return None
    path = urlsplit(url).path
    for rx in _URL_DATE:
        m = rx.search(path)
        if m:
            y = int(m.group(1))
            mo = int(m.group(2)) if m.group(2).isdigit() else _MONTHS.get(m.group(2).lower())
            d = int(m.group(3))
            if mo and _valid(y, mo, d):
                return _fmt(y, mo, d)
    for rx in _URL_MONTH:
        m = rx.search(path)
        if m and _valid(int(m.group(1)), int(m.group(2))):
            return _fmt(int(m.group(1)), int(m.group(2)))
    return None


_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "datepublished",
    "published_time",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "pub_date",
    "og:pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "citation_publication_date",
    "citation_date",
    "article_date_original",
    "originalpublicationdate",
    "datecreated",
    "displaydate",
    "cxenseparse:recs:publishtime",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
)


def _published(
    tree: HtmlElement,
    metas: dict[str, list[str]],
    articles: list[dict[str, Any]],
    pages: list[dict[str, Any]],
    url: str | None,
    title: str | None,
    headline: HtmlElement | None,
) -> str | None:
    def first_valid(values: Iterable[str]) -> str | None:
        for v in values:
            d = parse_date(v)
            if d:
                return d
        return None

    found = first_valid(_ld_str(o.get(k)) for o in articles for k in ("datePublished", "dateCreated"))
    found = found or first_valid(_ld_str(o.get("datePublished")) for o in pages)
    found = found or first_valid(v for k in _PUBLISHED_META for v in metas.get(k, []))
    found = found or first_valid(_marked_times(tree))
    url_date = date_from_url(url)
    if not url_date and (found is None or len(found) < 10):
        url_date = _permalink_date(tree, title)
    header = _header_dates(headline)
    if found:
        # A page whose head shows only "Updated <date>" presents that version: the reader's date.
        updated = [d for d, label in header if label and d != found]
        if updated and not any(d == found for d, _ in header):
            return updated[0]
        # The same for an unlabelled date under the headline that the metadata's modification date (or
        # an element marked as the date) confirms: the page shows its revision as its date, and the
        # metadata's first date is a draft's or the first version's.  One agreeing source besides the
        # header is required, so a date merely mentioned in a standfirst does not win.
        shown = [d for d, _ in header if len(d) == 10]
        if shown and found not in shown and len(found) == 10:
            modified = {
                d
                for d in (
                    *(parse_date(_ld_str(o.get("dateModified"))) for o in articles),
                    *(parse_date(v) for k in _MODIFIED_META for v in metas.get(k, [])),
                    *(parse_date(v) for v in _marked_times(tree)),
                )
                if d
            }
            if shown[0] in modified:
                return shown[0]
        # The URL's day is the day the page was filed; use it when the metadata only gives year or month.
        if url_date and len(url_date) > len(found) and url_date.startswith(found):
            return url_date
        return found
    if url_date:
        return url_date
    if header:
        return header[0][0]
    standalone = _standalone_date(tree)
    if standalone:
        return standalone
    # A wiki page is its current revision: the revision statement a wiki engine writes ("This page was
    # last edited on 4 May 2024", "last modified 2024-05-04 10:00 by Jane") dates the text the reader has.
    revision = _revision_date(tree)
    if revision:
        return revision
    # Last resort, a modification date the page's metadata states (never a site's "last updated" note
    # from visible text: that dates the page's upkeep, not the article).
    return first_valid(
        [*(_ld_str(o.get("dateModified")) for o in articles), *(v for k in _MODIFIED_META for v in metas.get(k, []))]
    )


_DATE_MARK = re.compile(r"publish|pubdate|posted|(?<!up)date|timestamp|dateline", re.I)
_NOT_PUBLISHED = re.compile(r"modif|updat|comment|reply|expir|event|birth", re.I)


# A coarse pre-filter for the checks below.
_DATE_HINT = re.compile(r"date|publish|posted|timestamp", re.I)


def _marked_times(tree: HtmlElement) -> list[str]:
    """Date strings of elements marked as the publication date (itemprop, pubdate, a "date" class),
    then of the first ``<time datetime>`` outside comments."""
    marked: list[str] = []
    plain: list[str] = []
    for el in tree.iter():
        if len(marked) >= 5:
            break
        if not isinstance(el.tag, str) or el.tag == "meta":
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if not (el.tag == "time" or el.get("itemprop") or el.get("pubdate") is not None or _DATE_HINT.search(marks)):
            continue
        prop = (el.get("itemprop") or "").lower()
        if prop == "datemodified" or _NOT_PUBLISHED.search(marks):
            continue
        is_marked = (
            prop == "datepublished"
            or (el.tag == "time" and el.get("pubdate") is not None)
            or any(_DATE_MARK.search(w) and len(w) <= 30 for w in marks.split())
        )
        if not is_marked and not (el.tag == "time" and el.get("datetime") and not plain):
            continue
        if in_comments(el):
            continue
        value = el.get("datetime") or el.get("content") or ""
        if not parse_date(value):
            value = _text(el)[:120]
        if value:
            (marked if is_marked else plain).append(value)
    return marked + plain[:1]


_ASIDE = re.compile(r"^(?:comments?|commentlist|comment[-_].*|.*[-_]comments?|sidebar|side-bar|.*[-_]sidebar|related|related[-_].*|.*[-_]related|disqus.*)$", re.I)


def in_comments(el: HtmlElement) -> bool:
    """Inside a comment thread, a sidebar or a related-articles block (their dates and names are others')."""
    for a in el.iterancestors():
        if a.tag == "aside":
            return True
        marks = f"{a.get('class') or ''} {a.get('id') or ''}"
        if any(_ASIDE.match(w) for w in marks.split()):
            return True
    return False


_LABEL = re.compile(r"^(?:(?:published|posted|written|date)\s*(?:on|:)?\s*|on\s+)?", re.I)


def _standalone_date(tree: HtmlElement) -> str | None:
    """The first element whose whole text is a full date ("Apr 7, 2009", "Posted on 7 April 2009"):
    how simple pages date a post.  Comment dates and "updated" labels are not publication dates."""
    for el in tree.iter("div", "span", "p", "small", "time", "em", "b", "strong", "h2", "h3", "h4", "h5", "h6", "td", "li"):
        text = _text(el)
        if not 6 <= len(text) <= 40 or not re.search(r"\d{4}", text):
            continue
        rest = _LABEL.sub("", text, count=1)
        m = re.fullmatch(
            rf"(?:[A-Za-z]+,?\s+)?(?:(?:{_MON})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MON})\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})",
            rest,
            re.I,
        )
        if m and not in_comments(el):
            d = parse_date(rest)
            if d and len(d) == 10:
                return d
    return None


def _permalink_date(tree: HtmlElement, title: str | None) -> str | None:
    """The date in the URL the headline links to (blogs link a post's title to its permalink)."""
    if not title:
        return None
    want = norm(title)
    for a in tree.iter("a"):
        href = a.get("href") or ""
        if not href or not re.search(r"(?:19|20)\d\d", href):
            continue
        if norm(a.text_content()) == want:
            d = date_from_url(href if "://" in href else "http://x" + ("" if href.startswith("/") else "/") + href)
            if d:
                return d
    return None


# "Updated 2010 GMT (0410 HKT) March 14, 2021": the label may be followed by a time before the date.
_UPDATED = re.compile(r"\b(?:updated|modified|last edited)\b(?!.*\b(?:published|posted)\b)[^.]{0,40}$", re.I)


def _header_dates(headline: HtmlElement | None) -> list[tuple[str, bool]]:
    """Dates written right after the headline (the byline area), each with whether it is labelled
    "Updated"; only the first 300 characters of text after the headline are read."""
    if headline is None:
        return []
    chunks: list[str] = []
    size = 0
    for node in headline.xpath("following::text()[position() <= 80]"):
        parent = node.getparent()
        if parent is not None and parent.tag in ("script", "style", "noscript", "template"):
            continue
        part = str(node).strip()
        if part:
            chunks.append(part)
            size += len(part)
            if size > 300:
                break
    text = " ".join(" ".join(chunks).split())[:400]
    out: list[tuple[str, bool]] = []
    for m in _WRITTEN_DATE.finditer(text):
        d = parse_date(m.group(0))
        if d:
            out.append((d, bool(_UPDATED.search(text[max(0, m.start() - 45) : m.start()]))))
    return out


_WRITTEN_DATE = re.compile(
    rf"(?:{_MON})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MON})\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}",
    re.I,
)


_REVISION = re.compile(
    rf"\b(?P<page>this\s+page\s+was\s+)?last\s+(?:edited|modified)\s+(?:on\s+)?(?P<date>{_WRITTEN_DATE.pattern})(?P<rest>[^.()]{{0,40}})",
    re.I,
)


_REVISION_HINT = re.compile(r"last\s+(?:edited|modified)", re.I)


def _revision_date(tree: HtmlElement) -> str | None:
    """The date of a wiki revision statement: "This page was last edited on <date>", or "last
    edited/modified <date> ... by <editor>".  A bare "Last updated: <date>" label is a site's upkeep
    note, not a revision statement, and is not read."""
    # A scan of text and tails in Python: a translate() XPath over every text node costs ~100x more on
    # megabyte pages.
    owners: list[HtmlElement] = []
    for node in tree.iter():
        if len(owners) >= 20:
            break
        if not isinstance(node.tag, str):
            continue
        if node.text and _REVISION_HINT.search(node.text):
            owners.append(node)
        parent = node.getparent()
        if node.tail and parent is not None and _REVISION_HINT.search(node.tail):
            owners.append(parent)
    for el in owners:
        if el.tag in ("script", "style", "noscript", "template") or in_comments(el):
            continue
        text = _text(el)
        hint = _REVISION_HINT.search(text)
        if not hint:
            continue
        # the statement itself, not the whole of a large container that happens to hold it
        for m in _REVISION.finditer(text[max(0, hint.start() - 20) : hint.end() + 120]):
            if m.group("page") or re.search(r"\bby\b", m.group("rest"), re.I):
                d = parse_date(m.group("date"))
                if d and len(d) == 10:
                    return d
    return None


# ---------------------------------------------------------------- authors

_BY = re.compile(r"^\s*(?:(?:written|posted|reported|words|story|text)\s+)?(?:by|author|authors|byline)\b[:\s]*", re.I)
_NOT_NAME = re.compile(
    r"https?://|www\.|@\w|\.com\b|\d|\b(?:staff|editor|editorial|team|desk|admin|contributor|newsroom|"
    r"correspondent|reporter|writer|agency|press|wire|news|view all|posts|more from|follow)\b",
    re.I,
)
# Degrees and credentials written after a name ("Jane Doe, PhD"): not names themselves.
_CREDENTIAL = re.compile(r"^(?:ph\.?\s?d|m\.?d|r\.?d|r\.?n|m\.?s|m\.?a|b\.?s|b\.?a|mph|mba|dds|jr|sr|ii|iii|esq|cpt|lcsw)\.?$", re.I)
_SPLIT_AUTHORS = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\|)\s*", re.I)
_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "bin", "al", "el", "y"}


def clean_author(raw: str) -> list[str]:
    """A byline -> the person names in it ("By Jane Doe and John Roe, Staff Writers" -> two names)."""
    s = _BY.sub("", _clean(raw))
    s = re.split(r"\s+[-|\u2013\u2014]\s+", s)[0]  # "Jane Doe - Security team"
    s = re.sub(r"\s+(?i:for|from|in)\s+(?:(?i:the)\s+)?[A-Z].*$", "", s)
    names: list[str] = []
    for part in _SPLIT_AUTHORS.split(s):
        part = part.strip(" .,-\u2013\u2014")
        if not part or _NOT_NAME.search(part) or _CREDENTIAL.match(part):
            continue
        words = part.split()
        if not 1 <= len(words) <= 5 or len(part) > 60:
            continue
        # a name is capitalised words (particles such as "de", "van" allowed)
        if not all(w[0].isupper() or w.lower() in _PARTICLES for w in words):
            continue
        if part not in names:
            names.append(part)
    return names


def _authors(
    tree: HtmlElement, metas: dict[str, list[str]], articles: list[dict[str, Any]], sites: list[str]
) -> list[str]:
    site_keys = {_compact(x) for x in sites} | {_compact(x.split(".")[0]) for x in sites if "." in x}

    def usable(names: Iterable[str]) -> list[str]:
        out: list[str] = []
        for raw in names:
            for n in clean_author(raw):
                # a blog named after its author ("Jane Doe's Blog") keeps the author; the site itself is no author
                if _compact(n) not in site_keys and n not in out:
                    out.append(n)
        return out

    for o in articles:
        found = usable(n for n, person in _ld_names(o.get("author")) if person)
        if found:
            return found
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "byl", "citation_author"):
        found = usable(metas.get(key, []))
        if found:
            return found
    # The first byline on the page (not a commenter's, not a teaser's in a sidebar).
    for el in tree.xpath(
        '//*[@itemprop="author"] | //a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'
        ' | //*[contains(@class, "byline") or contains(@class, "author-name") or @class="author"]'
    )[:12]:
        if in_comments(el):
            continue
        name_el = el.xpath('.//*[@itemprop="name"]')
        raw = (name_el[0].get("content") or _text(name_el[0])) if name_el else (el.get("content") or _text(el))
        found = usable([raw]) if raw and len(raw) <= 160 else []
        if found:
            return found[:6]
    return []

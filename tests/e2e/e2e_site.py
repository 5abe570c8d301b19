"""Shared machinery of the end-to-end tests and the screenshot script.

- ``build_site``: ``mkdocs build`` of a copy of the project (the repository is never written to), with
  ``site_url`` set to where the site will be served, as GitHub Pages does for ``https://user.github.io/repo/``.
- ``SiteServer``: a threaded ``http.server`` on 127.0.0.1 that serves a built site under a path prefix and
  answers 404 outside it, so a link that escapes the sub-path is caught.
- ``Site``: what the tests need to know about a served build: its pages by kind (home, briefings, topics,
  ...), the search index (Pagefind's), the quotes on the briefing pages.  New kinds of page (entity pages, timeline,
  feed) slot in by adding a case to ``Site.kind``.
- ``launch_chromium``: Debian's Chromium driven by Playwright, with the flags this machine's closed network
  needs (no browser download ever happens: ``executable_path`` points at the system binary).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import lxml.html
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BRIEFINGS_CHROMIUM", "/usr/bin/chromium"))
# As root in a container Chromium needs --no-sandbox; the background-networking flags stop it from
# calling Google's hosts, which this machine's closed network refuses many times a second.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Not copied into the build folder: version control, environments, caches, the package (it is installed),
# the tests and the benchmarks (large generated corpora).
_NOT_COPIED = {".git", ".venv", "site", ".pytest_cache", ".ruff_cache", ".cache", "bench", "tests", "generator",
               "build", "__pycache__", ".github"}


# ---------------------------------------------------------------- build and serve


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """The project's site inputs (mkdocs.yml, docs/, seeds/, briefs/, templates...) copied to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for entry in sorted(root.iterdir()):
        if entry.name in _NOT_COPIED or entry.name.endswith(".egg-info"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, dest / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(entry, dest / entry.name)
    return dest


def build_site(project: Path, out: Path, site_url: str) -> None:
    """``mkdocs build`` of ``project`` into ``out`` with ``site_url`` (the project's mkdocs.yml inherited)."""
    child = project / f"mkdocs.e2e-{out.name}.yml"
    # INHERIT rather than the SITE_URL variable, so this works whatever mkdocs.yml does with site_url.
    child.write_text(f"INHERIT: mkdocs.yml\nsite_url: {json.dumps(site_url)}\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(child), "-d", str(out)],
        cwd=project, capture_output=True, text=True, env=env, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at URL path ``prefix`` (e.g. ``/repo/``); everything else is 404."""

    prefix = "/"

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        if path == self.prefix.rstrip("/") and self.prefix != "/":
            # GitHub Pages answers /repo with a redirect to /repo/.
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not path.startswith(self.prefix):
            self.send_error(404, "outside the site's path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        parts = urlsplit(path)
        inner = "/" + parts.path[len(self.prefix):] if parts.path.startswith(self.prefix) else parts.path
        return super().translate_path(inner)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: failures show up in the tests' own checks


class SiteServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) serving ``directory`` under ``prefix``.

    The port is taken at once, so the site can be built with its final ``site_url`` before ``start``."""

    def __init__(self, directory: Path, prefix: str = "/") -> None:
        self.directory = directory
        self.prefix = prefix
        handler = type("Handler", (_Handler,), {"prefix": prefix})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
        )
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{self.prefix}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="e2e-site", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
        self.httpd.server_close()


# ---------------------------------------------------------------- what is in a built site


@dataclass(frozen=True)
class Quote:
    page: str  # the briefing page's path relative to the site root, e.g. "briefs/x/"
    text: str
    speaker: str


_ENTITY_FOLDERS = {"entities", "entity", "people", "persons", "places", "organisations", "organizations"}


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    try:
        data = yaml.safe_load(text.split("---\n", 2)[1])
    except (yaml.YAMLError, IndexError):
        return {}
    return data if isinstance(data, dict) else {}


def page_of(md_rel: str) -> str:
    """The site path of a Markdown source (MkDocs' directory URLs): a/b.md -> a/b/, a/index.md -> a/."""
    stem = md_rel.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@dataclass
class Site:
    """One built and served site: its folder, where it is served, and its pages by kind."""

    out: Path
    base_url: str  # ends with "/"
    project: Path
    label: str
    pages: list[str] = field(default_factory=list)  # every HTML page, as paths relative to base_url
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # page -> front matter of briefs/ pages

    def __post_init__(self) -> None:
        pages = []
        for html in sorted(self.out.rglob("*.html")):
            rel = html.relative_to(self.out).as_posix()
            if rel == "404.html":
                continue
            pages.append(rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
        self.pages = pages
        briefs = self.project / "briefs"
        for md in sorted(briefs.rglob("*.md")):
            rel = "briefs/" + md.relative_to(briefs).as_posix()
            self.sources[page_of(rel)] = front_matter(md)

    def url(self, page: str) -> str:
        return self.base_url + page

    def html(self, page: str) -> str:
        path = self.out / (page + "index.html" if page.endswith("/") or page == "" else page)
        return path.read_text(encoding="utf-8")

    def setting(self, key: str, default: int) -> int:
        """A number from the briefings plugin block of the project's mkdocs.yml (read as text: the file
        has MkDocs-only YAML tags)."""
        text = (self.project / "mkdocs.yml").read_text(encoding="utf-8")
        found = re.search(rf"^\s+{re.escape(key)}:\s*(\d+)\s*$", text, re.MULTILINE)
        return int(found.group(1)) if found else default

    def heading(self, page: str) -> str:
        """The text of the page's first <h1> (without its permalink sign), as the built HTML has it."""
        doc = lxml.html.fromstring(self.html(page))
        for link in doc.xpath("//article//h1//a[contains(@class, 'headerlink')]"):
            link.drop_tree()
        h1 = doc.xpath("//article//h1")
        return " ".join(h1[0].text_content().split()) if h1 else ""

    def kind(self, page: str) -> str:
        """home, briefing, topics (the index), topic, entity, timeline, source (a briefing's article text), or other.

        Briefings are the generated pages with a ``seed`` in their front matter; entity pages (issue 4) are
        recognised by an ``entity`` key in their front matter or by a folder of their own under briefs/
        (``entities/``, ``people/``, ``places/``, ``organisations/``); the timeline by its name.  A new
        layout of those pages needs a change here and nowhere else."""
        meta = self.sources.get(page, {})
        parts = page.split("/")
        if page == "":
            return "home"
        if "seed" in meta:
            return "briefing"
        if page == "briefs/topics/":
            return "topics"
        if page.startswith("briefs/topics/"):
            return "topic"
        if "entity" in meta or (len(parts) > 3 and parts[0] == "briefs" and parts[1] in _ENTITY_FOLDERS):
            return "entity"
        if parts[:2] in (["briefs", "timeline"], ["timeline"]):
            return "timeline"
        if parts[:2] == ["briefs", "source"] and len(parts) > 3:
            return "source"
        return "other"

    def of_kind(self, kind: str) -> list[str]:
        return [p for p in self.pages if self.kind(p) == kind]

    def article_links(self, page: str) -> list[str]:
        """The site pages that the article part of ``page`` links to, in document order."""
        doc = lxml.html.fromstring(self.html(page))
        found = []
        for href in doc.xpath("//article//a[not(contains(@class, 'headerlink'))]/@href"):
            url = urljoin(self.url(page), href).split("#", 1)[0].split("?", 1)[0]
            if url.startswith(self.base_url) and url[len(self.base_url):] in self.pages:
                found.append(url[len(self.base_url):])
        return found

    def search_docs(self) -> list[dict[str, Any]]:
        """The pages in the site's search index (Pagefind's), each with its page, title and indexed text."""
        from generator.search import indexed_pages

        return [{"location": p.url.lstrip("/"), "title": p.title, "text": p.content} for p in indexed_pages(self.out)]

    def quotes(self) -> list[Quote]:
        """Every quote shown on a briefing page, with its speaker, read from the page's Quotes section."""
        found = []
        for page in self.of_kind("briefing"):
            found.extend(quotes_in_page(page, self.html(page)))
        return found


_OPEN, _CLOSE = "“\"‘", "”\"’"


def quotes_in_page(page: str, html: str) -> list[Quote]:
    """The quotes of a briefing page: the items (list items, blockquotes, figures) of the section headed
    by the element with id "quotes", up to the next heading of the same level; the speaker is the item's
    <strong>, <cite> or <b>."""
    doc = lxml.html.fromstring(html)
    heads = doc.xpath('//article//*[@id="quotes"]')
    if not heads:
        return []
    head = heads[0]
    items: list[Any] = []
    for sib in head.itersiblings():
        if sib.tag == head.tag:
            break
        if sib.tag in ("blockquote", "figure"):
            items.append(sib)
        else:
            items.extend(sib.xpath(".//li | .//blockquote | .//figure") if sib.tag not in ("li",) else [sib])
    quotes = []
    for item in items:
        text = " ".join(item.text_content().split())
        who = item.xpath(".//cite | .//strong | .//b")
        speaker = " ".join(who[-1].text_content().split()) if who else ""
        start = min((i for i in (text.find(c) for c in _OPEN) if i >= 0), default=-1)
        end = max(text.rfind(c) for c in _CLOSE)
        quote = text[start + 1:end] if 0 <= start < end else text
        quote = quote.strip().rstrip(",")
        if quote and speaker:
            quotes.append(Quote(page, quote, speaker))
    return quotes


_WORD = re.compile(r"[^\W\d_]+")
_TAG = re.compile(r"<[^>]+>")


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(_TAG.sub(" ", text))]


def unique_quote_word(site: Site, min_len: int = 7, prefix_len: int = 5) -> tuple[str, Quote]:
    """A word that occurs exactly once in the whole search index, inside one quote of one briefing, and
    that shares its first ``prefix_len`` letters with no other word of the index (so neither the search's
    stemming nor its prefix matching can find another page).  Longest such word first, then alphabetical."""
    counts: Counter[str] = Counter()
    for doc in site.search_docs():
        counts.update(words(doc.get("title", "")))
        counts.update(words(doc.get("text", "")))
        for tag in doc.get("tags", []) or []:
            counts.update(words(str(tag)))
    prefixes = Counter(w[:prefix_len] for w in counts)
    candidates = []
    for quote in site.quotes():
        for w in set(words(quote.text)):
            if len(w) >= min_len and counts[w] == 1 and prefixes[w[:prefix_len]] == 1:
                candidates.append((-len(w), w, quote))
    if not candidates:
        raise LookupError("no word occurs in exactly one quote and nowhere else on the site")
    _, word, quote = min(candidates, key=lambda c: (c[0], c[1], c[2].page))
    return word, quote


def title_only_word(site: Site, min_len: int = 5) -> tuple[str, str]:
    """(word, page): a word of a briefing's title that its indexed text does not have, so that search
    can find the page by it only through the title; the rarest such word in the index, then the longest."""
    docs: Counter[str] = Counter()
    texts: dict[str, set[str]] = {}
    for doc in site.search_docs():
        text = set(words(doc.get("text", "")))
        texts[doc["location"]] = text
        docs.update(set(words(doc.get("title", ""))) | text)
    candidates = []
    for page in site.of_kind("briefing"):
        if page not in texts:
            continue
        for w in set(words(site.heading(page))) - texts[page]:
            if len(w) >= min_len:
                candidates.append((docs[w], -len(w), w, page))
    if not candidates:
        raise LookupError("every word of every briefing's title is in its text too")
    _, _, word, page = min(candidates)
    return word, page


# ---------------------------------------------------------------- links


_LINK_ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
               ("iframe", "src"), ("video", "src"), ("audio", "src"))


def links_of(html: str, page_url: str) -> list[str]:
    """Absolute URLs of every <a href>, <link href>, <script src>, <img src>/srcset, ... of a page."""
    doc = lxml.html.fromstring(html)
    base = doc.xpath("//base/@href")
    page_base = urljoin(page_url, base[0]) if base else page_url
    found = []
    for tag, attr in _LINK_ATTRS:
        for value in doc.xpath(f"//{tag}/@{attr}"):
            found.append(value)
    for srcset in doc.xpath("//img/@srcset | //source/@srcset"):
        found.extend(part.strip().split(" ")[0] for part in srcset.split(",") if part.strip())
    return [urljoin(page_base, v.strip()) for v in found if v.strip()]


_FEED_TYPES = ("application/atom+xml", "application/rss+xml", "application/feed+json")


def feed_links(html: str, page_url: str) -> list[str]:
    """Feeds announced in the page's head (<link rel="alternate" type="application/atom+xml" ...>)."""
    doc = lxml.html.fromstring(html)
    return [urljoin(page_url, link.get("href", "")) for link in doc.xpath("//head/link[@rel='alternate']")
            if link.get("type", "") in _FEED_TYPES and link.get("href")]


def feed_entry_links(body: bytes) -> list[str]:
    """The links of an Atom feed's entries or an RSS feed's items."""
    if body.lstrip().startswith(b"{"):
        return [str(item.get("url", "")) for item in json.loads(body).get("items", [])]
    root = ElementTree.fromstring(body)
    atom = "{http://www.w3.org/2005/Atom}"
    links = [e.get("href", "") for e in root.iter(f"{atom}entry") for e in e.findall(f"{atom}link")
             if e.get("rel", "alternate") == "alternate"]
    links += [(item.findtext("link") or "").strip() for item in root.iter("item")]
    return links


def is_internal(url: str, base_url: str) -> bool:
    """Same scheme, host and port as the served site (a link that leaves its sub-path still counts)."""
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


@dataclass
class Fetched:
    status: int
    content_type: str
    body: bytes


class Fetcher:
    """GETs URLs of the local server once each (no redirects followed silently: a 301 is reported)."""

    def __init__(self) -> None:
        self.cache: dict[str, Fetched] = {}

    def get(self, url: str) -> Fetched:
        url = url.split("#", 1)[0]
        if url not in self.cache:
            try:
                with urllib.request.urlopen(url, timeout=20) as resp:
                    self.cache[url] = Fetched(resp.status, resp.headers.get_content_type(), resp.read())
            except urllib.error.HTTPError as exc:
                self.cache[url] = Fetched(exc.code, "", b"")
        return self.cache[url]


def anchors_of(html: str) -> set[str]:
    doc = lxml.html.fromstring(html)
    return set(doc.xpath("//@id")) | set(doc.xpath("//a/@name"))


def broken_links(site: Site, fetcher: Fetcher | None = None) -> list[str]:
    """Every internal link of every page that does not answer 200 (or names a missing #anchor)."""
    fetcher = fetcher or Fetcher()
    problems = []
    anchors: dict[str, set[str]] = {}
    for page in site.pages:
        page_url = site.url(page)
        got = fetcher.get(page_url)
        if got.status != 200:
            problems.append(f"{page_url}: {got.status}")
            continue
        for link in sorted(set(links_of(got.body.decode("utf-8"), page_url))):
            if urlsplit(link).scheme not in ("http", "https") or not is_internal(link, site.base_url):
                continue
            target = fetcher.get(link)
            if target.status != 200:
                problems.append(f"{page} -> {link}: {target.status}")
                continue
            fragment = unquote(urlsplit(link).fragment)
            if fragment and target.content_type == "text/html":
                key = link.split("#", 1)[0]
                if key not in anchors:
                    anchors[key] = anchors_of(target.body.decode("utf-8"))
                if fragment not in anchors[key]:
                    problems.append(f"{page} -> {link}: no element with id {fragment!r}")
    return problems


def reachable_pages(site: Site, fetcher: Fetcher | None = None) -> set[str]:
    """The pages reached from the home page by following <a href> links within the site."""
    fetcher = fetcher or Fetcher()
    seen = {""}
    todo = [""]
    while todo:
        page = todo.pop()
        got = fetcher.get(site.url(page))
        if got.status != 200 or got.content_type != "text/html":
            continue
        doc = lxml.html.fromstring(got.body.decode("utf-8"))
        for href in doc.xpath("//a/@href"):
            url = urljoin(site.url(page), href).split("#", 1)[0].split("?", 1)[0]
            if not url.startswith(site.base_url):
                continue
            rel = url[len(site.base_url):]
            if rel not in seen and rel in site.pages:
                seen.add(rel)
                todo.append(rel)
    return seen


# ---------------------------------------------------------------- the browser


def launch_chromium(playwright: Any) -> Any:
    """Headless Debian Chromium.  Playwright gives every launch a new, empty profile folder of its own
    (it refuses a ``--user-data-dir`` flag), so nothing carries over between runs."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)

"""Site search with Pagefind: a static index in small chunks, fetched per query, in place of Material's
``search`` plugin (one ``search_index.json`` that every reader downloads and indexes whole: ~5 MB per
1,000 briefings, seconds to first results on a first visit).

- ``THEME_DIR``: templates the plugin layers over Material (``add_theme``, after any ``custom_dir`` of
  the project, so a project's own overrides still win): ``partials/search.html`` and
  ``assets/javascripts/briefings-search.js`` are the search box, in Material's markup, on Pagefind;
  ``partials/header.html`` shows it without Material's ``search`` plugin.
- What is indexed is chosen in the HTML, with Pagefind's own attributes: ``theme/main.html`` puts
  ``data-pagefind-body`` on the article of every page except those whose front matter says
  ``search: {exclude: true}`` (Material's convention, kept: the source views; ``prepare_page`` adds
  it to the listing pages), so headers, navigation and footers stay out; ``prepare_page`` also turns
  a section whose heading carries Material's ``data-search-exclude`` (an entity page's quotes), what
  lies between ``IGNORE_START`` and ``IGNORE_END`` (the latest briefings on the home page), and all
  but the name and first line of a topic or entity page, into ``data-pagefind-ignore``.
- ``service.PagefindService`` (the plugin's way): Pagefind's service mode, given each page as MkDocs
  renders it; ``index_site`` runs the Pagefind binary (from the ``pagefind[extended]`` package) over a
  written site (a dirty build). The bundle goes to ``<site_dir>/pagefind/``, which the search box
  loads relative to the site root. The output is the same for the same pages (file names are content
  hashes).
- ``indexed_pages`` reads the index back (tests, benchmark).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUNDLE_DIR = "pagefind"
THEME_DIR = Path(__file__).parent / "theme"
INSTALL_HINT = "pip install 'pagefind[extended]>=1.5,<2'"


class SearchError(Exception):
    """Pagefind is missing or failed; the message is one line meant for the reader of the build log."""


@dataclass(frozen=True)
class IndexResult:
    pages: int  # pages Pagefind indexed
    bytes: int  # size of the bundle folder


def add_theme(theme_dirs: list[str], custom_dir: str | None) -> None:
    """Put ``THEME_DIR`` into a Material theme's template folders, right after the project's
    ``custom_dir`` (or first when there is none); once only, as ``on_config`` runs again under serve."""
    folder = str(THEME_DIR)
    if folder in theme_dirs:
        return
    at = 1 if custom_dir and theme_dirs and Path(theme_dirs[0]) == Path(custom_dir) else 0
    theme_dirs.insert(at, folder)


def find_binary() -> Path:
    """The Pagefind executable: ``PAGEFIND_BINARY_PATH``, the pip package's binary, or one on PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = shutil.which("pagefind_extended") or shutil.which("pagefind")
        exe = Path(found) if found else None
    else:
        try:
            exe = get_executable()
        except (FileNotFoundError, OSError):
            exe = None
    if exe is None or not exe.is_file():
        raise SearchError(f"search: the Pagefind binary was not found; install it with {INSTALL_HINT}")
    return exe


# What Pagefind writes for its ready-made interfaces (0.4 MB); the theme's script uses only pagefind.js,
# its worker and the index.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)  # fmt: skip

def _other_than(name: str) -> str:
    """A glob alternation matching any one path segment except ``name`` (Pagefind's globs cannot negate)."""
    options = [f"[!{name[0]}]*"]
    for i in range(1, len(name)):
        options += [name[:i], f"{name[:i]}[!{name[i]}]*"]
    options.append(f"{name}?*")
    return "{" + ",".join(options) + "}"


def pages_glob(skip: str = "briefs/source") -> str:
    """Every HTML file except those under ``skip`` (two segments): Pagefind need not even read the
    10,000 source views it would not index (at 10k seeds: 40% of the files, a fifth of its time and a
    quarter of its memory)."""
    top, sub = skip.split("/")
    return f"{{*.html,{_other_than(top)}/**/*.html,{top}/*.html,{top}/{_other_than(sub)}/**/*.html}}"


def index_site(site_dir: Path, exe: Path | None = None, skip: str | None = "briefs/source") -> IndexResult:
    """Index ``site_dir`` into ``site_dir/pagefind`` (replaced whole, so a dirty build keeps no stale chunk)."""
    exe = exe or find_binary()
    out = site_dir / BUNDLE_DIR
    if out.exists():
        shutil.rmtree(out)
    # Pagefind reads the pages' lang attribute for its stemmer; the output folder is its default name.
    # The heading permalinks (¶) are not words of the page, nor part of its title.
    cmd = [str(exe), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR, "--exclude-selectors", ".headerlink"]
    if skip:
        cmd += ["--glob", pages_glob(skip)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=3600)
    except OSError as exc:
        raise SearchError(f"search: could not run Pagefind ({exe}): {exc}") from None
    if proc.returncode != 0:
        lines = [ln.strip() for ln in (proc.stderr + "\n" + proc.stdout).splitlines() if ln.strip()]
        raise SearchError(f"search: Pagefind failed (exit {proc.returncode}): {lines[-1] if lines else 'no output'}")
    return finish_bundle(out)


def finish_bundle(out: Path) -> IndexResult:
    """Drop what the site does not use from a written bundle; how many pages it holds and its size."""
    for name in UNUSED_FILES:  # Pagefind's own UIs: the site's search is briefings-search.js
        (out / name).unlink(missing_ok=True)
    try:
        entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
        pages = sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())
    except (OSError, ValueError, AttributeError):
        raise SearchError(f"search: Pagefind wrote no readable index in {out}") from None
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return IndexResult(pages, size)


# The pages that only list other pages (by date, by topic, by name, the latest): every word on them is
# a title that search finds on the page it names, and at 10,000 briefings the timeline's months hold 10,000.
LISTINGS = frozenset(f"briefs/{p}" for p in ("index.md", "topics/index.md", "entities/index.md"))
LISTING_FOLDERS = ("briefs/timeline/",)


# What lies between these (an HTML comment each, as Python-Markdown passes it through) search leaves
# out: the plugin puts them around the latest briefings it adds to the home page, whose titles and
# summaries made the home page a result of every search for a word of a recent briefing.
IGNORE_START = "<!-- briefings:search-ignore -->"
IGNORE_END = "<!-- briefings:/search-ignore -->"


def prepare_page(html: str, src_uri: str, meta: dict[str, Any]) -> str:
    """What search sees of a page (``on_page_content``): a listing page gets Material's
    ``search: {exclude: true}`` (the theme then leaves ``data-pagefind-body`` off it, as on a source
    view); a topic or entity page is found by its name and the line under it, not by the titles and
    names it lists (each is found on its own page; otherwise one word of a title finds every topic
    and entity page of that briefing before the next briefing); sections marked
    ``data-search-exclude`` are wrapped for Pagefind to ignore; a briefing's section headings are
    ignored, and its title is indexed as its title only."""
    if src_uri in LISTINGS or src_uri.startswith(LISTING_FOLDERS):
        meta["search"] = {**(meta.get("search") or {}), "exclude": True}
        return html
    html = ignore_sections(ignore_marked(html))
    if "seed" in meta:
        html = title_as_meta(ignore_subheadings(html))
    if meta.get("entity") or (src_uri.startswith("briefs/topics/") and src_uri.count("/") == 2):
        html = ignore_after_intro(html)
    return html


def ignore_marked(html: str) -> str:
    """What lies between ``IGNORE_START`` and ``IGNORE_END`` wrapped for Pagefind to ignore (an
    unclosed start runs to the end of the page)."""
    if IGNORE_START not in html:
        return html
    out: list[str] = []
    pos = 0
    while (start := html.find(IGNORE_START, pos)) >= 0:
        end = html.find(IGNORE_END, start)
        end = len(html) if end < 0 else end + len(IGNORE_END)
        out.append(html[pos:start] + "<div data-pagefind-ignore>" + html[start:end] + "</div>")
        pos = end
    out.append(html[pos:])
    return "".join(out)


def ignore_after_intro(html: str) -> str:
    """Everything after the page's heading and the paragraph under it, wrapped for Pagefind to ignore."""
    head = html.find("</h1>")
    if head < 0:
        return html
    intro = html.find("</p>", head)
    cut = intro + len("</p>") if intro >= 0 else head + len("</h1>")
    rest = html[cut:]
    if not rest.strip():
        return html
    return html[:cut] + "\n<div data-pagefind-ignore>" + rest + "</div>\n"


_HEADING = re.compile(r"<h([1-6])\b([^>]*)>", re.IGNORECASE)
_SUBHEADING = re.compile(r"<h([2-6])(?![^>]*data-pagefind-ignore)\b", re.IGNORECASE)


_TITLE = re.compile(r"<h1\b(?![^>]*data-pagefind-)", re.IGNORECASE)


def title_as_meta(html: str) -> str:
    """The page's ``h1`` given to Pagefind as the page's title only, not also as text of the page.

    Pagefind still finds the page by the words of its title (it indexes title metadata), but stores the
    title once in the page's fragment instead of three times (title, text, and a sub-result for the
    heading's anchor): 1 MB at 10,000 briefings."""
    return _TITLE.sub('<h1 data-pagefind-ignore data-pagefind-meta="title"', html, count=1)


def ignore_subheadings(html: str) -> str:
    """A briefing's section headings ("Key facts", "Quotes", ...) marked for Pagefind to ignore.

    They are the template's words, the same on every briefing: indexed, a search for "quotes" would
    match them all, and each would be a sub-result (an anchor with its text and position) in every
    page's fragment, a megabyte at 10,000 briefings.  The title (``h1``) stays."""
    return _SUBHEADING.sub(r"<h\1 data-pagefind-ignore", html)


def ignore_sections(html: str) -> str:
    """Wrap every section whose heading has ``data-search-exclude`` (Material's marker) in
    ``<div data-pagefind-ignore>``, up to the next heading of the same or a higher level.

    The heading's ``id`` stays on the heading, so links to the section still work; a wrapper around a
    section (never around the whole article) leaves Material's ``.md-content__inner > ...`` styles alone."""
    out: list[str] = []
    pos = 0
    heads = list(_HEADING.finditer(html))
    i = 0
    while i < len(heads):
        head = heads[i]
        if "data-search-exclude" not in head.group(2):
            i += 1
            continue
        level = int(head.group(1))
        end = len(html)
        j = i + 1
        while j < len(heads):
            if int(heads[j].group(1)) <= level:
                end = heads[j].start()
                break
            j += 1
        out.append(html[pos : head.start()])
        out.append("<div data-pagefind-ignore>" + html[head.start() : end] + "</div>\n")
        pos = end
        i = j
    out.append(html[pos:])
    return "".join(out)


@dataclass(frozen=True)
class IndexedPage:
    url: str  # from the site root, as Pagefind stores it: "/briefs/<id>/"
    title: str
    content: str  # the words Pagefind indexed, as text


_FRAGMENT_MAGIC = b"pagefind_dcd"


def indexed_pages(site_dir: Path) -> list[IndexedPage]:
    """The pages in a built Pagefind index, read back from its fragment files (gzip, a marker, then
    JSON; Pagefind 1.x), sorted by URL: what the tests and the benchmark check the index with."""
    pages = []
    for path in sorted((site_dir / BUNDLE_DIR / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw.removeprefix(_FRAGMENT_MAGIC))
        pages.append(IndexedPage(data["url"], str(data.get("meta", {}).get("title", "")), data.get("content", "")))
    return sorted(pages, key=lambda p: p.url)

"""Material's page chrome, rendered once per folder for the generated pages.

MkDocs renders the theme's whole template for every page: head, header, navigation, palette, footer,
scripts. With Material that is about 2 ms a page, half of ``mkdocs build`` for 10,000 briefings (20,000
pages with their source views). The pages the plugin generates are outside the navigation, and for them
that chrome is the same on every page of one folder except for a few values: the title, the canonical
URL, the anchor of the first heading (the "skip to content" link), the table of contents and the article.

So ``Chrome`` renders the page template once per folder (and per front-matter shape) with markers in
those places, and fills them in for each page: the values escaped as Jinja would, the table of contents
and the article from Material's own ``partials/toc.html`` and ``partials/content.html`` (a table of
contents once for all pages with the same entries: Material shows a lone title's children only, and
those are the same on every page of one kind). Whatever this
cannot vouch for gets the ordinary full render: pages in the navigation, pages with front matter other
than the generated keys, titles that Jinja's ``striptags`` would change. And every shape is checked: its
first two pages and every ``CHECK_EVERY``-th page are rendered both ways, and a difference sends that
shape back to full renders for good (and the page gets the full render), so a theme update that breaks
the assumption costs time, never correctness.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

# The template generated pages ask for (front matter ``template``); in the theme folder of ``search``.
TEMPLATE = "briefings-page.html"
CHECK_EVERY = 500
# Front matter the generated pages carry that Material's chrome does not read (``search`` does: it is
# part of the shape).
PER_PAGE_META = frozenset({"title", "tags", "date", "seed", "seed_sha256", "generator", "template", "entity"})
SHAPE_META = frozenset({"search"})
_MARK = "briefings-chrome-{}-7c1e"
TITLE, CANONICAL, SKIP, TOC, CONTENT = (_MARK.format(k) for k in ("title", "canonical", "skip", "toc", "content"))
# In the skeleton of Material's content partial (``Article``): the heading Material writes when the
# article has none, the article itself, and the tags above it.
HEADING, ARTICLE, TAGS = (_MARK.format(k) for k in ("heading", "article", "tags"))
_ARTICLE_SPLIT = re.compile("(" + "|".join(map(re.escape, (HEADING, ARTICLE, TAGS))) + ")")
_SPLIT = re.compile("(" + "|".join(map(re.escape, (TITLE, CANONICAL, SKIP, TOC, CONTENT))) + ")")
# The parts rendered per page: Material's partials, given the ``lang`` module base.html imports.
_PART = '{{% include "partials/{}.html" %}}'
TOC_CACHE = 4096  # tables of contents kept, by their entries: pages of one kind share theirs


class _Stand:
    """The page as the skeleton render sees it: markers where the per-page values go."""

    def __init__(self, page: Any) -> None:
        self._page = page
        self.title = TITLE
        self.canonical_url = CANONICAL if page.canonical_url else None
        self.meta = {**page.meta, "title": TITLE}
        first = page.toc.items[0] if page.toc.items else None
        self.toc = [_StandItem(first)] if first is not None else []
        self.content = CONTENT

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


class _StandItem:
    def __init__(self, item: Any) -> None:
        self._item = item
        self.url = "#" + SKIP

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)


class Chrome:
    """``briefings_page()`` for the theme's ``briefings-page.html``: one instance per build."""

    def __init__(self, env: Environment, main: str = "main.html") -> None:
        self.env = env
        self.main = main
        self.skeletons: dict[tuple[str, ...], list[str] | None] = {}  # None: this shape renders in full
        self.seen: dict[tuple[str, ...], int] = {}
        self.count = 0
        self.fast = 0
        self.off: list[str] = []  # shapes switched back to full renders, for the log
        marks = DictLoader({"partials/toc.html": TOC, "partials/content.html": CONTENT})
        self._marked = env.overlay(loader=ChoiceLoader([marks, env.loader] if env.loader else [marks]))
        self._toc = env.from_string(_PART.format("toc"))
        self.article = Article(env)
        self._lang: Any = None  # Material's translations module, made once (it reads only the config)
        self._tocs: dict[tuple[Any, ...], str] = {}

    def release(self) -> None:
        """Drop the caches once the pages are written (the counts stay, for the log)."""
        self.skeletons.clear()
        self.article.skeletons.clear()
        self._tocs.clear()
        self._lang = None

    def install(self) -> None:
        def briefings_page(ctx: Context) -> Markup:
            return self.render(ctx)

        self.env.globals["briefings_page"] = pass_context(briefings_page)

    # ------------------------------------------------------------------ rendering

    def render(self, ctx: Context) -> Markup:
        values = ctx.get_all()
        page = values["page"]
        self.count += 1
        key = shape(page, values)
        pieces = None if key is None else self.skeletons.get(key, [])
        if key is None or pieces is None:
            return Markup(self._full(values))
        if not pieces:
            pieces = self.skeletons[key] = self._skeleton(values)
        out = fill(pieces, lambda mark: self._value(mark, page, values, key))
        seen = self.seen[key] = self.seen.get(key, 0) + 1
        if due(seen, self.count):
            full = self._full(values)
            if full != out:
                self.skeletons[key] = None
                self.off.append(key[0] or "/")
                return Markup(full)
        self.fast += 1
        return Markup(out)

    def _full(self, values: dict[str, Any]) -> str:
        return self.env.get_template(self.main).render(values)

    def _skeleton(self, values: dict[str, Any]) -> list[str]:
        text = self._marked.get_template(self.main).render({**values, "page": _Stand(values["page"])})
        return _SPLIT.split(text)

    def _value(self, mark: str, page: Any, values: dict[str, Any], key: tuple[str, ...]) -> str:
        """What a marker of the skeleton stands for on this page."""
        if mark == TITLE:
            return str(escape(page.title))
        if mark == CANONICAL:
            return str(escape(page.canonical_url))
        if mark == SKIP:
            return str(escape(page.toc.items[0].url))[1:]
        return self._part(mark, values, key)

    def _part(self, part: str, values: dict[str, Any], key: tuple[str, ...]) -> str:
        if self._lang is None:
            self._lang = self.env.get_template("partials/language.html").make_module(values)
        values = {**values, "lang": self._lang}
        if part != TOC:
            return self.article.render(values, key)
        items = values["page"].toc.items
        # Material lists a lone first title's children only: those are what the page shows
        key = ("children", _entries(items[0].children)) if items and items[0].level == 1 else _entries(items)
        toc = self._tocs.get(key)
        if toc is None:
            toc = self._toc.render(values)
            if len(self._tocs) < TOC_CACHE:
                self._tocs[key] = toc
        return toc


class _ArticleStand:
    """The page as the skeleton of the content partial sees it: markers for its title and article (an
    article that holds a first-level heading keeps one, so that Material writes no heading of its own)."""

    def __init__(self, page: Any, has_heading: bool) -> None:
        self._page = page
        self.title = HEADING
        self.content = ARTICLE + ("<h1" if has_heading else "")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


class Article:
    """Material's ``partials/content.html`` of a generated page: the tags, the edit and view buttons,
    a heading when the article has none, the article, the source file's dates, feedback, comments.

    Rendered in full it is 0.38 ms a page, 9 s of the 24,000 pages of 10,000 briefings, and only the
    tags, the heading and the article differ between the pages of one shape (``shape``). So it is
    rendered once per shape (and per whether the page has tags, and a heading of its own) with markers
    in those places; a page gets its tags from Material's ``partials/tags.html`` and its title and
    article put in. Checked as the chrome is: the first two pages of each kind and every
    ``CHECK_EVERY``-th are rendered both ways, and a difference makes that kind render in full for good."""

    def __init__(self, env: Environment) -> None:
        self._full = env.from_string(_PART.format("content"))
        self._tags = env.from_string(_PART.format("tags"))
        self.skeletons: dict[tuple[Any, ...], list[str] | None] = {}  # None: this kind renders in full
        self.seen: dict[tuple[Any, ...], int] = {}
        self.count = 0

    def render(self, values: dict[str, Any], shape_key: tuple[str, ...]) -> str:
        page = values["page"]
        content, title, tags = page.content, page.title, values.get("tags")
        if not isinstance(content, str) or not isinstance(title, str) or not title:
            return self._full.render(values)
        key = (*shape_key, "<h1" in content, bool(tags))
        pieces = self.skeletons.get(key, [])
        if pieces is None:
            return self._full.render(values)
        if not pieces:
            made = self._skeleton(values, key[-2], tags)
            if made is None:
                self.skeletons[key] = None
                return self._full.render(values)
            pieces = self.skeletons[key] = made
        text = fill(
            pieces, lambda mark: content if mark == ARTICLE else title if mark == HEADING else self._tags.render(values)
        )
        self.count += 1
        seen = self.seen[key] = self.seen.get(key, 0) + 1
        if due(seen, self.count):
            full = self._full.render(values)
            if full != text:
                self.skeletons[key] = None
                return full
        return text

    def _skeleton(self, values: dict[str, Any], has_heading: bool, tags: Any) -> list[str] | None:
        """The content partial of this kind of page with markers, split at them; None when the page's
        tags cannot be told apart in it."""
        stand = _ArticleStand(values["page"], has_heading)
        text = self._full.render({**values, "page": stand})
        if text.count(stand.content) != 1 or text.count(HEADING) > 1:
            return None
        text = text.replace(stand.content, ARTICLE)
        if tags:
            own = self._tags.render({**values, "page": stand})
            if not own.strip() or text.count(own) != 1:
                return None
            text = text.replace(own, TAGS)
        return _ARTICLE_SPLIT.split(text)


def shape(page: Any, values: dict[str, Any]) -> tuple[str, ...] | None:
    """What the chrome of ``page`` depends on besides the marked values, or None when that is not known:
    the page's folder (relative links), the front matter Material reads, whether it has a canonical URL
    and headings."""
    meta = page.meta or {}
    if page.is_homepage or page.parent is not None or page.previous_page or page.next_page:
        return None
    if any(k not in PER_PAGE_META and k not in SHAPE_META for k in meta):
        return None
    title = page.title
    if not isinstance(title, str) or meta.get("title", title) != title or Markup(title).striptags() != title:
        return None
    folder = posixpath.dirname(page.url.rstrip("/"))
    kept = json.dumps({k: meta[k] for k in sorted(SHAPE_META & meta.keys())}, sort_keys=True, default=str)
    return (folder, str(values.get("base_url")), kept, str(bool(page.canonical_url)), str(bool(page.toc.items)))


def _entries(items: list[Any]) -> tuple[Any, ...]:
    """A table of contents as plain values: what Material's ``toc.html`` reads of it."""
    return tuple((i.title, i.id, i.level, getattr(i, "typeset", None), _entries(i.children)) for i in items)


def fill(pieces: list[str], value: Callable[[str], str]) -> str:
    """A skeleton (text and markers alternating, as ``re.split`` with a group gives them) with each
    marker replaced by ``value(marker)``."""
    return "".join(value(piece) if i % 2 else piece for i, piece in enumerate(pieces))


def due(seen: int, count: int) -> bool:
    """Whether a shortcut's result is checked against the full way: for the first two pages of each
    kind (``seen``) and every ``CHECK_EVERY``-th page (``count``); the chrome, the content partial and
    the front matter (``site/frontmatter.py``) all check so."""
    return seen <= 2 or count % CHECK_EVERY == 0

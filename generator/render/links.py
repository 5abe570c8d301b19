"""Resolving the relative links of the HTML blocks in generated pages, as MkDocs does for Markdown links.

The templates write most of a page as HTML blocks (Python-Markdown passes them through untouched, which
is what keeps a build of tens of thousands of pages fast), with ``<a href="people/x.md">`` links between
the generated Markdown files.  MkDocs only rewrites links it parsed from Markdown, so before conversion
each relative ``href`` is resolved against the site's files: ``x.md`` becomes the URL of that page
relative to the page linking it (``../people/x/`` with directory URLs), a seed copy gets its path from
the page's URL, and a target that is not in the site is reported, like MkDocs' own ``not_found`` check.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any
from urllib.parse import unquote

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

log = get_plugin_logger("briefings")
_HREF = re.compile(r'<a href="([^"]*)"')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_UNSEEN: Any = object()  # not looked up yet (None is a result: no such file)


class HtmlLinks:
    """Resolves ``<a href>`` targets of one build; results are cached per (source folder, URL depth),
    which is all a relative link depends on, so each distinct target is resolved once per folder (the
    generated pages of 10,000 briefings hold 730,000 links). A target with a fragment (a key fact's
    link to its sentence in the source view) is resolved through its file's URL, cached the same way:
    those targets are mostly each on one page only (230,000 of them at 10,000 briefings), their files
    are not."""

    def __init__(self) -> None:
        # (folder, depth) -> href as written -> the replacement for ``<a href="..."``, or None when the
        # target is not a file of the site (warned about at every link, as MkDocs does); only hrefs
        # without a fragment are kept
        self.cache: dict[tuple[str, int], dict[str, str | None]] = {}
        # (folder, depth) -> a target's path (before any "#") as written -> its URL, or None
        self.urls: dict[tuple[str, int], dict[str, str | None]] = {}

    def resolve(self, text: str, page: File, files: Files) -> str:
        if '<a href="' not in text:
            return text
        folder = posixpath.dirname(page.src_uri)
        key = (folder, page.url.count("/"))
        known = self.cache.setdefault(key, {})
        urls = self.urls.setdefault(key, {})

        def one(m: re.Match[str]) -> str:
            target = m.group(1)
            out = known.get(target, _UNSEEN)
            if out is _UNSEEN:
                out = _replacement(target, folder, page, files, urls)
                if "#" not in target:
                    known[target] = out
            if out is None:
                log.warning(f"Doc file '{page.src_uri}' contains a link '{html.unescape(target)}', but the target "
                            "is not found among documentation files.")
                return m.group(0)
            return out

        return _HREF.sub(one, text)


def _replacement(
    target: str, folder: str, page: File, files: Files, urls: dict[str, str | None]
) -> str | None:
    """What ``<a href="target"`` becomes on ``page``; None when it names no file of the site.  ``urls``:
    the URLs of the paths resolved from pages of the same folder and depth as ``page``."""
    if not target or target.startswith(("#", "/")) or _SCHEME.match(target):
        return f'<a href="{target}"'
    path, sep, fragment = target.partition("#")
    url = urls.get(path, _UNSEEN)
    if url is _UNSEEN:
        url = urls[path] = _resolve(html.unescape(path), folder, page, files)
    return None if url is None else f'<a href="{url}{sep}{fragment}"'


def _resolve(path: str, folder: str, page: File, files: Files) -> str | None:
    """The URL of ``path`` (relative to ``folder``) from ``page``, escaped for an attribute; None if not a file."""
    src = posixpath.normpath(posixpath.join(folder, unquote(path))) if path else page.src_uri
    found = files.src_uris.get(src)
    if found is None:
        return None
    return html.escape(found.url_relative_to(page), quote=True)

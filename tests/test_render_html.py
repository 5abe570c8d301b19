"""The generated pages' HTML blocks: their links are resolved like MkDocs' own, and setting them aside
while Markdown runs gives the same HTML as letting Python-Markdown pass them through."""

from __future__ import annotations

import logging
import re

import markdown
import pytest
from mkdocs.structure.files import File, Files

from generator.render.blocks import put_back, set_aside
from generator.render.links import HtmlLinks

EXTENSIONS = ["toc", "attr_list", "admonition", "tables"]

PAGE = """# Port Velm strike ends

<p><small>Norland Courier · <a href="../people/ida-marsk/">seed article</a></small></p>

<p>Dockworkers went back to work on Friday.</p>

## Key facts

<ul>
<li>The strike lasted nine days. <small><a href="#fact-1">in the article</a></small></li>
</ul>

A Markdown paragraph with *emphasis* and a [link](other.md).

<blockquote>
<p>“A fair deal”</p>
</blockquote>

<div markdown="1">
*kept for md_in_html*
</div>

## Quotes { data-search-exclude }

<blockquote>
<p>“We stand together”</p>
<p>— <strong>Ida Marsk</strong></p>
</blockquote>
"""


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})


def _norm(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def test_setting_html_blocks_aside_gives_the_same_page() -> None:
    text, held = set_aside(PAGE)
    # runs of HTML blocks become one marker each; headings and Markdown paragraphs stay for Markdown
    assert len(held) == 4 and text.count("<!--briefings-html-") == 4
    assert "## Key facts" in text and "*emphasis*" in text and "<li>" not in text
    assert 'markdown="1"' in text  # md_in_html would parse it: left to Markdown
    assert _norm(put_back(_html(text), held)) == _norm(_html(PAGE))
    assert 'data-search-exclude id="quotes"' in _html(text)  # attr_list still sees the heading


def test_a_page_without_html_blocks_is_untouched() -> None:
    text = "# Title\n\nJust *Markdown*, with <small>inline HTML</small>.\n"
    assert set_aside(text) == (text, [])
    assert put_back("<p>x</p>", []) == "<p>x</p>"


def _files(use_directory_urls: bool = True) -> Files:
    uris = ["index.md", "briefs/a.md", "briefs/index.md", "briefs/people/ida-marsk.md", "briefs/source/a.md",
            "seeds/a.txt"]  # fmt: skip
    return Files([File(u, "/docs", "/site", use_directory_urls) for u in uris])


def test_links_resolve_like_mkdocs_markdown_links() -> None:
    files = _files()
    page = files.get_file_from_path("briefs/a.md")
    assert page is not None
    text = ('<a href="people/ida-marsk.md">I</a> <a href="source/a.md#quote-1">q</a> <a href="../seeds/a.txt">s</a> '
            '<a href="index.md">i</a> <a href="https://example.org/?a=1&amp;b=2">x</a> <a href="#p-1">p</a>')
    out = HtmlLinks().resolve(text, page, files)
    assert out == ('<a href="../people/ida-marsk/">I</a> <a href="../source/a/#quote-1">q</a> '
                   '<a href="../../seeds/a.txt">s</a> <a href="../">i</a> '
                   '<a href="https://example.org/?a=1&amp;b=2">x</a> <a href="#p-1">p</a>')
    # from a page one folder down, and without directory URLs
    person = files.get_file_from_path("briefs/people/ida-marsk.md")
    assert person is not None
    assert HtmlLinks().resolve('<a href="../a.md">a</a>', person, files) == '<a href="../../a/">a</a>'
    flat = _files(use_directory_urls=False)
    flat_page = flat.get_file_from_path("briefs/a.md")
    assert flat_page is not None
    assert HtmlLinks().resolve('<a href="people/ida-marsk.md">I</a>', flat_page, flat) == (
        '<a href="people/ida-marsk.html">I</a>')


def test_a_link_to_a_missing_page_is_reported_and_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    files = _files()
    page = files.get_file_from_path("briefs/a.md")
    assert page is not None
    with caplog.at_level(logging.WARNING):
        out = HtmlLinks().resolve('<a href="people/nobody.md">N</a>', page, files)
    assert out == '<a href="people/nobody.md">N</a>'
    assert "people/nobody.md" in caplog.text and "briefs/a.md" in caplog.text


def test_links_into_one_file_resolve_its_url_once(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # A briefing's key facts link to their sentences in its source view: a fragment each, one file.
    from generator.render import links

    files = _files()
    page, other = files.get_file_from_path("briefs/a.md"), files.get_file_from_path("briefs/index.md")
    assert page is not None and other is not None
    calls: list[str] = []
    real = links._resolve
    monkeypatch.setattr(links, "_resolve", lambda path, *rest: calls.append(path) or real(path, *rest))
    resolver = HtmlLinks()
    text = '<a href="source/a.md#s-1">1</a> <a href="source/a.md#s-7">7</a> <a href="source/a.md">v</a>'
    assert resolver.resolve(text, page, files) == (
        '<a href="../source/a/#s-1">1</a> <a href="../source/a/#s-7">7</a> <a href="../source/a/">v</a>')
    assert resolver.resolve('<a href="source/a.md#s-2">2</a>', other, files) == '<a href="source/a/#s-2">2</a>'
    assert calls == ["source/a.md", "source/a.md"]  # once per folder and depth: briefs/a/ and briefs/
    with caplog.at_level(logging.WARNING):
        out = resolver.resolve('<a href="source/b.md#s-1">x</a> <a href="source/b.md#s-2">y</a>', page, files)
    assert out == '<a href="source/b.md#s-1">x</a> <a href="source/b.md#s-2">y</a>'
    assert caplog.text.count("but the target is not found") == 2  # each link reported, as MkDocs does

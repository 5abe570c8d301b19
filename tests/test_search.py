"""The site search (generator/search): Pagefind's index of the built site, what it leaves out, the
theme it layers over Material, and a clear error when the binary is missing."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_plugin import site  # noqa: F401  (the module fixture: a small site built from seeds)

from generator.search import (
    IGNORE_END,
    IGNORE_START,
    THEME_DIR,
    UNUSED_FILES,
    SearchError,
    add_theme,
    ignore_marked,
    ignore_sections,
    index_site,
    indexed_pages,
    prepare_page,
)

ENTITY = """<h1 id="ida">Ida Marsk</h1>
<p>Person · 2 briefings</p>
<h2 id="briefings">Briefings</h2>
<ul><li>Dockers strike</li></ul>
<h2 data-search-exclude id="quotes">Quotes</h2>
<blockquote><p>“We stay out.”</p></blockquote>
<h3 id="more">More</h3>
<p>still quotes</p>
<h2 id="appears-with">Appears with</h2>
<p>Port Velm</p>
"""


def test_a_section_marked_for_materials_search_is_ignored_by_pagefind() -> None:
    out = ignore_sections(ENTITY)
    ignored = out.split("<div data-pagefind-ignore>", 1)[1].split("</div>", 1)[0]
    # from the marked heading to the next heading of its level, subsections included
    assert ignored.startswith('<h2 data-search-exclude id="quotes">') and "still quotes" in ignored
    assert "Appears with" not in ignored and "Dockers strike" not in ignored
    assert out.count("data-pagefind-ignore") == 1
    # nothing else changes
    assert out.replace("<div data-pagefind-ignore>", "").replace("</div>\n", "") == ENTITY
    assert ignore_sections("<h1>T</h1><p>x</p>") == "<h1>T</h1><p>x</p>"


def test_a_marked_last_section_runs_to_the_end() -> None:
    html = '<h2 id="a">A</h2><p>a</p><h2 id="q" data-search-exclude>Q</h2><p>q</p>'
    assert ignore_sections(html) == (
        '<h2 id="a">A</h2><p>a</p><div data-pagefind-ignore><h2 id="q" data-search-exclude>Q</h2><p>q</p></div>\n'
    )


TOPIC = '<h1 id="port-velm">Port Velm</h1>\n<p>2 briefings · <a href="../">all topics</a></p>\n<ul>\n<li><a href="../../strike/">Dockers strike</a></li>\n</ul>\n'


def test_topic_and_entity_pages_are_searched_by_name_listings_not_at_all() -> None:
    meta: dict[str, object] = {"title": "Port Velm"}
    out = prepare_page(TOPIC, "briefs/topics/port-velm.md", meta)
    kept, ignored = out.split("<div data-pagefind-ignore>")
    assert "Port Velm" in kept and "2 briefings" in kept and "Dockers strike" in ignored
    assert meta == {"title": "Port Velm"}
    entity = prepare_page(ENTITY, "briefs/people/ida-marsk.md", {"entity": "person"})
    assert entity.split("<div data-pagefind-ignore>")[0].endswith("<p>Person · 2 briefings</p>\n")
    # a briefing and a hand-written page are searched whole (but for marked sections)
    assert prepare_page(TOPIC, "briefs/strike.md", {}) == TOPIC
    assert prepare_page(TOPIC, "about.md", {}) == TOPIC
    listings = ("briefs/timeline/index.md", "briefs/timeline/2024-03.md", "briefs/timeline/undated.md",
                "briefs/topics/index.md", "briefs/entities/index.md", "briefs/index.md")  # fmt: skip
    for listing in listings:
        meta = {"title": "T"}
        assert prepare_page(TOPIC, listing, meta) == TOPIC and meta == {"title": "T", "search": {"exclude": True}}


def test_what_the_plugin_marks_is_ignored_to_the_end_mark_or_the_end_of_the_page() -> None:
    html = f"<p>Intro.</p>\n{IGNORE_START}\n<ul><li>Dock strike</li></ul>\n{IGNORE_END}\n<p>Closing.</p>\n"
    out = prepare_page(html, "index.md", {})
    assert out == html.replace(IGNORE_START, "<div data-pagefind-ignore>" + IGNORE_START).replace(
        IGNORE_END, IGNORE_END + "</div>")
    unclosed = ignore_marked(f"<p>Intro.</p>{IGNORE_START}<p>Rest.</p>")
    assert unclosed == f"<p>Intro.</p><div data-pagefind-ignore>{IGNORE_START}<p>Rest.</p></div>"
    assert ignore_marked("<p>Nothing marked.</p>") == "<p>Nothing marked.</p>"


def test_the_home_page_is_found_by_its_own_text_not_by_the_latest_briefings_it_lists(site: Path) -> None:  # noqa: F811
    pages = indexed_pages(site / "site")
    home = next(p for p in pages if p.url == "/")
    assert "Intro text" in home.content and "Closing line" in home.content
    briefs = [p for p in pages if p.url.startswith("/briefs/") and p.url.count("/") == 3]
    assert briefs and not any(p.title in home.content for p in briefs), home.content
    # ... which the reader still sees, linked
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p.url.lstrip("/")}"' in html for p in briefs)


def test_a_briefings_section_headings_are_not_indexed_its_title_is_as_its_title() -> None:
    html = '<h1 id="t">Dock strike</h1>\n<h2 id="key-facts">Key facts</h2>\n<ul><li>Pay talks fail.</li></ul>\n' \
           '<h2 id="quotes">Quotes</h2>\n<blockquote><p>“No.”</p></blockquote>\n'  # fmt: skip
    out = prepare_page(html, "briefs/strike.md", {"seed": "strike.txt"})
    assert out == html.replace("<h2 id=", "<h2 data-pagefind-ignore id=").replace(
        "<h1 id=", '<h1 data-pagefind-ignore data-pagefind-meta="title" id=')
    # on other pages headings are words of the page
    assert prepare_page(html, "about.md", {}) == html


def test_the_site_index_holds_a_briefings_text_once_without_its_section_headings(site: Path) -> None:  # noqa: F811
    for page in indexed_pages(site / "site"):
        if page.url.startswith("/briefs/") and page.url.count("/") == 3 and "/topics/" not in page.url:
            assert "Key facts." not in page.content and "Quotes." not in page.content, page.url
            # the title is the page's title, not also its first words (Pagefind ends a heading with ". ")
            assert page.title and not page.content.startswith(page.title + ". "), page.url
            assert "¶" not in page.title, page.url
        elif page.url.startswith(("/briefs/topics/", "/briefs/people/", "/briefs/places/", "/briefs/organisations/")):
            # a topic or entity page: its name and what it is, not the links every such page has
            assert "briefing" in page.content, page.url
            assert "all topics" not in page.content and "timeline" not in page.content, page.url


def test_theme_goes_after_the_projects_custom_dir_and_only_once() -> None:
    dirs = ["/p/overrides", "/m/material/templates", "/m/mkdocs/templates"]
    add_theme(dirs, "/p/overrides")
    add_theme(dirs, "/p/overrides")
    assert dirs == ["/p/overrides", str(THEME_DIR), "/m/material/templates", "/m/mkdocs/templates"]
    plain = ["/m/material/templates"]
    add_theme(plain, None)
    assert plain == [str(THEME_DIR), "/m/material/templates"]


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def test_index_is_rebuilt_whole_and_identically(site: Path, tmp_path: Path) -> None:  # noqa: F811
    copy = tmp_path / "site"
    shutil.copytree(site / "site", copy)
    index_site(copy)  # the site was indexed page by page as it was built: here, from its files
    before = tree(copy / "pagefind")
    (copy / "pagefind" / "fragment" / "stale.pf_fragment").write_bytes(b"old")
    result = index_site(copy)
    assert tree(copy / "pagefind") == before  # same input, same bytes; the stale file is gone
    assert result.pages == len(indexed_pages(copy)) and result.pages > 8
    assert result.bytes == sum(p.stat().st_size for p in (copy / "pagefind").rglob("*") if p.is_file())


def test_missing_binary_is_one_clear_line(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchError, match=r"^search: the Pagefind binary was not found; install it with pip install"):
        index_site(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out")],
        cwd=site, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode != 0
    errors = [ln for ln in proc.stderr.splitlines() if "ERROR" in ln or "Pagefind" in ln]
    assert len(errors) == 1 and "the Pagefind binary was not found" in errors[0], proc.stderr


def test_source_views_are_not_even_read_other_pages_all_are(tmp_path: Path) -> None:
    page = '<html lang="en"><body><main data-pagefind-body><h1>{}</h1><p>harbour pilots</p></main></body></html>'
    for rel in ("index.html", "about/index.html", "b/index.html", "briefs/index.html", "briefs/x/index.html",
                "briefs/sources-of-y/index.html", "briefs/people/ida/index.html", "brief/index.html",
                "briefs/source/x/index.html", "briefs/source/y/index.html"):  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(page.format(rel), encoding="utf-8")
    assert index_site(tmp_path, skip="briefs/source").pages == 8
    assert index_site(tmp_path, skip=None).pages == 10
    # Pagefind's ready-made interfaces are not shipped; what the theme's script loads is
    bundle = tmp_path / "pagefind"
    assert not any((bundle / name).exists() for name in UNUSED_FILES)
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()

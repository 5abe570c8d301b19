"""The ``briefings`` MkDocs plugin: a site built from seeds, strict, with briefs, topics and seeds in it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from test_build import CHESS, HOSTILE, STRIKE, TALKS

from generator.build import run_build

MKDOCS_YML = """site_name: Plugin test
site_url: https://example.org/sub/path/
theme:
  name: material
nav:
  - Home: index.md
  - Topics: briefs/topics/index.md
plugins:
  - tags
  - briefings:
      related_count: 3
      # a page for every topic: most of these seeds' topics are filed under one briefing
      topic_min_briefs: 1
"""
HOME = "# Welcome\n\nIntro text.\n\n<!-- briefings:latest -->\n\nClosing line.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plugin")
    (root / "seeds").mkdir()
    for name, text in {"strike.txt": STRIKE, "talks.md": TALKS, "chess.txt": CHESS, "hostile.md": HOSTILE}.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "site")],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return root


def test_site_has_briefs_topics_and_seeds(site: Path) -> None:
    out = site / "site"
    strike = (out / "briefs" / "strike" / "index.html").read_text(encoding="utf-8")
    assert "We will not unload a single ship until the offer is fair" in strike
    assert 'href="../topics/port-velm/"' in strike
    assert 'href="../../seeds/strike.txt"' in strike
    assert (out / "seeds" / "strike.txt").read_text(encoding="utf-8") == STRIKE
    # a Markdown seed is published as text, never as a page
    assert (out / "seeds" / "talks.md.txt").is_file() and not (out / "seeds" / "talks").exists()
    topic = (out / "briefs" / "topics" / "port-velm" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../strike/"' in topic and 'href="../../talks/"' in topic
    assert (out / "briefs" / "topics" / "index.html").is_file()
    # briefings are not in the navigation (it would make the build quadratic)
    assert "strike/" not in (out / "index.html").read_text(encoding="utf-8").split('class="md-content"')[0]


def test_home_page_lists_the_latest_briefings_in_place(site: Path) -> None:
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    _intro, rest = home.split("Intro text.", 1)
    assert 'href="briefs/talks/"' in rest and 'href="briefs/strike/"' in rest
    assert rest.index('href="briefs/talks/"') < rest.index("Closing line.")
    assert rest.index('href="briefs/talks/"') < rest.index('href="briefs/strike/"')  # newest first


def test_search_index_has_quote_words(site: Path) -> None:
    from generator.search import indexed_pages

    pages = {p.url: p for p in indexed_pages(site / "site")}
    assert "unload a single ship" in pages["/briefs/strike/"].content
    assert pages["/briefs/strike/"].title and pages["/briefs/strike/"].title in pages["/briefs/strike/"].content
    # the hand-written pages and the topic and entity pages are searched too; the listings are not, nor
    # a topic named as an entity page (the place page Port Velm is found instead)
    topics = [url for url in pages if url.startswith("/briefs/topics/")]
    assert "/" in pages and topics and "/briefs/people/ida-marsk/" in pages and "/briefs/places/port-velm/" in pages
    assert not {"/briefs/", "/briefs/timeline/", "/briefs/topics/", "/briefs/entities/"} & pages.keys()
    assert "/briefs/topics/port-velm/" not in pages and (site / "site" / "briefs" / "topics" / "port-velm").is_dir()
    # a topic or entity page is found by its name, not by the briefing titles it lists
    title = pages["/briefs/strike/"].title
    for other in (topics[0], "/briefs/people/ida-marsk/"):
        assert pages[other].title in pages[other].content and title not in pages[other].content
    assert title in (site / "site" / "briefs" / "topics" / "port-velm" / "index.html").read_text(encoding="utf-8")


def test_search_box_is_in_materials_header_without_the_search_plugin(site: Path) -> None:
    out = site / "site"
    assert not (out / "search" / "search_index.json").exists()
    html = (out / "briefs" / "strike" / "index.html").read_text(encoding="utf-8")
    header = html.split('data-md-component="header"', 1)[1].split("</header>", 1)[0]
    assert 'class="md-search__input"' in header and 'for="__search"' in header
    # relative to the page, so it works under a sub-path; no form named "search" (Material's own worker)
    assert 'data-base="../.."' in header and 'src="../../assets/javascripts/briefings-search.js"' in header
    assert 'name="search"' not in header and 'data-md-component="search"' not in header
    assert (out / "assets" / "javascripts" / "briefings-search.js").is_file()
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in html


def test_hostile_text_is_literal_in_the_html(site: Path) -> None:
    html = (site / "site" / "briefs" / "hostile" / "index.html").read_text(encoding="utf-8")
    for raw in ("<script>alert", "<em>unfair", "<b>now", "<b>Budget", "<strong>reckless", 'href="http://evil', "49"):
        assert raw not in html, raw
    assert "javascript:alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&#60;script&#62;alert(1)" in html
    assert "{{ 7*7 }}" in html.replace("&#123;", "{").replace("&#125;", "}").replace("&#42;", "*")


def test_every_page_links_the_feed_and_the_feed_lists_the_newest_briefings(site: Path) -> None:
    from xml.etree import ElementTree

    out = site / "site"
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        if page.name == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        depth = len(page.relative_to(out).parts) - 1
        link = f'<link rel="alternate" type="application/atom+xml" title="Plugin test: latest briefings" href="{"../" * depth}feed.xml">'
        assert link in html.split("</head>")[0], page
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((out / "feed.xml").read_bytes())
    links = [e.find(f"{atom}link").get("href") for e in feed.iter(f"{atom}entry")]  # type: ignore[union-attr]
    # newest first, absolute under site_url (a sub-path)
    assert links[0] == "https://example.org/sub/path/briefs/talks/"
    assert set(links) == {f"https://example.org/sub/path/briefs/{b}/" for b in ("talks", "strike", "chess", "hostile")}
    assert feed.findtext(f"{atom}updated") == "2024-03-14T00:00:00+00:00"  # from the briefings, not the clock
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert any(t and "<script>" in t for t in titles)  # XML-escaped by the library, read back as text


def test_feed_is_deterministic_and_can_be_turned_off(site: Path) -> None:
    from generator.config import load_settings
    from generator.plugin import feed_xml

    settings = load_settings(site / "mkdocs.yml")
    first = feed_xml(settings, "https://example.org/x", "S")
    assert first == feed_xml(settings, "https://example.org/x", "S")
    assert b"https://example.org/x/briefs/talks/" in first
    assert b"https://example.org/x/briefs/talks.html" in feed_xml(settings, "https://example.org/x", "S", False)


def test_entity_timeline_and_source_pages_are_in_the_site(site: Path) -> None:
    out = site / "site"
    person = (out / "briefs" / "people" / "ida-marsk" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../talks/"' in person and 'href="../../strike/"' in person
    assert (out / "briefs" / "timeline" / "index.html").is_file()
    source = (out / "briefs" / "source" / "talks" / "index.html").read_text(encoding="utf-8")
    assert '<mark id="quote-1" class="briefings-quote">' in source
    talks = (out / "briefs" / "talks" / "index.html").read_text(encoding="utf-8")
    assert 'href="../source/talks/#quote-1"' in talks and 'href="../people/ida-marsk/"' in talks
    # the source view repeats the article: it stays out of the search index; entity quotes do too
    from generator.search import indexed_pages

    pages = {p.url: p for p in indexed_pages(out)}
    assert not any(url.startswith("/briefs/source/") for url in pages)
    assert "data-pagefind-body" not in source
    person_text = pages["/briefs/people/ida-marsk/"].content
    assert "Ida Marsk" in person_text and "unload a single ship" not in person_text
    assert "unload a single ship" in person  # shown on the page, only not searched there


def test_build_hands_back_memory_before_pagefind_writes_its_index(site: Path, tmp_path: Path) -> None:
    # ``mkdocs build``: source views wait compressed until rendered, and the manifest and state kept
    # in memory for a next build are dropped once the last searched page is given to Pagefind.
    from generator.write import manifest as manifest_module
    from generator.write import state as state_module

    config = load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    plugin = config.plugins["briefings"]
    plugin.on_startup(command="build", dirty=False)
    restored: list[str] = []
    context_hook = plugin.on_page_context

    def on_page_context(context: Any, /, **kwargs: Any) -> Any:
        page = kwargs["page"]
        if page.file.src_uri in plugin.packed:
            assert page.content == "" and page.title  # compressed away, title kept
            restored.append(page.file.src_uri)
        return context_hook(context, **kwargs)

    plugin.on_page_context = on_page_context  # type: ignore[method-assign]
    config.plugins.events["page_context"] = [
        on_page_context if getattr(h, "__self__", None) is plugin else h for h in config.plugins.events["page_context"]
    ]
    # a plugin listed after this one that changes pages as they are converted still sees the HTML
    def other_plugin(html: str, /, **kwargs: Any) -> str:
        return html + "<p>seen by another plugin</p>"

    config.plugins._register_event("page_content", other_plugin, plugin_name="other")  # as MkDocs adds one
    mkdocs_build(config)
    sources = sorted(p.relative_to(site).as_posix() for p in (site / "briefs" / "source").glob("*.md"))
    assert sorted(restored) == sources and len(sources) == 4 and plugin.packed == {}
    assert manifest_module._LAST.empty and state_module._LAST.empty
    page = (tmp_path / "out" / "briefs" / "source" / "talks" / "index.html").read_text(encoding="utf-8")
    assert '<mark id="quote-1" class="briefings-quote">' in page
    assert "seen by another plugin" in page
    alone = (site / "site" / "briefs" / "source" / "talks" / "index.html").read_text(encoding="utf-8")
    assert page.replace("<p>seen by another plugin</p>", "") == alone


class FakeServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, *args: Any, **kwargs: Any) -> None:
        self.watched.append(path)


def test_serve_watches_seeds_and_templates_and_rebuilds_only_what_changed(site: Path, tmp_path: Path) -> None:
    (site / "tpl").mkdir(exist_ok=True)
    cfg_path = site / "mkdocs.yml"
    cfg_path.write_text(MKDOCS_YML.replace("related_count: 3", "related_count: 3\n      templates_dir: tpl"))
    config = load_config(str(cfg_path), site_dir=str(tmp_path / "serve"))
    plugin = config.plugins["briefings"]
    server = FakeServer()
    plugin.on_startup(command="serve", dirty=False)  # once: MkDocs keeps the plugin across rebuilds
    try:
        plugin.on_serve(server, config=config, builder=None)
        assert str(site / "seeds") in server.watched and str(site / "tpl") in server.watched
        assert not any("briefs" in w for w in server.watched)
        # what serve's builder does on a change: load the config again and build
        briefs = site / "briefs"
        before = {p: p.stat().st_mtime_ns for p in briefs.rglob("*.md")}
        mkdocs_build(load_config(str(cfg_path), site_dir=str(tmp_path / "serve")))
        assert {p: p.stat().st_mtime_ns for p in briefs.rglob("*.md")} == before  # nothing to do: nothing written
        # and it filled what the next build keeps (``build.warm_up``), so that the first change is as quick
        prepared = plugin.warm.features
        assert prepared is not None and len(prepared.feats) == len(list((site / "seeds").iterdir()))
        (site / "seeds" / "new.txt").write_text(CHESS.replace("Elena Vosk", "Mira Dahl"), encoding="utf-8")
        mkdocs_build(load_config(str(cfg_path), site_dir=str(tmp_path / "serve")))
        assert (tmp_path / "serve" / "briefs" / "new" / "index.html").is_file()
        assert before[briefs / "strike.md"] == (briefs / "strike.md").stat().st_mtime_ns
        # the same plugin rebuilt, keeping what a rebuild needs of every briefing (``build.Warm``)
        assert load_config(str(cfg_path)).plugins["briefings"] is plugin
        assert plugin.warm is not None and plugin.warm.index is not None
        assert "new.md" in [c.id + ".md" for c in plugin.warm.index.filed().values()]
        assert run_build(cfg_path, check=True) == 0  # what a build of its own would write
    finally:
        plugin.on_startup(command="build", dirty=False)


def test_the_plugin_accepts_every_setting_and_no_other() -> None:
    from generator.config import KEYS
    from generator.plugin import BriefingsConfig

    assert {name for name, _ in BriefingsConfig._schema} == set(KEYS)

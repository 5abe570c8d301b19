"""Generated pages converted from shared outlines and rendered in a shared chrome give the very site
that MkDocs and Material give page by page (``render/headings.py``, ``site/chrome.py``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.headings import PLACEHOLDER, outline_of


def build(root: Path, site: str, fast: bool) -> str:
    env = {**os.environ, "BRIEFINGS_FAST_PAGES": "1" if fast else "0"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-d", str(root / site)]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def files(site: Path) -> dict[str, bytes]:
    # sitemap.xml.gz carries gzip's timestamp: its content is sitemap.xml, compared already
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"}


@pytest.fixture(scope="module")
def project(repo_copy: Path) -> Path:
    root = repo_copy
    # a title the brief templates escape ($ and brackets become character references)
    (root / "seeds" / "harbour-dredging.md").write_text(SEED, encoding="utf-8")
    return root


SEED = """---
title: Harbour board approves $40 million dredging plan [draft]
source: Coastal Courier
date: 2026-03-02
---
PORT ELLERY - The Port Ellery harbour board on Monday approved a $40 million plan to deepen the main
channel, after two container ships ran aground there last winter.

"We cannot keep turning away the larger ships," said Mara Quillan, the board's chair. Work is due to
start in May and to last eighteen months, the board said.

Fishermen's groups said the plan would disturb spawning grounds. "Nobody asked us," said Tomas Brey,
who leads the Port Ellery Fishermen's Association.
"""


def test_the_fast_site_is_byte_identical_to_the_page_by_page_site(project: Path) -> None:
    log = build(project, "fast", fast=True)
    build(project, "slow", fast=False)
    fast, slow = files(project / "fast"), files(project / "slow")
    assert sorted(fast) == sorted(slow)
    differ = [name for name in fast if fast[name] != slow[name]]
    assert differ == []
    # and the fast paths were taken, for most generated pages (the repository has about 80)
    chrome = re.search(r"page chrome reused for (\d+) of (\d+) generated pages", log)
    outlines = re.search(r"(\d+) generated pages converted from (\d+) outlines", log)
    assert chrome and outlines, log[-2000:]
    assert int(chrome.group(1)) >= 0.8 * int(chrome.group(2)) > 40
    assert int(outlines.group(1)) >= 0.8 * int(chrome.group(2))
    article = re.search(r"content partial filled in for (\d+) generated pages", log)
    front = re.search(r"front matter of (\d+) generated pages read without YAML", log)
    assert article and front, log[-2000:]
    assert int(article.group(1)) >= 0.8 * int(chrome.group(2))
    assert int(front.group(1)) >= 0.8 * int(chrome.group(2))
    page = (project / "fast" / "briefs" / "harbour-dredging" / "index.html").read_text(encoding="utf-8")
    assert "approves &#36;40 million dredging plan &#91;draft&#93;<a" in page


def test_outline_replaces_only_a_plain_title() -> None:
    page = "# Port strike ends after 12 days: dockers accept 4% rise\n\n<!--briefings-html-0-->\n\n## Quotes\n\n"
    page += "<!--briefings-html-1-->\n\n## Related { data-search-exclude }\n\n<!--briefings-html-2-->\n"
    found = outline_of(page)
    assert found is not None
    text, title = found
    assert title == "Port strike ends after 12 days: dockers accept 4% rise"
    assert text.startswith(f"# {PLACEHOLDER}\n\n<!--briefings-html-0-->")
    assert "## Related { data-search-exclude }" in text
    other = outline_of(page.replace("Port strike", "Dockers vote"))
    assert other is not None and other[0] == text


@pytest.mark.parametrize(
    "title",
    ["Profit *jumps* at Calder", "AT&amp;T sale", "C# rises", "<b>x</b>", "Port \\[draft\\] plan"],
)
def test_titles_with_markdown_or_html_are_converted_as_usual(title: str) -> None:
    assert outline_of(f"# {title}\n\n<!--briefings-html-0-->\n") is None


def test_pages_with_other_markdown_are_converted_as_usual() -> None:
    listing = "# Harbour\n\n3 briefings · [all topics](index.md)\n\n- [Port strike ends](../port.md)\n"
    assert outline_of(listing) is None
    assert outline_of("## Key facts\n\n<!--briefings-html-0-->\n") is None  # no title heading


@pytest.mark.parametrize("partial", ["copyright.html", "source-file.html"])
def test_a_theme_override_that_varies_per_page_gets_full_renders(project: Path, tmp_path: Path, partial: str) -> None:
    # A project's own partial that prints the page's address: the shared chrome (copyright.html) or the
    # shared content partial (source-file.html, under the article) cannot hold it, the check of the
    # second page of a kind sees that, and the pages get Material's full render.
    root = tmp_path / "p"
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("fast", "slow"))
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / partial).write_text('<div class="md-copyright">{{ page.url }}</div>\n')
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    )
    log = build(root, "fast", fast=True)
    build(root, "slow", fast=False)
    fast, slow = files(root / "fast"), files(root / "slow")
    assert [name for name in fast if fast[name] != slow.get(name)] == []
    if partial == "copyright.html":
        assert "got Material's full render" in log
    page = next(name for name in fast if name.startswith("briefs/source/") and name.endswith("index.html"))
    assert f'<div class="md-copyright">{page.removesuffix("index.html")}</div>' in fast[page].decode()


def test_outlines_work_with_another_theme(project: Path, tmp_path: Path) -> None:
    # MkDocs' own theme: no shared chrome (it is Material's), pages still converted from outlines.
    root = tmp_path / "p"
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("fast", "slow"))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: material\n", "  name: mkdocs\n").replace("  - tags\n", "")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    log = build(root, "fast", fast=True)
    build(root, "slow", fast=False)
    # that theme writes the time of the build into its home page
    dated = re.compile(rb"Build Date UTC : [^\n]*")
    fast = {k: dated.sub(b"", v) for k, v in files(root / "fast").items()}
    slow = {k: dated.sub(b"", v) for k, v in files(root / "slow").items()}
    assert [name for name in fast if fast[name] != slow.get(name)] == []
    assert "page chrome reused" not in log
    found = re.search(r"(\d+) generated pages converted from (\d+) outlines", log)
    assert found and int(found.group(1)) > 40


CONTENT = (
    '{% include "partials/tags.html" %}<a href="{{ page.edit_url }}">edit</a>\n'
    '{% if "\\u003ch1" not in page.content %}<h1>{{ page.title | d(config.site_name, true) }}</h1>{% endif %}\n'
    '{{ page.content }}{% include "partials/source-file.html" %}'
)
TAGS = (
    '{% if tags %}<nav>{% for tag in tags %}<a href="{{ tag.url }}">{{ tag.name }}</a>{% endfor %}</nav>{% endif %}\n'
)


class _Page:
    def __init__(self, n: int, content: str, edit: str = "same") -> None:
        self.title, self.content, self.edit_url = f"Briefing {n} & co", content, edit
        self.meta = {"updated": edit}


def _article_pages(edit: str) -> list[dict[str, object]]:
    tags = [[{"name": "Economy", "url": "../economy/"}], [], [{"name": "Port <Ellery>", "url": "../port/"}] * 2]
    return [
        {"page": _Page(n, f"<p>text {n}</p>" if n % 3 else f"<h1>Own {n}</h1><p>t</p>", edit.format(n)),
         "tags": tags[n % 3], "config": {"site_name": "Site"}}
        for n in range(12)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("source_file", "edit", "fast"),
    [
        ("<p>{{ page.meta.updated }}</p>", "same", True),  # the same on every page: filled in
        ("<p>{{ page.meta.updated }}</p>", "edit/{}", False),  # differs per page: the check sees it
        ("", "edit/{}", False),  # so does an edit link of each page's own
    ],
)
def test_the_content_partial_is_filled_in_only_where_it_is_the_same(source_file: str, edit: str, fast: bool) -> None:
    from jinja2 import DictLoader, Environment

    from generator.site.chrome import Article

    env = Environment(
        loader=DictLoader(
            {"partials/content.html": CONTENT, "partials/tags.html": TAGS, "partials/source-file.html": source_file}
        )
    )
    article = Article(env)
    full = env.get_template("partials/content.html")
    for values in _article_pages(edit):
        assert article.render(values, ("briefs",)) == full.render(values)
    # 12 pages of 3 kinds (with or without tags, a heading of their own or not): the first page of each
    # kind makes its skeleton, the check of the second catches a difference
    assert article.count == (12 if fast else 6)
    assert (None in article.skeletons.values()) is not fast

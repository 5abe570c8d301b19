"""The project's own site: built from the committed tree, and ``briefs/`` kept current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "000-692076cb1b9b9897"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_committed_briefs_are_current() -> None:
    proc = run("generator", "build", "--check", cwd=ROOT)
    assert proc.returncode == 0, "briefs/ is out of date; run `briefings build` and commit briefs/\n" + proc.stderr


@pytest.fixture(scope="module")
def site(repo_copy: Path) -> Path:
    """The repository's site, built with ``mkdocs build --strict`` from a copy of the tree."""
    root = repo_copy
    proc = run("mkdocs", "build", "--strict", "-d", str(root / "site"), cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root / "site"


def sample_front_matter(briefs: Path) -> dict[str, object]:
    text = (briefs / f"{SAMPLE}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_sample_briefing_page_has_its_quotes(site: Path) -> None:
    html = (site / "briefs" / SAMPLE / "index.html").read_text(encoding="utf-8")
    assert "Our commitment to the defense of the ROK remains ironclad" in html
    assert "Lloyd Austin" in html
    assert "Bloomberg" in html
    for part in ("Most Read from", "©"):
        assert part not in html.split('class="md-content"', 1)[1]


def test_sample_topic_pages_link_back(site: Path) -> None:
    """Each topic of the sample that another briefing shares has a page listing it; the others have none
    (``topic_min_briefs``)."""
    from generator.relate import slugify

    briefs = site.parent / "briefs"
    tags = sample_front_matter(briefs)["tags"]
    assert isinstance(tags, list) and tags
    shared: dict[str, int] = {}
    for path in briefs.glob("*.md"):
        if path.name != "index.md":
            for tag in yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1]).get("tags", []):
                shared[slugify(str(tag))] = shared.get(slugify(str(tag)), 0) + 1
    for tag in tags:
        page = site / "briefs" / "topics" / slugify(str(tag)) / "index.html"
        assert page.exists() == (shared[slugify(str(tag))] >= 2), tag
        if page.exists():
            assert f'href="../../{SAMPLE}/"' in page.read_text(encoding="utf-8"), tag
    assert any(shared[slugify(str(t))] >= 2 for t in tags) and any(shared[slugify(str(t))] == 1 for t in tags)



def test_home_page_lists_the_latest_briefings(site: Path) -> None:
    import re

    latest = re.findall(r"\]\(([^)]+)\.md\)\*\*", (site.parent / "briefs" / "index.md").read_text(encoding="utf-8"))
    assert latest
    home = (site / "index.html").read_text(encoding="utf-8")
    assert [h for h in re.findall(r'href="briefs/([^"/]+)/"', home) if h in latest] == latest


def test_search_index_has_words_from_the_quotes(site: Path) -> None:
    from generator.search import indexed_pages

    pages = {p.url: p for p in indexed_pages(site)}
    text = pages[f"/briefs/{SAMPLE}/"].content
    assert "ironclad" in text and "extended deterrence" in text
    # the article only: no header, navigation or footer words
    assert "Made with" not in text and "Skip to content" not in text
    # Material's own search index is not built any more: the site is searched with Pagefind
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_navigation_is_small_and_fixed(site: Path) -> None:
    html = (site / "about" / "index.html").read_text(encoding="utf-8")
    nav = html.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("md-nav__link") <= 8
    assert SAMPLE not in nav

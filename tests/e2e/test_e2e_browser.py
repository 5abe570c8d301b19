"""The built site in headless Chromium, served at the root and under a sub-path: what a reader does.

Every test runs in a fresh browser context whose console errors, uncaught errors, failed requests, HTTP
errors and requests to other hosts fail it (see ``Watch`` in conftest.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from e2e_site import Site, title_only_word, unique_quote_word

pytestmark = pytest.mark.e2e

# Material's instant navigation swaps pages without a full load; wait for the URL, then the new title.
NAV_TIMEOUT = 10_000


def path_re(site: Site, page: str) -> re.Pattern[str]:
    """The URL of ``page`` with any ?query (search highlighting) and #anchor."""
    return re.compile(re.escape(site.url(page)) + r"(\?[^#]*)?(#.*)?$")


def goto(pg: Any, site: Site, page: str) -> None:
    response = pg.goto(site.url(page), wait_until="load")
    assert response is not None and response.status == 200, f"{site.url(page)}: {response and response.status}"


def arrive(pg: Any, site: Site, page: str) -> None:
    """Wait until ``page`` is shown: its URL first, then (instant navigation swaps the content after
    changing the URL) its own heading in the article."""
    pg.wait_for_url(path_re(site, page), timeout=NAV_TIMEOUT)
    heading = site.heading(page)
    if heading:
        pg.locator("article h1:visible").filter(has_text=heading).first.wait_for(state="visible", timeout=NAV_TIMEOUT)


def content_links(pg: Any) -> Any:
    """The links in the page's article (not the header, navigation or footer)."""
    return pg.locator("article.md-content__inner a[href]:not(.headerlink)")


def page_of_url(site: Site, url: str) -> str:
    assert url.startswith(site.base_url), f"{url} left the site at {site.base_url}"
    return url[len(site.base_url):].split("#", 1)[0].split("?", 1)[0]


def test_home_page_lists_briefings_and_has_search(page: Any, site: Site) -> None:
    goto(page, site, "")
    assert "Briefings" in page.title()
    assert page.locator("input.md-search__input").is_visible()
    hrefs = [page_of_url(site, a.evaluate("a => a.href")) for a in content_links(page).all()]
    listed = list(dict.fromkeys(h for h in hrefs if site.kind(h) == "briefing"))
    briefings = site.of_kind("briefing")
    assert briefings, "the site has no briefing pages"
    assert len(listed) == min(len(briefings), site.setting("latest_count", 20)), listed
    # newest first (compared by month: year-only dates have no place of their own among the others)
    months = [str(site.sources[p].get("date") or "")[:7] for p in listed]
    months = [m for m in months if len(m) == 7]
    assert months == sorted(months, reverse=True), months
    topics = [h for h in hrefs if site.kind(h) == "topic"]
    assert topics, "the home page links no topic (busiest topics)"


def search_home(page: Any, site: Site, word: str) -> Any:
    """Type ``word`` into the home page's search box; the result links, once the first is shown."""
    goto(page, site, "")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    results = page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for(state="visible")
    return results


def test_search_finds_a_word_of_one_quote_and_opens_it(page: Any, site: Site) -> None:
    word, quote = unique_quote_word(site)
    results = search_home(page, site, word)
    targets = {page_of_url(site, a.evaluate("a => a.href")) for a in results.all()}
    assert targets == {quote.page}, f"searching {word!r} should find only {quote.page}, found {targets}"
    # title and excerpt, the word marked in the excerpt: the result a reader would pick
    assert results.first.locator("h1").inner_text().strip() == site.heading(quote.page)
    results.filter(has=page.locator("p.md-search-result__teaser mark")).first.click()
    arrive(page, site, quote.page)
    item = page.locator("article li, article blockquote, article figure").filter(has_text=quote.text[:60]).last
    item.wait_for(state="visible")
    assert quote.speaker in item.inner_text(), f"speaker {quote.speaker!r} not shown with the quote"
    # the searched word is marked on the opened page (?h=, as Material's search.highlight did)
    marks = [m.inner_text().casefold() for m in page.locator("article mark").all()]
    assert word in marks, f"{word!r} is not highlighted: {marks}"
    assert not page.locator("#__search").is_checked(), "the search dialog stayed open"


def test_search_finds_a_briefing_by_a_word_only_its_title_has(page: Any, site: Site) -> None:
    """The title is indexed as the page's title (generator.search.title_as_meta), not as its text."""
    word, target = title_only_word(site)
    results = search_home(page, site, word)
    found = [page_of_url(site, a.evaluate("a => a.href")) for a in results.all()]
    assert target in found, f"searching {word!r} (in the title of {target}) found {found}"
    shown = results.nth(found.index(target)).locator("h1").inner_text().strip()
    assert shown == site.heading(target)


def test_search_from_the_keyboard_after_instant_navigation(page: Any, site: Site) -> None:
    """Instant navigation swaps the page without a reload: the search box keeps working, from the keys
    Material's search had (/ opens, arrows pick, Enter opens, Escape closes), with links from the root."""
    word, quote = unique_quote_word(site)
    goto(page, site, "")
    page.locator(".md-nav--primary a.md-nav__link").filter(has_text=re.compile(r"^\s*Timeline\s*$")).first.click()
    arrive(page, site, "briefs/timeline/")
    page.wait_for_timeout(300)  # Material closes the search dialog 125 ms after every navigation
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
    box.press_sequentially(word, delay=20)
    page.locator(".md-search-result__item a.md-search-result__link").first.wait_for(state="visible")
    assert "1 matching document" in page.locator(".md-search-result__meta").inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    arrive(page, site, quote.page)
    assert not page.locator("#__search").is_checked()


def test_topic_page_leads_back_to_a_briefing(page: Any, site: Site) -> None:
    goto(page, site, "")
    page.locator(".md-nav--primary a.md-nav__link").filter(has_text=re.compile(r"^\s*Topics\s*$")).first.click()
    arrive(page, site, "briefs/topics/")
    topic_links = [a for a in content_links(page).all()
                   if site.kind(page_of_url(site, a.evaluate("a => a.href"))) == "topic"]
    assert topic_links, "the topics index links no topic page"
    topic_page = page_of_url(site, topic_links[0].evaluate("a => a.href"))
    topic_links[0].click()
    arrive(page, site, topic_page)
    name = page.locator("article h1").first.inner_text().strip()
    assert name, "the topic page has no heading"
    briefing_links = [a for a in content_links(page).all()
                      if site.kind(page_of_url(site, a.evaluate("a => a.href"))) == "briefing"]
    assert briefing_links, f"topic page {topic_page} lists no briefing"
    target = page_of_url(site, briefing_links[0].evaluate("a => a.href"))
    briefing_links[0].click()
    arrive(page, site, target)
    # the briefing links back to the topic it was listed under
    back = [page_of_url(site, a.evaluate("a => a.href")) for a in content_links(page).all()]
    assert topic_page in back, f"{target} does not link back to {topic_page}"


def test_phone_layout_has_no_horizontal_scrolling(phone: Any, site: Site) -> None:
    briefings = site.of_kind("briefing")
    # the briefing with the most text is the likeliest to overflow
    longest = max(briefings, key=lambda p: (len(site.html(p)), p))
    pages = ["", longest, "briefs/topics/", *site.of_kind("topic")[:1], *site.of_kind("entity")[:1],
             *site.of_kind("timeline")[:1], *site.of_kind("source")[:1]]
    for p in pages:
        goto(phone, site, p)
        widths = phone.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
        )
        assert max(widths[:2]) <= widths[2], f"{p or 'home'} scrolls sideways on a phone: {widths}"
    # the search is one tap away on a phone too
    goto(phone, site, longest)
    phone.locator("label.md-header__button[for='__search']").tap()
    assert phone.locator("input.md-search__input").is_visible()


def test_pages_load_without_console_errors(page: Any, site: Site) -> None:
    """Every page of a small site, or a sample of each kind on a large one, loaded in full."""
    by_kind: dict[str, list[str]] = {}
    for p in site.pages:
        by_kind.setdefault(site.kind(p), []).append(p)
    # every briefing (the pages with article text in them), a few pages of every other kind
    visit = [p for kind, ps in sorted(by_kind.items()) for p in (ps if kind == "briefing" else ps[:4])]
    for p in visit:
        goto(page, site, p)


def click_link_to(pg: Any, site: Site, target: str) -> None:
    """Click the first link of the article that leads to ``target`` and wait until it is shown."""
    for a in content_links(pg).all():
        if page_of_url(site, a.evaluate("a => a.href")) == target and a.is_visible():
            a.click()
            arrive(pg, site, target)
            return
    raise AssertionError(f"{page_of_url(site, pg.url)} shows no link to {target}")


def test_entity_page_leads_to_a_related_briefing(page: Any, site: Site) -> None:
    if not site.of_kind("entity"):
        pytest.skip("the site has no entity pages yet (issue 4: one per person, organisation and place)")
    route = None
    for briefing in site.of_kind("briefing"):
        for entity in (p for p in site.article_links(briefing) if site.kind(p) == "entity"):
            others = [p for p in site.article_links(entity) if site.kind(p) == "briefing" and p != briefing]
            if others:
                route = (briefing, entity, others[0])
                break
        if route:
            break
    assert route, "no briefing links an entity page that lists another briefing"
    briefing, entity, other = route
    goto(page, site, briefing)
    click_link_to(page, site, entity)
    click_link_to(page, site, other)
    assert entity in site.article_links(other) or site.heading(entity) in page.locator("article").inner_text()


def test_a_quote_leads_to_its_place_in_the_article_text(page: Any, site: Site) -> None:
    if not site.of_kind("source"):
        pytest.skip("the site shows no article text (source_view: false)")
    quote = next((q for q in site.quotes() if len(q.text) >= 12), None)
    assert quote, "no briefing shows a quote"
    goto(page, site, quote.page)
    block = page.locator("article blockquote").filter(has_text=quote.text[:60]).first
    link = block.locator("a[href*='source/']").first
    href = link.evaluate("a => a.href")
    target, anchor = page_of_url(site, href), href.split("#", 1)[1]
    assert site.kind(target) == "source", href
    link.click()
    arrive(page, site, target)
    mark = page.locator(f"article [id='{anchor}']")
    mark.wait_for(state="visible")
    shown = " ".join(mark.inner_text().split())
    # the marked words are the quote (the page may fall back to its paragraph when spans overlap)
    assert quote.text[:40] in shown or shown in quote.text, (shown, quote.text)
    assert page.locator("article mark").count() >= 1
    # and back to the briefing
    click_link_to(page, site, quote.page)

"""The served site's links, checked over HTTP without a browser: every internal link of every page
answers 200 (anchors included), every page can be reached from the home page, the sitemap (which
Material's instant navigation reads) and the feed point inside the site as served, and the timeline
holds every briefing."""

from __future__ import annotations

import re

import pytest
from e2e_site import Fetcher, Site, broken_links, feed_entry_links, feed_links, reachable_pages

pytestmark = pytest.mark.e2e


def test_no_broken_internal_links(site: Site) -> None:
    assert len(site.pages) >= 5, site.pages
    problems = broken_links(site)
    assert not problems, f"{len(problems)} broken links in the {site.label} build:\n" + "\n".join(problems[:50])


def test_a_link_outside_the_sub_path_would_be_caught(site: Site) -> None:
    # The server must refuse what lies outside the site's path, or the sub-path build would prove nothing.
    fetcher = Fetcher()
    assert fetcher.get(site.base_url).status == 200
    assert fetcher.get(site.base_url + "no-such-page/").status == 404
    if site.base_url.endswith("/repo/"):
        assert fetcher.get(site.base_url.removesuffix("repo/")).status == 404
        assert fetcher.get(site.base_url.removesuffix("repo/") + "briefs/").status == 404


def test_every_page_is_reachable_from_the_home_page(site: Site) -> None:
    unreached = sorted(set(site.pages) - reachable_pages(site))
    # Seeds are plain-text files, not pages; every HTML page should have a way in.
    assert not unreached, f"pages no link leads to ({site.label}): {unreached}"


def test_sitemap_points_inside_the_served_site(site: Site) -> None:
    body = Fetcher().get(site.base_url + "sitemap.xml").body.decode("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", body)
    assert locs, "the sitemap lists no pages"
    outside = [u for u in locs if not u.startswith(site.base_url)]
    assert not outside, f"sitemap URLs outside {site.base_url} (site_url not applied?): {outside[:5]}"
    fetcher = Fetcher()
    missing = [u for u in locs if fetcher.get(u).status != 200]
    assert not missing, missing
    assert {u[len(site.base_url):] for u in locs} >= set(site.of_kind("briefing"))


def test_feed_is_linked_from_every_page_and_leads_to_the_briefings(site: Site) -> None:
    feeds = {p: feed_links(site.html(p), site.url(p)) for p in site.pages}
    if not any(feeds.values()):
        pytest.skip("the site has no feed yet (issue 4: an Atom or RSS feed linked from every page)")
    unlinked = [p for p, urls in feeds.items() if not urls]
    assert not unlinked, f"pages without the feed link: {unlinked}"
    fetcher = Fetcher()
    for url in sorted({u for urls in feeds.values() for u in urls}):
        assert url.startswith(site.base_url), f"feed {url} is outside the site at {site.base_url}"
        got = fetcher.get(url)
        assert got.status == 200, f"{url}: {got.status}"
        entries = feed_entry_links(got.body)
        assert entries, f"the feed {url} has no entries"
        for link in entries:
            # absolute links built from site_url: the sub-path build shows whether site_url was applied
            assert link.startswith(site.base_url), f"feed entry {link} is outside {site.base_url}"
            assert fetcher.get(link).status == 200, link
            assert site.kind(link[len(site.base_url):].split("#", 1)[0]) == "briefing", link


def test_timeline_lists_every_briefing_by_date(site: Site) -> None:
    timelines = site.of_kind("timeline")
    if not timelines:
        pytest.skip("the site has no timeline yet (issue 4: briefings by date, month sections)")
    briefings = site.of_kind("briefing")
    # the timeline itself (briefs/timeline/) and the pages of its months, each listing the whole month
    main = min(timelines, key=len)
    listed = [p for p in site.article_links(main) if site.kind(p) == "briefing"]
    assert set(listed) == set(briefings), f"missing from the timeline: {sorted(set(briefings) - set(listed))}"
    month_pages = [p for p in site.article_links(main) if site.kind(p) == "timeline" and p != main]
    assert set(month_pages) == set(timelines) - {main}, "every month page is linked from the timeline"
    for month in month_pages:
        for p in site.article_links(month):
            if site.kind(p) == "briefing":
                assert p in listed, f"{month} lists {p}, which the timeline does not"
    dates = [str(site.sources[p].get("date") or "") for p in dict.fromkeys(listed)]
    dated = [d for d in dates if d]
    assert dates[: len(dated)] == dated, f"undated briefings must come last: {dates}"
    # month sections: the months of the briefings dated to a month or a day come in order (year-only
    # dates may sit in a section of their own)
    months = [d[:7] for d in dated if len(d) >= 7]
    assert months in (sorted(months), sorted(months, reverse=True)), f"not in date order: {dated}"

"""The served site's links, checked over HTTP without a browser: every internal link of every page
answers 200 (anchors included), every page can be reached from the home page, and the sitemap (which
Material's instant navigation reads) points inside the site as served."""

from __future__ import annotations

import re

import pytest
from e2e_site import Fetcher, Site, broken_links, reachable_pages

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

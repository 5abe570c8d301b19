"""Fixtures of the end-to-end tests: the site built once per session and served at the root and under a
sub-path (as GitHub Pages serves ``https://user.github.io/repo/``), one shared Chromium, and a fresh
browser context per test whose console errors, failed requests and error responses fail the test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from e2e_site import CHROMIUM, DESKTOP, Site, SiteServer, build_site, copy_project, launch_chromium

# GitHub Pages serves a project site under /<repo>/.
SUB_PATH = "/repo/"
VARIANTS = {"root": "/", "subpath": SUB_PATH}


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    """Both builds (one project copy, one build per site_url), each on its own server."""
    work = tmp_path_factory.mktemp("e2e")
    project = copy_project(work / "project")
    servers = {name: SiteServer(work / f"site-{name}", prefix) for name, prefix in VARIANTS.items()}
    try:
        built = {}
        for name, server in servers.items():
            build_site(project, server.directory, server.base_url)
            server.start()
            built[name] = Site(out=server.directory, base_url=server.base_url, project=project, label=name)
        yield built
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="session", params=list(VARIANTS), ids=[f"at-{v}" for v in VARIANTS])
def site(request: pytest.FixtureRequest, sites: dict[str, Site]) -> Site:
    return sites[request.param]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session; skipped only where there is none and this is not CI."""
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is not installed (`apt-get install chromium`, or run `.ci/setup test`)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            missing = "the playwright package is not installed (run `.ci/setup test`)"
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"end-to-end tests cannot run on CI: {missing}")
        pytest.skip(missing)
    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watch:
    """What went wrong in a browser context: console errors, page errors, failed or refused requests."""

    base_url: str
    problems: list[str] = field(default_factory=list)

    def attach(self, context: Any) -> None:
        context.on("console", self._console)
        context.on("weberror", lambda e: self.problems.append(f"uncaught error: {e.error}"))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        # Nothing outside the local server: the site must work offline and leak no reader to a third party
        # (CI has no network either, so such a request would fail there anyway).
        context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.problems.append(f"request to another host: {url}")
            route.abort("blockedbyclient")

    def _console(self, msg: Any) -> None:
        # a request refused by _route is reported there already
        if msg.type == "error" and "ERR_BLOCKED_BY_CLIENT" not in msg.text:
            self.problems.append(f"console error: {msg.text} ({msg.location.get('url', '')})")

    def _failed(self, request: Any) -> None:
        failure = request.failure or ""
        # A navigation that replaces a page cancels that page's pending requests: not a fault of the site.
        if "ERR_ABORTED" in failure or "ERR_BLOCKED_BY_CLIENT" in failure:
            return
        self.problems.append(f"request failed: {request.url} ({failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def watch(site: Site) -> Watch:
    return Watch(site.base_url)


def new_page(browser: Any, watch: Watch, viewport: dict[str, int], **options: Any) -> Any:
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(10_000)
    watch.attach(context)
    return context.new_page()


@pytest.fixture
def page(browser: Any, watch: Watch) -> Iterator[Any]:
    """A desktop-sized page in a fresh context; the test fails if anything went wrong in it."""
    pg = new_page(browser, watch, DESKTOP)
    yield pg
    pg.context.close()
    assert not watch.problems, "\n".join(watch.problems)


@pytest.fixture
def phone(browser: Any, watch: Watch) -> Iterator[Any]:
    """A phone-sized page (390x844, touch, mobile viewport rules) in a fresh context."""
    pg = new_page(browser, watch, {"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                  device_scale_factor=2)
    yield pg
    pg.context.close()
    assert not watch.problems, "\n".join(watch.problems)

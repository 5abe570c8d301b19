"""Screenshots of the site for the README and the docs (a script, not a test).

    .venv/bin/python tests/e2e/screenshots.py [--out docs/assets/screenshots]

Builds the site from a copy of the project (as the end-to-end tests do), serves it on 127.0.0.1 and, in
Debian's headless Chromium, takes the home page, a briefing page and, once the site has them, an entity
page, each at desktop (1280x800) and phone (390x844) width, in the light scheme:
``home-desktop.png``, ``home-phone.png``, ``briefing-desktop.png``, ...
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from e2e_site import DESKTOP, PHONE, ROOT, Site, SiteServer, build_site, copy_project, launch_chromium

# The sample seed's briefing is the one the README describes; any other briefing if it is gone.
PREFERRED_BRIEFING = "briefs/000-692076cb1b9b9897/"


def pick(site: Site, kind: str, preferred: str = "") -> str | None:
    pages = site.of_kind(kind)
    if preferred in pages:
        return preferred
    # the page with the most to show: the longest built HTML, then by name for a stable choice
    return max(pages, key=lambda p: (len(site.html(p)), p)) if pages else None


def shots(site: Site) -> dict[str, str]:
    chosen = {"home": "", "briefing": pick(site, "briefing", PREFERRED_BRIEFING), "entity": pick(site, "entity")}
    return {name: page for name, page in chosen.items() if page is not None}


def take(site: Site, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for width_name, viewport, options in (
                ("desktop", DESKTOP, {}),
                ("phone", PHONE, {"is_mobile": True, "has_touch": True}),
            ):
                context = browser.new_context(viewport=viewport, color_scheme="light", device_scale_factor=1,
                                              **options)
                page = context.new_page()
                for name, path in shots(site).items():
                    page.goto(site.url(path), wait_until="load")
                    page.wait_for_load_state("networkidle")
                    target = out / f"{name}-{width_name}.png"
                    page.screenshot(path=str(target), animations="disabled")
                    written.append(target)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "assets" / "screenshots")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefings-shots-") as tmp:
        work = Path(tmp)
        project = copy_project(work / "project")
        server = SiteServer(work / "site")
        build_site(project, server.directory, server.base_url)
        server.start()
        try:
            site = Site(out=server.directory, base_url=server.base_url, project=project, label="screenshots")
            for path in take(site, args.out):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

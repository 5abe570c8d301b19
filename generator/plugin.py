"""The ``briefings`` MkDocs plugin: runs the incremental build and puts ``briefs/`` into the site.

- ``on_files``: runs ``generator.build.build`` (only what changed is re-extracted and rewritten), then
  adds every page of the manifest as ``briefs/<path>`` with ``File.generated(..., abs_src_path=...)``,
  kept out of the navigation; with ``seed_links: site`` the seeds are published as plain text.
- ``on_page_markdown``: the links in the HTML blocks of the generated pages are resolved like MkDocs
  resolves Markdown links (``generator/render/links.py``); the home page (``home_page``) gets the latest briefings, in place of a
  ``<!-- briefings:latest -->`` line or at its end.
- ``on_post_page``: every page's head gets ``<link rel="alternate" type="application/atom+xml">`` to the feed.
- The Atom feed of the newest briefings (``feed.xml``, ``feed_count`` entries, built with feedgen, its
  links absolute from ``site_url``) is added in ``on_files`` as a generated file, so MkDocs copies it and
  its link checks (``--strict``) know it exists.
- ``on_config`` / ``on_page_content`` / ``on_post_page`` / ``on_post_build``: the site search
  (``generator/search``): its templates go over Material's, listing pages and sections marked
  ``data-search-exclude`` are kept out of it, each page goes to Pagefind as soon as it is rendered, and
  Pagefind writes its index to ``pagefind/`` (after a dirty build, it indexes the written site).
- ``on_pre_build`` / ``on_post_build``: a full build writes over the old site, without emptying it or
  truncating its files first, and then removes what it did not write (``generator/site/overwrite.py``).
- ``on_serve``: watches ``seeds/`` and the templates folder, so a new or edited seed rebuilds its
  brief and reloads the browser (``briefs/`` itself is not watched: it only changes through a build).
"""

from __future__ import annotations

import html
import os
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.meta import YAML_RE, get_data

from generator.config import DEFAULTS, ConfigError, Settings, settings_from_dict
from generator.render.blocks import put_back, set_aside
from generator.render.headings import Converted, Outlines
from generator.render.links import HtmlLinks
from generator.site.frontmatter import FrontMatter
from generator.write.lock import WAITING

if TYPE_CHECKING:
    from mkdocs.utils.templates import TemplateContext

    from generator.build import Warm
    from generator.search.service import PagefindService
    from generator.site.chrome import Chrome
    from generator.write import Manifest

log = get_plugin_logger("briefings")
LATEST_MARKER = "<!-- briefings:latest -->"
SITE_PREFIX = "briefs/"
FEED = "feed.xml"


class BriefingsConfig(base.Config):
    seeds_dir = c.Type(str, default=DEFAULTS["seeds_dir"])
    briefs_dir = c.Type(str, default=DEFAULTS["briefs_dir"])
    templates_dir = c.Optional(c.Type(str))
    cache_dir = c.Type(str, default=DEFAULTS["cache_dir"])
    max_seed_bytes = c.Type(int, default=DEFAULTS["max_seed_bytes"])
    related_count = c.Type(int, default=DEFAULTS["related_count"])
    latest_count = c.Type(int, default=DEFAULTS["latest_count"])
    busiest_topics = c.Type(int, default=DEFAULTS["busiest_topics"])
    timeline_preview = c.Type(int, default=DEFAULTS["timeline_preview"])
    seed_links = c.Type(str, default=DEFAULTS["seed_links"])
    home_page = c.Type(str, default=DEFAULTS["home_page"])
    entity_min_briefs = c.Type(int, default=DEFAULTS["entity_min_briefs"])
    topic_min_briefs = c.Type(int, default=DEFAULTS["topic_min_briefs"])
    entity_quotes = c.Type(int, default=DEFAULTS["entity_quotes"])
    search_quotes = c.Type(int, default=DEFAULTS["search_quotes"])
    source_view = c.Type(bool, default=DEFAULTS["source_view"])
    feed_count = c.Type(int, default=DEFAULTS["feed_count"])
    build_server = c.Type(int, default=DEFAULTS["build_server"])


class GeneratedPage(Page):
    """A page of ``briefs/`` outside the nav: converted from its outline when ``Outlines`` can vouch for
    the result (the same HTML, table of contents and anchors as ``Page.render``), else as usual."""

    outlines: Outlines | None = None
    front_matter: FrontMatter | None = None

    def read_source(self, config: MkDocsConfig) -> None:
        # MkDocs' own reading (mkdocs.utils.meta.get_data), the same data quicker: libyaml's parser takes
        # a tenth of the time of MkDocs' pure-Python one over 24,000 pages, and the front matter the
        # build wrote is read without a parser when it can be (site/frontmatter.py), in a third of that.
        source = config.plugins.on_page_read_source(page=self, config=config)
        if source is None:
            source = self.file.content_string
        m = YAML_RE.match(source)
        if m is None:
            self.markdown, self.meta = get_data(source)
            return
        self.markdown, self.meta = source, {}
        try:
            if self.front_matter is not None:
                data = self.front_matter.load(m.group(1))
            else:
                data = yaml.load(m.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except Exception:  # as MkDocs: front matter that does not parse is left in the page
            return
        if isinstance(data, dict):
            self.markdown, self.meta = source[m.end() :].lstrip("\n"), data

    def render(self, config: MkDocsConfig, files: Files) -> None:
        done = None
        if self.outlines is not None and self.markdown is not None:
            done = self.outlines.convert(self.markdown, lambda text: self._render_as_usual(text, config, files))
        if done is None:
            super().render(config, files)
            return
        self.content = done.html
        self.toc = TableOfContents(done.toc)
        self._title_from_render = done.title
        self.present_anchor_ids = done.ids
        self.links_to_anchors = {}  # the outline has no links: they are all in the HTML blocks

    def _render_as_usual(self, text: str, config: MkDocsConfig, files: Files) -> Converted:
        markdown, self.markdown = self.markdown, text
        try:
            super().render(config, files)
        finally:
            self.markdown = markdown
        return Converted(self.content or "", list(self.toc), set(self.present_anchor_ids or ()), self._title_from_render)


def _slugify(config: MkDocsConfig) -> Callable[[str], str]:
    """The ``toc`` extension's slug function, as the site configures it."""
    from markdown.extensions.toc import slugify

    options = (config.mdx_configs or {}).get("toc", {})
    function = options.get("slugify", slugify)
    separator = options.get("separator", "-")
    return lambda text: function(text, separator)


class _LogStream:
    """A text stream that hands each line to MkDocs' logger (errors as warnings, so ``--strict`` fails;
    the summary and waiting for another build as information)."""

    def __init__(self) -> None:
        self.buf = ""

    def write(self, text: str) -> int:
        self.buf += text
        while "\n" in self.buf:
            line, self.buf = self.buf.split("\n", 1)
            if line.startswith("briefings: ") and not line.startswith("briefings: check"):
                news = (" built, " in line and " failed in " in line) or line.startswith(WAITING)
                (log.info if news else log.warning)(line.removeprefix("briefings: "))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class BriefingsPlugin(BasePlugin[BriefingsConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.command = "build"
        self.manifest: Manifest | None = None  # loaded once per build (it holds every card)
        self.links = HtmlLinks()
        self.held: dict[str, list[str]] = {}  # HTML blocks set aside per page, from on_page_markdown to on_page_content
        self.packed: dict[str, bytes] = {}  # the HTML of pages rendered last, compressed until then (``_pack``)
        self.outlines: Outlines | None = None  # generated pages' outlines, converted once (render/headings.py)
        self.front_matter: FrontMatter | None = None  # their front matter, read without YAML (site/frontmatter.py)
        self.chrome: Chrome | None = None  # Material's chrome rendered once per folder (site/chrome.py)
        self.dirty = False  # ``--dirty``: only some pages are rendered
        self.warm: Warm | None = None  # under ``mkdocs serve``, the work kept from one rebuild to the next
        self.warmed = False  # ``warm`` filled once (``build.warm_up``), after serve's first build
        self.index_files = False  # this build's search indexes the written site afterwards (``index_site``)
        # Pagefind fed page by page as MkDocs writes them (search/service.py)
        self.search: PagefindService | None = None
        self.sent: set[str] = set()  # dest_uri of the HTML files given to it
        self.last_indexed: str | None = None  # the last page it takes, in MkDocs' order
        self.skip: str | None = None  # the site folder it leaves out (``_skip``)
        # A full build writes over the old site instead of MkDocs emptying it first (site/overwrite.py):
        # the file system's time when MkDocs would have cleaned it, and the files the build writes.
        self.since: int | None = None
        self.site_files: list[str] = []
        self.undo_takeover: Callable[[], None] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        from generator.build import Warm

        self.command, self.dirty, self.index_files = command, dirty, dirty
        self.settings = None  # MkDocs keeps this plugin for every command run in its process
        self.warm, self.warmed = (Warm() if command == "serve" else None), False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.settings = None
        self._settings(config)  # report a bad setting before anything is built
        if config.theme.name == "material":
            # the search box runs on Pagefind (on_post_build): its templates go over Material's
            from generator.search import add_theme

            add_theme(config.theme.dirs, config.theme.custom_dir)
            if "material/search" in config.plugins:
                log.warning("the 'search' plugin is not needed: the site search is Pagefind's (remove it from plugins)")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Just before MkDocs empties site_dir (not in a dirty build, which does not): the site is
        # written over instead (site/overwrite.py).
        from generator.site.overwrite import take_over

        self._give_back()
        self.since, self.site_files = None, []
        if not self.dirty:
            self.undo_takeover = take_over(config.site_dir, noted=self._note_clean)

    def _note_clean(self, since: int | None) -> None:
        self.since = since

    def _give_back(self) -> None:
        """MkDocs' own cleaning and writing functions back (site/overwrite.py)."""
        if self.undo_takeover is not None:
            self.undo_takeover()
            self.undo_takeover = None

    def _sweep(self, config: MkDocsConfig) -> None:
        """Remove what the site held before this build and the build did not write (site/overwrite.py)."""
        from generator.site.overwrite import sweep

        since, self.since = self.since, None
        keep, self.site_files = self.site_files, []
        if since is not None and os.path.isdir(config.site_dir):
            removed = sweep(config.site_dir, since, keep)
            log.debug(f"removed {removed} files the build no longer writes from {config.site_dir}")

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        from generator.build import SOURCE_DIR, build, site_seed_uri, warm_up
        from generator.write import MANIFEST_NAME, Manifest

        settings = self._settings(config)
        result = build(settings, stream=_LogStream(), warm=self.warm)  # type: ignore[arg-type]
        if result.fatal:
            raise PluginError("; ".join(e.removeprefix("briefings: ") for e in result.errors))
        if self.warm is not None and not self.warmed:  # serve's first build: make the first change quick
            warm_up(settings, self.warm)
            self.warmed = True
        self.manifest = manifest = Manifest.load(settings.briefs_path / MANIFEST_NAME)
        self.links = HtmlLinks()
        # The source views last: search leaves them out, so Pagefind can build and write its index while
        # MkDocs renders them (``_index``).
        source = SOURCE_DIR + "/"
        for rel in sorted(manifest.pages, key=lambda rel: (rel.startswith(source), rel)):
            path = settings.briefs_path / rel
            if not path.is_file():
                continue
            f = File.generated(config, SITE_PREFIX + rel, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV)
            _replace(files, f)
        if settings.seed_links == "site":
            for name in sorted(manifest.seeds):
                path = settings.root / name
                if path.is_file():
                    _replace(files, File.generated(config, site_seed_uri(settings, name), abs_src_path=str(path)))
        if settings.feed_count > 0:
            feed = feed_xml(settings, config.site_url or "", config.site_name, config.use_directory_urls, manifest)
            _replace(files, File.generated(config, FEED, content=feed))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        # Generated pages outside the nav convert through shared outlines (render/headings.py).
        self.outlines, self.front_matter = None, None
        if not _fast_pages():
            return nav
        self.outlines = outlines = Outlines(slugify=_slugify(config))
        self.front_matter = front_matter = FrontMatter()
        in_nav = {id(p) for p in nav.pages}
        for f in files.documentation_pages():
            page = f.page
            if f.src_uri.startswith(SITE_PREFIX) and page is not None and type(page) is Page and id(page) not in in_nav:
                # The page MkDocs made for the file becomes a GeneratedPage: same data, another render().
                page.__class__ = GeneratedPage
                page.outlines = outlines
                page.front_matter = front_matter
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        settings = self._settings(config)
        if page.file.src_uri.startswith(SITE_PREFIX):
            # Generated pages are mostly HTML blocks: resolve their links, and keep them away from the
            # Markdown and HTML parsers (same HTML, a fraction of the build time; see render/blocks.py).
            markdown, self.held[page.file.src_uri] = set_aside(self.links.resolve(markdown, page.file, files))
        if page.file.src_uri != settings.home_page:
            return markdown
        from generator.search import IGNORE_END, IGNORE_START

        # Each of these briefings is found on its own page: search leaves the list out (generator/search).
        latest = f"{IGNORE_START}\n\n{render_latest(settings, page.file.src_uri, self.manifest)}\n\n{IGNORE_END}\n"
        if LATEST_MARKER in markdown:
            return markdown.replace(LATEST_MARKER, latest, 1)
        return markdown.rstrip("\n") + "\n\n" + latest

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        settings = self._settings(config)
        if page.file.src_uri.startswith(SITE_PREFIX) and self.command == "build":
            # Written once this event returns, and nothing reads it again: MkDocs would keep the Markdown
            # and HTML of every page until the end (700 MB at 10,000 briefings), next to Pagefind's own.
            page.markdown = page.content = None
        if settings.feed_count > 0 and "</head>" in output:
            # Relative to the page, so the link works under any sub-path (and with ``mkdocs serve``).
            href = "../" * page.url.count("/") + FEED
            title = html.escape(f"{config.site_name}: latest briefings", quote=True)
            link = f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">\n'
            output = output.replace("</head>", link + "</head>", 1)
        self._index(page.file.dest_uri, output, config)
        return output

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        if template_name.endswith(".html"):  # 404.html: the command line indexes it too
            self._index(template_name, output_content, config)
        return output_content

    def _index(self, dest_uri: str, output: str, config: MkDocsConfig) -> None:
        """Give a page to Pagefind as soon as it is rendered: it parses it on the other core while MkDocs
        renders the next (search/service.py); after the last page search takes, it builds the index, whose
        files are written as they come, while MkDocs renders the source views. Not in a dirty build, which
        renders only some pages: ``on_post_build`` then indexes the written site."""
        skip = self.skip
        if self.index_files or dest_uri in self.sent or (skip is not None and dest_uri.startswith(skip + "/")):
            return
        from generator.search import SearchError
        from generator.search.service import PagefindService

        try:
            if self.search is None:
                self.search = PagefindService()
            if self.search.writing:  # a page this plugin did not foresee: index the written site instead
                self.search.close()
                self.search, self.index_files = None, True
                return
            self.search.add(dest_uri, output)
            self.sent.add(dest_uri)
            if dest_uri == self.last_indexed:
                self.search.start_write(Path(config.site_dir))
                # Building the index takes Pagefind the most memory it uses (1.3 GB at 10,000 briefings):
                # the cards are not needed past here (the home page, the only page that reads them, is
                # rendered before the briefs), so their memory goes back to the system. That includes
                # the copies kept for the next build of a process that stays, which ``build`` has not.
                self.manifest = None
                if self.command == "build":
                    from generator.write import Manifest
                    from generator.write.state import State

                    Manifest.forget()
                    State.forget()
                release_memory()
        except SearchError as exc:
            raise PluginError(f"briefings: {exc}") from None

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self.chrome = None
        if self.since is not None:
            inclusion = self._written()
            self.site_files = [f.abs_dest_path for f in files if inclusion(f.inclusion)]
        self._plan_index(files, config)
        if self._fast_chrome(config):
            from generator.site.chrome import Chrome

            self.chrome = Chrome(env)
            self.chrome.install()
        return env

    def _page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        from generator.search import prepare_page
        from generator.site.chrome import TEMPLATE

        if page.file.src_uri.startswith(SITE_PREFIX) and "template" not in page.meta and self._fast_chrome(config):
            page.meta["template"] = TEMPLATE
        html = put_back(html, self.held.pop(page.file.src_uri, []))
        return prepare_page(html, page.file.src_uri, page.meta)

    @event_priority(-100)  # after every other plugin's: they see the page's HTML
    def _pack(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """The HTML of a page that search leaves out (a source view), compressed until MkDocs renders it.

        MkDocs converts every page before it renders the first, and renders the source views last, while
        Pagefind builds its index: their HTML would sit in memory next to Pagefind's largest (40 MB at
        10,000 briefings). ``on_page_context`` puts it back before any other plugin's sees the page."""
        skip = self._skip(config) if self.command == "build" else None
        if skip is None or not page.file.dest_uri.startswith(skip + "/"):
            return html
        self.packed[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
        page.markdown = ""  # not read again (``None`` would drop the page's title)
        return ""

    on_page_content = CombinedEvent(_page_content, _pack)

    @event_priority(100)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        packed = self.packed.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8")
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # The site search: the index of the pages Pagefind was given is written (or, after a dirty build,
        # indexes the whole written site); ``mkdocs serve`` too, into its temporary site_dir.
        from generator.search import SearchError, index_site

        service, self.search = self.search, None
        try:
            # every card, every resolved link, the chrome's caches: not needed past the pages
            self.manifest, self.links = None, HtmlLinks()
            if self.chrome is not None:
                self.chrome.release()
            release_memory()
            if service is not None:
                result = service.finish(Path(config.site_dir))
            else:
                result = index_site(Path(config.site_dir), skip=self._skip(config))
        except SearchError as exc:
            raise PluginError(f"briefings: {exc}") from None
        finally:
            if service is not None:
                service.close()
            self._forget_index()
        self._give_back()  # MkDocs' own functions back, once everything is written
        self._sweep(config)
        log.info(f"search: Pagefind indexed {result.pages} pages ({result.bytes / 1e6:.1f} MB)")
        if self.chrome is not None:
            chrome = self.chrome
            log.debug(f"page chrome reused for {chrome.fast} of {chrome.count} generated pages")
            log.debug(f"content partial filled in for {chrome.article.count} generated pages")
            for folder in chrome.off:
                log.info(f"pages in {folder}/ got Material's full render: the shared chrome differed from it")
        if self.outlines is not None:
            log.debug(f"{self.outlines.taken} generated pages converted from {len(self.outlines.outlines)} outlines")
        if self.front_matter is not None:
            log.debug(f"front matter of {self.front_matter.count} generated pages read without YAML")

    def on_build_error(self, *, error: Exception) -> None:
        self._give_back()
        self.since, self.site_files = None, []  # the next build sweeps what this one left
        service, self.search = self.search, None
        if service is not None:  # the build stopped: no index is written
            service.close()
        self._forget_index()

    def _forget_index(self) -> None:
        """The next build plans its search index afresh (``mkdocs serve`` keeps this plugin)."""
        self.sent, self.last_indexed, self.index_files = set(), None, self.dirty
        self.packed = {}

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        settings = self._settings(config)
        if settings.seeds_path.is_dir():
            server.watch(str(settings.seeds_path))
        if settings.templates_path is not None and settings.templates_path.is_dir():
            server.watch(str(settings.templates_path))
        return server

    def _plan_index(self, files: Files, config: MkDocsConfig) -> None:
        """Before MkDocs writes anything: give Pagefind the HTML files it copies as they are (their
        source is the same text), and note the last page, in MkDocs' order, that search takes."""
        if self.index_files:
            return
        self.skip = skip = self._skip(config)
        inclusion = self._written()
        for f in files:
            if f.dest_uri.endswith(".html") and not f.is_documentation_page() and f.abs_src_path and inclusion(f.inclusion):
                self._index(f.dest_uri, Path(f.abs_src_path).read_text(encoding="utf-8", errors="replace"), config)
        self.last_indexed = None
        for f in files.documentation_pages(inclusion=inclusion):
            if skip is None or not f.dest_uri.startswith(skip + "/"):
                self.last_indexed = f.dest_uri

    def _written(self) -> Callable[[InclusionLevel], bool]:
        """Which files MkDocs writes in this command (``serve`` also writes the drafts)."""
        return InclusionLevel.is_in_serve if self.command == "serve" else InclusionLevel.is_included

    def _skip(self, config: MkDocsConfig) -> str | None:
        """The folder of the site that search leaves out: the source views."""
        from generator.build import SOURCE_DIR

        return SITE_PREFIX + SOURCE_DIR if self._settings(config).source_view else None

    @staticmethod
    def _fast_chrome(config: MkDocsConfig) -> bool:
        return config.theme.name == "material" and _fast_pages()

    def _settings(self, config: MkDocsConfig) -> Settings:
        if self.settings is None:
            root = Path(config.config_file_path or ".").resolve().parent
            values = {k: v for k, v in dict(self.config).items() if k != "enabled" and v is not None}
            try:
                self.settings = settings_from_dict(root, values)
            except ConfigError as exc:
                raise PluginError(str(exc)) from None
        return self.settings


def _fast_pages() -> bool:
    # BRIEFINGS_FAST_PAGES=0: every page converted and rendered by MkDocs (and Material) in full; the
    # tests compare the two.
    return os.environ.get("BRIEFINGS_FAST_PAGES", "1") != "0"


def release_memory() -> None:
    """Hand the memory of the pages already written back to the system before Pagefind starts: glibc
    keeps freed blocks for reuse otherwise, so the build's peak would be both processes at their largest."""
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL(None).malloc_trim(0)


def render_latest(settings: Settings, page_uri: str, manifest: Manifest | None = None) -> str:
    """The home template (latest briefings, busiest topics) with links relative to ``page_uri``."""
    from generator.build import home_context
    from generator.relate import topic_index
    from generator.render.env import Renderer, RenderError
    from generator.write import MANIFEST_NAME, Manifest

    if manifest is None:
        manifest = Manifest.load(settings.briefs_path / MANIFEST_NAME)
    cards = sorted((e.card for e in manifest.seeds.values()), key=lambda c: c.id)
    depth = page_uri.count("/")
    base = "../" * depth + SITE_PREFIX
    try:
        return Renderer(settings.templates_path).render(
            "home.md.j2", home_context(settings, cards, topic_index(cards), base=base, heading=False)
        )
    except RenderError as exc:
        raise PluginError(f"briefings: template error: {exc}") from None


def _feed_date(published: str | None) -> datetime | None:
    """An ISO date as precise as the article says (2023, 2023-05, 2023-05-02) as a UTC datetime."""
    if not published:
        return None
    parts = [*published.split("-"), "1", "1"][:3]
    try:
        return datetime(int(parts[0]), int(parts[1]), int(parts[2][:2]), tzinfo=UTC)
    except ValueError:
        return None


def feed_xml(
    settings: Settings, site_url: str, site_name: str, directory_urls: bool = True, manifest: Manifest | None = None
) -> bytes:
    """The Atom feed of the newest ``feed_count`` briefings (feedgen builds and escapes the XML).

    Deterministic: every date comes from the briefings (an undated one takes the newest date in the
    feed, or 1970 when none has a date), never from the clock."""
    from feedgen.feed import FeedGenerator

    from generator.relate import newest_first
    from generator.write import MANIFEST_NAME, Manifest

    if manifest is None:
        manifest = Manifest.load(settings.briefs_path / MANIFEST_NAME)
    cards = newest_first(e.card for e in manifest.seeds.values())[: settings.feed_count]
    base = site_url if site_url.endswith("/") else site_url + "/"
    dates = [d for d in (_feed_date(c.published) for c in cards) if d is not None]
    newest = max(dates, default=datetime(1970, 1, 1, tzinfo=UTC))
    fg = FeedGenerator()
    fg.id(base)
    fg.title(f"{site_name}: latest briefings")
    fg.link(href=base, rel="alternate")
    fg.link(href=base + FEED, rel="self")
    fg.updated(newest)
    fg.generator("briefings")
    fg.author(name=site_name)  # Atom wants an author; entries name their publisher when known
    for card in cards:
        url = base + SITE_PREFIX + (f"{card.id}/" if directory_urls else f"{card.id}.html")
        entry = fg.add_entry(order="append")  # newest first, as ``cards`` are
        entry.id(url)
        entry.title(card.title)
        entry.link(href=url, rel="alternate")
        entry.summary(card.summary or card.title)
        when = _feed_date(card.published) or newest
        entry.updated(when)
        entry.published(when)
        if card.source:
            entry.author(name=card.source)
    return fg.atom_str(pretty=True)


def _replace(files: Files, f: File) -> None:
    old = files.get_file_from_path(f.src_uri)
    if old is not None:
        files.remove(old)
    files.append(f)

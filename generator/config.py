"""Build settings: the ``briefings`` plugin block of ``mkdocs.yml``, with defaults.

``briefings build`` and the MkDocs plugin read the same block, so the site and the command line always
agree.  Relative paths are relative to the folder holding ``mkdocs.yml`` (the project root).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from generator.read.seeds import DEFAULT_MAX_BYTES


class ConfigError(Exception):
    """The settings cannot be used; the message names the key and the problem."""


@dataclass(frozen=True)
class Settings:
    """Every setting of the ``briefings`` plugin block (names are the YAML keys)."""

    root: Path
    seeds_dir: str = "seeds"
    briefs_dir: str = "briefs"
    templates_dir: str | None = None
    cache_dir: str = ".cache/briefings"
    max_seed_bytes: int = DEFAULT_MAX_BYTES
    related_count: int = 5
    latest_count: int = 20
    busiest_topics: int = 10
    timeline_preview: int = 10
    seed_links: str = "site"
    home_page: str = "index.md"
    entity_min_briefs: int = 2
    topic_min_briefs: int = 2
    entity_quotes: int = 50
    search_quotes: int = 2
    source_view: bool = True
    feed_count: int = 20
    build_server: int = 1000  # briefings from which a build starts a build server (0: never)

    @property
    def seeds_path(self) -> Path:
        return self.root / self.seeds_dir

    @property
    def briefs_path(self) -> Path:
        return self.root / self.briefs_dir

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir

    @property
    def templates_path(self) -> Path | None:
        return self.root / self.templates_dir if self.templates_dir else None

    def render_fingerprint(self) -> str:
        """A hash of the settings that change rendered pages (paths of the cache and seeds, and when a
        build server starts, excluded)."""
        skip = ("root", "cache_dir", "templates_dir", "build_server")
        data = {k: v for k, v in asdict(self).items() if k not in skip}
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


# Keys a user may set, with their types (root is not a key: it is where mkdocs.yml lives).
_TYPES: dict[str, tuple[type, ...]] = {
    "seeds_dir": (str,),
    "briefs_dir": (str,),
    "templates_dir": (str, type(None)),
    "cache_dir": (str,),
    "max_seed_bytes": (int,),
    "related_count": (int,),
    "latest_count": (int,),
    "busiest_topics": (int,),
    "timeline_preview": (int,),
    "seed_links": (str,),
    "home_page": (str,),
    "entity_min_briefs": (int,),
    "topic_min_briefs": (int,),
    "entity_quotes": (int,),
    "search_quotes": (int,),
    "source_view": (bool,),
    "feed_count": (int,),
    "build_server": (int,),
}
KEYS = tuple(_TYPES)
DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(Settings) if f.name != "root"}


def settings_from_dict(root: Path, values: dict[str, Any]) -> Settings:
    """Validated settings from a plugin block; unknown keys and wrong types are errors."""
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("enabled",):  # MkDocs' own per-plugin switch, not ours
            continue
        if key not in _TYPES:
            raise ConfigError(f"briefings: unknown setting {key!r} (known: {', '.join(KEYS)})")
        if not isinstance(value, _TYPES[key]) or (isinstance(value, bool) and bool not in _TYPES[key]):
            raise ConfigError(f"briefings: setting {key!r} has the wrong type ({type(value).__name__})")
        clean[key] = value
    counts = ("max_seed_bytes", "related_count", "latest_count", "busiest_topics", "timeline_preview",
              "entity_min_briefs", "topic_min_briefs", "entity_quotes", "search_quotes", "feed_count",
              "build_server")  # fmt: skip
    at_least_one = ("max_seed_bytes", "entity_min_briefs", "topic_min_briefs")
    for key in counts:
        if key in clean and clean[key] < (1 if key in at_least_one else 0):
            raise ConfigError(f"briefings: setting {key!r} is too small")
    link = clean.get("seed_links", "site")
    if link not in ("site", "none") and not (link.startswith(("http://", "https://")) and "{path}" in link):
        raise ConfigError("briefings: seed_links must be 'site', 'none' or an http(s) URL containing {path}")
    return Settings(root=root.resolve(), **clean)


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads mkdocs.yml's custom tags (``!ENV``, ``!!python/name:``) as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _any_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def load_settings(config_path: str | Path) -> Settings:
    """Settings from the ``briefings`` entry of ``plugins`` in ``config_path`` (defaults when absent)."""
    path = Path(config_path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except FileNotFoundError:
        raise ConfigError(f"briefings: {path}: no such config file") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"briefings: {path}: not valid YAML: {exc}") from None
    block: dict[str, Any] = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "briefings" in entry:
            block = entry["briefings"] or {}
    if not isinstance(block, dict):
        raise ConfigError(f"briefings: {path}: the briefings plugin block must be a mapping")
    return settings_from_dict(path.parent, block)

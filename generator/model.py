"""The data that flows between the pipeline's stages.

read (``Document``) -> clean (``Cleaned``) -> extract (``Brief``) -> relate (``Related``) -> render.

``Brief`` is the contract of ``../shared/spec/extract-json.md``: ``Brief.to_json()`` is exactly what
``briefings extract`` prints and what the templates render.  Offsets are Python ``str`` offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

EntityType = Literal["person", "organization", "place", "other"]


class SeedError(Exception):
    """A seed that cannot be turned into a brief; the message is one line naming the reason."""


@dataclass
class Document:
    """A decoded seed, before cleaning.

    ``text`` is the decoded source text (BOM stripped, newlines normalised): the ``boilerplate``
    offsets of the brief index into it.  ``body_start`` is where the article proper starts (after a
    Markdown front-matter block); for HTML seeds ``text`` is the main text the HTML reader found.
    ``meta`` holds what the seed states about itself (front matter, HTML metadata): any of
    ``title``, ``source``, ``published``, ``authors``, ``url``, ``topics``; those override extraction.
    """

    seed: str
    format: Literal["txt", "md", "html"]
    text: str
    body_start: int = 0
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Removed:
    """A stretch of ``Document.text`` that cleaning removed, and why."""

    start: int
    end: int
    reason: str


@dataclass
class Cleaned:
    """The article text that extraction runs on.

    ``body`` is the cleaned text; ``removed`` lists what was cut from ``Document.text``.
    ``source``, ``place``, ``year``, ``authors``, ``title`` are metadata evidence found in the
    removed parts (dateline, copyright line, byline, title line).
    """

    body: str
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    source: str | None = None
    place: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Fact:
    text: str
    start: int
    end: int


@dataclass
class Quote:
    text: str
    speaker: str | None
    speaker_role: str | None
    cue: str | None
    start: int
    end: int


@dataclass
class Entity:
    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Brief:
    """The structured brief of one seed (field order = the spec's)."""

    seed: str
    id: str
    title: str
    title_source: Literal["seed", "generated"]
    source: str | None
    published: str | None
    authors: list[str]
    summary: str
    body: str
    key_facts: list[Fact]
    quotes: list[Quote]
    entities: list[Entity]
    topics: list[str]
    boilerplate: list[tuple[int, int, str]]

    def to_json(self) -> dict[str, Any]:
        # By hand, in field order: ``dataclasses.asdict`` deep-copies every value, 1 ms a brief in the
        # process that gathers 10,000 of them (tests/test_extract_speed.py checks it is asdict's data).
        return {
            "seed": self.seed,
            "id": self.id,
            "title": self.title,
            "title_source": self.title_source,
            "source": self.source,
            "published": self.published,
            "authors": list(self.authors),
            "summary": self.summary,
            "body": self.body,
            "key_facts": [{"text": f.text, "start": f.start, "end": f.end} for f in self.key_facts],
            "quotes": [
                {
                    "text": q.text, "speaker": q.speaker, "speaker_role": q.speaker_role, "cue": q.cue,
                    "start": q.start, "end": q.end,
                }
                for q in self.quotes
            ],
            "entities": [
                {"name": e.name, "type": e.type, "aliases": list(e.aliases), "mentions": [list(m) for m in e.mentions]}
                for e in self.entities
            ],
            "topics": list(self.topics),
            "boilerplate": [list(b) for b in self.boilerplate],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Brief:
        return cls(
            seed=data["seed"],
            id=data["id"],
            title=data["title"],
            title_source=data["title_source"],
            source=data["source"],
            published=data["published"],
            authors=list(data["authors"]),
            summary=data["summary"],
            body=data["body"],
            key_facts=[Fact(**f) for f in data["key_facts"]],
            quotes=[Quote(**q) for q in data["quotes"]],
            entities=[
                Entity(e["name"], e["type"], list(e["aliases"]), [tuple(m) for m in e["mentions"]])
                for e in data["entities"]
            ],
            topics=list(data["topics"]),
            boilerplate=[(b[0], b[1], b[2]) for b in data["boilerplate"]],
        )

"""Extract stage: ``Document`` -> ``Brief``, streaming many documents through the NER model at once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from generator.clean import clean
from generator.extract import facts, metadata
from generator.extract.entities import build_entities
from generator.extract.ner import Mention, recognize
from generator.extract.quotes import extract_quotes
from generator.extract.sentences import split_sentences
from generator.extract.topics import topics
from generator.model import Brief, Cleaned, Document


def slug(seed: str) -> str:
    """The brief's id: the seed's file name, lower-cased ASCII words joined by hyphens."""
    stem = PurePath(seed).stem
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "brief"


def extract_many(docs: Iterable[Document]) -> Iterator[Brief]:
    """Briefs for ``docs``, in order; the NER model sees the cleaned bodies as one stream."""
    cleaned_docs = ((doc, clean(doc)) for doc in docs)
    pending: list[tuple[Document, Cleaned]] = []

    def bodies() -> Iterator[str]:
        for doc, cleaned in cleaned_docs:
            pending.append((doc, cleaned))
            yield cleaned.body

    for mentions in recognize(bodies()):
        doc, cleaned = pending.pop(0)
        yield assemble(doc, cleaned, mentions)


def extract(doc: Document) -> Brief:
    return next(extract_many([doc]))


def assemble(doc: Document, cleaned: Cleaned, mentions: list[Mention]) -> Brief:
    """Everything after NER: pure, from the cleaned text and its mentions to the brief."""
    body = cleaned.body
    sentences = split_sentences(body)
    entities = build_entities(body, mentions)
    quotes = extract_quotes(body, sentences, entities)
    kf = facts.key_facts(sentences, quotes)
    title, title_source = metadata.title(doc, cleaned, sentences)
    return Brief(
        seed=doc.seed,
        id=slug(doc.seed),
        title=title,
        title_source=title_source,  # type: ignore[arg-type]
        source=metadata.source(doc, cleaned),
        published=metadata.published(doc, cleaned),
        authors=metadata.authors(doc, cleaned),
        summary=facts.summary(sentences, kf),
        body=body,
        key_facts=kf,
        quotes=quotes,
        entities=entities,
        topics=topics(entities, doc.meta.get("topics")),
        boilerplate=[(r.start, r.end, r.reason) for r in cleaned.removed],
    )

"""Extract stage: ``Document`` -> ``Brief``, streaming many documents through the NER model at once."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from generator.clean import clean
from generator.extract import CHUNK, PARALLEL_MIN_DOCS, default_workers, facts, metadata
from generator.extract.entities import build_entities
from generator.extract.ner import Mention, load_model, recognize
from generator.extract.quotes import extract_quotes
from generator.extract.sentences import split_sentences
from generator.extract.topics import topics
from generator.model import Brief, Cleaned, Document
from generator.read.seeds import slug


def extract_many(docs: Iterable[Document], workers: int | None = None) -> Iterator[Brief]:
    """Briefs for ``docs``, in order.

    The NER model sees the cleaned bodies as one stream.  Large inputs are split into chunks handed to
    ``workers`` processes (default: the CPUs available, or ``BRIEFINGS_WORKERS``); each document is
    extracted on its own, so the output is the same, in the same order, whichever way it runs.
    """
    it = iter(docs)
    head = list(islice(it, PARALLEL_MIN_DOCS))
    n = default_workers() if workers is None else workers
    if n <= 1 or len(head) < PARALLEL_MIN_DOCS:
        yield from _extract_stream(chain(head, it))
        return
    yield from _extract_parallel(chain(head, it), n)


def _extract_stream(docs: Iterable[Document]) -> Iterator[Brief]:
    cleaned_docs = ((doc, clean(doc)) for doc in docs)
    pending: deque[tuple[Document, Cleaned]] = deque()

    def bodies() -> Iterator[str]:
        for doc, cleaned in cleaned_docs:
            pending.append((doc, cleaned))
            yield cleaned.body

    for mentions in recognize(bodies()):
        doc, cleaned = pending.popleft()
        yield assemble(doc, cleaned, mentions)


def _extract_chunk(docs: list[Document]) -> list[Brief]:
    return list(_extract_stream(docs))


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while chunk := list(islice(it, size)):
        yield chunk


def _extract_parallel(docs: Iterable[Document], workers: int) -> Iterator[Brief]:
    # fork shares the loaded model with the workers for free; elsewhere each worker loads it once
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(workers, initializer=load_model) as pool:
        for briefs in pool.imap(_extract_chunk, _chunks(docs, CHUNK), chunksize=1):
            yield from briefs


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
        topics=topics(entities, doc.meta.get("topics"), body),
        boilerplate=[(r.start, r.end, r.reason) for r in cleaned.removed],
    )

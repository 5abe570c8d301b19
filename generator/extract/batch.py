"""Extraction over many seed files: read errors reported per file, the rest streamed through."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from generator.extract.brief import extract_many
from generator.model import Brief, Document, SeedError
from generator.read.seeds import DEFAULT_MAX_BYTES, discover, load, parse


def extract_paths(paths: Iterable[str], max_bytes: int | None = None) -> Iterator[tuple[str, Brief | SeedError]]:
    """(seed name, brief or error) for every seed under ``paths``, in order."""
    limit = max_bytes or DEFAULT_MAX_BYTES
    files = discover(paths)
    results: dict[int, Brief | SeedError] = {}
    docs: list[tuple[int, Document]] = []
    for i, path in enumerate(files):
        try:
            docs.append((i, parse(load(path, str(path), limit))))
        except SeedError as exc:
            results[i] = exc
        except Exception as exc:  # a bug must not take the other seeds down
            results[i] = SeedError(f"internal error: {type(exc).__name__}: {exc}")
    for (i, _), brief in zip(docs, extract_many(d for _, d in docs), strict=True):
        results[i] = brief
    for i, path in enumerate(files):
        yield str(path), results[i]


def extract_each(docs: list[Document], step: Callable[[], None] | None = None) -> Iterator[Brief | SeedError]:
    """Briefs for ``docs`` in order, streamed through the model; a crash isolates the document that
    caused it (it gets a ``SeedError``, the others their briefs).  ``step`` is called per document."""
    from generator.extract import brief  # (looked up at each call: tests put a crashing one in its place)

    extract_many = brief.extract_many
    done = 0
    try:
        for brief in extract_many(docs):
            done += 1
            if step is not None:
                step()
            yield brief
        return
    except Exception:  # fall back to one document at a time from the first unfinished one
        pass
    for doc in docs[done:]:
        try:
            yield next(extract_many([doc]))
        except Exception as exc:
            yield SeedError(f"internal error while extracting: {type(exc).__name__}: {exc}")
        if step is not None:
            step()

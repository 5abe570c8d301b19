"""Headline, publisher, date and authors: from the seed's own metadata, else from the text's evidence."""

from __future__ import annotations

import re

from generator.model import Cleaned, Document, Sentence


def title(doc: Document, cleaned: Cleaned, sentences: list[Sentence]) -> tuple[str, str]:
    """-> (title, "seed" | "generated")."""
    given = doc.meta.get("title") or cleaned.title
    if given:
        return given, "seed"
    if not sentences:
        return doc.seed, "generated"
    first = sentences[0].text
    first = re.sub(r"\s*[,;:].*$", "", first) if len(first) > 90 else first
    return first.rstrip(".").strip(), "generated"


def source(doc: Document, cleaned: Cleaned) -> str | None:
    return doc.meta.get("source") or cleaned.source


def published(doc: Document, cleaned: Cleaned) -> str | None:
    return doc.meta.get("published") or cleaned.published


def authors(doc: Document, cleaned: Cleaned) -> list[str]:
    return list(doc.meta.get("authors") or cleaned.authors)

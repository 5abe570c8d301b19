"""Saved web pages -> ``Document``: the main article text plus title, date, authors and publisher."""

from __future__ import annotations

from generator.model import Document, SeedError


def read_html(name: str, data: bytes) -> Document:
    import trafilatura

    if not data.strip():
        raise SeedError("empty file")
    if b"\x00" in data[:4096]:
        raise SeedError("binary file (NUL bytes), not HTML")
    result = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, favor_precision=False)
    if result is None:
        raise SeedError("no article text found in the HTML page")
    doc = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (doc.get("text") or "").strip()
    if not text:
        raise SeedError("no article text found in the HTML page")
    meta = {}
    if doc.get("title"):
        meta["title"] = doc["title"]
    if doc.get("date"):
        meta["published"] = doc["date"][:10]
    if doc.get("author"):
        meta["authors"] = [a.strip() for a in doc["author"].split(";") if a.strip()]
    if doc.get("sitename"):
        meta["source"] = doc["sitename"]
    if doc.get("url"):
        meta["url"] = doc["url"]
    return Document(name, "html", text, 0, meta)

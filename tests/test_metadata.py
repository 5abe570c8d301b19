"""Metadata: the seed's own values win; otherwise the title is generated from the lede."""

from __future__ import annotations

from generator.clean import clean
from generator.extract import metadata
from generator.extract.sentences import split_sentences
from generator.model import Document


def _meta(text: str, meta: dict[str, object] | None = None) -> dict[str, object]:
    doc = Document(seed="seeds/a.txt", format="txt", text=text, meta=dict(meta or {}))
    cleaned = clean(doc)
    title, title_source = metadata.title(doc, cleaned, split_sentences(cleaned.body))
    return {
        "title": title,
        "title_source": title_source,
        "source": metadata.source(doc, cleaned),
        "published": metadata.published(doc, cleaned),
        "authors": metadata.authors(doc, cleaned),
    }


def test_generated_headline_is_the_main_clause_of_the_lede() -> None:
    got = _meta(
        "(Harbourwire) -- Velmar and Ostland are planning to expand their joint naval patrols in the strait, "
        "a move that has angered fishing crews on both sides.\nThe patrols start in May.\n\u00a92023 Harbourwire L.P."
    )
    assert got == {
        "title": "Velmar and Ostland are planning to expand their joint naval patrols in the strait",
        "title_source": "generated",
        "source": "Harbourwire",
        "published": "2023",
        "authors": [],
    }


def test_long_lede_is_cut_at_a_phrase_boundary() -> None:
    got = _meta(
        "Council leader Ilse Maren has been confirmed as the woman who will open the rebuilt harbour wall of "
        "Kapra with the mayor of Orlen at a ceremony on Saturday morning.\nThe wall cost 40 million crowns."
    )
    title = str(got["title"])
    assert title.startswith("Council leader Ilse Maren has been confirmed")
    assert 6 <= len(title.split()) <= 18
    assert title.split()[-1].lower() not in {"of", "the", "with", "a", "at", "to", "and"}
    assert not title.endswith((".", ","))


def test_headline_skips_a_leading_caption() -> None:
    got = _meta("Big day: The crowd at the harbour on Saturday\nThe rebuilt harbour wall of Kapra was opened on Saturday.\n")
    assert got["title"] == "Big day: The crowd at the harbour on Saturday"  # a title line of the seed
    got = _meta("Big day: The crowd at the harbour on Saturday. The rebuilt harbour wall of Kapra was opened on Saturday.")
    assert got["title"] == "The rebuilt harbour wall of Kapra was opened on Saturday"


def test_seed_metadata_overrides_extraction() -> None:
    got = _meta(
        "By Jane Doe\nWASHINGTON (Reuters) - Senator Ada Quill said on Friday she would seek a third term.",
        {"title": "Quill runs again", "source": "Example Wire", "published": "2024-02-01", "authors": ["A. Writer"]},
    )
    assert got == {
        "title": "Quill runs again", "title_source": "seed", "source": "Example Wire",
        "published": "2024-02-01", "authors": ["A. Writer"],
    }


def test_evidence_from_byline_and_dateline() -> None:
    got = _meta("By Jane Doe and Tom Rell\nWASHINGTON (Reuters) - Senator Ada Quill said on Friday she would seek a third term.")
    assert got["authors"] == ["Jane Doe", "Tom Rell"]
    assert got["source"] == "Reuters"
    assert got["published"] is None  # no date anywhere: none invented
    assert got["title_source"] == "generated"

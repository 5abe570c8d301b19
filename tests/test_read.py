"""The read stage: decoding rules, format detection, front matter, refusals."""

from __future__ import annotations

import codecs

import pytest

from generator.model import SeedError
from generator.read.decode import decode
from generator.read.frontmatter import split_front_matter
from generator.read.seeds import discover, load, parse_bytes

ARTICLE = "The council voted 7-2 on Tuesday to close the Harbour Street bridge — for repairs.\r\nIt reopens in May.\r\n"


def test_utf8_with_and_without_bom_and_crlf() -> None:
    expected = ARTICLE.replace("\r\n", "\n")
    assert decode(ARTICLE.encode("utf-8")) == expected
    assert decode(codecs.BOM_UTF8 + ARTICLE.encode("utf-8")) == expected


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    assert decode(bom + ARTICLE.encode(encoding)) == ARTICLE.replace("\r\n", "\n")


def test_cp1252_fallback_keeps_curly_quotes_and_dashes() -> None:
    text = "\u201cWe are ready,\u201d said Ana Lu\u00eds \u2013 the mayor.\n"
    assert decode(text.encode("cp1252")) == text


def test_lone_cr_newlines_are_normalised() -> None:
    assert decode(b"One line.\rTwo lines.\r") == "One line.\nTwo lines.\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    ],
)
def test_refusals_name_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SeedError, match=reason):
        decode(data)


def test_front_matter_overrides_and_offset() -> None:
    text = (
        "---\ntitle: 'Bridge: closed {{ now }}'\nsource: Harbour Gazette\npublished: 2024-03-05\n"
        "authors: [Mia Ode, Tom Ruiz]\ntopics: Transport, Harbour City\nurl: https://example.org/a\n---\n"
        "The council voted on Tuesday.\n"
    )
    meta, start = split_front_matter(text)
    assert meta == {
        "title": "Bridge: closed {{ now }}",
        "source": "Harbour Gazette",
        "published": "2024-03-05",
        "authors": ["Mia Ode", "Tom Ruiz"],
        "url": "https://example.org/a",
        "topics": ["Transport", "Harbour City"],
    }
    assert text[start:] == "The council voted on Tuesday.\n"


def test_front_matter_partial_date_and_no_block() -> None:
    assert split_front_matter("---\npublished: 2023-07\n---\nText.")[0] == {"published": "2023-07"}
    assert split_front_matter("No front matter here.\n---\n") == ({}, 0)


def test_bad_front_matter_is_a_seed_error() -> None:
    with pytest.raises(SeedError, match="front matter"):
        parse_bytes("a.md", b"---\ntitle: [unclosed\n---\nText.\n")
    with pytest.raises(SeedError, match="no article text"):
        parse_bytes("a.md", b"---\ntitle: Only a title\n---\n\n")


def test_format_detection_by_suffix() -> None:
    assert parse_bytes("x/a.txt", b"Plain text.").format == "txt"
    doc = parse_bytes("x/b.MD", b"---\ntitle: T\n---\nBody text.")
    assert (doc.format, doc.meta["title"], doc.text[doc.body_start:]) == ("md", "T", "Body text.")


def test_discover_and_size_limit(tmp_path) -> None:
    (tmp_path / "b.txt").write_text("Second.")
    (tmp_path / "a.md").write_text("First.")
    (tmp_path / "notes.json").write_text("{}")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text("<p>x</p>")
    assert [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])] == ["a.md", "b.txt", "sub/c.html"]
    with pytest.raises(SeedError, match="too large"):
        load(tmp_path / "b.txt", max_bytes=3)
    with pytest.raises(SeedError, match="no such file"):
        load(tmp_path / "missing.txt")


def test_slug_takes_the_file_name_as_path_stem_and_ascii_folding_would() -> None:
    import re
    import unicodedata
    from pathlib import PurePath

    from generator.read.seeds import slug

    def reference(seed: str) -> str:  # the definition the quick one must keep to
        stem = unicodedata.normalize("NFKD", PurePath(seed).stem).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "brief"

    names = [
        "seeds/Kapra Rail Strike.txt", "seeds/sub/2024-05-01_Orlen.HTML", "seeds/Zürich talks — día 2.md",
        "seeds/Ωmega.txt", "seeds/.hidden.txt", "seeds/..x", "seeds/x.", "seeds/x", "seeds/a.b.c.md",
        "seeds/dir.d/plain", "seeds/./a.txt", "seeds/a/.", "seeds/a/..", "seeds/trailing/", "", ".", "/",
        "/abs/olute/Ünïcode Ňame.htm", "seeds/ﬁnance.txt", "seeds/---.txt", "seeds/日本.txt",
    ]  # fmt: skip
    for name in names:
        assert slug(name) == reference(name), name
    assert slug("seeds/Zürich talks — día 2.md") == "zurich-talks-dia-2"
    assert slug("seeds/日本.txt") == "brief"

"""Huge inputs finish in bounded time, and extraction does not depend on the hash seed.

The inputs are generated here (invented people, places and organisations): a ~2 MB article of many
paragraphs, a 1 MB article on a single line, a 1.5 MB HTML page.  The time limits are generous on
purpose (speed targets live in ``bench/``): they catch quadratic blow-ups, which take minutes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from generator.extract import brief as brief_module
from generator.extract.batch import extract_paths
from generator.model import Brief

ROOT = Path(__file__).resolve().parent.parent

_GIVEN = ["Ada", "Tomas", "Mirela", "Oskar", "Lena", "Faris", "Ines", "Bruno", "Katya", "Reuben"]
_FAMILY = ["Quillon", "Marvik", "Tessaro", "Brandt", "Okonedo", "Halvard", "Pellar", "Dunmore", "Ferrand", "Vasko"]
_TOWNS = ["Orlen", "Kapra", "Veldoria", "Tarsk", "Brellin", "Moravin"]
_ORGS = ["Orlen Port Authority", "Kapra Rail Company", "Veldoria Farmers Union", "Tarsk Water Board"]


def _paragraph(i: int) -> str:
    given, family = _GIVEN[i % 10], _FAMILY[(i // 10) % 10]
    town, org = _TOWNS[i % 6], _ORGS[i % 4]
    return (
        f"{given} {family}, a spokeswoman for the {org}, said on Monday that {3 + i % 40} ferries were delayed "
        f"near {town} after a storm. \u201cWe expect the harbour to reopen by Thursday,\u201d {family} said. "
        f"The {org} has asked Mr. {family} to report to the council in {town}. Officials in Germany and "
        f"France were told of the delays, which cost about {i % 90 + 10} million dollars."
    )


def long_article(chars: int) -> str:
    """Paragraphs of news prose up to ``chars`` characters, with a title line."""
    paras = ["Storm delays ferries across the northern ports"]
    size, i = len(paras[0]), 0
    while size < chars:
        paras.append(_paragraph(i))
        size += len(paras[-1]) + 2
        i += 1
    return "\n\n".join(paras) + "\n"


def one_line_article(chars: int) -> str:
    """The same prose as one line without any newline (a scraped page flattened)."""
    return long_article(chars).replace("\n\n", " ").replace("\n", "")


def html_page(chars: int) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in long_article(chars).split("\n\n")[1:])
    nav = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(200))
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Storm delays ferries | Orlen Gazette</title>"
        '<meta property="article:published_time" content="2024-03-05T09:00:00Z"></head><body>'
        f"<nav><ul>{nav}</ul></nav><article><h1>Storm delays ferries across the northern ports</h1>"
        f"{body}</article><footer>Copyright Orlen Gazette</footer></body></html>\n"
    )


# A stand-in for the statistical model: every run of capitalised words is a mention, its type taken in turn.
# The model's own time is linear in the text (spaCy pipes 100,000-character pieces) and is measured in
# bench/; standing it in keeps these tests quick and makes them time the project's own code, where
# a quadratic step would hide.  It yields many more mentions than the model would: a harder test.
_CAPS_RUN = re.compile(r"[A-Z][a-z]+(?:[ ][A-Z][a-z]+)*")
_LABELS = ("PERSON", "ORG", "GPE")


def _fast_recognize(texts: Iterable[str]) -> Iterator[list[tuple[int, int, str]]]:
    for text in texts:
        yield [(m.start(), m.end(), _LABELS[i % 3]) for i, m in enumerate(_CAPS_RUN.finditer(text))]


def _extract_timed(path: Path) -> tuple[Brief, float]:
    t0 = time.perf_counter()
    results = list(extract_paths([str(path)]))
    took = time.perf_counter() - t0
    assert len(results) == 1
    brief = results[0][1]
    assert isinstance(brief, Brief), brief
    return brief, took


def _sane(brief: Brief, body_chars: int) -> None:
    assert brief.title
    assert "Storm delays ferries" in brief.title or "ferries" in (brief.summary or "")
    assert 1 <= len(brief.key_facts) <= 10
    names = {e.name for e in brief.entities}
    assert {"Germany", "France"} <= names
    assert len(brief.quotes) > 100  # every paragraph carries a quote
    assert all("harbour" in q.text for q in brief.quotes[:20])
    assert body_chars > 0


@pytest.mark.parametrize(
    ("name", "make", "chars"),
    [
        ("article.txt", long_article, 2_000_000),
        ("one-line.txt", one_line_article, 1_000_000),
        ("page.html", html_page, 1_500_000),
    ],
)
def test_huge_seeds_finish_in_bounded_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, make: Callable[[int], str], chars: int
) -> None:
    monkeypatch.setattr(brief_module, "recognize", _fast_recognize)
    path = tmp_path / name
    text = make(chars)
    assert len(text) >= 0.95 * chars
    if name.endswith("one-line.txt"):
        assert "\n" not in text.rstrip("\n")
    path.write_text(text, encoding="utf-8")
    brief, took = _extract_timed(path)
    _sane(brief, len(text))
    assert took < 60.0, f"{name}: {took:.1f} s"  # linear code takes seconds; quadratic takes many minutes


def test_a_long_one_line_article_through_the_real_model(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text(one_line_article(200_000), encoding="utf-8")
    brief, took = _extract_timed(path)
    _sane(brief, 200_000)
    people = {e.name for e in brief.entities if e.type == "person"}
    assert "Ada Quillon" in people
    assert took < 120.0, f"{took:.1f} s"


def _extract_seeds(hashseed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "BRIEFINGS_WORKERS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "extract", "seeds", "--format", "jsonl"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True,
    )
    return done.stdout


def test_output_does_not_depend_on_the_hash_seed() -> None:
    a = _extract_seeds("1")
    b = _extract_seeds("4242")
    lines = a.splitlines()
    assert len(lines) == len(list((ROOT / "seeds").iterdir()))
    assert all(json.loads(line)["entities"] for line in lines)
    assert a == b

"""The benchmark corpus generator: deterministic, the right size and mix, realistic spread, extractable."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # ``bench`` is a folder of scripts at the top level, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from generator.extract.batch import extract_paths  # noqa: E402
from generator.model import Brief, SeedError  # noqa: E402


@pytest.fixture(scope="module")
def thousand() -> list[tuple[str, str]]:
    return corpus.generate(1000)


def test_same_n_gives_identical_files_and_a_larger_n_only_appends() -> None:
    small = corpus.generate(40)
    assert small == corpus.generate(40)
    assert corpus.generate(41)[:40] == small
    assert corpus.generate(40, seed=1) != small


def test_identical_across_processes_whatever_the_hash_seed() -> None:
    code = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]); from bench import corpus; "
        "print(hashlib.sha256(repr(corpus.generate(200)).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code, str(ROOT)], env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert digests == {hashlib.sha256(repr(corpus.generate(200)).encode()).hexdigest()}


def test_count_and_unique_sorted_names(thousand: list[tuple[str, str]]) -> None:
    names = [name for name, _ in thousand]
    assert len(names) == len(set(names)) == 1000
    assert names == sorted(names)
    assert all(re.fullmatch(r"\d{6}-[a-z]+-[a-z0-9-]+\.(txt|md|html)", n) for n in names)


def test_format_mix(thousand: list[tuple[str, str]]) -> None:
    ext = Counter(name.rsplit(".", 1)[1] for name, _ in thousand)
    assert 780 <= ext["txt"] <= 910
    assert 60 <= ext["md"] <= 150
    assert 20 <= ext["html"] <= 90
    txt = [text for name, text in thousand if name.endswith(".txt")]
    # Each copied-text shape occurs: wire dateline, agency dateline, byline, promo and copyright lines.
    assert (
        sum(bool(re.search(r"^[A-Z][A-Z .'-]+(, [A-Z][a-z]+ \d+)? \([A-Z][A-Za-z ]+\) - ", t, re.M)) for t in txt) > 100
    )
    assert sum(" — " in t and re.search(r"^By [A-Z ]+$", t, re.M) is not None for t in txt) > 50
    assert sum(t.count("Read more: ") >= 1 for t in txt) > 50
    assert sum(bool(re.search(r"^(©|Copyright )\d{4} ", t, re.M)) for t in txt) > 50
    md = [text for name, text in thousand if name.endswith(".md")]
    assert all(t.startswith("---\ntitle: ") for t in md)
    html = [text for name, text in thousand if name.endswith(".html")]
    assert all('property="og:title"' in t and '"@type": "NewsArticle"' in t and "<article>" in t for t in html)


def test_article_lengths_and_dates(thousand: list[tuple[str, str]]) -> None:
    for name, text in thousand:
        if name.endswith(".txt"):
            assert 250 <= len(text.split()) <= 800, name
    years = Counter(m for _, t in thousand for m in re.findall(r"\b(20[12]\d)-\d\d-\d\d\b", t))
    assert set(years) <= {str(y) for y in range(2019, 2025)}


def test_entities_follow_a_long_tail(thousand: list[tuple[str, str]]) -> None:
    people = {p.full for pool in corpus._POOLS.people.values() for p in pool}
    docs_per_person: Counter[str] = Counter()
    for _, text in thousand:
        found = set(re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+(?:-[a-z]+)?", text)) & people
        docs_per_person.update(found)
    counts = sorted(docs_per_person.values(), reverse=True)
    # A few people are in many stories, most in only a handful.
    assert counts[0] >= 40
    assert len(counts) >= 300
    assert sum(c <= 5 for c in counts) > len(counts) / 2


def test_cli_writes_the_generated_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert corpus.main(["--n", "7", "--out", str(tmp_path / "c")]) == 0
    written = sorted((p.name, p.read_text(encoding="utf-8")) for p in (tmp_path / "c").iterdir())
    assert written == corpus.generate(7)
    assert "7 seeds" in capsys.readouterr().err


def test_a_small_corpus_extracts_without_errors(tmp_path: Path) -> None:
    files = corpus.generate(20)
    corpus.write(files, tmp_path)
    results = dict(extract_paths([str(tmp_path)]))
    assert len(results) == 20
    errors = {k: v for k, v in results.items() if isinstance(v, SeedError)}
    assert not errors
    headlines = {}
    for name, text in files:
        if name.endswith(".md"):
            headlines[name] = re.search(r'^title: "(.*)"$', text, re.M).group(1)
    for path, brief in results.items():
        assert isinstance(brief, Brief)
        assert brief.title and len(brief.body) > 1000
        name = Path(path).name
        if name in headlines:  # front matter overrides extraction
            assert brief.title == headlines[name]
            assert brief.title_source == "seed"

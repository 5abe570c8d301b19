"""`briefings extract`: the JSON contract, ordering, and per-file errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SPEC_FIELDS = [
    "seed", "id", "title", "title_source", "source", "published", "authors", "summary", "body",
    "key_facts", "quotes", "entities", "topics", "boilerplate",
]
ARTICLE = (
    "OSLO (Reuters) - Norway's central bank raised its main interest rate to 4.5 percent on Thursday, "
    "its highest level since 2008, as inflation stayed well above target.\n\n"
    "\"Inflation is too high and we need to act,\" Governor Ida Wolden Bache told reporters in Oslo.\n\n"
    "The bank said it expected to keep rates at that level for some time.\n"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, check=False)


def test_extract_jsonl_order_errors_and_contract(tmp_path: Path) -> None:
    (tmp_path / "a-rates.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "d-again.md").write_text("---\ntitle: Rates again\npublished: 2023-06-22\n---\n" + ARTICLE)
    proc = run("extract", str(tmp_path), "--format", "jsonl")
    assert proc.returncode == 1
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "b-empty.txt" in errors[0] and "empty" in errors[0]
    assert "c-binary.txt" in errors[1] and "binary" in errors[1]
    briefs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(b["seed"]).name for b in briefs] == ["a-rates.txt", "d-again.md"]
    for brief in briefs:
        assert list(brief) == SPEC_FIELDS
        for span in [*brief["key_facts"], *brief["quotes"]]:
            body_part = brief["body"][span["start"]:span["end"]]
            assert span["text"] in body_part or body_part in span["text"]
        for ent in brief["entities"]:
            assert ent["type"] in {"person", "organization", "place", "other"}
            for start, end in ent["mentions"]:
                assert brief["body"][start:end].strip()
    first, second = briefs
    assert first["source"] == "Reuters"
    assert "(Reuters)" not in first["body"] and "OSLO" not in first["body"][:10]
    assert (second["title"], second["title_source"], second["published"]) == ("Rates again", "seed", "2023-06-22")


def test_extract_json_is_one_array_and_deterministic(tmp_path: Path) -> None:
    seed = tmp_path / "rates.txt"
    seed.write_text(ARTICLE, encoding="utf-8")
    one, two = run("extract", str(seed)), run("extract", str(seed), "--format", "json")
    assert one.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    data = json.loads(one.stdout)
    assert isinstance(data, list) and len(data) == 1 and data[0]["id"] == "rates"


def test_extract_missing_file_is_reported(tmp_path: Path) -> None:
    proc = run("extract", str(tmp_path / "nope.txt"), "--format", "jsonl")
    assert proc.returncode == 1 and proc.stdout == ""
    assert "nope.txt" in proc.stderr and "no such file" in proc.stderr

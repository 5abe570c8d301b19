"""The generated pages' front matter read without YAML (``site/frontmatter.py``) is what YAML reads."""

from __future__ import annotations

import random

import pytest
import yaml
from mkdocs.utils.meta import YAML_RE

from generator.build import _fm_text, front_matter
from generator.site import frontmatter
from generator.site.frontmatter import FrontMatter, simple

TRICKY = [
    "Calder Steel profit jumps",
    "Port strike ends after 12 days: dockers accept 4% rise",
    "C# rises; #1 seed falls",
    'Kim\'s "last" word',
    "'Quoted' start",
    "yes",
    "No",
    "null",
    "~",
    "2019-06-24",
    "1:20",
    "0x1F",
    "1e3",
    ".inf",
    "-5",
    "+1",
    "<<",
    "=",
    "- a list?",
    "? key",
    "[draft] plan",
    "{braces}",
    "@handle",
    "`code`",
    "%percent",
    "!tag",
    "&anchor",
    "*alias",
    "|pipe",
    ">fold",
    "trailing colon:",
    "Zürich – São Paulo 😀",
    "tab\there",
    "line\u2028break",
    "nbsp\u00a0#hash",
    "",
    " padded ",
    "AT&amp;T",
]


def _block(data: dict[str, object]) -> str:
    m = YAML_RE.match(front_matter(data) + "# Page\n")
    assert m is not None
    return m.group(1)


@pytest.mark.parametrize("value", TRICKY)
def test_a_value_reads_as_yaml_reads_it(value: str) -> None:
    for data in (
        {"title": value},
        {"tags": [value, "Health"]},
        {"title": "x", "search": {"exclude": True}, "e": value},
    ):
        block = _block(data)
        got = simple(block)
        assert got is None or got == yaml.safe_load(block), block


def test_the_build_s_own_front_matter_is_read_without_yaml() -> None:
    pages = [
        {"title": _fm_text("Harbour board approves $40 million plan [draft]"), "date": "2026-03-02",
         "tags": ["Port Ellery", "Mara Quillan", "Economy"], "seed": "seeds/harbour.md", "seed_sha256": "0" * 64,
         "generator": "briefings 0.1.0"},
        {"title": _fm_text("Source: Kim's <script> & co"), "search": {"exclude": True}},
        {"title": "Mara Quillan", "entity": "person"},
        {"title": "Topics", "tags": []},
    ]  # fmt: skip
    for data in pages:
        block = _block(data)
        assert simple(block) == yaml.safe_load(block) == data


@pytest.mark.parametrize(
    "block",
    [
        "title:\n",  # null
        "date: 2019-06-24\n",  # a date, to YAML
        "count: 12\n",
        "draft: true\n",
        "tags:\n- 1.5\n",
        "x: null\n",
        "title: x\nsearch:\n",  # null last
        "yes: 1\n",  # a boolean key
        'title: "double"\n',  # double-quoted: left to YAML
        "title: x\ntitle: y\n",  # the last wins in YAML
        "search:\n  exclude: True\n",  # a boolean spelled otherwise
        "search:\n  deeper:\n    x: 1\n",
        "tags:\n- a\n  b: c\n",
        "title: x # comment\n",
        "title:  x\n",
        "title: 'open\n",
        "- a\n",
    ],
)
def test_other_shapes_are_left_to_yaml(block: str) -> None:
    assert simple(block) is None


def test_random_front_matter_reads_as_yaml_reads_it() -> None:
    rng = random.Random(7)
    alphabet = "abcXYZ019 :#-'\"!&*?|>%@`,[]{}~.=+<\t\\/é€😀\u2028\u00a0"
    words = ["yes", "Off", "true", "null", "~", "12", "0o7", "1e3", "2019-06-24", "1:20", ".nan", "-", "<<"]
    used = 0
    for _ in range(5000):

        def text() -> str:
            if rng.random() < 0.3:
                return rng.choice(words) + rng.choice(["", " ", "x", ":", " #a", ": b"])
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))

        data: dict[str, object] = {}
        for key in rng.sample(["title", "date", "tags", "search", "seed"], rng.randint(1, 4)):
            kind = rng.random()
            data[key] = [text() for _ in range(rng.randint(0, 3))] if kind < 0.3 else (
                {"exclude": rng.choice([True, False, text()])} if kind < 0.45 else text())  # fmt: skip
        block = _block(data)
        got = simple(block)
        if got is not None:
            used += 1
            assert got == yaml.safe_load(block), block
    assert used > 1000  # most are in the simple shape


def test_a_difference_from_yaml_sends_the_later_pages_to_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = FrontMatter()
    block = _block({"title": "Calder Steel", "tags": ["Economy"]})
    assert reader.load(block) == {"title": "Calder Steel", "tags": ["Economy"]} and reader.trusted
    monkeypatch.setattr(frontmatter, "simple", lambda text: {"title": "wrong"})
    assert reader.load(block) == {"title": "Calder Steel", "tags": ["Economy"]}  # the second page is checked
    assert not reader.trusted
    monkeypatch.undo()
    assert reader.load(block) == {"title": "Calder Steel", "tags": ["Economy"]}
    assert reader.count == 2  # the later pages went to YAML

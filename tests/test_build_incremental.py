"""Incremental builds write exactly what a build from scratch writes, byte for byte, through changes
that reach beyond the changed briefing: a new entity page, a briefing re-dated, one deleted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import generator.build as build_mod
from generator.build import run_build


def seed(title: str, date: str, topics: str, body: str) -> str:
    return f"---\ntitle: {title}\nsource: Velm Courier\npublished: {date}\ntopics: [{topics}]\n---\n{body}\n"


SEEDS = {
    "ferry.md": seed("Ferry line to Ostrava Bay reopens", "2024-02-03", "Ferries, Ostrava Bay",
                     'Harbour master Lena Oduya reopened the ferry line to Ostrava Bay on Saturday. '
                     '"The crossing is safe again," Oduya said. Mayor Piet Calder thanked the crews.'),
    "budget.md": seed("Ostrava Bay council passes budget", "2024-02-10", "Budget, Ostrava Bay",
                      'Mayor Piet Calder won a vote on the Ostrava Bay budget on Monday. '
                      '"We kept every ferry running," Calder said after the vote.'),
    "storm.md": seed("Storm closes Ostrava Bay harbour", "2024-01-20", "Weather, Ferries",
                     'A storm closed the harbour at Ostrava Bay on Friday. Harbour master Lena Oduya '
                     'said no ferry would sail before Sunday.'),
    "chess.md": seed("Mira Castell wins the Velm Open", "2024-03-01", "Chess, Mira Castell",
                     'Grandmaster Mira Castell won the Velm Open on Sunday. "I was lucky in round two," '
                     'Castell said.'),
    "school.md": seed("New school opens in Ostrava Bay", "2024-02-10", "Schools, Ostrava Bay",
                      "A new school opened in Ostrava Bay on Monday. Teacher Anouk Brel showed "
                      "visitors around the library."),
}
CONFIG = "site_name: Test\nplugins:\n  - briefings:\n      related_count: 3\n"


@pytest.fixture(autouse=True)
def fixed_extractor_fingerprint(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pin the extraction fingerprint, so that others editing extraction code mid-run change nothing."""
    monkeypatch.setattr(build_mod, "extractor_fingerprint", lambda: "test extractor")
    monkeypatch.setattr(build_mod, "_fork_safe", lambda: True)  # the forked extraction, as the CLI has it
    yield


def files(briefs: Path) -> dict[str, bytes]:
    return {str(p.relative_to(briefs)): p.read_bytes() for p in sorted(briefs.rglob("*")) if p.is_file()}


def from_scratch(project: Path, tmp: Path) -> dict[str, bytes]:
    """What a first build of the same seeds writes."""
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    shutil.copytree(project / "seeds", fresh / "seeds")
    shutil.copy(project / "mkdocs.yml", fresh / "mkdocs.yml")
    assert run_build(fresh / "mkdocs.yml") == 0
    return files(fresh / "briefs")


@pytest.mark.parametrize("topic_min", [2, 1])
def test_incremental_builds_equal_builds_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, topic_min: int
) -> None:
    """With topic pages from two briefings (the default; Weather gains its page in the last step) and
    from one."""
    early: list[int] = []  # builds that worked on the unchanged briefings while extracting
    real_start = build_mod._Early.start.__func__  # type: ignore[attr-defined]

    def start(cls: type, *args: object) -> object:
        early.append(1)
        return real_start(cls, *args)

    monkeypatch.setattr(build_mod._Early, "start", classmethod(start))
    project = tmp_path / "p"
    (project / "seeds").mkdir(parents=True)
    for name, text in SEEDS.items():
        (project / "seeds" / name).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG + f"      topic_min_briefs: {topic_min}\n", encoding="utf-8")
    assert run_build(project / "mkdocs.yml") == 0
    seeds = project / "seeds"
    steps = [
        # a second briefing naming Mira Castell: her entity page appears, and pages linking her change
        # (her topic page too, although the new briefing is filed under Chess only)
        lambda: (seeds / "rematch.md").write_text(seed(
            "Mira Castell loses the Karst rematch", "2024-03-09", "Chess",
            'Mira Castell lost the Karst rematch on Saturday. "Next year," Castell said.'), encoding="utf-8"),
        # re-dated: its place among equally related briefings changes
        lambda: (seeds / "budget.md").write_text(
            SEEDS["budget.md"].replace("2024-02-10", "2023-11-02"), encoding="utf-8"),
        # deleted: Anouk Brel's only briefing goes, and Ostrava Bay has one briefing fewer
        lambda: (seeds / "school.md").unlink(),
        # edited text and a new one at once
        lambda: (
            (seeds / "storm.md").write_text(SEEDS["storm.md"].replace("Friday", "Thursday"), encoding="utf-8"),
            (seeds / "gale.md").write_text(seed(
                "Gale delays Ostrava Bay ferries", "2024-02-03", "Weather, Ferries, Ostrava Bay",
                "A gale delayed the ferries of Ostrava Bay on Saturday, harbour master Lena Oduya said."),
                encoding="utf-8"),
        ),
    ]
    mira = project / "briefs" / "people" / "mira-castell.md"
    mira_topic = project / "briefs" / "topics" / "mira-castell.md"
    chess = project / "briefs" / "chess.md"
    weather = project / "briefs" / "topics" / "weather.md"
    assert not mira.exists() and weather.exists() == (topic_min == 1)
    if topic_min == 1:
        assert "search:" not in mira_topic.read_text(encoding="utf-8")
    else:  # a topic of one briefing: no page, and named without a link
        assert not mira_topic.exists() and "Mira Castell</p>" in chess.read_text(encoding="utf-8")
    for step in steps:
        step()
        assert run_build(project / "mkdocs.yml") == 0
        assert files(project / "briefs") == from_scratch(project, tmp_path)
        assert mira.exists()  # the first step made the page; the others keep it
        if topic_min == 1:
            # ... and her topic page, which the new briefing is not filed under, now points to it instead
            assert "search:" in mira_topic.read_text(encoding="utf-8")
        else:  # ... and her briefing's topic, still without a page, links to it
            assert not mira_topic.exists() and '<a href="people/mira-castell.md">Mira Castell</a>' in chess.read_text(
                encoding="utf-8"
            )
    assert weather.exists()  # (the last step filed a second briefing under it)
    assert len(early) >= len(steps) - 1  # (a step deleting only extracts nothing)

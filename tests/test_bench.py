"""The scale benchmark harness (bench/run.py): its project, its reference config, its measures."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # ``bench`` is a folder of scripts at the top level, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import run as bench  # noqa: E402


class _AnyTag(yaml.SafeLoader):
    pass


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_default_nav_config_drops_nav_and_plugin_and_keeps_the_rest() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    out = yaml.load(bench.without_blocks(text), Loader=_AnyTag)
    original = yaml.load(text, Loader=_AnyTag)
    assert "nav" in original and "nav" not in out and "not_in_nav" not in out
    names = [p if isinstance(p, str) else next(iter(p)) for p in out["plugins"]]
    assert "briefings" not in names and names == [
        p if isinstance(p, str) else next(iter(p)) for p in original["plugins"] if p != "briefings" and "briefings" not in p
    ]
    assert out["theme"] == original["theme"] and out["markdown_extensions"] == original["markdown_extensions"]


def test_material_search_reference_swaps_the_plugin_for_materials_search(tmp_path: Path) -> None:
    project = bench.make_project(tmp_path, 3, seed=0)
    (project / "briefs" / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    out = bench.material_search(project, tmp_path, timeout=300)
    assert "error" not in out, out
    config = yaml.load((tmp_path / "material-search" / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "briefings" not in names and "search" in names and config["nav"]
    assert (out["site"] / "briefs" / "a" / "index.html").is_file() and out["index_bytes"] > 0


def test_project_has_the_corpus_and_the_template_override_folder(tmp_path: Path) -> None:
    project = bench.make_project(tmp_path, 5, seed=0)
    seeds = sorted(p.name for p in (project / "seeds").iterdir())
    assert len(seeds) == 5 and seeds[0].startswith("000000-")
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)
    settings = next(p["briefings"] for p in config["plugins"] if isinstance(p, dict) and "briefings" in p)
    assert settings["templates_dir"] == "templates" and (project / "templates").is_dir()
    assert list((project / "briefs").iterdir()) == []
    assert (project / "docs" / "index.md").is_file()


def test_run_measures_time_exit_code_and_peak_memory_of_the_process_tree(tmp_path: Path) -> None:
    # a child that holds ~150 MB, started from a parent that holds little: the tree's peak counts it
    child = "import time; b = bytearray(150_000_000); b[::4096] = b'x' * len(b[::4096]); time.sleep(0.5)"
    parent = f"import subprocess, sys; sys.exit(subprocess.call([sys.executable, '-c', {child!r}]) + 3)"
    r = bench.run([sys.executable, "-c", parent], tmp_path)
    assert r.rc == 3
    assert r.seconds >= 0.5
    assert r.peak_rss >= 150_000_000


def test_run_stops_a_command_at_its_timeout(tmp_path: Path) -> None:
    r = bench.run([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path, timeout=0.5)
    assert r.rc == -9 and r.seconds < 10


def test_build_step_builds_like_the_command_and_reports_its_counters(tmp_path: Path) -> None:
    project = bench.make_project(tmp_path, 3, seed=0)
    r, counts = bench.build_step(project)
    assert r.rc == 0 and counts["extracted"] == 3 and counts["failed"] == 0
    assert "briefings: " in r.stderr  # the summary line, printed before the process ends
    briefs = sorted(p.name for p in (project / "briefs").glob("*.md") if p.name != "index.md")
    assert len(briefs) == 3 and (project / "briefs" / "manifest.json").is_file()
    # nothing changed: nothing extracted, and the counters still come out of the quick exit
    r, counts = bench.build_step(project)
    assert r.rc == 0 and counts["extracted"] == 0 and counts["unchanged"] == 3 and counts["written"] == []


def test_build_step_ends_as_the_command_does_with_its_exit_code(tmp_path: Path) -> None:
    """The process ends where ``briefings build`` ends (``exit_when_done``, after the summary line),
    with the same exit code: 1 when a seed failed; the counters are printed before it ends."""
    project = bench.make_project(tmp_path, 2, seed=0)
    (project / "seeds" / "empty.txt").write_bytes(b"")
    r = bench.run([sys.executable, "-m", "bench.build_once", str(project / "mkdocs.yml")], project)
    counts = json.loads(r.stdout.strip().splitlines()[-1])
    assert r.rc == 1 and counts["failed"] == 1 and counts["extracted"] == 2
    assert "bench.build_once: the build returned" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[-1].startswith("briefings: 2 built, 0 unchanged, 0 removed, 1 failed in ")
    assert any(line.startswith("briefings: seeds/empty.txt: ") for line in lines)


def _page(briefs: Path, rel: str, text: str, tick: int = 0) -> None:
    path = briefs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    # a rewrite may land in the same clock tick as the first write: give it a later time
    os.utime(path, ns=(1_000_000_000 * (1 + tick),) * 2)


def test_add_one_classifies_rewritten_files(tmp_path: Path) -> None:
    briefs = tmp_path
    _page(briefs, "a.md", "# A\n- [B](b.md)\n")
    _page(briefs, "b.md", "# B\n")
    _page(briefs, "c.md", "# C\n- [B](b.md)\n")
    _page(briefs, "topics/x.md", "- [A](../a.md)\n")
    _page(briefs, "manifest.json", "{}")
    _page(briefs, "d.md", "# D\n- Mira Dahl\n")
    before = bench.snapshot(briefs)
    # the new brief is Mira Dahl's second: her page appears, and D now links it
    _page(briefs, "people/mira-dahl.md", "- [New](../new.md)\n- [D](../d.md)\n", tick=1)
    _page(briefs, "d.md", "# D\n- [Mira Dahl](people/mira-dahl.md)\n", tick=1)
    _page(briefs, "entities/index.md", "- [Mira Dahl](../people/mira-dahl.md) 2\n", tick=1)
    _page(briefs, "new.md", "# New\n", tick=1)
    _page(briefs, "a.md", "# A\n- [New](new.md)\n- [B](b.md)\n", tick=1)  # now relates the new brief
    _page(briefs, "c.md", "# C\n- [B](b.md) — also about Y\n", tick=1)  # rewritten, does not list it
    _page(briefs, "source/new.md", '<p><a href="../new.md">Back to the briefing</a></p>\n', tick=1)
    _page(briefs, "topics/x.md", "- [New](../new.md)\n- [A](../a.md)\n", tick=1)
    _page(briefs, "manifest.json", '{"n": 1}', tick=1)
    _page(briefs, "manifest/3.json", '{"n": 2}', tick=1)
    after = bench.snapshot(briefs)
    report = bench._classify_add(briefs, before, after, {"built": 2})
    assert report["new"] == ["new.md"]
    assert report["briefs"] == ["a.md", "source/new.md"]
    assert report["topics"] == ["topics/x.md"]
    assert report["index"] == ["entities/index.md"] and report["manifest"] == ["manifest.json", "manifest/3.json"]
    assert report["entities"] == ["people/mira-dahl.md"]
    assert report["entity_links"] == ["d.md"]
    assert report["unexpected"] == ["c.md"]


def test_card_to_json_is_asdict_as_json() -> None:
    """``Card.to_json`` is written out by hand for speed: it must still carry every field, as asdict would
    (tuples stay tuples: JSON writes them as arrays all the same)."""
    import dataclasses
    import json

    from generator.relate.cards import Card

    values: dict[str, object] = {}
    for i, f in enumerate(dataclasses.fields(Card)):
        if f.name == "topics":
            values[f.name] = ("Trade", "Kenya")
        elif f.name == "entities":
            values[f.name] = (("Amara Okafor", "person", 3), ("Nairobi", "place", 1))
        elif f.name == "quotes":
            values[f.name] = (("Amara Okafor", "minister", "We will sign.", 0),)
        else:
            values[f.name] = f"value {i}"
    card = Card(**values)  # type: ignore[arg-type]
    expected = {
        k: [list(x) if isinstance(x, tuple) else x for x in v] if isinstance(v, tuple) else v
        for k, v in dataclasses.asdict(card).items()
    }
    assert json.dumps(card.to_json()) == json.dumps(expected)
    assert Card.from_json(card.to_json()) == card


def test_seed_names_resolve_like_path_resolve(tmp_path: Path) -> None:
    """The build scans seeds with os.scandir (for speed): names must be what ``Path.resolve`` gives,
    each file once, whatever links lead to it."""
    from generator.build import scan_seeds
    from generator.config import settings_from_dict

    root = tmp_path / "project"
    (root / "seeds" / "sub").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    (outside / "deep").mkdir(parents=True)
    (outside / "far.txt").write_text("x")
    (outside / "deep" / "c.html").write_text("x")
    (root / "seeds" / "a.txt").write_text("x")
    (root / "seeds" / ".hidden.txt").write_text("x")
    (root / "seeds" / "notes.pdf").write_text("x")
    (root / "seeds" / "sub" / "b.md").write_text("x")
    (root / "seeds" / "link.txt").symlink_to(outside / "far.txt")  # a symlinked seed: outside the project
    (root / "seeds" / "linked").symlink_to(root / "seeds" / "sub")  # a second way into sub/
    (root / "seeds" / "archive").symlink_to(outside / "deep")  # articles kept elsewhere
    (root / "seeds" / "sub" / "loop").symlink_to(root / "seeds")  # a link back up
    names = [s.name for s in scan_seeds(settings_from_dict(root, {}))]
    assert names == sorted(["seeds/a.txt", "seeds/sub/b.md", (outside / "far.txt").resolve().as_posix(),
                            (outside / "deep" / "c.html").resolve().as_posix()])  # fmt: skip


def test_queries_are_the_last_words_of_the_two_most_listed_multiword_names(tmp_path: Path) -> None:
    (tmp_path / "topics").mkdir()
    index = tmp_path / "topics" / "index.md"
    index.write_text("- [Ada Lark](ada-lark.md) (3)\n- [Velm](velm.md) (9)\n- [Bo Fenn](bo-fenn.md) (5)\n")
    assert bench.pick_queries(tmp_path) == ("Fenn", "Lark")
    index.write_text('<ul>\n<li><a href="a.md">Ada Lark</a> (3) · latest 2020</li>\n'
                     '<li><a href="b.md">Bo O&#39;Fenn</a> (5)</li>\n<li><a href="c.md">velm</a> (9)</li>\n</ul>\n')
    assert bench.pick_queries(tmp_path) == ("O'Fenn", "Lark")

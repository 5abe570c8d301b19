"""Scale benchmarks (issue 5): the whole path on a generated corpus, printed as one table.

    .venv/bin/python -m bench.run --n 1000            # about 5 minutes on 2 cores
    .venv/bin/python -m bench.run --n 10000 --keep    # about half an hour; --keep leaves the project

It writes a throw-away project (a copy of ``mkdocs.yml`` and ``docs/``, an empty ``briefs/``, an empty
``templates/`` override folder, and ``bench.corpus`` as ``seeds/``) into a temporary folder and measures:

* cold ``briefings build`` (read, extract, relate, render, write; no briefs, no cache), against
  spaCy's full ``en_core_web_sm`` pipeline alone over the same texts (``nlp.pipe``, every component,
  as many processes as the build uses; model loading not timed), in the same run;
* no-op build (the ``briefings build`` command, process start included);
* add one seed, then build: which files were rewritten, and whether each of them lists the new brief;
* change one template (an override in ``templates/``), then build: pages re-rendered, seeds re-extracted;
* ``mkdocs build`` (wall time, peak memory of the process tree), against the same pages built with
  MkDocs' default navigation (no ``nav``: every page in it; no plugin, the same Markdown copied in);
* site size per 1,000 briefings; the site's search index (Pagefind, written by ``mkdocs build``): its
  size, bytes a browser fetches for two queries, time from typing a query in the header's search box
  to the first result, in headless Chromium on localhost; against Material's default search over the
  same pages (a second build with the ``search`` plugin in place of the ``briefings`` plugin).

Timings are medians of ``--repeat`` runs where a step is cheap enough (cold builds and the default-nav
reference run once above 2,000 seeds).  The build steps run as separate processes, as a user runs
them.  The table goes to stdout (Markdown); ``--json FILE`` saves every number.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CHROMIUM = Path(os.environ.get("BRIEFINGS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
MB = 1_000_000
# Where the processes we start import ``generator`` from: a frozen copy (see ``freeze_code``) first.
PYTHONPATH: list[str] = [str(ROOT)]


# ---------------------------------------------------------------- running and measuring a process


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes: the largest sum of RSS over the process and its descendants, sampled
    rc: int
    stdout: str
    stderr: str


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss(p)
        todo.extend(_children(p))
    return total


def run(cmd: Sequence[str], cwd: Path, timeout: float | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd``; wall time, peak RSS of its process tree (sampled every 50 ms, and the kernel's
    ``ru_maxrss`` of the largest process as a floor), exit code and output."""
    # No build server unless a step asks for one (``SERVER``): each step's numbers are its own.
    full_env = {**os.environ, "PYTHONPATH": os.pathsep.join(PYTHONPATH), "BRIEFINGS_BUILD_SERVER": "0", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        seconds, peak, rc = _wait(cmd, cwd, full_env, out, err, timeout)
        out.seek(0)
        err.seek(0)
        return Run(seconds, peak, rc, out.read().decode(errors="replace"), err.read().decode(errors="replace"))


def _wait(
    cmd: Sequence[str], cwd: Path, env: dict[str, str], out: Any, err: Any, timeout: float | None
) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rc = -9
    try:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                rc = os.waitstatus_to_exitcode(status)
                peak = max(peak, usage.ru_maxrss * 1024)
                break
            if timeout is not None and time.perf_counter() - t0 > timeout:
                os.killpg(proc.pid, 9)  # our own session: the command and its workers, nothing else
                _, status, _ = os.wait4(proc.pid, 0)
                rc = -9
                break
            time.sleep(0.01)
    finally:
        seconds = time.perf_counter() - t0
        stop.set()
        sampler.join()
        proc.returncode = rc
    return seconds, peak, rc


def check(r: Run, what: str) -> Run:
    if r.rc != 0:
        raise SystemExit(f"bench: {what} failed (exit {r.rc}):\n{r.stderr[-3000:]}")
    return r


def build_step(project: Path) -> tuple[Run, dict[str, Any]]:
    """One build in a fresh process that runs as ``briefings build`` does (bench/build_once.py), with its counters."""
    r = check(run([sys.executable, "-m", "bench.build_once", str(project / "mkdocs.yml")], project), "build")
    return r, json.loads(r.stdout.strip().splitlines()[-1])


def cli_build(project: Path, env: dict[str, str] | None = None) -> Run:
    """The ``briefings build`` command itself, as a user types it."""
    return check(run([str(VENV_BIN / "briefings"), "build"], project, env=env), "briefings build")


SERVER = {"BRIEFINGS_BUILD_SERVER": "1"}  # the commands of the build-server steps may use one


# A build's summary line (``BuildResult.summary``): built, unchanged, removed, failed, seconds.
_SUMMARY = re.compile(r"^briefings: (\d+) built, (\d+) unchanged, (\d+) removed, (\d+) failed in ([\d.]+)s", re.M)


def watch_adds(project: Path, seeds: list[tuple[str, str]], timeout: float = 120) -> list[float]:
    """Seconds from writing each seed into ``seeds/`` to ``briefings watch``'s summary line of the build
    it made: the wait of someone who drops an article in with the watcher running."""
    import queue
    import signal
    import threading

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(PYTHONPATH)}
    proc = subprocess.Popen(
        [str(VENV_BIN / "briefings"), "watch"], cwd=project, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stderr or ()], daemon=True).start()

    def next_line(match: Callable[[str], bool]) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                proc.kill()
                raise SystemExit("bench: briefings watch gave no answer") from None
            if match(line):
                return line

    times = []
    try:
        next_line(lambda ln: ln.startswith("briefings: watching"))
        for name, text in seeds:
            t0 = time.perf_counter()
            (project / "seeds" / name).write_bytes(text.encode("utf-8"))
            line = next_line(lambda ln: _SUMMARY.match(ln) is not None)
            times.append(time.perf_counter() - t0)
            if not line.startswith("briefings: 1 built"):
                print(f"bench: watch: {line.strip()}", file=sys.stderr)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return times


def _spacy_ref(seeds: str, workers: int, every: int) -> int:
    """Seconds for spaCy's full pipeline over the texts our reader gives for ``seeds`` (load not timed).

    With ``every`` > 1 only every ``every``-th text is run, and the time is scaled up by characters
    (spaCy's cost is linear in the text): a 10,000-seed reference would otherwise take as long as the build.
    """
    import spacy

    from generator.extract.ner import MODEL
    from generator.read.seeds import DEFAULT_MAX_BYTES, discover, load, parse

    texts = [parse(load(p, str(p), DEFAULT_MAX_BYTES)).text for p in discover([seeds])]
    sample = texts[::every]
    nlp = spacy.load(MODEL)
    list(nlp.pipe(sample[:8]))  # warm-up
    t0 = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(sample, batch_size=64, n_process=workers))
    seconds = time.perf_counter() - t0
    scale = sum(map(len, texts)) / max(1, sum(map(len, sample)))
    print(
        json.dumps(
            {"seconds": seconds * scale, "measured_s": seconds, "texts": n, "of": len(texts), "pipes": nlp.pipe_names}
        )
    )
    return 0


# ---------------------------------------------------------------- the throw-away project


def freeze_code(where: Path, rev: str) -> str:
    """Run every step on a copy of ``generator/`` taken once per ``--dir``: the commit ``rev``, or the
    working tree for ``worktree``.

    The build re-extracts every seed when the extraction code changes, so in a working tree that is
    being edited, a no-op build measured against the live code would not be one.  Returns what it took.
    """
    code = where / "code"
    if not (code / "generator").is_dir():
        code.mkdir(parents=True, exist_ok=True)
        if rev == "worktree":
            shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
            shutil.copytree(ROOT / "docs", code / "docs")
            shutil.copyfile(ROOT / "mkdocs.yml", code / "mkdocs.yml")
        else:
            # the site config and pages of the same commit: the code checks the settings it knows
            archive = subprocess.run(
                ["git", "archive", rev, "generator", "docs", "mkdocs.yml"], cwd=ROOT, capture_output=True, check=True
            )
            subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
        head = subprocess.run(
            ["git", "rev-parse", "--short", rev if rev != "worktree" else "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        label = head.stdout.strip() + (" + working tree" if rev == "worktree" else "")
        # Byte-compiled, as an installed package is (``.ci/setup`` compiles the project's own copy): the
        # processes timed here would otherwise compile it again each, where PYTHONDONTWRITEBYTECODE is set.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "generator")], check=True)
        (code / "REV").write_text(label, encoding="utf-8")
    PYTHONPATH[:] = [str(code), str(ROOT)]
    sys.path.insert(0, str(code))
    return (code / "REV").read_text(encoding="utf-8")


def make_project(where: Path, n: int, seed: int) -> Path:
    from bench import corpus

    project = where / "project"
    project.mkdir(parents=True)
    code = Path(PYTHONPATH[0])
    config = (code / "mkdocs.yml").read_text(encoding="utf-8")
    config, subs = re.subn(r"(?m)^(\s+templates_dir:).*$", r"\1 templates", config)
    if subs != 1:
        raise SystemExit("bench: mkdocs.yml has no 'templates_dir:' setting to point at the override folder")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(code / "docs", project / "docs")
    (project / "briefs").mkdir()
    (project / "templates").mkdir()
    corpus.write(corpus.generate(n, seed), project / "seeds")
    return project


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for p in folder.rglob("*"):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(folder).as_posix()] = (st.st_mtime_ns, st.st_size)
    return out


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def without_blocks(config: str) -> str:
    """``mkdocs.yml`` without ``nav``/``not_in_nav`` (so MkDocs puts every page in the nav) and without
    the ``briefings`` plugin (its pages are copied in as plain Markdown instead)."""
    out: list[str] = []
    skip_indent: int | None = None
    for line in config.splitlines():
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if not line.strip() or indent > skip_indent:
                continue
            skip_indent = None
        if re.match(r"(nav|not_in_nav):", line):
            skip_indent = 0
            continue
        if re.match(r"\s*- briefings:", line):
            skip_indent = indent
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def make_default_nav_project(project: Path, where: Path) -> Path:
    ref = where / "default-nav"
    shutil.copytree(project / "docs", ref / "docs")
    shutil.copytree(project / "briefs", ref / "docs" / "briefs", ignore=shutil.ignore_patterns("manifest.json", "manifest"))
    for p in sorted((project / "seeds").iterdir()):  # the plugin publishes seeds as .txt: the same bytes here
        name = p.name if p.name.endswith(".txt") else p.name + ".txt"
        (ref / "docs" / "seeds").mkdir(exist_ok=True)
        shutil.copyfile(p, ref / "docs" / "seeds" / name)
    config = without_blocks((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "briefings:" not in config and "\nnav:" not in config, config
    (ref / "mkdocs.yml").write_text(config, encoding="utf-8")
    return ref


# ---------------------------------------------------------------- the browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)
        httpd.server_close()


def _time_search(
    page: Any, url: str, box: str, result: str, marker: str, query: str, warm_query: str
) -> tuple[float, float, int]:
    """(cold, warm) ms from the last keystroke to the first result, and the bytes of search data fetched
    (``marker``: ``pagefind/`` or Material's ``search/``) for both: cold clicks the header's search box
    and types as soon as the page has loaded (the index, or its first chunks, fetched while the reader
    waits); warm types a second query after."""
    fetched = [0]

    def count(response: Any) -> None:
        if marker in response.url:
            fetched[0] += int(response.headers.get("content-length") or 0)

    page.context.on("response", count)  # the context sees the search worker's requests too
    page.goto(url, wait_until="load")
    page.locator(box).first.click()
    page.keyboard.type(query)
    t0 = time.perf_counter()
    page.locator(result).first.wait_for(state="visible", timeout=120_000)
    cold = (time.perf_counter() - t0) * 1000
    page.locator(box).first.fill("")
    page.wait_for_timeout(300)
    page.keyboard.type(warm_query)
    t0 = time.perf_counter()
    page.wait_for_function(
        "([sel, q]) => [...document.querySelectorAll(sel)].some(e => e.textContent.toLowerCase().includes(q))",
        arg=[result, warm_query.lower()],
        timeout=60_000,
    )
    warm = (time.perf_counter() - t0) * 1000
    return cold, warm, fetched[0]


def browser_search(site: Path, material_site: Path | None, queries: tuple[str, str], repeat: int) -> dict[str, Any]:
    """The header search box of the site as built (Pagefind) and, when given, of the same pages built
    with Material's default search (``material_site``): the same box, the same two queries."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright is not installed (.venv/bin/pip install playwright)"}
    if not CHROMIUM.exists():
        return {"error": f"{CHROMIUM} not found"}
    out: dict[str, Any] = {}
    sites = {"pagefind": (site, "/pagefind/")}
    if material_site is not None:
        sites["material"] = (material_site, "/search/")
    with contextlib.ExitStack() as stack, sync_playwright() as pw:
        bases = {k: stack.enter_context(serve(folder)) for k, (folder, _) in sites.items()}
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            runs: dict[str, list[tuple[float, float, int]]] = {k: [] for k in sites}
            for _ in range(repeat):
                for k, (_, marker) in sites.items():
                    ctx = browser.new_context()  # a fresh cache every time: the reader's first visit
                    page = ctx.new_page()
                    runs[k].append(
                        _time_search(
                            page, bases[k], "input.md-search__input", ".md-search-result__item", marker, *queries
                        )
                    )
                    ctx.close()
            for k, v in runs.items():
                out[k] = {
                    "cold_ms": statistics.median(c for c, _, _ in v),
                    "warm_ms": statistics.median(w for _, w, _ in v),
                    "fetched": max(b for _, _, b in v),
                }
        finally:
            browser.close()
    return out


def pick_queries(briefs: Path) -> tuple[str, str]:
    """Two words a reader might type: the surnames of the two most common people (topic pages)."""
    from html import unescape

    idx = (briefs / "topics" / "index.md").read_text(encoding="utf-8")
    # the index lists "[Name](url) (count)" in Markdown or "<a href=...>Name</a> (count)" in HTML
    rows = re.findall(r"(?:\[([^\]]+)\]\([^)]+\)|<a\b[^>]*>([^<]+)</a>)[^\n\d]*(\d+)", idx)
    found = ((int(c), unescape(md or tag)) for md, tag, c in rows)
    names = sorted(((c, name) for c, name in found if " " in name and name[0].isupper()), reverse=True)
    words = [name.split()[-1] for _, name in names[:2]] or ["minister", "court"]
    return words[0], words[-1] if len(words) > 1 else "court"


# ---------------------------------------------------------------- search: Pagefind, and Material's as reference


def pagefind(site: Path) -> dict[str, Any]:
    """The site's search index as ``mkdocs build`` wrote it (``pagefind/``, see generator/search): all of
    it, the index proper (words, page fragments, filters, metadata) apart from Pagefind's scripts and
    WASM, files, pages. (Pagefind indexes the pages while MkDocs builds them: its time is in the
    ``mkdocs build`` row.)"""
    index = site / "pagefind"
    if not (index / "pagefind-entry.json").is_file():
        return {"error": "the site has no Pagefind index (pagefind/)"}
    files = [p for p in index.rglob("*") if p.is_file()]
    proper = [p for p in files if p.parent.name in ("index", "fragment", "filter") or p.suffix == ".pf_meta"]
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "index_bytes": sum(p.stat().st_size for p in proper),
        "files": len(files),
        "pages": sum(lang["page_count"] for lang in entry["languages"].values()),
    }


MATERIAL_SEARCH = """  - search:
      # as the site was configured before Pagefind: quotation marks and punctuation separate words
      separator: '[\\s\\-,:;!?=\\[\\]()"“”‘’/]+|\\.(?!\\d)'
"""


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def material_search(project: Path, where: Path, timeout: float | None) -> dict[str, Any]:
    """The reference: the same pages built with Material's default ``search`` plugin (the briefings
    copied in as Markdown, the fixed nav kept, the ``briefings`` plugin and so Pagefind off)."""
    ref = where / "material-search"
    shutil.rmtree(ref, ignore_errors=True)
    shutil.copytree(project / "docs", ref / "docs")
    shutil.copytree(project / "briefs", ref / "docs" / "briefs", ignore=shutil.ignore_patterns("manifest.json", "manifest"))
    lines, skip = [], None
    for line in (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        indent = len(line) - len(line.lstrip())
        if skip is not None and (not line.strip() or indent > skip):
            continue
        skip = indent if re.match(r"\s*- briefings:", line) else None
        if skip is None:
            lines.append(line)
            if line.startswith("plugins:"):
                lines.append(MATERIAL_SEARCH.rstrip("\n"))
    (ref / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run([str(VENV_BIN / "mkdocs"), "build", "-q"], ref, timeout=timeout, env={"NO_MKDOCS_2_WARNING": "1"})
    index = ref / "site" / "search" / "search_index.json"
    if timeout is not None and r.rc == -9 and r.seconds >= timeout:
        return {"error": f"mkdocs build of the reference stopped unfinished after {r.seconds:.0f} s (--search-ref-timeout)"}
    if r.rc != 0 or not index.is_file():
        last = [line for line in _ANSI.sub("", r.stderr).splitlines() if line.strip()][-1:]
        return {"error": f"mkdocs build of the reference failed (exit {r.rc}): {' '.join(last)[-300:]}"}
    return {"site": ref / "site", "seconds": r.seconds, "index_bytes": index.stat().st_size}


# ---------------------------------------------------------------- the benchmark


@dataclass
class Results:
    n: int
    meta: dict[str, Any] = field(default_factory=dict)
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # step, measured, target, vs reference
    data: dict[str, Any] = field(default_factory=dict)

    def row(self, step: str, measured: str, target: str = "", ref: str = "") -> None:
        self.rows.append((step, measured, target, ref))
        print(f"  {step}: {measured}  [{ref}]", file=sys.stderr, flush=True)

    def table(self) -> str:
        m = self.meta
        lines = [
            f"Scale benchmark, {self.n:,} seeds — {m['date']} · code {m.get('commit', '?')}"
            f" · {m['machine']} · load average {m['load_before']}"
            f" before, {m['load_after']} after"
            + (f" (cold builds: load {m['cold_load']})" if "cold_load" in m else "")
            + f" · medians of {m['repeat']} runs unless noted",
            "",
            "| step | measured | target | reference in the same run |",
            "|---|---|---|---|",
        ]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.rows]
        return "\n".join(lines)


def _sampled(cold: dict[str, Any], n: int) -> str:
    k = cold.get("spacy_texts", n)
    return "" if k >= n else f"; run on every {n // k}th text ({k:,}), scaled to all by characters"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _ok(value: float, limit: float) -> str:
    return "✅" if value <= limit else "❌"


def median_runs(fn: Callable[[], Run], repeat: int) -> tuple[float, list[Run]]:
    runs = [fn() for _ in range(repeat)]
    return statistics.median(r.seconds for r in runs), runs


def cold_phase(where: Path, n: int, seed: int, heavy_repeat: int, workers: int, every: int) -> dict[str, Any]:
    """Corpus, then cold builds (no briefs, no cache) and spaCy's full pipeline over the same texts."""
    load = _load()
    t0 = time.perf_counter()
    project = make_project(where, n, seed)
    corpus_s = time.perf_counter() - t0
    cold_runs = []
    for i in range(heavy_repeat):
        if i:
            # Moved aside, not deleted: on ext4 without a journal (this machine's disk), creating files
            # for minutes after thousands were deleted is several times slower (bench/README.md).
            (where / "aside").mkdir(exist_ok=True)
            aside = Path(tempfile.mkdtemp(prefix=f"cold-{i}-", dir=where / "aside"))
            (project / "briefs").rename(aside / "briefs")
            (project / "briefs").mkdir()
            if (project / ".cache").exists():
                (project / ".cache").rename(aside / ".cache")
        r, counts = build_step(project)
        assert counts["extracted"] == n and counts["failed"] == 0, counts
        cold_runs.append(r)
        print(f"  cold build {i + 1}: {r.seconds:.1f} s", file=sys.stderr, flush=True)
        partial = {"n": n, "cold_runs_s": [r.seconds for r in cold_runs], "rss": [r.peak_rss for r in cold_runs]}
        (where / "cold-partial.json").write_text(json.dumps(partial), encoding="utf-8")
    spacy_runs = []
    for _ in range(heavy_repeat):
        cmd = [sys.executable, "-m", "bench.run", "--spacy-ref", str(project / "seeds"), "--workers", str(workers)]
        cmd += ["--every", str(every)]
        spacy_runs.append(json.loads(check(run(cmd, project), "spaCy reference").stdout.strip().splitlines()[-1]))
    return {
        "n": n,
        "load": f"{load} → {_load()}",
        "runs": heavy_repeat,
        "corpus_seconds": corpus_s,
        "corpus_mb": tree_bytes(project / "seeds") / MB,
        "cold_s": statistics.median(r.seconds for r in cold_runs),
        "cold_runs_s": [r.seconds for r in cold_runs],
        "cold_peak_rss": max(r.peak_rss for r in cold_runs),
        "spacy_s": statistics.median(s["seconds"] for s in spacy_runs),
        "spacy_pipes": spacy_runs[0]["pipes"],
        "spacy_texts": spacy_runs[0]["texts"],
    }


def bench(
    n: int,
    seed: int,
    repeat: int,
    where: Path,
    heavy_repeat: int,
    ref_timeout: float,
    browser: bool,
    cold_only: bool = False,
    spacy_every: int = 1,
    search_ref_timeout: float | None = None,
) -> Results:
    from generator.extract import default_workers

    workers = default_workers()
    res = Results(n)
    res.meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {workers} build workers, Python {platform.python_version()}",
        "load_before": _load(),
        "repeat": repeat,
        "heavy_repeat": heavy_repeat,
    }
    print(f"bench: {n} seeds in {where}, load {res.meta['load_before']}", file=sys.stderr, flush=True)
    project = where / "project"
    saved = where / "cold.json"
    if saved.is_file() and (project / "briefs" / "manifest.json").is_file():
        # --dir of an earlier --cold-only run: its corpus, briefs and cold numbers (long at 10k)
        cold_data = json.loads(saved.read_text(encoding="utf-8"))
        if cold_data["n"] != n:
            raise SystemExit(f"bench: {where} holds a {cold_data['n']}-seed run, not {n}")
        res.meta["cold_load"] = cold_data["load"]
    else:
        cold_data = cold_phase(where, n, seed, heavy_repeat, workers, spacy_every)
        saved.write_text(json.dumps(cold_data, indent=1), encoding="utf-8")
    res.data.update(cold_data)
    cold, cold_rss, spacy_s = cold_data["cold_s"], cold_data["cold_peak_rss"], cold_data["spacy_s"]
    res.row(
        "cold `briefings build` (extract + relate + render + write)",
        f"{cold:.1f} s ({n / cold:.0f} seeds/s, peak RSS {cold_rss / MB:.0f} MB)"
        + (f", {cold_data['runs']} runs" if cold_data["runs"] != repeat else ""),
        f"≤ 180 s at 10k {_ok(cold * 10_000 / n, 180)}" + (f" (×{10_000 / n:g} projected)" if n != 10_000 else ""),
        f"spaCy full pipeline alone ({len(cold_data['spacy_pipes'])} components, {workers} processes, model"
        f" load not timed{_sampled(cold_data, n)}): {spacy_s:.1f} s → build = **{cold / spacy_s:.2f}×** spaCy",
    )
    if cold_only:  # (the table then has the cold row alone)
        res.meta["load_after"] = _load()
        return res

    # -- no-op
    noop, noop_runs = median_runs(lambda: cli_build(project), max(repeat, 5))
    internal = [float(m.group(1)) for r in noop_runs if (m := re.search(r" in ([\d.]+)s", r.stderr))]
    res.data.update(noop_s=noop, noop_internal_s=statistics.median(internal) if internal else None)
    res.row(
        "no-op `briefings build`",
        f"{noop:.2f} s (process start included; the build itself {res.data['noop_internal_s']:.2f} s)",
        f"≤ 1 s {_ok(noop, 1)}",
        f"cold build ÷ {cold / noop:.0f}",
    )

    # -- add one seed, then build (seeds n, n+1, ...: each run adds one)
    from bench import corpus

    def add_seeds(first: int, build: Callable[[], tuple[Run, dict[str, Any]]]) -> tuple[list[float], list[Any]]:
        """Seeds first, first+1, ... added one at a time, each followed by ``build``: its times, and what
        each rewrote (``_classify_add``)."""
        times, reports = [], []
        for k in range(repeat):
            name, text = corpus.article_file(first + k, seed)
            before = snapshot(project / "briefs")
            (project / "seeds" / name).write_bytes(text.encode("utf-8"))
            r, counts = build()
            after = snapshot(project / "briefs")
            times.append(r.seconds)
            reports.append(_classify_add(project / "briefs", before, after, counts))
        return times, reports

    add_times, add_reports = add_seeds(n, lambda: build_step(project))
    add_s = statistics.median(add_times)
    rep = add_reports[len(add_reports) // 2]
    res.data.update(add_s=add_s, add_reports=add_reports)
    unexpected = sum(len(a["unexpected"]) for a in add_reports)
    res.row(
        "add 1 seed, then build (a process of its own: no build server)",
        f"{add_s:.2f} s; rewrote {rep['summary']}; other files rewritten: {unexpected} (in {repeat} runs)",
        f"≤ 2 s {_ok(add_s, 2)}; only the new brief and pages listing it {'✅' if unexpected == 0 else '❌'}",
        f"cold build ÷ {cold / add_s:.0f}",
    )

    # -- the same with the build server running (generator/buildserver): started as a build of a big
    # project starts it, then the very command a user types, which hands the build over
    r = check(run([str(VENV_BIN / "briefings"), "server", "start"], project, env=SERVER), "briefings server start")
    warmup_s = r.seconds
    served_noop, _ = median_runs(lambda: cli_build(project, SERVER), max(repeat, 5))

    def served_build() -> tuple[Run, dict[str, Any]]:
        r = cli_build(project, SERVER)
        return r, _summary_counts(r.stderr)

    served_times, served_reports = add_seeds(n + 2 * repeat, served_build)
    status = run([str(VENV_BIN / "briefings"), "server", "status"], project, env=SERVER).stderr.strip()
    check(run([str(VENV_BIN / "briefings"), "server", "stop"], project, env=SERVER), "briefings server stop")
    served_s = statistics.median(served_times)
    rep = served_reports[len(served_reports) // 2]
    unexpected = sum(len(a["unexpected"]) for a in served_reports)
    res.data.update(
        server_warmup_s=warmup_s, server_noop_s=served_noop, server_add_s=served_s, server_add_runs=served_times,
        server_add_reports=served_reports, server_status=status,
    )  # fmt: skip
    res.row(
        "add 1 seed, then `briefings build`, build server running",
        f"{served_s:.2f} s; rewrote {rep['summary']}; other files rewritten: {unexpected} (in {repeat} runs);"
        f" no-op {served_noop:.2f} s; the server got ready in {warmup_s:.1f} s",
        f"≤ 2 s {_ok(served_s, 2)}; only the new brief and pages listing it {'✅' if unexpected == 0 else '❌'}",
        f"cold build ÷ {cold / served_s:.0f}",
    )

    # -- the same with ``briefings watch`` running: the model and the manifest stay in memory
    watch_seeds = [corpus.article_file(n + repeat + k, seed) for k in range(repeat)]
    watch_times = watch_adds(project, watch_seeds)
    watch_s = statistics.median(watch_times)
    res.data.update(watch_add_s=watch_s, watch_add_runs=watch_times)
    res.row(
        "add 1 seed with `briefings watch` running",
        f"{watch_s:.2f} s from the file written to the build's summary line (median of {len(watch_times)})",
        f"≤ 2 s {_ok(watch_s, 2)}",
        f"cold build ÷ {cold / watch_s:.0f}",
    )

    # -- change one template: re-render only
    tpl_times, tpl_counts = [], []
    override = project / "templates" / "brief.md.j2"
    original = (Path(PYTHONPATH[0]) / "generator" / "render" / "templates" / "brief.md.j2").read_text(encoding="utf-8")
    changed = original.replace("## Key facts", "## Key points", 1)
    assert changed != original, "brief.md.j2 has no '## Key facts' heading to change"
    for k in range(heavy_repeat):  # each run re-renders every brief page
        if k % 2 == 0:
            override.write_text(changed, encoding="utf-8")
        else:
            override.unlink()
        r, counts = build_step(project)
        tpl_times.append(r.seconds)
        tpl_counts.append(counts)
    # briefs/ now matches whichever template is in place, so the mkdocs build below is a no-op build
    tpl_s = statistics.median(tpl_times)
    extracted = sum(c["extracted"] for c in tpl_counts)
    res.data.update(
        template_s=tpl_s, template_counts=[{k: v for k, v in c.items() if k != "written"} for c in tpl_counts]
    )
    res.row(
        "change one template (`brief.md.j2`), then build",
        f"{tpl_s:.1f} s; {tpl_counts[0]['built']:,} brief pages re-rendered, {extracted} seeds re-extracted",
        f"re-render only {'✅' if extracted == 0 else '❌'}",
        f"cold build ÷ {cold / tpl_s:.1f}",
    )

    # -- mkdocs build, against MkDocs' default navigation
    # The first into a new site/, then again over the site it wrote: what a user runs every day, where
    # the plugin writes over the old files instead of MkDocs deleting them first (site/overwrite.py).
    def mkdocs_build() -> Run:
        return check(run([str(VENV_BIN / "mkdocs"), "build", "-q"], project), "mkdocs build")

    if (project / "site").exists():  # a run resumed after --cold-only: moved aside, not deleted (see above)
        (where / "aside").mkdir(exist_ok=True)
        (project / "site").rename(Path(tempfile.mkdtemp(prefix="site-", dir=where / "aside")) / "site")
    first = mkdocs_build()
    again, again_runs = median_runs(mkdocs_build, max(1, heavy_repeat - 1))
    mk, mk_runs = first.seconds, [first, *again_runs]
    mk_rss = max(r.peak_rss for r in mk_runs)
    site = project / "site"
    pages = sum(1 for _ in site.rglob("*.html"))
    ref_dir = make_default_nav_project(project, where)
    ref = run([str(VENV_BIN / "mkdocs"), "build", "-q"], ref_dir, timeout=ref_timeout)
    if ref.rc == 0:
        ref_site = ref_dir / "site"
        ref_pages = sum(1 for _ in ref_site.rglob("*.html"))
        ref_mb = tree_bytes(ref_site) / MB
        ref_text = (
            f"default nav ({ref_pages:,} pages, every one in the nav): {ref.seconds:.1f} s, peak RSS"
            f" {ref.peak_rss / MB:.0f} MB, {ref_mb:.0f} MB of site → ours **{ref.seconds / mk:.1f}× faster**"
        )
    else:
        ref_mb = None
        ref_text = (
            f"default nav (every page in the nav): stopped unfinished after {ref.seconds:.0f} s (peak RSS"
            f" {ref.peak_rss / MB:.0f} MB so far)"
            + (f" → ours **> {ref.seconds / mk:.1f}× faster**" if ref.seconds > mk else "")
        )
    res.data.update(
        mkdocs_s=mk,
        mkdocs_again_s=again,
        mkdocs_peak_rss=mk_rss,
        ref_s=ref.seconds,
        ref_rc=ref.rc,
        ref_peak_rss=ref.peak_rss,
    )
    res.row(
        "`mkdocs build` (no-op briefings build included)",
        f"{mk:.1f} s into a new `site/`, {again:.1f} s again over it"
        + (f" ({len(again_runs)} runs)" if len(again_runs) > 1 else "")
        + f"; peak RSS {mk_rss / MB:.0f} MB, {pages:,} HTML pages",
        f"≤ 60 s {_ok(max(mk, again) * 10_000 / n, 60)}, ≤ 2 GB {_ok(mk_rss, 2000 * MB)}"
        + (f" (time ×{10_000 / n:g} projected)" if n != 10_000 else ""),
        ref_text,
    )
    shutil.rmtree(ref_dir / "site", ignore_errors=True)

    # -- site size, search index
    site_mb = tree_bytes(site) / MB
    pf = pagefind(site)
    index_mb = pf.get("bytes", 0) / MB
    seeds_mb = tree_bytes(site / "seeds") / MB if (site / "seeds").is_dir() else 0.0
    res.data.update(site_mb=site_mb, index_mb=index_mb, site_seeds_mb=seeds_mb, pagefind=pf)
    res.row(
        "site size",
        f"{site_mb:.0f} MB = **{site_mb * 1000 / n:.1f} MB per 1,000 briefings** (of which seed copies"
        f" {seeds_mb * 1000 / n:.1f}, search index {index_mb * 1000 / n:.1f})",
        "report",
        f"default-nav site: {ref_mb * 1000 / n:.0f} MB per 1,000" if ref_mb else "",
    )
    # the reference: Material's default search over the same pages (a second build)
    mat = material_search(project, where, search_ref_timeout)
    res.data["material_search"] = {k: v for k, v in mat.items() if k != "site"}
    mat_text = (
        f"Material's default search of the same pages: one {mat['index_bytes'] / MB:.1f} MB index loaded whole by"
        f" every reader ({mat['index_bytes'] / MB * 10_000 / n:.0f} MB projected at 10k)"
        if "error" not in mat
        else f"Material's default search: {mat['error']}"
    )
    if "error" in pf:
        res.row("search index (Pagefind, as the site is built)", pf["error"], "≤ 10 MB at 10k ❌", mat_text)
    else:
        # the index grows with the pages; Pagefind's scripts and WASM are the same size for any site
        runtime = pf["bytes"] - pf["index_bytes"]
        at_10k = pf["index_bytes"] * 10_000 / n + runtime
        res.data["pagefind"]["projected_10k_bytes"] = at_10k
        res.row(
            "search index (Pagefind, as the site is built)",
            f"{pf['bytes'] / MB:.1f} MB in {pf['files']:,} files for {pf['pages']:,} pages: index"
            f" {pf['index_bytes'] / MB:.1f} MB + Pagefind's scripts and WASM {runtime / MB:.1f} MB (**{at_10k / MB:.0f} MB"
            f" projected at 10k**), fetched in chunks",
            f"≤ 10 MB at 10k {_ok(at_10k, 10 * MB)}",
            mat_text,
        )
    if browser and "error" not in pf:
        queries = pick_queries(project / "briefs")
        # a first visit to a 10k site's Material search takes tens of seconds: once is enough there
        times = browser_search(site, mat.get("site"), queries, repeat if n <= 2000 else 1)
        res.data["browser"] = {"queries": queries, **times}
        if "error" in times:
            res.row("search: first results after typing", times["error"], "≤ 1 s")
        else:
            p = times["pagefind"]
            ref_txt = ""
            if "material" in times:
                m = times["material"]
                ref_txt = (
                    f"Material: first visit {m['cold_ms'] / 1000:.2f} s (index download + build), then"
                    f" {m['warm_ms'] / 1000:.2f} s; {m['fetched'] / MB:.1f} MB of index fetched"
                )
            res.row(
                f"search: first results after typing ({queries[0]!r}, then {queries[1]!r}), headless Chromium",
                f"Pagefind in the header's box: first visit {p['cold_ms'] / 1000:.2f} s, then"
                f" {p['warm_ms'] / 1000:.2f} s; {p['fetched'] / MB:.2f} MB fetched for both queries",
                f"≤ 1 s {_ok(p['cold_ms'], 1000)}",
                ref_txt,
            )
    shutil.rmtree(where / "material-search" / "site", ignore_errors=True)
    shutil.rmtree(where / "aside", ignore_errors=True)  # (every step is timed by now)
    res.meta["load_after"] = _load()
    return res


INDEX_PAGES = ("index.md", "topics/index.md", "timeline/index.md", "entities/index.md")


def _summary_counts(stderr: str) -> dict[str, Any]:
    """The counters of a build's summary line (``briefings: 3 built, 10 unchanged, ...``)."""
    m = _SUMMARY.search(stderr)
    if m is None:
        return {}
    keys = ("built", "unchanged", "removed", "failed")
    return {**{k: int(v) for k, v in zip(keys, m.groups()[:4], strict=True)}, "seconds": float(m.group(5))}


def _bookkeeping(path: str) -> bool:
    """The manifest: ``manifest.json`` and its shards (``manifest/<n>.json``), not pages."""
    return path == "manifest.json" or path.startswith("manifest/")


def _classify_add(
    briefs: Path, before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]], counts: dict[str, Any]
) -> dict[str, Any]:
    """Which files one added seed made the build rewrite, and whether each one should have been.

    Expected: the new brief and its Source view, the index pages (home, topics, timeline, entity index:
    they count or list every briefing) and the timeline's page of its month, every page that now links the new brief (related lists, topic
    and entity pages), and the pages that now link an entity or topic page the new brief brought into
    being (its second briefing).  Anything else is a needless rewrite."""
    changed = sorted(p for p in after if before.get(p) != after[p])
    removed = sorted(p for p in before if p not in after)
    new_briefs = [p for p in changed if p not in before and "/" not in p and p.endswith(".md") and p != "index.md"]
    new_ids = [p[:-3] for p in new_briefs]
    new_entity_pages = [
        p for p in changed if p not in before and p.split("/")[0] in ("people", "places", "organisations", "topics")
    ]
    kinds: dict[str, list[str]] = {
        "new": new_briefs, "briefs": [], "topics": [], "entities": [], "entity_links": [], "index": [],
        "manifest": [], "unexpected": [],
    }  # fmt: skip
    for p in changed:
        if p in new_briefs:
            continue
        if _bookkeeping(p):
            kinds["manifest"].append(p)
            continue
        if p in INDEX_PAGES:
            kinds["index"].append(p)
            continue
        text = (briefs / p).read_text(encoding="utf-8")
        links = any(f"{i}.md{end}" in text for i in new_ids for end in ')#"')  # Markdown or HTML links
        if links and p.startswith("timeline/"):  # the month the new briefing is dated in
            kinds["index"].append(p)
        elif links and p.startswith("topics/"):
            kinds["topics"].append(p)
        elif links and p.split("/")[0] in ("people", "places", "organisations"):
            kinds["entities"].append(p)
        elif links:
            kinds["briefs"].append(p)
        elif any(f"{Path(e).stem}.md{end}" in text for e in new_entity_pages for end in ')#"'):
            kinds["entity_links"].append(p)
        else:
            kinds["unexpected"].append(p)
    kinds["unexpected"] += [p for p in removed if not _bookkeeping(p)]
    summary = (
        f"{len(kinds['new'])} new brief + {len(kinds['briefs'])} briefs/source views now linking it + "
        f"{len(kinds['topics'])} topic pages + {len(kinds['entities'])} entity pages listing it + "
        f"{len(kinds['entity_links'])} pages linking a new entity or topic page + "
        f"{', '.join(kinds['index']) or 'no index'} + {len(kinds['manifest'])} manifest files"
    )
    return {
        **kinds,
        "summary": summary,
        "changed": len(changed),
        "counts": {k: v for k, v in counts.items() if k != "written"},
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="number of seeds (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per cheap step (default 3)")
    ap.add_argument(
        "--heavy-repeat",
        type=int,
        default=None,
        help="runs of cold builds and mkdocs (default: --repeat up to 2,000 seeds, else 1)",
    )
    ap.add_argument("--ref-timeout", type=float, default=900, help="stop the default-nav reference after this many s")
    ap.add_argument(
        "--search-ref-timeout", type=float, default=None,
        help="stop Material's search reference after this many s (default: let it finish: the search row needs it)",
    )  # fmt: skip
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium search timings")
    ap.add_argument("--dir", type=Path, default=None, help="work here instead of a temporary folder")
    ap.add_argument("--cold-only", action="store_true", help="stop after the cold builds (resume with the same --dir)")
    ap.add_argument("--code", default="HEAD", help="the commit to benchmark, or 'worktree' (default HEAD)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary project")
    ap.add_argument("--json", type=Path, default=None, help="also save every number here")
    ap.add_argument("--spacy-ref", metavar="SEEDS", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--every", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument(
        "--spacy-every", type=int, default=None, help="spaCy reference on every k-th text, scaled (default: n/1000)"
    )
    args = ap.parse_args(argv)
    if args.spacy_ref:
        return _spacy_ref(args.spacy_ref, args.workers, args.every)

    every = args.spacy_every or max(1, args.n // 1000)
    heavy = args.heavy_repeat or (args.repeat if args.n <= 2000 else 1)
    where = args.dir or Path(tempfile.mkdtemp(prefix=f"briefings-bench-{args.n}-"))
    where.mkdir(parents=True, exist_ok=True)
    commit = freeze_code(where, args.code)
    try:
        res = bench(
            args.n, args.seed, args.repeat, where, heavy, args.ref_timeout, not args.no_browser, args.cold_only, every,
            args.search_ref_timeout,
        )
        res.meta["commit"] = commit
    finally:
        if not args.keep and args.dir is None:
            shutil.rmtree(where, ignore_errors=True)
    print(res.table())
    if args.json:
        args.json.write_text(json.dumps({"n": res.n, "meta": res.meta, "rows": res.rows, "data": res.data}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

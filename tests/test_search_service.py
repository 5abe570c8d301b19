"""Pagefind fed page by page while MkDocs builds (generator/search/service.py): the same index as the
command line's over the written site, from pages trimmed to what Pagefind reads."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_plugin import site  # noqa: F401  (the module fixture: a small site built from seeds)
from test_search import tree

from generator.search import SearchError, index_site, indexed_pages
from generator.search import relay as relay_module
from generator.search import service as service_module
from generator.search.relay import what_pagefind_reads
from generator.search.service import PagefindService

HEAD = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Dockers strike</title></head>\n'
CHROME = '<body><header class="md-header"><nav>Home · Topics</nav></header><div class="md-container">'
ARTICLE = '<article class="md-content__inner" data-pagefind-body><h1>Dockers strike</h1><p>Ships wait.</p></article>'
PAGE = HEAD + CHROME + ARTICLE + '</div><footer>Made with Material</footer><script src="x.js"></script></body></html>'


def test_a_page_is_trimmed_to_its_head_and_the_article_search_takes() -> None:
    trimmed = what_pagefind_reads(PAGE)
    assert trimmed.startswith(HEAD.removesuffix("\n"))  # the language and any metadata of the head
    assert ARTICLE in trimmed
    assert "md-header" not in trimmed and "footer" not in trimmed and "x.js" not in trimmed


@pytest.mark.parametrize(
    "page",
    [
        PAGE.replace("<nav>", '<nav data-pagefind-filter="section:news">'),  # Pagefind reads it outside the article
        PAGE.replace("<footer>", "<footer data-pagefind-meta=\"image[src]\">"),
        PAGE.replace("<p>Ships wait.</p>", "<article><p>Ships wait.</p></article>"),  # its end is not the first
        PAGE.replace(" data-pagefind-body", ""),  # no article marked: Pagefind reads the whole body
        PAGE.replace("<nav>", "<nav data-pagefind-body>"),  # two marked
        PAGE.replace("</head>", ""),
    ],
)
def test_a_page_with_anything_else_for_pagefind_is_sent_whole(page: str) -> None:
    assert what_pagefind_reads(page) == page


def test_the_marked_element_is_found_as_a_search_of_the_whole_page_finds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Looking for the mark first, then for its tag just before it, gives what searching the whole page
    with the pattern gives: on pages of many shapes, malformed ones included."""
    rng = random.Random(5)
    pieces = [
        "<div>", "</div>", "<p>text</p>", ">", "<", "<a ", " data-pagefind-body", "data-pagefind-body",
        "<article", " class=\"x\"", "</article>", "<main data-pagefind-body>", "<section>", "</section>",
        "</head>", "<head>", " data-pagefind-filter=\"a\"", "<br/>", "<1x ", "\n", "<b\tdata-pagefind-body>",
    ]
    pages = [PAGE, *(PAGE.replace(a, b) for a, b in [("<nav>", "<nav data-pagefind-body>"), ("</head>", "")])]
    for _ in range(20000):
        pages.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))))
        cut = rng.randint(0, len(PAGE))
        pages.append(PAGE[:cut] + rng.choice(pieces) + PAGE[cut:])
    found = [what_pagefind_reads(p) for p in pages]
    assert sum(f != p for f, p in zip(found, pages, strict=True)) > 1000  # many trimmed, not all sent whole
    pattern = relay_module._BODY

    class FromTheTop:  # the pattern searched from the top of the page, wherever it is asked to start
        def search(self, html: str, pos: int = 0) -> re.Match[str] | None:
            return pattern.search(html)

    monkeypatch.setattr(relay_module, "_BODY", FromTheTop())
    assert found == [what_pagefind_reads(p) for p in pages]


def site_pages(site_dir: Path) -> list[tuple[str, str]]:
    """The HTML files of a built site that search takes (not the source views), in a fixed order."""
    return [
        (p.relative_to(site_dir).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted(site_dir.rglob("*.html"))
        if not p.relative_to(site_dir).as_posix().startswith(("briefs/source/", "pagefind/"))
    ]


def test_the_relay_sends_each_request_as_pagefind_reads_it_and_trims_pages() -> None:
    import base64
    import json

    requests = [
        ({"message_id": 1, "payload": {"type": "NewIndex", "config": {}}}, None),
        ({"message_id": 2, "payload": {"type": "AddFile", "index_id": 0, "file_path": "a/index.html"}}, PAGE),
        ({"message_id": 3, "payload": {"type": "AddFile", "index_id": 0, "file_path": "é.html"}}, "<p>\u00e9 \U0001f600</p>"),
        ({"message_id": 4, "payload": {"type": "AddFile", "index_id": 0, "file_path": "empty.html"}}, ""),
        ({"message_id": 5, "payload": {"type": "GetFiles", "index_id": 0}}, None),
    ]
    frames = b"".join(relay_module.frame(message, page) for message, page in requests)
    for trim in (True, False):
        # as the service runs it: isolated from the project, standard library only
        command = [sys.executable, "-I", relay_module.__file__, *([] if trim else ["--whole"])]
        out = subprocess.run(command, input=frames, capture_output=True, check=True, cwd="/").stdout
        assert out.endswith(b",")
        sent = [json.loads(base64.b64decode(raw)) for raw in out[:-1].split(b",")]
        expected = []
        for message, page in requests:
            if page is not None:
                contents = what_pagefind_reads(page) if trim else page
                message = {**message, "payload": {**message["payload"], "file_contents": contents}}
            expected.append(message)
        assert sent == expected
    assert what_pagefind_reads(PAGE) != PAGE


def index_with_service(pages: list[tuple[str, str]], out: Path, trim: bool = True) -> None:
    service = PagefindService(trim=trim)
    for path, html in pages:
        service.add(path, html)
    service.finish(out)


def test_trimmed_pages_give_the_very_index_of_whole_pages(site: Path, tmp_path: Path) -> None:  # noqa: F811
    pages = site_pages(site / "site")
    searched = [html for _, html in pages if "data-pagefind-body" in html]  # not the listings
    assert len(searched) > 10 and all(len(what_pagefind_reads(html)) < len(html) / 2 for html in searched)
    index_with_service(pages, tmp_path / "trimmed")
    index_with_service(pages, tmp_path / "whole", trim=False)
    trimmed, whole = tree(tmp_path / "trimmed" / "pagefind"), tree(tmp_path / "whole" / "pagefind")
    assert trimmed == whole and len(trimmed) > 10


def test_the_built_sites_index_is_the_command_lines_over_its_files(site: Path, tmp_path: Path) -> None:  # noqa: F811
    built = site / "site"
    copy = tmp_path / "site"
    shutil.copytree(built, copy)
    result = index_site(copy)
    assert indexed_pages(built) == indexed_pages(copy) and result.pages > 8
    # the same pages, each stored the same (fragment names are hashes of their content)
    assert tree(built / "pagefind" / "fragment") == tree(copy / "pagefind" / "fragment")
    urls = {p.url for p in indexed_pages(built)}
    assert "/briefs/strike/" in urls and not any(u.startswith("/briefs/source/") for u in urls)


def test_a_dirty_build_indexes_the_written_site(site: Path, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "site"
    shutil.copytree(site / "site", out)
    shutil.rmtree(out / "pagefind")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "-d", str(out)],
        cwd=site, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert indexed_pages(out) == indexed_pages(site / "site")


def test_the_bundle_is_written_here_whole_and_only_inside_its_folder(tmp_path: Path) -> None:
    # Pagefind's own write ends in background threads that its exit can cut short (a bundle without
    # pagefind-entry.json, seen once under load): the service hands the files over instead.
    out = tmp_path / "site" / "pagefind"
    (out / "fragment").mkdir(parents=True)
    (out / "fragment" / "stale.pf_fragment").write_bytes(b"old")
    service = PagefindService()
    service.add("index.html", PAGE)
    result = service.finish(tmp_path / "site")
    assert result.pages == 1 and (out / "pagefind-entry.json").is_file()
    assert not (out / "fragment" / "stale.pf_fragment").exists() and not (out / "pagefind-ui.js").exists()
    assert result.bytes == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    # file for file what Pagefind writes itself, given time to finish before it exits
    own = PagefindService()
    own.add("index.html", PAGE)
    own._wait(own._request({"type": "WriteFiles", "index_id": own._index, "output_path": str(tmp_path / "own")}))
    for _ in range(100):
        if (tmp_path / "own" / "pagefind-entry.json").is_file():
            break
        time.sleep(0.05)
    time.sleep(0.5)  # its other background writes
    own.close()
    written = {k: v for k, v in tree(tmp_path / "own").items() if k not in service_module.UNUSED_FILES}
    assert tree(out) == written and "pagefind-entry.json" in written
    blocked = PagefindService()  # where the bundle should go, a file: one line naming the folder
    blocked.add("index.html", PAGE)
    (tmp_path / "blocked").mkdir()
    (tmp_path / "blocked" / "pagefind").write_text("not a folder")
    with pytest.raises(SearchError, match=r"^search: could not write the index to .*blocked/pagefind: "):
        blocked.finish(tmp_path / "blocked")
    with pytest.raises(SearchError, match="outside its folder"):
        service_module.write_bundle(tmp_path / "x", [{"path": "../escape.js", "content": ""}])
    assert not (tmp_path / "escape.js").exists()


def test_answers_are_read_whatever_the_pieces_they_arrive_in() -> None:
    import base64
    import io
    import json

    answers = [{"message_id": i, "payload": {"type": "Ok", "n": "x" * (i * 50_000)}} for i in range(1, 6)]
    stream = b"".join(base64.b64encode(json.dumps(a).encode()) + b"," for a in answers)

    class Pieces(io.BytesIO):
        def read1(self, size: int = -1) -> bytes:  # uneven pieces, some without a comma, some with two
            return super().read1(min(size, 7_777))

    reader = PagefindService.__new__(PagefindService)
    taken: list[dict[str, object]] = []
    reader._proc = type("P", (), {"stdout": Pieces(stream)})()  # type: ignore[attr-defined]
    reader._take = taken.append  # type: ignore[method-assign]
    reader._lock, reader._waiting = threading.Lock(), {}  # type: ignore[attr-defined]
    reader._read()
    assert taken == answers


def test_a_page_after_the_write_is_refused_and_a_crashed_service_is_one_line(tmp_path: Path) -> None:
    service = PagefindService()
    service.add("index.html", PAGE)
    service.start_write(tmp_path)
    with pytest.raises(SearchError, match=r"^search: late/index.html came after the index was written$"):
        service.add("late/index.html", PAGE)
    assert service.finish(tmp_path).pages == 1
    stopped = PagefindService()
    stopped.add("index.html", PAGE)
    stopped._proc.kill()  # as if Pagefind crashed
    stopped._proc.wait()
    with pytest.raises(SearchError, match=r"^search: Pagefind stopped: [^\n]+$"):
        stopped.finish(tmp_path / "other")
    stopped.close()

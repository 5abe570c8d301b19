"""A full ``mkdocs build`` writes over the old site and removes only what it no longer writes
(generator/site/overwrite.py), and Pagefind's bundle is written over the same way."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import mkdocs.utils
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from test_plugin import site  # noqa: F401  (the module fixture: a small site built from seeds)

from generator.search import service as service_module
from generator.site.overwrite import copy_over, file_system_now, sweep, take_over, write_over

HOUR_NS = 3600 * 10**9
MKDOCS_OWN = (mkdocs.utils.clean_directory, mkdocs.utils.write_file, mkdocs.utils.copy_file)  # MkDocs' own


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def age(path: Path, ns: int = HOUR_NS) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns - ns, st.st_mtime_ns - ns))


def test_sweep_removes_only_what_was_written_before_and_is_not_kept(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    for rel in ("old.html", "a/b/old.txt", "a/kept.html", "a/new.html", ".hidden/x", ".top", "sub/.nested"):
        (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / rel).write_text(rel)
    (site_dir / "empty-old").mkdir()
    for rel in ("old.html", "a/b/old.txt", "a/kept.html", ".hidden/x", ".top", "sub/.nested", "empty-old", "a/b"):
        age(site_dir / rel)
    since = file_system_now(str(site_dir))
    (site_dir / "a" / "new.html").write_text("written by this build")  # an old file written over
    (site_dir / "empty-new").mkdir()  # made by this build: left, though empty
    assert not [p for p in site_dir.iterdir() if p.name.startswith(".briefings-")]  # the probe file is gone

    removed = sweep(str(site_dir), since, keep=[str(site_dir / "a" / "kept.html")])

    assert removed == 3
    assert sorted(files_under(site_dir)) == [".hidden/x", ".top", "a/kept.html", "a/new.html"]
    assert not (site_dir / "a" / "b").exists() and not (site_dir / "sub").exists()
    assert not (site_dir / "empty-old").exists() and (site_dir / "empty-new").is_dir()
    # a file written at the time noted or after it is never removed, kept or not
    assert sweep(str(site_dir), since, keep=[]) == 1 and sorted(files_under(site_dir)) == [".hidden/x", ".top", "a/new.html"]


def mkdocs_own() -> tuple[object, object, object]:
    return mkdocs.utils.clean_directory, mkdocs.utils.write_file, mkdocs.utils.copy_file


def test_take_over_takes_one_cleaning_of_the_site_and_the_writes_until_undone(tmp_path: Path) -> None:
    site_dir, other = tmp_path / "site", tmp_path / "other"
    for folder in (site_dir, other):
        (folder / "x").mkdir(parents=True)
        (folder / "x" / "page.html").write_text("page")
    noted: list[int | None] = []
    undo = take_over(str(site_dir), noted.append)
    assert (mkdocs.utils.write_file, mkdocs.utils.copy_file) == (write_over, copy_over)
    mkdocs.utils.clean_directory(str(site_dir))
    assert mkdocs.utils.clean_directory is MKDOCS_OWN[0]  # once only
    assert (site_dir / "x" / "page.html").is_file() and len(noted) == 1
    assert noted[0] is not None and noted[0] >= (site_dir / "x" / "page.html").stat().st_mtime_ns
    undo()
    assert mkdocs_own() == MKDOCS_OWN
    undo = take_over(str(site_dir), noted.append)
    mkdocs.utils.clean_directory(str(other))  # another folder: cleaned as MkDocs cleans it
    assert list(other.iterdir()) == [] and len(noted) == 1
    undo()
    undo = take_over(str(tmp_path / "none"), noted.append)
    mkdocs.utils.clean_directory(str(tmp_path / "none"))
    assert noted[-1] is None and len(noted) == 2  # no site yet: nothing to sweep
    undo()
    assert mkdocs_own() == MKDOCS_OWN


def test_writing_over_gives_the_bytes_of_a_truncating_write_and_keeps_the_inode(tmp_path: Path) -> None:
    page = tmp_path / "a" / "b" / "index.html"
    write_over(b"x" * 5000, str(page))  # folders made, as mkdocs.utils.write_file does
    inode = page.stat().st_ino
    for content in (b"shorter", b"a longer text " * 1000, b"", "caf\u00e9".encode()):
        write_over(content, str(page))
        assert page.read_bytes() == content and page.stat().st_ino == inode
    seed = tmp_path / "seed.txt"
    seed.write_bytes(b"seed text " * 300_000)  # several reads of 1 MB
    copy_over(str(seed), str(tmp_path / "out" / "seeds" / "seed.txt"))
    copy_over(str(seed), str(tmp_path / "out" / "seeds"))  # a folder: the file keeps its name
    copied = tmp_path / "out" / "seeds" / "seed.txt"
    assert copied.read_bytes() == seed.read_bytes()
    seed.write_bytes(b"short")
    copy_over(str(seed), str(copied))
    assert copied.read_bytes() == b"short"
    with pytest.raises(shutil.SameFileError):  # File.copy_file counts on it (a plugin's own output)
        copy_over(str(seed), str(seed))
    assert seed.read_bytes() == b"short"


def test_a_rebuild_writes_over_the_site_and_gives_what_a_fresh_build_gives(site: Path, tmp_path: Path) -> None:  # noqa: F811
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    mkdocs_build(load_config(str(site / "mkdocs.yml"), site_dir=str(out)))
    page = out / "briefs" / "strike" / "index.html"
    before = page.stat()
    seed_copy = (out / "seeds" / "strike.txt").stat().st_ino
    stale = {
        "briefs/gone/index.html": "a briefing whose seed was removed",
        "pagefind/fragment/en_gone.pf_fragment": "an index file of an earlier build",
        "old-folder/deep/file.css": "x",
    }
    for rel, text in stale.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
        age(out / rel)
    (out / ".nojekyll").write_text("")  # hidden, at the top: MkDocs keeps it, and so does this
    age(page)  # as if written an hour ago: this build writes it again

    mkdocs_build(load_config(str(site / "mkdocs.yml"), site_dir=str(out)))

    assert mkdocs_own() == MKDOCS_OWN
    after = page.stat()
    assert after.st_ino == before.st_ino and after.st_mtime_ns >= before.st_mtime_ns  # written over
    assert (out / "seeds" / "strike.txt").stat().st_ino == seed_copy
    assert not (out / "old-folder").exists() and not (out / "briefs" / "gone").exists()
    assert (out / ".nojekyll").is_file()
    mkdocs_build(load_config(str(site / "mkdocs.yml"), site_dir=str(fresh)))
    rebuilt = files_under(out)
    del rebuilt[".nojekyll"]
    assert rebuilt == files_under(fresh)


def test_the_search_bundle_is_written_over_and_loses_what_it_no_longer_holds(tmp_path: Path) -> None:
    out = tmp_path / "pagefind"
    (out / "fragment").mkdir(parents=True)
    (out / "fragment" / "en_old.pf_fragment").write_text("old")
    (out / "index" / "old").mkdir(parents=True)
    (out / "index" / "old" / "en_1.pf_index").write_text("old")
    (out / "pagefind-entry.json").write_text("{}")
    entry = (out / "pagefind-entry.json").stat().st_ino

    def b64(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    service_module.write_bundle(
        out,
        [
            {"path": "pagefind-entry.json", "content": b64('{"version": 1}')},
            {"path": "fragment/en_new.pf_fragment", "content": b64("new")},
            {"path": "index/en_2.pf_index", "content": b64("index")},
        ],
    )
    assert files_under(out) == {
        "pagefind-entry.json": b'{"version": 1}',
        "fragment/en_new.pf_fragment": b"new",
        "index/en_2.pf_index": b"index",
    }
    assert (out / "pagefind-entry.json").stat().st_ino == entry and not (out / "index" / "old").exists()

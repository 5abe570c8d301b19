"""The build manifest (``generator/write/manifest.py``): spread over shards past ``BRIEFS_PER_SHARD``
seeds, only the shards whose entries changed encoded and written, always the bytes of encoding every
entry afresh, and a shard that is not the one listed found out."""

from __future__ import annotations

import copy
import dataclasses
import random
from pathlib import Path

import pytest

import generator.write.manifest as manifest_mod
from generator.relate.cards import Card
from generator.relate.related import Related
from generator.write.manifest import (
    MANIFEST_NAME,
    SECTIONS,
    SHARDS_DIR,
    Manifest,
    PageEntry,
    SeedEntry,
    shard_count,
    stale_files,
    write_files,
)


def _card(i: int, rnd: random.Random) -> Card:
    people = ["Ida Marsk", "Olaf Brenn", "Elena Vosk", "Marta Quell", "Jon Tarr"]
    return Card(
        id=f"brief-{i:04d}", seed=f"seeds/{i:04d}.txt", title=f"Briefing {i}", published=f"2024-0{1 + i % 9}-1{i % 10}",
        source="Norland Courier", summary=f"What happened in story {i}, with “quotes” and ünïcode.",
        topics=(f"Topic {i % 7}",), entities=tuple((p, "person", 1 + (i + k) % 3) for k, p in enumerate(rnd.sample(people, 2))),
        quotes=((people[i % 5], "minister", f"Quote number {i}.", 0),),
    )  # fmt: skip


def _manifest(n: int, seed: int = 0) -> Manifest:
    """A manifest of ``n`` seeds, each with a brief page, a Source view and a related list, and a few
    listing pages: the shapes a build writes."""
    rnd = random.Random(seed)
    m = Manifest("r" * 64, "c" * 64)
    for i in range(n):
        card = _card(i, rnd)
        m.seeds[card.seed] = SeedEntry(f"{i:064x}", card.id, f"{i + 1:064x}", card, "x" * 64)
        for path in (f"{card.id}.md", f"source/{card.id}.md"):
            m.pages[path] = PageEntry(f"{i:064x}", f"{i + 7:064x}", 1000 + i)
        m.related[card.id] = [Related(f"brief-{(i + k) % n:04d}", 1.5 / k, ("Ida Marsk",)) for k in (1, 2)]
    for path in ("index.md", "topics/index.md", "timeline/index.md", "people/ida-marsk.md", "topics/topic-1.md"):
        m.pages[path] = PageEntry("a" * 64, "b" * 64, 5)
    return m


def _on_disk(briefs: Path) -> dict[str, bytes]:
    """The manifest's files under ``briefs/``."""
    out = {MANIFEST_NAME: (briefs / MANIFEST_NAME).read_bytes()}
    if (briefs / SHARDS_DIR).is_dir():
        out.update({f"{SHARDS_DIR}/{p.name}": p.read_bytes() for p in sorted((briefs / SHARDS_DIR).iterdir())})
    return out


def _fresh(m: Manifest) -> dict[str, bytes]:
    """Every file of ``m`` encoded afresh (a copy, so that ``m`` keeps what it knows of its files)."""
    files = Manifest(m.renderer, m.cards, m.seeds, m.pages, m.related).files()
    return {MANIFEST_NAME: files.root, **{f"{SHARDS_DIR}/{n}.json": d for n, d in files.shards.items()}}


def _write(m: Manifest, briefs: Path, old: Manifest | None = None) -> set[str]:
    """Write ``m`` as a build does; the names of the shards it encoded."""
    files = m.files(old)
    write_files(briefs, files)
    m.remember(briefs / MANIFEST_NAME)
    return set(files.shards)


def _same_data(a: Manifest, b: Manifest) -> bool:
    return (a.renderer, a.cards, a.seeds, a.pages, a.related) == (b.renderer, b.cards, b.seeds, b.pages, b.related)


def test_shard_count_grows_in_powers_of_two() -> None:
    assert [shard_count(n) for n in (0, 1, 32, 33, 64, 65, 128, 129, 1000, 10_000)] == [1, 1, 1, 2, 2, 4, 4, 8, 32, 512]
    assert manifest_mod.shard_name(5, 512) == "005" and manifest_mod.shard_name(0, 2) == "0"


def test_a_small_manifest_is_one_file_and_a_big_one_reads_back_from_its_shards(tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    small = _manifest(20)
    _write(small, briefs)
    assert sorted(p.name for p in briefs.iterdir()) == [MANIFEST_NAME]
    back = Manifest._read(briefs / MANIFEST_NAME)
    assert _same_data(back, small) and _fresh(back) == _on_disk(briefs)

    big = _manifest(300)  # 16 shards
    _write(big, briefs)
    on_disk = _on_disk(briefs)
    assert len(on_disk) == 1 + 16 and on_disk == _fresh(big)
    back = Manifest._read(briefs / MANIFEST_NAME)
    assert _same_data(back, big) and _fresh(back) == on_disk
    # One briefing's entries share a shard: its seed, its related list, its page and its Source view.
    card = big.seeds["seeds/0042.txt"].card
    holding = [n for n, d in on_disk.items() if f'"{card.id}.md"'.encode() in d]
    assert len(holding) == 1
    shard = on_disk[holding[0]]
    assert f'"source/{card.id}.md"'.encode() in shard and b'"seeds/0042.txt"' in shard
    assert f'\n"{card.id}":[['.encode() in shard
    # And back to one file when it shrinks: the shards go.
    _write(_manifest(10), briefs, old=back)
    assert sorted(p.name for p in briefs.iterdir()) == [MANIFEST_NAME]


def test_only_the_shards_holding_a_changed_entry_are_encoded_and_the_bytes_are_a_fresh_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random changes (entries changed, copied, added, removed, a seed whose brief id changes, the
    shard count crossed), written as ``briefings watch`` does from the manifest just written, and as
    a new build does from the files read back."""
    briefs = tmp_path / "briefs"
    encoded: list[tuple[str, str]] = []
    encode = manifest_mod._encoded
    monkeypatch.setattr(manifest_mod, "_encoded", lambda s, k, v: encoded.append((s, k)) or encode(s, k, v))
    rnd = random.Random(7)
    last = _manifest(200)
    _write(last, briefs)
    count = shard_count(len(last.seeds))
    extra = 1000
    for round_ in range(40):
        sections = {s: dict(getattr(last, s)) for s in SECTIONS}
        for name, entries in sections.items():
            for key in rnd.sample(sorted(entries), rnd.randrange(6)):
                what = rnd.random()
                if what < 0.3:
                    del entries[key]
                elif what < 0.6:
                    entries[key] = copy.copy(entries[key])  # the same data, another object
                elif name == "seeds" and what < 0.7:
                    entries[key] = dataclasses.replace(entries[key], id=entries[key].id + "-2")  # moves to another shard
                else:
                    entries[f"{key}~{round_}"] = entries[key]
        if round_ % 10 == 9:  # past a power of two: another shard count, every shard written
            rnd2 = random.Random(round_)
            for _ in range(80):
                card = _card(extra, rnd2)
                sections["seeds"][f"seeds/x{extra}.txt"] = SeedEntry("0" * 64, card.id, "1" * 64, card, "x" * 64)
                extra += 1
        new = Manifest(last.renderer, last.cards, **sections)
        encoded.clear()
        wrote = _write(new, briefs, old=last)
        got = list(encoded)
        assert _on_disk(briefs) == _fresh(new)
        now = shard_count(len(new.seeds))
        if now != count:
            assert len(wrote) == now
        else:
            expect = set()
            for name, entries in sections.items():
                then = getattr(last, name)
                for k in entries.keys() | then.keys():
                    if (v_new := entries.get(k)) is not (v_old := then.get(k)):
                        expect.update(manifest_mod._shard(name, k, v, now) for v in (v_new, v_old) if v is not None)
            assert wrote == expect
            # what was encoded: the entries that are not the very objects of the last manifest (the
            # others of those shards are their lines as written)
            assert sorted(got) == sorted(
                (s, k) for s, entries in sections.items() for k, v in entries.items() if getattr(last, s).get(k) is not v
            )
        count = now
        last = new
        if round_ % 3 == 2:  # a new process: the files read back, known to be as written
            last = Manifest._read(briefs / MANIFEST_NAME)
            last.as_written()
            assert _same_data(last, new)


def test_a_shard_that_is_not_the_one_listed_drops_the_related_lists(tmp_path: Path) -> None:
    """A build stopped between writing the shards and their list, or a merge: the shards are read, but
    the related lists (which depend on every other briefing) and the hash of the cards are not trusted."""
    briefs = tmp_path / "briefs"
    m = _manifest(100)
    _write(m, briefs)
    back = Manifest._read(briefs / MANIFEST_NAME)
    back.verify()
    assert back.related == m.related and back.cards == m.cards and back._trusted
    shard = sorted((briefs / SHARDS_DIR).iterdir())[1]
    before = shard.read_bytes()
    # another build's version of the shard: one page's size changed
    shard.write_bytes(before.replace(b",1000", b",1001", 1) if b",1000" in before else before.replace(b"]", b" ]", 1))
    back = Manifest._read(briefs / MANIFEST_NAME)
    back.verify()
    assert back.related == {} and back.cards == "" and not back._trusted and len(back.seeds) == 100
    assert stale_files(briefs, m.files()) == [f"{SHARDS_DIR}/{shard.name}"]
    # a shard gone: its entries are unknown, the rest is read
    shard.unlink()
    back = Manifest._read(briefs / MANIFEST_NAME)
    back.verify()
    assert back.related == {} and len(back.seeds) == 100 - before.count(b'\n"seeds/') > 50
    # a shard the list does not name is reported by ``--check`` and removed by the next write
    shard.write_bytes(before)
    (briefs / SHARDS_DIR / "zz.json").write_bytes(b"{}")
    assert stale_files(briefs, m.files()) == [f"{SHARDS_DIR}/zz.json"]
    _write(m, briefs)
    assert not (briefs / SHARDS_DIR / "zz.json").exists() and _on_disk(briefs) == _fresh(m)


def test_windows_line_ends_and_the_format_before_shards_read_the_same(tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    m = _manifest(100)
    _write(m, briefs)
    for path in [briefs / MANIFEST_NAME, *(briefs / SHARDS_DIR).iterdir()]:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    back = Manifest._read(briefs / MANIFEST_NAME)
    back.verify()
    assert _same_data(back, m) and not back._trusted  # the same data; every shard written again
    assert stale_files(briefs, m.files()) == []
    # format 5: the sections in one file, as a project of up to 32 seeds still has them
    small = _manifest(20)
    root = small.files().root
    (tmp_path / "old.json").write_bytes(root.replace(b'"format":6', b'"format":5', 1))
    assert _same_data(Manifest._read(tmp_path / "old.json"), small)
    (tmp_path / "other.json").write_bytes(root.replace(b'"format":6', b'"format":3', 1))
    assert Manifest._read(tmp_path / "other.json").seeds == {}

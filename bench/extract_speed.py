"""Extraction speed: our full ``extract`` against spaCy's full ``en_core_web_sm`` pipeline, same run.

    .venv/bin/python bench/extract_speed.py [--seeds seeds] [--copies 8] [--repeat 3] [--workers N]

The articles are the project's own ``seeds/`` (every format), repeated ``--copies`` times so that a
batch is large enough for the parallel path (a fixed set: the same input every run).  Reading the
files and loading the models happen before any timing.  Each measure runs ``--repeat`` times; the
figure is the median over runs of (batch time / articles), in ms per article:

* ours, 1 process: ``extract_many(docs, workers=1)`` (cleaning, NER, entities, quotes, facts, topics);
* ours, N processes: the same with ``workers=N`` (what ``briefings`` does for large batches);
* spaCy full: ``nlp.pipe`` over the same articles' text with every component of the model.

The ratio lines are ours / spaCy full (the target is at most 1/3).  It also checks that both of our
paths give byte-identical briefs.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.extract import default_workers  # noqa: E402
from generator.extract.brief import extract_many  # noqa: E402
from generator.extract.ner import MODEL, load_model  # noqa: E402
from generator.model import Document  # noqa: E402
from generator.read.seeds import DEFAULT_MAX_BYTES, discover, load, parse  # noqa: E402


def articles(folder: Path, copies: int) -> list[Document]:
    docs = [parse(load(p, str(p), DEFAULT_MAX_BYTES)) for p in discover([str(folder)])]
    if not docs:
        raise SystemExit(f"no seeds in {folder}")
    return [doc for _ in range(copies) for doc in docs]


def cpu_now() -> float:
    """CPU seconds of this process and of its finished children (the parallel path's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(runs: dict[str, Callable[[], object]], n: int, repeat: int) -> dict[str, tuple[float, float]]:
    """{name: (median wall ms/article, median CPU ms/article)}; the measures take turns in every round,
    so that load from other jobs on the machine falls on all of them alike."""
    wall: dict[str, list[float]] = {k: [] for k in runs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            c0, t0 = cpu_now(), time.perf_counter()
            run()
            wall[name].append((time.perf_counter() - t0) * 1000 / n)
            cpu[name].append((cpu_now() - c0) * 1000 / n)
    return {k: (statistics.median(wall[k]), statistics.median(cpu[k])) for k in runs}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--copies", type=int, default=8, help="repeat the seed set this many times (default 8)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per measure (default 3)")
    ap.add_argument("--workers", type=int, default=default_workers(), help="processes for the parallel measure")
    ap.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = ap.parse_args()

    import spacy

    docs = articles(args.seeds, args.copies)
    texts = [d.text for d in docs]
    n = len(docs)
    load_model()  # ours: loaded once, before timing (the workers inherit it)
    full = spacy.load(MODEL)  # spaCy with every component
    list(full.pipe(texts[:4]))  # warm-up
    serial = [b.to_json() for b in extract_many(docs[: len(docs) // args.copies], workers=1)]  # warm-up

    got = measure({
        "ours_1": lambda: list(extract_many(docs, workers=1)),
        "ours_n": lambda: list(extract_many(docs, workers=args.workers)),
        "spacy_full": lambda: list(full.pipe(texts, batch_size=64)),
    }, n, args.repeat)
    (ours_1, ours_1_cpu), (ours_n, ours_n_cpu), (spacy_full, spacy_cpu) = got["ours_1"], got["ours_n"], got["spacy_full"]

    a = json.dumps([b.to_json() for b in extract_many(docs, workers=1)], sort_keys=True)
    b = json.dumps([b.to_json() for b in extract_many(docs, workers=args.workers)], sort_keys=True)
    same = a == b and json.loads(a)[: len(serial)] == serial

    result = {
        "articles": n, "distinct": n // args.copies, "repeat": args.repeat, "workers": args.workers,
        "ours_1_ms": round(ours_1, 2), "ours_n_ms": round(ours_n, 2), "spacy_full_ms": round(spacy_full, 2),
        "ratio_1": round(ours_1 / spacy_full, 3), "ratio_n": round(ours_n / spacy_full, 3),
        "ours_1_cpu_ms": round(ours_1_cpu, 2), "ours_n_cpu_ms": round(ours_n_cpu, 2),
        "spacy_full_cpu_ms": round(spacy_cpu, 2), "identical": same,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{n} articles ({n // args.copies} distinct x {args.copies}), median of {args.repeat} rounds")
        print("| measure | wall ms/article | vs spaCy full | CPU ms/article |\n|---|---:|---:|---:|")
        print(f"| ours, 1 process | {ours_1:.1f} | {ours_1 / spacy_full:.2f} | {ours_1_cpu:.1f} |")
        print(f"| ours, {args.workers} processes | {ours_n:.1f} | {ours_n / spacy_full:.2f} | {ours_n_cpu:.1f} |")
        print(f"| spaCy full en_core_web_sm, 1 process | {spacy_full:.1f} | 1.00 | {spacy_cpu:.1f} |")
        print(f"parallel output identical to serial: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())

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
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.extract.brief import default_workers, extract_many  # noqa: E402
from generator.extract.ner import MODEL, load_model  # noqa: E402
from generator.model import Document  # noqa: E402
from generator.read.seeds import DEFAULT_MAX_BYTES, discover, load, parse  # noqa: E402


def articles(folder: Path, copies: int) -> list[Document]:
    docs = [parse(load(p, str(p), DEFAULT_MAX_BYTES)) for p in discover([str(folder)])]
    if not docs:
        raise SystemExit(f"no seeds in {folder}")
    return [doc for _ in range(copies) for doc in docs]


def median_ms(run: Callable[[], object], n: int, repeat: int) -> float:
    times: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000 / n)
    return statistics.median(times)


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

    ours_1 = median_ms(lambda: list(extract_many(docs, workers=1)), n, args.repeat)
    ours_n = median_ms(lambda: list(extract_many(docs, workers=args.workers)), n, args.repeat)
    spacy_full = median_ms(lambda: list(full.pipe(texts, batch_size=64)), n, args.repeat)

    a = json.dumps([b.to_json() for b in extract_many(docs, workers=1)], sort_keys=True)
    b = json.dumps([b.to_json() for b in extract_many(docs, workers=args.workers)], sort_keys=True)
    same = a == b and json.loads(a)[: len(serial)] == serial

    result = {
        "articles": n, "distinct": n // args.copies, "repeat": args.repeat, "workers": args.workers,
        "ours_1_ms": round(ours_1, 2), "ours_n_ms": round(ours_n, 2), "spacy_full_ms": round(spacy_full, 2),
        "ratio_1": round(ours_1 / spacy_full, 3), "ratio_n": round(ours_n / spacy_full, 3), "identical": same,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{n} articles ({n // args.copies} distinct x {args.copies}), median of {args.repeat} runs, ms/article")
        print("| measure | ms/article | vs spaCy full |\n|---|---:|---:|")
        print(f"| ours, 1 process | {ours_1:.1f} | {ours_1 / spacy_full:.2f} |")
        print(f"| ours, {args.workers} processes | {ours_n:.1f} | {ours_n / spacy_full:.2f} |")
        print(f"| spaCy full en_core_web_sm, 1 process | {spacy_full:.1f} | 1.00 |")
        print(f"parallel output identical to serial: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())

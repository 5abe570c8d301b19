"""``python -m bench.build_once CONFIG``: one build, then its counters as a line of JSON on stdout.

The benchmark times its build steps with this rather than ``briefings build``, whose output has no
counters. The process starts and ends as the command's does (``generator.cli.main`` and
``generator.build.run_build``): it forks the extraction process first thing (``generator/prefork.py``),
imports no more than the command, the collector is paused, and the process ends where the command's
does, as soon as the summary is printed (``exit_when_done``), here right after printing the counters.

Returning from the build instead would first free everything it holds, one object at a time: the
manifest, the cards, the related lists, the pages' inputs.  Up to code 7eb55b3 this script did: when
one seed is added at 10,000, 0.25-0.29 s passed between the summary line and the end of the process
(timed inside it, 4 runs, on the slow machine of 2026-11-27), time the command does not spend.
"""

from __future__ import annotations

import gc
import json
import sys
from typing import Any


def counters(r: Any) -> dict[str, Any]:
    """What the benchmark reads of a ``BuildResult``."""
    return {
        "seconds": r.seconds, "extracted": r.extracted, "built": r.built, "unchanged": r.unchanged,
        "removed": r.removed, "failed": r.failed, "written": r.written,
    }  # fmt: skip


def main(config: str) -> None:
    from generator.prefork import Prefork

    prefork = Prefork.start()  # as ``briefings build`` does, before importing the build
    from generator.build import build
    from generator.config import load_settings

    gc.disable()

    def report(r: Any) -> None:
        print(json.dumps(counters(r)), flush=True)

    # Ends the process with the build's exit code, as the command does (never returns).
    build(load_settings(config), prefork=prefork, exit_when_done=report)
    raise SystemExit("bench.build_once: the build returned")  # (it cannot: exit_when_done ends the process)


if __name__ == "__main__":
    main(sys.argv[1])

"""``python -m bench.build_once CONFIG``: one build, then its counters as a line of JSON on stdout.

The benchmark times its build steps with this rather than ``briefings build``, whose output has no
counters. The process starts and ends as the command's does (``generator.cli.main`` and
``generator.build.run_build``): it forks the extraction process first thing (``generator/prefork.py``),
imports no more than the command, the collector is paused, and the process ends as soon as the build
is done, here right after printing the counters. Returning instead would free the build's objects one
by one and walk them again at exit: about half a second at 10,000 seeds that the command does not spend.
"""

from __future__ import annotations

import gc
import json
import os
import sys


def main(config: str) -> None:
    from generator.prefork import Prefork

    prefork = Prefork.start()  # as ``briefings build`` does, before importing the build
    from generator.build import build
    from generator.config import load_settings

    gc.disable()
    r = build(load_settings(config), prefork=prefork)
    counts = {
        "seconds": r.seconds, "extracted": r.extracted, "built": r.built, "unchanged": r.unchanged,
        "removed": r.removed, "failed": r.failed, "written": r.written,
    }  # fmt: skip
    print(json.dumps(counts), flush=True)
    sys.stderr.flush()
    os._exit(0 if not r.fatal else 2)


if __name__ == "__main__":
    main(sys.argv[1])

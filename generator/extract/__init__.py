"""Extract stage: ``Document`` -> ``Brief`` (``brief.extract_many``).

The batch sizes and the number of workers live here so that a build can decide how to extract, and
how to render, without importing the extraction modules (a forked process imports them while the build
goes on; importing them in the build itself costs a seventh of a second).
"""

import os

# Below this many documents one process does it all: starting workers would cost more than it saves.
PARALLEL_MIN_DOCS = 64
# Documents sent to a worker at a time: big enough for nlp.pipe to batch, small enough to balance the load.
CHUNK = 32


def default_workers() -> int:
    """Processes to extract or render with: ``BRIEFINGS_WORKERS``, else the CPUs this process may use."""
    env = os.environ.get("BRIEFINGS_WORKERS", "").strip()
    if env.isdigit():
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)

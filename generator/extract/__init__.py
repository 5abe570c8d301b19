"""Extract stage: ``Document`` -> ``Brief`` (``brief.extract_many``).

The batch sizes live here so that a build can decide how to extract before it imports the extraction
modules (a forked process imports them while the build goes on).
"""

# Below this many documents one process does it all: starting workers would cost more than it saves.
PARALLEL_MIN_DOCS = 64
# Documents sent to a worker at a time: big enough for nlp.pipe to batch, small enough to balance the load.
CHUNK = 32

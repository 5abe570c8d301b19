"""``python -m generator`` is the ``briefings`` command."""

import sys

from generator.cli import run

sys.exit(run())

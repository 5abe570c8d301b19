"""Clean stage: cut boilerplate, datelines and copyright lines out of a ``Document``."""

from generator.clean.clean import clean

__all__ = ["clean"]

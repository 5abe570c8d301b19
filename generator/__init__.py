"""Briefings: turn source articles in ``seeds/`` into Markdown briefings and a searchable site."""

__version__ = "0.1.0"

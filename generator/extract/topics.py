"""Topics: the subjects a brief is filed under (its main entities)."""

from __future__ import annotations

from generator.model import Entity

MAX_TOPICS = 6


def topics(entities: list[Entity], given: list[str] | None = None) -> list[str]:
    if given:
        return list(dict.fromkeys(given))
    ranked = [e for e in entities if e.type in ("person", "organization", "place") and len(e.mentions) >= 2]
    return [e.name for e in ranked[:MAX_TOPICS]]

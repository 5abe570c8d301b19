"""Relate stage: what each briefing has in common with the others (related briefings, topic pages).

Works on ``Card``s, the small summary of a brief that the manifest keeps, so related lists and topic
pages can be recomputed without loading (or re-extracting) every brief.
"""

from generator.relate.cards import Card, card_from_brief, newest_first
from generator.relate.entities import (
    FOLDERS,
    Affected,
    EntityIndex,
    EntityPage,
    Period,
    entity_key,
    entity_pages,
    period_key,
    related_topics,
    timeline,
)
from generator.relate.related import Related, relate
from generator.relate.topics import Topic, slugify, topic_index

__all__ = [
    "FOLDERS",
    "Affected",
    "Card",
    "EntityIndex",
    "EntityPage",
    "Period",
    "Related",
    "Topic",
    "card_from_brief",
    "entity_key",
    "entity_pages",
    "newest_first",
    "period_key",
    "relate",
    "related_topics",
    "slugify",
    "timeline",
    "topic_index",
]

"""NER mentions -> entities: typed, merged (surname -> full name, acronym -> place), with aliases."""

from __future__ import annotations

from generator.extract.ner import Mention
from generator.model import Entity, EntityType

_TYPES: dict[str, EntityType] = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place",
                                 "FAC": "place", "NORP": "other"}


def build_entities(body: str, mentions: list[Mention]) -> list[Entity]:
    by_name: dict[str, Entity] = {}
    for s, e, label in mentions:
        etype = _TYPES.get(label)
        if etype is None or etype == "other":
            continue
        name = body[s:e].strip()
        ent = by_name.setdefault(name, Entity(name, etype))
        ent.mentions.append((s, e))
    # surname / short form -> the longest entity of the same type that ends with it
    names = sorted(by_name, key=len, reverse=True)
    for short in sorted(by_name, key=len):
        ent = by_name.get(short)
        if ent is None:
            continue
        for full in names:
            if full != short and full in by_name and by_name[full].type == ent.type and (
                full.endswith(" " + short) or full.startswith(short + " ")
            ):
                target = by_name[full]
                target.aliases.append(short)
                target.mentions.extend(ent.mentions)
                del by_name[short]
                break
    out = list(by_name.values())
    for ent in out:
        ent.mentions.sort()
        ent.aliases = sorted(set(ent.aliases))
    out.sort(key=lambda x: (-len(x.mentions), x.mentions[0]))
    return out

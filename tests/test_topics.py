"""Topics: front matter wins; else the main entities (canonical names) and themes, 3 to 7, shared by related briefs."""

from __future__ import annotations

from generator.extract.topics import MAX_TOPICS, themes, topics
from generator.model import Entity


def ent(name: str, etype: str, *mentions: int) -> Entity:
    return Entity(name, etype, [], [(m, m + len(name)) for m in mentions])  # type: ignore[arg-type]


DRILLS = ("Valdoria and the United States began joint naval drills on Monday, a military exercise that "
          "Norland called a rehearsal for invasion. The drills involve 30 warships and missile defence units.\n\n"
          "Norland fired two ballistic missiles in response, its army said. Valdoria's defence ministry said "
          "the exercise would continue.")
SUMMIT = ("Leaders of Valdoria and Norland will meet for summit talks next month, diplomats said.\n\n"
          "The talks follow weeks of military drills and missile tests; Valdoria's troops remain on alert, "
          "and envoys from the United States will attend as observers.")


def test_front_matter_topics_override_and_are_deduplicated() -> None:
    ents = [ent("Valdoria", "place", 0, 50)]
    assert topics(ents, ["Fisheries", "Valdoria", "Fisheries"], DRILLS) == ["Fisheries", "Valdoria"]
    assert topics(ents, "Fisheries, Ports ,", DRILLS) == ["Fisheries", "Ports"]


def test_main_entities_then_themes() -> None:
    ents = [ent("Valdoria", "place", 0, 300), ent("Norland", "place", 150, 250), ent("United States", "place", 14),
            ent("Erik Moen", "person", 400), ent("Weekly Gazette", "other", 10, 20)]
    got = topics(ents, None, DRILLS)
    assert got[:3] == ["Valdoria", "Norland", "United States"]  # by mentions, then the lede
    assert "Erik Moen" not in got  # named once, after the lede
    assert "Weekly Gazette" not in got  # not a person, organisation or place
    assert "Defence and security" in got
    assert 3 <= len(got) <= MAX_TOPICS


def test_related_articles_share_topics() -> None:
    a = topics([ent("Valdoria", "place", 0, 300), ent("Norland", "place", 150, 250)], None, DRILLS)
    b = topics([ent("Valdoria", "place", 13, 150), ent("Norland", "place", 26), ent("United States", "place", 200)],
               None, SUMMIT)
    shared = set(a) & set(b)
    assert {"Valdoria", "Norland", "Defence and security"} <= shared


def test_themes_need_repeated_evidence() -> None:
    assert themes("The court heard the case. The judge adjourned the trial until May.") == ["Law and justice"]
    assert themes("He said the weather was fine and the party was fun.") == []
    assert themes("") == []


def test_topics_are_deterministic() -> None:
    ents = [ent("Valdoria", "place", 0, 300), ent("Norland", "place", 150, 250)]
    assert topics(ents, None, DRILLS) == topics(list(ents), None, DRILLS)

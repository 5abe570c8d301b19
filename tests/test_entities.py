"""Entities: span repair, alias merging, acronym places, type voting, headline junk, sports teams.

The rule tests feed ``build_entities`` hand-made model mentions (what the statistical model typically
gets wrong), so they do not depend on the model's exact guesses; the end-to-end tests run the real model.
All articles are written for these tests (invented people and places).
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from generator.extract.brief import extract, extract_many
from generator.extract.entities import build_entities
from generator.extract.ner import is_caps_line, model_text
from generator.model import Document, Entity

ROOT = Path(__file__).resolve().parent.parent


def spans(body: str, *items: tuple[str, str] | tuple[str, str, int]) -> list[tuple[int, int, str]]:
    """Model mentions by text: (text, label) or (text, label, occurrence index)."""
    out = []
    for item in items:
        text, label = item[0], item[1]
        nth = item[2] if len(item) > 2 else 0
        pos = -1
        for _ in range(nth + 1):
            pos = body.index(text, pos + 1)
        out.append((pos, pos + len(text), label))
    return sorted(out)


def by_name(ents: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in ents}


def surface(body: str, ent: Entity) -> list[str]:
    return [body[s:e] for s, e in ent.mentions]


# ---------------------------------------------------------------- aliases


def test_surname_and_possessive_join_the_full_name() -> None:
    body = ("Harbour Minister Odile Varga opened the new quay on Monday.\n\n"
            "Varga's plan doubles the port's capacity, and Varga said more berths would follow.")
    ents = build_entities(body, spans(body, ("Odile Varga", "PERSON"), ("Varga's", "ORG"), ("Varga", "GPE", 1)))
    varga = by_name(ents)["Odile Varga"]
    assert varga.type == "person"
    assert varga.aliases == ["Varga"]
    assert surface(body, varga) == ["Odile Varga", "Varga", "Varga"]  # the possessive is not part of the name


def test_given_name_first_names_merge_too() -> None:
    body = "Leader Park Sun Hee arrived in Dellin. Park met the mayor of Dellin."
    ents = build_entities(body, spans(body, ("Park Sun Hee", "PERSON"), ("Park", "PERSON", 1), ("Dellin", "GPE"),
                                      ("Dellin", "GPE", 1)))
    assert by_name(ents)["Park Sun Hee"].aliases == ["Park"]
    assert len(by_name(ents)["Park Sun Hee"].mentions) == 2


def test_a_person_named_in_full_only_where_the_model_saw_no_name() -> None:
    """The model tagged the surname only; the text gives the full name (a common given name) too."""
    body = ("Energy minister Ana Velk opened the plant. Velk said the grid was ready.\n\n"
            "Critics of Velk called the plan rushed.\n")
    ents = by_name(build_entities(body, spans(body, ("Velk", "PERSON", 1), ("Velk", "PERSON", 2))))
    assert "Ana Velk" in ents and "Velk" not in ents and len(ents["Ana Velk"].mentions) == 3
    # two people of that surname: the surname alone stays as it is
    body2 = body + "Her brother Peter Velk was not there.\n"
    ents2 = by_name(build_entities(body2, spans(body2, ("Velk", "PERSON", 1), ("Velk", "PERSON", 2))))
    assert "Velk" in ents2 and "Ana Velk" not in ents2


def test_clubs_parties_and_leagues_are_organisations() -> None:
    body = ("Velm United beat Port Sand Rovers 2-1 in the Premiership. Labour and the Lib Dems both sent "
            "congratulations, Velm Radio reported.\n")
    ents = build_entities(body, spans(body, ("Velm United", "PERSON"), ("Port Sand Rovers", "PERSON"),
                                      ("Premiership", "PERSON"), ("Labour", "PERSON"), ("Lib Dems", "PERSON"),
                                      ("Velm Radio", "PERSON")))  # fmt: skip
    assert {e.name: e.type for e in ents} == dict.fromkeys(
        ["Velm United", "Port Sand Rovers", "Premiership", "Labour", "Lib Dems", "Velm Radio"], "organization")


def test_a_time_zone_is_not_an_organisation() -> None:
    body = "The Velm exchange opened at 08:00 GMT on Monday, Velm Trading Board said.\n"
    ents = by_name(build_entities(body, spans(body, ("GMT", "ORG"), ("Velm Trading Board", "ORG"))))
    assert sorted(ents) == ["Velm Trading Board"]


def test_an_honorific_or_a_job_before_a_name_is_not_part_of_it() -> None:
    """'Mr Velk' joins 'Ana Velk'; 'Guitarist Olaf Brenn' is Olaf Brenn; 'Sir Tomas Rell' keeps his title."""
    body = ("Energy minister Ana Velk opened the plant on Monday. Mr Velk said the grid was ready.\n\n"
            "Guitarist Olaf Brenn played at the opening. Sir Tomas Rell cut the ribbon.\n")
    ents = by_name(build_entities(body, spans(body, ("Ana Velk", "PERSON"), ("Mr Velk", "PERSON"),
                                              ("Guitarist Olaf Brenn", "PERSON"), ("Sir Tomas Rell", "PERSON"))))  # fmt: skip
    assert sorted(ents) == ["Ana Velk", "Olaf Brenn", "Sir Tomas Rell"]
    assert len(ents["Ana Velk"].mentions) == 2 and all(e.type == "person" for e in ents.values())
    # a given name that is also a title stays ("Dean Harlow", unlike "Dean Ida Marsk" of the faculty)
    body2 = "Dean Harlow, a salesman, voted early. Dean Ida Marsk of the law faculty voted too.\n"
    ents2 = by_name(build_entities(body2, spans(body2, ("Dean Harlow", "PERSON"), ("Dean Ida Marsk", "PERSON"))))
    assert sorted(ents2) == ["Dean Harlow", "Ida Marsk"]


def test_two_names_run_together_in_one_span_are_split() -> None:
    """'the Ana Velk Port Sand rally': a person beside a place, each named on its own elsewhere; the
    person is not filed under the place."""
    body = ("Ana Velk spoke in Port Sand on Monday. Crowds filled Port Sand.\n\n"
            "Supporters gathered at the Ana Velk Port Sand rally.\n")
    ents = by_name(build_entities(body, spans(body, ("Ana Velk", "PERSON"), ("Port Sand", "GPE"),
                                              ("Port Sand", "GPE", 1), ("Ana Velk Port Sand", "GPE"))))  # fmt: skip
    assert ents["Ana Velk"].type == "person" and len(ents["Ana Velk"].mentions) == 2
    assert ents["Port Sand"].type == "place" and len(ents["Port Sand"].mentions) == 3
    assert not any("Ana Velk Port Sand" in e.name for e in ents.values())
    # two names of other kinds side by side can be one name: kept whole
    body2 = "The Velm Supreme Court ruled. Velm and the Supreme Court both spoke. Velm and the Supreme Court.\n"
    ents2 = by_name(build_entities(body2, spans(body2, ("Velm Supreme Court", "ORG"), ("Velm", "GPE", 1),
                                                ("Supreme Court", "ORG", 1), ("Velm", "GPE", 2),
                                                ("Supreme Court", "ORG", 2))))  # fmt: skip
    assert "Velm Supreme Court" in ents2


def test_missed_mentions_of_a_known_name_are_found() -> None:
    body = "Coach Tomas Brel praised his squad.\n\nBrel , who joined in May , said the squad was ready ."
    ents = build_entities(body, spans(body, ("Tomas Brel", "PERSON")))
    assert surface(body, by_name(ents)["Tomas Brel"]) == ["Tomas Brel", "Brel"]


def test_acronym_of_an_organisation_becomes_its_alias() -> None:
    body = ("The National Farmers Alliance called a strike.\n\n"
            "The NFA wants higher grain prices, NFA leaders said.")
    ents = build_entities(body, spans(body, ("The National Farmers Alliance", "ORG"), ("NFA", "ORG"),
                                      ("NFA", "ORG", 1)))
    nfa = by_name(ents)["National Farmers Alliance"]
    assert nfa.type == "organization"
    assert nfa.aliases == ["NFA"]
    assert len(nfa.mentions) == 3


# ---------------------------------------------------------------- places


def test_acronyms_of_places_take_the_country_name() -> None:
    body = ("Officials from the ROK and the U.S. met in Seoul. The US envoy warned the DPRK.\n\n"
            "South Korea and the United States will hold drills; North Korea objected.")
    ents = build_entities(body, spans(body, ("ROK", "ORG"), ("U.S.", "GPE"), ("Seoul", "GPE"), ("US", "GPE"),
                                      ("DPRK", "ORG"), ("South Korea", "GPE"), ("the United States", "GPE"),
                                      ("North Korea", "GPE")))
    names = by_name(ents)
    assert names["South Korea"].type == "place" and names["South Korea"].aliases == ["ROK"]
    assert names["North Korea"].type == "place" and names["North Korea"].aliases == ["DPRK"]
    assert names["United States"].aliases == ["U.S.", "US"]
    assert len(names["United States"].mentions) == 3
    assert "ROK" not in names and "DPRK" not in names


def test_country_missed_by_the_model_in_a_list_is_found() -> None:
    body = "Final standings:\n\n1. Ana Duarte ( Portugal ) 12.40\n\n2. Lena Moss ( Kenya ) 12.51"
    # the model ran the name into the bracket, and missed the second country
    ents = build_entities(body, spans(body, ("Ana Duarte ( Portugal", "ORG"), ("Lena Moss", "PERSON")))
    names = by_name(ents)
    assert names["Portugal"].type == "place"
    assert names["Kenya"].type == "place"
    assert names["Ana Duarte"].type == "person"  # split at the bracket; a common given name makes it a person


def test_name_inside_a_longer_name_is_not_a_country() -> None:
    body = "The Mexico City office of Polar Freight moved."
    ents = build_entities(body, spans(body, ("Polar Freight", "ORG")))
    assert "Mexico" not in by_name(ents)


# ---------------------------------------------------------------- types


def test_type_is_voted_across_mentions_and_the_full_name_counts_most() -> None:
    body = ("Vera Lindqvist won the final. Lindqvist beat the champion. Lindqvist served well.\n\n"
            "Lindqvist will play again on Sunday.")
    ents = build_entities(body, spans(body, ("Vera Lindqvist", "PERSON"), ("Lindqvist", "ORG", 1),
                                      ("Lindqvist", "ORG", 2), ("Lindqvist", "GPE", 3)))
    assert [(e.name, e.type) for e in ents] == [("Vera Lindqvist", "person")]


def test_organisation_head_words_beat_the_model() -> None:
    body = "Students at Harwick Valley High School protested. Harwick Valley High School closed early."
    ents = build_entities(body, spans(body, ("Harwick Valley High School", "PERSON"),
                                      ("Harwick Valley High School", "PERSON", 1)))
    assert by_name(ents)["Harwick Valley High School"].type == "organization"


def test_acronym_is_never_a_person() -> None:
    body = "The report by the IRMC was released on Friday."
    ents = build_entities(body, spans(body, ("IRMC", "PERSON")))
    assert by_name(ents)["IRMC"].type != "person"


# ---------------------------------------------------------------- junk


def test_headline_in_capitals_keeps_only_names_known_from_the_text() -> None:
    body = ("SOCCER - BRANDVIK ROUT OSTERHOLM IN CUP QUARTERFINAL .\n\n"
            "Brandvik beat Osterholm 4-0 on Saturday , with Karl Eide scoring twice .")
    # what the model says on the Title-Cased headline: junk spans
    ents = build_entities(body, spans(body, ("SOCCER", "ORG"), ("CUP QUARTERFINAL", "EVENT"), ("Brandvik", "GPE"),
                                      ("Osterholm", "GPE"), ("Karl Eide", "PERSON"), ("ROUT OSTERHOLM", "ORG")))
    names = {e.name for e in ents}
    assert "SOCCER" not in names and "Soccer" not in names
    assert not any("ROUT" in n.upper().split() for n in names)
    brandvik = [e for e in ents if e.name == "Brandvik"]
    assert brandvik and sum(len(e.mentions) for e in brandvik) == 2  # the headline's BRANDVIK is the same name


def test_labels_titles_and_photo_credits_are_not_names() -> None:
    body = ("Attendance : 12,000\n\nCpl. Dana Ruiz spoke.\n\n"
            "( Marco Bellini / Northern Photo Agency )\n\nThe new Defense Secretary will visit Ruiz .")
    ents = build_entities(body, spans(body, ("Attendance", "PERSON"), ("Cpl", "PERSON"), ("Dana Ruiz", "PERSON"),
                                      ("Marco Bellini", "PERSON"), ("Defense", "ORG")))
    names = {e.name for e in ents}
    assert "Attendance" not in names and "Cpl" not in names and "Defense" not in names
    assert "Marco Bellini" not in names
    assert "Dana Ruiz" in names


def test_sports_city_is_a_team_but_a_country_and_a_venue_stay_places() -> None:
    body = ("BASKETBALL - RESULTS .\n\nKELLSTON 1996-03-02\n\n"
            "Kellston beat Marrow Bay 88-80 at home in Kellston , while Portugal beat Norway 70-65 .")
    ents = build_entities(body, spans(body, ("KELLSTON", "GPE"), ("Kellston", "GPE", 0), ("Marrow Bay", "GPE"),
                                      ("Kellston", "GPE", 1), ("Portugal", "GPE"), ("Norway", "GPE")))
    kinds = {(body[s:e], ent.type) for ent in ents for s, e in ent.mentions}
    assert ("Kellston", "organization") in kinds  # "Kellston beat ..."
    assert ("Kellston", "place") in kinds  # "in Kellston"
    assert ("KELLSTON", "place") in kinds  # the dateline
    assert ("Portugal", "place") in kinds and ("Norway", "place") in kinds


def test_mentions_do_not_overlap_and_index_the_body() -> None:
    body = "Dr. Ilse Marr of the Tallin Institute met Marr's rival , Piet Oster , in Oslo ."
    ents = build_entities(body, spans(body, ("Ilse Marr", "PERSON"), ("the Tallin Institute", "ORG"),
                                      ("Marr's rival , Piet Oster", "PERSON"), ("Oslo", "GPE")))
    all_spans = sorted(m for e in ents for m in e.mentions)
    assert all(a[1] <= b[0] for a, b in pairwise(all_spans))
    assert {body[s:e] for s, e in all_spans} >= {"Ilse Marr", "Tallin Institute", "Piet Oster", "Oslo"}


# ---------------------------------------------------------------- the model's input


def test_caps_lines_are_title_cased_at_the_same_length() -> None:
    text = "RIVERTON WIN TITLE .\nRiverton won the title on Sunday ."
    shown = model_text(text)
    assert len(shown) == len(text)
    assert shown.startswith("Riverton Win Title .\n")
    assert shown.endswith("Riverton won the title on Sunday .")
    assert is_caps_line("NEW HAVEN 74 59 .556") and not is_caps_line("The NFA said so .")


# ---------------------------------------------------------------- end to end, with the model


def _doc(text: str, seed: str = "t.txt") -> Document:
    return Document(seed=seed, format="txt", text=text)


@pytest.fixture(scope="module")
def sample() -> dict[str, Entity]:
    path = ROOT / "seeds" / "000_692076cb1b9b9897.txt"
    if not path.exists():
        pytest.skip("sample seed missing")
    from generator.read.seeds import DEFAULT_MAX_BYTES, load, parse

    brief = extract(parse(load(path, str(path), DEFAULT_MAX_BYTES)))
    return by_name(brief.entities)


def test_sample_seed_short_forms_merge_into_full_forms(sample: dict[str, Entity]) -> None:
    assert sample["Kim Jong Un"].type == "person" and "Kim" in sample["Kim Jong Un"].aliases
    assert sample["Lloyd Austin"].type == "person" and "Austin" in sample["Lloyd Austin"].aliases
    assert sample["Donald Trump"].type == "person" and "Trump" in sample["Donald Trump"].aliases
    assert sample["South Korea"].type == "place" and "ROK" in sample["South Korea"].aliases
    assert sample["North Korea"].type == "place" and "DPRK" in sample["North Korea"].aliases
    assert sample["United States"].type == "place" and "US" in sample["United States"].aliases
    for short in ("Kim", "Austin", "Trump", "ROK", "DPRK", "US"):
        assert short not in sample
    assert sample["Department of Defense"].type == "organization"


def test_end_to_end_alias_and_type_with_the_model() -> None:
    text = ("Finance Minister Helena Strand announced a new budget on Tuesday in Oslo.\n\n"
            "Strand said the plan would cut taxes for families. \"This is a fair budget,\" Strand told reporters.")
    ents = by_name(extract(_doc(text)).entities)
    assert ents["Helena Strand"].type == "person"
    assert len(ents["Helena Strand"].mentions) == 3
    assert "Strand" not in ents
    assert ents["Oslo"].type == "place"


def test_parallel_and_serial_extraction_are_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.extract.brief as brief_mod

    monkeypatch.setattr(brief_mod, "PARALLEL_MIN_DOCS", 2)
    monkeypatch.setattr(brief_mod, "CHUNK", 1)
    texts = [f"Mayor Ines Calder{i} visited Lisbon.\n\nCalder{i} said the U.S. envoy would come." for i in range(4)]
    docs = [_doc(t, f"s{i}.txt") for i, t in enumerate(texts)]
    serial = [json.dumps(b.to_json()) for b in extract_many(docs, workers=1)]
    parallel = [json.dumps(b.to_json()) for b in extract_many(docs, workers=2)]
    assert serial == parallel
    assert [json.loads(s)["seed"] for s in serial] == ["s0.txt", "s1.txt", "s2.txt", "s3.txt"]


def test_nationality_words_are_not_names_and_datelines_open_with_a_place() -> None:
    body = "DRAMMEL 2024-03-02\n\nThe Briton , who beat Tajik rival Omar Said , stayed in Drammel ."
    ents = build_entities(body, spans(body, ("DRAMMEL", "PERSON"), ("Briton", "PERSON"), ("Tajik", "PERSON"),
                                      ("Omar Said", "PERSON"), ("Drammel", "PERSON")))
    kinds = {e.name: e.type for e in ents}
    assert "Briton" not in kinds and "Tajik" not in kinds
    assert kinds["Omar Said"] == "person"
    assert kinds["Drammel"] == "place"


def test_surname_particles_stay_in_the_name() -> None:
    body = "President Karim al-Rashed met envoys. Al-Rashed said the talks went well."
    ents = build_entities(body, spans(body, ("Karim al-Rashed", "PERSON")))
    assert "Karim al-Rashed" in by_name(ents)


def test_long_texts_reach_the_model_in_pieces_with_offsets_kept() -> None:
    from generator.extract.ner import pieces, recognize

    para = "Mayor Ines Calder opened the new bridge in Lisbon on Monday .\n"
    text = para * 40
    parts = pieces(text, size=500)
    assert len(parts) > 1 and "".join(p for _, p in parts) == text
    assert all(len(p) <= 500 and text[o:o + len(p)] == p for o, p in parts)
    import generator.extract.ner as ner_mod

    whole = next(recognize([text]))
    old = ner_mod.PIECE_CHARS
    ner_mod.PIECE_CHARS = 500
    try:
        cut = next(ner_mod.recognize([text]))
    finally:
        ner_mod.PIECE_CHARS = old
    assert cut == whole
    assert {text[s:e] for s, e, _ in cut} >= {"Ines Calder", "Lisbon"}


def test_a_city_in_general_news_stays_a_place() -> None:
    body = "The football-mad city of Kellston voted on Sunday.\n\nKellston beat expectations , officials said ."
    ents = build_entities(body, spans(body, ("Kellston", "GPE"), ("Kellston", "GPE", 1)))
    assert [(e.name, e.type) for e in ents] == [("Kellston", "place")]


# ---------------------------------------------------------------- round 2: seeds' own mistakes


def test_the_north_is_a_short_form_of_the_country_or_nothing() -> None:
    body = "North Korea fired a missile on Friday. Officials in Vell said the North would fire again."
    ents = build_entities(body, spans(body, ("North Korea", "GPE"), ("North", "GPE", 1), ("Vell", "GPE")))
    nk = by_name(ents)["North Korea"]
    assert nk.aliases == ["North"]
    assert surface(body, nk) == ["North Korea", "North"]
    alone = "Storms hit Vell on Monday. Officials said the North would flood again."
    names = [e.name for e in build_entities(alone, spans(alone, ("Vell", "GPE"), ("North", "GPE")))]
    assert names == ["Vell"]


def test_based_and_born_adjectives_name_the_place() -> None:
    body = "Ines Tarro of the Kapra-based Lantern Trust said the Orlen-born singer would return."
    ents = build_entities(body, spans(body, ("Ines Tarro", "PERSON"), ("Kapra-based", "GPE"),
                                      ("Lantern Trust", "ORG"), ("Orlen-born", "NORP")))
    kinds = {e.name: e.type for e in ents}
    assert kinds == {"Ines Tarro": "person", "Kapra": "place", "Lantern Trust": "organization"}


def test_an_institution_named_after_a_list_keeps_its_commas() -> None:
    body = "Figures from the Ministry of Fisheries, Forests and Water showed a drop, Tom Rell said in Kapra."
    ents = build_entities(body, spans(body, ("Ministry of Fisheries, Forests and Water", "ORG"), ("Tom Rell", "PERSON"),
                                      ("Kapra", "GPE")))
    assert [e.name for e in ents if e.type == "organization"] == ["Ministry of Fisheries, Forests and Water"]
    # an ordinary list inside a wrong span is still cut at its commas
    body2 = "Teams from Vell, Kapra and Orlen met."
    ents2 = build_entities(body2, spans(body2, ("Vell, Kapra and Orlen", "GPE")))
    assert "Vell" in [e.name for e in ents2]


def test_centre_for_something_is_an_organisation() -> None:
    body = "Mara Quell, who directs the Asia program at the Tessaro Center for Strategy in Orlen, spoke first."
    ents = build_entities(body, spans(body, ("Mara Quell", "PERSON"), ("Tessaro Center for Strategy", "FAC"),
                                      ("Orlen", "GPE")))
    assert by_name(ents)["Tessaro Center for Strategy"].type == "organization"


def test_exercise_names_and_product_acronyms_are_not_entities() -> None:
    body = ("The 10-day Iron Lantern drills begin on Monday near Vell. Brandt Labs makes 30 percent of its "
            "KRAM chips in Orlen, and Brandt Labs sells XPU processors too.")
    ents = build_entities(body, spans(body, ("Iron Lantern", "PERSON"), ("Vell", "GPE"), ("Brandt Labs", "ORG"),
                                      ("KRAM", "ORG"), ("Orlen", "GPE"), ("Brandt Labs", "ORG", 1), ("XPU", "ORG")))
    assert sorted(e.name for e in ents) == ["Brandt Labs", "Orlen", "Vell"]


def test_region_nouns_and_coordination_with_a_place_make_places() -> None:
    body = ("Premier Oskar Vell arrived in the Tarnov region by train. He will tour plants in Kapra and Moravin "
            "before flying home.")
    ents = build_entities(body, spans(body, ("Oskar Vell", "PERSON"), ("Tarnov", "PERSON"), ("Kapra", "GPE"),
                                      ("Moravin", "PERSON")))
    kinds = {e.name: e.type for e in ents}
    assert kinds == {"Oskar Vell": "person", "Tarnov": "place", "Kapra": "place", "Moravin": "place"}


def test_a_name_headed_by_exercise_is_an_event_and_regions_are_places() -> None:
    body = ("Officials from Vell held the Harbour Shield Table-Top Exercise on Monday to plan for the "
            "Indo-Pacific, Tom Rell said.")
    ents = build_entities(body, spans(body, ("Vell", "GPE"), ("Harbour Shield Table-Top Exercise", "ORG"),
                                      ("Indo-Pacific", "ORG"), ("Tom Rell", "PERSON")))
    assert {e.name: e.type for e in ents} == {"Vell": "place", "Indo-Pacific": "place", "Tom Rell": "person"}


@pytest.mark.parametrize(
    ("body", "forms"),
    [
        # longest form first, word boundaries on both sides, a match hides the forms inside it
        ("Vell Holdings said Vell and Vell-Kapra agreed; O'Vell did not. Vell.", ("Vell", "Vell Holdings", "Kapra")),
        ("Tom Rell, Rell, Rell's aide, Rell\u2019s and Rell.com met Rell. Rell_x", ("Rell", "Tom Rell")),
        # overlapping occurrences of one form, and forms that overlap each other
        ("aaaa aa aaa", ("aa", "aaa")),
        ("Kapra Kapra Moravin Kapra", ("Kapra Moravin", "Moravin Kapra", "Kapra")),
        ("é-Vell Vellé Vell2 _Vell Vell", ("Vell",)),
    ],
)
def test_a_texts_names_are_found_as_their_pattern_finds_them(body: str, forms: tuple[str, ...]) -> None:
    from generator.extract.entities import _exact_hits, _exact_pattern

    want = [(m.start(), m.end(), m.group()) for m in _exact_pattern(tuple(sorted(forms))).finditer(body)]
    assert want  # each case has matches to compare
    assert _exact_hits(body, forms) == want


def test_a_texts_names_are_found_as_their_pattern_finds_them_in_random_texts() -> None:
    import random

    from generator.extract.entities import _exact_hits, _exact_pattern

    rng = random.Random(5)
    found = 0
    for _ in range(3000):
        body = "".join(rng.choice("ab A.'-\u2019_é1 \n") for _ in range(rng.randint(0, 30)))
        forms = tuple(sorted({"".join(rng.choice("abA.é-' ") for _ in range(rng.randint(1, 3))) for _ in range(3)}))
        want = [(m.start(), m.end(), m.group()) for m in _exact_pattern(forms).finditer(body)]
        found += len(want)
        assert _exact_hits(body, forms) == want, (body, forms)
    assert found > 300  # so that matches were compared, not only empty lists

"""Direct quotes and their speakers: quotation-mark pairing and rule-based attribution.

The rule tests give ``extract_quotes`` hand-made entities (what the entity stage would hand over), so
they do not depend on the statistical model's exact guesses; the last tests run the whole pipeline.
Every article here is written for these tests (invented people and places, except the sample seed).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from generator.extract.quotes import extract_quotes, find_quote_spans
from generator.extract.sentences import split_sentences
from generator.model import Entity, EntityType, Quote

ROOT = Path(__file__).resolve().parent.parent


def ents(body: str, *items: tuple[str, EntityType] | tuple[str, EntityType, list[str]]) -> list[Entity]:
    """Entities by name: every occurrence of the name (and of each alias) is a mention."""
    out = []
    for item in items:
        name, etype = item[0], item[1]
        aliases = item[2] if len(item) > 2 else []
        mentions: list[tuple[int, int]] = []
        for form in [name, *aliases]:
            pos = body.find(form)
            while pos >= 0:
                if not any(s <= pos < e for s, e in mentions):
                    mentions.append((pos, pos + len(form)))
                pos = body.find(form, pos + 1)
        out.append(Entity(name, etype, list(aliases), sorted(mentions)))
    return out


def quotes(body: str, *items: tuple[str, EntityType] | tuple[str, EntityType, list[str]]) -> list[Quote]:
    return extract_quotes(body, split_sentences(body), ents(body, *items))


def said(qs: list[Quote]) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in qs]


# ---------------------------------------------------------------- quotation marks


def test_nyt_style_two_apostrophe_marks() -> None:
    body = ("The council voted on Monday to close the old pier.\n"
            "''We cannot keep patching a structure that was built for sailing ships,'' said Mara Velund, "
            "the harbour master. ''It is time to let it go.''\n")
    qs = quotes(body, ("Mara Velund", "person"))
    assert said(qs) == [
        ("We cannot keep patching a structure that was built for sailing ships,", "Mara Velund"),
        ("It is time to let it go.", "Mara Velund"),
    ]
    assert qs[0].cue == "said" and qs[0].speaker_role == "harbour master"
    for q in qs:
        assert body[q.start:q.end] == q.text


def test_curly_straight_and_mismatched_marks() -> None:
    body = ("\u201cThe bridge reopens in May,\u201d Tomas Irvik said.\n"
            "\"Traffic will be light at first,\" Irvik added.\n"
            "\u201cWe expect queues by June,\" he said, typing the wrong closing mark.\n")
    qs = quotes(body, ("Tomas Irvik", "person", ["Irvik"]))
    assert said(qs) == [
        ("The bridge reopens in May,", "Tomas Irvik"),
        ("Traffic will be light at first,", "Tomas Irvik"),
        ("We expect queues by June,", "Tomas Irvik"),
    ]
    assert [q.cue for q in qs] == ["said", "added", "said"]


def test_multi_paragraph_quote_is_one_quote() -> None:
    body = ("Asta Morland, the head of the fishermen's union, spoke at length.\n\n"
            "\u201cThe quotas were set without asking a single crew. We learned about them on the radio.\n\n"
            "\u201cNext season we will sail anyway, because the boats are paid for,\u201d Morland said.\n\n"
            "The ministry did not respond.")
    qs = quotes(body, ("Asta Morland", "person", ["Morland"]))
    assert len(qs) == 1
    q = qs[0]
    assert q.text.startswith("The quotas were set") and q.text.endswith("the boats are paid for,")
    assert "\n" not in q.text and "\u201c" not in q.text  # the re-opening mark is not part of the words
    assert q.speaker == "Asta Morland"
    assert body[q.start:q.end].startswith("The quotas") and body[q.start:q.end].endswith("paid for,")


def test_quote_split_by_its_attribution_keeps_the_speaker() -> None:
    body = ("\u201cWe were outbid,\u201d Jens Okafor said on Tuesday. \u201cThat happens in a hot market.\u201d\n\n"
            "\u201cNext year we will bid earlier.\u201d\n")
    qs = quotes(body, ("Jens Okafor", "person"))
    assert said(qs) == [
        ("We were outbid,", "Jens Okafor"),
        ("That happens in a hot market.", "Jens Okafor"),
        ("Next year we will bid earlier.", "Jens Okafor"),
    ]


def test_partial_quote_inside_a_sentence() -> None:
    body = ("Finance Minister Ilse Bruck said the new levy was \u201ca fair price for cleaner air\u201d "
            "and would be reviewed next year.\n")
    qs = quotes(body, ("Ilse Bruck", "person"))
    assert said(qs) == [("a fair price for cleaner air", "Ilse Bruck")]
    assert qs[0].speaker_role == "Finance Minister" and qs[0].cue == "said"


def test_a_rank_before_a_name_is_not_part_of_the_job_before_it() -> None:
    body = ("Harbour Authority spokesperson Colonel Ida Marsk said the port was \u201cready for any storm\u201d.\n"
            "Captain Jens Okafor said the ships were \u201cin good order\u201d.\n"
            "Velm Rovers captain Tove Lind said they were \u201cready to win\u201d.\n"
            "Former Velm captain Per Holm said it was \u201ca fine season\u201d.\n")
    qs = quotes(body, ("Ida Marsk", "person"), ("Jens Okafor", "person"), ("Tove Lind", "person"), ("Per Holm", "person"))
    assert [(q.speaker, q.speaker_role) for q in qs] == [
        ("Ida Marsk", "Harbour Authority spokesperson"),  # not '... spokesperson Colonel'
        ("Jens Okafor", "Captain"),  # a rank alone is all the title there is
        ("Tove Lind", "Velm Rovers captain"),  # a team's captain is the job
        ("Per Holm", "Former Velm captain"),
    ]


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    body = ("The so-called \u201cgreen corridor\u201d opened on Friday. Critics of the \u201cMove Faster\u201d plan "
            "watched the film \u201cThe River That Stayed\u201d at the town hall instead.\n"
            "\u201cIt is a good start,\u201d said Pia Lund.\n")
    qs = quotes(body, ("Pia Lund", "person"))
    assert said(qs) == [("It is a good start,", "Pia Lund")]


def test_odd_number_of_marks_breaks_only_its_paragraph() -> None:
    body = ("Rolf Danner said the deal was \u201cdone, finished and signed.\n\n"
            "Shares rose 4 percent.\n\n"
            "\u201cWe are delighted,\u201d said Ana Vieira, the buyer's chief executive.\n\n"
            "\u201cThe integration starts in March,\u201d she added.\n")
    qs = quotes(body, ("Rolf Danner", "person"), ("Ana Vieira", "person"))
    texts = [q.text for q in qs]
    assert "We are delighted," in texts and "The integration starts in March," in texts
    assert not any("Shares rose" in t for t in texts)
    by_text = dict(said(qs))
    assert by_text["We are delighted,"] == "Ana Vieira"
    assert by_text["The integration starts in March,"] == "Ana Vieira"
    assert find_quote_spans("\"") == [] and find_quote_spans("") == []


# ---------------------------------------------------------------- speakers

def test_a_title_before_the_name_does_not_take_the_sentence_s_first_word() -> None:
    body = ("But Velm Harbour Commissioner Ida Marsk disagreed. \u201cThe pier is safe,\u201d Marsk said.\n")
    qs = quotes(body, ("Ida Marsk", "person", ["Marsk"]))
    assert [(q.speaker, q.speaker_role) for q in qs] == [("Ida Marsk", "Velm Harbour Commissioner")]


def test_an_apposition_role_stops_at_its_verb() -> None:
    body = ("Ida Marsk, Velm Broadcast's futurologist told the Courier website. \u201cPeople will rent their "
            "robots,\u201d she said.\n")
    qs = quotes(body, ("Ida Marsk", "person"))
    assert [(q.speaker, q.speaker_role) for q in qs] == [("Ida Marsk", "Velm Broadcast's futurologist")]


def test_an_age_stands_for_the_person_just_named() -> None:
    body = ("Striker Olaf Brenn scored twice for Velm on Saturday. \u201cI feel younger every week,\u201d the "
            "36-year-old said after the match.\n")
    assert said(quotes(body, ("Olaf Brenn", "person"), ("Velm", "organization"))) == [
        ("I feel younger every week,", "Olaf Brenn")]


def test_a_surname_that_is_also_a_month() -> None:
    """'May said: "..."' after 'Guitarist Brian May': the guitarist, not the month (and never "said")."""
    body = ("Guitarist Brian May expects to be on the road with the band from April. May said: "
            "\u201cSuddenly the band is rising again.\u201d The band has played with many singers.\n")
    assert said(quotes(body, ("Brian May", "person", ["May"]))) == [("Suddenly the band is rising again.", "Brian May")]
    assert said(quotes(body, ("Brian May", "person"))) == [("Suddenly the band is rising again.", "Brian May")]


def test_the_one_told_is_not_the_speaker() -> None:
    """After a form of "tell" comes the one told ("told Radio Velm", "telling the Courier"); the speaker
    is the subject, also behind an opening phrase of time ("Hours later, ...")."""
    body = ("Energy minister Ana Velk visited Port Sand on Tuesday.\n\n"
            "Earlier, she told Radio Velm's morning programme: \u201cWe will build the plant next year.\u201d\n\n"
            "Hours later, Piet Dorsan returned the compliment, telling Velm Courier, "
            "\u201cAna and I have worked together for a long time.\u201d\n")
    qs = quotes(body, ("Ana Velk", "person"), ("Port Sand", "place"), ("Radio Velm", "organization"),
                ("Piet Dorsan", "person"), ("Velm Courier", "organization"))
    assert said(qs) == [
        ("We will build the plant next year.", "Ana Velk"),
        ("Ana and I have worked together for a long time.", "Piet Dorsan"),
    ]



def test_pronouns_follow_the_person_in_focus() -> None:
    body = ("Lena Sorvik runs the only bakery in Hallby. She opened it in 2009.\n\n"
            "\u201cEvery winter somebody tells me to close,\u201d she said.\n\n"
            "Her landlord, Piet Ambrose, disagrees with the council. He owns six shops on the square.\n\n"
            "\u201cRents here are already too low,\u201d he said.\n")
    qs = quotes(body, ("Lena Sorvik", "person"), ("Piet Ambrose", "person"))
    assert said(qs) == [
        ("Every winter somebody tells me to close,", "Lena Sorvik"),
        ("Rents here are already too low,", "Piet Ambrose"),
    ]


def test_descriptions_resolve_to_the_person_named_earlier() -> None:
    body = ("Former President Arno Kallis met Trade Minister Ruth Obeng in Lisbon.\n"
            "The minister said the talks were \u201cfrank and useful.\u201d\n"
            "The former president had said earlier that he would \u201cnever sign a bad deal\u201d for his country.\n")
    qs = quotes(body, ("Arno Kallis", "person"), ("Ruth Obeng", "person"))
    assert said(qs) == [
        ("frank and useful.", "Ruth Obeng"),
        ("never sign a bad deal", "Arno Kallis"),
    ]
    assert qs[1].cue == "said"


def test_surname_resolves_to_the_full_name() -> None:
    body = ("Defence Secretary Harriet Kowalczyk arrived in Oslo on Monday.\n"
            "\u201cOur commitment is unchanged,\u201d Kowalczyk said.\n")
    qs = quotes(body, ("Harriet Kowalczyk", "person"))  # no alias: the surname is found by the rules
    assert said(qs) == [("Our commitment is unchanged,", "Harriet Kowalczyk")]
    assert qs[0].speaker_role == "Defence Secretary"


def test_statements_and_according_to() -> None:
    body = ("The two ports agreed to share pilots, the Harbour Authority said in a statement.\n"
            "They will also \u201cpool dredging work on both channels,\u201d according to the joint statement.\n"
            "\u201cWe welcome the step,\u201d said a statement from the Pilots Guild.\n"
            "The agreement is \u201csubject to approval by both councils,\u201d the Harbour Authority said "
            "in a statement.\n")
    qs = quotes(body, ("Harbour Authority", "organization"), ("Pilots Guild", "organization"))
    assert said(qs) == [
        ("pool dredging work on both channels,", "the joint statement"),
        ("We welcome the step,", "Pilots Guild"),
        ("subject to approval by both councils,", "Harbour Authority"),
    ]
    assert [q.cue for q in qs] == ["according to", "said", "said"]


def test_unknown_name_next_to_a_cue_is_still_a_speaker() -> None:
    body = "\u201cWe sold out in an hour,\u201d said Odile Marchetti, who runs the stall.\n"
    qs = quotes(body)  # the entity stage found nobody
    assert said(qs) == [("We sold out in an hour,", "Odile Marchetti")]


def test_time_phrase_before_a_comma_is_not_a_speaker() -> None:
    body = ("Two rockets landed near the harbour of Varnby on Tuesday, the coastguard said. Days earlier, "
            "Oskar Fenn, the brother of the harbour master, had warned that the port was taking a "
            "\u201creckless\u201d gamble.\n")
    qs = quotes(body, ("Oskar Fenn", "person"))
    assert said(qs) == [("reckless", "Oskar Fenn")]


def test_a_place_is_not_the_person_a_pronoun_points_to() -> None:
    body = ("Transport Minister Ilka Moravec told reporters that Tallbridge had asked Veldheim to delay the toll. "
            "\u201cWe will argue that our hauliers should not pay twice,\u201d he said.\n")
    qs = quotes(body, ("Ilka Moravec", "person"), ("Tallbridge", "place"), ("Veldheim", "place"))
    assert said(qs) == [("We will argue that our hauliers should not pay twice,", "Ilka Moravec")]


def test_a_fragment_ending_its_sentence_belongs_to_that_sentence() -> None:
    body = ("Norrmet said in a statement that it would be ready to meet \u201cany standard our buyers set.\u201d "
            "Kallstal has announced a new furnace line.\n")
    qs = quotes(body, ("Norrmet", "organization"), ("Kallstal", "organization"))
    assert said(qs) == [("any standard our buyers set.", "Norrmet")]


def test_a_person_of_an_organisation_is_the_speaker_not_the_organisation() -> None:
    body = ("Campaigners welcomed the ruling. Mira Solberg of the Oslo-based Fjord Watch Trust called it "
            "\u201cthe first real win for the river in a decade.\u201d\n"
            "\u201cIt will not last,\u201d said Tor Aune, an analyst at Nordvik Capital.\n")
    qs = quotes(body, ("Mira Solberg", "person"), ("Fjord Watch Trust", "organization"),
                ("Tor Aune", "person"), ("Nordvik Capital", "organization"))
    assert said(qs) == [("the first real win for the river in a decade.", "Mira Solberg"),
                        ("It will not last,", "Tor Aune")]


def test_a_term_in_quotes_after_a_non_speech_verb_is_not_a_quote() -> None:
    body = ("The Trade Office has added the two firms' plants to its list of \u201capproved end sites\u201d, "
            "which spares them a licence for every order.\n"
            "\u201cThis ends a year of doubt,\u201d said Jon Halvorsen, the industry minister. He added that "
            "the firms would \u201cplan with confidence\u201d from now on.\n")
    qs = quotes(body, ("Trade Office", "organization"), ("Jon Halvorsen", "person"))
    assert said(qs) == [("This ends a year of doubt,", "Jon Halvorsen"),
                        ("plan with confidence", "Jon Halvorsen")]


def test_a_title_in_quotes_does_not_cut_the_speaker_off() -> None:
    body = ("Rasmus Kjeld, a judge on the baking contest \u201cRise and Shine,\u201d who later opened a shop, "
            "said the host was \u201calways patient and kind.\u201d But, said Kjeld, \u201cthe format was "
            "brutal on everyone who took part in it.\u201d\n")
    qs = quotes(body, ("Rasmus Kjeld", "person"))
    assert said(qs) == [("always patient and kind.", "Rasmus Kjeld"),
                        ("the format was brutal on everyone who took part in it.", "Rasmus Kjeld")]


def test_subject_after_an_opening_phrase_and_a_title() -> None:
    body = ("Hurrying into the council chamber, Senator Greta Hollis, Liberal of East Fenwick, called over her "
            "shoulder, \u201cThe vote will not wait for us.\u201d But Ms. Hollis later said she would abstain.\n")
    qs = quotes(body, ("Greta Hollis", "person", ["Hollis"]))
    assert said(qs) == [("The vote will not wait for us.", "Greta Hollis")]


def test_person_named_after_an_organisation_and_a_title_speaks() -> None:
    body = ("Navy spokesperson Captain Ida Brecht declined to give numbers but said the fleet was "
            "\u201cready for any test\u201d this summer.\n")
    qs = quotes(body, ("Navy", "organization"), ("Ida Brecht", "person"))
    assert said(qs) == [("ready for any test", "Ida Brecht")]


def test_an_adverbial_phrase_before_the_cue_is_not_the_speaker() -> None:
    body = ("Ines Varga smiled at the judges and then, behind their backs, sniffed that \u201cnobody here "
            "has ever baked a loaf of bread in a real oven\u201d before leaving the tent.\n")
    qs = quotes(body, ("Ines Varga", "person"))
    assert said(qs) == [("nobody here has ever baked a loaf of bread in a real oven", "Ines Varga")]


def test_a_participle_after_a_quoted_phrase_keeps_the_subject() -> None:
    body = ("The mayor of Ostby spent the night at the flood barrier. Pia Holm voiced her \u201crelief, pride "
            "and exhaustion\u201d on Twitter, writing \u201cWe held the line together and I could not be "
            "prouder of this town.\u201d\n")
    qs = quotes(body, ("Pia Holm", "person"), ("Twitter", "organization"))
    assert said(qs)[-1] == ("We held the line together and I could not be prouder of this town.", "Pia Holm")


def test_a_pronoun_after_a_topic_name_is_somebody_else() -> None:
    body = ("The vote went late into the night. \u201cIt is the old story,\u201d said Senator Ola Brandt. "
            "Ivar Lenz, he said, \u201cknows every member of this house by name.\u201d\n")
    qs = quotes(body, ("Ola Brandt", "person"), ("Ivar Lenz", "person"))
    assert said(qs) == [("It is the old story,", "Ola Brandt"),
                        ("knows every member of this house by name.", "Ola Brandt")]


def test_deterministic() -> None:
    body = ("\u201cThe vote is on Friday,\u201d said Karl Brenner. \u201cWe will win it.\u201d\n"
            "\u201cNo, we will,\u201d his rival Edda Lunde said.\n")
    runs = [said(quotes(body, ("Karl Brenner", "person"), ("Edda Lunde", "person"))) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    assert runs[0][-1] == ("No, we will,", "Edda Lunde")


# ---------------------------------------------------------------- the whole pipeline


def test_sample_seed_quotes_and_speakers() -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "extract", "seeds/000_692076cb1b9b9897.txt"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    qs = json.loads(proc.stdout)[0]["quotes"]
    by_start = {q["text"].split()[0]: q for q in qs}
    assert by_start["further"]["speaker"] == "Department of Defense"
    assert by_start["Our"]["speaker"] == "Lloyd Austin" and by_start["Our"]["speaker_role"] == "US Defense Secretary"
    assert by_start["The"]["speaker"] == "Lloyd Austin"
    assert by_start["like"]["speaker"] == "Donald Trump"
    assert by_start["alliance"]["speaker"] == "the joint statement"
    assert by_start["alliance"]["cue"] == "according to"
    assert len(qs) == 5


def test_long_document_stays_linear() -> None:
    # a one-line body with thousands of quotes (pasted transcripts do this) must not go quadratic
    part = ('"We will review item {i} next week," Okafor said on Monday. Jens Okafor added that the plan was '
            '"a fair one" and Brandt argued for it. He said: "Fine." ')
    body = "".join(part.format(i=i) for i in range(1500))
    okafor = Entity("Jens Okafor", "person", ["Okafor"],
                    sorted({(m.start(), m.end()) for m in re.finditer(r"(?:Jens )?Okafor", body)}))
    start = time.perf_counter()
    qs = extract_quotes(body, [], [okafor])  # the quote stage alone (sentences are not its input)
    assert time.perf_counter() - start < 15
    assert len(qs) == 4500 and qs[0].speaker == "Jens Okafor"

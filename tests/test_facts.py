"""Key facts: verbatim sentences in reading order, the lede first, no captions, promos or quotes."""

from __future__ import annotations

import re

from generator.extract import facts
from generator.extract.sentences import split_sentences
from generator.model import Quote, Sentence

ARTICLE = (
    "The town council of Kapra voted on Tuesday to spend 40 million crowns rebuilding the harbour wall "
    "that collapsed in last month's storm. "
    "Repair crew: Workers inspect the broken harbour wall in Kapra on Monday "
    "Council leader Ilse Maren said the work would start in June and take two years. "
    "\"This is the most important thing we will do this decade,\" Maren told reporters. "
    "The harbour wall protects about 1,200 homes and the town's fishing fleet from winter storms. "
    "Scroll down for video "
    "Engineers from the Ostland Institute found that the old wall had been weakened by decades of erosion. "
    "Is the town ready for another storm? "
    "Residents will vote on a harbour levy in September."
)


def _quotes(body: str) -> list[Quote]:
    return [
        Quote(m.group(1), None, None, None, m.start(1), m.end(1))
        for m in re.finditer(r"\"([^\"]+)\"", body)
    ]


def _facts(body: str) -> list[str]:
    sents = split_sentences(body)
    return [f.text for f in facts.key_facts(sents, _quotes(body))]


def test_key_facts_are_verbatim_in_reading_order_and_start_with_the_lede() -> None:
    body = ARTICLE.replace("Scroll down for video ", "")
    sents = split_sentences(body)
    kf = facts.key_facts(sents, _quotes(body))
    assert 1 <= len(kf) <= facts.MAX_FACTS
    assert kf[0].text.startswith("The town council of Kapra voted")
    assert [f.start for f in kf] == sorted(f.start for f in kf)
    for f in kf:
        assert body[f.start:f.end] == f.text


def test_captions_quotes_promos_and_questions_are_never_facts() -> None:
    got = " ".join(_facts(ARTICLE))
    assert "Repair crew" not in got  # a photo caption
    assert "most important thing" not in got  # a quote
    assert "Scroll down" not in got
    assert "?" not in got


def test_who_what_when_sentences_win_over_colour() -> None:
    body = (
        "Floods forced 3,000 people from their homes in the river town of Tarsia on Sunday. "
        "It was, in many ways, a strange and rather grey sort of afternoon for everyone there. "
        "The regional governor, Tom Rell, declared an emergency on Monday and sent 200 soldiers to Tarsia. "
        "Army engineers said the Tarsia river had risen four metres above its normal level by Sunday night. "
        "Later, some people walked about. "
        "Officials in Tarsia said the floods were the worst in the town since 1987."
    )
    got = _facts(body)
    assert got[0].startswith("Floods forced 3,000 people")
    assert not any(g.startswith("It was, in many ways") for g in got)


def test_a_sentence_mostly_quoted_is_not_a_fact_but_one_with_a_short_quote_is() -> None:
    body = (
        "The council of Orlen approved a new budget of 12 million crowns on Thursday evening. "
        "\"We had no other choice given the state of the roads,\" said the mayor of Orlen. "
        "The mayor called the cuts \"painful\" and said 40 council jobs would go by the end of the year."
    )
    got = _facts(body)
    assert not any("no other choice" in g for g in got)
    assert any(g.startswith("The mayor called the cuts") for g in got)


def test_a_sentence_that_opens_a_quotation_it_does_not_close_is_not_a_fact() -> None:
    # The quotation runs on into the next sentence: as a fact it would end mid-quote, its mark unclosed.
    for open_, close in (('"', '"'), ("\u201c", "\u201d")):
        body = (
            "The space agency of Norvania launched its first weather satellite from the Kessel range on Friday. "
            f"Asked whether more launches would follow this year, Kovel said: {open_}That is exactly why we "
            f"built this range in the north. We will launch twice more before the winter.{close} "
            "The satellite will measure rainfall over the northern provinces for at least seven years."
        )
        got = _facts(body)
        assert got == [
            "The space agency of Norvania launched its first weather satellite from the Kessel range on Friday.",
            "The satellite will measure rainfall over the northern provinces for at least seven years.",
        ]


def test_summary_is_the_lede_and_adds_a_second_sentence_when_short() -> None:
    body = "Kapra floods. The river rose two metres overnight in Kapra. Schools will stay closed until Wednesday."
    sents = split_sentences(body)
    assert facts.summary(sents, []) == (
        "The river rose two metres overnight in Kapra. Schools will stay closed until Wednesday."
    )
    long_lede = (
        "The town council of Kapra voted on Tuesday to spend 40 million crowns rebuilding the harbour wall "
        "that collapsed in a storm."
    )
    sents = split_sentences(long_lede + " Work starts in June of next year.")
    assert facts.summary(sents, []) == long_lede


def test_no_sentences_no_facts() -> None:
    assert facts.key_facts([], []) == []
    assert facts.key_facts([Sentence(0, 5, "Hello")], []) == []


def test_text_without_final_stops_still_gets_facts() -> None:
    body = "Kapra harbour wall reopens to boats after two years of repairs\n\nFishing fleet returns to the harbour on Monday"
    got = _facts(body)
    assert got == [
        "Kapra harbour wall reopens to boats after two years of repairs", "Fishing fleet returns to the harbour on Monday"
    ]

"""Sentence splitting: abbreviations, initials, quotes, and captions glued to the next sentence."""

from __future__ import annotations

from generator.extract.sentences import split_sentences


def _texts(body: str) -> list[str]:
    return [s.text for s in split_sentences(body)]


def test_offsets_index_the_body() -> None:
    body = "Dr. Ada Quill met Mr. Tom Rell in the U.S. capital on Monday. They talked for an hour.\n\nNo deal was made."
    sents = split_sentences(body)
    assert [s.text for s in sents] == [
        "Dr. Ada Quill met Mr. Tom Rell in the U.S. capital on Monday.",
        "They talked for an hour.",
        "No deal was made.",
    ]
    for s in sents:
        assert body[s.start:s.end] == s.text


def test_quote_closing_after_the_stop_stays_with_its_sentence() -> None:
    body = 'She said: "We will rebuild the pier." The council agreed.'
    assert _texts(body) == ['She said: "We will rebuild the pier."', "The council agreed."]


def test_lowercase_after_stop_is_not_a_boundary() -> None:
    assert _texts("The plant makes 4.5 tonnes a day at 9 a.m. sharp and closes at noon.") == [
        "The plant makes 4.5 tonnes a day at 9 a.m. sharp and closes at noon."
    ]


def test_caption_glued_to_the_next_sentence_is_split_off() -> None:
    body = (
        "A baker in Fenton made a loaf weighing 90 kilograms. "
        "Record breaker: The giant loaf on display in the Fenton bakery on Saturday "
        "The loaf took three days to bake. He sold slices to 200 visitors."
    )
    assert _texts(body) == [
        "A baker in Fenton made a loaf weighing 90 kilograms.",
        "Record breaker: The giant loaf on display in the Fenton bakery on Saturday",
        "The loaf took three days to bake.",
        "He sold slices to 200 visitors.",
    ]


def test_a_speaker_named_before_a_colon_is_not_taken_for_a_caption_label() -> None:
    # "Name Name said: ..." has a caption label's shape, but says who speaks: one sentence.
    for said in ("chairman Peter Harlow said", "spokesman for the Orlen Harbour Board told reporters"):
        body = f'The port will close for a week. Its {said}: "We have no choice after the storm." Ships will wait.'
        assert _texts(body) == [
            "The port will close for a week.",
            f'Its {said}: "We have no choice after the storm."',
            "Ships will wait.",
        ]


def test_titles_and_names_with_capitalised_articles_are_not_split() -> None:
    body = "She read The Kapra Herald every day and starred in the film The Long Winter with Tom Rell."
    assert _texts(body) == [body]
    assert _texts("He works for The Orlen Post and lives in town.") == ["He works for The Orlen Post and lives in town."]


def test_conll_lines_stay_one_sentence_each() -> None:
    body = "SOCCER - VELDORIA BEAT ORLEN 2-1 .\n\nLONDON 1996-08-30\n\nVeldoria beat Orlen 2-1 on Friday ."
    assert _texts(body) == ["SOCCER - VELDORIA BEAT ORLEN 2-1 .", "LONDON 1996-08-30", "Veldoria beat Orlen 2-1 on Friday ."]


def test_one_long_line_is_split_in_linear_time() -> None:
    # a whole article on one line used to cost a rescan of the line per full stop (quadratic)
    import time

    unit = "Dr. Ada Quill met Mr. Tom Rell in the U.S. on Monday. They talked for an hour. "
    body = unit * 3000
    t0 = time.perf_counter()
    sents = split_sentences(body)
    took = time.perf_counter() - t0
    assert len(sents) == 6000
    assert sents[1].text == "They talked for an hour."
    assert took < 5.0  # ~0.1 s when linear; minutes when quadratic


def test_an_overlong_word_before_a_stop_is_not_an_abbreviation() -> None:
    url = "example.org/" + "a" * 80 + "/mr."
    assert _texts(f"See {url} Then leave.") == [f"See {url}", "Then leave."]

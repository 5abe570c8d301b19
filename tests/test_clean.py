"""Cleaning: every boilerplate shape is cut, reported with offsets, and article prose is left alone."""

from __future__ import annotations

import itertools

from generator.clean import clean
from generator.model import Cleaned, Document


def _clean(text: str, fmt: str = "txt") -> tuple[Document, Cleaned]:
    doc = Document(seed="t." + fmt, format=fmt, text=text)  # type: ignore[arg-type]
    return doc, clean(doc)


def _removed(doc: Document, cleaned: Cleaned) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in cleaned.removed:
        out.setdefault(r.reason, []).append(doc.text[r.start:r.end])
    return out


WIRE = """
(Harbourwire) -- The port of Velmar will double its container capacity by 2027, the harbour board said on Monday.
Most Read from Harbourwire
Grain Traders Brace for a Long Winter
Why Ferry Fares Keep Rising in the North
The board approved a budget of 400 million crowns for two new berths.
"We have waited ten years for this," said board chair Ilse Maren.
Most Read from Harbourwire Weekly
The Quiet Revival of the Canal Towns
\u00a92024 Harbourwire L.P.
"""


def test_wire_story_loses_dateline_promo_lists_and_copyright() -> None:
    doc, c = _clean(WIRE)
    got = _removed(doc, c)
    assert got["dateline"] == ["(Harbourwire) -- "]
    assert got["copyright"] == ["\u00a92024 Harbourwire L.P."]
    assert len(got["promo headlines"]) == 2
    assert "Most Read" not in c.body and "Canal Towns" not in c.body and "Ferry Fares" not in c.body
    assert c.body.startswith("The port of Velmar will double")
    assert "The board approved a budget" in c.body
    assert c.source == "Harbourwire"
    assert c.published == "2024"  # a year only: no day is invented
    # paragraphs are kept apart
    assert c.body.count("\n\n") == 2


def test_removed_offsets_point_into_the_document_text() -> None:
    doc, c = _clean(WIRE)
    spans = [(r.start, r.end) for r in c.removed]
    assert spans == sorted(spans)
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        assert e1 <= s2
    for r in c.removed:
        assert 0 <= r.start < r.end <= len(doc.text)
        assert doc.text[r.start:r.end].splitlines()[0] not in c.body


def test_reuters_dateline_with_date_and_title_line() -> None:
    text = (
        "Orlen council votes to rebuild the old pier\n"
        "ORLEN, March 3 (Reuters) - The town council of Orlen voted 7 to 2 on Tuesday to rebuild its pier.\n"
        "Work starts in June.\n"
        "(c) 2021 Reuters. All rights reserved.\n"
    )
    doc, c = _clean(text)
    assert c.title == "Orlen council votes to rebuild the old pier"
    assert _removed(doc, c)["dateline"] == ["ORLEN, March 3 (Reuters) - "]
    assert c.source == "Reuters"
    assert c.place == "ORLEN"
    assert c.published == "2021-03-03"  # day from the dateline, year from the copyright line
    assert c.body.startswith("The town council of Orlen voted")
    assert "Reuters" not in c.body


def test_plain_reuters_dateline() -> None:
    _, c = _clean("WASHINGTON (Reuters) - Senator Ada Quill said on Friday she would seek a third term in office.")
    assert c.source == "Reuters" and c.body.startswith("Senator Ada Quill")


def test_ap_byline_and_dateline() -> None:
    text = (
        "By Jane Doe, Associated Press\n"
        "TARSIA, Veldoria (AP) \u2014 Floods forced 3,000 people from their homes in the river town of Tarsia on Sunday.\n"
        "Copyright 2022 The Associated Press. All rights reserved.\n"
    )
    doc, c = _clean(text)
    got = _removed(doc, c)
    assert got["byline"] == ["By Jane Doe, Associated Press"]
    assert got["dateline"] == ["TARSIA, Veldoria (AP) \u2014 "]
    assert c.authors == ["Jane Doe"]
    assert c.source == "Associated Press"
    assert c.published == "2022"
    assert c.body.startswith("Floods forced 3,000 people")


def test_ap_dateline_without_agency_and_byline_without_by() -> None:
    text = "Tom Rell, The Associated Press\n\nKAPRA, Ostland \u2014 Officials in Kapra said on Friday that 300 homes had lost power.\n"
    _, c = _clean(text)
    assert c.authors == ["Tom Rell"]
    assert c.source == "Associated Press"
    assert c.body == "Officials in Kapra said on Friday that 300 homes had lost power."


def test_cnn_glued_dateline() -> None:
    _, c = _clean("(CNN)A ferry carrying 120 passengers ran aground off Tarsia on Sunday, officials said. No one was hurt.")
    assert c.source == "CNN"
    assert c.body.startswith("A ferry carrying")


def test_daily_mail_inline_byline_and_scroll_prompt() -> None:
    text = (
        "By . Tom Ashcroft . PUBLISHED: . 11:03 EST, 12 March 2013 . | . UPDATED: . 12:40 EST, 12 March 2013 . "
        "A baker in Little Fenton has made a loaf weighing 90 kilograms. Scroll down for video "
        "The loaf took three days to bake."
    )
    doc, c = _clean(text)
    got = _removed(doc, c)
    assert "byline" in got and got["promo"] == ["Scroll down for video"]
    assert c.authors == ["Tom Ashcroft"]
    assert c.published == "2013-03-12"
    assert c.body == "A baker in Little Fenton has made a loaf weighing 90 kilograms. The loaf took three days to bake."


def test_one_line_promos_are_cut_but_prose_is_not() -> None:
    text = (
        "The mayor of Orlen resigned on Friday after an inquiry into the town budget.\n\n"
        "READ MORE: Orlen council faces new budget row\n\n"
        "By Tuesday, officials had moved into the new town hall.\n\n"
        "Related coverage of the inquiry is planned for next week, the council said.\n"
    )
    doc, c = _clean(text)
    assert _removed(doc, c) == {"promo": ["READ MORE: Orlen council faces new budget row"]}
    assert "By Tuesday, officials had moved" in c.body  # not a byline
    assert "Related coverage of the inquiry" in c.body  # a sentence, not a promo header
    assert c.authors == []


def test_conll_style_text_is_left_alone() -> None:
    text = "SOCCER - VELDORIA BEAT ORLEN 2-1 .\nLONDON 1996-08-30\nVeldoria beat Orlen 2-1 in a friendly on Friday .\n"
    _, c = _clean(text)
    assert c.removed == []
    assert c.body.split("\n\n") == [
        "SOCCER - VELDORIA BEAT ORLEN 2-1 .", "LONDON 1996-08-30", "Veldoria beat Orlen 2-1 in a friendly on Friday ."
    ]
    assert c.published == "1996-08-30"
    assert c.title is None


def test_clean_prose_passes_through_unchanged() -> None:
    text = (
        "Residents of Kapra woke to find the river had risen two metres overnight.\n\n"
        "The mayor, Ilse Maren, said the town had seen nothing like it since 1987.\n\n"
        "Schools will stay closed until Wednesday."
    )
    for fmt in ("txt", "html"):
        _, c = _clean(text, fmt)
        assert c.removed == [] and c.body == text


def test_title_line_needs_text_after_it_and_no_final_stop() -> None:
    _, c = _clean("The river rose two metres overnight.\nSchools closed on Monday.\n")
    assert c.title is None
    _, c = _clean("Kapra floods\nThe river rose two metres overnight.\n", fmt="html")
    assert c.title is None  # only plain-text seeds carry a title line
    _, c = _clean("Kapra floods close schools\nThe river rose two metres overnight.\n")
    assert c.title == "Kapra floods close schools" and c.body == "The river rose two metres overnight."


def test_title_with_full_stop_before_a_dateline() -> None:
    _, c = _clean("Quill to seek third term.\n\nDALLAS (AP) \u2014 Senator Ada Quill said on Friday she would run again for office.\n")
    assert c.title == "Quill to seek third term"  # a headline's full stop dropped
    assert c.body.startswith("Senator Ada Quill")
    # an abbreviation's stop stays
    _, c2 = _clean("Quill backs deal with Velm Inc.\n\nDALLAS (AP) \u2014 Senator Ada Quill backed the deal on Friday.\n")
    assert c2.title == "Quill backs deal with Velm Inc."


def test_header_block_with_caption_byline_agency_and_date_lines() -> None:
    text = (
        "Kapra harbour wall to be rebuilt after storm\n\n"
        "Workers inspect the broken wall in Kapra, Ostland, on Jan. 4, 2024. Photographer: Ada Quill/Harbourwire\n\n"
        "By MARA QUILL and TOM RELL\n"
        "Associated Press\n\n"
        "Updated 4:37 AM GMT+1, January 9, 2024\n\n"
        "KAPRA, Ostland (AP) \u2014 The town council of Kapra voted on Tuesday to rebuild the harbour wall.\n\n"
        "(Reporting by Mara Quill; Editing by Tom Rell)\n"
    )
    doc, c = _clean(text)
    got = _removed(doc, c)
    assert set(got) == {"title", "caption", "byline", "date", "dateline", "credits"}
    assert c.authors == ["Mara Quill", "Tom Rell"]
    assert c.source == "Associated Press"
    assert c.published == "2024-01-09"
    assert c.body == "The town council of Kapra voted on Tuesday to rebuild the harbour wall."


def test_headline_with_a_quote_stays_in_the_body() -> None:
    text = "Quill: \u2018We will rebuild the pier.\u2019\n\nDALLAS (AP) \u2014 Senator Ada Quill promised on Friday to rebuild the old pier.\n"
    _, c = _clean(text)
    assert c.title == "Quill: \u2018We will rebuild the pier.\u2019"
    assert c.body.startswith("Quill: \u2018We will rebuild the pier.\u2019\n\n")


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Kapra harbour wall to be rebuilt\n\n"
        "The town council of Kapra voted on Tuesday to spend 40 million\n"
        "crowns rebuilding the harbour wall that collapsed in the\n"
        "Kapra storm, officials said.\n\n"
        "Work starts in June.\n"
        "Residents will vote on a levy in September.\n"
    )
    _, c = _clean(text)
    assert c.body == (
        "The town council of Kapra voted on Tuesday to spend 40 million crowns rebuilding the harbour wall "
        "that collapsed in the Kapra storm, officials said.\n\n"
        "Work starts in June.\n\nResidents will vote on a levy in September."
    )


def test_desk_bylines_are_not_authors() -> None:
    text = (
        "By . Daily Mail Reporter . PUBLISHED: . 09:10 EST, 3 April 2014 . | . UPDATED: . 10:00 EST, 3 April 2014 . "
        "A pilot landed a glider on a beach in Fenton on Monday after its tow rope snapped."
    )
    _, c = _clean(text)
    assert c.authors == [] and c.source == "Daily Mail" and c.published == "2014-04-03"
    text = "By . Ada Quill and Tom Rell . Last updated at 5:14 PM on 12th November 2011 . A glider landed on a beach."
    _, c = _clean(text)
    assert c.authors == ["Ada Quill", "Tom Rell"] and c.published == "2011-11-12"
    assert c.body == "A glider landed on a beach."


def test_markdown_heading_title_emphasised_byline_and_subheadings() -> None:
    text = (
        "# Kapra votes to rebuild its harbour wall\n\n"
        "*By Ada Quill, Kapra \u2014 March 4, 2024*\n\n"
        "The town council of Kapra voted on Tuesday to rebuild the harbour wall.\n\n"
        "## What happens next\n\n"
        "Work starts in June.\n"
    )
    doc, c = _clean(text, "md")
    got = _removed(doc, c)
    assert c.title == "Kapra votes to rebuild its harbour wall"
    assert c.authors == ["Ada Quill"] and c.place == "Kapra"
    assert c.published == "2024-03-04"
    assert got["markup"] == ["## "]
    assert c.body == (
        "The town council of Kapra voted on Tuesday to rebuild the harbour wall.\n\nWhat happens next\n\nWork starts in June."
    )

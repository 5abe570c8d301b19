"""Reading saved web pages: main text, headline, date, authors, publisher, charset, hostile markup.

Every page here is invented for the test (people, places and sites are fictional).
"""

from __future__ import annotations

import json

import pytest

from generator.model import SeedError
from generator.read.html import decode_html, read_html
from generator.read.html_meta import clean_author, date_from_url, parse_date
from generator.read.seeds import DEFAULT_MAX_BYTES, parse_bytes

STORY = [
    "Harbour officials in Port Vell\u00e9e said on Monday that the old ferry pier would close for repairs until the spring.",
    "The pier, built in 1961, carries about four thousand passengers a day between the island and the mainland.",
    "\u201cWe cannot keep patching it,\u201d said Mira Tanaskov, who runs the harbour authority. \u201cThe steel is tired.\u201d",
    "Commuters will use a temporary landing stage at the fish market while divers inspect the foundations.",
    "The regional council has set aside 12 million crowns for the work, which is due to finish in April.",
]


def page(
    head: str = "",
    headline: str = "Ferry pier to close for repairs",
    before: str = "",
    after: str = "",
    paragraphs: list[str] | None = None,
    charset: str = "utf-8",
) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in (paragraphs or STORY))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">{head}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{headline}</h1>
{before}
{paras}
{after}
</article></main>
<footer><p>About us</p><p>Contact</p></footer>
</body></html>"""


def read(html: str, name: str = "page.html"):
    return read_html(name, html.encode("utf-8"))


# ---------------------------------------------------------------- body


def test_body_is_the_article_without_navigation_or_headline() -> None:
    doc = read(page(head="<title>Ferry pier to close for repairs | Island Courier</title>"))
    assert doc.format == "html"
    assert doc.text.startswith("Harbour officials in Port Vell\u00e9e")
    assert "Mira Tanaskov" in doc.text
    assert "Ferry pier to close" not in doc.text  # the headline is the title, not a paragraph
    assert "Sport" not in doc.text and "Contact" not in doc.text


def test_standfirst_heading_is_cut_but_a_lede_equal_to_the_description_is_kept() -> None:
    desc = "The island's busiest pier needs new steel piles."
    deck = page(head=f'<meta name="description" content="{desc}">', before=f"<h2>{desc}</h2>")
    assert desc not in read(deck).text
    lede = page(head=f'<meta name="description" content="{STORY[0]}">')
    assert read(lede).text.startswith(STORY[0])


def test_hostile_markup_yields_plain_text_only() -> None:
    hostile = page(
        head="<style>p { color: red }</style><script>var secret = 'do-not-leak';</script>",
        before='<p onclick="alert(1)">Tap <b>here</b> &lt;script&gt; is literal text.</p>'
        '<iframe src="https://evil.example/"></iframe><script>document.write("injected")</script>',
        after="<p>Unclosed <i>italic and <div>broken <span>markup",
    )
    text = read(hostile).text
    assert "do-not-leak" not in text and "injected" not in text and "alert" not in text
    assert "color: red" not in text
    assert "<b>" not in text and "onclick" not in text and "<i>" not in text
    assert "<script> is literal text." in text  # escaped text stays text


def test_hover_card_text_does_not_interrupt_a_sentence() -> None:
    para = (
        'The plan was backed by councillor <a href="/p/1">Ilse Brandvik</a><span class="rollover-block">'
        "Ilse Brandvik: more stories about the council budget</span> at the meeting on Monday evening."
    )
    tip = 'The <a class="has-tooltip" href="/g">tidal gauge</a><span class="tooltip-content">A device that records sea level.</span> failed in May.'
    text = read(page(paragraphs=[para, tip, *STORY])).text
    assert "more stories about the council budget" not in text
    assert "Ilse Brandvik at the meeting" in " ".join(text.split())
    assert "The tidal gauge failed in May." in text  # the tooltip's trigger is a word of the sentence
    assert "records sea level" not in text


def test_fragment_and_near_empty_pages_are_read_not_refused() -> None:
    doc = read_html("note.html", b"<p>Short note: the library opens at nine on Saturdays.</p>")
    assert "library opens at nine" in doc.text
    with pytest.raises(SeedError):
        read_html("blank.html", b"   \n ")
    with pytest.raises(SeedError):
        read_html("nothing.html", b"<html><body><script>x()</script></body></html>")


def test_a_two_megabyte_page_is_accepted_and_read() -> None:
    # Big saved pages are mostly inline scripts and state blobs around a long article.
    blob = "<script>window.__STATE__ = {" + ",".join(f'"k{i}": "{"x" * 60}"' for i in range(23000)) + "};</script>"
    filler = [f"Paragraph {i} of the long council report, covering item {i} of the agenda in some detail." for i in range(3000)]
    big = page(head=blob, paragraphs=STORY + filler).encode("utf-8")
    assert 1_800_000 < len(big) < DEFAULT_MAX_BYTES and DEFAULT_MAX_BYTES >= 2 * 1024 * 1024
    doc = parse_bytes("big.html", big)
    assert doc.text.startswith("Harbour officials")
    assert "item 2999 of the agenda" in doc.text
    assert "__STATE__" not in doc.text


def test_reading_is_deterministic() -> None:
    html = page(head='<meta property="og:title" content="Ferry pier to close for repairs">')
    a, b = read(html), read(html)
    assert (a.text, a.meta) == (b.text, b.meta)


# ---------------------------------------------------------------- charset


def test_declared_cp1252_page_is_decoded_by_its_charset() -> None:
    html = page(charset="windows-1252", paragraphs=["\u201cIt\u2019s done,\u201d said Jos\u00e9 Ferrand of the caf\u00e9 on the quay.", *STORY])
    doc = read_html("cp.html", html.encode("cp1252"))
    assert "\u201cIt\u2019s done,\u201d said Jos\u00e9 Ferrand" in doc.text


def test_latin1_label_on_utf8_bytes_and_boms() -> None:
    text = "<html><head><meta charset='iso-8859-1'></head><body><p>Caf\u00e9 \u2014 na\u00efve r\u00e9sum\u00e9</p></body></html>"
    assert "Caf\u00e9 \u2014 na\u00efve" in decode_html(text.encode("utf-8"))  # the bytes are UTF-8 whatever the label says
    assert "Caf\u00e9" in decode_html(text.replace("\u2014", "-").encode("latin-1"))  # real Latin-1 read as cp1252
    assert decode_html("<p>Caf\u00e9</p>".encode("utf-16")) == "<p>Caf\u00e9</p>"
    assert decode_html(b"\xef\xbb\xbf<p>Caf\xc3\xa9</p>") == "<p>Caf\u00e9</p>"
    assert decode_html(b"<p>Caf\xe9 \x93quoted\x94</p>") == "<p>Caf\u00e9 \u201cquoted\u201d</p>"  # no label: cp1252
    assert decode_html("<p>Caf\u00e9</p>".encode("utf-16-le")) == "<p>Caf\u00e9</p>"  # UTF-16 without a BOM
    with pytest.raises(SeedError):
        read_html("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 50)


# ---------------------------------------------------------------- title


def test_title_strips_the_site_name_from_metadata_titles() -> None:
    head = (
        '<meta property="og:site_name" content="Island Courier">'
        '<meta property="og:title" content="Ferry pier to close for repairs | Island Courier">'
        "<title>Ferry pier to close for repairs - Island Courier</title>"
    )
    assert read(page(head=head, headline="")).meta["title"] == "Ferry pier to close for repairs"
    prefixed = "<title>Island Courier: Ferry pier to close for repairs</title>"
    assert read(page(head=prefixed + '<meta property="og:site_name" content="Island Courier">', headline="")).meta["title"] == (
        "Ferry pier to close for repairs"
    )


def test_visible_headline_wins_when_it_agrees_with_the_metadata() -> None:
    # The social-media title is a shorter rewrite; the page's own headline says more.
    head = (
        '<meta property="og:title" content="Why the ferry pier is closing">'
        "<title>Why the ferry pier is closing | Island Courier</title>"
    )
    doc = read(page(head=head, headline="Rust, rising tides and a tight budget: why the ferry pier is closing"))
    assert doc.meta["title"] == "Rust, rising tides and a tight budget: why the ferry pier is closing"


def test_section_label_in_the_h1_is_dropped_and_logo_h1_is_ignored() -> None:
    head = '<meta property="og:title" content="Ferry pier to close for repairs"><meta property="og:site_name" content="Island Courier">'
    doc = read(page(head=head, headline="Local News | Ferry pier to close for repairs"))
    assert doc.meta["title"] == "Ferry pier to close for repairs"
    logo = page(head=head, headline="Island Courier").replace("<main>", "<main><h1>Ferry pier to close for repairs</h1>", 1)
    assert read(logo).meta["title"] == "Ferry pier to close for repairs"


def test_json_ld_headline_with_entities() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Fish &amp; chips stall moves to the quay"}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    assert read(page(head=head, headline="")).meta["title"] == "Fish & chips stall moves to the quay"


# ---------------------------------------------------------------- dates


def ld_script(**fields: object) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", **fields})}</script>'


def test_publication_date_is_preferred_over_modification_date() -> None:
    head = ld_script(**{"@type": "NewsArticle", "dateModified": "2024-03-09T08:00:00Z", "datePublished": "2024-03-02T17:45:00-05:00"})
    assert read(page(head=head)).meta["published"] == "2024-03-02"  # the day as written, no time-zone shift
    og = '<meta property="article:modified_time" content="2024-03-09"><meta property="article:published_time" content="2024-03-01T09:00:00+01:00">'
    assert read(page(head=og)).meta["published"] == "2024-03-01"


def test_date_is_only_as_precise_as_the_evidence() -> None:
    month = '<link rel="canonical" href="https://courier.example/2024/03/ferry-pier-closing">'
    assert read(page(head=month)).meta["published"] == "2024-03"
    day = '<link rel="canonical" href="https://courier.example/news/2024/03/02/ferry-pier-closing/">'
    assert read(page(head=day)).meta["published"] == "2024-03-02"
    year = '<meta name="date" content="2024">'
    assert read(page(head=year)).meta["published"] == "2024"


def test_no_date_evidence_means_no_date() -> None:
    # A footer's copyright year and a "last updated" note are not publication dates.
    footer = '<p>\u00a9 2019 Island Courier</p><p class="lastupdated">Last updated: 13 May 2024</p>'
    doc = read(page(after=footer))
    assert doc.meta["published"] is None


def test_byline_dates() -> None:
    byline = '<div class="byline">By Mira Tanaskov</div><div class="date">March 2nd 2024</div>'
    assert read(page(before=byline)).meta["published"] == "2024-03-02"
    updated = '<p class="meta">By Mira Tanaskov, Updated 0410 GMT March 9, 2024</p>'
    head = ld_script(**{"@type": "NewsArticle", "datePublished": "2024-03-02", "dateModified": "2024-03-09"})
    # the page shows only the update: that is the version the reader (and the brief) has
    assert read(page(head=head, before=updated)).meta["published"] == "2024-03-09"


def test_shown_revision_date_confirmed_by_the_metadata_wins() -> None:
    head = ld_script(**{"@type": "NewsArticle", "datePublished": "2024-03-02", "dateModified": "2024-03-09"})
    shown = '<p class="standfirst">Divers will inspect the foundations first. <span>Saturday, 9 March 2024</span></p>'
    # the page shows the revision's day under its headline, and the metadata's modification date agrees
    assert read(page(head=head, before=shown)).meta["published"] == "2024-03-09"
    # a day the metadata does not confirm (here a date the standfirst merely mentions) does not win
    mentioned = '<p class="standfirst">The pier shut once before, on 14 June 2019, after a storm.</p>'
    assert read(page(head=head, before=mentioned)).meta["published"] == "2024-03-02"
    # nor does an unconfirmed day when there is no modification date at all
    bare = ld_script(**{"@type": "NewsArticle", "datePublished": "2024-03-02"})
    assert read(page(head=bare, before=shown)).meta["published"] == "2024-03-02"
    # and the published day, when the header shows it, is kept even beside a later one
    both = '<p class="meta">2 March 2024 (revised 9 March 2024)</p>'
    assert read(page(head=head, before=both)).meta["published"] == "2024-03-02"


def test_a_wiki_revision_statement_dates_an_otherwise_undated_page() -> None:
    engine_footer = '<div id="footer"><p>This page was last edited on 4 May 2024, at 10:12.</p></div>'
    assert read(page(after=engine_footer)).meta["published"] == "2024-05-04"
    by_editor = '<p class="info">Harbour/Ferries (last edited 2024-05-04 10:12:55 by <a href="/u/MiraT">MiraT</a>)</p>'
    assert read(page(after=by_editor)).meta["published"] == "2024-05-04"
    # a site's upkeep label is not a revision statement
    label = '<p class="lastmod">Last modified: 4 May 2024</p>'
    assert read(page(after=label)).meta["published"] is None
    # and any publication evidence comes first
    dated = ld_script(**{"@type": "NewsArticle", "datePublished": "2024-03-02"})
    assert read(page(head=dated, after=engine_footer)).meta["published"] == "2024-03-02"


def test_comment_dates_are_not_the_article_date() -> None:
    comments = '<section id="comments"><time datetime="2024-05-01T10:00:00Z">May 1, 2024</time><p>Great piece!</p></section>'
    assert read(page(after=comments)).meta["published"] is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-02T23:30:00-05:00", "2024-03-02"),
        ("2024-03", "2024-03"),
        ("20240302", "2024-03-02"),
        ("Sat, 02 Mar 2024 17:45:00 -0500", "2024-03-02"),
        ("March 2, 2024", "2024-03-02"),
        ("2 March 2024", "2024-03-02"),
        ("Sept. 14, 2023", "2023-09-14"),
        ("March 2024", "2024-03"),
        ("2024-02-30", None),
        ("04/11/2020", None),  # day and month cannot be told apart
        ("soon", None),
    ],
)
def test_parse_date(raw: str, expected: str | None) -> None:
    assert parse_date(raw) == expected


def test_date_from_url() -> None:
    assert date_from_url("https://x.example/2019/11/18/story") == "2019-11-18"
    assert date_from_url("https://x.example/news/2019-11-hibernation.html") == "2019-11"
    assert date_from_url("https://x.example/a/20191118/story.html") == "2019-11-18"
    assert date_from_url("https://x.example/2019/13/40/story") is None
    assert date_from_url("https://x.example/item/471031-story") is None


# ---------------------------------------------------------------- authors and source


def test_authors_from_json_ld_people_not_organisations() -> None:
    head = ld_script(
        **{
            "@type": "NewsArticle",
            "author": [{"@type": "Person", "name": "Mira Tanaskov"}, {"@type": "Organization", "name": "Courier Wire"}],
            "publisher": {"@type": "Organization", "name": "Island Courier"},
        }
    )
    doc = read(page(head=head))
    assert doc.meta["authors"] == ["Mira Tanaskov"]
    assert doc.meta["source"] == "Island Courier"


def test_authors_from_meta_and_byline() -> None:
    assert read(page(head='<meta name="author" content="By Mira Tanaskov and Jon Ekdahl">')).meta["authors"] == ["Mira Tanaskov", "Jon Ekdahl"]
    byline = '<p class="byline">Posted by Ilse Brandvik, PhD - Harbour desk</p>'
    assert read(page(before=byline)).meta["authors"] == ["Ilse Brandvik"]
    comment = '<div class="comments"><span class="author">Random Reader</span></div>'
    assert "authors" not in read(page(after=comment)).meta


def test_clean_author() -> None:
    assert clean_author("By JANE ROE, Staff Writer") == ["JANE ROE"]
    assert clean_author("Ana de la Cruz") == ["Ana de la Cruz"]
    assert clean_author("https://facebook.example/someone") == []
    assert clean_author("By Ola Berg and Per Lund For The Island Courier") == ["Ola Berg", "Per Lund"]


def test_source_and_url() -> None:
    head = '<link rel="canonical" href="https://www.courier.example/news/pier"><meta property="og:site_name" content="Island Courier">'
    doc = read(page(head=head))
    assert doc.meta["source"] == "Island Courier"
    assert doc.meta["url"] == "https://www.courier.example/news/pier"
    bare = read(page(head='<link rel="canonical" href="https://www.courier.example/news/pier">'))
    assert bare.meta["source"] == "courier.example"


def test_later_chunks_of_a_split_article_are_recovered() -> None:
    from lxml import etree

    from generator.read.html import continuation, parse_tree

    def chunk(n: int) -> str:
        return '<div class="article-chunk grid">' + "".join(
            f"<p>Chunk {n}, paragraph {i}: the council heard evidence about the pier's steel piles, the tides and the cost of repairs.</p>" for i in range(3)
        ) + "</div>"

    html = (
        "<html><body><article><div class='chunks'>"
        + chunk(1)
        + '<div class="ad">Advertisement</div>'
        + chunk(2)
        + '<div class="article-chunk grid"><p>Join our forums to keep talking about harbours and piers with other readers!</p></div>'
        + chunk(3)
        + "</div></article>"
        + '<div class="comments"><div class="article-chunk grid">'
        + "<p>A reader wrote a long comment about the pier that goes on for quite a while here.</p>" * 3
        + "</div></div></body></html>"
    )
    tree = parse_tree(html)
    body = etree.Element("body")
    for i in range(3):  # what the extractor kept: the first chunk only
        etree.SubElement(body, "p").text = f"Chunk 1, paragraph {i}: the council heard evidence about the pier's steel piles, the tides and the cost of repairs."
    more = continuation(tree, body)
    assert [m.split(":")[0] for m in more] == [f"Chunk {n}, paragraph {i}" for n in (2, 3) for i in range(3)]


def test_headline_in_application_name_is_not_taken_for_the_site_name() -> None:
    headline = "The pier that nearly sank: how the harbour was saved"
    head = f'<meta name="application-name" content="{headline}"><meta property="og:title" content="{headline}">'
    assert read(page(head=head, headline=headline)).meta["title"] == headline
    url_site = '<meta property="og:site_name" content="https://www.courier.example">'
    assert read(page(head=url_site)).meta["source"] == "courier.example"


def test_brief_of_an_undated_page_has_no_date_even_with_a_copyright_line() -> None:
    from generator.clean import clean
    from generator.extract import metadata

    doc = read(page(after="<p>\u00a9 2019 Island Courier. All rights reserved.</p>"))
    assert metadata.published(doc, clean(doc)) is None


def test_dangling_title_separator_is_dropped() -> None:
    assert read(page(head="<title>Ferry pier to close for repairs -</title>", headline="")).meta["title"] == "Ferry pier to close for repairs"


def test_newsletter_box_and_print_header_are_not_article_text() -> None:
    box = (
        '<section class="Newsletter-container"><h3>Harbour Weekly</h3><p>Get the week\u2019s harbour stories in your inbox every Friday morning.</p>'
        "<p>Thanks for signing up!</p></section>"
        '<div class="print-header"><p>This copy is for your personal use only; ask us before you share it with anyone.</p></div>'
    )
    text = read(page(after=box)).text
    assert "in your inbox" not in text and "Thanks for signing up" not in text and "personal use only" not in text
    assert "12 million crowns" in text


def test_an_embedded_post_the_article_reports_is_kept() -> None:
    tweet = (
        '<div class="social-media-embed"><blockquote class="twitter-tweet"><p>The pier closes on Monday. Plan your trips '
        "now and use the fish market landing stage.</p>\u2014 Port Vell\u00e9e Harbour (@harbour) March 2, 2024</blockquote>"
        '<script src="https://platform.example/widgets.js"></script></div>'
    )
    paras = [*STORY[:2], "The harbour authority announced the closure on social media.", tweet, *STORY[2:]]
    text = read(page(paragraphs=paras)).text
    assert "Plan your trips now and use the fish market landing stage." in text

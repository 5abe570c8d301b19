"""Render stage: Markdown escaping of untrusted text, filters, template overrides and errors."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from markupsafe import Markup

from generator.render.env import Renderer, RenderError, human_date, make_env
from generator.render.escape import escape_markdown, safe_url

HOSTILE = [
    "<script>alert('x')</script> & <b>bold</b>",
    "**not bold** and _not italic_ and `not code`",
    "[a link](http://evil.example) ![img](x.png)",
    "{{ config }} {% if true %}yes{% endif %} {# c #}",
    "# not a heading",
    "- not a list",
    "1. not an ordered list",
    "> not a quote",
    "| not | a | table |",
    "~~not struck~~ ==not marked== ^^not inserted^^",
    "C# and F#",
    "back\\slash \\*still*",
    "&amp; stays &amp; and &#42; stays",
    "line one\nline two\n\n    not code",
    "title: value\n---\nkey: [1, 2]",
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def rendered_text(md_source: str) -> _Text:
    html = markdown.markdown(md_source, extensions=["tables", "attr_list", "admonition", "toc"])
    parser = _Text()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_the_same_characters(text: str) -> None:
    expected = " ".join(text.split())
    for prefix in ("", "- ", "# "):
        out = rendered_text(prefix + escape_markdown(text))
        assert out.text.strip() == expected
        assert set(out.tags) <= {"p", "ul", "li", "h1"}


def test_escape_keeps_ordinary_text_readable() -> None:
    text = "Lee Jong-sup said on Jan. 5, 2023: \"We're ready.\""
    assert escape_markdown(text) == text


def test_safe_url() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("/relative") is None
    assert safe_url(None) is None
    assert safe_url("https://example.org/a (b)") == "https://example.org/a%20%28b%29"
    assert safe_url("http://example.org/x?q=1&r=2#top") == "http://example.org/x?q=1&r=2#top"


def test_human_date() -> None:
    assert human_date("2023") == "2023"
    assert human_date("2023-01") == "January 2023"
    assert human_date("2023-01-31") == "31 January 2023"
    assert human_date(None) == ""
    assert human_date("2023-13-01") == "2023-13-01"


def test_every_value_is_escaped_unless_markup() -> None:
    env = make_env(None)
    t = env.from_string("{{ a }}|{{ b }}|{{ c | join(', ') }}|{{ d }}|{{ n }}|{{ missing }}")
    out = t.render(a="*x*", b=Markup("[ok](ok.md)"), c=["<i>", "[y]"], d="{{ 7*7 }}", n=3, missing=None)
    assert out == "&#42;x&#42;|[ok](ok.md)|&#60;i&#62;, &#91;y&#93;|&#123;&#123; 7&#42;7 &#125;&#125;|3|"


def test_templates_compiled_without_the_escape_around_finalize_render_as_jinja_compiles_them(tmp_path: Path) -> None:
    """``make_env`` compiles ``{{ }}`` without Jinja's ``escape()`` around the always-``Markup`` result of
    ``finalize`` (``_CodeGenerator``): the same text as Jinja's own compiler, for the brief template
    and for what a template can do with escaping (macros, ``~``, ``set`` blocks, ``autoescape false``)."""
    from jinja2.compiler import CodeGenerator

    env = make_env(None, tmp_path / "bytecode")
    stock = make_env(None)
    stock.code_generator_class = CodeGenerator
    assert type(env).code_generator_class is not CodeGenerator  # (or this test compares nothing)
    source = (
        "{% macro m(x) %}<b>{{ x }}</b>{% endmacro %}{{ m(a) }}|{{ a ~ b }}|{% set s %}<i>{{ a }}</i>{% endset %}{{ s }}|"
        "{{ b }}|{{ n }}|{{ none }}|{{ [a, b] | join(' & ') }}|{{ a | e }}|{{ b | safe }}|{{ a | upper }}|"
        "{% autoescape false %}{{ a }}|{{ m(a) }}{% endautoescape %}|{% for x in [a, b, n] %}{{ x }}{% endfor %}"
    )
    values = {"a": "<*x*> & {{ y }} [z](u)", "b": Markup("<ok> [l](l.md)"), "n": 42, "none": None}
    ours = env.from_string(source).render(values)
    assert ours == stock.from_string(source).render(values)
    assert "&#60;&#42;x&#42;&#62;" in ours and "<ok> [l](l.md)" in ours  # escaped, and markup kept
    # the brief template (the others: every page of the committed briefs, test_committed_briefs_are_current),
    # then again from the compiled templates kept on disk
    context = _brief_context("Mayor <script> *wins* {{ 7*7 }}")
    expected = stock.get_template("brief.md.j2").render(context)
    assert env.get_template("brief.md.j2").render(context) == expected and "&#60;script&#62;" in expected
    assert make_env(None, tmp_path / "bytecode").get_template("brief.md.j2").render(context) == expected


def _brief_context(title: str = "A title") -> dict[str, object]:
    return {
        "brief": {
            "title": title, "source": "Wire", "published": "2023-02-01", "authors": [], "summary": "Summary.",
            "key_facts": [{"text": "A fact.", "start": 0, "end": 7}],
            "quotes": [{"text": "Hello", "speaker": "Ana Pell", "speaker_role": "mayor", "cue": "said",
                        "start": 0, "end": 5}],
        },
        "key_facts": [{"text": "A fact.", "start": 0, "end": 7, "source_url": Markup("source/a.md#fact-1")}],
        "quotes": [
            {"text": "Hello", "speaker": "Ana Pell", "speaker_role": "mayor", "cue": "said", "start": 0, "end": 5,
             "source_url": Markup("source/a.md#quote-1"), "speaker_url": Markup("people/ana-pell.md"),
             "in_key_facts": False, "speaker_listed": False, "searched": True},
            {"text": "Bye", "speaker": "Bo Lund", "speaker_role": None, "cue": "said", "start": 8, "end": 11,
             "source_url": Markup("source/a.md#quote-2"), "speaker_url": None,
             "in_key_facts": True, "speaker_listed": True, "searched": False},
        ],
        "source_view_url": Markup("source/a.md"), "timeline_url": Markup("timeline/index.md"),
        "people": [{"name": "Ana Pell", "url": Markup("people/ana-pell.md")}, {"name": "Bo Lund", "url": None}],
        "places": [], "organisations": [], "others": [],
        "topics": [{"name": "Town hall", "slug": "town-hall", "url": Markup("topics/town-hall.md")}],
        "related": [],
        "seed": {"path": "seeds/a.txt", "sha256": "0" * 64, "url": None, "source_url": None},
        "generator": "briefings test", "home_url": Markup("index.md"), "topics_url": Markup("topics/index.md"),
    }  # fmt: skip


def test_builtin_brief_template_renders_sections() -> None:
    out = Renderer(None).render("brief.md.j2", _brief_context("Mayor *wins*"))
    assert out.startswith("# Mayor &#42;wins&#42;\n")
    # headings in Markdown (the table of contents), the rest as HTML blocks with .md link targets
    assert '## Key facts\n\n<ul>\n<li>A fact. <small data-pagefind-ignore><a href="source/a.md#fact-1">in the article</a></small></li>\n' in out
    assert ('<blockquote>\n<p>“Hello”</p>\n<p>— <strong><a href="people/ana-pell.md">Ana Pell</a></strong>, mayor · '
            '<small data-pagefind-ignore><a href="source/a.md#quote-1">in the article</a></small></p>\n</blockquote>\n') in out
    # search leaves out a quote not marked ``searched`` (a key fact holds it, or it is past the
    # first ``search_quotes``) and the speaker line of a speaker the page lists
    assert '<blockquote data-pagefind-ignore>\n<p>“Bye”</p>\n<p data-pagefind-ignore>— <strong>Bo Lund</strong> · ' in out
    assert '<a href="topics/town-hall.md">Town hall</a>' in out
    assert '<p><strong>People:</strong> <a href="people/ana-pell.md">Ana Pell</a> · Bo Lund</p>\n' in out
    assert '<a href="source/a.md">article text, annotated</a>' in out
    html = markdown.markdown(out, extensions=["attr_list", "toc"])
    # one <blockquote> per quote, under the section the e2e tests read quotes from
    assert html.count("<blockquote") == 2 and 'id="quotes"' in html


def test_the_summary_is_shown_unless_the_first_key_fact_says_the_same() -> None:
    ctx = _brief_context()
    assert "<p>Summary.</p>\n" in Renderer(None).render("brief.md.j2", ctx)
    ctx["brief"]["summary"] = "A fact."  # type: ignore[index]  # the lead sentence, picked as a key fact too
    out = Renderer(None).render("brief.md.j2", ctx)
    assert out.count("A fact.") == 1 and "<li>A fact. " in out


def test_brief_template_without_source_view_has_no_source_links() -> None:
    ctx = _brief_context()
    ctx["source_view_url"] = None
    for item in [*ctx["key_facts"], *ctx["quotes"]]:  # type: ignore[attr-defined]
        item["source_url"] = None
    out = Renderer(None).render("brief.md.j2", ctx)
    assert "source/" not in out and "in the article" not in out


def test_user_template_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "brief.md.j2").write_text("CUSTOM {{ brief.title }} by {{ generator }}\n", encoding="utf-8")
    out = Renderer(tmp_path).render("brief.md.j2", _brief_context("T <1>"))
    assert out == "CUSTOM T &#60;1&#62; by briefings test\n"
    # the other templates still come from the package
    assert "Topics" in Renderer(tmp_path).render("topics.md.j2", {"topics": [], "total": 0, "home_url": "",
                                                                    "min_briefs": 2, "generator": ""})  # fmt: skip


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "topic.md.j2").write_text("# {{ topic.name }}\n\n{% for b in briefs %}\n- {{ b.title }\n", "utf-8")
    with pytest.raises(RenderError) as err:
        Renderer(tmp_path)
    msg = str(err.value)
    assert str(tmp_path / "topic.md.j2") in msg and "line 4" in msg


def test_undefined_variable_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "brief.md.j2").write_text("# {{ brief.title }}\n\n{{ brief.headline }}\n", encoding="utf-8")
    with pytest.raises(RenderError) as err:
        Renderer(tmp_path).render("brief.md.j2", _brief_context())
    msg = str(err.value)
    assert str(tmp_path / "brief.md.j2") in msg and "line 3" in msg and "headline" in msg


def test_missing_templates_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        Renderer(tmp_path / "nope")


def _source_brief() -> dict[str, object]:
    body = 'Ana Pell won the vote.\n\n"We did it," Pell said. The <b>count</b> took *hours*.\n\nBo Lund conceded.'
    q = body.index("We did it")
    return {
        "body": body,
        "key_facts": [
            {"text": "Ana Pell won the vote.", "start": 0, "end": 22},
            # overlaps the quote, which starts before it: linked to its paragraph instead
            {"text": "it,", "start": q + 7, "end": q + 10},
            {"text": "Bo Lund conceded.", "start": body.index("Bo Lund"), "end": len(body)},
            {"text": "bad offsets", "start": 5, "end": 999},
        ],
        "quotes": [{"text": "We did it,", "speaker": "Ana Pell", "start": q, "end": q + 10}],
    }


def test_source_view_marks_facts_and_quotes_in_anchored_paragraphs() -> None:
    from generator.render.source import anchors, paragraphs, source_view

    brief = _source_brief()
    body = str(brief["body"])
    assert [body[a:b] for a, b in paragraphs(body)] == [
        "Ana Pell won the vote.", '"We did it," Pell said. The <b>count</b> took *hours*.', "Bo Lund conceded."
    ]
    paras = source_view(brief)
    assert [p.id for p in paras] == ["p-1", "p-2", "p-3"]
    # the segments of each paragraph give back its text exactly
    assert ["".join(s.text for s in p.segments) for p in paras] == [body[a:b] for a, b in paragraphs(body)]
    marks = [(s.id, s.kind, s.text) for p in paras for s in p.segments if s.kind]
    assert marks == [("fact-1", "fact", "Ana Pell won the vote."), ("quote-1", "quote", "We did it,"),
                     ("fact-3", "fact", "Bo Lund conceded.")]  # fmt: skip
    where = anchors(brief)
    assert where == {"fact-1": "fact-1", "quote-1": "quote-1", "fact-2": "p-2", "fact-3": "fact-3"}
    assert "fact-4" not in where  # offsets outside the body: no mark, no link


def test_source_template_escapes_article_text_and_keeps_anchors() -> None:
    from generator.render.source import source_view

    brief = {**_source_brief(), "title": "Vote *count*", "source": "Wire", "published": None, "id": "v"}
    out = Renderer(None).render("source.md.j2", {
        "brief": brief, "paragraphs": source_view(brief), "brief_url": Markup("../v.md"), "source_url": None,
        "generator": "briefings test",
    })  # fmt: skip
    html = markdown.markdown(out, extensions=["attr_list", "admonition", "toc"])
    assert '<p id="p-2">' in html and '<mark id="quote-1" class="briefings-quote">We did it,</mark>' in html
    assert "<b>" not in html and "&#60;b&#62;count" in html  # article markup stays text
    parser = _Text()
    parser.feed(html)
    assert "The <b>count</b> took *hours*." in parser.text

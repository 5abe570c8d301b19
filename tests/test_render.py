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


def _brief_context(title: str = "A title") -> dict[str, object]:
    return {
        "brief": {
            "title": title, "source": "Wire", "published": "2023-02-01", "authors": [], "summary": "Summary.",
            "key_facts": [{"text": "A fact.", "start": 0, "end": 7}],
            "quotes": [{"text": "Hello", "speaker": "Ana Pell", "speaker_role": "mayor", "cue": "said",
                        "start": 0, "end": 5}],
        },
        "people": [{"name": "Ana Pell"}], "places": [], "organisations": [], "others": [],
        "topics": [{"name": "Town hall", "slug": "town-hall", "url": Markup("topics/town-hall.md")}],
        "related": [],
        "seed": {"path": "seeds/a.txt", "sha256": "0" * 64, "url": None, "source_url": None},
        "generator": "briefings test", "home_url": Markup("index.md"), "topics_url": Markup("topics/index.md"),
    }  # fmt: skip


def test_builtin_brief_template_renders_sections() -> None:
    out = Renderer(None).render("brief.md.j2", _brief_context("Mayor *wins*"))
    assert out.startswith("# Mayor &#42;wins&#42;\n")
    assert "## Key facts\n\n- A fact.\n" in out
    assert "- “Hello” — **Ana Pell**, mayor\n" in out
    assert "[Town hall](topics/town-hall.md)" in out
    assert "**People:** Ana Pell" in out


def test_user_template_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "brief.md.j2").write_text("CUSTOM {{ brief.title }} by {{ generator }}\n", encoding="utf-8")
    out = Renderer(tmp_path).render("brief.md.j2", _brief_context("T <1>"))
    assert out == "CUSTOM T &#60;1&#62; by briefings test\n"
    # the other templates still come from the package
    assert "Topics" in Renderer(tmp_path).render("topics.md.j2", {"topics": [], "total": 0, "home_url": "",
                                                                    "generator": ""})  # fmt: skip


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

"""The speed-ups of extraction keep its behaviour: numpy matrix products in the NER model, the name
scanner's lazily compiled case-blind pattern, the fact picker's cached content words.

Texts are invented for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from generator.extract import facts
from generator.extract.entities import _scan, _Text
from generator.extract.ner import load_model, recognize


def test_ner_layers_multiply_with_numpy_and_still_find_names() -> None:
    nlp = load_model()
    nodes = list(nlp.get_pipe("ner").model.walk())
    assert nodes and all(getattr(n.ops, "use_blis", None) is False for n in nodes)
    body = "Marta Keller, the mayor of Lisbon, met officials from the World Bank on Tuesday."
    found = {body[s:e]: label for s, e, label in next(recognize([body]))}
    assert found.get("Marta Keller") == "PERSON"
    assert found.get("Lisbon") == "GPE"


def test_model_tokenizer_is_the_default_one_it_is_loaded_without() -> None:
    # ``load_model`` skips reading the tokenizer saved with the model (0.2 s) because it equals the
    # one the pipeline starts with; a model or spaCy release that changes it must not slip through.
    import spacy

    from generator.extract.ner import EXCLUDE, MODEL

    assert "tokenizer" in EXCLUDE
    saved = spacy.load(MODEL, exclude=[n for n in EXCLUDE if n != "tokenizer"])
    # (without the vocabulary, which grows with every text the model has seen)
    assert load_model().tokenizer.to_bytes(exclude=["vocab"]) == saved.tokenizer.to_bytes(exclude=["vocab"])
    text = "Dr. Keller's U.S.-backed plan (worth $4.5bn) can't pass, she said: “We'll see.” e-mail x@y.org"
    assert [t.text for t in load_model().tokenizer(text)] == [t.text for t in saved.tokenizer(text)]


def test_scan_reads_capitals_only_on_all_caps_lines() -> None:
    body = "Talks opened in Norland.\nNORLAND AND VESTRIA SIGN A DEAL\nvestria agreed, and Vestria's envoy, Vestria-born, left Vestria."
    hits = _scan(_Text(body), ["Norland", "Vestria"], ["Norland", "Vestria"])
    assert [(body[s:e], form) for s, e, form in hits] == [
        ("Norland", "Norland"),
        ("NORLAND", "Norland"),
        ("VESTRIA", "Vestria"),
        ("Vestria", "Vestria"),  # the last word only: "Vestria's" and "Vestria-born" are other words
    ]
    assert hits[-1][0] == body.rindex("Vestria")
    # no capitals line: exact case only, lower case in prose is not the name
    plain = "vestria agreed.\nVestria signed."
    assert [plain[s:e] for s, e, _ in _scan(_Text(plain), ["Vestria"], ["Vestria"])] == ["Vestria"]


def test_content_words_are_stemmed_without_stop_words_and_cached() -> None:
    text = "The ministers said the talks were continuing in Norland's capital."
    words = facts._content(text)
    assert words == frozenset({"minister", "talk", "continu", "norland", "capital"})
    assert facts._content(text) is words


def test_the_model_loads_without_spacys_command_line_which_stays_importable() -> None:
    """A fresh process imports spaCy without ``spacy.cli`` (typer, requests, weasel) and without loading
    ``langcodes``: 0.15 s of every build that extracts.  ``spacy.cli``, ``spacy.info`` and spaCy's
    language matching (which needs ``langcodes``) still work afterwards."""
    code = textwrap.dedent("""
        import json, sys
        from generator.extract.ner import load_model
        load_model()
        loaded = ("spacy.cli", "typer", "weasel", "requests", "langcodes.data_dicts")
        skipped = sorted(m for m in loaded if m in sys.modules)
        import spacy, spacy.cli
        print(json.dumps({"skipped": skipped, "cli": hasattr(spacy.cli, "setup_cli"),
                          "info": spacy.info()["spacy_version"] == spacy.__version__,
                          "match": spacy.util.find_matching_language("no")}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(out.stdout.splitlines()[-1]) == {"skipped": [], "cli": True, "info": True, "match": "nb"}


def test_brief_to_json_is_asdict_in_field_order() -> None:
    """``Brief.to_json`` is written out by hand for speed: the same data, keys and order as
    ``dataclasses.asdict`` (pairs as lists), for a brief with facts, quotes, entities and boilerplate."""
    import dataclasses

    from generator.extract.brief import extract
    from generator.model import Brief, Document

    text = textwrap.dedent("""\
        Harbour plan approved after long debate

        PORTAVEN (Wire) - The city council of Portaven approved a new harbour plan on Tuesday after
        a debate that lasted eleven hours, officials said.

        "This harbour will carry the city for fifty years," said Mayor Elin Sato, who proposed it.

        Most Read from Wire
        Ferry fares rise again
        Storm closes the coast road

        The plan costs 40 million crowns and the work begins in March, council spokesman Tomas Ruiz said.

        (c) 2026 Wire
        """)
    brief = extract(Document(seed="harbour.txt", format="txt", text=text))
    assert brief.quotes and brief.entities and brief.key_facts and brief.boilerplate
    data = dataclasses.asdict(brief)
    for ent in data["entities"]:
        ent["mentions"] = [list(m) for m in ent["mentions"]]
    data["boilerplate"] = [list(b) for b in data["boilerplate"]]
    assert json.dumps(brief.to_json()) == json.dumps(data)
    assert list(brief.to_json()) == [f.name for f in dataclasses.fields(Brief)]
    assert Brief.from_json(brief.to_json()) == brief


def test_themes_match_one_pattern_per_theme() -> None:
    """Theme keywords are matched on the text's words, with patterns only for multi-word keywords: the
    themes must be those of one ``\\b(?:...)\\b`` pattern per theme over the whole text."""
    from generator.extract import topics

    def reference(body: str) -> list[str]:
        low = body.lower()
        words = max(len(low.split()), 1)
        scored = []
        for name, keywords in topics.THEMES.items():
            hits = topics._pattern(keywords).findall(low)
            if len(hits) >= 3 and len(set(hits)) >= 2:
                scored.append((-len(hits) / words, name))
        return [name for _, name in sorted(scored)[: topics.MAX_THEMES]]

    texts = [
        "The central bank raised interest rates again; interest-rate rises hit markets and investors.",
        "Net-zero pledges and net zero targets: emissions fall, carbon prices rise. Net-zeros are not a word.",
        "The prime minister met the foreign minister; the prime minister's party won the election.",
        "Missiles, missile drills and a drill: the army's exercises (defence, defensive) near the warship.",
        "Trade trade trade: the same word three times is not a theme.",
        "Exports rose; importers and the customs office saw supply chains and supply-chain delays.",
        "COP28 and cop30 talks: climate envoys, environmental groups and renewables in Dubai.",
        "Ünïcode: the café's économie — growth, inflation and the economy; GDP and budget talks.",
        "",
    ]
    for text in texts:
        assert topics.themes(text) == reference(text), text
    assert topics.themes(texts[0]) == ["Economy"]

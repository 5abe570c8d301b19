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

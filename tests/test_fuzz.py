"""Fuzzing the whole per-document path (ingest -> places -> dates -> events) with real article text, mutated.

Each example is read from bytes as a file would be, processed in an isolated worker (so a native crash is
seen as a crash, not as the death of the test run) and reduced into events. Every outcome must be a result:
no crash, no time-out, no Python error, offsets inside the text.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import DATA, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.events import build_events
from pipeline.ingest import load_file
from pipeline.reuse import decode
from pipeline.workers import Failure, WorkerPool

ARTICLES = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3]]
ARTICLES += [p.read_text(encoding="utf-8") for p in sorted((DATA / "english").glob("*.txt"))]
ARTICLES += [p.read_text(encoding="utf-8")[:3000] for p in sorted((DATA / "lgl-crashers").glob("*.txt"))[:3]]

ODD = ["\x00", "\x07", "\x1b[31m", "\u0301", "\u0338\u0301\u0302", "\u202e", "\u200f", "\u200d", "\ufeff", "\u2028",
       "שלום", "مرحبا", "😀", "👨‍👩‍👧", "🇫🇷", "\U0001f3f3\ufe0f\u200d\U0001f308", ":)", "):", ";)", ":-)", "(*):", "e.g.)x",
       "\ud7ff", "Ⅻ", "٣", "𝟚𝟘𝟚𝟛", "ﬁ", "ß", "İ", "\t", "\r\n", "\r", " ", "\u00a0"]


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(ARTICLES))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "join", "repeat", "insert", "long", "punct", "digits", "glue"]))
        at = draw(st.integers(0, len(text)))
        if kind == "cut":  # anywhere: mid-sentence, mid-word, mid-name
            end = draw(st.integers(at, len(text)))
            text = text[at:end] if draw(st.booleans()) else text[:at] + text[end:]
        elif kind == "join":  # paragraphs run together
            text = text.replace("\n\n", draw(st.sampled_from([" ", "", "\n"])))
        elif kind == "repeat":  # one sentence many times
            start = text.rfind(". ", 0, at) + 2 if ". " in text[:at] else 0
            sentence = text[start:text.find(".", at) + 1 or len(text)][:300]
            text = text[:at] + sentence * draw(st.integers(2, 400)) + text[at:]
        elif kind == "insert":
            text = text[:at] + "".join(draw(st.lists(st.sampled_from(ODD), min_size=1, max_size=20))) + text[at:]
        elif kind == "long":  # a very long token
            text = text[:at] + draw(st.sampled_from(["a", "É", "-", "9", "😀", "'"])) * draw(st.integers(100, 20_000)) + text[at:]
        elif kind == "punct":
            text = text[:at] + "\n" + draw(st.sampled_from(".,;:!?«»—()[]*#")) * draw(st.integers(1, 500)) + "\n" + text[at:]
        elif kind == "digits":
            text = text[:at] + "\n" + draw(st.text("0123456789 /.-", min_size=1, max_size=500)) + "\n" + text[at:]
        else:  # an emoticon or punctuation glued to the next word: the class that crashed spaCy's tokenizer
            text = text[:at] + draw(st.sampled_from([":)", "):", "(*):", ";)", "o.O", ":'("])) + text[at:]
    return text


@pytest.fixture(scope="module")
def pool():
    workers = WorkerPool(2, time_base=60)
    yield workers
    workers.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                 HealthCheck.function_scoped_fixture])
@given(text=mutated(), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]), published=st.dates(date(1990, 1, 1), date(2030, 12, 31)))
def test_mutated_articles_never_crash_the_path(pool, tmp_path, text, encoding, published):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding, errors="replace"))
    problems: list[str] = []
    try:
        docs = load_file(path, tmp_path, {}, problems)
    except Exception as err:  # ingest refusing a file (empty, binary) is a clear per-file answer, not a crash
        assert type(err).__name__ == "IngestError", err
        return
    for doc in docs:
        doc.published = published
    links = []
    for index, outcome in pool.map(docs):
        assert not isinstance(outcome, Failure), outcome.reason
        doc = docs[index]
        mentions, doc_links = decode(outcome, doc)
        for mention in mentions:
            assert 0 <= mention.start < mention.end <= len(doc.text)
            assert doc.text[mention.start:mention.end] == mention.text
        links += doc_links
    for event in build_events(links):
        assert event.sources

"""Texts that once killed the process (segmentation fault) build, with their places and dates.

The cause: spaCy's tokenizer, finding a special case (an emoticon such as "):" or ":)") inside a longer chunk,
copied cached tokens whose tree edges pointed outside the doc; without a parser to recompute them (English and
every language we have no model for), `token.children` walked off the doc. `pipeline.nlp` rebuilds the
tokenizer's doc before any other component.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import DATA

from pipeline.build import build, process
from pipeline.gazetteer import shared
from pipeline.model import Document
from pipeline.nlp import analyse

CRASHERS = DATA / "lgl-crashers"  # 11 local-news articles of 2009 (public LGL corpus), with their manifest


def test_the_eleven_crashers_build_with_places_and_dates(tmp_path):
    out = tmp_path / "crashers"
    result = build([CRASHERS], out)
    assert not result.skipped
    documents = pd.read_parquet(out / "documents.parquet")
    assert len(documents) == 11 and set(documents["status"]) == {"ok"}
    mentions = pd.read_parquet(out / "mentions.parquet")
    per_doc = mentions.groupby("doc_id")["kind"].agg(set)
    assert len(per_doc) == 11 and all(kinds == {"place", "date"} for kinds in per_doc)


# Hand-written texts of the same shape: a special case of the tokenizer glued to the next word, in a language
# without a parser (English, German here) and in French (parsed), at the start, the middle and the end.
SHAPES = [
    ("en", "The following list comes from VSBE (incumbents marked with *):District A. Voters met in Richmond on March 3."),
    ("en", "):Richmond hosted the meeting on Tuesday."),
    ("en", "Fans cheered :)Boston won on May 2, 2009 in Chicago;)"),
    ("en", "It ended (see note *):"),
    ("de", "Die Liste (markiert mit *):Bezirk A. Am 3. März 2009 in Berlin."),
    ("fr", "La liste (sortants marqués *):Circonscription A. Le maire a parlé à Lyon le 3 mars 2009 :)Paris."),
]


@pytest.mark.parametrize("language,text", SHAPES)
def test_a_special_case_glued_to_a_word_leaves_a_whole_tree(language, text):
    doc = analyse(text, language).doc
    for token in doc:
        assert token.left_edge.i <= token.i <= token.right_edge.i
        assert all(0 <= child.i < len(doc) for child in token.children)
        assert all(0 <= t.i < len(doc) for t in token.subtree)
    assert "".join(t.text_with_ws for t in doc) == text


@pytest.mark.parametrize("language,text", SHAPES)
def test_the_whole_path_runs_on_those_shapes(language, text):
    doc = Document(doc_id="shape.txt", path="shape.txt", text=text, language=language, published=date(2009, 3, 18))
    mentions, _analysis = process(doc, shared())
    assert all(0 <= m.start < m.end <= len(text) for m in mentions)


def test_the_shared_fixture_copy_is_the_fixture():
    """The copy kept here is the shared fixture, so the test holds the inputs that broke the project."""
    shared_copy = DATA.parent.parent.parent / "shared" / "fixtures" / "lgl-crashers"
    if not shared_copy.is_dir():
        pytest.skip("the shared fixtures are not beside this checkout")
    for path in shared_copy.iterdir():
        assert (CRASHERS / path.name).read_bytes() == path.read_bytes()

"""Property tests: random text never breaks the date tagger or the place matcher, and offsets stay in the text."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dates import tag
from pipeline.gazetteer import shared
from pipeline.model import Document
from pipeline.nlp import analyse
from pipeline.places import find_places

WORDS = ["le", "13", "septembre", "2023", "mercredi", "à", "Vladivostok", "en", "mars", "Su-35", "sa", "Paris", "May",
         "the", "Sun", "l'année", "dernière", "hier", "cosmodrome", "de", "Vostotchny", "\n", ".", ",", "«", "»", "’",
         "31", "février", "an", "40000", "Turkey", "St.", "Paul", "-", "Komsomolsk-sur-l'Amour"]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=40).map("".join),
)
published = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, when=published, language=st.sampled_from(["fr", "en"]))
def test_date_tagger_never_fails_and_offsets_are_inside(text, when, language):
    for found in tag(text, language, when, analyse(text, language)):
        assert 0 <= found.start < found.end <= len(text)
        if found.start_date and found.end_date:
            assert found.start_date <= found.end_date


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, language=st.sampled_from(["fr", "en"]))
def test_place_matcher_never_fails_and_offsets_are_inside(text, language):
    doc = Document(doc_id="p", path="p", text=text, language=language, published=date(2023, 9, 13))
    for mention in find_places(doc, analyse(text, language), shared()):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        assert -90 <= mention.lat <= 90 and -180 <= mention.lon <= 180

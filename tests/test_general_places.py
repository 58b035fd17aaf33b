"""Classes of place names the seeds never needed, pinned with sentences written for the purpose (issue 12)."""

from datetime import date

import pytest

from pipeline.gazetteer import shared
from pipeline.model import Document
from pipeline.nlp import analyse
from pipeline.places import find_places


def places_in(text: str, language: str = "fr"):
    doc = Document(doc_id="t", path="t", text=text, language=language, published=date(2024, 5, 2))
    return {m.text: m for m in find_places(doc, analyse(text, language), shared())}


@pytest.mark.parametrize("text, surface, country", [
    ("Les pompiers sont intervenus toute la nuit en Vendée et dans le Morbihan.", "Vendée", "FR"),
    ("Les pompiers sont intervenus toute la nuit en Vendée et dans le Morbihan.", "Morbihan", "FR"),
    ("Des rafales ont touché la Bretagne et le Finistère mardi.", "Finistère", "FR"),
    ("Voters in Kerala and West Bengal queued from dawn.", "Kerala", "IN"),
])
def test_a_frequent_word_that_names_a_division_is_a_place(text, surface, country):
    language = "en" if text.startswith("Voters") else "fr"
    assert places_in(text, language)[surface].country_code == country


def test_a_frequent_word_written_in_lower_case_in_the_same_text_is_not_a_place():
    found = places_in("It was a nice morning. Nice weather held all week, and the nice people stayed.", "en")
    assert "Nice" not in found


@pytest.mark.parametrize("text, surface, lat, lon", [
    ("Le président entame une tournée en Afrique centrale.", "Afrique centrale", 0.0, 18.0),
    ("La sécheresse touche l'Europe de l'Est depuis juin.", "Europe de l'Est", 50.0, 30.0),
    ("Les migrants traversent la Méditerranée pour rejoindre l'Europe.", "Europe", 50.0, 10.0),
    ("Inflation slowed across Latin America last year.", "Latin America", -10.0, -65.0),
    ("Le virus est arrivé en Asie du Sud-Est au printemps.", "Asie du Sud-Est", 10.0, 110.0),
])
def test_continents_and_world_regions(text, surface, lat, lon):
    mention = places_in(text, "en" if text.startswith("Inflation") else "fr")[surface]
    assert mention.place_kind == "macro"
    assert abs(mention.lat - lat) < 15 and abs(mention.lon - lon) < 20


@pytest.mark.parametrize("text, surface, country, language", [
    ("Trade between the U.S. and Canada fell.", "U.S.", "US", "en"),
    ("Prices in the UK rose again in March.", "UK", "GB", "en"),
    ("Les combats ont repris dans l'est de la RDC.", "RDC", "CD", "fr"),
    ("Le ministre s'est rendu aux EAU puis en Inde.", "EAU", "AE", "fr"),
])
def test_country_abbreviations_as_printed(text, surface, country, language):
    assert places_in(text, language)[surface].country_code == country


def test_state_abbreviations_need_their_dots_or_a_comma():
    found = places_in("The fire broke out in Trenton, N.J., and spread. Miss Daisy and Mo Farah ran.", "en")
    assert found["N.J."].name == "New Jersey"
    assert "Miss" not in found and "Mo" not in found
    postal = places_in("Officers arrested him in Tampa, FL on Tuesday.", "en")
    assert postal["FL"].name == "Florida" and postal["Tampa"].country_code == "US"
    assert "FL" not in places_in("The FL team lost.", "en")


def test_a_stated_state_chooses_among_homonyms():
    illinois = places_in("A tornado hit Springfield, Ill., on Monday night.", "en")["Springfield"]
    massachusetts = places_in("A tornado hit Springfield, Massachusetts, on Monday night.", "en")["Springfield"]
    assert abs(illinois.lon - -89.65) < 0.5 and abs(massachusetts.lon - -72.59) < 0.5
    # A town the gazetteer lacks in the stated state is not put on another state's homonym.
    assert "Chesterville" not in places_in("A tornado hit Chesterville, Ohio, on Monday night.", "en")

"""English articles: the same traps as in French ('May' the month and the name, 'Sun' the paper, 'Turkey')."""

from datetime import date

import pandas as pd
import pytest
from conftest import DATA
from conftest import places_in as places_in_language

from pipeline.build import build
from pipeline.dates import tag
from pipeline.gazetteer import km
from pipeline.nlp import analyse

WED = date(2023, 7, 12)  # a Wednesday


def places_in(text: str):
    return places_in_language(text, "en")


def dates_in(text: str, published=WED):
    return {text[f.start:f.end]: (f.start_date, f.end_date, f.precision) for f in tag(text, "en", published, analyse(text, "en"))}


@pytest.mark.parametrize("text, surface, expected", [
    ("The deal was extended in May after talks.", "in May", (date(2023, 5, 1), date(2023, 5, 31), "month")),
    ("Officials said on Wednesday that the envoys would meet next week.", "Wednesday", (WED, WED, "day")),
    ("The delegations will fly home on Friday.", "Friday", (date(2023, 7, 14), date(2023, 7, 14), "day")),
    ("Erdogan spoke with Putin on Tuesday.", "Tuesday", (date(2023, 7, 11), date(2023, 7, 11), "day")),
    ("The deal was signed on 22 July 2022.", "on 22 July 2022", (date(2022, 7, 22), date(2022, 7, 22), "day")),
    ("Last year, farmers lost a third of their harvest.", "Last year", (date(2022, 1, 1), date(2022, 12, 31), "year")),
    ("The bridge opened in the 1990s.", "the 1990s", (date(1990, 1, 1), date(1999, 12, 31), "decade")),
])
def test_english_expressions_normalise_against_publication(text, surface, expected):
    assert dates_in(text)[surface] == expected


@pytest.mark.parametrize("text", [
    "Theresa May gave a speech at Chatham House.",
    "May said the country had lessons to learn.",
    "The Sun ran the speech on its front page.",
    "The Sun will rise at 7:02 a.m.",
    "The president pardoned two turkeys; this turkey has earned its rest.",
    "The jet, a Su-35, flew for 40 seconds.",
])
def test_english_names_and_words_that_are_not_dates(text):
    assert dates_in(text) == {}


def test_turkey_the_country_is_a_place_and_the_bird_is_not():
    found = places_in("Turkey's foreign minister arrived in Washington. The president pardoned a turkey.")
    assert found["Turkey"].place_kind == "country" and found["Turkey"].country_code == "TR"
    assert "turkey" not in found


@pytest.mark.parametrize("text, not_a_place", [
    ("President Recep Tayyip Erdogan spoke with Vladimir Putin by telephone.", "Tayyip"),
    ("President Recep Tayyip Erdogan spoke with Vladimir Putin by telephone.", "Vladimir"),
    ("Theresa May gave a speech at Chatham House about trade.", "Chatham"),
    ("The Washington Post reported the talks.", "Washington"),
])
def test_part_of_a_longer_name_is_not_a_place(text, not_a_place):
    assert not_a_place not in places_in(text)


def test_a_landmark_beats_a_town_of_the_same_name():
    found = places_in("The president pardoned two turkeys at the White House on Tuesday.")
    assert found["White House"].place_kind == "site"
    assert km(found["White House"].lat, found["White House"].lon, 38.8977, -77.0365) < 1


def test_state_not_a_lookalike_town_and_abbreviated_saint():
    found = places_in("The birds will live at the University of Minnesota, in St. Paul.")
    university = found["University of Minnesota"]
    assert university.approximate and university.name == "Minnesota"
    st_paul = found["St. Paul"]
    assert st_paul.country_code == "US" and km(st_paul.lat, st_paul.lon, 44.944, -93.093) < 10


def test_unknown_airport_in_english_order_falls_back_to_its_town():
    found = places_in("The plane landed at Gdansk Airport, officials said.")
    mention = next(m for m in found.values() if m.text.startswith("Gdansk"))
    assert mention.country_code == "PL"


def test_english_articles_build_into_events(tmp_path):
    out = tmp_path / "en"
    result = build([DATA / "english"], out)
    assert not result.skipped
    events = pd.read_parquet(out / "events.parquet")
    by_day = {(str(e.date_start)[:10], e.place_name) for e in events.itertuples()}
    assert ("2022-07-22", "Istanbul") in by_day  # signed in Istanbul, not the port the grain leaves from
    assert ("2023-11-22", "Washington") in by_day
    assert ("2023-11-21", "White House") in by_day
    mentions = pd.read_parquet(out / "mentions.parquet")
    places = set(mentions[mentions.kind == "place"].text)
    assert {"Tayyip", "Vladimir", "Chatham", "May", "Sun"}.isdisjoint(places)
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    for m in mentions.itertuples():
        assert docs.loc[m.doc_id, "text"][m.start:m.end] == m.text


def test_a_list_of_cities_is_not_a_town_located_in_a_district():
    # "X, Agra and Y": Agra is also a district's name, but a list of big cities locates none of them in it.
    found = places_in("The tour will take her to Pune, Agra and Jaipur next week.")
    assert {"Pune", "Agra", "Jaipur"} <= set(found)


def test_a_state_is_read_before_a_town_that_lists_its_name_as_an_alias():
    found = places_in("Storms hit Kentucky, Missouri and Illinois on Monday.")
    assert found["Missouri"].name == "Missouri" and found["Missouri"].place_kind == "region"


def test_a_small_town_the_story_keeps_naming_as_where_is_a_place():
    # "Glen Rock" is two common words and a small borough: named once it stays doubtful; named again as where
    # things happen, it is the story's town.
    text = "Residents of Glen Rock were told to leave on Tuesday. Crews worked in Glen Rock through the night."
    assert places_in(text)["Glen Rock"].country_code == "US"
    assert "Glen Rock" not in places_in("Residents of Glen Rock were told to leave on Tuesday.")  # once is not enough
    assert "Glen Rock" not in places_in("Glen Rock was closed. Glen Rock reopened later.")  # never as where


def test_a_storm_named_like_a_city_is_no_place():
    found = places_in("Hurricane Florence hit North Carolina on Friday, and Storm Ciara reached Wales.")
    assert "Florence" not in found and "North Carolina" in found


def test_the_town_of_a_wire_dateline_is_a_place_however_small():
    text = "Flood story\n\nGLEN ROCK, N.J. (AP) — Water rose across the borough on Tuesday."
    found = places_in(text)
    assert found["GLEN ROCK"].admin1 == "NJ" and found["N.J."].name == "New Jersey"


def test_a_word_between_the_preposition_and_the_town_does_not_hide_the_preposition():
    # Califon (a borough of 1,000) is a place after "in", also "in nearby"; bare, it stays doubtful.
    assert "Califon" in places_in("Crowds gathered in nearby Califon on Sunday.")
    assert "Califon" not in places_in("Crowds gathered by the river, Califon on Sunday.")


def test_an_article_and_a_common_word_are_not_a_town_that_bears_them_as_an_alias():
    found = places_in("The city has a flourishing economy. The river rose overnight. The Hague and Kansas City voted.")
    assert set(found) == {"The Hague", "Kansas City"}


def test_a_country_named_by_its_name_is_never_a_town_of_the_story_country():
    # The states make the story American, and a Mexico in Missouri exists: the country is still the country.
    found = places_in("The eclipse crossed Texas, Missouri, Illinois and Ohio after it left Mexico on Monday.")
    assert (found["Mexico"].place_kind, found["Mexico"].country_code) == ("country", "MX")
    india = places_in("The president flew to India on Sunday; Ahmedabad welcomed him.")["India"]
    assert (india.place_kind, india.country_code) == ("country", "IN")  # not the subcontinent of the same name


def test_a_list_of_states_reads_a_state_that_shares_a_countrys_name_as_the_state():
    found = places_in("Storms hit Alabama, Georgia and Florida on Monday.")
    assert {name: (m.country_code, m.place_kind) for name, m in found.items()} == {
        "Alabama": ("US", "region"), "Georgia": ("US", "region"), "Florida": ("US", "region")}
    assert places_in("Russian troops entered Georgia in 2008 and reached Gori.")["Georgia"].country_code == "GE"


@pytest.mark.parametrize("text, surface, year", [
    ("The top two vote-getters advance to a runoff in November.", "in November", 2023),
    ("The council voted in November to close the bridge.", "in November", 2022),
])
def test_a_month_still_to_come_is_last_years_only_when_the_clause_tells_of_the_past(text, surface, year):
    assert dates_in(text)[surface][0].year == year  # published Wednesday 12 July 2023


def test_a_state_that_contains_a_country_name_does_not_make_the_story_about_that_country():
    # "Jersey" inside "New Jersey" is no Channel Island: the story is American, and its small towns are not
    # "small towns in a country the story never mentions".
    found = places_in("Officials of two flood-prone New Jersey towns closed the roads in Metuchen on Thursday.")
    assert found["Metuchen"].country_code == "US"


def test_a_preposition_does_not_join_a_feature_word_to_the_next_name():
    found = places_in("Officials closed the roads in Little Falls on Thursday. Families in Little Falls were moved.")
    assert not any("Thursday" in surface for surface in found)


@pytest.mark.parametrize("text, town", [
    ("Mexico City resident Martha, 70, said she remembered the day.", "Mexico City"),
    ("Kansas City resident Paul Jones watched the parade.", "Kansas City"),
])
def test_a_feature_word_that_ends_a_name_opens_no_name_of_its_own(text, town):
    found = places_in(text)
    assert found[town].name == town
    assert not any("resident" in surface for surface in found)



@pytest.mark.parametrize("text, surface, expected", [
    # published on a Wednesday (12 July 2023): a game "to be played" on Sunday is the coming Sunday
    ("The series is tied, with game seven to be played in Boston on Sunday.", "Sunday", date(2023, 7, 16)),
    ("The summit, to take place in Nairobi on Monday, was confirmed.", "Monday", date(2023, 7, 17)),
])
def test_an_infinitive_of_what_is_to_be_done_lies_ahead(text, surface, expected):
    assert dates_in(text)[surface] == (expected, expected, "day")


def test_a_weekday_the_text_dates_itself_is_not_moved_by_a_programme():
    text = ("Tuesday, 18 July 2023\nA driver was jailed at Canterbury Crown Court on Friday (14 July 2023). "
            "He had crashed on Monday 3 July 2023.")
    found = dates_in(text, published=date(2023, 7, 18))
    assert found["Friday"] == (date(2023, 7, 14), date(2023, 7, 14), "day")


def test_an_unknown_site_named_like_a_far_town_stands_in_the_town_of_the_story():
    found = places_in(
        "Mexico City on Monday marked the anniversary of the quake. The president, who is in New York, sent a "
        "minister. Wreaths were laid at the site of the former Regis Hotel, which collapsed in 1985. Mexico City "
        "residents call the lot Solidarity Plaza.")
    for site in ("Regis Hotel", "Solidarity Plaza"):
        assert found[site].country_code == "MX"


def test_a_city_called_by_its_name_without_city_is_the_city_not_its_state():
    found = places_in("The president, who is in New York for the United Nations General Assembly, sent a minister.")
    assert found["New York"].name == "New York City"
    assert places_in("Floods hit Mexico and Guatemala.")["Mexico"].place_kind == "country"


def test_a_town_after_in_is_vouched_for_by_one_settled_town_nearby():
    found = places_in("Thomas Armstrong, of Kings Road, Aylesham, was jailed after a collision in Dover. "
                      "The Armstrong family left.")
    assert found["Dover"].country_code == "GB"
    assert "Armstrong" not in found


@pytest.mark.parametrize("text, surface, expected", [
    # published on 6 August 2021
    ("A third suspect charged in connection with a Jan. 1 fatal shooting admitted he fired.", "Jan. 1", date(2021, 1, 1)),
    ("Officials said the votes would be counted on Jan. 3.", "on Jan. 3", date(2022, 1, 3)),
    ("The summit will open on Jan. 3.", "on Jan. 3", date(2022, 1, 3)),
])
def test_a_day_without_a_year_told_in_the_past_is_the_one_gone_by(text, surface, expected):
    assert dates_in(text, published=date(2021, 8, 6))[surface] == (expected, expected, "day")


def test_a_wire_agency_named_like_a_town_is_no_place_but_a_county_in_brackets_is():
    found = places_in("Rail link opens\nCHONGQING, June 27 (Xinhua) -- A high-speed railway opened on Friday.")
    assert "Xinhua" not in found and found["CHONGQING"].country_code == "CN"
    from pipeline.datelines import dateline_agency

    assert dateline_agency("WALL TOWNSHIP, NJ (MONMOUTH) – The State Police charged a woman.") is None



def test_a_persons_name_read_as_a_far_town_places_no_landmark():
    found = places_in("SIOUX CITY -- A suspect admitted Friday he fired shots into a house. Carlos Morales told the "
                      "judge he arrived with two friends. \"I shot a gun myself,\" Morales said before pleading guilty "
                      "in Woodbury County District Court to a reduced charge.")
    assert all(m.country_code == "US" for m in found.values())


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_feature_word_written_with_a_typographic_apostrophe_is_the_same_word(apostrophe):
    text = f"He was remanded in custody to attend Folkestone Magistrates{apostrophe} Court on Thursday 29 July."
    found = places_in(text)
    assert found[f"Folkestone Magistrates{apostrophe} Court"].place_kind == "site"


@pytest.mark.parametrize("text, surface, town", [
    ("Firefighters were called to the Riverside Youth Center in Dayton on Monday.", "Riverside Youth Center", "Dayton"),
    ("Residents of Maple Crescent in Harrogate were evacuated.", "Maple Crescent", "Harrogate"),
    ("Hundreds of pilgrims gathered at the Kirkwood Ashram near Pune.", "Kirkwood Ashram", "Pune"),
    ("Gondolas lined the Grand Canal in Venice for the regatta.", "Grand Canal", "Venice"),
])
def test_a_landmark_the_data_lacks_named_by_its_english_head_noun_stands_in_the_town_beside_it(text, surface, town):
    assert places_in(text)[surface].name == town


def test_a_landmark_named_like_a_far_namesake_lends_no_town_to_its_neighbours():
    # "Regis" is a namesake of Fairfield, Washington: the road after the interchange is in Leeds, not in the US
    found = places_in("Crews closed the Regis Interchange near Leeds on Friday. Drivers were sent down Ashgrove Road.")
    assert found["Ashgrove Road"].country_code == "GB"


def test_a_name_of_a_few_letters_is_matched_as_written_not_through_transliteration():
    # "NJ" folds onto "Ni" (Angers has it among its names), "Nu" onto the Romanian village of Nou
    found = places_in("NJ's climatologist said the storm hit Trenton and Camden on Thursday.")
    assert {m.country_code for m in found.values()} == {"US"}
    found = places_in("Rescuers reached Khe Nu Village in northern Vietnam on Tuesday.")
    assert {m.country_code for m in found.values()} == {"VN"}


def test_a_province_the_data_lacks_named_after_its_chief_town_stands_at_that_town():
    # Bac Giang province (merged away in the data) is named after its capital, Bac Giang
    found = places_in("Floods cut roads in Bac Giang province on Monday, officials in Hanoi said.")
    province = found["Bac Giang province"]
    assert province.country_code == "VN" and km(province.lat, province.lon, 21.27, 106.19) < 30


def test_a_small_town_after_in_is_a_place_when_the_storys_towns_are_in_its_state():
    found = places_in("Storms flooded Vineland, Millville and Bridgeton in New Jersey on Sunday. On Monday a tornado "
                      "touched down in Hazlet, officials said.")
    assert found["Hazlet"].country_code == "US" and found["Hazlet"].admin1 == "NJ"


def test_a_common_word_is_no_transliteration_of_a_town():
    # "Room" folds onto "Rom" (Rome); "Vostotchny" is a transliteration and still folds
    found = places_in("The King met the prime minister in the Bow Room at Buckingham Palace on Sunday.")
    assert all(m.country_code != "IT" for m in found.values())


def test_without_a_parser_a_town_with_its_own_predicate_before_its_day_is_where_it_happens(tmp_path):
    from test_events import events_of, places_on

    events = events_of(tmp_path, {"a.txt": "Heat warning\n\nMelbourne is expected to reach 43C on Monday – the third "
                                           "time this month it has tipped over 40C.\n\nCanberra will announce new "
                                           "funding on Monday."}, "2019-12-29", "en")
    assert "Melbourne" in places_on(events, "2019-12-30")
    assert "Canberra" not in places_on(events, "2019-12-30")  # a town that announces is its government
